"""The state of many sites at once: who held each, in what condition, on what grade, and its
last event, now or on a given day, in a constant number of queries for any number of sites
and in time proportional to the sites plus their events. The GeoJSON export reads it; the
periodic reports will. Maps, which draw only each site's condition, read `site_conditions`:
the same condition in one statement per batch, worked out by the database."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from heritage.auth import Principal
from heritage.dates import OPEN_END, EdtfDate, from_bounds
from heritage.history import (
    _CONDITION_OF_TYPE,
    _SEVERITY,
    ActorRef,
    HistoryEvent,
    Participant,
    by_certainty,
    condition_timeline,
    condition_timeline_in_order,
    control_periods,
    strongest_grade,
)
from heritage.models import Actor, Event, EventActor, EventSite, Site
from heritage.services.grades import assess, build_evidence, claim_rows, responsible_actors
from heritage.services.records import visible
from heritage.vocab import ActorRole, Condition, EventCategory, EventType, Grade


@dataclass(frozen=True, slots=True)
class SiteState:
    """Where a site's history stands (after its last event, or on a day): who holds it and
    in what condition, each with the grade it rests on, as heritage.history derives them."""

    controller: ActorRef | None
    control_since: EdtfDate | None
    control_grade: Grade | None
    condition: str | None
    condition_since: EdtfDate | None
    condition_grade: Grade | None
    last_event: EdtfDate | None
    own_events: int


def _ancestors(session: Session, site_ids: Sequence[int]) -> dict[int, list[int]]:
    """Each site's ancestors, nearest first, for a whole batch in one recursive query."""
    chain = (
        select(Site.id.label("origin"), Site.parent_id.label("id"), literal(1).label("depth"))
        .where(Site.id.in_(site_ids), Site.parent_id.is_not(None))
        .cte("export_ancestors", recursive=True)
    )
    # The depth cap ends the walk even if a cycle slipped past validation.
    chain = chain.union_all(
        select(chain.c.origin, Site.parent_id, chain.c.depth + 1)
        .join(chain, Site.id == chain.c.id)
        .where(Site.parent_id.is_not(None), chain.c.depth < 100)
    )
    ancestors: dict[int, list[int]] = defaultdict(list)
    for origin, ancestor in session.execute(
        select(chain.c.origin, chain.c.id).order_by(chain.c.origin, chain.c.depth)
    ):
        ancestors[origin].append(ancestor)
    return ancestors


def _controllers(session: Session, event_ids: set[int]) -> dict[int, list[Participant]]:
    """The controllers of the given capture events (all control_periods reads of actors)."""
    actors: dict[int, list[Participant]] = defaultdict(list)
    if not event_ids:
        return actors
    rows = session.execute(
        select(EventActor.event_id, Actor.id, Actor.name)
        .join(Actor, Actor.id == EventActor.actor_id)
        .where(
            EventActor.event_id.in_(sorted(event_ids)),
            EventActor.role == ActorRole.CONTROLLER.value,
        )
        .order_by(EventActor.event_id, Actor.id)
    )
    for event_id, actor_id, actor_name in rows:
        actors[event_id].append(Participant(actor_id, actor_name, ActorRole.CONTROLLER.value))
    return actors


def site_states(
    session: Session,
    principal: Principal,
    site_ids: Sequence[int],
    drafts: bool,
    on: dt.date | None = None,
) -> dict[int, SiteState]:
    """The state of each site after its last event, or `on` a day (as a history's
    `state_at` gives it), in four queries for any number of sites (a few more with drafts):
    its own events and its ancestors' control events, fed to heritage.history as the site's
    history would be. States are derived in the order events became certain, so the state
    on a day is the one after the events certain by then: only those are read. A discounted
    event changes nothing: grades are the stored (public) ones, or with drafts recomputed
    counting draft claims."""
    return site_states_on(session, principal, site_ids, drafts, [on])[on]


def site_states_on(
    session: Session,
    principal: Principal,
    site_ids: Sequence[int],
    drafts: bool,
    days: Sequence[dt.date | None],
) -> dict[Any, dict[int, SiteState]]:
    """site_states on each of `days` (None: after the last event) from one read of the
    events: a report compares its sites at its period's end and the days before its
    periods, and reading a thousand sites' whole histories costs more than deriving."""
    return site_states_by_day(session, principal, {day: site_ids for day in days}, drafts)


def site_states_by_day(
    session: Session,
    principal: Principal,
    wanted: Mapping[Any, Collection[int]],
    drafts: bool,
) -> dict[Any, dict[int, SiteState]]:
    """site_states_on with the sites wanted on each day (None: after the last event), in
    the queries of one day: a report needs every section's state at its period's end, but
    the days before its periods only for the sites whose events counted in them.
    A state needs few of a site's events as events: its captures and the events stating
    a condition (not the discounted ones when the stored grades are the ones that
    count); of the others, only how many there are and which is last, tallied as read."""
    days = list(wanted)
    site_ids = sorted({site_id for sites in wanted.values() for site_id in sites})
    ancestors = _ancestors(session, site_ids)
    ancestor_ids = sorted({ancestor for chain in ancestors.values() for ancestor in chain})
    until = None if not days or None in days else max(day for day in days if day is not None)
    own_sites, ancestor_sites = set(site_ids), set(ancestor_ids)
    own_tally: dict[int, _Tally] = defaultdict(_Tally)
    control_tally: dict[int, _Tally] = defaultdict(_Tally)
    links = []
    for row in session.execute(_links(principal, site_ids, ancestor_ids, drafts, until)):
        site_id, event_id, category, event_type, edtf, earliest, latest, grade = row[:8]
        key = (earliest, latest, event_id, edtf)  # the history's order, then the date
        if site_id in own_sites:
            own_tally[site_id].add(latest, key)
        if category == _CONTROL and site_id in ancestor_sites:
            control_tally[site_id].add(latest, key)
        if (drafts or grade != _DISCOUNTED) and (
            event_type in _STATING_TYPES or (event_type == _ASSESSED and row.condition_found)
        ):
            links.append(row)
    controllers = _controllers(session, {row.id for row in links if row.type == _CAPTURED})
    grades = {row.id: Grade(row.grade) for row in links}
    if drafts:
        grades.update(_draft_grades(session, {row.id: row.grade_override for row in links}))
    own: dict[int, list[HistoryEvent]] = defaultdict(list)
    inherited: dict[int, list[HistoryEvent]] = defaultdict(list)
    dates: dict[tuple[str, dt.date, dt.date], EdtfDate] = {}
    for row in links:
        if row.site_id in ancestor_sites and row.type == _CAPTURED:
            event = _history_event(row, controllers, grades, dates, inherited=True)
            inherited[row.site_id].append(event)
        if row.site_id in own_sites:
            own[row.site_id].append(_history_event(row, controllers, grades, dates))
    own_of = {site_id: _OwnEvents(events) for site_id, events in own.items()}
    states: dict[Any, dict[int, SiteState]] = {}
    for day in days:
        chains = _ControlChains(
            {
                site_id: events if day is None else [e for e in events if e.date.latest <= day]
                for site_id, events in inherited.items()
            }
        )
        states[day] = {}
        for site_id in wanted[day]:
            chain = ancestors.get(site_id, [])
            count, mine = own_tally[site_id].by(day) if site_id in own_tally else (0, None)
            lasts = [control_tally[above].by(day)[1] for above in chain if above in control_tally]
            last = max((key for key in [mine, *lasts] if key is not None), default=None)
            events = own_of.get(site_id, _NO_EVENTS)
            certain = events.certain_by(day)
            states[day][site_id] = _state(
                events.captures(certain),
                events.condition(certain),
                chains,
                chain,
                _date(last[3], last[0], last[1], dates) if last else None,
                count,
            )
    return states


_CAPTURED, _ASSESSED = EventType.CAPTURED.value, EventType.ASSESSED.value
_CONTROL, _DISCOUNTED = EventCategory.CONTROL.value, Grade.DISCOUNTED.value
# A state changes with a capture (who holds the site) or an event stating a condition
# (an assessment states what it found).
_STATING_TYPES = frozenset([_CAPTURED, *_CONDITION_OF_TYPE])

EventKey = tuple[Any, Any, int, str]  # earliest, latest, id (the history's order), EDTF


class _Tally:
    """A site's events (or an ancestor's control events) by the day each is certain:
    how many it has and which the history lists last by a day (`by`)."""

    def __init__(self) -> None:
        self._read: list[tuple[dt.date, EventKey]] = []
        self._ends: list[dt.date] = []
        self._lasts: list[EventKey] = []

    def add(self, latest: dt.date, key: EventKey) -> None:
        self._read.append((latest, key))

    def by(self, day: dt.date | None) -> tuple[int, EventKey | None]:
        """How many events are certain by `day` (None: all), and the last of them."""
        if self._read:  # sorted on the first question, after the read
            self._read.sort()
            self._ends = [latest for latest, _ in self._read]
            self._lasts = list(accumulate((key for _, key in self._read), max))
            self._read = []
        count = len(self._ends) if day is None else bisect_right(self._ends, day)
        return count, self._lasts[count - 1] if count else None


def _links(
    principal: Principal,
    site_ids: Sequence[int],
    ancestor_ids: Sequence[int],
    drafts: bool,
    until: dt.date | None,
) -> Select[*tuple[Any, ...]]:
    """Every event of the sites and their ancestors' control events, by `until` (None:
    all), one row per link, driven from each site's links."""
    linked = (
        select(
            EventSite.site_id,
            Event.id,
            Event.category,
            Event.type,
            Event.date_edtf,
            Event.earliest,
            Event.latest,
            Event.grade,
            Event.grade_override,
            Event.condition_found,
        )
        .join(Event, Event.id == EventSite.event_id)
        .where(visible(Event, principal, drafts))
        .where(
            or_(
                EventSite.site_id.in_(site_ids),
                and_(EventSite.site_id.in_(ancestor_ids), Event.category == _CONTROL),
            )
        )
    )
    if until is not None:
        linked = linked.where(Event.latest <= until)
    return linked


# A condition, since when, on what grade.
HeldCondition = tuple[Condition | None, EdtfDate | None, Grade | None]


class _OwnEvents:
    """A site's own events that change its state, in the order they are certain: those
    certain by a day are the first few, so a site's condition is worked out once for
    all the days that count the same events."""

    def __init__(self, events: list[HistoryEvent]) -> None:
        self._events = by_certainty(events)
        self._ends = [event.date.latest for event in self._events]
        self._captures = [
            number
            for number, event in enumerate(self._events)
            if event.type == EventType.CAPTURED.value
        ]
        self._conditions: dict[int, HeldCondition] = {}

    def certain_by(self, day: dt.date | None) -> int:
        """How many of the events are certain by `day` (None: all)."""
        return len(self._events) if day is None else bisect_right(self._ends, day)

    def captures(self, certain: int) -> list[HistoryEvent]:
        return [self._events[number] for number in self._captures if number < certain]

    def condition(self, certain: int) -> HeldCondition:
        """The condition after the first `certain` events, as condition_timeline has it."""
        if certain not in self._conditions:
            timeline = condition_timeline_in_order(self._events[:certain])
            change = timeline[-1] if timeline else None
            self._conditions[certain] = (
                (change.state, change.start, strongest_grade(change.events, OPEN_END))
                if change
                else (None, None, None)
            )
        return self._conditions[certain]


_NO_EVENTS = _OwnEvents([])


def _date(
    edtf: str,
    earliest: dt.date,
    latest: dt.date,
    dates: dict[tuple[str, dt.date, dt.date], EdtfDate],
) -> EdtfDate:
    """One EdtfDate for each date the events share: thousands of events share a few
    hundred days."""
    known = dates.get((edtf, earliest, latest))
    if known is None:
        known = dates[edtf, earliest, latest] = from_bounds(edtf, earliest, latest)
    return known


class _ControlChains:
    """What a site inherits from its ancestors, worked out once per ancestor and shared by
    every site below it: a city's thousands of captures are sorted and walked once, not once
    per monument, so a batch costs its sites plus its ancestors' captures."""

    def __init__(self, control_events: dict[int, list[HistoryEvent]]) -> None:
        self._events = control_events  # each ancestor's own captures
        self._chains: dict[int, list[HistoryEvent]] = {}
        self._holders: dict[int, Holder] = {}

    def events(self, chain: Sequence[int]) -> list[HistoryEvent]:
        """The captures of the sites in `chain` (an ancestor, then its own ancestors),
        each once, in the order they are certain."""
        if not chain:
            return []
        head = chain[0]
        if head not in self._chains:
            above = self.events(chain[1:])
            seen = {event.id for event in above}
            own = [event for event in self._events.get(head, []) if event.id not in seen]
            self._chains[head] = by_certainty(above + own) if own else above
        return self._chains[head]

    def holder(self, chain: Sequence[int]) -> Holder:
        """Who holds the sites in `chain[0]`'s reach by inheritance alone, and since when."""
        if not chain:
            return NO_HOLDER
        head = chain[0]
        if head not in self._holders:
            self._holders[head] = _holder(self.events(chain))
        return self._holders[head]


Holder = tuple[ActorRef | None, EdtfDate | None, Grade | None]  # who, since when, on what grade
NO_HOLDER: Holder = (None, None, None)


def _holder(events: Sequence[HistoryEvent]) -> Holder:
    open_periods = [period for period in control_periods(events) if period.end is None]
    if not open_periods:
        return NO_HOLDER
    holder = open_periods[-1]
    return holder.actor, holder.start, strongest_grade(holder.events, OPEN_END)


def _draft_grades(session: Session, overrides: dict[int, str | None]) -> dict[int, Grade]:
    """Grades counting draft claims, as the history grades them for an editor who asks for
    drafts: the stored grade counts published claims only, so a draft event's is always
    `discounted`. A constant number of queries for the whole batch."""
    event_ids = sorted(overrides)
    responsible = responsible_actors(session, event_ids)
    rows = claim_rows(session, event_ids, include_drafts=True)
    evidence = build_evidence(session, rows, {a for ids in responsible.values() for a in ids})
    return {
        event_id: assess(evidence, event_id, responsible.get(event_id, []), override)[0]
        for event_id, override in overrides.items()
    }


def _history_event(
    row: Any,
    controllers: dict[int, list[Participant]],
    grades: dict[int, Grade],
    dates: dict[tuple[str, dt.date, dt.date], EdtfDate] | None = None,
    *,
    inherited: bool = False,
) -> HistoryEvent:
    return HistoryEvent(
        id=row.id,
        category=row.category,
        type=row.type,
        date=from_bounds(row.date_edtf, row.earliest, row.latest)
        if dates is None
        else _date(row.date_edtf, row.earliest, row.latest, dates),
        site_id=row.site_id,
        site_ids=[row.site_id],
        inherited=inherited,
        description="",
        actors=controllers.get(row.id, []),
        grade=grades[row.id],
        condition_found=row.condition_found,
    )


def _state(
    own_captures: list[HistoryEvent],
    condition: HeldCondition,
    chains: _ControlChains,
    ancestors: list[int],
    last_event: EdtfDate | None,
    own_events: int,
) -> SiteState:
    """The state after the last event, as heritage.history derives it, from the site's own
    captures and condition; what the site inherits is read from `chains`, computed once for
    all the sites below an ancestor. Other control events change no holder, and a
    discounted event nothing (control_periods and condition_timeline skip them)."""
    if own_captures:
        # An event tied to the site and to its city is the site's own, as in the history.
        own_ids = {event.id for event in own_captures}
        inherited = chains.events(ancestors)
        controller, since, control_grade = _holder(
            own_captures + [event for event in inherited if event.id not in own_ids]
        )
    else:  # the common case: a monument holds what its city holds
        controller, since, control_grade = chains.holder(ancestors)
    state, condition_since, condition_grade = condition
    return SiteState(
        controller=controller,
        control_since=since,
        control_grade=control_grade,
        condition=state.value if state else None,
        condition_since=condition_since,
        condition_grade=condition_grade,
        last_event=last_event,
        own_events=own_events,
    )


def site_conditions(
    session: Session,
    principal: Principal,
    site_ids: Sequence[int],
    drafts: bool,
    on: dt.date | None = None,
) -> dict[int, Condition | None]:
    """Each site's condition after its last event, or `on` a day: site_states' `condition`
    without the rest of the state (no ancestors, controllers or control chains). Public
    grades are stored, so the database works it out in one statement for the whole batch;
    an editor's drafts regrade events counting draft claims (as site_states does), so
    their events are read and folded here, in a constant number of queries too."""
    if drafts and principal.sees_drafts:
        return _draft_conditions(session, principal, site_ids, on)
    conditions: dict[int, Condition | None] = dict.fromkeys(site_ids)
    for site_id, state in session.execute(_published_conditions(principal, site_ids, on)):
        conditions[site_id] = Condition(state)
    return conditions


# The events whose conditions are read, by an alias: whether each is visible is asked of
# `Event` in a correlated EXISTS, so SQLite drives the read from ix_event_sites_site_id and
# tests each linked event by primary key; joined plainly, it plans from ix_events_status
# and probes every published event against the batch (3 s a batch of 500 at 50,000 events,
# as services.history found for its links).
_Stating = aliased(Event, name="stating")
# heritage.history.condition_of as SQL, from the rule's own tables so the two cannot drift:
# the condition an event states (NULL: it states none).
_STATED = case(
    (_Stating.type == EventType.ASSESSED.value, _Stating.condition_found),
    *[
        (_Stating.type == event_type, literal(condition.value))
        for event_type, condition in _CONDITION_OF_TYPE.items()
    ],
)
# The events after which the timeline starts afresh (condition_timeline's `resets`).
_RESETS = _Stating.type.in_([EventType.RESTORED.value, EventType.ASSESSED.value])


def _seen_by(principal: Principal, drafts: bool) -> ColumnElement[bool]:
    """Whether the reader sees the `_Stating` event linked through EventSite."""
    return exists().where(Event.id == EventSite.event_id, visible(Event, principal, drafts))


def _published_conditions(
    principal: Principal, site_ids: Sequence[int], on: dt.date | None
) -> Select[int, str]:
    """One statement giving (site id, condition) for each site of the batch whose events
    state one. heritage.history.condition_timeline folds a site's counting events in
    certainty order: a restoration or an assessment sets the state; any other report
    moves it only to a worse one (reports of the same state merge, and after `restored` or
    `intact` any damage is worse). So the last state is the worst one stated by the last
    reset event and the events after it (by all of them when none resets); damage states
    differ in severity, so the worst is one state. Window functions, in SQLite and
    PostgreSQL alike: count the resets from each event to the last, keep the events
    that count none and the reset that counts one, and pick each site's worst."""
    stated = (
        select(
            EventSite.site_id,
            _STATED.label("state"),
            case((_RESETS, 1), else_=0).label("resets"),
            _Stating.latest,
            _Stating.earliest,
            _Stating.id,
        )
        .join(_Stating, _Stating.id == EventSite.event_id)
        .where(
            EventSite.site_id.in_(site_ids),
            _seen_by(principal, False),
            _Stating.grade != Grade.DISCOUNTED.value,  # a discounted event changes nothing
            _STATED.is_not(None),
        )
    )
    if on is not None:
        stated = stated.where(_Stating.latest <= on)  # happened_by: certain by that day
    events = stated.subquery("stated")
    latest_first = (events.c.latest.desc(), events.c.earliest.desc(), events.c.id.desc())
    severity = case(
        *[(events.c.state == condition.value, rank) for condition, rank in _SEVERITY.items()]
    )
    counted = select(
        events.c.site_id,
        events.c.state,
        events.c.resets,
        severity.label("severity"),
        func.sum(events.c.resets)
        .over(partition_by=events.c.site_id, order_by=latest_first, rows=(None, 0))
        .label("resets_from_here"),
        events.c.latest,
        events.c.earliest,
        events.c.id,
    ).subquery("counted")
    since_last_reset = or_(
        counted.c.resets_from_here == 0,
        and_(counted.c.resets_from_here == 1, counted.c.resets == 1),
    )
    ranked = (
        select(
            counted.c.site_id,
            counted.c.state,
            func.row_number()
            .over(partition_by=counted.c.site_id, order_by=counted.c.severity.desc())
            .label("rank"),
        )
        .where(since_last_reset)
        .subquery("ranked")
    )
    return select(ranked.c.site_id, ranked.c.state).where(ranked.c.rank == 1)


def _draft_conditions(
    session: Session, principal: Principal, site_ids: Sequence[int], on: dt.date | None
) -> dict[int, Condition | None]:
    """site_conditions for an editor who asks for drafts: the events that state a condition,
    regraded counting draft claims (_draft_grades), folded by condition_timeline."""
    stated = (
        select(
            EventSite.site_id,
            _Stating.id,
            _Stating.category,
            _Stating.type,
            _Stating.date_edtf,
            _Stating.earliest,
            _Stating.latest,
            _Stating.grade,
            _Stating.grade_override,
            _Stating.condition_found,
        )
        .join(_Stating, _Stating.id == EventSite.event_id)
        .where(
            EventSite.site_id.in_(site_ids),
            _seen_by(principal, True),
            _STATED.is_not(None),
        )
    )
    if on is not None:
        stated = stated.where(_Stating.latest <= on)
    rows = session.execute(stated).all()
    grades = _draft_grades(session, {row.id: row.grade_override for row in rows})
    by_site: dict[int, list[HistoryEvent]] = defaultdict(list)
    for row in rows:
        by_site[row.site_id].append(_history_event(row, {}, grades, inherited=False))
    conditions: dict[int, Condition | None] = {}
    for site_id in site_ids:
        timeline = condition_timeline(by_site[site_id])
        conditions[site_id] = timeline[-1].state if timeline else None
    return conditions
