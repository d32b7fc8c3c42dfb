"""The history of a site costs a constant, small number of queries whatever its size."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import ANONYMOUS
from heritage.db import make_session_factory
from heritage.models import Site
from heritage.services.history import site_history
from tests.conftest import empty_tables
from tests.heritage import builders as b

# The site with its parts and ancestors, the events with their links, actors, claims, and
# the sources' and actors' lineages; the descendants' walk when asked for.
MAX_QUERIES = 6


@dataclass
class Sites:
    small: int
    big: int
    small_events: int
    big_events: int


def _fill(session: Session, site: Site, events: int, sources: list[Any], actors: list[Any]) -> None:
    for index in range(events):
        day = dt.date(2015, 1, 1) + dt.timedelta(days=index)
        happened = b.event(
            session,
            site,
            "looted" if index % 2 else "captured",
            day.isoformat(),
            actors=[(actors[index % 2], "perpetrator"), (actors[(index + 1) % 2], "controller")],
        )
        article = b.article(session, sources[index % 3], day + dt.timedelta(days=1))
        b.claim(session, article, happened, speaker=sources[(index + 1) % 3])
        # A stated date on every tenth claim only: parsing EDTF is slow (pyparsing).
        b.claim(
            session,
            b.article(session, sources[(index + 2) % 3], day + dt.timedelta(days=2)),
            happened,
            stated_date=day.isoformat() if index % 10 == 0 else None,
            stated_actor=actors[index % 2],
        )


@pytest.fixture(scope="module")
def session_factory(engine: Engine) -> Iterator[sessionmaker[Session]]:
    """One database for the whole module: building 300 events once is enough. It replaces
    the per-test fixture of the same name, and empties the tables when the module ends."""
    try:
        yield make_session_factory(engine)
    finally:
        empty_tables(engine)


@pytest.fixture(scope="module")
def sites(session_factory: sessionmaker[Session]) -> Sites:
    with session_factory() as session:
        region = b.site(session, "Homs Governorate", "other")
        city = b.site(session, "Palmyra", "city", parent=region)
        isil = b.actor(session, "ISIL")
        army = b.actor(session, "Syrian Arab Army", part_of=b.actor(session, "Government"))
        observatory = b.source(session, "Syrian Observatory for Human Rights")
        director = b.source(session, "Rami Abdulrahman", "person", affiliation=observatory)
        sources = [observatory, director, b.source(session, "SANA", speaks_for=army)]
        _fill(session, city, 1, sources, [isil, army])  # inherited by both sites
        counts = {}
        for name, size in (("small", 1), ("big", 300)):
            site = b.site(
                session,
                f"Temple {name}",
                "temple",
                parent=city,
                names=[{"name": f"Maʿbad {name}", "lang": "ar-Latn"}],
                identifiers=[{"scheme": "pleiades", "value": str(1000 + size)}],
                designations=["world_heritage"],
            )
            _fill(session, site, size, sources, [isil, army])
            child = b.site(session, f"Cella {name}", "temple", parent=site)
            _fill(session, child, 1, sources, [isil, army])
            counts[name] = site.id
        session.commit()
    return Sites(small=counts["small"], big=counts["big"], small_events=3, big_events=302)


def _watch(dbapi_connection: Any, record: Callable[[str], None] | None) -> None:
    """Have the driver report each statement it is given to `record` (None: stop)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.set_trace_callback(record)
        return
    # psycopg: libpq's own trace of the protocol, so that statements sent past psycopg's
    # cursors (the commit mark's prepared read) are seen too; reported at check-in.
    from psycopg import pq

    pgconn = dbapi_connection.pgconn
    if record is not None:
        trace = tempfile.TemporaryFile()  # noqa: SIM115 (closed at check-in, below)
        pgconn.trace(trace.fileno())
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        _TRACES[id(dbapi_connection)] = (trace, record)
        return
    trace, report = _TRACES.pop(id(dbapi_connection))
    pgconn.untrace()
    trace.seek(0)
    for statement in _sent_statements(pgconn, trace.read().decode()):
        report(statement)
    trace.close()


_TRACES: dict[int, tuple[IO[bytes], Callable[[str], None]]] = {}
_MESSAGE = re.compile(r"^F\t\d+\t(Query|Parse|Bind|Execute)\t ?(.*)", re.S)
_QUOTED = re.compile(r'"((?:[^"]|"")*)"')
_TRANSACTION_CONTROL = re.compile(r"^(BEGIN|COMMIT|ROLLBACK)\b")


def _sent_statements(pgconn: Any, trace: str) -> list[str]:
    """The statements a libpq trace shows the client sending: each simple Query, and each
    Execute of the statement last bound (its text from its Parse, or from the server if it
    was prepared before the trace began). BEGIN, COMMIT and ROLLBACK are psycopg's own."""
    texts: dict[str, str] = {}
    bound, sent = "", []
    for message in re.split(r"\n(?=[FB]\t\d+\t)", trace):
        match = _MESSAGE.match(message)
        if match is None:
            continue
        kind, fields = match[1], _QUOTED.findall(match[2])
        if kind == "Query":
            sent.append(fields[0])
        elif kind == "Parse":
            texts[fields[0]] = fields[1]
        elif kind == "Bind":
            bound = fields[1]
        elif bound in texts:
            sent.append(texts[bound])
        else:
            sent.append(_prepared_text(pgconn, bound))
    return [text for text in sent if not _TRANSACTION_CONTROL.match(text)]


def _prepared_text(pgconn: Any, name: str) -> str:
    result = pgconn.exec_params(
        b"SELECT statement FROM pg_prepared_statements WHERE name = $1", [name.encode()]
    )
    return str(result.get_value(0, 0).decode()) if result.ntuples else f"<prepared {name}>"


@contextmanager
def watching(dbapi_connection: Any) -> Iterator[list[str]]:
    """The statements one DB-API connection runs inside the block (one outside the pool,
    such as a thread's commit mark reader)."""
    statements: list[str] = []
    _watch(dbapi_connection, statements.append)
    try:
        yield statements
    finally:
        _watch(dbapi_connection, None)


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """The statements run on connections checked out inside the block, seen by the driver:
    the history runs most of its own on the DB-API cursor, past SQLAlchemy's events."""
    statements: list[str] = []
    # Checked out and not yet back: a connection detached from the pool (a thread's commit
    # mark reader, opened on first use) never comes back, so its watch ends with the block.
    watched: dict[int, Any] = {}

    def checkout(dbapi_connection: Any, *_: Any) -> None:
        _watch(dbapi_connection, statements.append)
        watched[id(dbapi_connection)] = dbapi_connection

    def checkin(dbapi_connection: Any, *_: Any) -> None:
        if watched.pop(id(dbapi_connection), None) is not None:
            _watch(dbapi_connection, None)

    event.listen(engine, "checkout", checkout)
    event.listen(engine, "checkin", checkin)
    try:
        yield statements
    finally:
        event.remove(engine, "checkout", checkout)
        event.remove(engine, "checkin", checkin)
        for dbapi_connection in watched.values():
            _watch(dbapi_connection, None)


def queries_for(
    engine: Engine, session_factory: sessionmaker[Session], read: Callable[[Session], Any]
) -> tuple[int, Any]:
    """The number of statements `read` runs in a fresh session (nothing cached)."""
    with counting(engine) as statements, session_factory() as session:
        result = read(session)
    return len(statements), result


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"include_descendants": True},
        {"at": dt.date(2015, 6, 1), "known_at": dt.date(2016, 1, 1)},
    ],
    ids=["plain", "with-descendants", "at-and-known-at"],
)
def test_site_history_costs_the_same_few_queries_for_1_or_300_events(
    engine: Engine, session_factory: sessionmaker[Session], sites: Sites, options: dict[str, Any]
) -> None:
    queries_for(
        engine, session_factory, lambda s: site_history(s, ANONYMOUS, sites.small)
    )  # warm up
    small, small_history = queries_for(
        engine, session_factory, lambda s: site_history(s, ANONYMOUS, sites.small, **options)
    )
    big, big_history = queries_for(
        engine, session_factory, lambda s: site_history(s, ANONYMOUS, sites.big, **options)
    )
    # The histories really differ in size: the big one is not an empty read.
    assert len(big_history.events) > 100 * len(small_history.events) > 0
    assert all(len(e.claims) == 2 for e in big_history.events if "known_at" not in options)
    assert small == big, f"{small} queries for 1 event, {big} for 300"
    assert big <= MAX_QUERIES


def test_the_histories_measured_hold_every_event(
    session_factory: sessionmaker[Session], sites: Sites
) -> None:
    with session_factory() as session:
        small = site_history(session, ANONYMOUS, sites.small, include_descendants=True)
        big = site_history(session, ANONYMOUS, sites.big, include_descendants=True)
    # Own events, the child's event, and the city's inherited capture.
    assert len(small.events) == sites.small_events
    assert len(big.events) == sites.big_events
    assert sum(e.inherited for e in big.events) == 1
