"""What the bulk import leans on for speed: the cached vocabularies and the batch key
lookup (`among`, the keys in one parameter) must answer as before."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.interchange.canonical import among, load_by_keys, resolve_refs
from heritage.models import Site
from heritage.services.common import FieldErrors, check_vocabulary
from heritage.vocab import Status, is_value, values
from tests.heritage import builders as b


def test_values_are_a_fresh_list_each_time() -> None:
    first = values(Status)
    first.append("nonsense")
    assert values(Status) == [member.value for member in Status]


def test_vocabulary_membership_takes_any_value() -> None:
    assert is_value("draft", Status) and is_value(Status.DRAFT, Status)
    for value in (None, 1, ["draft"], {"draft": 1}, "Draft"):
        assert not is_value(value, Status)
        errors = FieldErrors()
        check_vocabulary(errors, "status", value, Status)
        assert errors  # an unhashable value is refused like any other, never a TypeError


def test_among_finds_exactly_the_keys_given(session: Session) -> None:
    stored = [b.site(session, key=f"site-{n}") for n in range(5)]
    wanted = ["site-1", "site-3", "absent"]
    found = session.scalars(select(Site.key).where(among(session, Site.key, wanted))).all()
    assert sorted(found) == ["site-1", "site-3"]
    assert session.scalars(select(Site.key).where(among(session, Site.key, []))).all() == []
    assert set(load_by_keys(session, "site", wanted)) == {"site-1", "site-3"}
    resolved = resolve_refs(session, "site", wanted)
    assert resolved == {"site-1": (stored[1].id, "site-1"), "site-3": (stored[3].id, "site-3")}


def test_among_takes_any_text_as_it_is(session: Session) -> None:
    """The keys travel as one parameter (an array on PostgreSQL, a JSON array on SQLite):
    quotes, backslashes, an array's delimiters, NULL and JSON's words and other scripts
    must each match themselves and nothing else."""
    awkward = ['a "quoted" name', "back\\slash", "{braces},comma", "NULL", "null", "Tadmur تدمر"]
    for name in awkward:
        b.site(session, name=name)
    b.site(session, name="not wanted")
    wanted = [*awkward, "absent", ""]
    found = session.scalars(select(Site.name).where(among(session, Site.name, wanted))).all()
    assert sorted(found) == sorted(awkward)
