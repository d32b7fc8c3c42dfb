"""Every page passes axe-core's accessibility rules with no serious or critical violation,
in English and in Arabic, signed in or not, error pages included."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import People, axe_violations, sign_in

# name: (path, who reads it, the status it answers)
PAGES = {
    "front page": ("/", None, 200),
    "front page in Arabic": ("/?lang=ar", None, 200),
    "front page, signed in": ("/", "editor", 200),
    "sign-in": ("/login", None, 200),
    "sign-in in Arabic": ("/login?lang=ar", None, 200),
    "not found": ("/nowhere", None, 404),
    "not found in Arabic": ("/nowhere?lang=ar", None, 404),
    "wrong method": ("/logout", None, 405),
}


@pytest.mark.parametrize("name", PAGES)
def test_a_page_has_no_serious_accessibility_violation(
    page: Page, people: People, name: str
) -> None:
    path, reader, status = PAGES[name]
    if reader:
        people(reader)
        sign_in(page, reader)
    response = page.goto(path)

    assert response is not None and response.status == status
    assert axe_violations(page) == []


def test_a_failed_sign_in_and_a_refused_form_have_no_serious_accessibility_violation(
    page: Page, people: People
) -> None:
    people("editor")
    sign_in(page, "editor", "a wrong password")
    expect(page.get_by_role("alert")).to_be_visible()
    assert axe_violations(page) == []

    page.goto("/login")
    page.locator("input[name=csrf_token]").evaluate("(input) => input.remove()")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("anything")
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Sign in").click()
    assert sent.value is not None and sent.value.status == 400
    assert axe_violations(page) == []
