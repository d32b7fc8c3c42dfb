"""A report's content built from the database: the period's events with their claims,
grades and flags, the state of each site concerned at the period's end (site_states), key
figures against the previous period, and what changed since the last issue (the revision
trail after its commit position). The whole database's month is read in a constant
number of set-based queries: the scope and the period are conditions of one read of the
events, whose ids the later reads take as one bound list; never a query per site or
event."""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, bindparam, exists, literal, or_, select, union
from sqlalchemy.orm import Session, aliased

from heritage.auth import ANONYMOUS, Principal
from heritage.driver import sqlite_values
from heritage.errors import NotFound
from heritage.grading import Flag
from heritage.history import _SEVERITY
from heritage.models import (
    Actor,
    Claim,
    CommitCounter,
    Event,
    EventActor,
    EventSite,
    Revision,
    Site,
    SiteName,
)
from heritage.reports.content import (
    ActorLine,
    BucketCount,
    ChangeLine,
    CitedArticle,
    ClaimLine,
    EventLine,
    Figure,
    FlagLine,
    KeyFigures,
    MapPoint,
    NamedRef,
    Period,
    ReportContent,
    ReportSpec,
    SiteSection,
    SiteState,
)
from heritage.reports.levels import level
from heritage.reports.periods import cadence_of, period_of
from heritage.services import states as site_state
from heritage.services.grades import (
    RESPONSIBLE_ROLES,
    assess,
    build_evidence,
    claim_rows,
)
from heritage.services.records import RESOURCE_NAMES
from heritage.services.sites import location_for
from heritage.services.states import site_states_by_day
from heritage.services.visibility import visible
from heritage.vocab import (
    ActorRole,
    Condition,
    EventCategory,
    EventType,
    FlagKind,
    Grade,
    NameType,
    ReportAudience,
    ReportCadence,
    ReportChangeKind,
    ReportLanguage,
    Role,
    Stance,
    Status,
)

# The internal edition reads as an editor who asks for drafts: it sees what is in review
# (marked as such) and exact points. No user: an issued report names no editor.
INTERNAL_READER = Principal(user_id=None, name="reports", role=Role.EDITOR)

# Damage classes, worst first: the keys of the newly damaged sites.
DAMAGE_CLASSES = (
    Condition.DESTROYED,
    Condition.SEVERELY_DAMAGED,
    Condition.MODERATELY_DAMAGED,
    Condition.DAMAGED,
    Condition.POSSIBLY_DAMAGED,
)
# A period up to this long is charted by week, a longer one by month.
_WEEKLY_CHART_DAYS = 62


def reader(audience: ReportAudience) -> tuple[Principal, bool]:
    """Who an edition reads the data as, and whether drafts count."""
    if audience == ReportAudience.INTERNAL:
        return INTERNAL_READER, True
    return ANONYMOUS, False


def current_position(session: Session, audience: ReportAudience) -> int:
    """The commit position an issue built now rests on, in the audience's counter: the
    public one (Revision.public_seq) or the full one (Revision.commit_seq)."""
    row = session.execute(
        select(CommitCounter.value, CommitCounter.public_value).order_by(CommitCounter.id)
    ).first()
    if row is None:
        return 0
    return int(row.public_value if audience == ReportAudience.PUBLIC else row.value)


def _ids(session: Session, ids: Iterable[int]) -> Any:
    """An id list for `in_()` as one bound value on SQLite (json_each) and written into
    the SQL on PostgreSQL, as heritage.services.grades reads its lists: thousands of ids
    bound one parameter each cost more than the query."""
    listed = sorted({int(i) for i in ids})
    if session.get_bind().dialect.name == "sqlite":
        return sqlite_values(listed)
    return bindparam(None, listed, expanding=True, literal_execute=True)


def _scope_sites(session: Session, scope_site_id: int | None) -> Select[Any]:
    """The live sites in scope, as a subquery: every one, or a site and everything inside
    it (a recursive walk down sites.parent_id, capped against a cycle)."""
    if scope_site_id is None:
        return select(Site.id).where(Site.deleted_at.is_(None))
    found = session.scalar(
        select(Site.id).where(Site.id == scope_site_id, Site.deleted_at.is_(None))
    )
    if found is None:
        raise NotFound("site", scope_site_id)
    down = (
        select(Site.id.label("id"), literal(0).label("depth"))
        .where(Site.id == scope_site_id)
        .cte("report_scope", recursive=True)
    )
    down = down.union_all(
        select(Site.id, down.c.depth + 1)
        .join(down, Site.parent_id == down.c.id)
        .where(Site.deleted_at.is_(None), down.c.depth < 100)
    )
    return select(down.c.id)


# The revision trail's names for the records a change line can be about.
_EVENTS, _CLAIMS = RESOURCE_NAMES[Event], RESOURCE_NAMES[Claim]


def _seq(audience: ReportAudience) -> Any:
    """The revision column of the audience's counter."""
    return Revision.public_seq if audience == ReportAudience.PUBLIC else Revision.commit_seq


def _revised(spec: ReportSpec, resource: str, position: int) -> Select[Any]:
    """The ids of `resource` records revised after `position`, in the audience's counter,
    as a subquery: an import after the last issue may have touched a million."""
    return select(Revision.record_id).where(
        Revision.resource == resource, _seq(spec.audience) > position
    )


def _seen(spec: ReportSpec, resource: str, record_id: Any, position: int) -> Any:
    """Whether the audience could see the record by `position`: it had a revision by
    then in the audience's counter (for the public, a public one)."""
    return exists().where(
        Revision.resource == resource,
        Revision.record_id == record_id,
        _seq(spec.audience) <= position,
    )


def _retracted_claims(
    session: Session, spec: ReportSpec, principal: Principal, drafts: bool, position: int
) -> dict[int, int]:
    """Claims the audience saw by `position`, revised since and no longer visible
    (retracted or deleted, or their event gone), with their events: one query."""
    rows = session.execute(
        select(Claim.id, Claim.event_id).where(
            Claim.id.in_(_revised(spec, _CLAIMS, position)),
            ~visible(Claim, principal, drafts),
            _seen(spec, _CLAIMS, Claim.id, position),
        )
    )
    return {claim_id: event_id for claim_id, event_id in rows}


@dataclass
class _EventRow:
    id: int
    category: str
    type: str
    date: str
    earliest: dt.date
    latest: dt.date
    description: str
    status: str
    grade_override: str | None
    shown: bool  # visible to the audience now
    site_ids: list[int]
    touched: bool = False  # revised (or a claim of it) since the last issue
    seen: bool = True  # the audience could see it by the last issue's position


# The events read, by an alias: whether each is visible is asked of `Event` by primary key
# in a correlated EXISTS, so that SQLite, which has no statistics, plans the read from the
# dates' index; with the rule on the events read, it planned from ix_events_status and
# tested every published event (10 s for a month of 100,000 events, against 0.1 s).
_Read = aliased(Event, name="read")


def _event_columns(shown: Any, seen: Any) -> Select[*tuple[Any, ...]]:
    return select(
        EventSite.site_id,
        _Read.id,
        _Read.category,
        _Read.type,
        _Read.date_edtf,
        _Read.earliest,
        _Read.latest,
        _Read.description,
        _Read.status,
        _Read.grade_override,
        shown.label("shown"),
        seen.label("seen"),
    ).join(_Read, _Read.id == EventSite.event_id)


def _read_events(
    session: Session,
    spec: ReportSpec,
    scope: Select[Any],
    principal: Principal,
    drafts: bool,
) -> dict[int, _EventRow]:
    """The events in scope the report reads, one row per link to a site in scope: those
    visible and dated in the window (overlapping the period, or counted in the previous
    one), then those revised since the last issue's position (themselves or a claim of
    theirs) whether still visible or not, with whether the audience saw each by then.
    Two queries."""
    start = min(spec.previous.start, spec.period.start)
    shown = exists().where(Event.id == _Read.id, visible(Event, principal, drafts))
    # Every site: a live site, asked by primary key (a list of every site, SQLite reads
    # all their events to find the period's); a site and what is inside it: that list.
    in_scope = (
        exists().where(Site.id == EventSite.site_id, Site.deleted_at.is_(None))
        if spec.scope_site_id is None
        else EventSite.site_id.in_(scope)
    )
    window = and_(_Read.earliest <= spec.period.end, _Read.latest >= start, in_scope, shown)
    reads = [_event_columns(literal(True), literal(True)).where(window)]
    if spec.last_issue is not None:
        position = spec.last_issue.position
        revised = union(
            _revised(spec, _EVENTS, position),
            select(Claim.event_id).where(Claim.id.in_(_revised(spec, _CLAIMS, position))),
        )
        touched = and_(_Read.id.in_(revised), in_scope)
        seen = _seen(spec, _EVENTS, _Read.id, position)
        reads.append(_event_columns(shown, seen).where(touched))
    events: dict[int, _EventRow] = {}
    in_window: set[int] = set()
    for number, read in enumerate(reads):
        # Unordered: ordered by id, SQLite scans every event in id order instead of
        # reading the period's from the dates' index. Ordered below.
        for link in session.execute(read):
            if number > 0 and link.id in in_window:  # its links are read already
                events[link.id].touched, events[link.id].seen = True, bool(link.seen)
                continue
            row = events.get(link.id)
            if row is None:
                row = events[link.id] = _EventRow(
                    link.id,
                    link.category,
                    link.type,
                    link.date_edtf,
                    link.earliest,
                    link.latest,
                    link.description or "",
                    link.status,
                    link.grade_override,
                    bool(link.shown),
                    [],
                    touched=number > 0,
                    seen=bool(link.seen),
                )
            row.site_ids.append(link.site_id)
        if number == 0:
            in_window = set(events)
    for row in events.values():
        row.site_ids.sort()
    return events


@dataclass
class _SiteRow:
    name: str
    kind: str
    parent_id: int | None
    point: dict[str, Any] | None


def _read_sites(
    session: Session, site_ids: set[int], principal: Principal, language: ReportLanguage
) -> dict[int, _SiteRow]:
    """The sites named, with their parents, each under its name in the report's language,
    at the point the audience may see: two queries (the sites with their parents; their
    Arabic names for the Arabic edition)."""
    if not site_ids:
        return {}
    parent = select(Site.parent_id).where(Site.id.in_(_ids(session, site_ids)))
    rows = session.execute(
        select(
            Site.id,
            Site.name,
            Site.kind,
            Site.parent_id,
            Site.restricted,
            Site.latitude,
            Site.longitude,
            Site.location_certainty,
            Site.public_latitude,
            Site.public_longitude,
        ).where(or_(Site.id.in_(_ids(session, site_ids)), Site.id.in_(parent)))
    ).all()
    sites: dict[int, _SiteRow] = {}
    for row in rows:
        # location_for, the one rule for the point a reader sees, reads the row's columns.
        sites[row.id] = _SiteRow(row.name, row.kind, row.parent_id, location_for(row, principal))
    if language == ReportLanguage.ARABIC:
        ranked = {NameType.PREFERRED.value: 0, NameType.ALTERNATIVE.value: 1}
        best: dict[int, tuple[int, int, str]] = {}
        for site_id, name_id, name, name_type in session.execute(
            select(SiteName.site_id, SiteName.id, SiteName.name, SiteName.type).where(
                SiteName.site_id.in_(_ids(session, sites)),
                SiteName.lang == language.value,
                SiteName.type.in_(list(ranked)),
            )
        ):
            candidate = (ranked[name_type], name_id, name)
            if site_id not in best or candidate < best[site_id]:
                best[site_id] = candidate
        for site_id, (_, _, name) in best.items():
            sites[site_id].name = name
    return sites


def _read_actors(session: Session, event_ids: Sequence[int]) -> dict[int, list[ActorLine]]:
    actors: dict[int, list[ActorLine]] = defaultdict(list)
    for event_id, role, actor_id, name in session.execute(
        select(EventActor.event_id, EventActor.role, Actor.id, Actor.name)
        .join(Actor, Actor.id == EventActor.actor_id)
        .where(EventActor.event_id.in_(_ids(session, event_ids)))
        .order_by(EventActor.event_id, EventActor.role, Actor.name, Actor.id)
    ):
        actors[event_id].append(ActorLine(NamedRef(actor_id, name), ActorRole(role)))
    return actors


def _newly_damaged(
    states: Mapping[dt.date, Mapping[int, site_state.SiteState]],
    candidates: Mapping[Period, set[int]],
) -> dict[Period, dict[Condition, int]]:
    """For each period, the sites whose condition at its end is worse than the day before
    it starts, by the damage class reached, from `states` on those days. Only sites with
    events counted in a period can change in it (states follow the day each event became
    certain), so only those are compared."""
    reached: dict[Period, dict[Condition, int]] = {}
    for period, sites in candidates.items():
        counts = reached[period] = dict.fromkeys(DAMAGE_CLASSES, 0)
        for site_id in sites:
            now = _condition(states[period.end][site_id])
            then = _condition(states[period.start - dt.timedelta(1)][site_id])
            if now in counts and (then is None or _SEVERITY[now] > _SEVERITY[then]):
                counts[now] += 1
    return reached


def _condition(state: site_state.SiteState) -> Condition | None:
    return Condition(state.condition) if state.condition else None


def _figure(key: str, current: int, previous: int) -> Figure:
    return Figure(key, current, previous, level(current, previous))


def _in(period: Period, day: dt.date) -> bool:
    return period.start <= day <= period.end


def _buckets(period: Period, counted: Sequence[EventLine]) -> list[BucketCount]:
    """Counted events per ISO week (a period up to two months) or per month, by category."""
    cadence = (
        ReportCadence.WEEKLY
        if (period.end - period.start).days < _WEEKLY_CHART_DAYS
        else ReportCadence.MONTHLY
    )
    buckets: list[BucketCount] = []
    day = period.start
    while day <= period.end:
        span = period_of(cadence, day)
        buckets.append(BucketCount(span.label, span.start, dict.fromkeys(EventCategory, 0)))
        day = span.end + dt.timedelta(days=1)
    by_label = {bucket.label: bucket for bucket in buckets}
    for line in counted:
        by_label[period_of(cadence, line.latest).label].by_category[line.category] += 1
    return buckets


def _period_holding(period: Period, day: dt.date) -> Period | None:
    """The period of the report's cadence holding `day` (None for a fixed period)."""
    cadence = cadence_of(period)
    return None if cadence == ReportCadence.FIXED else period_of(cadence, day)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a report is built: the whole database's
    month makes a million objects that live until the content is done, and each of the
    collector's full passes walked them all again (a third of the content's time,
    measured). Reference counting frees as ever; cycles wait for it to resume."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_report(
    session: Session,
    spec: ReportSpec,
    last_facts: Mapping[int, tuple[Grade, tuple[FlagKind, ...]]],
) -> ReportContent:
    """The content of one issue: `spec`'s period read as its audience sees the data now,
    compared with the previous period and, through `last_facts` (the last issue's
    `facts`) and the revisions after its position, with the last issue."""
    with _collector_paused():
        return _build_report(session, spec, last_facts)


def _build_report(
    session: Session,
    spec: ReportSpec,
    last_facts: Mapping[int, tuple[Grade, tuple[FlagKind, ...]]],
) -> ReportContent:
    principal, drafts = reader(spec.audience)
    internal = spec.audience == ReportAudience.INTERNAL
    position = current_position(session, spec.audience)
    scope = _scope_sites(session, spec.scope_site_id)
    rows = _read_events(session, spec, scope, principal, drafts)
    # The reads that follow take the shown events' ids as a list bound as one value:
    # given the reads above as a subquery, SQLite planned each one from the wrong end
    # (20 s for a month of a database of 100,000 events, against 0.1 s).
    event_ids = sorted(row.id for row in rows.values() if row.shown)
    retracted_claims = (
        _retracted_claims(session, spec, principal, drafts, spec.last_issue.position)
        if spec.last_issue is not None
        else {}
    )

    actors = _read_actors(session, event_ids)
    claims = claim_rows(session, event_ids, include_drafts=drafts)
    responsible: dict[int, list[int]] = defaultdict(list)
    for event_id, taking_part in actors.items():
        for actor in taking_part:
            if actor.role in RESPONSIBLE_ROLES:
                responsible[event_id].append(actor.actor.id)
    evidence = build_evidence(session, claims, {a for ids in responsible.values() for a in ids})
    assessed: dict[int, tuple[Grade, list[Flag]]] = {
        event_id: assess(evidence, event_id, responsible.get(event_id, []), row.grade_override)
        for event_id, row in rows.items()
        if row.shown
    }

    # Sections and lines name the sites the shown events are tied to in scope.
    shown_rows = [row for row in rows.values() if row.shown]
    site_ids = {site_id for row in shown_rows for site_id in row.site_ids}
    if spec.scope_site_id is not None:
        site_ids.add(spec.scope_site_id)
    sites = _read_sites(session, site_ids, principal, spec.language)

    def site_ref(site_id: int) -> NamedRef:
        return NamedRef(site_id, sites[site_id].name)

    # The annex: every article cited by a listed event's claims, by date, then title.
    listed_ids = {
        row.id
        for row in shown_rows
        if row.earliest <= spec.period.end and row.latest >= spec.period.start
    }
    touched_shown = {row.id for row in shown_rows if row.touched}
    # Every shown event's facts: the last issue's events are compared even when this
    # issue does not list them (the last issue covered the previous period).
    now_facts = {
        event_id: (grade, tuple(sorted({flag.kind for flag in flags})))
        for event_id, (grade, flags) in assessed.items()
    }
    regraded = {
        event_id
        for event_id, (grade, kinds) in last_facts.items()
        if event_id in now_facts
        and (now_facts[event_id][0] != grade or set(now_facts[event_id][1]) - set(kinds))
    }
    lined_ids = listed_ids | touched_shown | regraded
    cited = {claim.article_id: claim for claim in claims if claim.event_id in lined_ids}
    ordered = sorted(cited.values(), key=lambda c: (c.published, c.title, c.article_id))
    articles = [
        CitedArticle(number, c.article_id, c.publisher_name, c.title, c.published, c.url)
        for number, c in enumerate(ordered, start=1)
    ]
    number_of = {article.id: article.number for article in articles}

    in_review: set[int] = set()
    if internal:  # claim_rows reads no status: the drafts' marks, in one more query
        in_review = set(
            session.scalars(
                select(Claim.id).where(
                    Claim.event_id.in_(_ids(session, event_ids)),
                    Claim.status != Status.PUBLISHED.value,
                )
            )
        )
    claims_of: dict[int, list[ClaimLine]] = defaultdict(list)
    for claim in claims:
        if claim.event_id not in lined_ids:
            continue
        speaker = NamedRef(claim.speaker_id, claim.speaker_name) if claim.speaker_id else None
        claims_of[claim.event_id].append(
            ClaimLine(
                id=claim.id,
                stance=Stance(claim.stance),
                speaker=speaker,
                article=number_of[claim.article_id],
                quote=claim.quote,
                stated_date=claim.stated_date_edtf,
                in_review=claim.id in in_review,
            )
        )

    def event_line(row: _EventRow) -> EventLine:
        grade, flags = assessed[row.id]
        return EventLine(
            id=row.id,
            category=EventCategory(row.category),
            type=EventType(row.type),
            date=row.date,
            earliest=row.earliest,
            latest=row.latest,
            sites=[site_ref(site_id) for site_id in row.site_ids],
            actors=actors.get(row.id, []),
            grade=grade,
            flags=[FlagLine(flag.kind, flag.detail) for flag in flags],
            claims=claims_of.get(row.id, []),
            description=row.description,
            in_review=internal and row.status != Status.PUBLISHED,
            counted=_in(spec.period, row.latest),
        )

    chronological = sorted(
        (rows[event_id] for event_id in lined_ids), key=lambda r: (r.earliest, r.latest, r.id)
    )
    lines = {row.id: event_line(row) for row in chronological}
    events = [
        lines[event_id]
        for event_id in sorted(listed_ids, key=lambda i: (rows[i].earliest, rows[i].latest, i))
    ]
    counted = [line for line in events if line.counted]
    previous_rows = [row for row in shown_rows if _in(spec.previous, row.latest)]

    # Key figures: this period's counted events against the previous period's.
    now_category = Counter[str](line.category for line in counted)
    then_category = Counter[str](row.category for row in previous_rows)
    now_type = Counter[str](line.type for line in counted)
    then_type = Counter[str](row.type for row in previous_rows)
    # A section per site with events listed in the period, with its state at the end.
    section_events: dict[int, list[EventLine]] = defaultdict(list)
    for line in events:
        for site_id in rows[line.id].site_ids:
            section_events[site_id].append(line)
    candidates = {
        spec.period: {
            site_id
            for row in shown_rows
            if _in(spec.period, row.latest)
            for site_id in row.site_ids
        },
        spec.previous: {site_id for row in previous_rows for site_id in row.site_ids},
    }
    # Every state from one read: the sections' at the end, and the candidates' on the
    # days that tell whether they were newly damaged (only theirs: for the whole
    # database's month, 23,236 states instead of 33,735).
    wanted: dict[dt.date, set[int]] = defaultdict(set)
    wanted[spec.period.end].update(section_events)
    for period, sites_in in candidates.items():
        wanted[period.start - dt.timedelta(1)].update(sites_in)
        wanted[period.end].update(sites_in)
    states = site_states_by_day(session, principal, wanted, drafts)
    damaged = _newly_damaged(states, candidates)
    damaged_now, damaged_then = damaged[spec.period], damaged[spec.previous]
    captured = EventType.CAPTURED.value
    figures = KeyFigures(
        events=_figure("events", len(counted), len(previous_rows)),
        by_category=[
            _figure(c.value, now_category[c.value], then_category[c.value]) for c in EventCategory
        ],
        by_type=[
            _figure(t.value, now_type[t.value], then_type[t.value])
            for t in EventType
            if now_type[t.value] or then_type[t.value]
        ],
        newly_damaged=[_figure(c.value, damaged_now[c], damaged_then[c]) for c in DAMAGE_CLASSES],
        control_changes=_figure(
            "control_changes",
            now_type[captured],
            then_type[captured],
        ),
        contested=_figure(
            "contested",
            sum(1 for line in counted if line.grade == Grade.CONTESTED),
            sum(1 for row in previous_rows if assessed[row.id][0] == Grade.CONTESTED),
        ),
    )

    sections: list[SiteSection] = []
    for site_id, site_events in section_events.items():
        site = sites[site_id]
        state = states[spec.period.end][site_id]
        point = site.point
        sections.append(
            SiteSection(
                site=site_ref(site_id),
                kind=site.kind,
                parent=site_ref(site.parent_id)
                if site.parent_id is not None and site.parent_id in sites
                else None,
                latitude=point["latitude"] if point else None,
                longitude=point["longitude"] if point else None,
                generalised=bool(point and point["generalised"]),
                state=SiteState(
                    controller=NamedRef(state.controller.id, state.controller.name)
                    if state.controller
                    else None,
                    control_grade=state.control_grade,
                    condition=Condition(state.condition) if state.condition else None,
                    condition_grade=state.condition_grade,
                ),
                events=site_events,
            )
        )
    sections.sort(key=lambda s: (s.site.name, s.site.id))
    # In the vocabulary's order, sites of no known condition last: stable bytes.
    tally = Counter(section.state.condition for section in sections)
    by_condition = {c: tally[c] for c in [*Condition, None] if tally[c]}
    points = [
        MapPoint(s.site, s.latitude, s.longitude, s.state.condition)
        for s in sections
        if s.latitude is not None and s.longitude is not None
    ]

    changes = _changes(spec, rows, lines, retracted_claims, now_facts, last_facts)

    return ReportContent(
        spec=spec,
        position=position,
        scope=site_ref(spec.scope_site_id) if spec.scope_site_id is not None else None,
        figures=figures,
        changes=changes,
        sites=sections,
        events=events,
        buckets=_buckets(spec.period, counted),
        sites_by_condition=by_condition,
        points=points,
        articles=articles,
        facts={line.id: now_facts[line.id] for line in events},
    )


_KIND_ORDER = {kind: rank for rank, kind in enumerate(ReportChangeKind)}


def _changes(
    spec: ReportSpec,
    rows: Mapping[int, _EventRow],
    lines: Mapping[int, EventLine],
    retracted_claims: Mapping[int, int],
    facts: Mapping[int, tuple[Grade, tuple[FlagKind, ...]]],
    last_facts: Mapping[int, tuple[Grade, tuple[FlagKind, ...]]],
) -> list[ChangeLine]:
    """What changed since the last issue (none for a definition's first issue)."""
    if spec.last_issue is None:
        return []
    changes: list[ChangeLine] = []
    for event_id, row in sorted(rows.items()):
        if not row.touched:
            continue
        seen = row.seen
        if not row.shown:
            if seen:
                changes.append(ChangeLine(ReportChangeKind.RETRACTED, None, "events", event_id))
            continue
        line = lines[event_id]
        before = row.latest < spec.period.start
        within = _in(spec.period, row.latest)
        if before or (within and spec.corrects is not None):
            # A new or changed event of a period already reported.
            changes.append(
                ChangeLine(
                    ReportChangeKind.CORRECTION,
                    line,
                    "events",
                    event_id,
                    period=_period_holding(spec.period, row.latest),
                )
            )
        elif not seen:
            changes.append(ChangeLine(ReportChangeKind.NEW_EVENT, line, "events", event_id))
    for claim_id, event_id in sorted(retracted_claims.items()):
        if event_id not in rows:  # out of scope
            continue
        changes.append(
            ChangeLine(ReportChangeKind.RETRACTED, lines.get(event_id), "claims", claim_id)
        )
    for event_id, (old_grade, old_kinds) in sorted(last_facts.items()):
        if event_id not in facts:
            continue
        new_grade, new_kinds = facts[event_id]
        fresh = [kind for kind in new_kinds if kind not in old_kinds]
        if new_grade == old_grade and not fresh:
            continue
        line = lines[event_id]
        if new_grade != old_grade:
            changes.append(
                ChangeLine(
                    ReportChangeKind.GRADE_CHANGED,
                    line,
                    "events",
                    event_id,
                    old_grade=Grade(old_grade),
                    new_grade=new_grade,
                )
            )
        for kind in fresh:
            flag = next(flag for flag in line.flags if flag.kind == kind)
            changes.append(
                ChangeLine(ReportChangeKind.NEW_CONTRADICTION, line, "events", event_id, flag=flag)
            )
    changes.sort(key=lambda c: (_KIND_ORDER[c.kind], c.record, c.record_id))
    return changes
