"""The revision trail: what changed, who changed it, and in which commit (its number
and the public feed's come from heritage.commit_order)."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.commit_order import commit_seq, public_positions
from heritage.history_marks import note_written, written
from heritage.models import Revision
from heritage.vocab import RevisionAction

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
    created = action == RevisionAction.CREATED
    note_written(session, [written(resource, record_id, revision.changes, public, created=created)])
    return revision


def revisions_of(session: Session, resource: str, record_id: int) -> list[Revision]:
    return list(
        session.scalars(
            select(Revision)
            .where(Revision.resource == resource, Revision.record_id == record_id)
            .order_by(Revision.commit_seq, Revision.id)
        )
    )
