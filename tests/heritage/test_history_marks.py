"""History marks as writes move them (heritage.history_marks): what an import writes moves
the marks of its sites, marking costs the same few statements however many sites a commit
reaches, and a savepoint rolled back takes its marks with it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import SYSTEM
from heritage.commit_order import last_commit_number
from heritage.models import CommitCounter, Event, Site, SiteHistoryMark
from heritage.services import actors, events, sites
from tests.heritage.interchange_helpers import PALMYRA, import_text, jsonl

Marks = dict[str, tuple[int, int]]


def marks(session_factory: sessionmaker[Session]) -> Marks:
    """Each site's (seq, public_seq), by name; (0, 0) for a site without a row."""
    with session_factory() as session:
        rows = session.execute(
            select(Site.name, SiteHistoryMark.seq, SiteHistoryMark.public_seq).outerjoin(
                SiteHistoryMark, SiteHistoryMark.site_id == Site.id
            )
        )
        return {name: (seq or 0, public_seq or 0) for name, seq, public_seq in rows}


def moved(before: Marks, after: Marks) -> set[str]:
    return {name for name in after if before.get(name) != after[name]}


def last_commit(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as session:
        return last_commit_number(session)


TEMPLE = {
    "type": "site",
    "key": "temple-of-bel",
    "name": "Temple of Bel",
    "kind": "temple",
    "parent": "palmyra",
}
ALEPPO = {"type": "site", "key": "aleppo", "name": "Aleppo", "kind": "city"}
BEL_DESTROYED = {
    "type": "event",
    "key": "bel-destroyed",
    "event_type": "destroyed",
    "date": "2015-08-30",
    "sites": ["temple-of-bel"],
}
PALMYRA_CAPTURED = {
    "type": "event",
    "key": "palmyra-captured",
    "event_type": "captured",
    "date": "2015-05-21",
    "sites": ["palmyra"],
}


def test_an_import_moves_the_marks_of_the_sites_it_writes(
    session_factory: sessionmaker[Session],
) -> None:
    report = import_text(session_factory, jsonl(PALMYRA, TEMPLE, ALEPPO, BEL_DESTROYED))
    assert not report.problems, report.problems
    created = marks(session_factory)
    # Created in bulk: the temple's event marks it. A new site's history had no ETag
    # before, so the others need no mark yet.
    assert created["Temple of Bel"][0] == last_commit(session_factory)
    # Created in bulk: a control event at the city reaches the temple inside it.
    assert not import_text(session_factory, jsonl(PALMYRA_CAPTURED)).problems
    captured = marks(session_factory)
    assert moved(created, captured) == {"Palmyra", "Temple of Bel"}
    assert captured["Temple of Bel"][0] == last_commit(session_factory)
    # Updated through the service: the temple's event reaches the temple alone.
    changed = {**BEL_DESTROYED, "description": "Blown up with explosives."}
    report = import_text(session_factory, jsonl(changed))
    assert not report.problems and report.updated == {"event": 1}, report
    updated = marks(session_factory)
    assert moved(captured, updated) == {"Temple of Bel"}
    # A claim created in bulk about the temple's event: the temple again, alone.
    sana = {"type": "source", "key": "sana", "name": "SANA", "kind": "organisation"}
    article = {
        "type": "article",
        "url": "https://example.org/bel",
        "publisher": "sana",
        "title": "Temple of Bel destroyed",
        "published": "2015-08-31",
    }
    claim = {
        "type": "claim",
        "key": "bel-destroyed-sana",
        "article": "https://example.org/bel",
        "event": "bel-destroyed",
        "stance": "affirms",
    }
    report = import_text(session_factory, jsonl(sana, article, claim))
    assert not report.problems and report.created == {"source": 1, "article": 1, "claim": 1}
    assert moved(updated, marks(session_factory)) == {"Temple of Bel"}


@contextmanager
def statements_at_commit(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def commit_marking(engine: Engine, session: Session) -> list[str]:
    """The statements the commit runs: the services have flushed their own already."""
    session.flush()
    with statements_at_commit(engine) as seen:
        session.commit()
    return seen


def test_marking_costs_the_same_statements_for_one_site_and_for_many(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    costs = {}
    for count in (1, 40):
        with session_factory() as session:
            city = sites.create_site(session, SYSTEM, {"name": f"City {count}", "kind": "city"})
            inside = [
                sites.create_site(
                    session,
                    SYSTEM,
                    {"name": f"Site {count}.{n}", "kind": "temple", "parent_id": city.id},
                )
                for n in range(count)
            ]
            session.commit()
            for site in inside:  # a control event at each: their subtrees are marked too
                events.create_event(
                    session,
                    SYSTEM,
                    {
                        "type": "captured",
                        "date": "2015",
                        "site_ids": [site.id],
                        "status": "published",
                    },
                )
            costs[count] = commit_marking(engine, session)
            reached = session.scalar(
                select(SiteHistoryMark.seq).where(SiteHistoryMark.site_id == inside[-1].id)
            )
            assert reached == last_commit_number(session)
    assert len(costs[1]) == len(costs[40]), (costs[1], costs[40])
    assert len(costs[1]) <= 6, costs[1]  # the events' sites, their subtrees, the marks


def test_an_actor_change_moves_the_shared_mark_in_one_statement(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        sites.create_site(session, SYSTEM, {"name": "Palmyra", "kind": "city"})
        isil = actors.create_actor(session, SYSTEM, {"name": "ISIL"})
        session.commit()
        before = marks(session_factory)
        actors.update_actor(session, SYSTEM, isil.id, {"name": "Islamic State"})
        cost = commit_marking(engine, session)
        counter = session.get(CommitCounter, 1)
        assert counter is not None
        session.refresh(counter)
        assert counter.shared_value == counter.value
    assert moved(before, marks(session_factory)) == set()  # the sites' own marks stay
    assert sum("shared_value" in statement for statement in cost) == 1


def test_a_savepoint_rolled_back_leaves_no_mark(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session:
        palmyra = sites.create_site(session, SYSTEM, {"name": "Palmyra", "kind": "city"})
        aleppo = sites.create_site(session, SYSTEM, {"name": "Aleppo", "kind": "city"})
        hama = sites.create_site(session, SYSTEM, {"name": "Hama", "kind": "city"})
        session.commit()
    before = marks(session_factory)
    with session_factory() as session:
        session.begin()
        savepoint = session.begin_nested()
        events.create_event(
            session, SYSTEM, {"type": "looted", "date": "2015", "site_ids": [palmyra.id]}
        )
        savepoint.rollback()
        with session.begin_nested():  # released: its marks stay
            events.create_event(
                session, SYSTEM, {"type": "looted", "date": "2015", "site_ids": [aleppo.id]}
            )
        events.create_event(
            session, SYSTEM, {"type": "looted", "date": "2016", "site_ids": [hama.id]}
        )
        session.commit()
        assert session.scalar(select(Event.id).where(Event.date_edtf == "2015")) is not None
    after = marks(session_factory)
    assert moved(before, after) == {"Aleppo", "Hama"}
    assert after["Hama"][0] == last_commit(session_factory)


def test_a_transaction_rolled_back_leaves_no_mark(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session:
        palmyra = sites.create_site(session, SYSTEM, {"name": "Palmyra", "kind": "city"})
        session.commit()
        before = marks(session_factory)
        events.create_event(
            session, SYSTEM, {"type": "looted", "date": "2015", "site_ids": [palmyra.id]}
        )
        session.rollback()
        actors.create_actor(session, SYSTEM, {"name": "ISIL"})  # reaches no site
        session.commit()
    assert moved(before, marks(session_factory)) == set()
