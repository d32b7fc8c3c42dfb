"""An issued report drawn from its content (heritage.reports.content.ReportContent) as HTML,
PDF and CSV, in the report's language.

One Jinja2 template (templates/report.html) gives the HTML edition and, with print rules
and the fonts shipped in heritage/reports/fonts, the PDF (WeasyPrint). Words come from the
report's own gettext catalogue (translations/, domain "reports"), dates and numbers from
Babel in the report's locale. Nothing reads the clock or the network: the same content
gives the same bytes in all three formats, and WeasyPrint may load only the package's own
font files (package_files_only), so rendering makes no request.

The CSV annex has one row per event of the period, in the content's order, with the
columns of CSV_COLUMNS: codes for vocabulary values (so a spreadsheet can filter on them
whatever the report's language), names in the report's language, `;` between several."""

from __future__ import annotations

import base64
import contextlib
import csv
import dataclasses
import datetime as dt
import functools
import gettext
import hashlib
import io
import os
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jinja2
from babel.dates import format_date
from babel.numbers import format_decimal
from babel.support import Translations
from markupsafe import Markup

from heritage.date_reading import babel_locale
from heritage.dates import OPEN_END, OPEN_START, EdtfDate
from heritage.maps import CONDITION_COLOURS, Clustering, Marker, draw_map
from heritage.messages import translate
from heritage.reports import charts, words
from heritage.reports.content import (
    EventLine,
    Figure,
    Period,
    ReportContent,
    SiteSection,
)
from heritage.vocab import Condition, EventType, ReportAudience, ReportLanguage

PACKAGE = "heritage.reports"
DOMAIN = "reports"
# The scheme of the only addresses a PDF may load: the package's font files.
ASSET_SCHEME = "heritage-report:"
FONT_FILES: tuple[str, ...] = (
    "noto-sans-latin-400-normal.woff",
    "noto-sans-latin-700-normal.woff",
    "noto-sans-latin-400-italic.woff",
    "noto-sans-latin-ext-400-normal.woff",
    "noto-sans-latin-ext-700-normal.woff",
    "amiri-arabic-400-normal.woff",
    "amiri-arabic-700-normal.woff",
)

CSV_COLUMNS: tuple[str, ...] = (
    "event_id",  # the event's number in the tracker
    "counted",  # "yes": counted in this period; "no": overlaps it, counted in another
    "date",  # as recorded, in EDTF
    "earliest",  # ISO dates: the first and last day it may have happened
    "latest",
    "category",  # EventCategory code
    "type",  # EventType code
    "site_ids",
    "sites",  # names in the report's language
    "actors",  # "name (role code)"
    "grade",  # Grade code
    "flags",  # FlagKind codes
    "claims",  # how many claims the event rests on
    "articles",  # the cited articles' numbers in the report's annex
    "in_review",  # "yes" for what is not published yet (internal editions only)
    "description",
)


def render_html(content: ReportContent) -> bytes:
    """The report as one complete UTF-8 HTML document (styles inside, no outside file)."""
    return _page(content, for_print=False).encode("utf-8")


def render_pdf(content: ReportContent) -> bytes:
    """The report as a PDF: the HTML edition laid out for A4 pages with the shipped fonts.
    Its identifier is derived from the page it draws, and it carries no date but the
    declared issue date printed inside, so the same content gives the same bytes."""
    # Imported here: WeasyPrint loads Pango and fonts, which HTML and CSV never need.
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    printed, omitted = _detailed_for_print(content)
    page = _page(printed, for_print=True, omitted=omitted)
    identifier = hashlib.sha256(page.encode("utf-8")).hexdigest()[:32].encode("ascii")
    with _font_timestamps(content.spec.issued_on):
        fonts = FontConfiguration()
        fetcher = _package_files_only()
        css = weasyprint.CSS(string=_font_faces(), font_config=fonts, url_fetcher=fetcher)
        document = weasyprint.HTML(string=page, url_fetcher=fetcher).render(
            font_config=fonts, stylesheets=[css]
        )
        pdf: bytes = document.write_pdf(pdf_identifier=identifier)
    return pdf


# How many events a PDF details, site by site: WeasyPrint lays out about three pages a
# second here, so a whole database's month (thousands of events) would take minutes and
# hundreds of pages. Past this, the PDF details the sites with the gravest events and
# names how many more the HTML edition and the CSV annex hold.
PDF_DETAILED_EVENTS = 200

# The order a PDF details sites in when it cannot detail them all: by their gravest event.
_GRAVITY: tuple[EventType, ...] = (
    EventType.DESTROYED,
    EventType.KILLED,
    EventType.SEVERELY_DAMAGED,
    EventType.ABDUCTED,
    EventType.DETAINED,
    EventType.MODERATELY_DAMAGED,
    EventType.LOOTED,
    EventType.ILLEGALLY_EXCAVATED,
    EventType.CAPTURED,
    EventType.BESIEGED,
    EventType.CONTESTED,
    EventType.BOOBY_TRAPPED,
    EventType.MILITARILY_USED,
    EventType.VANDALISED,
    EventType.DAMAGED,
    EventType.POSSIBLY_DAMAGED,
)


@dataclass(frozen=True)
class Omitted:
    """What a PDF leaves to the HTML edition and the CSV annex."""

    sites: int
    events: int


def _detailed_for_print(content: ReportContent) -> tuple[ReportContent, Omitted | None]:
    """The content a PDF details: every site section while their events fit in
    PDF_DETAILED_EVENTS; else the sites with the gravest counted events (then the most
    events, then as listed) until the budget is spent, in the content's order, and the
    annex cut to the articles those sections cite."""
    if sum(len(section.events) for section in content.sites) <= PDF_DETAILED_EVENTS:
        return content, None

    def gravity(section: SiteSection) -> tuple[int, int]:
        ranks = [
            _GRAVITY.index(event.type) if event.type in _GRAVITY else len(_GRAVITY)
            for event in section.events
            if event.counted
        ]
        return (min(ranks, default=len(_GRAVITY) + 1), -len(section.events))

    chosen: set[int] = set()
    spent = 0
    for index in sorted(range(len(content.sites)), key=lambda i: gravity(content.sites[i])):
        size = len(content.sites[index].events)
        if spent + size > PDF_DETAILED_EVENTS and chosen:
            continue
        chosen.add(index)
        spent += size
    sites = [section for index, section in enumerate(content.sites) if index in chosen]
    cited = {claim.article for s in sites for event in s.events for claim in event.claims}
    cited |= {
        claim.article
        for change in content.changes
        if change.event is not None
        for claim in change.event.claims
    }
    printed = dataclasses.replace(
        content,
        sites=sites,
        articles=[article for article in content.articles if article.number in cited],
    )
    return printed, Omitted(
        sites=len(content.sites) - len(sites),
        events=sum(len(section.events) for section in content.sites) - spent,
    )


_SOURCE_DATE = threading.Lock()


@contextlib.contextmanager
def _font_timestamps(day: dt.date) -> Iterator[None]:
    """Fonts embedded with `day` (midnight UTC) as their date. fontTools stamps each font
    it saves (WeasyPrint's subsets of ours) with the clock's time unless SOURCE_DATE_EPOCH
    says otherwise (the reproducible-builds convention); the variable is the process's, so
    PDFs are drawn one at a time while it is set."""
    epoch = int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp())
    with _SOURCE_DATE:
        before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        try:
            yield
        finally:
            if before is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = before


def render_csv(content: ReportContent) -> bytes:
    """The CSV annex: a header of CSV_COLUMNS, then a row per event of the period. UTF-8
    with a byte order mark, so spreadsheets read Arabic names right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for event in content.events:
        writer.writerow(_csv_row(event))
    return out.getvalue().encode("utf-8-sig")


def package_file(url: str) -> bytes:
    """The font file an address of ASSET_SCHEME names; ValueError for any other address
    (a file of the machine, anything on the network)."""
    name = url.removeprefix(ASSET_SCHEME)
    if not url.startswith(ASSET_SCHEME) or name not in FONT_FILES:
        raise ValueError(f"a report loads only its own fonts, not {url!r}")
    return resources.files(PACKAGE).joinpath("fonts", name).read_bytes()


def _package_files_only() -> Any:
    """WeasyPrint's url_fetcher for reports: package_file's fonts, nothing else. Built on
    call, since WeasyPrint is imported only to draw a PDF."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PackageFilesOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            return URLFetcherResponse(
                url, body=package_file(url), headers={"Content-Type": "font/woff"}
            )

    return PackageFilesOnly(allowed_protocols=(ASSET_SCHEME.rstrip(":"),))


def _csv_row(event: EventLine) -> list[str]:
    articles = sorted({claim.article for claim in event.claims})
    return [
        str(event.id),
        "yes" if event.counted else "no",
        event.date,
        event.earliest.isoformat(),
        event.latest.isoformat(),
        event.category.value,
        event.type.value,
        ";".join(str(site.id) for site in event.sites),
        ";".join(site.name for site in event.sites),
        ";".join(f"{line.actor.name} ({line.role.value})" for line in event.actors),
        event.grade.value,
        ";".join(flag.kind.value for flag in event.flags),
        str(len(event.claims)),
        ";".join(str(number) for number in articles),
        "yes" if event.in_review else "no",
        event.description,
    ]


# --- The page -------------------------------------------------------------------------------


def style_source() -> str:
    """The hash of the HTML edition's one <style> element, as a Content-Security-Policy
    names it ("style-src 'sha256-…'"): a page serving the report's HTML allows its styles
    and no other inline style."""
    digest = hashlib.sha256(_stylesheet().encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@functools.cache
def _stylesheet() -> str:
    return resources.files(PACKAGE).joinpath("templates", "report.css").read_text("utf-8")


def _page(content: ReportContent, *, for_print: bool, omitted: Omitted | None = None) -> str:
    language = content.spec.language
    environment = _environment(language)
    template = environment.get_template("report.html")
    return template.render(
        content=content,
        for_print=for_print,
        omitted=omitted,
        stylesheet=Markup(_stylesheet()),
        **_helpers(content, _translations(language).gettext),
    )


def _helpers(content: ReportContent, _: Callable[[str], str]) -> dict[str, Any]:
    """What the template needs beyond the content: words, dates, numbers and drawings in
    the report's language."""
    language = content.spec.language
    locale = babel_locale(language.value)
    internal = content.spec.audience == ReportAudience.INTERNAL

    def said(table: Mapping[Any, str]) -> dict[Any, str]:
        return {key: _(word) for key, word in table.items()}

    conditions = said(words.CONDITIONS)
    categories = said(words.CATEGORIES)
    kinds = words.site_kinds(language)

    def date(day: dt.date) -> str:
        return format_date(day, "long", locale=locale)

    def number(value: int) -> str:
        return format_decimal(value, locale=locale)

    def period_dates(period: Period) -> str:
        return f"{date(period.start)} – {date(period.end)}"

    def days(earliest: dt.date, latest: dt.date) -> str:
        """An event's or a stated date's days: the day, or the first and last day; an open
        end (`../2015-05-22`) as the day it runs until or from, never year 1 or 9999."""
        if earliest == OPEN_START:
            return _("until %(date)s") % {"date": date(latest)}
        if latest == OPEN_END:
            return _("from %(date)s") % {"date": date(earliest)}
        if earliest == latest:
            return date(earliest)
        return f"{date(earliest)} – {date(latest)}"

    def event_dates(event: EventLine) -> str:
        return days(event.earliest, event.latest)

    def stated_dates(stated: EdtfDate) -> str:
        return days(stated.earliest, stated.latest)

    def message(text: str) -> str:
        """What the domain says (a flag's detail: heritage.messages) in the report's
        language, the dates it names written as the report writes them; the API and the
        stored history keep the English."""
        return translate(
            text, _, lambda value: stated_dates(value) if isinstance(value, EdtfDate) else value
        )

    def figure_name(figure: Figure) -> str:
        key = figure.key
        for table in (words.FIGURE_NAMES, words.CATEGORIES, words.EVENT_TYPES, words.CONDITIONS):
            if key in table:
                return _(table[key])  # type: ignore[index]
        return key

    def ltr(text: str) -> Markup:
        """A code read left to right (a period's label, an EDTF date) kept whole inside
        Arabic text, where the bidirectional algorithm would reorder its parts."""
        return Markup('<span dir="ltr">%s</span>') % text

    def quoted(text: str) -> Markup:
        """A title in quotation marks, the marks and the title each in their direction."""
        left, right = ("«", "»") if right_to_left else ("“", "”")
        return Markup('%s<span dir="%s">%s</span>%s') % (left, text_dir(text), text, right)

    def kind(code: str) -> str:
        return kinds.get(code, code.replace("_", " "))

    def cluster_label(count: int, worst: Condition | None) -> str:
        if worst is None:
            return _("Sites: %(count)s") % {"count": number(count)}
        return _("Sites: %(count)s; the worst condition: %(condition)s") % {
            "count": number(count),
            "condition": conditions[worst],
        }

    chart_name = _("Events per week by category")
    if content.spec.period.end - content.spec.period.start > dt.timedelta(days=62):
        chart_name = _("Events per month by category")
    right_to_left = language == ReportLanguage.ARABIC
    markers = [
        Marker(point.longitude, point.latitude, point.site.name, point.condition)
        for point in content.points
    ]
    by_condition = _conditions_in_order(content.sites_by_condition)
    top_condition = max((count for _condition, count in by_condition), default=0)
    return {
        "lang": language.value,
        "dir": "rtl" if right_to_left else "ltr",
        "internal": internal,
        "w": {
            "types": said(words.EVENT_TYPES),
            "categories": categories,
            "conditions": conditions,
            "grades": said(words.GRADES),
            "roles": said(words.ACTOR_ROLES),
            "stances": said(words.STANCES),
            "flags": said(words.FLAG_KINDS),
            "levels": said(words.LEVELS),
            "changes": said(words.CHANGE_KINDS),
            "audiences": said(words.AUDIENCES),
            "records": said(words.RECORDS),
            "language": words.LANGUAGES[language],
        },
        "date": date,
        "number": number,
        "period_dates": period_dates,
        "event_dates": event_dates,
        "figure_name": figure_name,
        "message": message,
        "kind": kind,
        "ltr": ltr,
        "quoted": quoted,
        "text_dir": text_dir,
        "comma": "،" if right_to_left else ",",
        "map_svg": (
            draw_map(
                markers,
                width=640,
                height=400,
                title=_("Map of the sites concerned"),
                condition_labels=conditions,
                legend=False,
                # Overlapping points become numbered circles: a whole database's month has
                # thousands, each a shape for WeasyPrint to draw.
                clustering=Clustering(label=cluster_label),
            )
            if markers
            else ""
        ),
        # The map's legend, as text beside it: each condition shown, its colour, its sites.
        "map_legend": [
            (charts.swatch(CONDITION_COLOURS[condition]), conditions[condition], count)
            for condition, count in _conditions_in_order(Counter(m.condition for m in markers))
        ],
        "events_chart_name": chart_name,
        "events_svg": (
            charts.events_chart(content.buckets, title=chart_name) if content.buckets else ""
        ),
        "events_legend": [
            (charts.swatch(charts.CATEGORY_COLOURS[category]), categories[category])
            for category in charts.categories_shown(content.buckets)
        ],
        "condition_rows": [
            (
                conditions[condition],
                count,
                charts.condition_bar(count, top_condition, condition, right_to_left=right_to_left),
            )
            for condition, count in by_condition
        ],
    }


def text_dir(text: str) -> str:
    """ "rtl" or "ltr" by the first letter with a direction in `text` (HTML's dir="auto",
    which WeasyPrint does not apply): a quote or a title keeps its own direction."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def _conditions_in_order(
    counts: Mapping[Condition | None, int],
) -> list[tuple[Condition | None, int]]:
    """The conditions with a count, from intact to destroyed as the maps colour them, then
    the unknown."""
    order = [c for c in CONDITION_COLOURS if c is not None] + [None]
    return [(condition, counts[condition]) for condition in order if counts.get(condition)]


@functools.cache
def _translations(language: ReportLanguage) -> gettext.NullTranslations:
    if language == ReportLanguage.ENGLISH:
        return gettext.NullTranslations()
    directory = resources.files(PACKAGE).joinpath("translations")
    return Translations.load(str(directory), [language.value], domain=DOMAIN)


@functools.cache
def _environment(language: ReportLanguage) -> jinja2.Environment:
    """A template environment per language, its gettext bound to the report's catalogue."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader(PACKAGE, "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_gettext_translations(  # type: ignore[attr-defined]
        _translations(language), newstyle=True
    )
    return environment


def _font_faces() -> str:
    """The shipped fonts as @font-face rules: Noto Sans for Latin text (its Latin Extended
    part as a family of its own, since subsets of one family would shadow each other),
    Amiri for Arabic. Not Noto's Arabic fonts: they draw a letter's dots as glyphs of
    their own, which WeasyPrint cannot map back to letters, so a PDF's Arabic would not
    copy, search or extract as the words it shows."""
    faces = [
        ("Report Sans", "noto-sans-latin-400-normal.woff", 400, "normal"),
        ("Report Sans", "noto-sans-latin-700-normal.woff", 700, "normal"),
        ("Report Sans", "noto-sans-latin-400-italic.woff", 400, "italic"),
        ("Report Sans Ext", "noto-sans-latin-ext-400-normal.woff", 400, "normal"),
        ("Report Sans Ext", "noto-sans-latin-ext-700-normal.woff", 700, "normal"),
        ("Report Arabic", "amiri-arabic-400-normal.woff", 400, "normal"),
        ("Report Arabic", "amiri-arabic-700-normal.woff", 700, "normal"),
    ]
    return "".join(
        f'@font-face {{ font-family: "{family}"; src: url("{ASSET_SCHEME}{name}"); '
        f"font-weight: {weight}; font-style: {style}; }}\n"
        for family, name, weight, style in faces
    )
