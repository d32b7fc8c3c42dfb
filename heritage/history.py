"""A site's history as pure functions: control periods, condition timeline, state at a date.

Inputs are the events of one site already gathered (its own, its ancestors' control events,
and on request its descendants'); nothing here touches the database.

The history lists events by when they may have begun (`earliest`), but derives states by when
each change is certain (`latest`): a state holds from the first day it is certain, the day
`?at` starts counting it. So an event known only as "before 24 April 2013" (`/2013-04-24`,
earliest unknown) never pushes an earlier dated change later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
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
    condition_found: str | None = None  # an assessment's finding (a FoundCondition)

    @property
    def counts(self) -> bool:
        """Whether the event changes the derived state: a discounted event does not."""
        return self.grade != Grade.DISCOUNTED

    def controllers(self) -> list[ActorRef]:
        return [actor for actor, role in self.actors if role == ActorRole.CONTROLLER]


def chronological(events: Sequence[HistoryEvent]) -> list[HistoryEvent]:
    """The order the history lists events in: by when they may have begun."""
    return sorted(events, key=lambda e: (e.date.earliest, e.date.latest, e.id))


def by_certainty(events: Iterable[HistoryEvent]) -> list[HistoryEvent]:
    """The order states are derived in: by the first day each event is certain to have
    happened (its `latest`), then by when it may have begun."""
    return sorted(events, key=lambda e: (e.date.latest, e.date.earliest, e.id))


# Which grade a state rests on when several events support it: the strongest evidence.
_GRADE_STRENGTH = {Grade.CONFIRMED: 3, Grade.FAIR: 2, Grade.WEAK: 1, Grade.CONTESTED: 0}


def strongest_grade(events: Iterable[HistoryEvent], day: dt.date) -> Grade | None:
    """The best grade among the events that had happened by `day` (None: none had)."""
    grades = [event.grade for event in events if happened_by(event.date, day)]
    return max(grades, key=lambda grade: _GRADE_STRENGTH.get(grade, -1)) if grades else None


@dataclass(slots=True)
class ControlPeriod:
    actor: ActorRef
    start: EdtfDate
    end: EdtfDate | None
    event_ids: list[int]
    # the captures the period rests on, for the grade of the state at a date
    events: list[HistoryEvent] = field(default_factory=list, repr=False, compare=False)


def control_periods(events: Sequence[HistoryEvent]) -> list[ControlPeriod]:
    """Who held the site from when to when.

    Each `captured` event starts a period for its controller(s) and ends the periods of
    everyone else; a capture by the current holder only adds its event to the period.
    `contested` and `besieged` leave control where it was. Captures take effect in the order
    they are certain (`by_certainty`); a discounted capture changes nothing.
    """
    return _control_periods(by_certainty(events))


def _control_periods(ordered: Sequence[HistoryEvent]) -> list[ControlPeriod]:
    """control_periods of events already in `by_certainty` order."""
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
                open_periods[actor.id].events.append(event)
            else:
                period = ControlPeriod(
                    actor=actor, start=event.date, end=None, event_ids=[event.id], events=[event]
                )
                open_periods[actor.id] = period
                periods.append(period)
    return periods


# How each event type moves the condition; types missing here (looting of a collection is
# still damage, but booby traps, military use, person and context events are not) leave it
# alone. An assessment moves it to what was found (`condition_found`).
_CONDITION_OF_TYPE: dict[str, Condition] = {
    EventType.POSSIBLY_DAMAGED: Condition.POSSIBLY_DAMAGED,
    EventType.DAMAGED: Condition.DAMAGED,
    EventType.MODERATELY_DAMAGED: Condition.MODERATELY_DAMAGED,
    EventType.SEVERELY_DAMAGED: Condition.SEVERELY_DAMAGED,
    EventType.DESTROYED: Condition.DESTROYED,
    EventType.LOOTED: Condition.DAMAGED,
    EventType.VANDALISED: Condition.DAMAGED,
    EventType.ILLEGALLY_EXCAVATED: Condition.DAMAGED,
    EventType.RESTORED: Condition.RESTORED,
}
# How bad each state is: a report only ever moves the state to a worse one. Plain `damaged`
# ranks below `moderately_damaged`: the source stated no severity, so a later moderate
# report is news, and a damaged report after a moderate one is not.
_SEVERITY = {
    Condition.INTACT: 0,
    Condition.RESTORED: 0,
    Condition.POSSIBLY_DAMAGED: 1,
    Condition.DAMAGED: 2,
    Condition.MODERATELY_DAMAGED: 3,
    Condition.SEVERELY_DAMAGED: 4,
    Condition.DESTROYED: 5,
}


def condition_of(event: HistoryEvent) -> Condition | None:
    """The state an event states: its type's, or for an assessment what was found."""
    if event.type == EventType.ASSESSED:
        return Condition(event.condition_found) if event.condition_found else None
    return _CONDITION_OF_TYPE.get(event.type)


@dataclass(slots=True)
class ConditionChange:
    state: Condition
    start: EdtfDate
    event_ids: list[int]
    # the events that state this very condition (merged milder reports are not among them)
    events: list[HistoryEvent] = field(default_factory=list, repr=False, compare=False)


def condition_timeline(events: Sequence[HistoryEvent]) -> list[ConditionChange]:
    """The site's physical state over time, from its own events (never inherited ones),
    taken in the order they are certain (`by_certainty`).

    A report only ever worsens the state: a later, milder report ("possibly damaged" after
    "destroyed") does not undo a destruction. A restoration resets it; damage after a
    restoration counts again from there. An assessment on the ground sets the state it found,
    better or worse. Reports of the same state are merged; a discounted event changes nothing.
    """
    return _condition_timeline(by_certainty(events))


def _condition_timeline(ordered: Sequence[HistoryEvent]) -> list[ConditionChange]:
    """condition_timeline of events already in `by_certainty` order."""
    timeline: list[ConditionChange] = []
    for event in ordered:
        if event.inherited or not event.counts:
            continue
        state = condition_of(event)
        if state is None:
            continue
        current = timeline[-1] if timeline else None
        if current and current.state == state:
            current.event_ids.append(event.id)
            current.events.append(event)
            continue
        resets = state == Condition.RESTORED or event.type == EventType.ASSESSED
        if (
            current
            and not resets
            and _SEVERITY[state] <= _SEVERITY[current.state]
            and current.state not in (Condition.RESTORED, Condition.INTACT)
        ):
            current.event_ids.append(event.id)  # milder news: the state stands
            continue
        timeline.append(
            ConditionChange(state=state, start=event.date, event_ids=[event.id], events=[event])
        )
    return timeline


def happened_by(date: EdtfDate, day: dt.date) -> bool:
    """An event counts on `day` once it had certainly happened: its interval ended by then."""
    return date.latest <= day


def state_at(
    periods: Sequence[ControlPeriod], timeline: Sequence[ConditionChange], day: dt.date
) -> dict[str, Any]:
    """Who controlled the site on `day` and in what condition it was (None: nothing known),
    each with the grade it rests on: the strongest among the events stating it by then."""
    current_periods = [
        period
        for period in periods
        if happened_by(period.start, day)
        and (period.end is None or not happened_by(period.end, day))
    ]
    current_change = None
    for change in timeline:
        if happened_by(change.start, day):
            current_change = change
    period = current_periods[-1] if current_periods else None
    control_grade = strongest_grade(period.events, day) if period else None
    condition_grade = strongest_grade(current_change.events, day) if current_change else None
    return {
        "date": day.isoformat(),
        "controlled_by": {"id": period.actor.id, "name": period.actor.name} if period else None,
        "control_grade": control_grade.value if control_grade else None,
        "condition": current_change.state.value if current_change else None,
        "condition_grade": condition_grade.value if condition_grade else None,
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
    ordered = chronological(events)
    certain = by_certainty(ordered)  # sorted once, not again by each derivation
    periods = _control_periods(certain)
    timeline = _condition_timeline(certain)
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
                "condition_found": event.condition_found,
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
