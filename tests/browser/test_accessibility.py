"""Every page passes axe-core's accessibility rules with no serious or critical violation,
in English and in Arabic, signed in or not, error pages included."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from tests.api.helpers import patch
from tests.browser.helpers import LiveServer, People, axe_violations, sign_in
from tests.browser.test_public import place_sites
from tests.browser.world import Palmyra, api_client, article_text

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
    "reports": ("/reports", None, 200),
    "reports with their forms, in Arabic": ("/reports?lang=ar", "reviewer", 200),
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


def record_pages(palmyra: Palmyra) -> list[str]:
    """Every page that reads a record, and the lists that find them."""
    return [
        "/",
        "/sites",
        "/sites?q=%D9%85%D8%B9%D8%A8%D8%AF",  # معبد
        "/sites?within=nothing",  # a filter refused, its error shown
        "/map",
        f"/sites/{palmyra.city['id']}",
        f"/sites/{palmyra.temple['id']}",
        f"/sites/{palmyra.temple['id']}?at=2015-09-01&known_at=2015-09-01",
        f"/events/{palmyra.event['id']}",
        f"/articles/{palmyra.article['id']}",
        f"/actors/{palmyra.isil['id']}",
        f"/sources/{palmyra.publisher['id']}",
        f"/sources/{palmyra.observatory['id']}",
        f"/history/claim/{palmyra.claims[0]['id']}",
        "/changes",
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_page_of_the_records_has_a_serious_accessibility_violation(
    page: Page, palmyra: Palmyra, language: str
) -> None:
    page.goto(f"/?lang={language}")
    found = {}
    for path in record_pages(palmyra):
        page.goto(path)
        found[path] = axe_violations(page)

    assert {path: rules for path, rules in found.items() if rules} == {}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_maps_with_numbered_circles_have_no_serious_accessibility_violation(
    page: Page, live_server: LiveServer, session: Session, language: str
) -> None:
    place_sites(session)
    page.goto(f"/map?lang={language}")
    found = {"/map": axe_violations(page)}
    cluster = page.get_by_role("figure").get_by_role("link").filter(has_text="3")
    with page.expect_navigation():
        cluster.click()
    found[page.url] = axe_violations(page)

    assert {path: rules for path, rules in found.items() if rules} == {}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_page_of_the_team_has_a_serious_accessibility_violation(
    page: Page,
    palmyra: Palmyra,
    live_server: LiveServer,
    session: Session,
    people: People,
    language: str,
) -> None:
    # Something waits for review: a claim the admin changed.
    admin = api_client(live_server.app, session, people("admin")["admin"])
    claim = f"/api/v1/claims/{palmyra.claims[0]['id']}"
    assert patch(admin, claim, {"summary": "Changed, waiting for review."}).status_code == 200
    sign_in(page, "reviewer")
    page.goto(f"/?lang={language}")
    found = {}
    for path in (
        "/",
        "/review",
        "/changes",
        "/account",
        f"/history/claim/{palmyra.claims[0]['id']}",
    ):
        page.goto(path)
        found[path] = axe_violations(page)

    assert {path: rules for path, rules in found.items() if rules} == {}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_form_has_a_serious_accessibility_violation(
    page: Page, palmyra: Palmyra, language: str
) -> None:
    sign_in(page, "editor")
    page.goto(f"/?lang={language}")
    found = {}
    for path in (
        "/sites/new",
        "/actors/new",
        "/sources/new",
        "/articles/new",
        "/events/new",
        f"/articles/{palmyra.article['id']}/claims/new",
        f"/sites/{palmyra.temple['id']}/edit",
        f"/articles/{palmyra.article['id']}/edit",
    ):
        page.goto(path)
        found[path] = axe_violations(page)
    # A form sent empty: its problems shown beside its fields.
    page.goto("/events/new")
    with page.expect_navigation():
        page.locator("#save").click()
    found["/events/new, sent empty"] = axe_violations(page)

    assert {path: rules for path, rules in found.items() if rules} == {}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_refused_saved_page_and_a_near_copy_proposal_have_no_serious_violation(
    page: Page,
    live_server: LiveServer,
    session: Session,
    people: People,
    palmyra: Palmyra,
    language: str,
) -> None:
    editor = api_client(live_server.app, session, people("editor")["editor"])
    copy = editor.post(
        "/api/v1/articles",
        json={
            "publisher_id": palmyra.observatory["id"],
            "title": "A copy of the wire story",
            "url": f"https://copies.example.org/temple-{language}",
            "published": "2015-09-01",
            "text": article_text("") + " Reporting by our desk, with agencies.",
        },
    ).get_json()
    sign_in(page, "editor")
    page.goto(f"/?lang={language}")
    found = {}

    page.goto(f"/articles/{copy['id']}")
    expect(page.locator("#near-copy")).to_be_visible()
    found["article page, a near copy proposed"] = axe_violations(page)
    page.goto(f"/articles/{copy['id']}/edit")
    expect(page.locator("#near-copy")).to_be_visible()
    found["article form, a near copy proposed"] = axe_violations(page)
    page.goto("/articles/new")
    page.locator("#f-title").fill("A page that is no page")
    page.locator("#f-text_html").set_input_files(
        files=[{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7"}]
    )
    with page.expect_navigation():
        page.locator("#save").click()
    expect(page.locator("#problems-text")).to_be_visible()
    found["article form, a saved page refused"] = axe_violations(page)

    assert {where: rules for where, rules in found.items() if rules} == {}
