"""The command line's import validates in a second process while it writes
(`import_records(parallel=True)`): the same promises and the same report as the sequential
import (docs/interchange.md, "Import rules"), and no process left behind. It writes while
validation runs on PostgreSQL only: on SQLite, where a writer holds the whole database,
writing waits for the verdict, so that editors are not held off while the file is checked."""

from __future__ import annotations

import gc
import io
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from heritage import migrate
from heritage.auth import SYSTEM
from heritage.db import make_engine, make_session_factory
from heritage.interchange.dialects import import_dialect
from heritage.interchange.importer import (
    ImportProblem,
    ImportReport,
    ValidationFailed,
    import_records,
)
from heritage.interchange.jsonl import read_jsonl
from heritage.models import Article, Revision, Site, Source
from tests.conftest import empty_tables
from tests.heritage.interchange_helpers import (
    PALMYRA,
    assert_gone,
    every_row,
    export_text,
    jsonl,
)

Records = Callable[[], Iterator[tuple[int, dict[str, Any] | ImportProblem]]]


class Reading:
    """A file as import_records reads it, logging which process reads it and whether it
    read it to the end; the validator (the reader in another process) can be held before
    a line until the writer creates `go` (or for `timeout` seconds), after sending the
    writer Ctrl-C if asked to `interrupt`."""

    def __init__(
        self,
        tmp_path: Path,
        text: str,
        *,
        hold_before: int = 0,
        timeout: float = 30,
        interrupt: bool = False,
    ):
        self.text = text
        self.log = tmp_path / "readers.log"
        self.go = tmp_path / "go"
        self.hold_before = hold_before
        self.timeout = timeout
        self.interrupt = interrupt
        self.parent = os.getpid()

    def __call__(self) -> Iterator[tuple[int, dict[str, Any] | ImportProblem]]:
        self._note("start")
        for line, record in read_jsonl(io.StringIO(self.text)):
            if line == self.hold_before and os.getpid() != self.parent:
                self._hold()
            yield line, record
        self._note("end")

    def validators(self) -> dict[int, list[str]]:
        """What each process other than this one did with the file: its pid -> events."""
        events: dict[int, list[str]] = {}
        for entry in self.log.read_text().splitlines():
            pid, event = entry.split()
            if int(pid) != self.parent:
                events.setdefault(int(pid), []).append(event)
        return events

    def _hold(self) -> None:
        if self.interrupt:
            _until_asleep(self.parent)
            os.kill(self.parent, signal.SIGINT)
        deadline = time.monotonic() + self.timeout
        while not self.go.exists() and time.monotonic() < deadline:
            time.sleep(0.01)

    def _note(self, event: str) -> None:
        with self.log.open("a") as log:
            log.write(f"{os.getpid()} {event}\n")


def _until_asleep(pid: int) -> None:
    """Wait until process `pid` has waited on a pipe for 50 ms on end (the writer waiting
    for the validator's verdict). A forked child can run before its parent has left fork():
    Ctrl-C sent then lands in the parent's fork hooks, where Python reports it as ignored
    instead of raising it. Asleep is not enough: after a long test session the parent's
    main thread also sleeps while it waits for the GIL, held by a thread an earlier test
    left running, so the kernel function it sleeps in (wchan) must be a pipe's or a poll's."""
    stat, wchan = Path(f"/proc/{pid}/stat"), Path(f"/proc/{pid}/wchan")
    if not stat.exists():  # no /proc: give the parent time to reach its wait
        time.sleep(0.5)
        return
    asleep_since, deadline = None, time.monotonic() + 10
    while time.monotonic() < deadline:
        state = stat.read_text().rsplit(")", 1)[1].split()[0]
        waiting_on = wchan.read_text() if wchan.exists() else ""
        # A kernel that hides wchan shows "0": the state alone must do there.
        on_a_pipe = waiting_on in ("", "0") or any(
            word in waiting_on for word in ("pipe", "poll", "select")
        )
        now = time.monotonic()
        if state != "S" or not on_a_pipe:
            asleep_since = None
        elif asleep_since is None:
            asleep_since = now
        elif now - asleep_since >= 0.05:
            return
        time.sleep(0.005)


def import_parallel(
    session_factory: sessionmaker[Session], records: Records, **options: Any
) -> ImportReport:
    return import_records(session_factory, SYSTEM, records, parallel=True, **options)


def writes_beside_validation(session_factory: sessionmaker[Session]) -> bool:
    with session_factory() as session:
        return import_dialect(session).writes_beside_validation


def only_validator(reading: Reading) -> tuple[int, list[str]]:
    validators = reading.validators()
    assert len(validators) == 1, validators  # the file was validated in one other process
    return next(iter(validators.items()))


def sites_committed(engine: Engine) -> int:
    """Sites another connection sees: what is committed."""
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Site)) or 0


def site(n: int, **fields: Any) -> dict[str, Any]:
    return {"type": "site", "key": f"site-{n}", "name": f"Site {n}", "kind": "temple", **fields}


def test_an_error_on_the_last_line_changes_nothing_though_batches_were_written(
    session_factory: sessionmaker[Session], engine: Engine, tmp_path: Path
) -> None:
    beside = writes_beside_validation(session_factory)
    before = every_row(engine)
    text = jsonl(*(site(n) for n in range(1, 10)), {**site(10), "kind": "castle-ish"})
    # Validation waits before the last line until the writer has written four batches (on
    # SQLite the writer waits for validation: it is not held).
    reading = Reading(tmp_path, text, hold_before=10 if beside else 0)
    written: list[int] = []
    committed: list[int] = []

    def progress(done: int) -> None:
        written.append(done)
        committed.append(sites_committed(engine))
        if done >= 8:
            reading.go.touch()

    report = import_parallel(session_factory, reading, batch_size=2, progress=progress)

    if beside:
        assert written == [2, 4, 6, 8]  # four batches written, held until validation ended
        assert committed == [0, 0, 0, 0]  # and never visible to anyone else
    else:
        assert written == []  # nothing written before the verdict
    assert not report.ok and report.records == 10 and report.written == 0
    assert [(p.line, p.field) for p in report.problems] == [(10, "kind")]
    assert report.created == {} and report.warnings == []
    assert every_row(engine) == before  # no site, no revision, not even a commit number
    pid, events = only_validator(reading)
    assert events == ["start", "end"]
    assert_gone(pid)


def _file(n: int) -> list[dict[str, Any]]:
    """A file of every type, with references across batches."""
    lines: list[dict[str, Any]] = [PALMYRA]
    lines += [site(i, parent="unesco:23" if i % 2 else "palmyra") for i in range(n)]
    lines += [{"type": "actor", "key": f"actor-{i}", "name": f"Actor {i}"} for i in range(3)]
    lines += [{"type": "source", "key": "sana", "name": "SANA", "kind": "organisation"}]
    lines += [
        {
            "type": "article",
            "url": f"https://example.org/{i}",
            "publisher": "sana",
            "title": f"Report {i}",
            "published": "2015-09-01",
        }
        for i in range(3)
    ]
    lines += [
        {
            "type": "event",
            "key": f"event-{i}",
            "event_type": "destroyed",
            "date": "2015-08-30",
            "sites": [f"site-{i}"],
            "actors": [{"actor": f"actor-{i % 3}", "role": "perpetrator"}],
        }
        for i in range(n)
    ]
    lines += [
        {
            "type": "claim",
            "key": f"claim-{i}",
            "article": f"https://example.org/{i % 3}",
            "event": f"event-{i}",
            "stance": "affirms",
            "basis": "imagery",
        }
        for i in range(n)
    ]
    return lines


def _changed(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same file with some updates and an article that differs from the stored one."""
    changed = [dict(line) for line in lines]
    for line in changed:
        if line["type"] == "site" and line["key"].endswith("3"):
            line["description"] = "Damaged."
        if line["type"] == "article" and line["url"].endswith("/1"):
            line["title"] = "Another title"
    return changed


def _import_twice(
    session_factory: sessionmaker[Session], import_: Callable[[str], ImportReport]
) -> tuple[ImportReport, ImportReport, str, int]:
    """Import a file, then a changed one; the reports, then what is stored."""
    lines = _file(12)
    first = import_(jsonl(*lines))
    second = import_(jsonl(*_changed(lines)))
    with session_factory() as session:
        revisions = session.scalar(select(func.count()).select_from(Revision)) or 0
    return first, second, export_text(session_factory), revisions


def test_a_good_file_gives_the_stored_records_and_report_of_the_sequential_import(
    session_factory: sessionmaker[Session], engine: Engine, tmp_path: Path
) -> None:
    beside = writes_beside_validation(session_factory)
    sequential = _import_twice(
        session_factory,
        lambda text: import_records(
            session_factory, SYSTEM, lambda: read_jsonl(io.StringIO(text)), batch_size=4
        ),
    )
    empty_tables(engine)
    validators: list[int] = []
    committed: list[int] = []

    def in_parallel(text: str) -> ImportReport:
        (tmp_path / "go").unlink(missing_ok=True)
        # Validation waits at line 13 until the writer has written two batches: they are
        # held, then committed with validation's verdict; the rest go a batch at a time.
        # On SQLite every batch is written after the verdict, each committed at once.
        reading = Reading(tmp_path, text, hold_before=13 if beside else 0)

        def progress(done: int) -> None:
            committed.append(sites_committed(engine))
            if done >= 8:
                reading.go.touch()

        report = import_parallel(session_factory, reading, batch_size=4, progress=progress)
        pid, events = only_validator(reading)
        assert events == ["start", "end"]
        assert_gone(pid)
        validators.append(pid)
        reading.log.unlink()
        return report

    parallel = _import_twice(session_factory, in_parallel)

    # The first two batches of the first import were held, or on SQLite committed at once.
    assert committed[:2] == ([0, 0] if beside else [4, 8])
    assert len(validators) == 2
    first, second, exported, revisions = parallel
    assert first.ok and first.created["claim"] == 12 and first.written == first.records == 44
    assert second.updated == {"site": 1} and len(second.warnings) == 1
    assert parallel == sequential  # reports, stored records and revisions alike


def _refused_file(second_text: str) -> str:
    def article(url: str, text: str) -> dict[str, Any]:
        return {
            "type": "article",
            "url": url,
            "publisher": "bbc",
            "title": "The temple",
            "published": "2015-09-01",
            "text": text,
            "captured_at": "2015-09-01T12:00:00+00:00",
        }

    return jsonl(
        {"type": "source", "key": "bbc", "name": "BBC", "kind": "organisation"},
        PALMYRA,
        article("https://example.org/a", "The temple was destroyed."),
        article("https://example.org/b", second_text),
        *(site(n) for n in range(20)),
    )


@pytest.mark.parametrize("validator_held", [True, False])
def test_a_record_only_the_database_refuses_stops_as_the_sequential_import_does(
    session_factory: sessionmaker[Session], tmp_path: Path, validator_held: bool
) -> None:
    # Lines 3 and 4 carry the same text under two URLs: validation cannot see that, the
    # articles service refuses the second one, in the second batch. Held for a second before
    # line 5, validation is still running then (the refusal waits for its verdict before
    # committing the first batch); not held, it has most likely ended. Either way, the
    # outcome is the sequential import's.
    reading = Reading(
        tmp_path,
        _refused_file("The temple was destroyed."),
        hold_before=5 if validator_held else 0,
        timeout=1,
    )

    report = import_parallel(session_factory, reading, batch_size=2)

    assert not report.ok and report.records == 24 and report.written == 2
    assert [(p.line, p.field) for p in report.problems] == [(4, "text")]
    assert report.created == {"source": 1, "site": 1}  # the batch before it is committed
    with session_factory() as session:
        assert session.scalars(select(Source.key)).all() == ["bbc"]
        assert session.scalars(select(Site.key)).all() == ["palmyra"]
        assert session.scalars(select(Article.url)).all() == []
    assert_gone(only_validator(reading)[0])

    fixed = _refused_file("The temple lies in ruins.")
    rerun = import_parallel(session_factory, lambda: read_jsonl(io.StringIO(fixed)))
    assert rerun.ok, rerun.problems
    assert rerun.unchanged == {"source": 1, "site": 1}
    assert rerun.created == {"article": 2, "site": 20}


@pytest.fixture
def python_ctrl_c() -> Iterator[None]:
    """Ctrl-C as Python handles it by default (KeyboardInterrupt), whatever an earlier test
    or library of the session installed, and put back after."""
    found = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, found)


@pytest.mark.usefixtures("python_ctrl_c")
def test_an_interrupted_import_leaves_no_process_and_commits_nothing_held(
    session_factory: sessionmaker[Session], engine: Engine, tmp_path: Path
) -> None:
    beside = writes_beside_validation(session_factory)
    before = every_row(engine)
    # Validation waits before the last line until `go`, which never comes. On SQLite the
    # writer waits for the verdict meanwhile: Ctrl-C reaches it there.
    reading = Reading(
        tmp_path, jsonl(*(site(n) for n in range(10))), hold_before=10, interrupt=not beside
    )

    def interrupt(done: int) -> None:  # like Ctrl-C once the first batch is written
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_parallel(
            session_factory, reading, batch_size=3, progress=interrupt if beside else None
        )

    pid, events = only_validator(reading)
    # It never read the file to its end: it was stopped, not waited for (its hold would
    # have ended after 30 s and let it finish).
    assert events == ["start"]
    assert_gone(pid)
    assert every_row(engine) == before
    rerun = import_parallel(session_factory, lambda: read_jsonl(io.StringIO(reading.text)))
    assert rerun.ok and rerun.created == {"site": 10}


@pytest.mark.parametrize("end", ["error", "killed"])
def test_a_validator_that_ends_without_a_verdict_fails_the_import_and_changes_nothing(
    session_factory: sessionmaker[Session], engine: Engine, tmp_path: Path, end: str
) -> None:
    before = every_row(engine)
    text = jsonl(*(site(n) for n in range(10)))
    parent = os.getpid()

    def records() -> Iterator[tuple[int, dict[str, Any] | ImportProblem]]:
        for line, record in read_jsonl(io.StringIO(text)):
            if line == 7 and os.getpid() != parent:  # the validator, past two batches
                if end == "error":
                    raise RuntimeError("the disk went away")
                os.kill(os.getpid(), signal.SIGKILL)
            yield line, record

    expected = "the disk went away" if end == "error" else "exit code -9"
    with pytest.raises(ValidationFailed, match=expected):
        import_parallel(session_factory, records, batch_size=3)

    assert every_row(engine) == before


def test_an_in_memory_database_is_validated_in_the_same_process(tmp_path: Path) -> None:
    engine = make_engine("sqlite://")  # another process could not open it
    migrate.upgrade(engine)
    reading = Reading(tmp_path, jsonl(PALMYRA, site(1)))

    report = import_parallel(make_session_factory(engine), reading)

    assert report.ok and report.created == {"site": 2}
    assert reading.validators() == {}
    engine.dispose()


@pytest.mark.parametrize("interrupted", [False, True])
def test_the_garbage_collector_runs_once_per_batch_and_is_given_back_as_it_was(
    session_factory: sessionmaker[Session], tmp_path: Path, interrupted: bool
) -> None:
    reading = Reading(tmp_path, jsonl(*(site(n) for n in range(1, 10))))
    collections: list[int] = []  # generations collected while the import writes

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and writing:
            collections.append(info["generation"])

    def progress(done: int) -> None:
        if interrupted:
            raise KeyboardInterrupt

    frozen = gc.get_freeze_count()
    writing = True
    gc.callbacks.append(note)
    try:
        if interrupted:
            with pytest.raises(KeyboardInterrupt):
                import_parallel(session_factory, reading, batch_size=3, progress=progress)
        else:
            report = import_parallel(session_factory, reading, batch_size=3, progress=progress)
            assert report.ok and report.created == {"site": 9}
    finally:
        writing = False
        gc.callbacks.remove(note)

    # None as the import starts (what the process holds is frozen as it is), then one per
    # batch written, and none whenever allocations pile up.
    assert collections == ([1] if interrupted else [1, 1, 1])
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
