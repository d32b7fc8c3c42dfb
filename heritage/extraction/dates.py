"""Dates as an article states them ("on Sunday", "in May", "nearly two years ago",
"27 March 2016"), resolved against its publication date into EDTF of the precision stated."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            (),
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        )
    )
    for name in names
}
# Month names only capitalised: "may" is a modal verb, "May" the month.
_MONTH = r"(?-i:(?P<{g}>" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\.?)"
# Alone (no day, no year), only a full name is a month: "Mar Elian" is a monastery.
_FULL_MONTH = (
    r"(?-i:(?P<{g}>"
    + "|".join(name for name in _MONTH_NAMES if len(name) > 4 or name in ("May", "June", "July"))
    + r"))"
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "a few": 3, "several": 5, "one and a half": 1.5, "a year and a half": 1.5,
}  # fmt: skip
_SPREAD = {"a few": (2, 4), "several": (3, 9)}
_UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}
_PERIOD_PART = {
    "early": (1, 10), "beginning of": (1, 10), "the beginning of": (1, 10), "start of": (1, 10),
    "the start of": (1, 10), "mid": (11, 20), "mid-": (11, 20), "the middle of": (11, 20),
    "middle of": (11, 20), "late": (21, 31), "end of": (21, 31), "the end of": (21, 31),
}  # fmt: skip
_YEAR_PART = {"early": (1, 4), "mid": (5, 8), "mid-": (5, 8), "late": (9, 12)}
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:1[6-9]|20)\d\d)"
_PART = r"(?P<part>early|late|mid-?|(?:the\s+)?(?:beginning|start|middle|end)\s+of)"
_COUNT = (
    r"(?P<count>\d+(?:\.\d+)?|one and a half|a year and a half|a couple of|a few|several|an?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
)
_QUALIFIER = (
    r"(?P<qualifier>nearly|almost|about|around|some|roughly|approximately|more than|over"
    r"|less than|under|just over|just under|just|barely|only)"
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("iso", r"\b(?P<y>(?:1[6-9]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
        (
            "day_range",
            rf"\b{_DAY.format(g='d')}\s*(?:-|–|/|to|and)\s*{_DAY.format(g='d2')}\s+{_MONTH.format(g='m')}"
            rf"(?:,?\s+{_YEAR.format(g='y')})?",
        ),
        (
            "day_range_us",
            rf"\b{_MONTH.format(g='m')}\s+{_DAY.format(g='d')}\s*(?:-|–|/|to|and)\s*"
            rf"{_DAY.format(g='d2')}\b(?:,?\s+{_YEAR.format(g='y')})?",
        ),
        (
            "day",
            rf"\b{_DAY.format(g='d')}\s+(?:of\s+)?{_MONTH.format(g='m')}(?:,?\s+{_YEAR.format(g='y')})?",
        ),
        (
            "day_us",
            rf"\b{_MONTH.format(g='m')}\s+{_DAY.format(g='d')}\b(?!\s*(?:-|–)?\s*\d)"
            rf"(?:,?\s+{_YEAR.format(g='y')})?",
        ),
        ("part_month", rf"\b{_PART}\s*{_FULL_MONTH.format(g='m')}(?:,?\s+{_YEAR.format(g='y')})?"),
        ("month_year", rf"\b{_MONTH.format(g='m')},?\s+{_YEAR.format(g='y')}\b"),
        ("part_year", rf"\b(?P<part>early|late|mid-?)\s*{_YEAR.format(g='y')}\b"),
        (
            "season",
            rf"\b(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?{_YEAR.format(g='y')}\b",
        ),
        (
            "relative_month",
            rf"\b(?:(?P<which>last|this|past)\s+)?{_FULL_MONTH.format(g='m')}\b(?!\s*\d)",
        ),
        ("year", rf"(?<![\d-]){_YEAR.format(g='y')}(?![\d-])"),
        # "during World War I": a war named by the world, its dates known to all
        (
            "world_war",
            r"\b(?:World\s+War\s+(?P<roman>I{1,2}|One|Two|1|2)\b|(?P<ordinal>First|Second)\s+World\s+War"
            r"|the\s+(?P<great>Great)\s+War)\b",
        ),
        (
            "weekday",
            r"\b(?:(?P<which>last|this|past|on|early|late)\s+)?"
            r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
            r"(?:[’']s)?(?:\s+(?:morning|afternoon|evening|night))?\b",
        ),
        (
            "earlier_this",
            r"\b(?P<earlier>earlier|late|later|early)\s+(?:this|in\s+the)\s+(?P<period>week|month|year)\b",
        ),
        (
            "this_period",
            r"\b(?P<which>this|last|past|previous)\s+(?P<period>week|weekend|month|year)\b",
        ),
        ("weekend", r"\b(?:over|at|during)\s+the\s+weekend\b"),
        (
            "ago",
            rf"\b(?:{_QUALIFIER}\s+)?{_COUNT}\s+(?P<unit>day|week|month|year)s?\s+ago\b",
        ),
        (
            "recent",
            r"\b(?:in|over|during)\s+(?:the\s+)?(?:recent|past|last)\s+(?:(?P<count>few|several|two|three|\d+)\s+)?"
            r"(?P<unit>day|week|month|year)s?\b",
        ),
        # "Russia's recent bombing", "was recently shelled": some time before publication
        ("recently", r"\b(?:recent(?:ly)?|lately)\b(?!\s+(?:years|decades|centuries|history))"),
        ("last_night", r"\b(?:last\s+night|overnight)\b"),
        ("day_before_yesterday", r"\bthe\s+day\s+before\s+yesterday\b"),
        ("yesterday", r"\byesterday\b"),
        ("today", r"\b(?:today|this\s+(?:morning|afternoon|evening)|tonight)\b"),
    )
]


@dataclass(frozen=True)
class DateMention:
    """A date the text states: where, and what it resolves to (None when it cannot be)."""

    start: int
    end: int
    text: str
    edtf: str | None
    # A month or day stated without its year, the year taken from publication: a story
    # told year by year ("In May 2015 … In early September …") may mean another.
    year_inferred: bool = False


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Every date expression in `text`, longest first where two overlap, in text order.
    Without a publication date, relative expressions resolve to None."""
    mentions = []
    position = 0
    while position < len(text):  # line by line: a line's patterns run only if it may hold them
        stop = text.find("\n", position)
        stop = len(text) if stop < 0 else stop
        if stop > position:
            mentions += _dates_in(text, position, stop, published)
        position = stop + 1
    return mentions


def _dates_in(text: str, start: int, end: int, published: dt.date | None) -> list[DateMention]:
    taken: list[tuple[int, int]] = []
    mentions = []
    line = text[start:end]
    lowered = line.lower()
    months = bool(_ANY_MONTH.search(line))
    digits = bool(_ANY_DIGIT.search(line))
    for name, pattern in _PATTERNS:
        if not _may_hold(name, lowered, months, digits):
            continue
        for found in pattern.finditer(text, start, end):
            a, b = found.span()
            if any(a < taken_end and taken_start < b for taken_start, taken_end in taken):
                continue
            edtf = _resolve(name, found, published)
            if edtf is _NOT_A_DATE:
                continue
            taken.append((a, b))
            inferred = name in _YEARLESS and not found.groupdict().get("y")
            mentions.append(DateMention(a, b, found.group(), edtf, inferred))
    mentions.sort(key=lambda mention: mention.start)
    return mentions


_NOT_A_DATE = "not a date"
# What each pattern needs in the text: a pattern runs only over a text that holds it.
_NEEDS: dict[str, tuple[str, ...]] = {
    "weekday": _WEEKDAYS,
    "earlier_this": ("this", "in the"),
    "this_period": ("this", "last", "past", "previous"),
    "weekend": ("weekend",),
    "ago": ("ago",),
    "recent": ("recent", "past", "last"),
    "recently": ("recent", "lately"),
    "last_night": ("night",),
    "day_before_yesterday": ("yesterday",),
    "yesterday": ("yesterday",),
    "today": ("today", "this", "tonight"),
    "world_war": ("world war", "great war"),
}
_MONTH_PATTERNS = frozenset(
    {"day_range", "day_range_us", "day", "day_us", "part_month", "month_year", "relative_month"}
)
_YEARLESS = frozenset(
    {"day_range", "day_range_us", "day", "day_us", "part_month", "relative_month"}
)
_DIGIT_PATTERNS = frozenset({"iso", "part_year", "season", "year"})


_ANY_MONTH = re.compile("|".join(_MONTH_NAMES))
_ANY_DIGIT = re.compile(r"\d")
_NEEDS_PATTERNS = {name: re.compile("|".join(words)) for name, words in _NEEDS.items()}


def _may_hold(name: str, lowered: str, months: bool, digits: bool) -> bool:
    if name in _MONTH_PATTERNS:
        return months
    if name in _DIGIT_PATTERNS:
        return digits
    return bool(_NEEDS_PATTERNS[name].search(lowered))


def _resolve(name: str, found: re.Match[str], published: dt.date | None) -> str | None:
    groups = found.groupdict()
    try:
        return _RESOLVERS[name](groups, published)
    except (ValueError, OverflowError):
        return _NOT_A_DATE


def day(value: dt.date) -> str:
    return value.isoformat()


def interval(earliest: dt.date, latest: dt.date) -> str:
    if earliest == latest:
        return day(earliest)
    return f"{day(earliest)}/{day(latest)}"


def _month(groups: dict[str, str | None]) -> int:
    return _MONTH_NAMES[(groups["m"] or "").rstrip(".").capitalize()]


def _year_for(month: int, day_of_month: int | None, published: dt.date) -> int:
    """The most recent year in which that month (or day) is not after publication."""
    if day_of_month is None:
        return published.year if month <= published.month else published.year - 1
    candidate = dt.date(published.year, month, day_of_month)
    return published.year if candidate <= published else published.year - 1


def _iso(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    return day(dt.date(int(groups["y"] or 0), int(groups["m"] or 0), int(groups["d"] or 0)))


def _day(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    month = _month(groups)
    number = int(groups["d"] or 0)
    if groups.get("y"):
        return day(dt.date(int(groups["y"] or 0), month, number))
    if published is None:
        return None
    dt.date(2000, month, number)  # a day that exists in some year (29 February included)
    if month == 2 and number == 29:
        year = max(
            y
            for y in range(published.year - 8, published.year + 1)
            if calendar.isleap(y) and dt.date(y, 2, 29) <= published
        )
        return day(dt.date(year, 2, 29))
    return day(dt.date(_year_for(month, number, published), month, number))


def _day_range(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    month = _month(groups)
    first, last = int(groups["d"] or 0), int(groups["d2"] or 0)
    if last < first:
        raise ValueError("a range that runs backwards")
    if groups.get("y"):
        year = int(groups["y"] or 0)
    elif published is None:
        return None
    else:
        year = _year_for(month, first, published)
    return interval(dt.date(year, month, first), dt.date(year, month, last))


def _part_month(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    month = _month(groups)
    if groups.get("y"):
        year = int(groups["y"] or 0)
    elif published is None:
        return None
    else:
        year = _year_for(month, None, published)
    part = re.sub(r"\s+", " ", (groups["part"] or "").lower())
    first, last = _PERIOD_PART[part]
    last = min(last, calendar.monthrange(year, month)[1])
    return interval(dt.date(year, month, first), dt.date(year, month, last))


def _month_year(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    return f"{int(groups['y'] or 0):04d}-{_month(groups):02d}"


def _part_year(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    year = int(groups["y"] or 0)
    first, last = _YEAR_PART[(groups["part"] or "").lower()]
    return f"{year:04d}-{first:02d}/{year:04d}-{last:02d}"


def _season(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    year = int(groups["y"] or 0)
    season = (groups["season"] or "").lower()
    if season == "winter":  # the winter that begins in December of that year
        return f"{year:04d}-12/{year + 1:04d}-02"
    first = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9}[season]
    return f"{year:04d}-{first:02d}/{year:04d}-{first + 2:02d}"


def _relative_month(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    if published is None:
        return None
    month = _month(groups)
    which = (groups.get("which") or "").lower()
    if which == "this":
        year = published.year
    elif which in ("last", "past") and month == published.month:
        year = published.year - 1
    else:
        year = _year_for(month, None, published)
    return f"{year:04d}-{month:02d}"


def _year(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    return f"{int(groups['y'] or 0):04d}"


def _weekday(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    if published is None:
        return None
    weekday = _WEEKDAYS.index((groups["weekday"] or "").lower())
    back = (published.weekday() - weekday) % 7
    if back == 0 and (groups.get("which") or "").lower() in ("last", "past"):
        back = 7
    return day(published - dt.timedelta(days=back))


def _earlier_this(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    if published is None:
        return None
    start = _period_start(published, (groups["period"] or "").lower())
    return interval(start, published)


def _period_start(published: dt.date, period: str) -> dt.date:
    if period == "week":
        return published - dt.timedelta(days=published.weekday())
    if period == "month":
        return published.replace(day=1)
    return published.replace(month=1, day=1)


def _this_period(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    if published is None:
        return None
    period = (groups["period"] or "").lower()
    which = (groups["which"] or "").lower()
    if period == "weekend":
        return _weekend(groups, published)
    if which == "this":
        if period == "month":
            return f"{published.year:04d}-{published.month:02d}"
        if period == "year":
            return f"{published.year:04d}"
        return interval(_period_start(published, "week"), published)
    if period == "month":
        previous = published.replace(day=1) - dt.timedelta(days=1)
        return f"{previous.year:04d}-{previous.month:02d}"
    if period == "year":
        return f"{published.year - 1:04d}"
    monday = _period_start(published, "week") - dt.timedelta(days=7)
    return interval(monday, monday + dt.timedelta(days=6))


def _weekend(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    if published is None:
        return None
    sunday = published - dt.timedelta(days=(published.weekday() - 6) % 7)
    saturday = sunday - dt.timedelta(days=1)
    return interval(saturday, min(sunday, published) if saturday <= published else sunday)


def _ago(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    if published is None:
        return None
    spoken = (groups["count"] or "").lower()
    count = float(spoken) if spoken[:1].isdigit() else float(_NUMBERS[spoken])
    low, high = _SPREAD.get(spoken, (count, count))
    unit = _UNIT_DAYS[(groups["unit"] or "").lower()]
    qualifier = (groups.get("qualifier") or "").lower()
    if qualifier in ("nearly", "almost", "just under", "less than", "under"):
        low = count * 0.75 if qualifier in ("nearly", "almost", "just under") else 0.0
    elif qualifier in ("about", "around", "some", "roughly", "approximately"):
        low, high = count * 0.75, count * 1.25
    elif qualifier in ("more than", "over", "just over"):
        high = count * (1.25 if qualifier == "just over" else 1.5)
    pad = 0.0 if unit == 1.0 else 3.0 if unit == 7.0 else 15.0 if unit < 365 else 0.15 * unit
    if qualifier:
        pad = 0.0
    earliest = published - dt.timedelta(days=round(high * unit + pad))
    latest = min(published, published - dt.timedelta(days=round(low * unit - pad)))
    return interval(earliest, latest)


def _recent(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    if published is None:
        return None
    spoken = (groups.get("count") or "").lower()
    count = {"": 6, "few": 4, "several": 9, "two": 2, "three": 3}.get(spoken)
    if count is None:
        count = int(spoken)
    unit = (groups["unit"] or "").lower()
    if unit in ("day",) and not spoken:
        count = 7
    if unit == "year" and not spoken:
        count = 3
    if unit == "month" and not spoken:
        count = 6
    earliest = published - dt.timedelta(days=round(count * _UNIT_DAYS[unit]))
    return interval(earliest, published)


def _recently(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    """Before publication, how long before unsaid: the start is left open."""
    return None if published is None else f"../{day(published)}"


def _last_night(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    if published is None:
        return None
    return interval(published - dt.timedelta(days=1), published)


def _yesterday(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    return None if published is None else day(published - dt.timedelta(days=1))


def _today(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    return None if published is None else day(published)


def _day_before_yesterday(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    return None if published is None else day(published - dt.timedelta(days=2))


# The world wars, from the first declaration of war to the armistice or the surrender.
_WORLD_WARS = {
    1: (dt.date(1914, 7, 28), dt.date(1918, 11, 11)),
    2: (dt.date(1939, 9, 1), dt.date(1945, 9, 2)),
}


def _world_war(groups: dict[str, str | None], published: dt.date | None) -> str | None:
    said = (groups["roman"] or groups["ordinal"] or groups["great"] or "").lower()
    number = 2 if said in ("ii", "two", "2", "second") else 1
    return interval(*_WORLD_WARS[number])


_RESOLVERS = {
    "world_war": _world_war,
    "iso": _iso,
    "day_range": _day_range,
    "day_range_us": _day_range,
    "day": _day,
    "day_us": _day,
    "part_month": _part_month,
    "month_year": _month_year,
    "part_year": _part_year,
    "season": _season,
    "relative_month": _relative_month,
    "year": _year,
    "weekday": _weekday,
    "earlier_this": _earlier_this,
    "this_period": _this_period,
    "weekend": _weekend,
    "ago": _ago,
    "recent": _recent,
    "recently": _recently,
    "last_night": _last_night,
    "day_before_yesterday": _day_before_yesterday,
    "yesterday": _yesterday,
    "today": _today,
}


def in_year_of_story(mention: DateMention, year: int, published: dt.date | None) -> str | None:
    """A year-less mention read in the year the story has reached, never after publication."""
    anchor = dt.date(year, 12, 31) if published is None else min(published, dt.date(year, 12, 31))
    found = find_dates(mention.text, anchor)
    return found[0].edtf if found else mention.edtf


def publication_day(published: dt.date | None) -> str | None:
    return None if published is None else day(published)


def since_interval(edtf: str, published: dt.date | None) -> str:
    """From the start of a stated date to publication ("in May … and later …"); open-ended
    without a publication date."""
    start = edtf.split("/")[0]
    if published is None:
        return f"{start}/.."
    end = day(published)
    return start if start == end else f"{start}/{end}"


_YEAR_OR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def not_after_publication(edtf: str, published: dt.date | None) -> str:
    """A year or month that runs past publication ("in 2016", published in May 2016) ends at
    publication: what is reported has happened by then."""
    found = _YEAR_OR_MONTH.match(edtf)
    if found is None or published is None:
        return edtf
    year, month = int(found.group(1)), found.group(2)
    if month is None:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    else:
        last = calendar.monthrange(year, int(month))[1]
        start, end = dt.date(year, int(month), 1), dt.date(year, int(month), last)
    if start <= published < end:
        return interval(start, published)
    return edtf


def until_start_of(edtf: str) -> str | None:
    """Open-ended up to the start of a stated date: what "had" happened before it."""
    start = edtf.split("/")[0]
    if not start or start == "..":
        return None
    if len(start) == 4:
        start += "-01"
    if len(start) == 7:
        start += "-01"
    return f"../{start}"
