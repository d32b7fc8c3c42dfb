"""The data the journeys meet, recorded through the API as its clients would: Palmyra and its
Temple of Bel (معبد بل), the article that reported the temple's destruction, and two sources
who disagree about it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from heritage.auth import SYSTEM
from heritage.services import accounts
from tests.api.helpers import created, published

AFFIRMING_QUOTE = "the militants blew up the Temple of Bel on Sunday"
DISPUTING_QUOTE = "the temple still stands"


def article_text(said: str) -> str:
    return (
        "Palmyra, 31 August 2015. The Syrian Observatory for Human Rights said"
        f" {AFFIRMING_QUOTE}{said}. A local official said {DISPUTING_QUOTE}{said}."
    )


@dataclass
class Palmyra:
    city: dict[str, Any]
    temple: dict[str, Any]
    isil: dict[str, Any]
    publisher: dict[str, Any]
    observatory: dict[str, Any]
    article: dict[str, Any]
    event: dict[str, Any]
    claims: list[dict[str, Any]]


def api_client(app: Flask, session: Session, user_id: int) -> FlaskClient:
    """A client of the API with a bearer token of the user's."""
    token, _ = accounts.create_token(session, SYSTEM, user_id, name="browser tests")
    session.commit()
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def record_palmyra(
    editor: FlaskClient, reviewer: FlaskClient, said: str = "", named: str = ""
) -> Palmyra:
    """Palmyra, its temple, the temple's destruction and two published claims about it, one
    affirming, one disputing. `said` is added to every text a person typed (quotes, article
    text, descriptions, summaries), `named` to every name: the hostile-text test
    puts its payloads there."""
    text = article_text(said)
    city = created(
        editor,
        "sites",
        {
            "name": "Palmyra" + named,
            "kind": "city",
            "names": [{"name": "تدمر", "lang": "ar", "type": "alternative"}],
        },
    )
    temple = created(
        editor,
        "sites",
        {
            "name": "Temple of Bel" + named,
            "kind": "temple",
            "parent_id": city["id"],
            "names": [{"name": "معبد بل" + named, "lang": "ar", "type": "alternative"}],
            "description": "The best-preserved temple of Palmyra." + said,
        },
    )
    isil = created(editor, "actors", {"name": "ISIL" + named, "aliases": ["Daesh" + named]})
    publisher = created(editor, "sources", {"name": "Example Wire" + named, "kind": "organisation"})
    observatory = created(
        editor,
        "sources",
        {"name": "Syrian Observatory for Human Rights" + named, "kind": "organisation"},
    )
    article = created(
        editor,
        "articles",
        {
            "publisher_id": publisher["id"],
            "title": "Temple of Bel reported destroyed" + said,
            "url": "https://news.example.org/2015/08/31/temple-of-bel",
            "published": "2015-08-31",
            "language": "en",
            "text": text,
        },
    )
    event = published(
        editor,
        reviewer,
        "events",
        {
            "type": "destroyed",
            "date": "2015-08-30",
            "site_ids": [temple["id"]],
            "actors": [{"actor_id": isil["id"], "role": "perpetrator"}],
            "description": "Blown up with explosives." + said,
        },
    )
    claims = [
        published(
            editor,
            reviewer,
            "claims",
            {
                "article_id": article["id"],
                "event_id": event["id"],
                "stance": stance,
                "speaker_id": observatory["id"] if stance == "affirms" else None,
                "quote": quote + said,
                "quote_start": text.index(quote + said),
                "quote_end": text.index(quote + said) + len(quote + said),
                "summary": summary + said,
            },
        )
        for stance, quote, summary in (
            ("affirms", AFFIRMING_QUOTE, "The Observatory says the temple was blown up."),
            ("disputes", DISPUTING_QUOTE, "An official says it stands."),
        )
    ]
    return Palmyra(city, temple, isil, publisher, observatory, article, event, claims)
