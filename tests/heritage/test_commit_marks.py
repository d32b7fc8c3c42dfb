"""A server's commit marks (changes.CommitMarks): each thread reads the mark on a connection
of its own, outside the pool, and still sees every commit as `last_commit` does."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from heritage import migrate
from heritage.db import make_engine
from heritage.services import changes
from tests.heritage import builders as b


@pytest.fixture
def server_engine(database_url: str) -> Iterator[Engine]:
    """An engine of its own, as a server's: disposing it closes the readers it opened."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def write_something(session_factory: sessionmaker[Session], name: str) -> None:
    with session_factory() as session:
        b.site(session, name, "temple")
        session.commit()


def is_open(connection: Any) -> bool:
    try:
        connection.execute("SELECT 1").fetchall()
    except Exception:  # noqa: BLE001 (sqlite3 and psycopg each raise their own)
        return False
    return True


def test_each_read_sees_the_last_commit_at_once(
    server_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    marks = changes.CommitMarks(server_engine)
    before = marks.read()
    assert before == changes.last_commit(server_engine)
    write_something(session_factory, "Temple of Nabu")
    after = marks.read()  # the same connection as the read before, which saw the old mark
    assert after != before
    assert after == changes.last_commit(server_engine)
    assert marks.read() == after


def test_each_thread_reads_on_a_connection_of_its_own_outside_the_pool(
    server_engine: Engine,
) -> None:
    marks = changes.CommitMarks(server_engine)
    mine = marks.reader()
    marks.read()
    theirs: list[Any] = []

    def read_in_another_thread() -> None:
        theirs.append((marks.read(), marks.reader()))

    thread = threading.Thread(target=read_in_another_thread)
    thread.start()
    thread.join()
    (their_mark, their_reader) = theirs[0]
    assert their_mark == marks.read()
    assert their_reader is not mine and their_reader.connection is not mine.connection
    assert marks.reader() is mine  # kept for the next request
    assert server_engine.pool.checkedout() == 0  # nothing held from the pool


def test_disposing_the_engine_closes_every_reader(server_engine: Engine) -> None:
    marks = changes.CommitMarks(server_engine)
    mark = marks.read()
    reader = marks.reader()
    assert is_open(reader.connection)
    server_engine.dispose()
    assert not is_open(reader.connection)
    assert marks.read() == mark  # on a new connection
    assert marks.reader() is not reader


def test_a_connection_that_failed_is_replaced_and_the_read_still_answers(
    server_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    marks = changes.CommitMarks(server_engine)
    marks.read()
    broken = marks.reader()
    if server_engine.dialect.name == "postgresql":
        # As a server restart or an administrator would end it.
        backend = broken.connection.info.backend_pid
        with server_engine.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
    else:
        broken.connection.close()
    write_something(session_factory, "Temple of Bel")
    assert marks.read() == changes.last_commit(server_engine)
    replaced = marks.reader()
    assert replaced is not broken
    assert is_open(replaced.connection)


def test_an_in_memory_database_is_read_through_the_pool() -> None:
    engine = make_engine("sqlite://")
    try:
        migrate.upgrade(engine)
        marks = changes.CommitMarks(engine)
        assert marks.read() == changes.last_commit(engine)
    finally:
        engine.dispose()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_opens_its_own_and_leaves_the_parents_alone(
    server_engine: Engine,
) -> None:
    """A child inherits the parent's reader; closing it there would end the parent's
    session on the socket they share (PostgreSQL's Terminate message)."""
    marks = changes.CommitMarks(server_engine)
    mark = marks.read()
    parents = marks.reader()
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child's coverage is not collected)
        try:
            os.close(read_end)
            ok = marks.read() == mark and marks.reader() is not parents
            server_engine.dispose()  # closes the child's readers, never the inherited one
            os.write(write_end, b"ok" if ok else b"wrong")
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as answer:
        assert answer.read() == b"ok"
    os.waitpid(child, 0)
    assert marks.read() == mark
    assert marks.reader() is parents  # its connection still works: not replaced
    assert is_open(parents.connection)
