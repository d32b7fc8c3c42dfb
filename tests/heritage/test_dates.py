"""EDTF dates as editors type them, and the calendar interval each one covers."""

from __future__ import annotations

import datetime as dt

import pytest

from heritage.dates import OPEN_END, OPEN_START, parse_date
from heritage.errors import InvalidInput


def test_a_day_covers_that_day() -> None:
    date = parse_date("2015-08-30")
    assert (date.edtf, date.earliest, date.latest) == (
        "2015-08-30",
        dt.date(2015, 8, 30),
        dt.date(2015, 8, 30),
    )


def test_a_month_covers_the_whole_month() -> None:
    date = parse_date("2015-02")
    assert (date.earliest, date.latest) == (dt.date(2015, 2, 1), dt.date(2015, 2, 28))


def test_a_leap_month_ends_on_the_29th() -> None:
    assert parse_date("2016-02").latest == dt.date(2016, 2, 29)


def test_an_approximate_month_keeps_its_mark_but_not_a_wider_interval() -> None:
    date = parse_date("2015-08~")
    assert date.edtf == "2015-08~"
    assert (date.earliest, date.latest) == (dt.date(2015, 8, 1), dt.date(2015, 8, 31))


def test_an_interval_runs_from_its_first_to_its_last_day() -> None:
    date = parse_date("2015-08-23/2015-08-30")
    assert (date.earliest, date.latest) == (dt.date(2015, 8, 23), dt.date(2015, 8, 30))


def test_an_interval_of_months_spans_both_months_whole() -> None:
    date = parse_date("2015-05/2015-06")
    assert (date.earliest, date.latest) == (dt.date(2015, 5, 1), dt.date(2015, 6, 30))


@pytest.mark.parametrize("text", ["/2015-05-22", "../2015-05-22"])
def test_an_interval_with_an_unknown_or_open_start_ends_on_its_given_day(text: str) -> None:
    date = parse_date(text)
    assert date.edtf == text
    assert (date.earliest, date.latest) == (OPEN_START, dt.date(2015, 5, 22))


@pytest.mark.parametrize("text", ["2015-05-20/..", "2015-05-20/"])
def test_an_interval_with_an_open_end_starts_on_its_given_day(text: str) -> None:
    date = parse_date(text)
    assert (date.earliest, date.latest) == (dt.date(2015, 5, 20), OPEN_END)


def test_surrounding_whitespace_is_ignored() -> None:
    assert parse_date("  2015-08-30 \n").edtf == "2015-08-30"


@pytest.mark.parametrize(
    "text", ["bad", "2015-13-01", "2015-02-30", "2015-08-32", "", "30/08/2015", "2015-8-30x"]
)
def test_invalid_dates_are_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_date(text)
    assert list(refused.value.errors) == ["date"]


def test_the_refusal_names_the_field_the_caller_gives() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_date("2015-13-01", "stated_date")
    assert list(refused.value.errors) == ["stated_date"]
    assert "2015-13-01" in refused.value.errors["stated_date"][0]


def test_an_interval_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_date("2015-08-30/2015-08-01")
    assert list(refused.value.errors) == ["date"]


def test_a_year_before_the_common_era_is_refused_as_outside_the_calendar() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_date("-0100")
    assert "outside the supported calendar" in refused.value.errors["date"][0]


def test_open_intervals_overlap_what_falls_within_their_known_bound() -> None:
    until = parse_date("/2015-05-22")
    assert until.overlaps(parse_date("2015-05-22"))
    assert until.overlaps(parse_date("1990"))
    assert not until.overlaps(parse_date("2015-05-23"))
    since = parse_date("2015-05-20/..")
    assert since.overlaps(parse_date("2024-01-01"))
    assert not since.overlaps(parse_date("2015-05-19"))


def test_as_dict_gives_the_text_and_iso_bounds() -> None:
    assert parse_date("2015-08~").as_dict() == {
        "edtf": "2015-08~",
        "earliest": "2015-08-01",
        "latest": "2015-08-31",
    }


def _library_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    """What the edtf library makes of `text` (None: it refuses the string)."""
    import edtf

    try:
        parsed = edtf.parse_edtf(text)
        lower, upper = parsed.lower_strict(), parsed.upper_strict()
        return (
            dt.date(lower.tm_year, lower.tm_mon, lower.tm_mday),
            dt.date(upper.tm_year, upper.tm_mon, upper.tm_mday),
        )
    except Exception:
        return None


def _plain_shapes() -> list[str]:
    shapes = []
    for year in ("0001", "1900", "2016", "9999"):  # leap and not, the calendar's ends
        shapes.append(year)
        for month in range(1, 13):
            shapes.append(f"{year}-{month:02}")
            shapes.extend(f"{year}-{month:02}-{day:02}" for day in (1, 15, 28, 29, 30, 31))
    return shapes


@pytest.mark.parametrize("qualifier", ["", "~", "?", "%"])
def test_the_fast_path_gives_the_library_s_bounds_for_every_plain_date(qualifier: str) -> None:
    from heritage.dates import _fast_bounds

    for text in (shape + qualifier for shape in _plain_shapes()):
        fast = _fast_bounds(text)
        if fast is not None:  # where it declines, the library parses the string itself
            assert fast == _library_bounds(text), text


def test_the_fast_path_gives_the_library_s_bounds_for_intervals_of_plain_dates() -> None:
    from heritage.dates import _fast_bounds

    samples = ["2015", "2015-02", "2015-08-30", "2016-02-29", "2016-03", "2015-08-01~"]
    for start in samples:
        for end in samples:
            text = f"{start}/{end}"
            fast = _fast_bounds(text)
            if fast is not None:
                assert fast == _library_bounds(text), text


@pytest.mark.parametrize(
    "text", ["2015-13", "2015-02-30", "0000", "2015-21", "2015-08-30/2015-08-01", "15-08"]
)
def test_the_fast_path_leaves_everything_else_to_the_library(text: str) -> None:
    from heritage.dates import _fast_bounds

    assert _fast_bounds(text) is None


def test_an_impossible_day_is_still_refused() -> None:
    with pytest.raises(InvalidInput):
        parse_date("2015-02-30")
