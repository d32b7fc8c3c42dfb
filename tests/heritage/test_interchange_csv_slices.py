"""The CSV export in slices (`export_events_csv(parallel=True)`, the command line's): the
bytes of the sequential export whatever the selection, one snapshot for every slice, the
sequential path where slices cannot work, and no thread or connection left behind."""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from heritage import migrate, snapshots
from heritage.auth import ANONYMOUS, SYSTEM, Principal
from heritage.db import make_engine, make_session_factory
from heritage.demo import load_demo
from heritage.interchange import tabular
from heritage.interchange.filters import ExportFilter
from heritage.models import Event, Site
from heritage.services import events as event_service
from tests.heritage import builders as b

Sliced = list[list[tabular.Slice]]


@pytest.fixture
def demo(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """The demo, with events that tie on their dates, committed: slices read it on other
    connections."""
    with session_factory() as session:
        load_demo(session)
        temple = session.scalars(select(Site).where(Site.key == "temple-of-bel")).one()
        for number in range(4):
            b.event(session, temple, "looted", "2015-08", key=f"tie-{number}")
        b.event(session, temple, "restored", "2019-02", status=None, key="bel-restored")
        session.commit()
        yield session


@pytest.fixture
def small_slices(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> Sliced:
    """Slices of two events, and the slices of each export that took them."""
    monkeypatch.setattr(tabular, "PARALLEL_FROM", 2)
    monkeypatch.setitem(tabular.SLICE_ROWS, engine.dialect.name, 2)
    return spy_slices(monkeypatch)


def spy_slices(monkeypatch: pytest.MonkeyPatch) -> Sliced:
    taken: Sliced = []
    export_slices = tabular._export_slices

    def spy(
        engine: Engine, conditions: Any, claims: Any, slices: Any, out: Any, **options: Any
    ) -> int:
        taken.append(slices)
        return export_slices(engine, conditions, claims, slices, out, **options)

    monkeypatch.setattr(tabular, "_export_slices", spy)
    return taken


def export_text(
    session: Session,
    principal: Principal = ANONYMOUS,
    selection: ExportFilter | None = None,
    out: io.StringIO | None = None,
    **options: Any,
) -> str:
    out = out if out is not None else io.StringIO(newline="")
    tabular.export_events_csv(session, principal, out, selection or ExportFilter(), **options)
    return out.getvalue()


def site_id(session: Session, key: str) -> int:
    return session.scalars(select(Site.id).where(Site.key == key)).one()


def selections(session: Session) -> list[tuple[Principal, ExportFilter, bool]]:
    editor = b.user(session, "editor")
    session.commit()  # the user, before the exports: a session that wrote reads whole
    return [
        (ANONYMOUS, ExportFilter(), False),
        (editor, ExportFilter(), True),  # drafts
        (ANONYMOUS, ExportFilter(site_id=site_id(session, "tadmur")), False),
        (
            ANONYMOUS,
            ExportFilter(date_from=dt.date(2015, 6, 1), date_to=dt.date(2016, 3, 1)),
            False,
        ),
        (ANONYMOUS, ExportFilter(changed_since=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)), False),
    ]


def test_slices_write_the_bytes_of_the_whole_export(demo: Session, small_slices: Sliced) -> None:
    for principal, selection, drafts in selections(demo):
        options = {"include_drafts": drafts}
        whole = export_text(demo, principal, selection, **options)
        assert not small_slices
        sliced = export_text(demo, principal, selection, parallel=True, **options)
        assert len(small_slices.pop()) >= 3, selection  # both threads, one slice ahead
        assert sliced == whole, selection
        assert whole.count("\r\n") > 3


def test_a_session_that_wrote_reads_whole(demo: Session, small_slices: Sliced) -> None:
    # Its own writes are in no other connection's snapshot.
    temple = demo.scalars(select(Site).where(Site.key == "temple-of-bel")).one()
    b.event(demo, temple, "looted", "2016-03", key="uncommitted")
    assert "uncommitted" in export_text(demo, parallel=True)
    assert small_slices == []


def test_a_small_export_reads_whole(demo: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = spy_slices(monkeypatch)
    assert export_text(demo, parallel=True) == export_text(demo)
    assert taken == []


def test_an_in_memory_database_reads_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine("sqlite://")
    migrate.upgrade(engine)
    monkeypatch.setattr(tabular, "PARALLEL_FROM", 2)
    monkeypatch.setitem(tabular.SLICE_ROWS, "sqlite", 2)
    taken = spy_slices(monkeypatch)
    try:
        with make_session_factory(engine)() as session:
            load_demo(session)
            session.commit()
            assert export_text(session, parallel=True) == export_text(session)
    finally:
        engine.dispose()
    assert taken == []
    assert not snapshots.can_share(engine)


# --- failures -----------------------------------------------------------------------------


def slice_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "events-csv-slice"]


def test_an_error_in_a_slice_is_raised_and_leaves_nothing_behind(
    demo: Session, engine: Engine, small_slices: Sliced, monkeypatch: pytest.MonkeyPatch
) -> None:
    prime = tabular._SliceWorker._prime
    primed: list[tabular.Slice] = []

    def failing(worker: tabular._SliceWorker, piece: tabular.Slice) -> tabular.Primed:
        primed.append(piece)
        if len(primed) == 4:
            raise RuntimeError("slice failed")
        return prime(worker, piece)

    monkeypatch.setattr(tabular._SliceWorker, "_prime", failing)
    demo.connection()  # the session's own, held before and after
    connections = engine.pool.checkedout()  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError, match="slice failed"):
        export_text(demo, parallel=True)
    assert len(small_slices.pop()) > 4
    assert slice_threads() == []
    assert engine.pool.checkedout() == connections  # type: ignore[attr-defined]


class FailingOut(io.StringIO):
    """An output that fails at its `fail_at`-th write (the header is the first)."""

    def __init__(self, fail_at: int) -> None:
        super().__init__(newline="")
        self.fail_at = fail_at

    def write(self, text: str) -> int:
        self.fail_at -= 1
        if self.fail_at == 0:
            raise OSError("disk full")
        return super().write(text)


def test_an_error_in_the_output_stops_the_threads(
    demo: Session, engine: Engine, small_slices: Sliced
) -> None:
    demo.connection()
    connections = engine.pool.checkedout()  # type: ignore[attr-defined]
    with pytest.raises(OSError, match="disk full"):
        export_text(demo, out=FailingOut(fail_at=3), parallel=True)
    assert slice_threads() == []
    assert engine.pool.checkedout() == connections  # type: ignore[attr-defined]


# --- one snapshot -------------------------------------------------------------------------


@pytest.fixture
def delete_once(session_factory: sessionmaker[Session]) -> Callable[[], None]:
    """Deletes every published event in one commit, the first time it is called: slices on
    either connection change."""
    done: list[bool] = []

    def delete() -> None:
        if not done:
            done.append(True)
            delete_published(session_factory)

    return delete


def test_a_commit_while_slices_open_is_seen_by_all_of_them_or_none(
    demo: Session,
    delete_once: Callable[[], None],
    small_slices: Sliced,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Committed once the first connection has its snapshot, before the second has one.
    before = export_text(demo)
    monkeypatch.setattr(snapshots, "after_snapshot", lambda opened: delete_once())
    sliced = export_text(demo, parallel=True)
    demo.rollback()  # a new transaction: the sequential export sees the deletions
    after = export_text(demo)
    assert len(small_slices.pop()) >= 4
    assert before != after
    # PostgreSQL: every slice in the first connection's snapshot; SQLite: all again, after.
    assert sliced == (before if demo.get_bind().dialect.name == "postgresql" else after)


def test_a_commit_while_slices_are_read_is_seen_by_none(
    demo: Session,
    delete_once: Callable[[], None],
    small_slices: Sliced,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Committed as the first slice is written out: the third, on the first slice's
    # connection, is primed only after that.
    before = export_text(demo)
    write_slice = tabular._write_slice

    def write_after_commit(worker: tabular._SliceWorker, out: Any) -> int:
        delete_once()
        return write_slice(worker, out)

    monkeypatch.setattr(tabular, "_write_slice", write_after_commit)
    assert export_text(demo, parallel=True) == before
    assert len(small_slices.pop()) >= 4
    demo.rollback()
    assert export_text(demo) != before


def delete_published(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as writer:
        published = writer.scalars(select(Event.id).where(Event.status == "published")).all()
        for event_id in published:
            event_service.delete_event(writer, SYSTEM, event_id)
        writer.commit()
