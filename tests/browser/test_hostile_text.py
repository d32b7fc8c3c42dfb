"""Hostile text stored in names, titles, quotes and article text is shown as text on every
page that shows it: no script of it runs, no link of it is followed, and its right-to-left
override turns nothing around it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page
from sqlalchemy import update
from sqlalchemy.orm import Session

from heritage.models import Article
from tests.browser.helpers import LiveServer, People, sign_in
from tests.browser.world import Palmyra, api_client, record_palmyra

SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = '<img src=x onerror="window.__pwned=1">'
LINK = "javascript:window.__pwned=1"
OVERRIDE = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "evil.exe" would read "exe.live"
# Names refuse bidirectional controls (tests/api/test_spoofing.py); free text keeps them.
NAMED = f" {SCRIPT}{IMAGE} {LINK}"
SAID = f"{NAMED} {OVERRIDE}evil.exe"

SEEN_AS_TEXT = """() => ({
    pwned: typeof window.__pwned,
    scripts: [...document.scripts].filter((script) => !script.src).length,
    handlers: document.querySelectorAll("[onerror], [onload], [onclick]").length,
    followable: [...document.querySelectorAll("[href], [src], [action], [formaction]")]
        .map((element) => element.getAttribute("href") ?? element.getAttribute("src")
            ?? element.getAttribute("action") ?? element.getAttribute("formaction"))
        .filter((url) => /^\\s*javascript:/i.test(url)),
    text: document.body.innerText,
})"""

# Each text node holding the override, and whether it is isolated: inside an element with a
# direction of its own (dir="auto", or the name's language's), not only the page's.
UNISOLATED_OVERRIDES = """() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.data.includes("\\u202e")) continue;
        const own = node.parentElement.closest("[dir]");
        if (own === null || own === document.documentElement) found.push(node.data);
    }
    return found;
}"""


@pytest.fixture
def hostile(live_server: LiveServer, session: Session, people: People) -> Iterator[Palmyra]:
    ids = people("editor", "reviewer")
    app = live_server.app
    editor = api_client(app, session, ids["editor"])
    palmyra = record_palmyra(editor, api_client(app, session, ids["reviewer"]), SAID, NAMED)
    # The API refuses a javascript: address; one stored before that rule (an old import,
    # a hand-edited database) must still never become a link.
    refused = editor.patch(
        f"/api/v1/articles/{palmyra.article['id']}",
        json={"url": LINK},
        headers={
            "If-Match": editor.get(f"/api/v1/articles/{palmyra.article['id']}").headers["ETag"]
        },
    )
    assert refused.status_code == 422
    session.execute(update(Article).where(Article.id == palmyra.article["id"]).values(url=LINK))
    session.commit()
    yield palmyra


def public_pages(palmyra: Palmyra) -> list[str]:
    return [
        "/",
        "/sites",
        "/sites?q=Temple",
        "/map",
        f"/sites/{palmyra.city['id']}",
        f"/sites/{palmyra.temple['id']}",
        f"/events/{palmyra.event['id']}",
        f"/articles/{palmyra.article['id']}",
        f"/actors/{palmyra.isil['id']}",
        f"/sources/{palmyra.publisher['id']}",
        f"/sources/{palmyra.observatory['id']}",
        f"/history/claim/{palmyra.claims[0]['id']}",
        "/changes",
    ]


def assert_shown_as_text(page: Page, path: str, console: list[str]) -> str:
    """Load the page and check nothing hostile ran or became markup; its text."""
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    seen = page.evaluate(SEEN_AS_TEXT)
    assert seen["pwned"] == "undefined", path
    assert seen["scripts"] == 0 and seen["handlers"] == 0, path
    assert seen["followable"] == [], path
    assert page.evaluate(UNISOLATED_OVERRIDES) == [], path
    refused = [line for line in console if "Content Security Policy" in line]
    assert refused == [], f"{path}: the page tried to run a script from its data: {refused}"
    text: str = seen["text"]
    return text


@pytest.mark.parametrize("language", ["en", "ar"])
def test_hostile_text_is_shown_as_text_on_every_public_page(
    page: Page, hostile: Palmyra, console: list[str], language: str
) -> None:
    page.goto(f"/?lang={language}")
    shown_somewhere = set()
    for path in public_pages(hostile):
        text = assert_shown_as_text(page, path, console)
        shown_somewhere |= {part for part in (SCRIPT, IMAGE, LINK, OVERRIDE) if part in text}

    assert shown_somewhere == {SCRIPT, IMAGE, LINK, OVERRIDE}  # shown, as text
    page.wait_for_timeout(300)  # a late report of a refused script still counts
    assert [line for line in console if "Content Security Policy" in line] == []


def test_hostile_text_is_shown_as_text_to_the_team_on_the_review_desk_and_changes(
    page: Page,
    hostile: Palmyra,
    console: list[str],
    live_server: LiveServer,
    session: Session,
    people: People,
) -> None:
    editor = api_client(live_server.app, session, people("editor")["editor"])
    draft = editor.post(
        "/api/v1/claims",
        json={
            "article_id": hostile.article["id"],
            "event_id": hostile.event["id"],
            "stance": "affirms",
            "summary": "A draft" + SAID,
        },
    )
    assert draft.status_code == 201, draft.get_json()
    claim = f"/api/v1/claims/{draft.get_json()['id']}"
    etag = editor.get(claim).headers["ETag"]
    assert editor.post(f"{claim}/submit", json={}, headers={"If-Match": etag}).status_code == 200

    sign_in(page, "reviewer")
    for path in ("/review", "/changes", f"/history/claim/{draft.get_json()['id']}"):
        text = assert_shown_as_text(page, path, console)
        assert SCRIPT in text and IMAGE in text, path
    assert "A draft" in page.content()
    page.wait_for_timeout(300)  # a late report of a refused script still counts
    assert [line for line in console if "Content Security Policy" in line] == []
