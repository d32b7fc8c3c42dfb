"""An import's validation holds no lock (issue 16, item 6), so what it vouched for may change
before a batch is written: a record a line refers to deleted, a key stored by someone else,
a stored record edited. The batches find it as they write, and stop or compare again."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import SYSTEM
from heritage.interchange import importer
from heritage.interchange.dialects import import_dialect
from heritage.interchange.importer import ImportReport, import_records
from heritage.models import Article, Site, Source
from heritage.services import sites, sources
from tests.heritage.interchange_helpers import PausedValidation, import_text, jsonl

SANA = {"type": "source", "key": "sana", "name": "SANA", "kind": "organisation"}
ARTICLE = {
    "type": "article",
    "url": "https://example.org/palmyra",
    "publisher": "sana",
    "title": "Palmyra recaptured",
    "published": "2016-03-27",
}


def site(n: int, **fields: Any) -> dict[str, Any]:
    return {"type": "site", "key": f"site-{n}", "name": f"Site {n}", "kind": "temple", **fields}


def in_session(session_factory: sessionmaker[Session], change: Callable[[Session], Any]) -> None:
    """Another writer's change, committed."""
    with session_factory() as session, session.begin():
        change(session)


def source_id(session: Session, key: str) -> int:
    found = session.scalar(select(Source.id).where(Source.key == key))
    assert found is not None
    return found


def delete_sana(session: Session) -> None:
    sources.delete_source(session, SYSTEM, source_id(session, "sana"))


def import_while(
    session_factory: sessionmaker[Session],
    text: str,
    at: int,
    change: Callable[[Session], Any],
    *,
    forked: bool,
    **options: Any,
) -> ImportReport:
    """Import `text`, another writer committing `change` while validation is at line `at`."""
    file = PausedValidation(text, at, forked=forked)
    failures: list[BaseException] = []

    def other_writer() -> None:
        try:
            assert file.paused.wait(60)
            in_session(session_factory, change)
        except BaseException as error:  # noqa: BLE001 - raised again below
            failures.append(error)
        finally:
            file.resume()

    thread = threading.Thread(target=other_writer)
    thread.start()
    report = import_records(session_factory, SYSTEM, file, parallel=forked, **options)
    thread.join()
    assert not failures, failures
    assert file.in_time  # the change was made while validation waited
    return report


@pytest.mark.parametrize("forked", [True, False], ids=["command line", "in process"])
def test_a_source_deleted_after_validation_found_it_stops_the_import_at_the_line_naming_it(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    in_session(session_factory, lambda s: sources.create_source(s, SYSTEM, dict(SANA)))
    monkeypatch.setattr(importer, "LOOKUP_CHUNK", 1)  # each reference looked up at its line

    # Deleted once validation is past the article's line, and has found its publisher.
    report = import_while(
        session_factory, jsonl(site(1), site(2), ARTICLE, site(3)), 4, delete_sana, forked=forked
    )

    # Validation found the source; the batch, looking it up again, finds it deleted.
    assert not report.ok and report.written == 0
    assert [(p.line, p.reason) for p in report.problems] == [(3, "No source 'sana' any more.")]
    with session_factory() as session:
        assert session.scalars(select(Article.url)).all() == []
        assert session.scalars(select(Site.key)).all() == []


def test_a_record_deleted_between_two_batches_is_not_referred_to_by_the_next(
    session_factory: sessionmaker[Session],
) -> None:
    # The first batch creates the source; before the second writes an article published by
    # it, an editor deletes it (nothing referred to it yet, so the deletion is allowed).
    def progress(done: int) -> None:
        if done == 2:
            in_session(session_factory, delete_sana)

    report = import_text(
        session_factory, jsonl(SANA, site(1), ARTICLE), batch_size=2, progress=progress
    )

    assert not report.ok and report.written == 2
    assert [(p.line, p.reason) for p in report.problems] == [(3, "No source 'sana' any more.")]
    with session_factory() as session:
        assert session.scalars(select(Article.url)).all() == []  # not on a deleted source


@pytest.mark.parametrize("forked", [True, False], ids=["command line", "in process"])
def test_a_key_stored_by_another_writer_during_validation_is_compared_as_any_stored_one(
    session_factory: sessionmaker[Session], forked: bool
) -> None:
    def store_site_6(session: Session) -> None:
        sites.create_site(session, SYSTEM, {"key": "site-6", "name": "Other", "kind": "temple"})

    # Validation has checked line 6 as a new site when the other writer stores it; the
    # batch holding it (lines 5-8) is written once validation is past line 8, so it looks
    # for stored keys after that commit. (A batch that looked before and inserts after
    # loses the race: ConcurrentImport, tested in tests/api/test_import_races.py.)
    lines = [site(n) for n in range(1, 9)]
    report = import_while(
        session_factory, jsonl(*lines), 7, store_site_6, forked=forked, batch_size=4
    )

    # The file is the truth for the records it holds: the site stored meanwhile is updated.
    assert report.ok, report.problems
    assert report.created == {"site": 7} and report.updated == {"site": 1}
    with session_factory() as session:
        names = {key: name for key, name in session.execute(select(Site.key, Site.name))}
    assert names == {f"site-{n}": f"Site {n}" for n in range(1, 9)}


def test_a_stored_record_the_file_changes_can_be_edited_while_the_file_is_validated(
    session_factory: sessionmaker[Session],
) -> None:
    """On PostgreSQL the command line's import writes batches while it validates, but only
    batches that create records: one that changes a stored record waits for the verdict,
    and until then holds no lock on it."""
    in_session(session_factory, lambda s: sites.create_site(s, SYSTEM, site(7, name="Old")))
    with session_factory() as session:
        holds_batches = import_dialect(session).writes_beside_validation
        stored = session.scalar(select(Site.id).where(Site.key == "site-7"))
    lines = [site(n) for n in range(1, 11)]
    held = threading.Event()
    file = PausedValidation(jsonl(*lines), at=10, forked=True)
    failures: list[BaseException] = []

    def progress(done: int) -> None:
        if done == 6:
            held.set()

    def editor() -> None:
        try:
            assert file.paused.wait(60)
            if holds_batches:  # the three batches before site-7's, written and held
                assert held.wait(60)
            in_session(
                session_factory,
                lambda s: sites.update_site(
                    s, SYSTEM, stored, {"name": "Edited", "kind": "temple"}
                ),
            )
        except BaseException as error:  # noqa: BLE001 - raised again below
            failures.append(error)
        finally:
            file.resume()

    thread = threading.Thread(target=editor)
    thread.start()
    report = import_records(
        session_factory, SYSTEM, file, parallel=True, batch_size=2, progress=progress
    )
    thread.join()

    assert not failures, failures
    assert file.in_time  # the editor's save did not wait for the import
    assert report.ok and report.created == {"site": 9} and report.updated == {"site": 1}
    with session_factory() as session:
        assert session.scalar(select(Site.name).where(Site.id == stored)) == "Site 7"
