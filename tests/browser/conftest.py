"""The web app served on the test database for a real browser: Debian's Chromium driven by
Playwright (`playwright install` is never needed: the browser is the system's).

Without a Chromium (HERITAGE_CHROMIUM, or /usr/bin/chromium) the browser tests are skipped,
and the summary says so loudly; under CI (the CI variable set) a missing browser fails them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from api.app import create_app
from tests.browser.helpers import KEYSTROKES, LiveServer, People, create_person
from tests.browser.world import Palmyra, api_client, record_palmyra

TIMEOUT_MS = 15_000  # a shared two-core machine: generous, but a missing element still fails
_NOT_RUN: list[str] = []


def chromium_path() -> Path:
    return Path(os.environ.get("HERITAGE_CHROMIUM") or "/usr/bin/chromium")


def _missing_browser() -> str | None:
    path = chromium_path()
    if path.is_file() and os.access(path, os.X_OK):
        return None
    return (
        f"no Chromium at {path}: install Debian's chromium (apt-get install chromium)"
        " or set HERITAGE_CHROMIUM to a Chromium executable"
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    missing = _missing_browser()
    if missing is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the browser tests must run under CI, but {missing}", pytrace=False)
        if missing not in _NOT_RUN:
            _NOT_RUN.append(missing)
        pytest.skip(f"BROWSER TESTS NOT RUN: {missing}")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium_path()))
        yield launched
        launched.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for reason in _NOT_RUN:
        terminalreporter.write_sep("!", f"BROWSER TESTS NOT RUN: {reason}", red=True, bold=True)
    for counted, free_text, submitting in KEYSTROKES:
        terminalreporter.write_line(
            f"An article, an event and two claims by keyboard: {counted} keystrokes outside"
            f" free text (goal: 40 or fewer), +{submitting} to submit for review,"
            f" {free_text} characters of free text."
        )


@pytest.fixture
def app(database_url: str, session_factory: object) -> Iterator[Flask]:
    """The app as it is served: not in TESTING mode, so a failing view gets the app's own
    error page, as a reader would see it."""
    app = create_app({"DATABASE_URL": database_url})
    yield app
    # After the server stopped: no pooled connection outlives the test, whose tables the
    # session_factory fixture empties next.
    app.extensions["heritage.engine"].dispose()


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", app)
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    """A fresh browser profile per test (no cookies, no storage), closed before the server
    stops so no connection of it is left open."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def console(context: BrowserContext) -> list[str]:
    """What the pages of the test's context wrote to the console, and their uncaught
    errors: a test may assert on it."""
    messages: list[str] = []

    def record(message: ConsoleMessage) -> None:
        messages.append(f"{message.type}: {message.text}")

    def attach(page: Page) -> None:
        page.on("console", record)
        page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))

    context.on("page", attach)
    return messages


@pytest.fixture
def page(context: BrowserContext, console: list[str]) -> Page:
    return context.new_page()


@pytest.fixture
def people(session: Session) -> People:
    """Creates users with passwords for the roles named, once each:
    `people("editor", "reviewer")` gives their ids by user name."""
    ids: dict[str, int] = {}

    def create(*roles: str) -> dict[str, int]:
        for role in roles:
            if role not in ids:
                ids[role] = create_person(session, role)
        return {role: ids[role] for role in roles}

    return create


@pytest.fixture
def palmyra(live_server: LiveServer, session: Session, people: People) -> Palmyra:
    """Palmyra and its temple with a destruction two published claims disagree about,
    recorded by the editor and published by the reviewer (both can sign in)."""
    ids = people("editor", "reviewer")
    app = live_server.app
    return record_palmyra(
        api_client(app, session, ids["editor"]), api_client(app, session, ids["reviewer"])
    )
