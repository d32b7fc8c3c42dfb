"""Who sees what: the one rule for tombstones, review status and claims of hidden events."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists

from heritage.auth import Principal
from heritage.models import Claim, Event
from heritage.models.common import Tracked
from heritage.vocab import Status

REVIEWED = (Event, Claim)  # the records that go through review before publication


def own_visibility(model: type[Tracked], drafts: bool) -> ColumnElement[bool]:
    """The part of `visibility` read from the record's own columns: never tombstones; of
    reviewed records, the published ones, or with `drafts` every one not retracted. For
    claims of events already known visible by the same rule (an export's rows), this is
    the whole rule, without looking their event up again per claim."""
    condition: ColumnElement[bool] = model.deleted_at.is_(None)
    if model in REVIEWED:
        status = model.status
        condition = condition & (
            (status != Status.RETRACTED) if drafts else (status == Status.PUBLISHED)
        )
    return condition


def visibility(model: type[Tracked], drafts: bool) -> ColumnElement[bool]:
    """The one rule for what a reader sees, as SQL: `own_visibility`, and a claim only
    while its event is visible by the same rule."""
    condition = own_visibility(model, drafts)
    if model is Claim:
        condition = condition & exists().where(
            Event.id == Claim.event_id, visibility(Event, drafts)
        )
    return condition


def visible(
    model: type[Tracked], principal: Principal, include_drafts: bool
) -> ColumnElement[bool]:
    """`visibility` for this principal: drafts only for editors who ask for them."""
    return visibility(model, include_drafts and principal.sees_drafts)


def own_visible(
    model: type[Tracked], principal: Principal, include_drafts: bool
) -> ColumnElement[bool]:
    """`own_visibility` for this principal, as `visible`: only for records whose event
    the caller already holds to `visible` with the same arguments."""
    return own_visibility(model, include_drafts and principal.sees_drafts)


def is_visible(record: Tracked, drafts: bool) -> bool:
    """`visibility` for a loaded record."""
    if record.deleted_at is not None:
        return False
    if isinstance(record, REVIEWED):
        allowed = record.status != Status.RETRACTED if drafts else record.status == Status.PUBLISHED
        if not allowed:
            return False
    if isinstance(record, Claim):
        return is_visible(record.event, drafts)
    return True


def is_live(record: Tracked) -> bool:
    """Not a tombstone, nor a claim of one: what an editor may open by its id, whatever
    its review status (a retracted record stays readable to them, with its reason)."""
    if record.deleted_at is not None:
        return False
    return is_live(record.event) if isinstance(record, Claim) else True


def is_public(record: Tracked) -> bool:
    """Whether clients who see published data only may see the record."""
    return is_visible(record, drafts=False)
