"""A report says why an event's claims contradict each other in its own language: an Arabic
report gives each flag's detail in Arabic, its dates as the report writes dates, and no
English sentence; the English report gives the English; the history keeps the English."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS
from heritage.models import Site
from heritage.reports.build import build_report
from heritage.reports.content import ReportSpec
from heritage.reports.periods import parse_period, previous_period
from heritage.reports.render import render_html
from heritage.services.history import site_history
from heritage.vocab import ReportAudience, ReportLanguage
from tests.heritage.reports.contested import ENGLISH_DETAILS, Contested, contested_destruction


@pytest.fixture
def contested(session: Session) -> Contested:
    return contested_destruction(session)


def report_page(session: Session, language: ReportLanguage) -> str:
    period = parse_period("2015-Q3")
    spec = ReportSpec(
        definition_id=1,
        title="Palmyra",
        scope_site_id=None,
        audience=ReportAudience.PUBLIC,
        language=language,
        period=period,
        previous=previous_period(period),
        issued_on=period.end + dt.timedelta(days=1),
        last_issue=None,
        corrects=None,
    )
    return render_html(build_report(session, spec, {})).decode("utf-8")


def site_section(page: str, site: Site) -> str:
    start = page.index(f'id="site-{site.id}"')
    return page[start : page.index("</section>", start)]


def test_the_event_carries_every_kind_of_flag(session: Session, contested: Contested) -> None:
    history = site_history(session, ANONYMOUS, contested.temple.id)
    (event,) = [e for e in history.events if e.id == contested.destruction.id]

    assert {flag.kind for flag in event.flags} == set(ENGLISH_DETAILS)
    # What the history (and so the API) says is the English, dates in EDTF.
    assert {flag.kind: flag.detail for flag in event.flags} == ENGLISH_DETAILS


def test_an_arabic_report_gives_each_flag_detail_in_arabic(
    session: Session, contested: Contested
) -> None:
    page = report_page(session, ReportLanguage.ARABIC)
    temple = site_section(page, contested.temple)

    assert "تختلف المصادر على وقوعه: مصدر يؤكد، وآخر ينفي." in temple
    assert "تختلف المصادر على الفاعل: يسمّي الادعاءان طرفين مختلفين." in temple
    assert (
        "تختلف المصادر على التاريخ: "
        "لا يتداخل التاريخان المذكوران: 1 تموز 2015 – 31 تموز 2015، و23 آب 2015."
    ) in temple
    for english in (*ENGLISH_DETAILS.values(), "One source", "Stated dates", "do not overlap"):
        assert english not in page


def test_the_english_report_gives_each_flag_detail_in_english(
    session: Session, contested: Contested
) -> None:
    temple = site_section(report_page(session, ReportLanguage.ENGLISH), contested.temple)

    assert (
        "sources disagree on whether it happened: One source affirms, another disputes." in temple
    )
    assert "sources disagree on who did it: The claims name different actors." in temple
    assert (
        "sources disagree on the date: "
        "Stated dates 1 July 2015 – 31 July 2015 and 23 August 2015 do not overlap."
    ) in temple
