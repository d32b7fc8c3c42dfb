"""What the public pages compute before a template shows it, with no request or database:
an article's text cut at its claims' offsets, links built from identifier schemes, which way
a name reads, and the geometry of the time axis (control periods and condition)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar
from urllib.parse import quote

from heritage.dates import OPEN_END, OPEN_START
from heritage.history import ConditionChange, ControlPeriod
from heritage.maps import CONDITION_COLOURS
from heritage.records.site import IDENTIFIER_FORMATS
from heritage.text import is_web_url
from heritage.vocab import Condition, IdentifierScheme


class _HasId(Protocol):
    @property
    def id(self) -> int: ...


Shown = TypeVar("Shown", bound=_HasId)

# --- An article's text with its quotes ----------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A run of an article's text, and the claims whose quote covers it (none: plain text)."""

    text: str
    claim_ids: tuple[int, ...] = ()


def quoted_passages(text: str, spans: Iterable[tuple[int, int, int]]) -> list[Passage]:
    """`text` cut at every quote's offsets (claim id, start, end; Python string offsets, as
    the claims service checks them): each run with the claims quoting it, so overlapping
    quotes stay readable. Offsets outside the text are ignored rather than trusted."""
    valid = [(claim, start, end) for claim, start, end in spans if 0 <= start < end <= len(text)]
    cuts = sorted({0, len(text), *(s for _, s, _ in valid), *(e for _, _, e in valid)})
    passages = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = tuple(sorted(claim for claim, s, e in valid if s <= start and end <= e))
        passages.append(Passage(text[start:end], covering))
    return passages


# --- Identifiers and links ----------------------------------------------------------------

# Where each scheme's register shows an identifier; the value is checked against the scheme's
# format (what the record definition accepts) and quoted before it goes into the link.
IDENTIFIER_PAGES = {
    IdentifierScheme.WIKIDATA: "https://www.wikidata.org/wiki/{}",
    IdentifierScheme.PLEIADES: "https://pleiades.stoa.org/places/{}",
    IdentifierScheme.UNESCO: "https://whc.unesco.org/en/list/{}",
    IdentifierScheme.GEONAMES: "https://www.geonames.org/{}",
}


def identifier_url(scheme: str, value: str) -> str | None:
    """The register's page for an identifier, or None when the value is not one the scheme
    allows (then it is shown as text, never as a link)."""
    page = IDENTIFIER_PAGES.get(scheme)  # type: ignore[call-overload]
    form = IDENTIFIER_FORMATS.get(scheme)
    if page is None or form is None or not form[0].match(value):
        return None
    return str(page.format(quote(value, safe="")))


def web_link(url: str | None) -> str | None:
    """`url` when it is an http(s) address a reader may follow, else None (a stored
    `javascript:` address is shown as text)."""
    return url if url and is_web_url(url) else None


# Languages written right to left (BCP 47 primary subtags) unless a script subtag says not.
_RIGHT_TO_LEFT = {"ar", "arc", "ckb", "dv", "fa", "he", "ku", "ps", "syc", "syr", "ur", "yi"}
_RIGHT_TO_LEFT_SCRIPTS = {"arab", "hebr", "syrc", "thaa"}


def name_direction(lang: str) -> str:
    """`rtl` or `ltr` for a name in the language `lang`, `auto` when its tag does not say."""
    parts = lang.lower().split("-")
    scripts = [part for part in parts[1:] if len(part) == 4]
    if scripts:
        return "rtl" if scripts[0] in _RIGHT_TO_LEFT_SCRIPTS else "ltr"
    if parts[0] in _RIGHT_TO_LEFT:
        return "rtl"
    return "auto" if parts[0] in ("und", "") else "ltr"


# --- The timeline, a page at a time -------------------------------------------------------

# Events shown on one page of a site's timeline: a site with hundreds of events stays a page
# a reader can load (issue 17: 150 KB), its latest events first to be seen.
TIMELINE_PAGE = 25


@dataclass(frozen=True)
class TimelinePage(Generic[Shown]):
    """The events one page of the timeline shows, in the history's order (oldest first):
    page 1 the latest TIMELINE_PAGE, page 2 the ones before them, and so on."""

    events: list[Shown]
    page: int
    pages: int
    total: int
    size: int
    # Which page shows each event, so a link to any event finds it.
    page_of: dict[int, int]

    @property
    def last(self) -> int:
        """The place of the page's last event among all, counted from the earliest (1)."""
        return self.total - (self.page - 1) * self.size

    @property
    def first(self) -> int:
        return self.last - len(self.events) + 1


def timeline_page(
    events: Sequence[Shown], page: int, size: int = TIMELINE_PAGE
) -> TimelinePage[Shown]:
    """Page `page` of `events` (each with an `id`), counted from the latest; a page beyond
    the last shows the earliest events."""
    total = len(events)
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    end = total - (page - 1) * size
    page_of = {event.id: 1 + (total - 1 - index) // size for index, event in enumerate(events)}
    return TimelinePage(list(events[max(end - size, 0) : end]), page, pages, total, size, page_of)


# --- The time axis ------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One span on the axis: from x to x + width, labelled, coloured, linked to the event
    that began it."""

    x: float
    width: float
    label: str
    colour: str
    event_id: int
    open_end: bool


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass
class TimeAxis:
    """Control periods above, condition below, over the years the history spans."""

    width: int
    first: dt.date
    last: dt.date
    control: list[Bar] = field(default_factory=list)
    condition: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.control and not self.condition


CONTROL_COLOURS = ("#4e79a7", "#b07aa1", "#59a14f", "#9c755f", "#76b7b2", "#edc948")
AXIS_WIDTH = 640
_MARGIN = 16  # px each side, so the first and last bars stay inside


def _known(day: dt.date) -> bool:
    return day not in (OPEN_START, OPEN_END)


def time_axis(
    periods: Sequence[ControlPeriod],
    timeline: Sequence[ConditionChange],
    today: dt.date,
    condition_label: dict[Condition, str],
    width: int = AXIS_WIDTH,
) -> TimeAxis:
    """Where each control period and condition state lies on an axis from the first change
    to today (or the last change, if later): a state holds from the day it is certain (its
    `latest`, as the history derives states) until the next one; an open start is drawn
    from the first known day."""
    days = [p.start.latest for p in periods] + [c.start.latest for c in timeline]
    days += [p.end.latest for p in periods if p.end is not None]
    days = [day for day in days if _known(day)]
    if not days:
        return TimeAxis(width, today, today)
    first = dt.date(min(days).year, 1, 1)
    last = max(max(days), today)
    last = dt.date(last.year, 12, 31)
    span = max((last - first).days, 1)
    inner = width - 2 * _MARGIN

    def x_of(day: dt.date) -> float:
        day = min(max(day, first), last)
        return round(_MARGIN + inner * (day - first).days / span, 1)

    axis = TimeAxis(width, first, last)
    colours: dict[int, str] = {}
    for period in periods:
        start = period.start.latest if _known(period.start.latest) else first
        end = period.end.latest if period.end is not None and _known(period.end.latest) else last
        colour = colours.setdefault(
            period.actor.id, CONTROL_COLOURS[len(colours) % len(CONTROL_COLOURS)]
        )
        axis.control.append(
            Bar(
                x_of(start),
                max(x_of(end) - x_of(start), 2.0),
                period.actor.name,
                colour,
                period.event_ids[0],
                period.end is None,
            )
        )
    for index, change in enumerate(timeline):
        start = change.start.latest if _known(change.start.latest) else first
        following = timeline[index + 1].start.latest if index + 1 < len(timeline) else last
        end = following if _known(following) else last
        axis.condition.append(
            Bar(
                x_of(start),
                max(x_of(end) - x_of(start), 2.0),
                condition_label.get(change.state, change.state),
                CONDITION_COLOURS.get(change.state, CONDITION_COLOURS[None]),
                change.event_ids[0],
                index + 1 == len(timeline),
            )
        )
    years = last.year - first.year + 1
    step = max(1, -(-years // 8))  # at most about eight labelled years
    for year in range(first.year, last.year + 1, step):
        axis.ticks.append(Tick(x_of(dt.date(year, 1, 1)), str(year)))
    return axis
