"""Screenshots of every page of the web app in English and in Arabic, on the Palmyra demo
data, drawn by Debian's Chromium: to look at the pages as readers see them.

    .venv/bin/python -m bench.screenshots [--out /tmp/browser-shots]

It loads the demo into a new SQLite file, adds a reviewer with a password (for the team's
pages and the forms), serves the app on a free port and saves <page>-<language>.png for
each page, printing each page's status. The browser is HERITAGE_CHROMIUM or
/usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from api.app import create_app
from heritage import migrate
from heritage.auth import SYSTEM
from heritage.db import make_engine, make_session_factory
from heritage.demo import load_demo
from heritage.models import Actor, Article, Event, EventSite, Site, Source
from heritage.services import accounts, articles, candidates, reports

PASSWORD = "screenshots of every page"


def _key(session: Session, model: type[Site] | type[Actor] | type[Source], key: str) -> int:
    found: int = session.scalars(select(model.id).where(model.key == key)).one()
    return found


def pages(session: Session) -> tuple[dict[str, str], dict[str, str]]:
    """The public pages and the team's, by the name of their screenshot; a quarterly
    report of 2015-Q3 issued for the reports' pages."""
    quarterly = reports.DefinitionInput("Palmyra quarterly", "quarterly", "public", "en")
    definition = reports.define_report(session, SYSTEM, quarterly, dt.date(2015, 1, 1))
    issued = reports.issue_report(session, SYSTEM, definition.id, "2015-Q3", dt.date(2015, 10, 2))
    temple = _key(session, Site, "temple-of-bel")
    article = session.scalars(select(Article.id).order_by(Article.id)).first()
    retold = _article_with_candidates(session)
    event = session.scalars(
        select(Event.id).join(EventSite).where(EventSite.site_id == temple).order_by(Event.id)
    ).first()
    public = {
        "home": "/",
        "sites": "/sites",
        "search-arabic": "/sites?q=%D9%85%D8%B9%D8%A8%D8%AF%20%D8%A8%D9%84",  # معبد بل
        "map": "/map",
        "site-temple-of-bel": f"/sites/{temple}",
        "site-on-a-date": f"/sites/{temple}?at=2015-09-01&known_at=2015-09-01",
        "event": f"/events/{event}",
        "article": f"/articles/{article}",
        "actor-isil": f"/actors/{_key(session, Actor, 'isil')}",
        "source-sohr": f"/sources/{_key(session, Source, 'sohr')}",
        "reports": "/reports",
        "report-2015-q3": f"/reports/{issued.issue.id}",
        "login": "/login",
        "not-found": "/nowhere",
    }
    team = {
        "review": "/review",
        "changes": "/changes",
        "account": "/account",
        "history": f"/history/event/{event}",
        "new-article": "/articles/new",
        "new-event": "/events/new",
        "new-claim": f"/articles/{article}/claims/new",
        "edit-site": f"/sites/{temple}/edit",
        "article-with-text": f"/articles/{retold}",
        "candidates": f"/articles/{retold}/candidates",
    }
    return public, team


def _article_with_candidates(session: Session) -> int:
    """The seed's facts retold in our words (tests/texts), archived as an article of the
    demo's Al Jazeera, with the extractor's candidate claims waiting for a decision."""
    text = (Path(__file__).parents[1] / "tests/texts/palmyra-retaken-retold.txt").read_text()
    article = articles.create_article(
        session,
        SYSTEM,
        {
            "publisher_id": _key(session, Source, "al-jazeera"),
            "title": "Government troops retake Palmyra",
            "url": "https://example.org/palmyra-retaken-retold",
            "published": dt.date(2016, 3, 27),
            "language": "en",
            "text": text,
        },
    )
    candidates.extract_candidates(session, SYSTEM, article.id)
    return article.id


def shoot(page: Page, base: str, shots: dict[str, str], language: str, out: Path) -> None:
    for name, path in shots.items():
        response = page.goto(base + path)
        status = response.status if response else "no response"
        target = out / f"{name}-{language}.png"
        page.screenshot(path=target, full_page=True)
        print(f"{status}  {path}  ->  {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/browser-shots"))
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("HERITAGE_CHROMIUM") or "/usr/bin/chromium"
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # each page's status is printed

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/demo.db"
        engine = make_engine(url)
        migrate.upgrade(engine)
        with make_session_factory(engine)() as session:
            load_demo(session)
            person = {"username": "reviewer", "role": "reviewer", "password": PASSWORD}
            accounts.create_user(session, SYSTEM, person)
            public, team = pages(session)
            session.commit()
        engine.dispose()

        server = make_server("127.0.0.1", 0, create_app({"DATABASE_URL": url}), threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium)
                for language in ("en", "ar"):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    page.goto(f"{base}/?lang={language}")  # remembered for the session
                    shoot(page, base, public, language, arguments.out)
                    page.goto(f"{base}/login")
                    page.locator("#username").fill("reviewer")
                    page.locator("#password").fill(PASSWORD)
                    with page.expect_navigation():
                        page.locator("#password").press("Enter")
                    shoot(page, base, team, language, arguments.out)
                    context.close()
                browser.close()
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    main()
