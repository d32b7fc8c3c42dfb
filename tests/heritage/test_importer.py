"""The import engine: validation before writing, idempotence, updates, dry runs and
interrupted imports (docs/interchange.md, "Import rules")."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.errors import Unauthenticated
from heritage.models import Article, Event, PendingGrade, Site, Source
from heritage.revisions import revisions_of
from heritage.services import sites
from tests.heritage import builders as b
from tests.heritage.interchange_helpers import (
    PALMYRA,
    every_row,
    export_text,
    import_text,
    jsonl,
    revision_count,
)

BEL = {
    "type": "site",
    "key": "temple-of-bel",
    "name": "Temple of Bel",
    "kind": "temple",
    "parent": "unesco:23",
}
ISIL = {"type": "actor", "key": "isil", "name": "ISIL", "aliases": ["ISIS", "Daesh"]}
BBC = {"type": "source", "key": "bbc", "name": "BBC", "kind": "organisation"}
BBC_URL = "http://www.bbc.com/news/world-middle-east-34111092"
ARTICLE = {
    "type": "article",
    "url": BBC_URL,
    "publisher": "bbc",
    "title": "Palmyra's Temple of Bel destroyed, says UN",
    "published": "2015-09-01",
    "language": "en",
}
DESTROYED = {
    "type": "event",
    "key": "bel-destroyed",
    "event_type": "destroyed",
    "date": "2015-08-30",
    "sites": ["temple-of-bel"],
    "actors": [{"actor": "isil", "role": "perpetrator"}],
}
CLAIM = {
    "type": "claim",
    "key": "bel-destroyed-unosat",
    "article": BBC_URL,
    "event": "bel-destroyed",
    "stance": "affirms",
    "basis": "imagery",
}
EXAMPLE = [PALMYRA, BEL, ISIL, BBC, ARTICLE, DESTROYED, CLAIM]
EXAMPLE_CREATED = {"site": 2, "actor": 1, "source": 1, "article": 1, "event": 1, "claim": 1}


def problems(report: Any) -> set[tuple[int, str | None]]:
    return {(p.line, p.field) for p in report.problems}


def test_the_documented_example_imports(session_factory: sessionmaker[Session]) -> None:
    report = import_text(session_factory, jsonl(*EXAMPLE))

    assert report.ok, report.problems
    assert report.created == EXAMPLE_CREATED
    with session_factory() as session:
        bel = session.scalars(select(Site).where(Site.key == "temple-of-bel")).one()
        assert bel.parent is not None and bel.parent.key == "palmyra"  # found by unesco:23
        event = session.scalars(select(Event).where(Event.key == "bel-destroyed")).one()
        assert event.status == "published"  # the command line keeps the file's status
        assert event.grade == "confirmed"  # imagery confirms: the services graded it


def test_a_file_with_errors_reports_every_line_and_changes_nothing(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    with session_factory() as session:
        b.site(session, "Existing", key="existing")
        session.commit()
    before = every_row(engine)
    text = jsonl(
        PALMYRA,  # 1: fine, and must not be written
        {"type": "monument", "key": "x"},  # 2: unknown type
        {**DESTROYED, "date": "2015-13-45", "actors": [], "sites": ["palmyra"]},  # 3: bad EDTF
        {**BBC, "key": "sana", "affiliation": "nobody"},  # 4: unknown reference
        {**DESTROYED, "key": "later", "actors": [], "sites": ["tadmur"]},  # 5: a later line
        {"type": "site", "key": "tadmur", "name": "Tadmur", "kind": "town"},  # 6
        {**PALMYRA, "identifiers": []},  # 7: the key of line 1 again
        '{"type": "site", "key": ',  # 8: malformed JSON
        "",  # blank: skipped
        {**ISIL, "colour": "black", "part_of": "existing"},  # 10: unknown field, wrong type
    )

    report = import_text(session_factory, text)

    assert not report.ok
    assert problems(report) == {
        (2, "type"),
        (3, "date"),
        (4, "affiliation"),
        (5, "sites.0"),
        (7, "key"),
        (8, None),
        (10, "colour"),
        (10, "part_of"),
    }
    reasons = {(p.line, p.field): p.reason for p in report.problems}
    assert "is not one of" in reasons[(2, "type")]
    assert "EDTF" in reasons[(3, "date")]
    assert "No source 'nobody'" in reasons[(4, "affiliation")]
    assert "on line 6, after this one" in reasons[(5, "sites.0")]
    assert "line 1" in reasons[(7, "key")]
    assert "Not valid JSON" in reasons[(8, None)]
    assert str(report.problems[0]).startswith("line 2, field type: ")
    assert every_row(engine) == before


def test_a_report_lists_the_first_problems_and_warnings_and_counts_them_all(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file with a million bad lines must not make a million-entry report."""
    monkeypatch.setattr("heritage.interchange.importer.MAX_PROBLEMS", 2)
    bad_sites = [{**BEL, "key": f"bel-{n}", "kind": "spaceport"} for n in range(3)]

    refused = import_text(session_factory, jsonl(PALMYRA, *bad_sites))

    assert [(p.line, p.field) for p in refused.problems] == [(2, "kind"), (3, "kind")]
    assert refused.problem_count == 3
    articles = [{**ARTICLE, "url": f"{BBC_URL}?page={n}"} for n in range(3)]
    assert import_text(session_factory, jsonl(BBC, *articles)).ok
    retitled = [{**article, "title": "Another title"} for article in articles]

    warned = import_text(session_factory, jsonl(BBC, *retitled))

    assert warned.ok and warned.unchanged == {"source": 1, "article": 3}
    assert [w.line for w in warned.warnings] == [2, 3]
    assert warned.warning_count == 3


def test_references_may_point_to_records_already_stored(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        b.site(
            session,
            "Palmyra",
            key="palmyra",
            identifiers=[{"scheme": "wikidata", "value": "Q5747"}],
        )
        session.commit()

    report = import_text(
        session_factory,
        jsonl(
            {
                "type": "site",
                "key": "bel",
                "name": "Bel",
                "kind": "temple",
                "parent": "wikidata:Q5747",
            },
            {
                "type": "site",
                "key": "baalshamin",
                "name": "Baalshamin",
                "kind": "temple",
                "parent": "palmyra",
            },
        ),
    )

    assert report.ok, report.problems
    assert report.created == {"site": 2}


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    session_factory: sessionmaker[Session],
) -> None:
    text = jsonl(*EXAMPLE)
    import_text(session_factory, text)
    revisions = revision_count(session_factory)

    again = import_text(session_factory, text)

    assert again.ok and again.created == {} and again.updated == {}
    assert sum(again.unchanged.values()) == len(EXAMPLE)
    assert revision_count(session_factory) == revisions


def test_an_updated_record_updates_with_one_revision(
    session_factory: sessionmaker[Session],
) -> None:
    import_text(session_factory, jsonl(*EXAMPLE))
    changed = {**DESTROYED, "date": "2015-08-30~", "description": "Blown up with explosives."}

    report = import_text(session_factory, jsonl(*EXAMPLE[:5], changed, CLAIM))

    assert report.updated == {"event": 1}
    assert sum(report.unchanged.values()) == len(EXAMPLE) - 1
    with session_factory() as session:
        event = session.scalars(select(Event).where(Event.key == "bel-destroyed")).one()
        assert (event.date_edtf, event.description) == ("2015-08-30~", "Blown up with explosives.")
        trail = revisions_of(session, "event", event.id)
    assert [r.action for r in trail] == ["created", "updated"]
    assert set(trail[-1].changes) == {"date_edtf", "description"}
    assert trail[-1].user_name == SYSTEM.name


def test_an_absent_optional_field_clears_it(session_factory: sessionmaker[Session]) -> None:
    import_text(session_factory, jsonl(ISIL))

    report = import_text(session_factory, jsonl({**ISIL, "aliases": []}))

    assert report.updated == {"actor": 1}


def test_a_dry_run_validates_and_writes_nothing(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    before = every_row(engine)

    report = import_text(session_factory, jsonl(*EXAMPLE), dry_run=True)

    assert report.ok and report.dry_run and report.records == len(EXAMPLE)
    assert report.created == EXAMPLE_CREATED
    assert report.written == 0
    assert every_row(engine) == before


def test_a_dry_run_counts_and_warns_as_the_import_then_does(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    import_text(session_factory, jsonl(*EXAMPLE))
    changed = jsonl(
        {**PALMYRA, "description": "An oasis city."},  # 1: updated
        BEL,  # 2: unchanged, its parent named by an identifier
        {"type": "site", "key": "tadmur", "name": "Tadmur", "kind": "town"},  # 3: created
        ISIL,  # 4: unchanged
        {**BBC, "name": "BBC News"},  # 5: updated
        {**ARTICLE, "title": "Another title"},  # 6: stays as stored, with a warning
        {**DESTROYED, "sites": ["temple-of-bel", "tadmur"]},  # 7: names a site of line 3
        CLAIM,  # 8: unchanged
    )
    before = every_row(engine)

    dry = import_text(session_factory, changed, dry_run=True, batch_size=3)

    assert every_row(engine) == before
    assert dry.created == {"site": 1}
    assert dry.updated == {"site": 1, "source": 1, "event": 1}
    assert dry.unchanged == {"site": 1, "actor": 1, "article": 1, "claim": 1}
    assert [(w.line, w.reason) for w in dry.warnings] == [
        (6, "Differs from the stored article, which stays as it is.")
    ]
    done = import_text(session_factory, changed, batch_size=3)
    assert (done.created, done.updated, done.unchanged) == (dry.created, dry.updated, dry.unchanged)
    assert done.warnings == dry.warnings


def test_an_editors_import_brings_drafts(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session:
        editor = b.user(session, "editor")
        session.commit()

    report = import_text(session_factory, jsonl(*EXAMPLE), editor)

    assert report.ok, report.problems
    with session_factory() as session:
        statuses = session.scalars(select(Event.status)).all()
    assert statuses == ["draft"]


def test_an_anonymous_import_is_refused(session_factory: sessionmaker[Session]) -> None:
    with pytest.raises(Unauthenticated):
        import_text(session_factory, jsonl(*EXAMPLE), ANONYMOUS)


def _article(url: str, text: str) -> dict[str, Any]:
    return {**ARTICLE, "url": url, "text": text, "captured_at": "2015-09-01T12:00:00+00:00"}


def test_a_batch_refused_while_writing_leaves_earlier_batches_whole_and_a_rerun_resumes(
    session_factory: sessionmaker[Session],
) -> None:
    # Lines 3 and 4 carry the same text under two URLs: validation cannot see that, the
    # articles service refuses the second one.
    broken = jsonl(
        BBC,
        PALMYRA,
        _article("https://example.org/a", "The temple was destroyed."),
        _article("https://example.org/b", "The temple was destroyed."),
    )

    report = import_text(session_factory, broken, batch_size=2)

    assert not report.ok and report.written == 2
    assert [(p.line, p.field) for p in report.problems] == [(4, "text")]
    assert report.created == {"source": 1, "site": 1}
    with session_factory() as session:
        assert session.scalars(select(Source.key)).all() == ["bbc"]
        assert session.scalars(select(Site.key)).all() == ["palmyra"]
        assert session.scalars(select(Article.url)).all() == []  # none of the failed batch
    revisions = revision_count(session_factory)

    fixed = jsonl(
        BBC,
        PALMYRA,
        _article("https://example.org/a", "The temple was destroyed."),
        _article("https://example.org/b", "The temple lies in ruins."),
    )
    rerun = import_text(session_factory, fixed, batch_size=2)

    assert rerun.ok, rerun.problems
    assert rerun.unchanged == {"source": 1, "site": 1}
    assert rerun.created == {"article": 2}
    assert revision_count(session_factory) == revisions + 2


def test_an_import_stopped_between_batches_resumes_where_it_stopped(
    session_factory: sessionmaker[Session],
) -> None:
    text = jsonl(*EXAMPLE)
    seen: list[int] = []

    def interrupt(done: int) -> None:  # like Ctrl-C once the first batch is committed
        seen.append(done)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_text(session_factory, text, batch_size=3, progress=interrupt)

    assert seen == [3]
    with session_factory() as session:
        assert sorted(session.scalars(select(Site.key))) == ["palmyra", "temple-of-bel"]
        assert session.scalars(select(Source.key)).all() == []  # line 4, second batch
    progress: list[int] = []
    rerun = import_text(session_factory, text, batch_size=3, progress=progress.append)
    assert rerun.ok
    assert rerun.unchanged == {"site": 2, "actor": 1}
    assert sum(rerun.created.values()) == 4
    assert progress == [3, 6, 7]


def test_offsets_the_services_find_are_not_a_difference(
    session_factory: sessionmaker[Session],
) -> None:
    text = "Satellite images show the temple was destroyed on 30 August."
    quoted = {**CLAIM, "quote": "the temple was destroyed"}  # no offsets: the service finds them
    lines = jsonl(*EXAMPLE[:4], {**_article(BBC_URL, text)}, DESTROYED, quoted)
    import_text(session_factory, lines)

    again = import_text(session_factory, lines)

    assert again.updated == {} and again.unchanged["claim"] == 1


def test_a_key_held_by_a_deleted_record_stops_the_import_at_its_line(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        gone = b.site(session, "Old Palmyra", key="palmyra")
        sites.delete_site(session, SYSTEM, gone.id)
        session.commit()

    report = import_text(session_factory, jsonl(ISIL, PALMYRA), batch_size=1)

    assert [(p.line, p.field) for p in report.problems] == [(2, "key")]
    assert report.created == {"actor": 1}  # the batch before it stays committed


def test_zero_is_a_value_not_an_empty_field(session_factory: sessionmaker[Session]) -> None:
    on_the_equator = {**PALMYRA, "location": {"latitude": 0, "longitude": 0.0}}
    text = "The temple was destroyed."
    quoted = {**CLAIM, "quote": "The temple", "quote_start": 0, "quote_end": 10}
    lines = jsonl(on_the_equator, *EXAMPLE[1:4], _article(BBC_URL, text), DESTROYED, quoted)
    import_text(session_factory, lines)

    exported = export_text(session_factory)

    assert '"latitude": 0.0' in exported and '"quote_start": 0' in exported
    assert import_text(session_factory, lines).updated == {}


def grade_of(session_factory: sessionmaker[Session], key: str) -> str | None:
    with session_factory() as session:
        return session.scalars(select(Event.grade).where(Event.key == key)).one_or_none()


def noted_for_grading(session_factory: sessionmaker[Session]) -> list[int]:
    with session_factory() as session:
        return list(session.scalars(select(PendingGrade.event_id)))


# A second claim on the same event, from another source, in a later batch than the first.
AFP = {"type": "source", "key": "afp", "name": "AFP", "kind": "organisation"}
AFP_URL = "https://www.afp.com/en/news/palmyra-temple"
AFP_ARTICLE = {**ARTICLE, "url": AFP_URL, "publisher": "afp"}
SECOND_CLAIM = {**CLAIM, "key": "bel-destroyed-afp", "article": AFP_URL, "basis": "report"}
TWO_CLAIMS = [*EXAMPLE, AFP, AFP_ARTICLE, SECOND_CLAIM]  # claims on lines 7 and 10


def test_an_import_grades_each_event_its_claims_name_once_at_its_end(
    session_factory: sessionmaker[Session],
) -> None:
    """Bulk-created claims note their event; the import regrades the noted events once,
    after its last batch (not once per batch that names them)."""
    during: list[tuple[int, str, int]] = []

    def after_batch(done: int) -> None:
        during.append((done, grade_of(session_factory, "bel-destroyed"), len(noted())))

    def noted() -> list[int]:
        return noted_for_grading(session_factory)

    grading: list[tuple[int, int]] = []
    report = import_text(
        session_factory,
        jsonl(*TWO_CLAIMS),
        batch_size=4,
        progress=after_batch,
        grading=lambda done, total: grading.append((done, total)),
    )

    assert report.ok, report.problems
    # The event, created without claims, keeps that grade while its claims arrive.
    assert during == [(4, None, 0), (8, "discounted", 1), (10, "discounted", 1)]
    assert grading == [(1, 1)]  # one event, graded once
    assert grade_of(session_factory, "bel-destroyed") == "confirmed"
    assert noted() == []


def test_an_import_regrades_the_events_its_updates_touch_once_at_its_end(
    session_factory: sessionmaker[Session],
) -> None:
    """Records that change stored ones go through their services, which regrade at once
    elsewhere; in an import they note their events instead, and the end regrades them."""
    assert import_text(session_factory, jsonl(*TWO_CLAIMS)).ok
    assert grade_of(session_factory, "bel-destroyed") == "confirmed"  # imagery affirms
    disputed = {**CLAIM, "stance": "disputes", "basis": "report"}
    during: list[tuple[int, str | None, int]] = []
    grading: list[tuple[int, int]] = []

    report = import_text(
        session_factory,
        jsonl(PALMYRA, BEL, ISIL, BBC, ARTICLE, DESTROYED, disputed, AFP),
        batch_size=4,
        progress=lambda done: during.append(
            (
                done,
                grade_of(session_factory, "bel-destroyed"),
                len(noted_for_grading(session_factory)),
            )
        ),
        grading=lambda done, total: grading.append((done, total)),
    )

    assert report.ok, report.problems
    assert report.updated == {"claim": 1}
    # The claim's batch (lines 5-8) is committed with the event noted, its grade as it was.
    assert during == [(4, "confirmed", 0), (8, "confirmed", 1)]
    assert grading == [(1, 1)]
    # One claim affirms (AFP's report), the other now disputes.
    assert grade_of(session_factory, "bel-destroyed") == "contested"
    assert noted_for_grading(session_factory) == []


def test_an_import_interrupted_before_its_end_leaves_its_events_noted_for_the_next(
    session_factory: sessionmaker[Session],
) -> None:
    """Ctrl-C (or a killed process) after the claims' batch: the claims are committed,
    the event's grade is not yet recomputed and stays noted; the next import's end
    recomputes it, even when it writes nothing."""
    text = jsonl(*TWO_CLAIMS)

    def interrupt(done: int) -> None:
        if done == 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_text(session_factory, text, batch_size=4, progress=interrupt)

    with session_factory() as session:
        event_id = session.scalars(select(Event.id).where(Event.key == "bel-destroyed")).one()
    assert noted_for_grading(session_factory) == [event_id]
    assert grade_of(session_factory, "bel-destroyed") == "discounted"

    rerun = import_text(session_factory, text, batch_size=4)

    assert rerun.ok and rerun.created == {} and rerun.updated == {}
    assert grade_of(session_factory, "bel-destroyed") == "confirmed"
    assert noted_for_grading(session_factory) == []


def test_an_import_a_record_stopped_grades_what_it_committed(
    session_factory: sessionmaker[Session],
) -> None:
    # The claim's batch is committed; the next one holds two articles with the same text
    # under two URLs, which only the articles service refuses.
    broken = jsonl(
        *EXAMPLE,
        _article("https://example.org/a", "The temple was destroyed."),
        _article("https://example.org/b", "The temple was destroyed."),
    )

    report = import_text(session_factory, broken, batch_size=7)

    assert [(p.line, p.field) for p in report.problems] == [(9, "text")]
    assert report.created["claim"] == 1
    assert grade_of(session_factory, "bel-destroyed") == "confirmed"
    assert noted_for_grading(session_factory) == []
