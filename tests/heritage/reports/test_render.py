"""A report reads well in HTML and CSV, in English and in Arabic: its sections in order, each
claim with its speaker and article, the method in words, an annex of the articles; public
and internal editions each say what they are; the same content gives the same bytes."""

from __future__ import annotations

import base64
import csv
import dataclasses
import hashlib
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import heritage.reports
from heritage.dates import OPEN_START
from heritage.reports.content import EventLine
from heritage.reports.render import (
    CSV_COLUMNS,
    package_file,
    render_csv,
    render_html,
    style_source,
)
from heritage.vocab import ReportAudience, ReportLanguage
from tests.heritage.reports.samples import report_content

REPORTS = Path(heritage.reports.__file__).parent
CATALOG = REPORTS / "translations" / "ar" / "LC_MESSAGES"
SECTIONS = ["cover", "key-points", "changes", "figures", "map-and-charts", "sites", "method"]


def html_of(
    language: ReportLanguage = ReportLanguage.ENGLISH,
    audience: ReportAudience = ReportAudience.PUBLIC,
) -> str:
    return render_html(report_content(language, audience)).decode("utf-8")


class _Balance(HTMLParser):
    """Every element that must close closes, in order."""

    VOID = {"meta", "br", "img", "hr", "input", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()


def test_the_html_edition_is_one_document_with_its_sections_in_reading_order() -> None:
    page = html_of()

    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en" dir="ltr">' in page and '<meta charset="utf-8">' in page
    positions = [page.index(f'id="{section}"') for section in [*SECTIONS, "annex"]]
    assert positions == sorted(positions)
    # What changed comes first after the key points.
    assert page.index("What changed since the last issue") < page.index("Key figures")
    balance = _Balance()
    balance.feed(page)
    assert balance.errors == [] and balance.open == []
    assert "<link" not in page and "<script" not in page and "src=" not in page


def test_the_cover_says_the_period_audience_language_issue_date_and_position() -> None:
    page = html_of()

    assert "Palmyra quarterly" in page
    assert "2015-Q3" in page and "1 July 2015 – 30 September 2015" in page
    assert "Compared with" in page and "2015-Q2" in page
    assert "Palmyra and every site inside it" in page
    assert "<td>public</td>" in page and "<td>English</td>" in page
    assert "2 October 2015" in page  # the declared issue date
    assert "public commit position 57" in page
    assert "no. 7 for" in page  # the last issue, where "what changed" starts


def test_key_figures_say_each_change_as_a_level_in_words() -> None:
    page = html_of()
    figures = page[page.index('id="figures"') : page.index('id="map-and-charts"')]

    assert "events counted in the period" in figures
    assert "increase" in figures and "new" in figures and "stable" in figures
    assert "category: damage" in figures and "type: destroyed" in figures
    assert "sites newly destroyed" in figures and "control changes" in figures
    assert "contested events" in figures


def test_what_changed_lists_each_kind_of_change_with_its_record() -> None:
    page = html_of()
    changes = page[page.index('id="changes"') : page.index('id="figures"')]

    for kind in ("new event", "grade changed", "new contradiction", "retracted"):
        assert kind in changes
    assert "correction to an earlier period" in changes and "belongs to" in changes
    assert "grade: was weak, now fair" in changes
    assert "sources disagree on the date" in changes
    assert "Stated dates 1 July 2015 – 31 July 2015 and 23 August 2015 do not overlap." in changes
    assert "claim 199" in changes and "no longer readable" in changes


def test_each_site_shows_its_state_and_events_with_grade_flags_and_every_claim() -> None:
    page = html_of()
    sites = page[page.index('id="sites"') : page.index('id="method"')]
    baalshamin = sites[sites.index("Temple of Baalshamin</h3>") : sites.index("Palmyra</h3>")]

    assert "Held by ISIL (fair)" in baalshamin and "Condition: destroyed (contested)" in baalshamin
    assert "grade: contested" in baalshamin and "sources disagree on the date" in baalshamin
    assert "Syrian Observatory for Human Rights</strong>" in baalshamin
    assert "affirms" in baalshamin and "[article 1]" in baalshamin and "[article 3]" in baalshamin
    assert "blown up a month ago" in baalshamin
    # A claim in the article's own voice says so.
    assert "the article itself" in sites
    # An event listed for its overlap says where it counts.
    assert "counted in the period of its latest date" in sites
    assert "(generalised location)" in sites  # the restricted prison, as the public sees it


def test_the_method_gives_the_grading_levels_counting_and_audience_rules_in_words() -> None:
    method = html_of()[html_of().index('id="method"') :]

    for grade in ("discounted", "confirmed", "contested", "fair", "weak"):
        assert f"<strong>{grade}</strong>" in method
    assert "a single source affirms it." in method
    assert "two or more independent sources" in method
    assert "below 10 (a low baseline)" in method and "1.25 times" in method
    assert "latest possible date" in method
    assert "published records only" in method


def test_the_annex_lists_every_cited_article_with_publisher_title_date_and_url() -> None:
    annex = html_of()[html_of().index('id="annex"') :]

    assert annex.count("<li value=") == 3
    assert '<li value="3" id="article-3"><strong>SANA</strong>' in annex
    assert "داعش يفجر معبد بعل شمين في تدمر" in annex
    assert "24 August 2015" in annex and "https://example.org/sana/baalshamin" in annex


def test_the_public_edition_disclaims_and_marks_nothing_in_review() -> None:
    page = html_of()

    assert "graded, not endorsed" in page
    assert 'class="mark"' not in page
    assert "Internal edition" not in page


def test_the_internal_edition_marks_what_is_in_review() -> None:
    page = html_of(audience=ReportAudience.INTERNAL)

    assert "Internal edition" in page and "graded, not endorsed" not in page
    assert page.count('<span class="mark">in review</span>') >= 2  # the capture, a claim
    assert "<td>internal</td>" in page and "commit position 57 (every change" in page
    assert "34.5600, 38.2912" in page and "generalised location" not in page


def test_the_arabic_edition_is_right_to_left_with_arabic_names_words_dates_and_numbers() -> None:
    page = html_of(ReportLanguage.ARABIC)

    assert '<html lang="ar" dir="rtl">' in page
    for name in ("تقرير تدمر الفصلي", "معبد بل", "معبد بعل شمين", "تدمر", "داعش"):
        assert name in page
    for heading in ("النقاط الرئيسية", "ما الذي تغيّر منذ الإصدار السابق", "المنهجية"):
        assert heading in page
    assert "ملحق: المقالات المستشهد بها" in page
    # Levantine month names, as the web app writes them
    assert "30 آب 2015" in page and "2 تشرين الأول 2015" in page
    assert "مدمَّر" in page and "متنازع عليه" in page and "المقالة نفسها" in page
    assert "نسخة عامة" in page
    # Why claims contradict, with the dates they state, in the new contradiction and the event.
    conflict = "لا يتداخل التاريخان المذكوران: 1 تموز 2015 – 31 تموز 2015، و23 آب 2015."
    assert page.count(conflict) == 2
    # Codes read left to right keep their order inside Arabic text.
    assert '<span dir="ltr">2015-Q3</span>' in page
    # No English word of the interface is left (names and quotes may be English).
    for english in ("Key points", "Method", "the article itself", "grade:", "in review", "Stated"):
        assert english not in page


def test_the_csv_annex_has_one_row_per_event_with_the_documented_columns() -> None:
    content = report_content(ReportLanguage.ARABIC)
    text = render_csv(content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))

    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert [row["event_id"] for row in rows] == [str(event.id) for event in content.events]
    baalshamin = next(row for row in rows if row["event_id"] == "102")
    assert baalshamin["sites"] == "معبد بعل شمين" and baalshamin["grade"] == "contested"
    assert baalshamin["flags"] == "date_conflict" and baalshamin["articles"] == "1;3"
    assert baalshamin["date"] == "2015-08-23/2015-08-25" and baalshamin["latest"] == "2015-08-25"
    capture = next(row for row in rows if row["event_id"] == "100")
    assert capture["actors"] == "داعش (controller);الجيش العربي السوري (perpetrator)"
    assert capture["category"] == "control" and capture["counted"] == "yes"
    assert capture["in_review"] == "no"


def test_a_long_report_lists_every_event() -> None:
    content = report_content(extra_events=400)
    page = render_html(content).decode("utf-8")

    assert page.count("Looting report number") == 400
    assert render_csv(content).decode("utf-8-sig").count("\r\n") == 1 + len(content.events)


@pytest.mark.parametrize("render", [render_html, render_csv])
@pytest.mark.parametrize("language", list(ReportLanguage))
def test_the_same_content_renders_the_same_bytes(render, language) -> None:  # type: ignore[no-untyped-def]
    first = render(report_content(language, ReportAudience.INTERNAL))
    second = render(report_content(language, ReportAudience.INTERNAL))

    assert first == second


def test_the_pdf_may_load_the_package_fonts_and_nothing_else() -> None:
    assert package_file("heritage-report:amiri-arabic-400-normal.woff")[:4] == b"wOFF"
    for address in (
        "file:///etc/passwd",
        "https://fonts.example.org/amiri.woff",
        "heritage-report:../render.py",
        "heritage-report:fonts/../../db.py",
        "heritage-report:LICENSE-amiri.txt",
    ):
        with pytest.raises(ValueError, match="only its own fonts"):
            package_file(address)


def test_every_string_of_the_report_has_its_arabic_translation() -> None:
    with (CATALOG / "reports.po").open("rb") as stored:
        catalog = read_po(stored)
    method_map = [
        ("reports/words.py", "python"),
        ("reports/render.py", "python"),
        ("reports/charts.py", "python"),
        ("grading.py", "python"),
        ("reports/templates/**.html", "jinja2"),
    ]
    # N_: the messages of the domain a report shows (a flag's detail).
    keywords = {"_": None, "gettext": None, "R_": None, "N_": None}
    found = extract_from_dir(REPORTS.parent, method_map, keywords=keywords)
    wanted = {message[2] for message in found}
    assert "The claims name different actors." in wanted  # heritage/grading.py's

    untranslated = sorted(text for text in wanted if not (text in catalog and catalog[text].string))
    assert untranslated == []
    assert [m.id for m in catalog if m.fuzzy and m.id] == []
    assert [(m.id, errors) for m, errors in catalog.check()] == []  # placeholders kept
    assert len(wanted) >= 140


def test_the_compiled_catalogue_is_the_translations_as_written() -> None:
    with (CATALOG / "reports.po").open("rb") as stored:
        catalog = read_po(stored)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)

    assert (CATALOG / "reports.mo").read_bytes() == compiled.getvalue(), (
        "run: pybabel compile -D reports -d heritage/reports/translations"
    )


def test_the_babel_configuration_names_the_files_the_test_extracts() -> None:
    configured = re.findall(r"^\[(\w+): ([^\]]+)\]$", (REPORTS / "babel.cfg").read_text(), re.M)

    assert configured == [
        ("python", "reports/words.py"),
        ("python", "reports/render.py"),
        ("python", "reports/charts.py"),
        ("python", "grading.py"),
        ("jinja2", "reports/templates/**.html"),
    ]


def test_a_page_serving_the_html_may_allow_its_one_style_element_by_hash() -> None:
    page = html_of()
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)

    assert len(styles) == 1 and "style=" not in page
    digest = base64.b64encode(hashlib.sha256(styles[0].encode("utf-8")).digest()).decode()
    assert style_source() == f"'sha256-{digest}'"


@pytest.mark.parametrize(
    ("language", "until", "placeholder"),
    [
        (ReportLanguage.ENGLISH, "until 30 May 2015", "1 January 1 "),
        (ReportLanguage.ARABIC, "حتى 30 أيار 2015", "1 كانون الثاني 1 "),
    ],
)
def test_an_event_open_at_its_start_reads_until_its_last_day(
    language: ReportLanguage, until: str, placeholder: str
) -> None:
    # "../2015-05-30": the source gives no first day, so the report must not invent year 1
    content = report_content(language)

    def opened(event: EventLine) -> EventLine:
        if event.id != 103:
            return event
        return dataclasses.replace(event, date="../2015-05-30", earliest=OPEN_START)

    content = dataclasses.replace(
        content,
        sites=[
            dataclasses.replace(section, events=[opened(e) for e in section.events])
            for section in content.sites
        ],
    )
    assert any(e.id == 103 for section in content.sites for e in section.events)
    html = render_html(content).decode("utf-8")
    assert until in html
    assert placeholder not in html
