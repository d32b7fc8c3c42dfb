"""Helpers for the interchange tests: files from records, table snapshots, a second,
empty database."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from heritage import migrate
from heritage.auth import SYSTEM, Principal
from heritage.db import Base, make_engine, make_session_factory
from heritage.interchange.importer import ImportProblem, ImportReport, import_records
from heritage.interchange.jsonl import export_jsonl, read_jsonl
from heritage.models import Revision

# A city with an external identifier, as a partner's file gives it.
PALMYRA = {
    "type": "site",
    "key": "palmyra",
    "name": "Palmyra",
    "kind": "city",
    "identifiers": [{"scheme": "unesco", "value": "23"}],
}


def jsonl(*records: dict[str, Any] | str) -> str:
    """A JSON Lines file; a string is written as the line itself (for malformed lines)."""
    return "".join(
        (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records
    )


def import_text(
    session_factory: sessionmaker[Session],
    text: str,
    principal: Principal = SYSTEM,
    **options: Any,
) -> ImportReport:
    return import_records(
        session_factory, principal, lambda: read_jsonl(io.StringIO(text)), **options
    )


def export_text(
    session_factory: sessionmaker[Session], principal: Principal = SYSTEM, **kw: Any
) -> str:
    out = io.StringIO()
    with session_factory() as session:
        export_jsonl(session, principal, out, **kw)
    return out.getvalue()


def every_row(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to show an import changed nothing."""
    with engine.connect() as connection:
        return {
            table.name: sorted(
                (tuple(str(v) for v in row) for row in connection.execute(table.select())),
            )
            for table in Base.metadata.sorted_tables
        }


def revision_count(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(Revision)) or 0


def empty_database(directory: Path) -> sessionmaker[Session]:
    """A second database, migrated and empty (SQLite, whatever the main test engine)."""
    engine = make_engine(f"sqlite:///{directory / 'second.db'}")
    migrate.upgrade(engine)
    return make_session_factory(engine)


def assert_gone(pid: int) -> None:
    """The process has ended and was reaped (a zombie would still answer a signal 0)."""
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


class PausedValidation:
    """A file as import_records reads it (`records()`), whose validation stops before line
    `at` until the test calls `resume()`: in the validator process when the import forks
    one (`forked`), else on the first reading. `in_time` tells whether validation went on
    because of `resume()` rather than after `timeout` seconds."""

    def __init__(self, text: str, at: int, *, forked: bool, timeout: float = 30) -> None:
        fork = multiprocessing.get_context("fork")  # shared with a forked validator
        self.text = text
        self.at = at
        self.forked = forked
        self.timeout = timeout
        self.paused = fork.Event()
        self._resumed = fork.Event()
        self._in_time = fork.Value("b", 0)
        self._parent = os.getpid()
        self._readings = 0

    def __call__(self) -> Iterator[tuple[int, dict[str, Any] | ImportProblem]]:
        self._readings += 1  # in this process
        validating = os.getpid() != self._parent if self.forked else self._readings == 1
        for line, record in read_jsonl(io.StringIO(self.text)):
            if validating and line == self.at:
                self.paused.set()
                self._in_time.value = int(self._resumed.wait(self.timeout))
            yield line, record

    def resume(self) -> None:
        self._resumed.set()

    @property
    def in_time(self) -> bool:
        return bool(self._in_time.value)
