"""What an issued report says, as typed objects: heritage.reports.build fills them from the
database (through the typed history and site_states), heritage.reports.render draws them as
HTML, PDF and CSV. Nothing here reads the database or knows a language: names arrive
already chosen for the report's language, vocabulary values stay codes until rendering."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from heritage.vocab import (
    ActorRole,
    Condition,
    EventCategory,
    EventType,
    FlagKind,
    Grade,
    Level,
    ReportAudience,
    ReportChangeKind,
    ReportLanguage,
    Stance,
)


@dataclass(frozen=True)
class Period:
    """The days a report covers, both ends inclusive, and its name ("2015-Q3", "2015-08",
    "2015-W35", or "2015-07-01/2015-09-30" for a fixed period)."""

    start: dt.date
    end: dt.date
    label: str


@dataclass(frozen=True)
class IssueRef:
    """An earlier issue, as a report mentions it (the one it corrects, the last one)."""

    id: int
    period: Period
    issued_on: dt.date
    position: int


@dataclass(frozen=True)
class ReportSpec:
    """What to build: a definition's choices for one period."""

    definition_id: int
    title: str
    scope_site_id: int | None  # None: every site
    audience: ReportAudience
    language: ReportLanguage
    period: Period
    previous: Period  # the period before, of the same length, for the changes in figures
    issued_on: dt.date  # the declared issue date: the only date of issue in the files
    last_issue: IssueRef | None  # the definition's last issue: "what changed" starts there
    corrects: IssueRef | None  # an earlier issue of the same period this one replaces


@dataclass(frozen=True)
class Figure:
    """One key figure: this period's count, the previous period's, and the change in words."""

    key: str  # a vocabulary value (an EventCategory, EventType or Condition) or a name
    current: int
    previous: int
    level: Level


@dataclass(frozen=True)
class KeyFigures:
    events: Figure  # key "events": every event counted in the period
    by_category: list[Figure]  # key: EventCategory value, in vocabulary order
    by_type: list[Figure]  # key: EventType value, those with a count in either period
    # Sites whose condition at the period's end is worse than at its start, by the damage
    # class they reached (key: Condition value, worst first).
    newly_damaged: list[Figure]
    control_changes: Figure  # key "control_changes": captures counted in the period
    contested: Figure  # key "contested": events graded contested


@dataclass(frozen=True)
class NamedRef:
    """A record as a report names it, in the report's language where a name exists."""

    id: int
    name: str


@dataclass(frozen=True)
class ActorLine:
    actor: NamedRef
    role: ActorRole


@dataclass(frozen=True)
class FlagLine:
    kind: FlagKind
    detail: str


@dataclass(frozen=True)
class ClaimLine:
    """One claim: who said it, in which cited article, how, and what."""

    id: int
    stance: Stance
    speaker: NamedRef | None  # None: the article's own voice
    article: int  # the cited article's number in the annex (CitedArticle.number)
    quote: str | None
    stated_date: str | None  # EDTF, as the source states it
    in_review: bool  # internal editions only: not published yet


@dataclass(frozen=True)
class EventLine:
    """One event as a report lists it."""

    id: int
    category: EventCategory
    type: EventType
    date: str  # EDTF
    earliest: dt.date
    latest: dt.date
    sites: list[NamedRef]
    actors: list[ActorLine]
    grade: Grade
    flags: list[FlagLine]
    claims: list[ClaimLine]
    description: str
    in_review: bool  # internal editions only: not published yet
    # Counted in this period (its `latest` falls in it), or listed because its dates
    # overlap the period while it is counted in another.
    counted: bool


@dataclass(frozen=True)
class SiteState:
    """A site at the period's end: who held it and in what condition, on what grade."""

    controller: NamedRef | None
    control_grade: Grade | None
    condition: Condition | None
    condition_grade: Grade | None


@dataclass(frozen=True)
class SiteSection:
    """A site with activity in the period."""

    site: NamedRef
    kind: str  # a site kind code
    parent: NamedRef | None
    latitude: float | None  # as the audience may see it (generalised for the public)
    longitude: float | None
    generalised: bool
    state: SiteState
    events: list[EventLine]  # those of the period, chronological


@dataclass(frozen=True)
class ChangeLine:
    """One thing that changed since the last issued report."""

    kind: ReportChangeKind
    event: EventLine | None  # None for a retraction of something no longer readable
    record: str  # the resource ("events", "claims", ...)
    record_id: int
    old_grade: Grade | None = None  # grade_changed
    new_grade: Grade | None = None
    flag: FlagLine | None = None  # new_contradiction
    period: Period | None = None  # correction: the earlier period the event belongs to


@dataclass(frozen=True)
class BucketCount:
    """Events per week or per month, by category, for the chart."""

    label: str  # "2015-07", "2015-W28"
    start: dt.date
    by_category: dict[EventCategory, int]


@dataclass(frozen=True)
class MapPoint:
    site: NamedRef
    latitude: float
    longitude: float
    condition: Condition | None


@dataclass(frozen=True)
class CitedArticle:
    number: int  # 1, 2, ... in the order the annex lists them (by date, then title)
    id: int
    publisher: str
    title: str
    published: dt.date
    url: str


@dataclass
class ReportContent:
    """Everything an issued report shows, built on the data as of `position` (the commit
    position: heritage.reports.build says which counter, by audience)."""

    spec: ReportSpec
    position: int
    scope: NamedRef | None  # the scope's site, None for every site
    figures: KeyFigures
    changes: list[ChangeLine]
    sites: list[SiteSection]  # by name
    events: list[EventLine]  # every event of the period, chronological (the CSV annex)
    buckets: list[BucketCount]  # the chart of events over the period
    sites_by_condition: dict[Condition | None, int]  # the sites concerned, by condition
    points: list[MapPoint]
    articles: list[CitedArticle]
    # What the next issue compares with: each listed event's grade and flag kinds.
    facts: dict[int, tuple[Grade, tuple[FlagKind, ...]]] = field(default_factory=dict)
