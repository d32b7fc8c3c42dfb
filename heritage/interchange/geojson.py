"""Sites as an RFC 7946 GeoJSON FeatureCollection for GIS, with each site's current control
and condition, written as it is read (see docs/interchange.md, "GeoJSON")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

import orjson
from sqlalchemy import and_, literal, or_, select
from sqlalchemy.orm import Session, selectinload

from heritage.auth import Principal
from heritage.dates import OPEN_END, EdtfDate, from_bounds
from heritage.history import (
    ActorRef,
    HistoryEvent,
    by_certainty,
    condition_timeline,
    control_periods,
)
from heritage.interchange.filters import ExportFilter
from heritage.interchange.scope import drafts_shown, site_conditions
from heritage.models import Actor, Event, EventActor, EventSite, Site
from heritage.services.grades import assess, build_evidence, claim_rows, responsible_actors
from heritage.services.records import visible
from heritage.services.sites import location_for
from heritage.vocab import ActorRole, EventCategory, EventType, Grade, IdentifierScheme

# Sites per batch: each batch costs a constant number of queries, whatever its events.
BATCH_SIZE = 500
EVERYTHING = ExportFilter()  # no filter: every site the principal may see
# RFC 7946 §11.2: six decimals is about 10 cm, finer than any site's extent.
COORDINATE_DECIMALS = 6


@dataclass(frozen=True, slots=True)
class SiteState:
    """What the map shows of a site's history: who holds it and in what condition."""

    controller: ActorRef | None
    control_since: EdtfDate | None
    condition: str | None
    condition_since: EdtfDate | None
    last_event: EdtfDate | None
    own_events: int


def export_sites_geojson(
    session: Session,
    principal: Principal,
    out: TextIO,
    selection: ExportFilter = EVERYTHING,
    *,
    include_drafts: bool = False,
) -> int:
    """Write one feature per live site `principal` may see; return how many were written.

    Control and condition come from published events only, unless an editor passes
    `include_drafts`. Below editor, a restricted site's point is the generalised one."""
    drafts = drafts_shown(principal, include_drafts)
    conditions = site_conditions(session, principal, selection, include_drafts)
    out.write('{"type":"FeatureCollection","features":[')
    written = 0
    last_id = 0
    while True:
        sites = _site_batch(session, conditions, last_id)
        if not sites:
            break
        states = site_states(session, principal, [site.id for site in sites], drafts)
        for site in sites:
            out.write(",\n" if written else "\n")
            out.write(orjson.dumps(feature(site, principal, states[site.id])).decode())
            written += 1
        last_id = sites[-1].id
    out.write("\n]}\n")
    return written


def _site_batch(session: Session, conditions: Any, after_id: int) -> Sequence[Site]:
    """The next sites by id (keyset paging keeps every batch as cheap as the first)."""
    return session.scalars(
        select(Site)
        .options(
            selectinload(Site.names),
            selectinload(Site.identifiers),
            selectinload(Site.designations),
        )
        .where(conditions, Site.id > after_id)
        .order_by(Site.id)
        .limit(BATCH_SIZE)
    ).all()


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


def _controllers(session: Session, event_ids: set[int]) -> dict[int, list[tuple[ActorRef, str]]]:
    """The controllers of the given capture events (all control_periods reads of actors)."""
    actors: dict[int, list[tuple[ActorRef, str]]] = defaultdict(list)
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
        actors[event_id].append((ActorRef(actor_id, actor_name), ActorRole.CONTROLLER.value))
    return actors


def site_states(
    session: Session, principal: Principal, site_ids: Sequence[int], drafts: bool
) -> dict[int, SiteState]:
    """The current state of each site, in four queries for any number of sites (a few more
    with drafts): its own events and its ancestors' control events, fed to heritage.history
    as the site's history would be, in time proportional to the sites plus the events. A
    discounted event changes nothing: grades are the stored (public) ones, or with drafts
    recomputed counting draft claims."""
    ancestors = _ancestors(session, site_ids)
    ancestor_ids = {ancestor for chain in ancestors.values() for ancestor in chain}
    links = session.execute(
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
                and_(
                    EventSite.site_id.in_(sorted(ancestor_ids)),
                    Event.category == EventCategory.CONTROL.value,
                ),
            )
        )
    ).all()
    controllers = _controllers(
        session, {row.id for row in links if row.type == EventType.CAPTURED.value}
    )
    grades = {row.id: Grade(row.grade) for row in links}
    if drafts:
        grades.update(_draft_grades(session, {row.id: row.grade_override for row in links}))
    by_site: dict[int, list[Any]] = defaultdict(list)
    for row in links:
        by_site[row.site_id].append(row)
    chains = _ControlChains(
        {
            site_id: [
                _history_event(row, controllers, grades, inherited=True)
                for row in rows
                if row.category == EventCategory.CONTROL.value
            ]
            for site_id, rows in by_site.items()
            if site_id in ancestor_ids
        }
    )
    return {
        site_id: _state(
            [_history_event(row, controllers, grades, inherited=False) for row in by_site[site_id]],
            chains,
            ancestors.get(site_id, []),
        )
        for site_id in site_ids
    }


class _ControlChains:
    """What a site inherits from its ancestors, worked out once per ancestor and shared by
    every site below it: a city's thousands of captures are sorted and walked once, not once
    per monument, so a batch costs its sites plus its ancestors' events."""

    def __init__(self, control_events: dict[int, list[HistoryEvent]]) -> None:
        self._events = control_events  # each ancestor's own control events
        self._chains: dict[int, list[HistoryEvent]] = {}
        self._holders: dict[int, tuple[ActorRef | None, EdtfDate | None]] = {}
        self._last: dict[int, HistoryEvent | None] = {}

    def events(self, chain: Sequence[int]) -> list[HistoryEvent]:
        """The control events of the sites in `chain` (an ancestor, then its own ancestors),
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

    def holder(self, chain: Sequence[int]) -> tuple[ActorRef | None, EdtfDate | None]:
        """Who holds the sites in `chain[0]`'s reach by inheritance alone, and since when."""
        if not chain:
            return None, None
        head = chain[0]
        if head not in self._holders:
            self._holders[head] = _holder(self.events(chain))
        return self._holders[head]

    def last(self, chain: Sequence[int]) -> HistoryEvent | None:
        """The last inherited event in the history's order."""
        if not chain:
            return None
        head = chain[0]
        if head not in self._last:
            self._last[head] = _last(self.events(chain))
        return self._last[head]


def _last(events: Sequence[HistoryEvent]) -> HistoryEvent | None:
    """The event a history lists last (heritage.history.chronological's order)."""
    return max(events, key=lambda e: (e.date.earliest, e.date.latest, e.id), default=None)


def _holder(events: Sequence[HistoryEvent]) -> tuple[ActorRef | None, EdtfDate | None]:
    open_periods = [period for period in control_periods(events) if period.end is None]
    holder = open_periods[-1] if open_periods else None
    return (holder.actor, holder.start) if holder else (None, None)


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
    controllers: dict[int, list[tuple[ActorRef, str]]],
    grades: dict[int, Grade],
    *,
    inherited: bool,
) -> HistoryEvent:
    return HistoryEvent(
        id=row.id,
        category=row.category,
        type=row.type,
        date=from_bounds(row.date_edtf, row.earliest, row.latest),
        site_id=row.site_id,
        site_ids=[row.site_id],
        inherited=inherited,
        description="",
        actors=controllers.get(row.id, []),
        grade=grades[row.id],
        condition_found=row.condition_found,
    )


def _state(own: list[HistoryEvent], chains: _ControlChains, ancestors: list[int]) -> SiteState:
    """The state after the last event, as heritage.history derives it; what the site
    inherits is read from `chains`, computed once for all the sites below an ancestor."""
    own_ids = {event.id for event in own}
    own_control = [event for event in own if event.category == EventCategory.CONTROL.value]
    if own_control:
        # An event tied to the site and to its city is the site's own, as in the history.
        inherited = chains.events(ancestors)
        controller, since = _holder(
            own_control + [event for event in inherited if event.id not in own_ids]
        )
    else:  # the common case: a monument holds what its city holds
        controller, since = chains.holder(ancestors)
    timeline = condition_timeline(own)
    condition = timeline[-1] if timeline else None
    last = _last([event for event in (_last(own), chains.last(ancestors)) if event is not None])
    return SiteState(
        controller=controller,
        control_since=since,
        condition=condition.state.value if condition else None,
        condition_since=condition.start if condition else None,
        last_event=last.date if last else None,
        own_events=len(own_ids),
    )


def _geometry(site: Site, principal: Principal) -> dict[str, Any] | None:
    location = location_for(site, principal)
    if location is None or location["latitude"] is None:
        return None
    # RFC 7946: longitude first.
    return {
        "type": "Point",
        "coordinates": [
            round(location["longitude"], COORDINATE_DECIMALS),
            round(location["latitude"], COORDINATE_DECIMALS),
        ],
    }


def _edtf(date: EdtfDate | None) -> str | None:
    return date.edtf if date else None


def _calendar_end(date: EdtfDate | None) -> str | None:
    """A sortable day for GIS filters; an open end ("2016-03-27/") has none."""
    if date is None or date.latest == OPEN_END:
        return None
    return date.latest.isoformat()


def feature(site: Site, principal: Principal, state: SiteState) -> dict[str, Any]:
    """One site as a GeoJSON Feature. Properties are flat scalars (names, designations
    joined with "; ", one column per identifier scheme) so that every GIS reads them as
    ordinary attribute columns."""
    location = location_for(site, principal)
    identifiers = {identifier.scheme: identifier.value for identifier in site.identifiers}
    properties: dict[str, Any] = {
        "id": site.id,
        "key": site.key,
        "name": site.name,
        "kind": site.kind,
        "parent_id": site.parent_id,
        "alt_names": "; ".join(
            f"{name.name} ({name.lang})" for name in site.names if name.name != site.name
        ),
        **{scheme.value: identifiers.get(scheme.value) for scheme in IdentifierScheme},
        "designations": "; ".join(d.designation for d in site.designations),
        "restricted": site.restricted,
        "location_certainty": location["certainty"] if location else None,
        "generalised": location["generalised"] if location else False,
        "controlled_by_id": state.controller.id if state.controller else None,
        "controlled_by": state.controller.name if state.controller else None,
        "controlled_since": _edtf(state.control_since),
        "condition": state.condition,
        "condition_since": _edtf(state.condition_since),
        "events": state.own_events,
        "last_event_date": _edtf(state.last_event),
        "last_event_latest": _calendar_end(state.last_event),
    }
    return {
        "type": "Feature",
        "id": site.id,
        "geometry": _geometry(site, principal),
        "properties": properties,
    }
