"""EDTF dates in, (edtf, earliest, latest) out: the one place that interprets a date string."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import re
import time
from dataclasses import dataclass

import edtf

from heritage.errors import InvalidInput
from heritage.messages import N_

# An open or unknown interval end ("../2015-05-22", "2015-05-20/") has no calendar bound;
# these stand in for it so that ordering and overlap tests still work on plain dates.
OPEN_START = dt.date(1, 1, 1)
OPEN_END = dt.date(9999, 12, 31)


# No __slots__: the history's JSON holds a date per event and claim, and orjson writes a
# dataclass from its __dict__ about six times faster than through slots.
@dataclass(frozen=True)
class EdtfDate:
    """An EDTF string and the calendar interval it covers (both ends inclusive)."""

    edtf: str
    earliest: dt.date
    latest: dt.date

    def overlaps(self, other: EdtfDate) -> bool:
        return self.earliest <= other.latest and other.earliest <= self.latest

    def __str__(self) -> str:
        # Printed, a date is its EDTF: the English of a message that names one.
        return self.edtf

    def as_dict(self) -> dict[str, str]:
        return {
            "edtf": self.edtf,
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
        }


def _is_open(section: object) -> bool:
    return type(section).__name__ == "UnspecifiedIntervalSection"


def _to_date(value: time.struct_time) -> dt.date:
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday)


def _said(error: ValueError) -> str:
    """What a refused date's error says, as raised (a Message, which `str()` would flatten)."""
    said = error.args[0] if error.args else ""
    return said if isinstance(said, str) else str(error)


def parse_date(text: str, field: str = "date") -> EdtfDate:
    """Parse an EDTF string; raise InvalidInput naming `field` when it is not valid EDTF."""
    try:
        return _parse_cached(text.strip())
    except ValueError as error:
        raise InvalidInput.field(field, _said(error)) from error


# A year, month or day, optionally qualified as a whole (~ approximate, ? uncertain, %
# both): the shapes nearly every date in real data takes.
_PLAIN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?[~?%]?")


def _plain_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    """The strict bounds of a plain date, or None for anything else (or an impossible
    date, which the library then reports). The library's grammar takes milliseconds per
    string and an import meets thousands of distinct ones: this computes the same bounds
    (tests/heritage/test_dates.py checks them against the library) in microseconds."""
    match = _PLAIN.fullmatch(text)
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        if day is not None:
            date = dt.date(int(year), int(month), int(day))
            return date, date
        if month is not None:
            last = calendar.monthrange(int(year), int(month))[1]
            return dt.date(int(year), int(month), 1), dt.date(int(year), int(month), last)
        return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    except (ValueError, calendar.IllegalMonthError):
        return None


def _fast_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    """`_plain_bounds` of a plain date, or of an interval between two plain dates."""
    start, slash, end = text.partition("/")
    if not slash:
        return _plain_bounds(text)
    first, last = _plain_bounds(start), _plain_bounds(end)
    if first is None or last is None or first[0] > last[1]:
        return None
    return first[0], last[1]


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str) -> EdtfDate:
    """The bounds are the strict ones: "2015-08~" covers August 2015. The approximation stays in
    the EDTF text for readers; widening the bounds by the library's padding (a year for a
    month) would make every approximate date overlap everything around it.
    """
    fast = _fast_bounds(text)
    if fast is not None:
        return EdtfDate(edtf=text, earliest=fast[0], latest=fast[1])
    try:
        parsed = edtf.parse_edtf(text)
    except Exception as error:  # edtf raises EDTFParseException, and others on odd input
        raise ValueError(N_("'%(text)s' is not a valid EDTF date.", text=text)) from error
    lower_open = _is_open(getattr(parsed, "lower", None))
    upper_open = _is_open(getattr(parsed, "upper", None))
    try:
        earliest = OPEN_START if lower_open else _to_date(parsed.lower_strict())
        latest = OPEN_END if upper_open else _to_date(parsed.upper_strict())
    except (ValueError, TypeError, OverflowError) as error:
        raise ValueError(
            N_("'%(text)s' lies outside the supported calendar (years 1 to 9999).", text=text)
        ) from error
    if earliest > latest:
        raise ValueError(N_("'%(text)s' ends before it starts.", text=text))
    return EdtfDate(edtf=text, earliest=earliest, latest=latest)


def from_bounds(edtf_text: str, earliest: dt.date, latest: dt.date) -> EdtfDate:
    """Rebuild an EdtfDate from stored columns without parsing again."""
    return EdtfDate(edtf=edtf_text, earliest=earliest, latest=latest)


# --- Dates before AD 1 -------------------------------------------------------------------
#
# A site's construction may lie before AD 1 (`-0031` is 32 BC: EDTF counts years as
# astronomers do, with a year 0 that is 1 BC). `datetime.date` holds no year below 1, so
# such a date's first and last day are day numbers: the proleptic Gregorian calendar's days
# as `date.toordinal` counts them (0001-01-01 is day 1), continued backwards through year 0
# (0000-12-31 is day 0, -0031-01-01 is day -11,687). Stored as INTEGER, they order and
# compare in SQL as the calendar does.

FIRST_YEAR, LAST_YEAR = -9999, 9999  # what four digits and a sign write in ISO 8601
_CYCLE_YEARS, _CYCLE_DAYS = 400, 146_097  # the Gregorian calendar repeats every 400 years


def day_number(year: int, month: int, day: int) -> int:
    """The day number of a day of the proleptic Gregorian calendar (astronomical years);
    ValueError for a day that does not exist (-0031-02-29: 32 BC was no leap year)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year} lies outside {FIRST_YEAR} to {LAST_YEAR}")
    cycles = 0 if year >= 1 else -year // _CYCLE_YEARS + 1
    return dt.date(year + cycles * _CYCLE_YEARS, month, day).toordinal() - cycles * _CYCLE_DAYS


def iso_day(number: int) -> str:
    """A day number as an ISO 8601 day, years below 1 signed: `-0031-01-01` for day -11,687."""
    cycles = 0 if number >= 1 else -number // _CYCLE_DAYS + 1
    day = dt.date.fromordinal(number + cycles * _CYCLE_DAYS)
    year = day.year - cycles * _CYCLE_YEARS
    return f"{'-' if year < 0 else ''}{abs(year):04d}-{day.month:02d}-{day.day:02d}"


FIRST_DAY = day_number(FIRST_YEAR, 1, 1)  # an open start ("../0032"): no bound known
LAST_DAY = day_number(LAST_YEAR, 12, 31)


@dataclass(frozen=True)
class HistoricDate:
    """An EDTF string that may lie before AD 1, and the days it covers (both inclusive) as
    day numbers (`day_number`)."""

    edtf: str
    earliest: int
    latest: int

    def as_text(self) -> DateText:
        return DateText(self.edtf, iso_day(self.earliest), iso_day(self.latest))

    def as_dict(self) -> dict[str, str]:
        """As documents serve a date (EdtfDate.as_dict), years below 1 signed."""
        return dataclasses.asdict(self.as_text())


@dataclass(frozen=True)
class DateText:
    """A HistoricDate as documents serve it, ready for orjson: its EDTF, and its first and
    last day in ISO 8601 (`-0031-01-01`)."""

    edtf: str
    earliest: str
    latest: str


def parse_historic_date(text: str, field: str = "date") -> HistoricDate:
    """Parse an EDTF string of any era from -9999 to 9999; raise InvalidInput naming `field`
    when it is not valid EDTF or names a day that does not exist."""
    try:
        return _parse_historic_cached(text.strip())
    except ValueError as error:
        raise InvalidInput.field(field, _said(error)) from error


def stored_historic_date(
    edtf_text: str | None, earliest: int | None, latest: int | None
) -> HistoricDate | None:
    """Rebuild a HistoricDate from stored columns (all three or none) without parsing again."""
    if edtf_text is None or earliest is None or latest is None:
        return None
    return HistoricDate(edtf=edtf_text, earliest=earliest, latest=latest)


def _day_of(value: object) -> int:
    if not isinstance(value, time.struct_time):  # ±inf: the library's open end
        raise TypeError(value)
    return day_number(value.tm_year, value.tm_mon, value.tm_mday)


@functools.lru_cache(maxsize=4096)
def _parse_historic_cached(text: str) -> HistoricDate:
    """The strict bounds, as `_parse_cached` takes them. The library reads negative years
    but does not know their leap years, so each bound is checked against the calendar."""
    try:
        parsed = edtf.parse_edtf(text)
    except Exception as error:  # edtf raises EDTFParseException, and others on odd input
        raise ValueError(
            N_(
                "'%(text)s' is not a valid EDTF date such as 0032, -0031 (32 BC) or 01XX.",
                text=text,
            )
        ) from error
    lower, upper = getattr(parsed, "lower", None), getattr(parsed, "upper", None)
    try:
        earliest = FIRST_DAY if _is_open(lower) else _day_of(parsed.lower_strict())
        latest = LAST_DAY if _is_open(upper) else _day_of(parsed.upper_strict())
    except (ValueError, TypeError, OverflowError) as error:
        raise ValueError(
            N_(
                "'%(text)s' names a day the calendar does not have, or a year outside"
                " %(first)s to %(last)s.",
                text=text,
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        ) from error
    if earliest > latest:
        raise ValueError(N_("'%(text)s' ends before it starts.", text=text))
    return HistoricDate(edtf=text, earliest=earliest, latest=latest)
