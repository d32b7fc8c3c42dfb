"""A site's history as pure functions: control periods, condition timeline, state at a date.

Inputs are the events of one site already gathered (its own, its ancestors' control events,
and on request its descendants'); nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from heritage.dates import EdtfDate
from heritage.vocab import ActorRole, Condition, EventType, Grade


@dataclass(frozen=True, slots=True)
class ActorRef:
    id: int
    name: str


@dataclass(slots=True)
class HistoryEvent:
    """One event as the history shows it; `claims` are already in wire form."""

    id: int
    category: str
    type: str
    date: EdtfDate
    site_id: int  # the site through which the event reaches this history
    site_ids: list[int]
    inherited: bool  # an ancestor's control event, not the site's own
    description: str
    actors: list[tuple[ActorRef, str]] = field(default_factory=list)  # (actor, role)
    claims: list[dict[str, Any]] = field(default_factory=list)
    grade: Grade = Grade.WEAK
    grade_overridden: bool = False
    flags: list[dict[str, object]] = field(default_factory=list)

    @property
    def counts(self) -> bool:
        """Whether the event changes the derived state: a discounted event does not."""
        return self.grade != Grade.DISCOUNTED

    def controllers(self) -> list[ActorRef]:
        return [actor for actor, role in self.actors if role == ActorRole.CONTROLLER]


def chronological(events: Sequence[HistoryEvent]) -> list[HistoryEvent]:
    return sorted(events, key=lambda e: (e.date.earliest, e.date.latest, e.id))


@dataclass(slots=True)
class ControlPeriod:
    actor: ActorRef
    start: EdtfDate
    end: EdtfDate | None
    event_ids: list[int]


def control_periods(events: Sequence[HistoryEvent]) -> list[ControlPeriod]:
    """Who held the site from when to when.

    Each `captured` event starts a period for its controller(s) and ends the periods of
    everyone else; a capture by the current holder only adds its event to the period.
    `contested` and `besieged` leave control where it was.
    """
    return _control_periods(chronological(events))


def _control_periods(ordered: Sequence[HistoryEvent]) -> list[ControlPeriod]:
    """control_periods of events already in chronological order."""
    periods: list[ControlPeriod] = []
    open_periods: dict[int, ControlPeriod] = {}
    for event in ordered:
        if event.type != EventType.CAPTURED or not event.counts:
            continue
        controllers = event.controllers()
        if not controllers:
            continue
        controller_ids = {actor.id for actor in controllers}
        for actor_id in list(open_periods):
            if actor_id not in controller_ids:
                open_periods.pop(actor_id).end = event.date
        for actor in controllers:
            if actor.id in open_periods:
                open_periods[actor.id].event_ids.append(event.id)
            else:
                period = ControlPeriod(
                    actor=actor, start=event.date, end=None, event_ids=[event.id]
                )
                open_periods[actor.id] = period
                periods.append(period)
    return periods


# How each event type moves the condition; types missing here (looting of a collection is
# still damage, but booby traps, military use and person events are not) leave it alone.
_CONDITION_OF_TYPE: dict[str, Condition] = {
    EventType.POSSIBLY_DAMAGED: Condition.POSSIBLY_DAMAGED,
    EventType.MODERATELY_DAMAGED: Condition.MODERATELY_DAMAGED,
    EventType.SEVERELY_DAMAGED: Condition.SEVERELY_DAMAGED,
    EventType.DESTROYED: Condition.DESTROYED,
    EventType.LOOTED: Condition.DAMAGED,
    EventType.VANDALISED: Condition.DAMAGED,
    EventType.ILLEGALLY_EXCAVATED: Condition.DAMAGED,
    EventType.RESTORED: Condition.RESTORED,
}
_SEVERITY = {
    Condition.RESTORED: 0,
    Condition.POSSIBLY_DAMAGED: 1,
    Condition.DAMAGED: 2,
    Condition.MODERATELY_DAMAGED: 2,
    Condition.SEVERELY_DAMAGED: 3,
    Condition.DESTROYED: 4,
}


@dataclass(slots=True)
class ConditionChange:
    state: Condition
    start: EdtfDate
    event_ids: list[int]


def condition_timeline(events: Sequence[HistoryEvent]) -> list[ConditionChange]:
    """The site's physical state over time, from its own events (never inherited ones).

    Damage only ever worsens the state: a later, milder report ("possibly damaged" after
    "destroyed") does not undo a destruction. A restoration resets it; damage after a
    restoration counts again from there. Reports of the same state are merged.
    """
    return _condition_timeline(chronological(events))


def _condition_timeline(ordered: Sequence[HistoryEvent]) -> list[ConditionChange]:
    """condition_timeline of events already in chronological order."""
    timeline: list[ConditionChange] = []
    for event in ordered:
        if event.inherited or not event.counts:
            continue
        state = _CONDITION_OF_TYPE.get(event.type)
        if state is None:
            continue
        current = timeline[-1] if timeline else None
        if current and current.state == state:
            current.event_ids.append(event.id)
            continue
        if (
            current
            and state != Condition.RESTORED
            and _SEVERITY[state] <= _SEVERITY[current.state]
            and current.state != Condition.RESTORED
        ):
            current.event_ids.append(event.id)
            continue
        timeline.append(ConditionChange(state=state, start=event.date, event_ids=[event.id]))
    return timeline


def happened_by(date: EdtfDate, day: dt.date) -> bool:
    """An event counts on `day` once it had certainly happened: its interval ended by then."""
    return date.latest <= day


def state_at(
    periods: Sequence[ControlPeriod], timeline: Sequence[ConditionChange], day: dt.date
) -> dict[str, Any]:
    """Who controlled the site on `day` and in what condition it was (None: nothing known)."""
    controllers = [
        period.actor
        for period in periods
        if happened_by(period.start, day)
        and (period.end is None or not happened_by(period.end, day))
    ]
    condition = None
    for change in timeline:
        if happened_by(change.start, day):
            condition = change.state
    controlled_by = controllers[-1] if controllers else None
    return {
        "date": day.isoformat(),
        "controlled_by": {"id": controlled_by.id, "name": controlled_by.name}
        if controlled_by
        else None,
        "condition": condition.value if condition else None,
    }


def _date_dict(date: EdtfDate | None) -> dict[str, str] | None:
    return date.as_dict() if date else None


def history_document(
    site: dict[str, Any],
    events: Sequence[HistoryEvent],
    *,
    at: dt.date | None = None,
) -> dict[str, Any]:
    """The history in its wire shape (see the API's HistorySchema)."""
    ordered = chronological(events)  # sorted once, not again by each derivation
    periods = _control_periods(ordered)
    timeline = _condition_timeline(ordered)
    document: dict[str, Any] = {
        "site": site,
        "events": [
            {
                "id": event.id,
                "category": event.category,
                "type": event.type,
                "date": event.date.as_dict(),
                "site_id": event.site_id,
                "site_ids": event.site_ids,
                "inherited": event.inherited,
                "description": event.description,
                "actors": [
                    {"id": actor.id, "name": actor.name, "role": role}
                    for actor, role in event.actors
                ],
                "grade": event.grade.value,
                "grade_overridden": event.grade_overridden,
                "flags": event.flags,
                "claims": event.claims,
            }
            for event in ordered
        ],
        "control": [
            {
                "actor": {"id": period.actor.id, "name": period.actor.name},
                "from": period.start.as_dict(),
                "to": _date_dict(period.end),
                "event_ids": period.event_ids,
            }
            for period in periods
        ],
        "condition": [
            {
                "state": change.state.value,
                "from": change.start.as_dict(),
                "event_ids": change.event_ids,
            }
            for change in timeline
        ],
    }
    if at is not None:
        document["state_at"] = state_at(periods, timeline, at)
    return document
