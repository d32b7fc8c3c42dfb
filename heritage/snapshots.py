"""Several connections reading one committed state, for a read split across threads (the
CSV export in slices): each connection alone would see the state of its own first read,
and a commit between two of them would show half of a change.

PostgreSQL exports the first transaction's snapshot and the others adopt it (what
`pg_dump -j` does). SQLite (WAL) fixes a read transaction's snapshot at its first read:
each connection opens one and reads the commit mark (heritage.services.changes), which
every service write moves; if the marks differ, a commit came between, and all start over.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.pool import SingletonThreadPool, StaticPool

from heritage.db import is_in_memory
from heritage.services.changes import commit_mark

SQLITE_ATTEMPTS = 10  # a writer would have to commit between two reads ten times running
_SNAPSHOT_ID = re.compile(r"^[0-9A-F]+-[0-9A-F]+(-[0-9A-F]+)?$")
_REPEATABLE_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"


class SnapshotNotShared(Exception):
    """SQLite's connections kept seeing different commits: writers commit too often."""


# Called with the connections opened so far, after each one's snapshot is taken: a test
# commits there to land a write between two of them.
after_snapshot: Callable[[list[Any]], None] | None = None


def can_share(engine: Engine) -> bool:
    """Whether separate connections of `engine` reach the same database from other threads:
    not an in-memory SQLite database, nor a pool that hands every thread one connection."""
    if isinstance(engine.pool, SingletonThreadPool | StaticPool):
        return False
    if engine.dialect.name == "sqlite":
        return not is_in_memory(engine)
    return engine.dialect.name == "postgresql"


@contextmanager
def shared_snapshot(engine: Engine, count: int) -> Iterator[list[Any]]:
    """`count` pooled DB-API connections, each in a read-only transaction on the same
    committed state; rolled back and returned to the pool on exit."""
    with ExitStack() as stack:
        connections = []
        for _ in range(count):
            connection = engine.raw_connection()
            stack.callback(connection.close)  # rolls back, back to the pool
            connections.append(connection)
        if engine.dialect.name == "postgresql":
            _share_postgresql(connections)
        else:
            _share_sqlite(connections)
        yield connections


def _share_postgresql(connections: list[Any]) -> None:
    # psycopg opens the transaction at the first statement; SET TRANSACTION comes first.
    first, *others = connections
    with first.cursor() as cursor:
        cursor.execute(_REPEATABLE_READ)
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
    # SET takes no bound parameters: the id is checked to be what the server writes.
    assert _SNAPSHOT_ID.match(snapshot), snapshot
    _taken(connections[:1])
    for opened, connection in enumerate(others, start=2):
        with connection.cursor() as cursor:
            cursor.execute(_REPEATABLE_READ)
            cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
        _taken(connections[:opened])


def _share_sqlite(connections: list[Any]) -> None:
    for _attempt in range(SQLITE_ATTEMPTS):
        marks = []
        for opened, connection in enumerate(connections, start=1):
            cursor = connection.cursor()
            cursor.execute("BEGIN")  # sqlite3 would not open one for a read
            marks.append(commit_mark(cursor))  # the first read fixes the snapshot
            cursor.close()
            _taken(connections[:opened])
        if len(set(marks)) == 1:
            return
        for connection in connections:
            connection.rollback()
    raise SnapshotNotShared(f"{len(connections)} connections saw different commits")


def _taken(connections: list[Any]) -> None:
    if after_snapshot is not None:
        after_snapshot(connections)
