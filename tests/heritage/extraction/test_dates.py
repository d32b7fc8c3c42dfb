"""Dates as articles state them, resolved against the publication date into EDTF."""

from __future__ import annotations

import datetime as dt

import pytest

from heritage.dates import parse_date
from heritage.extraction.dates import find_dates


def resolved(phrase: str, published: str) -> str | None:
    found = find_dates(phrase, dt.date.fromisoformat(published))
    assert len(found) == 1, found
    edtf = found[0].edtf
    if edtf is not None:
        assert parse_date(edtf).edtf == edtf  # valid EDTF the tracker stores as it is
    return edtf


@pytest.mark.parametrize(
    ("phrase", "published", "edtf"),
    [
        # "on Sunday": the most recent Sunday on or before publication
        ("on Sunday morning", "2016-03-27", "2016-03-27"),  # published on a Sunday
        ("on Sunday", "2016-03-29", "2016-03-27"),
        ("last Sunday", "2016-03-27", "2016-03-20"),
        ("on Friday", "2016-01-02", "2016-01-01"),
        ("on Saturday", "2016-01-02", "2016-01-02"),
        ("on Thursday", "2016-01-02", "2015-12-31"),  # across the new year
        # a month: the last one not after publication
        ("In May", "2016-03-27", "2015-05"),
        ("in March", "2016-03-27", "2016-03"),
        ("in December", "2016-01-05", "2015-12"),
        ("last May", "2016-05-20", "2015-05"),
        ("mid-May", "2016-03-27", "2015-05-11/2015-05-20"),
        ("late August 2015", "2016-03-27", "2015-08-21/2015-08-31"),
        # periods around publication
        ("Earlier this month", "2016-03-27", "2016-03-01/2016-03-27"),
        ("earlier this month", "2016-03-01", "2016-03-01"),
        ("earlier this year", "2016-03-27", "2016-01-01/2016-03-27"),
        ("last week", "2016-03-27", "2016-03-14/2016-03-20"),
        ("last week", "2016-01-03", "2015-12-21/2015-12-27"),  # across the new year
        ("last month", "2016-01-15", "2015-12"),
        ("last year", "2016-01-15", "2015"),
        ("yesterday", "2016-01-01", "2015-12-31"),
        ("today", "2016-03-27", "2016-03-27"),
        ("last night", "2016-03-27", "2016-03-26/2016-03-27"),
        # so long ago
        ("nearly two years ago", "2016-03-27", "2014-03-28/2014-09-26"),
        ("three days ago", "2016-03-27", "2016-03-24"),
        ("a few days ago", "2016-03-27", "2016-03-23/2016-03-25"),
        ("in recent months", "2016-03-27", "2015-09-26/2016-03-27"),
        # stated dates
        ("27 March 2016", "2016-04-01", "2016-03-27"),
        ("March 27, 2016", "2016-04-01", "2016-03-27"),
        ("on February 27", "2016-03-27", "2016-02-27"),
        ("on 30 December", "2016-01-02", "2015-12-30"),
        ("between 23 and 25 August 2015", "2016-03-27", "2015-08-23/2015-08-25"),
        ("in 2011", "2016-03-27", "2011"),
        ("2015-08-30", "2016-03-27", "2015-08-30"),
        ("the summer of 2015", "2016-03-27", "2015-06/2015-08"),
    ],
)
def test_phrase_resolves_against_publication(phrase: str, published: str, edtf: str) -> None:
    assert resolved(phrase, published) == edtf


def test_nearly_two_years_ago_holds_the_caliphate_declaration() -> None:
    stated = parse_date(resolved("nearly two years ago", "2016-03-27") or "")
    assert stated.earliest <= dt.date(2014, 6, 29) <= stated.latest


def test_may_the_verb_is_no_month() -> None:
    assert find_dates("ISIL may try to plant IEDs", dt.date(2016, 3, 27)) == []


def test_without_publication_date_relative_dates_resolve_to_nothing() -> None:
    found = find_dates("On Sunday, as in May 2015, and in May", None)
    assert [(mention.text, mention.edtf) for mention in found] == [
        ("On Sunday", None),
        ("May 2015", "2015-05"),
        ("May", None),
    ]


def test_an_impossible_day_leaves_the_month() -> None:
    (mention,) = find_dates("on 31 February 2016", dt.date(2016, 3, 27))
    assert (mention.text, mention.edtf) == ("February 2016", "2016-02")


def test_offsets_point_at_the_phrase() -> None:
    text = "Militants blew up the temple on Sunday, a monitor said."
    (mention,) = find_dates(text, dt.date(2015, 8, 25))
    assert text[mention.start : mention.end] == mention.text == "on Sunday"
    assert mention.edtf == "2015-08-23"
