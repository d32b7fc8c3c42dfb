"""A visitor reads the public pages: finds a site by any of its names and reads what each
source said about it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import arabic
from tests.browser.world import AFFIRMING_QUOTE, DISPUTING_QUOTE, Palmyra


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
