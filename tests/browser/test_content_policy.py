"""The pages' own Content-Security-Policy, as a real browser enforces it: a script that got
into a page anyway does not run, and no page asks another origin for anything."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, Request

from tests.browser.helpers import LiveServer, People, sign_in

SLIPPED_IN = """() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation",
        (event) => window.__violations.push(event.violatedDirective));
    const script = document.createElement("script");
    script.textContent = "window.__pwned = 1";
    document.body.append(script);
    const image = document.createElement("img");
    image.setAttribute("src", "/nowhere.png");
    image.setAttribute("onerror", "window.__pwned = 2");
    document.body.append(image);
}"""


def refused_scripts(console: list[str]) -> list[str]:
    """The console's reports of a script the page's policy refused to run."""
    return [line for line in console if "Content Security Policy" in line]


def test_a_script_slipped_into_a_page_is_refused_by_its_policy(
    page: Page, console: list[str]
) -> None:
    for path in ("/", "/login?lang=ar", "/nowhere"):
        page.goto(path)
        page.evaluate(SLIPPED_IN)
        page.wait_for_function("window.__violations.length >= 2")

        assert page.evaluate("window.__pwned") is None
        violated = sorted(page.evaluate("window.__violations"))
        assert violated == ["script-src-attr", "script-src-elem"]
    # The console's reports arrive on their own time: give them a moment.
    for _ in range(50):
        if len(refused_scripts(console)) >= 6:
            break
        page.wait_for_timeout(100)
    assert len(refused_scripts(console)) == 6, console


def test_no_page_asks_another_origin_for_anything(
    context: BrowserContext, page: Page, live_server: LiveServer, people: People
) -> None:
    asked: list[str] = []

    def record(request: Request) -> None:
        asked.append(request.url)

    context.on("request", record)
    people("editor")
    for path in ("/", "/login", "/nowhere"):
        page.goto(path)
    sign_in(page, "editor")
    page.goto("/?lang=ar")

    assert asked and all(url.startswith(live_server.url + "/") for url in asked), asked
