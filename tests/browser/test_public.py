"""A visitor reads the public pages: finds a site by any of its names and reads what each
source said about it."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from heritage.auth import SYSTEM
from heritage.services import sites
from tests.browser.helpers import LiveServer, arabic
from tests.browser.world import AFFIRMING_QUOTE, DISPUTING_QUOTE, Palmyra

# Three monuments of Palmyra, a few hundred metres apart, and a mosque in Aleppo.
PLACED = {
    "Temple of Bel": (34.54738, 38.27393),
    "Temple of Baalshamin": (34.553401, 38.269941),
    "Monumental Arch": (34.549972, 38.271),
    "Great Mosque of Aleppo": (36.1993, 37.1570),
}


def place_sites(session: Session) -> None:
    for name, (latitude, longitude) in PLACED.items():
        location = {"latitude": latitude, "longitude": longitude, "certainty": "exact"}
        sites.create_site(session, SYSTEM, {"name": name, "kind": "temple", "location": location})
    session.commit()


def test_a_visitor_finds_the_temple_by_its_arabic_name_and_reads_the_claims_on_its_page(
    page: Page, palmyra: Palmyra
) -> None:
    page.goto("/")
    page.get_by_label("Find a site by any of its names, in any spelling").fill("معبد بل")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("link", name="Temple of Bel", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Temple of Bel")
    history = page.get_by_role("region", name="History")
    expect(history.get_by_text(AFFIRMING_QUOTE)).to_be_visible()
    expect(history.get_by_text(DISPUTING_QUOTE)).to_be_visible()
    expect(history.get_by_role("link", name="Syrian Observatory for Human Rights")).to_be_visible()
    expect(history.get_by_role("link", name="Temple of Bel reported destroyed")).to_have_count(2)


def test_in_arabic_the_site_page_is_titled_by_its_arabic_name_at_the_right(
    page: Page, palmyra: Palmyra
) -> None:
    page.goto("/?lang=ar")
    page.get_by_role("search").get_by_role("searchbox").fill("معبد بل")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("link", name="Temple of Bel", exact=True).click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("معبد بل")
    expect(heading).to_have_attribute("dir", "rtl")
    drawn = heading.evaluate(
        """(element) => {
            const range = document.createRange();
            range.selectNodeContents(element);
            const text = range.getBoundingClientRect();
            const block = element.getBoundingClientRect();
            return {gapAtRight: block.right - text.right, gapAtLeft: text.left - block.left};
        }"""
    )
    assert drawn["gapAtRight"] < 2 < drawn["gapAtLeft"]  # set from the right edge
    history = page.get_by_role("region", name=arabic("History"))
    expect(history.get_by_text(AFFIRMING_QUOTE)).to_be_visible()


def test_a_visitor_opens_the_numbered_circle_of_palmyra_on_the_map_and_reaches_a_temple(
    page: Page, live_server: LiveServer, session: Session
) -> None:
    place_sites(session)
    page.goto("/map")
    expect(page.get_by_role("link", name="Great Mosque of Aleppo")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="3 sites; no damage reported").click()

    expect(page.get_by_role("status")).to_have_text("3 sites found")
    # Closer in, each temple has its own point on the map, linked to its page.
    on_the_map = page.get_by_role("figure").get_by_role("link", name="Temple of Bel")
    with page.expect_navigation():
        on_the_map.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Temple of Bel")
