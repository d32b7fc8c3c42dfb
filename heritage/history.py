"""A site's history as typed objects, and the pure rules that derive its states: control
periods, condition timeline, state at a date.

Inputs are the events of one site already gathered (its own, its ancestors' control events,
and on request its descendants'); nothing here touches the database. The API writes the
objects out mostly as they are (api.schemas.history_json), so a field's name and place are
those of the served JSON: tests/api/test_history_bytes.py holds them to it.

The history lists events by when they may have begun (`earliest`), but derives states by when
each change is certain (`latest`): a state holds from the first day it is certain, the day
`?at` starts counting it. So an event known only as "before 24 April 2013" (`/2013-04-24`,
earliest unknown) never pushes an earlier dated change later.

A heavy site's history holds thousands of events and claims, built on every read. So the
objects are plain dataclasses: without __slots__, because orjson writes a dataclass from its
__dict__ about six times faster than through slots (measured: 0.33 against 2.0 µs a claim);
and not frozen, because a frozen dataclass sets each field through object.__setattr__, which
costs more than building a dict did. Treat them as read-only all the same: one object stands
for each source, actor and article however many claims name it.
Vocabulary fields read from the database (a category, a type, a role, a stance) hold the
vocabulary's value as a string, which compares equal to the StrEnum member.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from heritage.dates import DateText, EdtfDate
from heritage.grading import Flag
from heritage.vocab import ActorRole, Condition, EventType, Grade


@dataclass(frozen=True)  # hashable: heritage.services.states keeps it in frozen states
class ActorRef:
    """An actor as the history names it."""

    id: int
    name: str


@dataclass
class SourceRef:
    """A source as the history names it: an article's publisher, or who speaks in it."""

    id: int
    name: str


@dataclass
class Participant:
    """An actor taking part in an event, in a role (an ActorRole value)."""

    id: int
    name: str
    role: str

    @property
    def actor(self) -> ActorRef:
        return ActorRef(self.id, self.name)


@dataclass
class ArticleRef:
    """The article a claim comes from."""

    id: int
    title: str
    url: str
    published: dt.date
    publisher: SourceRef


@dataclass
class HistoryClaim:
    """What one article says about an event, as the history shows it."""

    id: int
    stance: str  # a Stance value
    basis: str  # a ClaimBasis value
    quote: str | None
    quote_start: int | None
    quote_end: int | None
    summary: str
    speaker: SourceRef | None  # None: the article's own voice
    stated_date: EdtfDate | None
    stated_actor: ActorRef | None
    figures: dict[str, float]
    article: ArticleRef


@dataclass
class HistoryEvent:
    """One event as the history shows it."""

    id: int
    category: str  # an EventCategory value
    type: str  # an EventType value
    date: EdtfDate
    site_id: int  # the site through which the event reaches this history
    site_ids: list[int]
    inherited: bool  # an ancestor's control event, not the site's own
    description: str
    condition_found: str | None = None  # an assessment's finding (a FoundCondition value)
    actors: list[Participant] = field(default_factory=list)
    grade: Grade = Grade.WEAK
    grade_overridden: bool = False
    flags: list[Flag] = field(default_factory=list)
    claims: list[HistoryClaim] = field(default_factory=list)

    @property
    def counts(self) -> bool:
        """Whether the event changes the derived state: a discounted event does not."""
        return self.grade != Grade.DISCOUNTED

    def controllers(self) -> list[ActorRef]:
        return [actor.actor for actor in self.actors if actor.role == ActorRole.CONTROLLER]


@dataclass
class NameEntry:
    """One of a site's names."""

    name: str
    lang: str
    type: str  # a NameType value


@dataclass
class IdentifierEntry:
    """One of a site's external identifiers."""

    scheme: str  # an IdentifierScheme value
    value: str


@dataclass
class Location:
    """A site's point as the reader may see it (heritage.services.sites.location_for)."""

    latitude: float | None
    longitude: float | None
    certainty: str | None  # a LocationCertainty value
    generalised: bool  # rounded for a reader who may not see a restricted site's point


@dataclass
class HistorySite:
    """The site a history is about."""

    id: int
    key: str | None
    name: str
    kind: str
    parent_id: int | None
    names: list[NameEntry]
    location: Location | None
    restricted: bool
    identifiers: list[IdentifierEntry]
    designations: list[str]  # Designation values
    description: str
    # When it was built or dedicated (it may lie before AD 1); last, as the wire has it.
    built: DateText | None = None


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
    """Who held the site from `start` until `end` (None: still holds it)."""

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
    """The site's state from `start` until the next change."""

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
    return condition_timeline_in_order(by_certainty(events))


def condition_timeline_in_order(ordered: Sequence[HistoryEvent]) -> list[ConditionChange]:
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


@dataclass
class StateAt:
    """Who controlled the site on a day and in what condition it was (None: nothing known),
    each with the grade it rests on."""

    date: dt.date
    controlled_by: ActorRef | None
    control_grade: Grade | None  # the strongest among the captures control rests on by then
    condition: Condition | None
    condition_grade: Grade | None  # the strongest among the events stating the condition


def state_at(
    periods: Sequence[ControlPeriod], timeline: Sequence[ConditionChange], day: dt.date
) -> StateAt:
    """The state on `day`, each part with the grade it rests on: the strongest among the
    events stating it by then."""
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
    return StateAt(
        date=day,
        controlled_by=period.actor if period else None,
        control_grade=strongest_grade(period.events, day) if period else None,
        condition=current_change.state if current_change else None,
        condition_grade=strongest_grade(current_change.events, day) if current_change else None,
    )


@dataclass
class History:
    """What happened to a site: its events in the order the history lists them
    (`chronological`), the control periods and condition timeline derived from them, and
    the state on the day asked for, if one was."""

    site: HistorySite
    events: list[HistoryEvent]
    control_periods: list[ControlPeriod]
    condition_timeline: list[ConditionChange]
    state_at: StateAt | None = None


def build_history(
    site: HistorySite, events: Sequence[HistoryEvent], *, at: dt.date | None = None
) -> History:
    """The history of `site` from its gathered events, with the state `at` a day if asked."""
    ordered = chronological(events)
    certain = by_certainty(ordered)  # sorted once, not again by each derivation
    periods = _control_periods(certain)
    timeline = condition_timeline_in_order(certain)
    return History(
        site=site,
        events=ordered,
        control_periods=periods,
        condition_timeline=timeline,
        state_at=state_at(periods, timeline, at) if at is not None else None,
    )
