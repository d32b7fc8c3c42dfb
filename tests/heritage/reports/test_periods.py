"""The periods a report covers: ISO weeks, months, quarters and fixed spans."""

from __future__ import annotations

import datetime as dt

import pytest

from heritage.errors import InvalidInput
from heritage.reports.content import Period
from heritage.reports.periods import parse_period, period_of, periods_between, previous_period
from heritage.vocab import ReportCadence

D = dt.date


@pytest.mark.parametrize(
    ("cadence", "day", "expected"),
    [
        (ReportCadence.QUARTERLY, D(2015, 8, 30), Period(D(2015, 7, 1), D(2015, 9, 30), "2015-Q3")),
        (ReportCadence.QUARTERLY, D(2016, 3, 27), Period(D(2016, 1, 1), D(2016, 3, 31), "2016-Q1")),
        (ReportCadence.MONTHLY, D(2016, 2, 10), Period(D(2016, 2, 1), D(2016, 2, 29), "2016-02")),
        (
            ReportCadence.MONTHLY,
            D(2015, 12, 31),
            Period(D(2015, 12, 1), D(2015, 12, 31), "2015-12"),
        ),
        # ISO weeks start on Monday; 30 August 2015 is the Sunday ending week 35.
        (ReportCadence.WEEKLY, D(2015, 8, 30), Period(D(2015, 8, 24), D(2015, 8, 30), "2015-W35")),
        # 1 January 2016 belongs to the last ISO week of 2015.
        (ReportCadence.WEEKLY, D(2016, 1, 1), Period(D(2015, 12, 28), D(2016, 1, 3), "2015-W53")),
    ],
)
def test_the_period_holding_a_day(cadence: ReportCadence, day: dt.date, expected: Period) -> None:
    assert period_of(cadence, day) == expected


@pytest.mark.parametrize(
    ("label", "previous"),
    [
        ("2015-Q1", "2014-Q4"),
        ("2016-03", "2016-02"),
        ("2015-01", "2014-12"),
        ("2016-W01", "2015-W53"),
        ("2015-07-01/2015-07-10", "2015-06-21/2015-06-30"),
    ],
)
def test_the_previous_period_has_the_same_length_and_ends_the_day_before(
    label: str, previous: str
) -> None:
    period = parse_period(label)
    before = previous_period(period)
    assert before == parse_period(previous)
    assert before.end == period.start - dt.timedelta(days=1)


def test_labels_read_back_as_the_same_period() -> None:
    for text in ("2015-Q3", "2015-08", "2015-W35", "2015-07-01/2015-09-30"):
        assert parse_period(text).label == text
    assert parse_period(" 2015-Q3 ") == Period(D(2015, 7, 1), D(2015, 9, 30), "2015-Q3")


def test_the_periods_between_two_days_cover_both() -> None:
    quarters = periods_between(ReportCadence.QUARTERLY, D(2015, 5, 20), D(2016, 3, 27))
    assert [p.label for p in quarters] == ["2015-Q2", "2015-Q3", "2015-Q4", "2016-Q1"]
    weeks = periods_between(ReportCadence.WEEKLY, D(2015, 8, 30), D(2015, 9, 7))
    assert [p.label for p in weeks] == ["2015-W35", "2015-W36", "2015-W37"]
    assert periods_between(ReportCadence.MONTHLY, D(2015, 9, 1), D(2015, 8, 1)) == []
    (fixed,) = periods_between(ReportCadence.FIXED, D(2015, 5, 20), D(2016, 3, 27))
    assert fixed.label == "2015-05-20/2016-03-27"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2015",
        "2015-Q5",
        "2015-13",
        "2015-W54",
        "2015-02-30/2015-03-01",
        "Q3 2015",
        "2015-09-30/2015-07-01",
    ],
)
def test_a_period_that_is_none_of_these_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_period(text)
    assert list(refused.value.errors) == ["period"]
