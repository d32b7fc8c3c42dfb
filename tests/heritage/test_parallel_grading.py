"""The end of the command line's import regrades the noted events in two processes
(`grade_deferred` with a `_GraderProcess`): the events of even id here, those of odd id
in a child forked as the import begins. The same grades as in one process; an
interruption or a failed child leaves what is not regraded noted for the next import
(docs/interchange.md, "Grades at the end")."""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import SYSTEM
from heritage.interchange import importer
from heritage.interchange.importer import GradingFailed, ImportReport, import_records
from heritage.interchange.jsonl import read_jsonl
from heritage.models import Event, PendingGrade
from tests.heritage.interchange_helpers import PALMYRA, assert_gone, jsonl

EVENTS = 12
# Each event's one claim, and the grade it gives: a new event is `discounted` until then.
CLAIMS = [
    ({"stance": "affirms", "basis": "imagery"}, "confirmed"),
    ({"stance": "affirms", "basis": "report"}, "weak"),
    ({"stance": "disputes", "basis": "report"}, "discounted"),
]
EXPECTED = {f"event-{i}": CLAIMS[i % len(CLAIMS)][1] for i in range(EVENTS)}


def _file() -> str:
    """EVENTS events, each with one claim (CLAIMS in turn)."""
    lines: list[dict[str, Any]] = [
        PALMYRA,
        {"type": "source", "key": "sana", "name": "SANA", "kind": "organisation"},
        {
            "type": "article",
            "url": "https://example.org/report",
            "publisher": "sana",
            "title": "Report",
            "published": "2015-09-01",
        },
    ]
    lines += [
        {
            "type": "event",
            "key": f"event-{i}",
            "event_type": "destroyed",
            "date": "2015-08-30",
            "sites": ["palmyra"],
        }
        for i in range(EVENTS)
    ]
    lines += [
        {
            "type": "claim",
            "key": f"claim-{i}",
            "article": "https://example.org/report",
            "event": f"event-{i}",
            **CLAIMS[i % len(CLAIMS)][0],
        }
        for i in range(EVENTS)
    ]
    return jsonl(*lines)


class GradingLog:
    """Wraps refresh_deferred_grades to note, in a file both processes append to, which
    process regraded which events; `fail` may make the child's second transaction fail."""

    def __init__(
        self, tmp_path: Path, refresh: Callable[..., int], fail: str | None = None
    ) -> None:
        self.path = tmp_path / "grading.log"
        self.parent = os.getpid()
        self.fail = fail
        self._refresh = refresh
        self._calls = 0

    def __call__(self, session: Session, limit: int, share: tuple[int, int] | None = None) -> int:
        self._calls += 1
        if self.fail and os.getpid() != self.parent and self._calls == 2:
            if self.fail == "error":
                raise RuntimeError("the disk went away")
            os.kill(os.getpid(), signal.SIGKILL)
        before = self._noted(session, share)
        graded = self._refresh(session, limit, share)
        after = self._noted(session, share)  # only this process forgets its share's events
        with self.path.open("a") as log:
            for event_id in sorted(before - after):
                log.write(f"{os.getpid()} {event_id}\n")
        return graded

    @staticmethod
    def _noted(session: Session, share: tuple[int, int] | None) -> set[int]:
        noted = set(session.scalars(select(PendingGrade.event_id)))
        return noted if share is None else {i for i in noted if i % share[1] == share[0]}

    def by_process(self) -> dict[int, list[int]]:
        graded: dict[int, list[int]] = {}
        if self.path.exists():
            for entry in self.path.read_text().splitlines():
                pid, event_id = map(int, entry.split())
                graded.setdefault(pid, []).append(event_id)
        return graded


@pytest.fixture
def grading_log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., GradingLog]:
    refresh = importer.refresh_deferred_grades  # a second install replaces the first

    def install(fail: str | None = None) -> GradingLog:
        log = GradingLog(tmp_path, refresh, fail)
        monkeypatch.setattr(importer, "refresh_deferred_grades", log)
        return log

    monkeypatch.setattr(importer, "GRADE_BATCH", 2)  # a few transactions for 12 events
    return install


def import_file(session_factory: sessionmaker[Session], **options: Any) -> ImportReport:
    text = _file()
    return import_records(
        session_factory, SYSTEM, lambda: read_jsonl(io.StringIO(text)), parallel=True, **options
    )


def grades(session_factory: sessionmaker[Session]) -> dict[int, str]:
    with session_factory() as session:
        return {i: grade for i, grade in session.execute(select(Event.id, Event.grade))}


def expected(session_factory: sessionmaker[Session]) -> dict[int, str]:
    """Each event's grade once regraded, by id."""
    with session_factory() as session:
        return {i: EXPECTED[key] for i, key in session.execute(select(Event.id, Event.key))}


def noted(session_factory: sessionmaker[Session]) -> list[int]:
    with session_factory() as session:
        return sorted(session.scalars(select(PendingGrade.event_id)))


def test_the_events_of_odd_id_are_regraded_in_a_second_process(
    session_factory: sessionmaker[Session], grading_log: Callable[..., GradingLog]
) -> None:
    log = grading_log()
    progress: list[tuple[int, int]] = []

    report = import_file(
        session_factory, grading=lambda done, total: progress.append((done, total))
    )

    assert report.ok and report.created["claim"] == EVENTS
    assert grades(session_factory) == expected(session_factory)
    assert noted(session_factory) == []
    graded = log.by_process()
    assert len(graded) == 2, graded
    child = next(pid for pid in graded if pid != os.getpid())
    assert graded[os.getpid()] == [i for i in sorted(grades(session_factory)) if i % 2 == 0]
    assert sorted(graded[child]) == [i for i in sorted(grades(session_factory)) if i % 2]
    assert_gone(child)
    # The bar counts both halves, two at a time, up to every event.
    assert [done for done, _ in progress] == list(range(2, EVENTS + 1, 2))
    assert {total for _, total in progress} == {EVENTS}


def test_the_two_processes_give_the_grades_one_gives(
    session_factory: sessionmaker[Session], grading_log: Callable[..., GradingLog]
) -> None:
    grading_log()
    import_file(session_factory)
    in_two = grades(session_factory)
    with session_factory() as session, session.begin():
        for event_id in in_two:
            session.add(PendingGrade(event_id=event_id))
        session.execute(Event.__table__.update().values(grade="discounted"))

    importer.grade_deferred(session_factory)  # in this process alone

    assert grades(session_factory) == in_two == expected(session_factory)
    assert set(in_two.values()) == {"confirmed", "weak", "discounted"}


def test_a_few_events_are_regraded_here_alone(
    session_factory: sessionmaker[Session],
    grading_log: Callable[..., GradingLog],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = grading_log()
    monkeypatch.setattr(importer, "GRADE_BATCH", EVENTS)  # one transaction's worth

    assert import_file(session_factory).ok

    assert list(log.by_process()) == [os.getpid()]
    assert noted(session_factory) == []


@pytest.mark.parametrize("end", ["error", "killed"])
def test_a_grading_process_that_fails_leaves_its_share_noted_for_the_next_import(
    session_factory: sessionmaker[Session], grading_log: Callable[..., GradingLog], end: str
) -> None:
    log = grading_log(fail=end)

    reason = "the disk went away" if end == "error" else "exit code -9"
    with pytest.raises(GradingFailed, match=reason):
        import_file(session_factory)

    stored = grades(session_factory)
    graded = log.by_process()
    child = next(pid for pid in graded if pid != os.getpid())
    assert_gone(child)
    assert len(graded[child]) == 2  # its first transaction, committed before it failed
    left = sorted(i for i in stored if i % 2 and i not in graded[child])
    assert noted(session_factory) == left
    assert {stored[i] for i in left} == {"discounted"}  # as created
    assert {i: stored[i] for i in stored if i not in left} == {
        i: grade for i, grade in expected(session_factory).items() if i not in left
    }

    grading_log()  # the next import, which writes nothing, regrades what was left
    rerun = import_file(session_factory)

    assert rerun.ok and rerun.created == {}
    assert noted(session_factory) == []
    assert grades(session_factory) == expected(session_factory)


def test_an_import_interrupted_while_grading_stops_the_second_process(
    session_factory: sessionmaker[Session], grading_log: Callable[..., GradingLog]
) -> None:
    log = grading_log()

    def interrupt(done: int, total: int) -> None:  # like Ctrl-C after a transaction
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(session_factory, grading=interrupt)

    assert multiprocessing.active_children() == []
    for pid in log.by_process():
        if pid != os.getpid():
            assert_gone(pid)
    stored = grades(session_factory)
    left = noted(session_factory)
    assert left  # not all regraded: what is left stays noted, nothing half done
    assert {stored[i] for i in left} == {"discounted"}  # as created
    assert {i: stored[i] for i in stored if i not in left} == {
        i: grade for i, grade in expected(session_factory).items() if i not in left
    }

    assert import_file(session_factory).ok
    assert noted(session_factory) == []
    assert grades(session_factory) == expected(session_factory)


def test_an_import_that_writes_nothing_ends_its_idle_grading_process(
    session_factory: sessionmaker[Session], grading_log: Callable[..., GradingLog]
) -> None:
    """The grading process is forked as the import begins and waits to be told to start:
    a file refused by validation never tells it, and it ends with the import."""
    log = grading_log()
    refused = _file().replace('"basis": "report"', '"basis": "rumour"', 1)

    report = import_records(
        session_factory, SYSTEM, lambda: read_jsonl(io.StringIO(refused)), parallel=True
    )

    assert not report.ok and [p.field for p in report.problems] == ["basis"]
    assert multiprocessing.active_children() == []
    assert log.by_process() == {}
    assert grades(session_factory) == {}
