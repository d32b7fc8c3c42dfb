"""A report's PDF: the same content gives the same bytes, rendering asks nothing of the
network, the shipped fonts draw every letter, Arabic reads back in logical order and the
Arabic edition lays out right to left (checked with poppler's pdftotext and pdftoppm)."""

from __future__ import annotations

import re
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from heritage.reports.render import render_csv, render_html, render_pdf
from heritage.vocab import ReportAudience, ReportLanguage
from tests.heritage.reports.samples import report_content

# Unicode's direction marks and embeddings, which pdftotext writes around right-to-left runs.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
A4_WIDTH = 595.276  # points


@pytest.fixture(scope="module")
def english_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "en.pdf"
    path.write_bytes(render_pdf(report_content()))
    return path


@pytest.fixture(scope="module")
def arabic_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "ar.pdf"
    path.write_bytes(render_pdf(report_content(ReportLanguage.ARABIC, ReportAudience.INTERNAL)))
    return path


def text_of(pdf: Path, *options: str) -> str:
    done = subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def test_the_same_content_renders_the_same_pdf_bytes_with_no_date_of_its_own(
    arabic_pdf: Path,
) -> None:
    again = render_pdf(report_content(ReportLanguage.ARABIC, ReportAudience.INTERNAL))

    assert again == arabic_pdf.read_bytes()
    assert b"/CreationDate" not in again and b"/ModDate" not in again
    assert re.search(rb"/ID \[\([0-9a-f]{32}\) \([0-9a-f]{32}\)\]", again)
    # Another content, another identifier.
    other = render_pdf(report_content(ReportLanguage.ARABIC, ReportAudience.PUBLIC))
    identifiers = [re.search(rb"/ID \[\(([0-9a-f]{32})\)", pdf) for pdf in (again, other)]
    assert identifiers[0] and identifiers[1]
    assert identifiers[0].group(1) != identifiers[1].group(1)


def test_rendering_makes_no_network_request(monkeypatch: pytest.MonkeyPatch) -> None:
    tried: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        tried.append(args)
        raise OSError("the network is refused in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    content = report_content(ReportLanguage.ARABIC)

    pdf = render_pdf(content)
    assert render_html(content) and render_csv(content)
    assert pdf.startswith(b"%PDF-") and tried == []


@pytest.mark.parametrize("edition", ["english_pdf", "arabic_pdf"])
def test_every_letter_is_drawn_with_the_shipped_fonts(
    edition: str, request: pytest.FixtureRequest
) -> None:
    pdf: Path = request.getfixturevalue(edition)
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True)
    fonts = [line.split()[0] for line in listed.stdout.decode().splitlines()[2:]]

    assert fonts and all("+Report-" in font for font in fonts), fonts


def test_arabic_names_survive_a_pdftotext_round_trip_in_logical_order(arabic_pdf: Path) -> None:
    text = BIDI_CONTROLS.sub("", text_of(arabic_pdf))

    for name in ("تقرير تدمر الفصلي", "معبد بل", "معبد بعل شمين", "داعش", "سجن تدمر"):
        assert name in text
    assert "المرصد السوري لحقوق الإنسان" in text
    assert "النقاط الرئيسية" in text and "المنهجية" in text and "قيد المراجعة" in text


def test_each_edition_writes_its_dates_as_the_web_app_does(
    english_pdf: Path, arabic_pdf: Path
) -> None:
    # British English and the Levantine month names (آب, not أغسطس), as the site pages
    english = text_of(english_pdf)
    arabic = BIDI_CONTROLS.sub("", text_of(arabic_pdf))

    assert "1 July 2015" in english and "30 September 2015" in english
    assert "July 1, 2015" not in english
    assert "تموز" in arabic and "أيلول" in arabic
    assert "يوليو" not in arabic and "سبتمبر" not in arabic


def _words(pdf: Path, page: int = 1) -> list[tuple[str, float, float, float]]:
    """(word, xMin, xMax, yMin) of every word on `page`, from pdftotext -bbox."""
    html = text_of(pdf, "-bbox", "-f", str(page), "-l", str(page))
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html
    )
    return [(word, float(x0), float(x1), float(y0)) for x0, y0, x1, word in found]


def test_the_arabic_edition_sets_its_headings_against_the_right_margin(
    arabic_pdf: Path, english_pdf: Path
) -> None:
    arabic = _words(arabic_pdf)
    english = _words(english_pdf)

    def line_of(words: list[tuple[str, float, float, float]], word: str) -> tuple[float, float]:
        # -bbox lists a word's letters as drawn: an Arabic word's right to left.
        y = next(y0 for text, _x0, _x1, y0 in words if text in (word, word[::-1]))
        on_line = [(x0, x1) for _t, x0, x1, y0 in words if abs(y0 - y) < 3]
        return min(x0 for x0, _ in on_line), max(x1 for _, x1 in on_line)

    # The title and a section heading: Arabic ends at the right margin (16 mm, 45 pt) and
    # leaves the left side empty; English starts at the left margin.
    for word in ("تقرير", "النقاط"):
        left, right = line_of(arabic, word)
        assert right > A4_WIDTH - 60 and left > 200, (word, left, right)
    for word in ("Palmyra", "Key"):
        left, right = line_of(english, word)
        assert left < 60 and right < A4_WIDTH - 200, (word, left, right)


def test_the_arabic_first_page_is_drawn_right_to_left(
    arabic_pdf: Path, english_pdf: Path, tmp_path: Path
) -> None:
    def ink_centre_of_title(pdf: Path) -> float:
        """Where the title's ink lies across the page, 0 (left) to 1 (right)."""
        prefix = tmp_path / pdf.stem
        subprocess.run(
            ["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(pdf), str(prefix)],
            check=True,
        )
        image = Image.open(next(tmp_path.glob(f"{pdf.stem}*.png"))).convert("L")
        width, height = image.size
        band = image.crop((0, 0, width, height // 10))  # the title, under the top margin
        dark = [x for x in range(width) for y in range(band.height) if band.getpixel((x, y)) < 128]
        assert dark, "the title draws ink"
        return sum(dark) / len(dark) / width

    assert ink_centre_of_title(arabic_pdf) > 0.7
    assert ink_centre_of_title(english_pdf) < 0.3


def test_a_pdf_too_long_to_detail_every_site_details_the_gravest_and_says_where_the_rest_is(
    tmp_path: Path,
) -> None:
    # 300 more destructions at the Temple of Bel spend the PDF's budget of detailed events.
    content = report_content(extra_events=300)
    path = tmp_path / "long.pdf"
    path.write_bytes(render_pdf(content))
    text = " ".join(text_of(path).split())
    sites = [section.site.name for section in content.sites]
    (temple,) = [section for section in content.sites if section.site.name == "Temple of Bel"]
    others = [section for section in content.sites if section is not temple]

    assert f"This PDF details 1 of the {len(sites)} sites" in text
    omitted = sum(len(section.events) for section in others)
    assert f"The other sites and their {omitted} events are in the HTML edition" in text
    # Each detailed event's line ends "· grade: … · event N".
    detailed = re.findall(r"· grade: \w+ · event (\d+)", text)
    assert sorted(map(int, detailed)) == sorted(event.id for event in temple.events)
    # The HTML edition still details every site.
    html = render_html(content).decode()
    assert all(f">{name}</h3>" in html for name in sites)
    assert "This PDF details" not in html
