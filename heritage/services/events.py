"""Use cases for events: what happened at which sites, when, and who took part."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from heritage.auth import Principal, require
from heritage.dates import parse_date
from heritage.errors import InvalidInput
from heritage.messages import N_, record_word
from heritage.models import Actor, Event, EventActor, EventSite, Site
from heritage.records import EVENT, ClaimInput, EventInput, Naming
from heritage.records.fields import NO_CONTEXT, FieldErrors
from heritage.services.common import (
    Page,
    ensure_unique_key,
    paginate,
)
from heritage.services.grades import refresh_grades
from heritage.services.records import (
    NewRow,
    check_version,
    is_public,
    live,
    log_created,
    log_reopened,
    log_updated,
    new_row,
    refuse_deleting_published,
    reopen_for_review,
    require_editing,
    snapshot,
    stamp_created,
    stamp_updated,
    tombstone,
    visible,
)
from heritage.services.sites import descendant_ids
from heritage.vocab import (
    CATEGORY_OF_TYPE,
    EventType,
    Grade,
    RevisionAction,
    Role,
    Status,
)

# An event is read with its sites and actors, which every use of it needs.
_EVENT_LOADS = (
    selectinload(Event.sites),
    selectinload(Event.actors).selectinload(EventActor.actor),
)


def _event_query() -> Select[Any]:
    return select(Event).options(*_EVENT_LOADS)


def get_event(session: Session, principal: Principal, event_id: int) -> Event:
    """The event, drafts included for editors; the public sees published events only.
    One that the session holds already (an import loaded it to compare) is not read again."""
    return live(session, Event, event_id, principal, options=_EVENT_LOADS)


def _validate(session: Session, data: EventInput, event: Event | None) -> None:
    stored = None if event is None else EVENT.stored(event)
    errors = EVENT.check(data, Naming.SERVICE, NO_CONTEXT, stored=stored)
    if "site_ids" not in errors.errors:
        sites = enumerate(data.get("site_ids") or [])
        _refuse_unknown(session, errors, Site, "site", [(f"site_ids.{i}", s) for i, s in sites])
    if "actors" not in errors.errors:
        actors = enumerate(data.get("actors") or [])
        named = [(f"actors.{i}.actor_id", entry.get("actor_id")) for i, entry in actors]
        _refuse_unknown(session, errors, Actor, "actor", named)
    errors.raise_if_any()


def _refuse_unknown(
    session: Session,
    errors: FieldErrors,
    model: type[Site] | type[Actor],
    what: str,
    named: list[tuple[str, Any]],
) -> None:
    """Add a problem for each id in `named` (path, id) that names no live record; ids the
    definition refused already (their path has a problem) are not looked up."""
    checked = [(path, record_id) for path, record_id in named if path not in errors.errors]
    if not checked:
        return
    wanted = {record_id for _, record_id in checked}
    known = set(
        session.scalars(select(model.id).where(model.id.in_(wanted), model.deleted_at.is_(None)))
    )
    for path, record_id in checked:
        if record_id not in known:
            errors.add(
                path,
                N_(
                    "No %(record_type)s with id %(id)s.",
                    record_type=record_word(what),
                    id=record_id,
                ),
            )


def _apply(session: Session, event: Event, data: EventInput) -> None:
    if "key" in data:
        ensure_unique_key(session, Event, data["key"], "event", event.id)
    if event.id is not None and "actors" in data:
        event.actors = []  # flushed first: an actor kept has the same unique key
        session.flush()
    fill_event(event, data)


def fill_event(event: Event, data: EventInput, new: NewRow = new_row) -> None:
    """Set the event's columns, sites and actors from validated input, without queries;
    `new(model, **values)` makes the owned rows."""
    if "key" in data:
        event.key = data["key"]
    if "type" in data:
        event.type = data["type"]
        event.category = CATEGORY_OF_TYPE[EventType(data["type"])].value
        if event.type != EventType.ASSESSED:
            event.condition_found = None  # a finding belongs to an assessment only
    if "condition_found" in data:
        event.condition_found = data["condition_found"]
    if "date" in data:
        date = parse_date(data["date"])
        event.date_edtf, event.earliest, event.latest = date.edtf, date.earliest, date.latest
    if "description" in data:
        event.description = data["description"] or ""
    if "site_ids" in data:
        event.sites = [new(EventSite, site_id=site_id) for site_id in data["site_ids"]]
    if "actors" in data:
        event.actors = [
            new(EventActor, actor_id=entry["actor_id"], role=entry["role"])
            for entry in data["actors"] or []
        ]
    if "grade_override" in data:
        event.grade_override = data["grade_override"]
        event.grade_override_reason = (
            (data.get("grade_override_reason") or "").strip() if data["grade_override"] else None
        )


def initial_status(principal: Principal, data: EventInput | ClaimInput) -> str:
    """New events and claims start as drafts; only data loads from the command line may
    bring records already reviewed elsewhere (the `status` they carry)."""
    requested = data.get("status")
    if requested is None:
        return Status.DRAFT.value
    if not principal.is_system:
        raise InvalidInput.field(
            "status", N_("New records start as drafts; submit them for review.")
        )
    return str(requested)


def create_event(session: Session, principal: Principal, data: EventInput) -> Event:
    require_editing(principal, None, "event")
    if data.get("grade_override") is not None:
        require(principal, Role.REVIEWER, N_("override a grade"))
    status = initial_status(principal, data)
    _validate(session, data, None)
    event = Event(description="", grade=Grade.DISCOUNTED.value, status=status)
    session.add(event)
    _apply(session, event, data)
    stamp_created(event, principal)
    session.flush()
    refresh_grades(session, [event.id])
    log_created(session, principal, event)
    return event


def update_event(
    session: Session,
    principal: Principal,
    event_id: int,
    data: EventInput,
    expected_version: int | None = None,
) -> Event:
    """Change an event. A grade override (or its removal) is a reviewer's act, recorded
    in the revisions with its reason. Other changes to a published event send it back to
    review."""
    event = get_event(session, principal, event_id)
    require_editing(principal, event, "event")
    overriding = "grade_override" in data
    if overriding:
        require(principal, Role.REVIEWER, N_("override a grade"))
    check_version(principal, event, expected_version)
    before = snapshot(event)
    was_public = is_public(event)
    _validate(session, data, event)
    _apply(session, event, data)
    reopened = bool(set(data) - {"grade_override", "grade_override_reason"}) and (
        reopen_for_review(principal, event)
    )
    stamp_updated(event, principal)
    session.flush()
    refresh_grades(session, [event.id])
    log_updated(
        session,
        principal,
        event,
        before,
        action=RevisionAction.GRADE_OVERRIDDEN if overriding else RevisionAction.UPDATED,
        reason=event.grade_override_reason if overriding else None,
        was_public=was_public and not reopened,  # unreviewed content stays with editors
    )
    if reopened:
        log_reopened(session, principal, event)
    return event


def delete_event(
    session: Session, principal: Principal, event_id: int, expected_version: int | None = None
) -> None:
    """Leave a tombstone; the event's claims go with it from every read."""
    event = get_event(session, principal, event_id)
    require_editing(principal, event, "event")
    check_version(principal, event, expected_version)
    refuse_deleting_published(principal, event, "event")
    tombstone(session, principal, event)


def list_events(
    session: Session,
    principal: Principal,
    *,
    include_drafts: bool = False,
    status: str | None = None,
    site_id: int | None = None,
    include_descendants: bool = False,
    category: str | None = None,
    event_type: str | None = None,
    actor_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    grade: str | None = None,
    page: int = 1,
    page_size: int = 25,
) -> Page[Event]:
    """Events in date order. A date range keeps every event whose interval overlaps it."""
    statement = _event_query().order_by(Event.earliest, Event.latest, Event.id)
    if status is not None and principal.sees_drafts:
        # An editor asking for one status gets it, retracted included (never tombstones).
        statement = statement.where(Event.deleted_at.is_(None), Event.status == status)
    else:
        statement = statement.where(visible(Event, principal, include_drafts))
        if status is not None:
            statement = statement.where(Event.status == status)
    if site_id is not None:
        live(session, Site, site_id, principal)
        sites = [site_id, *descendant_ids(session, site_id)] if include_descendants else [site_id]
        statement = statement.where(
            Event.id.in_(select(EventSite.event_id).where(EventSite.site_id.in_(sites)))
        )
    if category:
        statement = statement.where(Event.category == category)
    if event_type:
        statement = statement.where(Event.type == event_type)
    if actor_id is not None:
        statement = statement.where(
            Event.id.in_(select(EventActor.event_id).where(EventActor.actor_id == actor_id))
        )
    if date_from is not None:
        statement = statement.where(Event.latest >= date_from)
    if date_to is not None:
        statement = statement.where(Event.earliest <= date_to)
    if grade:
        statement = statement.where(Event.grade == grade)
    return paginate(session, statement, page, page_size)
