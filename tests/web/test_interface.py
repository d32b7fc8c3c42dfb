"""What every page of the web app shares: English or Arabic (right to left), every string
translated, every asset served from here, and a strict Content-Security-Policy."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

import api.web

WEB = Path(api.web.__file__).parent
CATALOG = WEB / "translations" / "ar" / "LC_MESSAGES"
_ATTRIBUTE_URL = re.compile(r'(?:src|href|action)="([^"]*)"')


def test_the_front_page_is_in_english_by_default_and_left_to_right(
    anonymous: FlaskClient,
) -> None:
    page = anonymous.get("/").get_data(as_text=True)

    assert '<html lang="en" dir="ltr">' in page
    assert "Find a site by any of its names" in page


def test_the_reader_chooses_arabic_and_it_is_remembered_right_to_left(
    anonymous: FlaskClient,
) -> None:
    chosen = anonymous.get("/?lang=ar").get_data(as_text=True)
    later = anonymous.get("/login").get_data(as_text=True)

    for page in (chosen, later):
        assert '<html lang="ar" dir="rtl">' in page
    assert "ابحث عن موقع" in chosen and "تسجيل الدخول" in later
    assert 'lang="en"' in chosen  # the way back to English, named in English


def test_a_browser_asking_for_arabic_gets_arabic(anonymous: FlaskClient) -> None:
    page = anonymous.get("/", headers={"Accept-Language": "ar-SY,ar;q=0.9,en;q=0.5"})

    assert '<html lang="ar" dir="rtl">' in page.get_data(as_text=True)


def test_every_string_of_the_interface_has_its_arabic_translation() -> None:
    with (CATALOG / "messages.po").open("rb") as stored:
        catalog = read_po(stored)
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    wanted = {message[2] for message in extract_from_dir(WEB, method_map)}
    wanted = {text if isinstance(text, str) else text[0] for text in wanted}

    untranslated = sorted(text for text in wanted if not (text in catalog and catalog[text].string))
    assert [m.id for m in catalog if m.fuzzy and m.id] == []  # pybabel compile drops them
    assert untranslated == []
    assert len(wanted) >= 14


def test_the_compiled_catalog_is_the_translations_as_written() -> None:
    with (CATALOG / "messages.po").open("rb") as stored:
        catalog = read_po(stored)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)

    assert (CATALOG / "messages.mo").read_bytes() == compiled.getvalue(), (
        "run: pybabel compile -d api/web/translations"
    )


@pytest.mark.parametrize("path", ["/", "/?lang=ar", "/login"])
def test_a_page_loads_nothing_from_another_origin_and_runs_no_inline_script(
    anonymous: FlaskClient, path: str
) -> None:
    response = anonymous.get(path)
    page = response.get_data(as_text=True)

    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert all(url.startswith(("/", "?", "#")) for url in _ATTRIBUTE_URL.findall(page))
    assert re.search(r"<script>|<script [^>]*>[^<]", page) is None  # no inline script
    assert re.search(r"\sstyle=|<style", page) is None  # no inline style either
    for asset in re.findall(r'(?:src|href)="(/assets/[^"]+)"', page):
        with anonymous.get(asset) as served:
            assert served.status_code == 200, asset


def test_vendored_assets_ship_with_their_licences() -> None:
    vendored = [path for path in (WEB / "static" / "vendor").iterdir() if path.is_dir()]

    assert vendored
    for package in vendored:
        assert (package / "LICENSE").is_file(), package.name


def test_a_missing_page_is_a_page_for_people_and_the_api_keeps_problem_json(
    anonymous: FlaskClient,
) -> None:
    page = anonymous.get("/no/such/page?lang=ar")
    api = anonymous.get("/api/v1/no-such-thing")

    assert page.status_code == 404 and page.mimetype == "text/html"
    assert "لا يوجد شيء في هذا العنوان." in page.get_data(as_text=True)
    assert api.status_code == 404 and api.mimetype == "application/problem+json"
