"""Claims saved while their events are being regraded: every stored grade ends as a fresh
computation from the claims gives it (heritage.services.grades, lock_for_regrading).

A regrading reads its events' claims, then writes their grades. The test saves the claims
exactly in between, from threads with sessions of their own, through a hook the regrading
calls there (`grades.after_claims_read`). Those sessions give up where they would wait for
a lock (`impatient`), since the regrading is waiting for them: a claim write the lock holds
off fails, and is saved again once the regrading has committed, as its editor would."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass

import pytest
from sqlalchemy import delete, select
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import ANONYMOUS
from heritage.db import make_engine, make_session_factory
from heritage.interchange import importer
from heritage.models import Article, Event, PendingGrade, Site
from heritage.services import grades
from heritage.services.grades import grades_deferred, refresh_grades
from heritage.services.history import site_history
from tests.heritage import builders as b

EVENTS = 4

Sessions = sessionmaker[Session]


@pytest.fixture
def impatient(database_url: str) -> Iterator[Sessions]:
    """Sessions on the same database whose writes fail at once where they would wait for a
    lock: SQLite's busy timeout 0, PostgreSQL's lock_timeout."""
    sqlite = database_url.startswith("sqlite")
    engine = make_engine(
        database_url, connect_args={} if sqlite else {"options": "-c lock_timeout=100"}
    )
    if sqlite:
        # After make_engine's own listener, which sets the usual timeout.
        sqlalchemy_event.listen(
            engine, "connect", lambda driver, _record: driver.execute("PRAGMA busy_timeout = 0")
        )
    yield make_session_factory(engine)
    engine.dispose()


@dataclass
class World:
    site: Site
    events: list[Event]
    articles: list[Article]  # each from its own publisher: the second source of each event


@pytest.fixture
def world(session_factory: Sessions) -> World:
    """EVENTS events at one site, each reported by SANA alone, written as an import's batch
    writes them: their stored grade is a new event's `discounted` until a regrading finds
    them `weak`. And an article of another outlet per event, for the claim that makes it
    `fair`."""
    with session_factory() as session, session.begin():
        site = b.site(session, "Temple of Bel", "temple")
        sana = b.source(session, "SANA")
        events = [b.event(session, site, "destroyed", f"2015-08-{20 + i}") for i in range(EVENTS)]
        with grades_deferred(session):
            for made in events:
                b.reported(session, made, sana)
        session.execute(delete(PendingGrade))  # noted by the regrading under test, if at all
        articles = [b.article(session, b.source(session, f"Outlet {i}")) for i in range(EVENTS)]
    with session_factory() as session:
        assert set(session.scalars(select(Event.grade))) == {"discounted"}
    return World(site, events, articles)


def save_claim(sessions: Sessions, world: World, index: int, deferred: bool) -> None:
    """The second source's claim on event `index`, published: saved by an editor's
    request (regraded at once), or by an import's batch (noted for its end's regrading)."""
    with (
        sessions() as session,
        session.begin(),
        grades_deferred(session) if deferred else nullcontext(),
    ):
        b.claim(session, world.articles[index], world.events[index])


def regrade_directly(sessions: Sessions, world: World) -> None:
    with sessions() as session, session.begin():
        refresh_grades(session, [made.id for made in world.events])


def regrade_at_import_end(sessions: Sessions, world: World) -> None:
    """An import's end regrading the events it noted (grades.refresh_deferred_grades)."""
    with sessions() as session, session.begin():
        session.add_all(PendingGrade(event_id=made.id) for made in world.events)
    importer.grade_deferred(sessions)


REGRADINGS: dict[str, Callable[[Sessions, World], None]] = {
    "refresh_grades": regrade_directly,
    "import_end": regrade_at_import_end,
}


@pytest.mark.parametrize(
    ("regrading", "deferred"),
    [("refresh_grades", False), ("import_end", False), ("import_end", True)],
    ids=["refresh_grades-editors", "import_end-editors", "import_end-import_batches"],
)
def test_claims_saved_during_a_regrading_end_in_their_events_grades(
    session_factory: Sessions,
    impatient: Sessions,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    regrading: str,
    deferred: bool,
) -> None:
    refused: list[int] = []
    saved_meanwhile: list[int] = []
    landed = threading.Event()

    def save_claims_meanwhile(_ids: object) -> None:
        if landed.is_set():  # the writers' own regrading, or a later chunk
            return
        landed.set()
        start = threading.Barrier(EVENTS)

        def write(index: int) -> None:
            start.wait()
            try:
                save_claim(impatient, world, index, deferred)
            except OperationalError:  # held off by the regrading's lock
                refused.append(index)
            else:
                saved_meanwhile.append(index)

        writers = [threading.Thread(target=write, args=(i,)) for i in range(EVENTS)]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()

    monkeypatch.setattr(grades, "after_claims_read", save_claims_meanwhile)
    REGRADINGS[regrading](session_factory, world)
    monkeypatch.setattr(grades, "after_claims_read", None)
    assert landed.is_set()
    for index in refused:  # saved again, by an editor or import that waits its turn
        save_claim(session_factory, world, index, deferred)
    importer.grade_deferred(session_factory)  # what imports noted, at an import's end

    assert sorted(refused + saved_meanwhile) == list(range(EVENTS))
    with session_factory() as session:
        stored = {i: grade for i, grade in session.execute(select(Event.id, Event.grade))}
        computed = {
            shown.id: shown.grade
            for shown in site_history(session, ANONYMOUS, world.site.id).events
        }
    assert stored == computed
    assert set(stored.values()) == {"fair"}  # each event's second source counted
