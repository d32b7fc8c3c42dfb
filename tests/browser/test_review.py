"""A reviewer at the desk: reads what changed against the published version, field by field,
and publishes it; the public then reads the new version."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from tests.api.helpers import patch
from tests.browser.helpers import LiveServer, People, sign_in
from tests.browser.world import Palmyra, api_client

NEW_SUMMARY = "The Observatory says the temple was blown up with barrels of explosives."


def test_a_reviewer_sees_what_changed_field_by_field_and_publishes_it(
    page: Page, palmyra: Palmyra, live_server: LiveServer, session: Session, people: People
) -> None:
    # A published claim changes under another reviewer's hand (an admin's), which sends it
    # back to review.
    admin = api_client(live_server.app, session, people("admin")["admin"])
    claim = palmyra.claims[0]
    assert (
        patch(admin, f"/api/v1/claims/{claim['id']}", {"summary": NEW_SUMMARY}).status_code == 200
    )

    sign_in(page, "reviewer")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Review", exact=True
    ).click()
    item = page.get_by_role("article").filter(
        has=page.get_by_role("link", name=f"Claim {claim['id']}", exact=True)
    )
    changed = item.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Summary"))
    expect(changed.get_by_role("cell")).to_have_text([claim["summary"], NEW_SUMMARY])
    item.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("status")).to_have_text(f"Claim {claim['id']} is published.")
    expect(page.get_by_text("Nothing waits for review.")).to_be_visible()
    page.goto(f"/sites/{palmyra.temple['id']}")
    expect(page.get_by_text(NEW_SUMMARY)).to_be_visible()


def test_a_reviewer_cannot_publish_their_own_change_and_is_told_why(
    page: Page, palmyra: Palmyra, live_server: LiveServer, session: Session, people: People
) -> None:
    reviewer = api_client(live_server.app, session, people("reviewer")["reviewer"])
    claim = palmyra.claims[1]
    where = f"/api/v1/claims/{claim['id']}"
    assert patch(reviewer, where, {"summary": "Changed by the reviewer."}).status_code == 200

    sign_in(page, "reviewer")
    page.goto("/review")
    item = page.get_by_role("article").filter(
        has=page.get_by_role("link", name=f"Claim {claim['id']}", exact=True)
    )
    item.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("alert")).to_contain_text("another reviewer must publish it")
    expect(item.get_by_role("button", name="Publish")).to_be_visible()  # still waiting
