"""Commit order: the number each write transaction takes, and the locks that keep those
numbers in the order the transactions commit, on each database.

Every revision of one transaction shares a `commit_seq`, drawn from a one-row counter.
Moving that row locks it until the transaction ends, so a second writer waits for the
first to commit before it draws its number: ordering by `commit_seq` is commit order, and
a partner reading the change feed from a cursor can never see a later commit before an
earlier one.

When the number is drawn decides how long other writers wait for that row:
- by default, at the transaction's first revision: an API request holds the row for the
  milliseconds it writes after that, an import batch for the length of its write;
- after `draw_at_commit(session)`, as the transaction commits (`settle`): until then its
  revisions carry a provisional number of their own, larger than any drawn one, and the
  drawn number is written into them in one UPDATE. The import's transaction that stays
  open while its file is validated does this, so that no editor waits for the check of a
  partner's file. Such a transaction, while it holds the row, waits for nothing else.

On SQLite a writer holds the whole database (`take_write_lock`) until it commits, which
orders commits by itself; the counter row still numbers them.

The public feed has numbers of its own, so that nothing in it counts what the public does
not see: the first public revision of a transaction draws the next `public_seq` from the
same row (locked by the transaction already, or drawn with its `commit_seq`, so these
follow commit order too), and each public revision of the transaction takes the next
`public_ordinal` (1, 2, ...).

As it commits, the transaction moves the history marks of the sites its revisions can
change to the numbers it drew (heritage.history_marks), still holding the counter's row.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, case, select, update
from sqlalchemy import event as orm_event
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.orm.attributes import set_committed_value

from heritage.history_marks import mark_written
from heritage.models import CommitCounter, Revision

_POSITIONS_KEY = "heritage.commit_positions"

# Provisional numbers lie above every number a counter will draw, so that a transaction's
# own revisions sort after every committed one in its own reads, as they will once it
# commits; each transaction picks one at random (no other transaction sees its rows).
_PROVISIONAL_FROM = 2**62


@dataclass
class _Positions:
    """What one transaction drew from the counter: its commit number, and its public one
    with the public revisions numbered so far, once it has written one. `provisional`:
    numbers of its own until it commits (draw_at_commit); `used` once a revision has one."""

    transaction: SessionTransaction
    seq: int
    public_seq: int | None
    public_count: int = 0
    provisional: bool = False
    used: bool = False


def commit_seq(session: Session) -> int:
    """This transaction's number in the change feed, drawn on first use."""
    positions = _positions(session, public=False)
    positions.used = True
    return positions.seq


def public_positions(session: Session, count: int) -> list[tuple[int, int]]:
    """(public_seq, public_ordinal) for the transaction's next `count` public revisions."""
    if count == 0:
        return []  # nothing public written: the public mark stays where it is
    positions = _positions(session, public=True)
    positions.used = True
    public_seq = positions.public_seq
    if public_seq is None:  # the transaction's first public revision
        public_seq = positions.public_seq = (
            positions.seq if positions.provisional else _draw(session, every=False, public=True)[1]
        )
    first = positions.public_count + 1
    positions.public_count += count
    return [(public_seq, ordinal) for ordinal in range(first, first + count)]


def draw_at_commit(session: Session) -> None:
    """Put off drawing this transaction's numbers until it commits: other writers wait for
    the counter only while it commits, not while it stays open. Call it once the
    transaction has begun, before its first revision."""
    transaction = session.get_transaction()
    assert transaction is not None, "begin the transaction first"
    held = _held(session)
    assert held is None, "the transaction has drawn its numbers already"
    provisional = _PROVISIONAL_FROM + secrets.randbelow(_PROVISIONAL_FROM)
    session.info[_POSITIONS_KEY] = _Positions(transaction, provisional, None, provisional=True)


def settle(session: Session) -> int | None:
    """The transaction's commit number, or None if it wrote no revision. One that put off
    its draw (draw_at_commit) draws now and writes the numbers into its revisions: called
    as it commits, or by the caller just before, to learn the number."""
    held = _held(session)
    if held is None:
        return None
    if not held.provisional:
        return held.seq
    if not held.used:
        return None
    session.flush()  # revisions still pending carry the provisional number too
    provisional, public = held.seq, held.public_seq is not None
    seq, public_seq = _draw(session, every=True, public=public)
    revisions = Revision.__table__
    assert isinstance(revisions, Table)
    values: dict[str, Any] = {"commit_seq": seq}
    if public:
        values["public_seq"] = case((revisions.c.public_seq.is_(None), None), else_=public_seq)
    session.connection().execute(
        update(revisions).where(revisions.c.commit_seq == provisional).values(values)
    )
    for instance in list(session.identity_map.values()):
        if isinstance(instance, Revision) and vars(instance).get("commit_seq") == provisional:
            set_committed_value(instance, "commit_seq", seq)
            if vars(instance).get("public_seq") is not None:
                set_committed_value(instance, "public_seq", public_seq)
    held.seq, held.public_seq, held.provisional = seq, public_seq if public else None, False
    return seq


def last_commit_number(session: Session) -> int:
    """The counter as this transaction reads it: the number of the last committed write."""
    value = session.scalar(select(CommitCounter.value).where(CommitCounter.id == 1))
    return value or 0


def take_write_lock(session: Session, wait_ms: int | None = None) -> None:
    """On SQLite, hold the database's write lock from now until the transaction ends
    (BEGIN IMMEDIATE), so that what it reads stays as read until it writes, waiting for
    the lock within the connection's busy timeout or `wait_ms`. A transaction holds it
    already once it has written (sqlite3 opens one only before a write; reads before that
    hold nothing). PostgreSQL locks rows as statements reach them: nothing to do."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    driver: Any = connection.connection.driver_connection
    if driver.in_transaction:
        return
    # Through SQLAlchemy, so that "database is locked" is raised as its OperationalError,
    # which the command line explains.
    if wait_ms is None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    usual = connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one()
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(wait_ms)}")
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(usual)}")


def _held(session: Session) -> _Positions | None:
    held: _Positions | None = session.info.get(_POSITIONS_KEY)
    if held is not None and held.transaction is session.get_transaction():
        return held
    return None


def _positions(session: Session, *, public: bool) -> _Positions:
    held = _held(session)
    if held is not None:
        return held
    # A transaction whose first revision is public draws both numbers in one statement.
    seq, public_seq = _draw(session, every=True, public=public)
    transaction = session.get_transaction()  # begun by the draw, if not before
    assert transaction is not None
    drawn = _Positions(transaction, seq, public_seq if public else None)
    session.info[_POSITIONS_KEY] = drawn
    return drawn


@orm_event.listens_for(Session, "before_commit")
def _settle_as_it_commits(session: Session) -> None:
    if session.get_nested_transaction() is None:  # the transaction itself, not a savepoint
        seq = settle(session)
        held = _held(session)
        if seq is not None and held is not None:
            # Under the counter's lock still, so marks move in commit order too.
            mark_written(session, seq, held.public_seq)


@orm_event.listens_for(Session, "after_soft_rollback")
def _forget_positions(session: Session, _previous: SessionTransaction) -> None:
    """A rolled-back savepoint may have undone the counter's move: after it the transaction
    draws again (two numbers, in commit order) rather than keep one another commit draws.
    Provisional numbers moved nothing: the transaction keeps them while it lasts."""
    held: _Positions | None = session.info.get(_POSITIONS_KEY)
    if held is not None and held.provisional and held.transaction.is_active:
        return
    session.info.pop(_POSITIONS_KEY, None)


def _draw(session: Session, *, every: bool, public: bool) -> tuple[int, int]:
    """Move the counter's full number (`every`) and its `public` one; returns both."""
    now = _now()
    values: dict[str, Any] = {}
    if every:
        values.update(value=CommitCounter.value + 1, at=now)
    if public:
        values.update(public_value=CommitCounter.public_value + 1, public_at=now)
    drawn = session.execute(
        update(CommitCounter)
        .where(CommitCounter.id == 1)
        .values(values)
        .returning(CommitCounter.value, CommitCounter.public_value)
    ).one_or_none()
    if drawn is None:  # the migration creates the row; a database emptied by hand lacks it
        session.add(CommitCounter(id=1, value=0, public_value=0))
        session.flush()
        return _draw(session, every=every, public=public)
    return drawn.value, drawn.public_value


def _now() -> dt.datetime:
    # To the microsecond on both engines (SQLite's CURRENT_TIMESTAMP stops at the second):
    # the commit mark tells apart two commits that drew the same number within a second.
    return dt.datetime.now(dt.UTC)
