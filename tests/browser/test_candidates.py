"""An editor reviews the extractor's candidate claims in a browser: extracts them from the
article's page, accepts one, sees a refused one's problem beside its field, in English and
in Arabic, with no serious accessibility violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from heritage.demo import load_demo
from tests.browser.helpers import LiveServer, People, arabic, axe_violations, sign_in
from tests.heritage.extraction.helpers import archive_retold


@pytest.fixture
def article_id(live_server: LiveServer, session: Session, people: People) -> int:
    people("editor")
    load_demo(session)
    made = archive_retold(session)
    session.commit()
    return made.id


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_editor_extracts_accepts_and_is_refused_in_place(
    page: Page, article_id: int, language: str
) -> None:
    said = arabic if language == "ar" else str
    sign_in(page, "editor")
    page.goto(f"/articles/{article_id}?lang={language}")
    with page.expect_navigation():
        page.get_by_role("button", name=said("Extract candidate claims")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(said("Candidate claims"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    found = {"listed": axe_violations(page)}

    prison = page.locator("article.candidate").filter(has_text="Tadmur prison")
    with page.expect_navigation():
        prison.get_by_role("button", name=said("Accept"), exact=True).click()
    draft_claim = re.compile(said("draft claim %(id)s").replace("%(id)s", r"\d+"))
    expect(page.get_by_role("status").get_by_role("link", name=draft_claim)).to_be_visible()
    expect(page.locator("article.candidate").filter(has_text="Tadmur prison")).to_have_count(0)

    monuments = page.locator("article.candidate").filter(has_text="«several of its most famous")
    with page.expect_navigation():
        monuments.get_by_role("button", name=said("Accept"), exact=True).click()
    refused = page.locator("article.candidate").filter(has_text="«several of its most famous")
    site = refused.get_by_role("combobox", name=said("Site"), exact=True)
    expect(site).to_be_visible()  # its form opened, the problem beside the site
    expect(site).to_have_attribute("aria-invalid", "true")
    found["refused"] = axe_violations(page)

    assert {state: rules for state, rules in found.items() if rules} == {}
