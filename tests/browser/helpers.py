"""What the browser tests share: the served app's address, accessibility checks with axe-core,
readers with passwords, and signing in as a person would."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from flask import Flask
from playwright.sync_api import Page
from sqlalchemy.orm import Session

import api.web
from heritage.auth import SYSTEM
from heritage.services import accounts
from tests.web.helpers import PASSWORD as PASSWORD  # the tests' one password

CATALOG = Path(api.web.__file__).parent / "translations" / "ar" / "LC_MESSAGES" / "messages.po"
AXE = Path(__file__).parents[1] / "vendor" / "axe-core" / "axe.min.js"
GRAVE = ("serious", "critical")
# The keyboard journey's count (keystrokes outside free text while recording, characters of
# free text, keystrokes to send what was recorded to review), for the run's summary.
KEYSTROKES: list[tuple[int, int, int]] = []


People = Callable[..., dict[str, int]]


@dataclass(frozen=True)
class LiveServer:
    url: str
    app: Flask


@functools.cache
def _arabic_catalog() -> dict[str, str]:
    with CATALOG.open("rb") as stored:
        return {message.id: message.string for message in read_po(stored) if message.id}


def arabic(english: str) -> str:
    """The interface's Arabic for an English string, as its catalog gives it."""
    return _arabic_catalog()[english]


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The serious and critical accessibility violations axe-core finds in the page as it
    is now: each rule's id, impact, help text and the elements that break it.

    The source is evaluated through the DevTools protocol, which the page's
    Content-Security-Policy does not govern: the page is checked under its own policy,
    with nothing relaxed."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    found: list[dict[str, Any]] = page.evaluate(
        """async (grave) => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations
                .filter((rule) => grave.includes(rule.impact))
                .map((rule) => ({
                    id: rule.id,
                    impact: rule.impact,
                    help: rule.help,
                    nodes: rule.nodes.map((node) => node.target.join(" ")),
                }));
        }""",
        list(GRAVE),
    )
    return found


def create_person(session: Session, role: str) -> int:
    """A user with a password, named after their role ("editor", shown as "Editor"): their
    id. One at a time: each password is hashed with argon2, which takes its time."""
    data = {"username": role, "role": role, "display_name": role.title(), "password": PASSWORD}
    user_id = accounts.create_user(session, SYSTEM, data).id
    session.commit()
    return user_id


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the form, as a person with a mouse would (the keyboard's way is a
    journey of its own), and wait for the page it leads to."""
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
