"""The revision trail: what changed, who changed it, and in which commit.

Every revision of one transaction shares a `commit_seq`, taken from a one-row counter the
first time the transaction writes a revision. Incrementing that row locks it until the
transaction ends, so a second writer waits for the first to commit before it draws its
number: ordering by `commit_seq` is commit order, and a partner reading the change feed
from a cursor can never see a later commit before an earlier one.

The public feed has numbers of its own, so that nothing in it counts what the public does
not see: the first public revision of a transaction draws the next `public_seq` from the
same row (locked by the transaction already, so these follow commit order too), and each
public revision of the transaction takes the next `public_ordinal` (1, 2, ...).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, SessionTransaction

from heritage.auth import Principal
from heritage.models import CommitCounter, Revision
from heritage.vocab import RevisionAction

_POSITIONS_KEY = "heritage.commit_positions"


@dataclass
class _Positions:
    """What one transaction drew from the counter: its commit number, and its public one
    with the public revisions numbered so far, once it has written one."""

    transaction: SessionTransaction
    seq: int
    public_seq: int | None
    public_count: int = 0


def commit_seq(session: Session) -> int:
    """This transaction's number in the change feed, drawn on first use."""
    return _positions(session, public=False).seq


def public_positions(session: Session, count: int) -> list[tuple[int, int]]:
    """(public_seq, public_ordinal) for the transaction's next `count` public revisions."""
    if count == 0:
        return []  # nothing public written: the public mark stays where it is
    positions = _positions(session, public=True)
    public_seq = positions.public_seq
    if public_seq is None:  # the transaction's first public revision
        public_seq = positions.public_seq = _draw(session, every=False, public=True)[1]
    first = positions.public_count + 1
    positions.public_count += count
    return [(public_seq, ordinal) for ordinal in range(first, first + count)]


def _positions(session: Session, *, public: bool) -> _Positions:
    held: _Positions | None = session.info.get(_POSITIONS_KEY)
    if held is not None and held.transaction is session.get_transaction():
        return held
    # A transaction whose first revision is public draws both numbers in one statement.
    seq, public_seq = _draw(session, every=True, public=public)
    transaction = session.get_transaction()  # begun by the draw, if not before
    assert transaction is not None
    drawn = _Positions(transaction, seq, public_seq if public else None)
    session.info[_POSITIONS_KEY] = drawn
    return drawn


@event.listens_for(Session, "after_soft_rollback")
def _forget_positions(session: Session, _previous: SessionTransaction) -> None:
    """A rolled-back savepoint may have undone the counter's move: after it the transaction
    draws again (two numbers, in commit order) rather than keep one another commit draws."""
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


# Exact types, tested before anything else: nearly every value is one of them, and a set
# lookup costs less than isinstance against each type in turn (an import diffs millions).
_JSON_SCALARS = frozenset({str, int, float, bool})


def plain(value: Any) -> Any:
    """A value as JSON can hold it."""
    if value is None or type(value) in _JSON_SCALARS:
        return value
    if isinstance(value, str | int | float):  # subclasses: str enums and the like
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    return value


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value differs."""
    if not before:
        return created_fields(after)
    changes: dict[str, list[Any]] = {}
    for field in sorted(before.keys() | after.keys()):
        old, new = plain(before.get(field)), plain(after.get(field))
        if old != new:
            changes[field] = [old, new]
    return changes


def created_fields(after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """`changed_fields` from nothing: [None, value] for every field with a value."""
    changes: dict[str, list[Any]] = {}
    for field in sorted(after):
        value = after[field]
        new = value if type(value) in _JSON_SCALARS else plain(value)  # saves a call
        if new is not None:
            changes[field] = [None, new]
    return changes


def record_revision(
    session: Session,
    principal: Principal,
    resource: str,
    record_id: int,
    action: RevisionAction,
    *,
    changes: Mapping[str, list[Any]] | None = None,
    reason: str | None = None,
    public: bool,
) -> Revision:
    # The public position first: a transaction that begins with it draws both at once.
    public_seq, public_ordinal = public_positions(session, 1)[0] if public else (None, None)
    revision = Revision(
        commit_seq=commit_seq(session),
        public_seq=public_seq,
        public_ordinal=public_ordinal,
        resource=resource,
        record_id=record_id,
        action=action.value,
        user_id=principal.user_id,
        user_name=principal.name,
        changes=dict(changes or {}),
        reason=reason,
        public=public,
    )
    session.add(revision)
    session.flush()
    return revision


def revisions_of(session: Session, resource: str, record_id: int) -> list[Revision]:
    return list(
        session.scalars(
            select(Revision)
            .where(Revision.resource == resource, Revision.record_id == record_id)
            .order_by(Revision.commit_seq, Revision.id)
        )
    )
