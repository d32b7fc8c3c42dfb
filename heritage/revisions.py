"""The revision trail: what changed, who changed it, and in which commit.

Every revision of one transaction shares a `commit_seq`, taken from a one-row counter the
first time the transaction writes a revision. Incrementing that row locks it until the
transaction ends, so a second writer waits for the first to commit before it draws its
number: ordering by `commit_seq` is commit order, and a partner reading the change feed
from a cursor can never see a later commit before an earlier one.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.models import CommitCounter, Revision
from heritage.vocab import RevisionAction

_SEQ_KEY = "heritage.commit_seq"


def commit_seq(session: Session) -> int:
    """This transaction's number in the change feed, drawn on first use."""
    transaction = session.get_transaction()
    held = session.info.get(_SEQ_KEY)
    if held is not None and held[0] is transaction:
        seq: int = held[1]
        return seq
    drawn = session.execute(
        update(CommitCounter)
        .where(CommitCounter.id == 1)
        .values(value=CommitCounter.value + 1, at=_now())
        .returning(CommitCounter.value)
    ).scalar_one_or_none()
    if drawn is None:  # the migration creates the row; a database emptied by hand lacks it
        session.add(CommitCounter(id=1, value=1, at=_now()))
        session.flush()
        drawn = 1
    seq = drawn
    session.info[_SEQ_KEY] = (transaction, seq)
    return seq


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
    revision = Revision(
        commit_seq=commit_seq(session),
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
