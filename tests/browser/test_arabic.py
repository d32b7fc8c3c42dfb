"""The Arabic interface in a real browser: chosen from the header, kept from page to page,
laid out right to left, mirrored as a whole."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect
from sqlalchemy.orm import Session

from tests.browser.helpers import PASSWORD, People, arabic
from tests.heritage import builders as b


def box(locator: Locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not shown"
    return found


def text_box(locator: Locator) -> dict[str, float]:
    """Where the text of an element is drawn (not its block, which is as wide as the page)."""
    found: dict[str, float] = locator.evaluate(
        """(element) => {
            const range = document.createRange();
            range.selectNodeContents(element);
            const r = range.getBoundingClientRect();
            return {x: r.x, width: r.width};
        }"""
    )
    return found


def test_a_reader_switches_to_arabic_and_the_page_turns_right_to_left(
    page: Page, people: People
) -> None:
    people("editor")
    page.goto("/")
    header = page.get_by_role("navigation", name="Main")
    brand_in_english = box(header.get_by_role("link", name="Heritage tracker"))
    assert brand_in_english["x"] < 1280 / 2

    header.get_by_role("link", name="العربية").click()

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    header = page.get_by_role("navigation", name=arabic("Main"))
    brand = box(header.get_by_role("link", name=arabic("Heritage tracker")))
    sign_in_link = box(header.get_by_role("link", name=arabic("Sign in")))
    # Mirrored: the brand opens the header at the right, signing in closes it at the left.
    assert brand["x"] + brand["width"] > 1280 * 3 / 4
    assert sign_in_link["x"] < brand["x"]
    heading = page.get_by_role("heading", level=1)
    drawn = text_box(heading)
    assert drawn["x"] + drawn["width"] > box(heading)["x"] + box(heading)["width"] - 2
    assert drawn["x"] > box(heading)["x"] + 2  # starts at the right, not the left

    # The choice is remembered: signing in happens in Arabic, and the name shows.
    header.get_by_role("link", name=arabic("Sign in")).click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_label(arabic("Username")).fill("editor")
    page.get_by_label(arabic("Password")).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name=arabic("Sign in")).click()
    header = page.get_by_role("navigation", name=arabic("Main"))
    expect(header.get_by_text("editor", exact=True)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # And back to English, named in English.
    header.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def test_a_site_page_in_arabic_starts_its_latin_name_and_its_map_at_the_right(
    page: Page, session: Session
) -> None:
    temple = b.site(
        session,
        "Temple of Bel",
        "temple",
        names=[{"name": "معبد بل", "lang": "ar", "type": "alternative"}],
        location={"latitude": 34.5474, "longitude": 38.2739, "certainty": "exact"},
    )
    session.commit()

    page.goto(f"/sites/{temple.id}?lang=ar")

    title = page.get_by_role("heading", level=1)
    expect(title).to_have_text("معبد بل")
    # The English name under the Arabic title ends where the title does, at the right.
    subtitle = page.get_by_role("article").locator("header").get_by_text("Temple of Bel")
    written, heading = text_box(subtitle), text_box(title)
    assert written["x"] > 1280 / 2
    assert abs((written["x"] + written["width"]) - (heading["x"] + heading["width"])) < 2
    # The map, its coordinates and how certain they are line up at the right of their
    # column, under its heading; the map itself is drawn left to right.
    location = page.get_by_role("region", name=arabic("Location"))
    right_edges = [
        box(part)["x"] + box(part)["width"]
        for part in (
            location.get_by_role("heading", name=arabic("Location")),
            location.get_by_role("figure"),
        )
    ]
    right_edges += [
        text["x"] + text["width"]
        for text in (
            text_box(location.get_by_text("34.5474, 38.2739")),
            text_box(location.get_by_text(arabic("exact"), exact=True)),
        )
    ]
    assert max(right_edges) - min(right_edges) < 2, right_edges
    expect(location.get_by_role("figure")).to_have_attribute("dir", "ltr")


def test_the_same_site_page_in_english_starts_at_the_left(page: Page, session: Session) -> None:
    temple = b.site(
        session,
        "Temple of Bel",
        "temple",
        location={"latitude": 34.5474, "longitude": 38.2739, "certainty": "exact"},
    )
    session.commit()

    page.goto(f"/sites/{temple.id}?lang=en")

    location = page.get_by_role("region", name="Location")
    left_edges = [
        box(location.get_by_role("heading", name="Location"))["x"],
        box(location.get_by_role("figure"))["x"],
        text_box(location.get_by_text("34.5474, 38.2739"))["x"],
        text_box(location.get_by_text("exact", exact=True))["x"],
    ]
    assert max(left_edges) - min(left_edges) < 2, left_edges
