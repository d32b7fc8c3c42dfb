"""Type-ahead for the pickers: any name or alias, in any spelling, through the index."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.errors import InvalidInput
from heritage.models import Site
from heritage.services import actors, sites, sources
from heritage.services.search_dialects import (
    SEARCHED_COLUMNS,
    fts_table,
    next_text,
    prefix_index,
    search_dialect,
    trigram_index,
)
from heritage.services.type_ahead import (
    MAX_SUGGESTIONS,
    NAMED,
    Suggestion,
    names_containing_elsewhere,
    names_starting,
    suggest,
)
from tests.heritage import builders as b
from tests.heritage.interchange_helpers import import_text, jsonl


@pytest.fixture
def palmyra(session: Session) -> Site:
    city = b.site(
        session,
        "Palmyra",
        "city",
        names=[
            {"name": "Tadmur", "lang": "ar-Latn", "type": "transliteration"},
            {"name": "Tadmor", "lang": "en", "type": "alternative"},
            {"name": "تَدْمُر", "lang": "ar", "type": "preferred"},
        ],
    )
    b.site(session, "Temple of Baʿalšamîn", "temple", parent=city)
    b.site(session, "Tadmur Prison", "prison")
    b.site(session, "Apamea", "city", names=[{"name": "أفاميا", "lang": "ar"}])
    return city


def site_names(session: Session, typed: str, **kw: object) -> list[str]:
    return [s.primary_name for s in suggest(session, ANONYMOUS, "site", typed, **kw)]


def test_arabic_spelling_variants_and_transliterations_find_palmyra(
    session: Session, palmyra: Site
) -> None:
    for typed in ("تدمر", "تَدْمُر", "TADMOR", "tadmor", "Tadmur"):
        assert palmyra.id in [s.id for s in suggest(session, ANONYMOUS, "site", typed)], typed
    assert site_names(session, "افاميا") == site_names(session, "أفاميا") == ["Apamea"]
    assert site_names(session, "baalsamin") == ["Temple of Baʿalšamîn"]


def test_a_suggestion_names_what_matched_the_record_and_where_it_lies(
    session: Session, palmyra: Site
) -> None:
    assert suggest(session, ANONYMOUS, "site", "تدم") == [
        Suggestion(palmyra.id, "site", "تَدْمُر", "Palmyra", None)
    ]
    [temple] = suggest(session, ANONYMOUS, "site", "samin")
    assert (temple.name, temple.parent_name) == ("Temple of Baʿalšamîn", "Palmyra")


def test_exact_names_come_first_then_prefixes_then_shorter_names(session: Session) -> None:
    for name in ("Old Hama", "Hama Citadel", "Hamam al-Nasr", "Hama", "Great Mosque of Hama"):
        b.site(session, name, "city")
    assert site_names(session, "hama") == [
        "Hama",
        "Hama Citadel",
        "Hamam al-Nasr",
        "Old Hama",
        "Great Mosque of Hama",
    ]


def test_a_record_is_offered_once_by_its_closest_name(session: Session, palmyra: Site) -> None:
    found = suggest(session, ANONYMOUS, "site", "tadm")
    assert [(s.primary_name, s.name) for s in found] == [
        ("Palmyra", "Tadmor"),  # Tadmor and Tadmur start with it; Tadmor sorts first
        ("Tadmur Prison", "Tadmur Prison"),
    ]


def test_two_characters_find_names_starting_with_them(session: Session) -> None:
    b.site(session, "Ur", "city")
    b.site(session, "Uruk", "city")
    b.site(session, "Sur", "city")
    assert site_names(session, "UR") == ["Ur", "Uruk"]


def test_empty_or_one_character_finds_nothing(session: Session, palmyra: Site) -> None:
    for typed in ("", " ", "t", "ت", "%", "\u200f"):
        assert suggest(session, ANONYMOUS, "site", typed) == []


def test_wildcards_and_quotes_are_plain_characters(session: Session, palmyra: Site) -> None:
    b.site(session, 'The "100%" Arch', "arch")
    for typed in ("%", "%%%", "_a_", '"', '"10', "0%", "a*", "OR", "NEAR(", "tad*"):
        found = site_names(session, typed)
        assert found in ([], ['The "100%" Arch']), typed
    assert site_names(session, '"100%"') == ['The "100%" Arch']


def test_limits_are_bounded(session: Session) -> None:
    for number in range(MAX_SUGGESTIONS + 5):
        b.site(session, f"Tell {number}", "city")
    assert len(suggest(session, ANONYMOUS, "site", "tell", limit=3)) == 3
    assert len(suggest(session, ANONYMOUS, "site", "tell", limit=10_000)) == MAX_SUGGESTIONS
    assert len(suggest(session, ANONYMOUS, "site", "tell", limit=0)) == 1
    assert len(suggest(session, ANONYMOUS, "site", "tell", limit=-5)) == 1
    assert suggest(session, ANONYMOUS, "site", "t" * 100_000) == []


def test_an_unknown_kind_is_refused_by_name(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        suggest(session, ANONYMOUS, "event", "palmyra")
    assert list(refused.value.errors) == ["kind"]


def test_actors_are_found_by_aliases_and_sources_by_name(session: Session) -> None:
    government = b.actor(session, "Syrian government forces")
    army = b.actor(session, "Syrian Arab Army", part_of=government, aliases=["SAA", "الجيش"])
    isil = b.actor(session, "Islamic State", aliases=["ISIL", "ISIS", "Daesh", "داعش"])
    assert suggest(session, ANONYMOUS, "actor", "dáesh") == [
        Suggestion(isil.id, "actor", "Daesh", "Islamic State", None)
    ]
    assert suggest(session, ANONYMOUS, "actor", "الجي") == [
        Suggestion(army.id, "actor", "الجيش", "Syrian Arab Army", "Syrian government forces")
    ]
    observatory = b.source(session, "Syrian Observatory for Human Rights")
    director = b.source(session, "Rami Abdulrahman", "person", affiliation=observatory)
    assert suggest(session, ANONYMOUS, "source", "abdul") == [
        Suggestion(
            director.id,
            "source",
            "Rami Abdulrahman",
            "Rami Abdulrahman",
            "Syrian Observatory for Human Rights",
        )
    ]
    assert [s.id for s in suggest(session, ANONYMOUS, "source", "syrian")] == [observatory.id]


def test_deleted_records_are_offered_to_nobody(session: Session, palmyra: Site) -> None:
    # Sites, actors and sources are published as saved (only events and claims have
    # drafts); what no reader may see is a tombstone.
    prison = suggest(session, ANONYMOUS, "site", "prison")[0]
    sites.delete_site(session, SYSTEM, prison.id)
    isis = b.actor(session, "Islamic State", aliases=["ISIS"])
    actors.delete_actor(session, SYSTEM, isis.id)
    sana = b.source(session, "SANA")
    sources.delete_source(session, SYSTEM, sana.id)
    editor = b.user(session, "editor")
    for principal in (ANONYMOUS, editor, SYSTEM):
        assert suggest(session, principal, "site", "prison") == []
        assert suggest(session, principal, "actor", "isis") == []
        assert suggest(session, principal, "source", "sana") == []


def test_restricted_sites_are_named_to_every_reader(session: Session) -> None:
    depot = b.site(
        session,
        "Museum depot",
        "museum",
        restricted=True,
        location={"latitude": 34.55, "longitude": 38.27},
    )
    assert [s.id for s in suggest(session, ANONYMOUS, "site", "depot")] == [depot.id]


def test_the_index_follows_renames_new_names_and_deletions(session: Session) -> None:
    site = b.site(session, "Qalat Jabar", "castle", names=[{"name": "Dawsar", "lang": "en"}])
    sites.update_site(
        session, SYSTEM, site.id, {"name": "Qal'at Ja'bar", "names": [{"name": "Dausar"}]}
    )
    assert site_names(session, "qalat jabar") == ["Qal'at Ja'bar"]  # the marks are folded
    assert site_names(session, "dawsar") == []
    assert site_names(session, "dausar") == ["Qal'at Ja'bar"]
    sites.update_site(session, SYSTEM, site.id, {"name": "Jabar Castle", "names": []})
    assert site_names(session, "qalat") == []
    assert site_names(session, "dausar") == []
    assert site_names(session, "castle") == ["Jabar Castle"]
    army = b.actor(session, "Syrian Arab Army", aliases=["SAA"])
    actors.update_actor(session, SYSTEM, army.id, {"aliases": ["Arab Army"]})
    assert suggest(session, ANONYMOUS, "actor", "saa") == []
    assert [s.name for s in suggest(session, ANONYMOUS, "actor", "arab army")] == ["Arab Army"]
    session.commit()
    assert_index_consistent(session)


def test_the_index_follows_imports(session_factory: sessionmaker[Session]) -> None:
    site = {"type": "site", "key": "palmyra", "name": "Palmyra", "kind": "city"}
    named = {**site, "names": [{"name": "تدمر", "lang": "ar"}]}
    actor = {"type": "actor", "key": "isil", "name": "Islamic State", "aliases": ["Daesh"]}
    source = {"type": "source", "key": "sana", "name": "SANA", "kind": "organisation"}
    assert import_text(session_factory, jsonl(named, actor, source)).ok  # new: in bulk
    with session_factory() as session:
        assert site_names(session, "تدمر") == ["Palmyra"]
        assert [s.name for s in suggest(session, ANONYMOUS, "actor", "daesh")] == ["Daesh"]
        assert [s.name for s in suggest(session, ANONYMOUS, "source", "sana")] == ["SANA"]
    renamed = {**site, "name": "Tadmur", "names": [{"name": "Palmyra", "lang": "en"}]}
    assert import_text(session_factory, jsonl(renamed)).ok  # changed: through the service
    with session_factory() as session:
        assert site_names(session, "تدمر") == []
        assert [(s.primary_name, s.name) for s in suggest(session, ANONYMOUS, "site", "palm")] == [
            ("Tadmur", "Palmyra")
        ]
        assert_index_consistent(session)


def test_each_database_answers_from_its_prefix_and_trigram_indexes(
    session: Session, palmyra: Site
) -> None:
    dialect = search_dialect(session)
    own, other = NAMED["site"].names
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: make it choose
        by_trigram = trigram_index
    else:
        by_trigram = lambda table, _column: fts_table(table)  # noqa: E731
    for statement, index in (
        (names_starting(dialect, own, "tadm"), prefix_index("sites", "name_folded")),
        (names_starting(dialect, other, "tadm"), prefix_index("site_names", "name_folded")),
        (names_containing_elsewhere(dialect, own, "tadm"), by_trigram("sites", "name_folded")),
        (
            names_containing_elsewhere(dialect, other, "tadm"),
            by_trigram("site_names", "name_folded"),
        ),
    ):
        assert index in query_plan(session, statement.limit(20)), index


def query_plan(session: Session, statement: object) -> str:
    compiled = statement.compile(  # type: ignore[attr-defined]
        session.get_bind(), compile_kwargs={"literal_binds": True}
    )
    explain = "EXPLAIN QUERY PLAN" if session.get_bind().dialect.name == "sqlite" else "EXPLAIN"
    rows = session.execute(text(f"{explain} {compiled}"))
    return " ".join(str(row[-1]) for row in rows)


def test_a_piece_in_more_names_than_are_read_still_puts_the_equal_name_first(
    session: Session,
) -> None:
    # Far more names start with "khan" than one step reads (twice the limit).
    for number in range(40):
        b.site(session, f"Khan {number:02d} al-Wazir", "caravanserai")
    b.site(session, "Khan", "caravanserai")
    b.site(session, "Bab al-Khan", "gate")
    found = site_names(session, "khan", limit=5)
    assert found == ["Khan", "Khan 00 al-Wazir", "Khan 01 al-Wazir", "Khan 02 al-Wazir",
                     "Khan 03 al-Wazir"]  # fmt: skip
    # Names containing the text elsewhere come once those starting with it run out.
    assert site_names(session, "khan", limit=MAX_SUGGESTIONS)[-1] == "Bab al-Khan"
    assert site_names(session, "al-khan") == ["Bab al-Khan"]


def test_texts_at_the_edges_of_the_alphabet_find_their_names_and_no_others(
    session: Session,
) -> None:
    b.site(session, "Zz\uffff", "city")
    b.site(session, "\U0010ffff\U0010ffff", "city")
    b.site(session, "a\ud7ffb", "city")
    b.site(session, "a\U0010ffffz", "city")
    b.site(session, "b plain", "city")
    assert site_names(session, "zz\uffff") == ["Zz\uffff"]
    assert site_names(session, "\U0010ffff\U0010ffff") == ["\U0010ffff\U0010ffff"]
    assert site_names(session, "a\ud7ff") == ["a\ud7ffb"]
    assert site_names(session, "a\U0010ffff") == ["a\U0010ffffz"]  # not "b plain"


def test_the_text_after_a_prefix_carries_past_the_last_character() -> None:
    assert next_text("ab") == "ac"
    assert next_text("a\U0010ffff") == "b"
    assert next_text("a\ud7ff") == "a\ue000"
    assert next_text("\U0010ffff\U0010ffff") is None


def test_hidden_names_starting_with_the_text_leave_room_for_names_containing_it(
    session: Session,
) -> None:
    gone = b.site(session, "abcd one", "city")
    b.site(session, "abcd two", "city")
    b.site(session, "xx abcd three", "city")
    sites.delete_site(session, SYSTEM, gone.id)
    assert site_names(session, "abcd", limit=2) == ["abcd two", "xx abcd three"]


def assert_index_consistent(session: Session) -> None:
    """SQLite checks each FTS5 index against its table's rows (PostgreSQL's indexes are
    its own to keep)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    for table, _column in SEARCHED_COLUMNS:
        index = fts_table(table)
        session.execute(text(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)"))
