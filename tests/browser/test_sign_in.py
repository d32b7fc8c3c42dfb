"""Signing in as a person does, in a real browser: with the keyboard alone."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tests.browser.helpers import PASSWORD, People


def focused_text(page: Page) -> str:
    text: str = page.evaluate("document.activeElement.textContent.trim()")
    return text


def test_a_person_signs_in_with_the_keyboard_alone_and_sees_their_name(
    page: Page, people: People
) -> None:
    people("editor")
    page.goto("/")
    tabs = 0
    while focused_text(page) != "Sign in":
        page.keyboard.press("Tab")
        tabs += 1
        assert tabs <= 8, "the header's Sign in link is not reached with Tab"
    page.keyboard.press("Enter")
    page.wait_for_url("**/login?**")

    # The username field takes the focus as the page loads: type, Tab to the password,
    # Enter to send. (Typed before it has it, the keys would go nowhere.)
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("editor")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    header = page.get_by_role("navigation", name="Main")
    expect(header.get_by_text("editor", exact=True)).to_be_visible()
    expect(header.get_by_role("button", name="Sign out")).to_be_visible()
    assert urlsplit(page.url).path == "/"  # back where they were


def test_a_wrong_password_typed_at_the_keyboard_says_so_and_signs_no_one_in(
    page: Page, people: People
) -> None:
    people("editor")
    page.goto("/login")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("editor")
    page.keyboard.press("Tab")
    page.keyboard.type("not the password")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("alert")).to_have_text("Unknown username or wrong password.")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
