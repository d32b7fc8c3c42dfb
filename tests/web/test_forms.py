"""The editors' forms: every record made and changed through its form, the service's
problems shown beside the fields they name with everything typed kept, dates read back as
they are typed, pickers, drafts that outlive a session, and stale saves merged."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import SYSTEM
from heritage.models import Actor, Article, Claim, Event, FormDraft, Site, Source
from heritage.services import sites
from tests.api.conftest import snapshot
from tests.heritage import builders as b
from tests.web.helpers import csrf_token, sign_in

World = dict[str, Any]


@pytest.fixture
def world(session: Session, people: dict[str, int]) -> World:
    """Palmyra with its temple (also named in Arabic), ISIL (alias داعش), a wire agency and
    one of its articles with its text, and a draft destruction of the temple."""
    palmyra = b.site(session, "Palmyra", "city")
    temple = b.site(
        session,
        "Temple of Bel",
        "temple",
        parent=palmyra,
        names=[{"name": "معبد بل", "lang": "ar"}],
    )
    isil = b.actor(session, "ISIL", aliases=["ISIS", "داعش"])
    wire = b.source(session, "Example Wire")
    article = b.article(
        session,
        wire,
        text="Witnesses said the temple 🏛 was blown up on Sunday by the militants.",
    )
    event = b.event(session, temple, "destroyed", "2015-08-30", status=None)
    session.commit()
    return {
        "palmyra": palmyra.id,
        "temple": temple.id,
        "isil": isil.id,
        "wire": wire.id,
        "article": article.id,
        "event": event.id,
    }


def page_text(response: Any) -> str:
    return unescape(response.get_data(as_text=True))


def post(client: FlaskClient, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data})


def field_block(html: str, name: str) -> str:
    """The markup of one field on a form page (its label, inputs and problems)."""
    found = re.search(
        rf'<(div|fieldset) class="field[^"]*" id="field-{re.escape(name)}".*?</\1>', html, re.S
    )
    assert found, f"no field {name}"
    return unescape(found.group(0))


def engine_of(app: Flask) -> Any:
    return app.extensions["heritage.engine"]


# --- Creating each record through its form -------------------------------------------------


def test_an_editor_creates_a_site_with_arabic_names_and_digits(
    editor: FlaskClient, session: Session, world: World
) -> None:
    response = post(
        editor,
        "/sites/new",
        {
            "name": "Baalshamin",
            "kind": "temple",
            "parent_id": str(world["palmyra"]),
            "names.0.name": "معبد بعل شمين",
            "names.0.lang": "ar",
            "location.latitude": "٣٤٫٥٥",
            "location.longitude": "38.27",
            "restricted": "0",
        },
    )

    assert response.status_code == 303, page_text(response)
    site = session.scalars(select(Site).where(Site.name == "Baalshamin")).one()
    assert response.headers["Location"].endswith(f"/sites/{site.id}/edit?saved=1")
    assert [n.name for n in site.names] == ["معبد بعل شمين"]
    assert (site.parent_id, round(site.latitude or 0, 2)) == (world["palmyra"], 34.55)


def test_an_editor_creates_an_actor_a_source_and_an_article(
    editor: FlaskClient, session: Session, world: World
) -> None:
    assert post(editor, "/actors/new", {"name": "Syrian Army", "aliases": "SAA\nالجيش"}).status_code == 303
    army = session.scalars(select(Actor).where(Actor.name == "Syrian Army")).one()
    assert [a.alias for a in army.aliases] == ["SAA", "الجيش"]

    response = post(
        editor,
        "/sources/new",
        {"name": "SANA", "kind": "organisation", "actor_id": str(army.id)},
    )
    assert response.status_code == 303, page_text(response)
    sana = session.scalars(select(Source).where(Source.name == "SANA")).one()
    assert sana.actor_id == army.id

    response = post(
        editor,
        "/articles/new",
        {
            "url": "https://sana.sy/en/?p=1",
            "publisher_id": str(sana.id),
            "title": "Palmyra recaptured",
            "published": "٢٠١٦-٠٣-٢٧",
            "language": "en",
            "text": "The army said\r\nit holds the city.",
        },
    )
    assert response.status_code == 303, page_text(response)
    article = session.scalars(select(Article).where(Article.title == "Palmyra recaptured")).one()
    # The browser's CRLF is the line break the editor typed: the text keeps it as LF.
    assert article.text == "The army said\nit holds the city."
    assert str(article.published) == "2016-03-27"


def test_an_editor_records_an_event_and_a_claim_quoted_from_the_text(
    editor: FlaskClient, session: Session, world: World
) -> None:
    response = post(
        editor,
        "/events/new",
        {
            "type": "damaged",
            "date": "٢٠١٥-٠٨-٢٣/٢٠١٥-٠٨-٣٠",
            "site_ids": [str(world["temple"]), str(world["palmyra"])],
            "actors.0.actor_id": str(world["isil"]),
            "actors.0.role": "perpetrator",
            "actors.1.actor_id": "",
            "actors.1.role": "",
        },
    )
    assert response.status_code == 303, page_text(response)
    event = session.scalars(select(Event).where(Event.type == "damaged")).one()
    assert event.date_edtf == "2015-08-23/2015-08-30"
    assert sorted(s.site_id for s in event.sites) == sorted([world["temple"], world["palmyra"]])

    form = f"/articles/{world['article']}/claims/new"
    page = page_text(editor.get(form))
    assert 'id="article-text"' in page and "the temple 🏛 was blown up" in page
    # The offsets the form's script fills in count code points: the emoji is one.
    text = session.get(Article, world["article"]).text  # type: ignore[union-attr]
    quote = "was blown up on Sunday"
    start = text.index(quote)
    response = post(
        editor,
        form,
        {
            "article_id": str(world["article"]),
            "event_id": str(event.id),
            "stance": "affirms",
            "speaker_id": str(world["wire"]),
            "quote": quote,
            "quote_start": str(start),
            "quote_end": str(start + len(quote)),
            "basis": "eyewitness",
            "stated_date": "2015-08-30",
            "stated_actor_id": str(world["isil"]),
        },
    )
    assert response.status_code == 303, page_text(response)
    claim = session.scalars(select(Claim).where(Claim.event_id == event.id)).one()
    assert (claim.quote, claim.quote_start, claim.speaker_id) == (quote, start, world["wire"])
    assert text[claim.quote_start : claim.quote_end] == quote  # type: ignore[misc]
