"""The periods reports cover: ISO weeks ("2015-W35"), months ("2015-08"), quarters
("2015-Q3") and fixed spans ("2015-07-01/2015-09-30"), both ends inclusive."""

from __future__ import annotations

import datetime as dt
import re

from heritage.errors import InvalidInput
from heritage.messages import N_
from heritage.reports.content import Period
from heritage.vocab import ReportCadence

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_SPAN = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")


def _week(year: int, week: int) -> Period:
    start = dt.date.fromisocalendar(year, week, 1)
    return Period(start, start + dt.timedelta(days=6), f"{year}-W{week:02d}")


def _month(year: int, month: int) -> Period:
    start = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return Period(start, following - dt.timedelta(days=1), f"{year}-{month:02d}")


def _quarter(year: int, quarter: int) -> Period:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = _month(year, 3 * quarter).end
    return Period(start, end, f"{year}-Q{quarter}")


def _span(start: dt.date, end: dt.date) -> Period:
    return Period(start, end, f"{start.isoformat()}/{end.isoformat()}")


def period_of(cadence: ReportCadence, day: dt.date) -> Period:
    """The period of `cadence` holding `day` (a fixed cadence has none: that day alone)."""
    if cadence == ReportCadence.WEEKLY:
        year, week, _ = day.isocalendar()
        return _week(year, week)
    if cadence == ReportCadence.MONTHLY:
        return _month(day.year, day.month)
    if cadence == ReportCadence.QUARTERLY:
        return _quarter(day.year, (day.month - 1) // 3 + 1)
    return _span(day, day)


def cadence_of(period: Period) -> ReportCadence:
    """The cadence a period's label names (fixed for a span of days)."""
    if _WEEK.match(period.label):
        return ReportCadence.WEEKLY
    if _MONTH.match(period.label):
        return ReportCadence.MONTHLY
    if _QUARTER.match(period.label):
        return ReportCadence.QUARTERLY
    return ReportCadence.FIXED


def previous_period(period: Period) -> Period:
    """The period of the same length just before: the previous week, month or quarter, or
    for a fixed span the same number of days ending the day before it starts."""
    cadence = cadence_of(period)
    day_before = period.start - dt.timedelta(days=1)
    if cadence != ReportCadence.FIXED:
        return period_of(cadence, day_before)
    return _span(day_before - (period.end - period.start), day_before)


def periods_between(cadence: ReportCadence, first: dt.date, last: dt.date) -> list[Period]:
    """The periods of `cadence` from the one holding `first` to the one holding `last`
    (for a fixed cadence, the span itself)."""
    if last < first:
        return []
    if cadence == ReportCadence.FIXED:
        return [_span(first, last)]
    periods = [period_of(cadence, first)]
    while periods[-1].end < last:
        periods.append(period_of(cadence, periods[-1].end + dt.timedelta(days=1)))
    return periods


def parse_period(text: str) -> Period:
    """A period from its label: "2015-Q3", "2015-08", "2015-W35" or
    "2015-07-01/2015-09-30"; InvalidInput naming the field "period" otherwise."""
    text = text.strip()
    try:
        if match := _QUARTER.match(text):
            return _quarter(int(match[1]), int(match[2]))
        if match := _MONTH.match(text):
            return _month(int(match[1]), int(match[2]))
        if match := _WEEK.match(text):
            return _week(int(match[1]), int(match[2]))
        if match := _SPAN.match(text):
            start, end = dt.date.fromisoformat(match[1]), dt.date.fromisoformat(match[2])
            if end < start:
                raise InvalidInput.field("period", N_("The period ends before it starts."))
            return _span(start, end)
    except ValueError:  # a month 13, a week 54 of a year of 52, a 31 February
        pass
    raise InvalidInput.field(
        "period",
        N_(
            "Not a period: %(text)s. Write a quarter (2015-Q3), a month (2015-08), an ISO"
            " week (2015-W35) or two days (2015-07-01/2015-09-30).",
            text=text,
        ),
    )
