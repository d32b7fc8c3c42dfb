"""The import's helper processes: forked children that validate the file, or regrade the
events, beside the process that writes, each telling it through a pipe how far it has got;
and the garbage collector of the import's own process, run once per batch.

They fork: only the command line uses them, never a server (a fork copies no other
thread, and no lock they hold is ever released). What a child does is given to it (the
importer's own functions), so that this module knows processes and pipes, not records.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from heritage.db import is_in_memory

SessionFactory = Callable[[], Session]


class Verdict(Protocol):
    """What validation ends with (the importer's ImportReport)."""

    @property
    def records(self) -> int: ...

    @property
    def problem_count(self) -> int: ...

    @property
    def ok(self) -> bool: ...


V = TypeVar("V", bound=Verdict)


def can_fork_beside(session_factory: SessionFactory) -> bool:
    """Whether a forked process can work on the database: it needs the engine (to leave
    the parent's connections alone) and a database it can open too (not an in-memory
    SQLite one)."""
    engine = _engine_of(session_factory)
    if engine is None or "fork" not in multiprocessing.get_all_start_methods():
        return False
    return not is_in_memory(engine)


def _engine_of(session_factory: SessionFactory) -> Engine | None:
    bind = getattr(session_factory, "kw", {}).get("bind")  # a sessionmaker's engine
    return bind if isinstance(bind, Engine) else None


class CollectedPerBatch:
    """The cyclic garbage collector run once per batch instead of whenever allocations
    outnumber deallocations by 700, which in an import is every few records: each run
    walked the young objects again, and every tenth the older ones, 15–20 % of the
    writing. What the process holds before the import (modules, mappers, compiled
    statements) is frozen out of the collector's sight, as `heritage serve` does.

    The collector is process-wide: only a process that is the import's own (the command
    line's, which forks its validator anyway) may do this, never a threaded server."""

    FULL_EVERY = 100  # batches between collections of the oldest generation

    def __enter__(self) -> CollectedPerBatch:
        self._was_enabled = gc.isenabled()
        self._thaw = gc.get_freeze_count() == 0  # a caller's frozen heap stays frozen
        self._batches = 0
        # Frozen uncollected: a full collection of the start-up heap first took 60 ms of a
        # 2.5 s import, to free the little garbage start-up leaves, which the exit's
        # unfreeze hands back to the collector anyway.
        gc.freeze()
        gc.disable()
        return self

    def after_batch(self, _written: int) -> None:
        self._batches += 1
        gc.collect(2 if self._batches % self.FULL_EVERY == 0 else 1)

    def __exit__(self, *_exc_info: object) -> None:
        if self._thaw:
            gc.unfreeze()
        if self._was_enabled:
            gc.enable()


class Refused(Exception):
    """Validation found a problem in the file: whatever was written must be rolled back."""


class ValidationFailed(RuntimeError):
    """The validator process ended without a verdict (an error in it, or it was killed)."""


# Validation in a child: given a callback to call after each record it checks, with the
# verdict so far, it returns the verdict.
Validation = Callable[[Callable[[V], None]], V]


class ValidatorProcess(Generic[V]):
    """Pass 1 (`validate`, the importer's validate_records) in a forked child process.
    Through a pipe it tells how many records it has checked and how many problems it has
    found so far (after each `every` records, and at once at the first problem), then
    sends its verdict: the validation's report, problems sorted and capped as usual.

    Used as a context manager: leaving it terminates the child if it still runs (an
    exception, Ctrl-C) and reaps it. The child ignores Ctrl-C (the parent decides), is a
    daemon, and ends when the parent is gone (its next message finds the pipe broken)."""

    def __init__(
        self, session_factory: SessionFactory, validate: Validation[V], every: int
    ) -> None:
        self._session_factory = session_factory
        self._validate = validate
        self._every = max(every, 1)
        self._checked = 0
        self._problems = 0
        self._verdict: V | None = None

    def __enter__(self) -> ValidatorProcess[V]:
        self._process, self._receiver = _fork(
            self._session_factory,
            _validate_in_child,
            (self._session_factory, self._validate, self._every),
            "heritage-import-validator",
        )
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receiver.close()

    def wait_until_checked(self, records: int) -> None:
        """Return once the first `records` records are checked; Refused if any problem."""
        while self._checked < records and not self._problems and self._verdict is None:
            self._receive()
        if self._problems:
            raise Refused

    def ended_without_problem(self) -> bool:
        """Whether validation has ended (without waiting for it); Refused if any problem."""
        while self._verdict is None and self._receiver.poll():
            self._receive()
        if self._problems:
            raise Refused
        return self._verdict is not None

    def wait_until_valid(self) -> None:
        """Wait for the verdict; Refused if it found any problem."""
        if not self.wait_for_verdict().ok:
            raise Refused

    def wait_for_verdict(self) -> V:
        while self._verdict is None:
            self._receive()
        return self._verdict

    def _receive(self) -> None:
        try:
            kind, content = self._receiver.recv()
        except EOFError:
            self._process.join()
            raise ValidationFailed(
                f"The validating process ended (exit code {self._process.exitcode})"
                " without a verdict."
            ) from None
        if kind == "checked":
            self._checked, self._problems = content
        elif kind == "verdict":
            self._verdict = content
            self._checked, self._problems = content.records, content.problem_count
            self._process.join(timeout=1)  # it ends with this message: no zombie meanwhile
        else:
            raise ValidationFailed(f"Validation failed in its process:\n{content}")


def _fork(
    session_factory: SessionFactory, target: Callable[..., None], args: tuple[Any, ...], name: str
) -> tuple[multiprocessing.process.BaseProcess, Connection]:
    """Start `target(*args, receiver, sender)` in a forked daemon process that shares the
    database of `session_factory`; return it and the end of the pipe it sends on."""
    engine = _engine_of(session_factory)
    assert engine is not None  # can_fork_beside said so
    # SQLite forbids using a connection across fork(), even to close it: fork with none
    # open in the pool.
    engine.dispose()
    receiver, sender = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(
        target=target, args=(*args, receiver, sender), name=name, daemon=True
    )
    process.start()
    sender.close()  # the child's end: once the child is gone, receiving ends
    return process, receiver


def _start_child(session_factory: SessionFactory, receiver: Connection) -> None:
    """What a forked child (_fork) does first."""
    receiver.close()  # the parent's end: left open here, a dead parent's pipe never breaks
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches both: the parent decides
    engine = _engine_of(session_factory)
    assert engine is not None
    # Connections inherited from the parent are its own (SQLAlchemy: "Using Connection Pools
    # with Multiprocessing or os.fork()"): start a pool of this process's.
    engine.dispose(close=False)


def _validate_in_child(
    session_factory: SessionFactory,
    validate: Validation[V],
    every: int,
    receiver: Connection,
    sender: Connection,
) -> None:
    """The validator process: `validate`, telling the parent as it goes."""
    _start_child(session_factory, receiver)
    told_of_problem = False

    def tell(report: V) -> None:
        nonlocal told_of_problem
        first_problem = report.problem_count > 0 and not told_of_problem
        if first_problem or report.records % every == 0:
            told_of_problem = report.problem_count > 0
            sender.send(("checked", (report.records, report.problem_count)))

    with _telling_failure(sender):
        sender.send(("verdict", validate(tell)))


@contextmanager
def _telling_failure(sender: Connection) -> Iterator[None]:
    """A forked child's work (_fork): its failure is sent to the parent, with the
    traceback; the parent gone, it ends quietly; either way its end of the pipe closes."""
    try:
        yield
    except BrokenPipeError:
        return  # the parent is gone, and the import with it
    except BaseException:
        with suppress(BrokenPipeError):
            sender.send(("failed", traceback.format_exc()))
    finally:
        sender.close()


class GradingFailed(RuntimeError):
    """The grading process ended before its share was done (an error in it, or killed):
    what it left stays noted for the next import."""


# Regrading in a child: given at most how many events to regrade, and a callback to call
# with the count after each transaction.
Grading = Callable[[int, Callable[[int], None]], None]


class GraderProcess:
    """A forked child that regrades its share of the events noted for grading at the
    import's end (`grade`, the importer's: those of odd id), once told to `start`,
    telling through a pipe how many after each transaction. It is forked as the import
    begins, while this process is small: forked at the end, it shared the writer's grown
    heap, which the two then copied page by page as either wrote to it (100 MB more,
    summed, at full scale).

    Used as a context manager, like ValidatorProcess: leaving it ends a child never told
    to start, and terminates one still grading, whose transaction then never commits."""

    def __init__(self, session_factory: SessionFactory, grade: Grading) -> None:
        self._session_factory = session_factory
        self._grade = grade
        self._started = False
        self._done = False
        self._failure: str | None = None

    def __enter__(self) -> GraderProcess:
        go, self._go = multiprocessing.Pipe(duplex=False)
        self._process, self._receiver = _fork(
            self._session_factory,
            _grade_in_child,
            (self._session_factory, self._grade, go, self._go),
            "heritage-import-grader",
        )
        go.close()  # the child's end
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self._go.close()  # a child never told to start ends on its own
        if self._started and self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receiver.close()

    def start(self, total: int) -> None:
        """Start regrading the child's share, at most `total` events."""
        self._started = True
        self._go.send(total)

    def poll(self, graded: Callable[[int], None]) -> None:
        """Pass on to `graded` what the child has regraded so far, without waiting."""
        while not self._done and self._receiver.poll():
            self._receive(graded)

    def wait(self, graded: Callable[[int], None]) -> None:
        """Pass on to `graded` what the child regrades, until it is done; then GradingFailed
        if it failed (only then: this process regrades its own share first)."""
        while not self._done:
            self._receive(graded)
        if self._failure is not None:
            raise GradingFailed(
                f"{self._failure}\nThe events it left stay noted: the next import's end"
                " regrades them."
            )

    def _receive(self, graded: Callable[[int], None]) -> None:
        try:
            kind, content = self._receiver.recv()
        except EOFError:
            self._process.join()
            kind, content = "failed", f"It ended with exit code {self._process.exitcode}."
        if kind == "graded":
            graded(content)
            return
        self._done = True
        self._process.join(timeout=1)
        if kind == "failed":
            self._failure = f"The grading process failed before its share was done. {content}"


def _grade_in_child(
    session_factory: SessionFactory,
    grade: Grading,
    go: Connection,
    go_sender: Connection,
    receiver: Connection,
    sender: Connection,
) -> None:
    """The grading process (GraderProcess): once told, its share."""
    go_sender.close()  # the parent's end: left open here, its closing would go unseen
    _start_child(session_factory, receiver)
    with _telling_failure(sender):
        try:
            total = go.recv()
        except EOFError:  # the import ended without needing this process
            return
        grade(total, lambda count: sender.send(("graded", count)))
        sender.send(("done", None))
