"""The served history, byte for byte: what clients read does not change with the code
that builds it.

`demo_histories.txt.gz` holds every history below as main served it when the history was
still assembled as a dict (commit 279eb1b): the demo's sites, each asked plainly, at
dates, as known at dates and with its descendants, anonymously and by an editor with
drafts. On top of the demo, so that every part of the wire form occurs: a restricted
site, a reviewer's grade override, and an editor's drafts (an assessment, claims with a
quote, a stated date and actor, fractional figures, and one on a published event naming
another actor at another date).

When the history's wire form changes on purpose (a new field), regenerate the file with
`HERITAGE_WRITE_HISTORIES=1 .venv/bin/pytest tests/api/test_history_bytes.py` and read
its diff (`zdiff`): only the intended change may appear.
"""

from __future__ import annotations

import gzip
import os
from dataclasses import fields
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from api.schemas import (
    DateSchema,
    FlagSchema,
    HistoricDateSchema,
    HistoryActorSchema,
    HistoryClaimSchema,
    HistoryEventSchema,
    HistorySiteSchema,
    IdentifierSchema,
    PublisherArticleSchema,
    ReferenceSchema,
    SiteNameSchema,
    StateAtSchema,
)
from heritage.dates import DateText, EdtfDate
from heritage.db import Base
from heritage.demo import load_demo
from heritage.grading import Flag
from heritage.history import (
    ActorRef,
    ArticleRef,
    HistoryClaim,
    HistoryEvent,
    HistorySite,
    IdentifierEntry,
    NameEntry,
    Participant,
    SourceRef,
    StateAt,
)
from heritage.models import Actor, Article, Event, Site, Source
from tests.api.conftest import signed_in
from tests.api.helpers import created, patch

GOLDEN = Path(__file__).with_name("demo_histories.txt.gz")

QUESTIONS = [
    "",
    "at=2015-05-01",
    "at=2015-09-01",
    "at=2016-04-15",
    "known_at=2015-08-25",
    "known_at=2015-06-01&at=2015-06-01",
    "include=descendants",
    "include=descendants&at=2016-04-15&known_at=2016-03-28",
]


def _restart_ids(engine: Engine) -> None:
    """New records numbered from 1 on either engine (SQLite numbers from the largest id
    there is, PostgreSQL's sequences run on past emptied tables), so ids in the histories
    are the same on every run."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            if "id" in table.c and table.c.id.autoincrement in (True, "auto"):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
                        f" (SELECT coalesce(max(id), 0) + 1 FROM {table.name}), false)"
                    )
                )


def _id(session: Session, model: Any, key: str) -> int:
    found: int = session.scalar(select(model.id).where(model.key == key))
    return found


def _add_what_the_demo_lacks(session: Session, editor: FlaskClient, reviewer: FlaskClient) -> None:
    temple = _id(session, Site, "temple-of-bel")
    assert patch(editor, f"/api/v1/sites/{temple}", {"restricted": True}).status_code == 200
    destruction = _id(session, Event, "temple-of-bel-destroyed-2015")
    override = {"grade_override": "confirmed", "grade_override_reason": "Satellite imagery."}
    assert patch(reviewer, f"/api/v1/events/{destruction}", override).status_code == 200

    bbc = "http://www.bbc.com/news/world-middle-east-34111092"
    article = session.scalar(select(Article.id).where(Article.url == bbc))
    archived = created(
        editor,
        "articles",
        {
            "publisher_id": _id(session, Source, "unesco"),
            "title": "Palmyra: a first assessment",
            "url": "https://whc.example.org/palmyra-assessment",
            "published": "2016-04-05",
            "language": "en",
            "text": "Temple of Bel: the gateway still stands, «intact».",
        },
    )
    assessment = created(
        editor,
        "events",
        {
            "type": "assessed",
            "date": "2016-04~",
            "site_ids": [temple],
            "condition_found": "severely_damaged",
            "description": "Only the cella's gateway still stands.",
            "actors": [{"actor_id": _id(session, Actor, "isil"), "role": "perpetrator"}],
        },
    )
    created(
        editor,
        "claims",
        {
            "article_id": archived["id"],
            "event_id": assessment["id"],
            "speaker_id": _id(session, Source, "unitar-unosat"),
            "stance": "affirms",
            "basis": "imagery",
            "quote": "Temple",
            "quote_start": 0,
            "quote_end": 6,
            "summary": "Imagery shows the gateway standing.",
            "stated_date": "2016-04-02",
            "stated_actor_id": _id(session, Actor, "isil"),
            "figures": {"columns_standing": 2.5, "walls_standing": 1},
        },
    )
    created(
        editor,
        "claims",
        {
            "article_id": article,
            "event_id": destruction,
            "stance": "affirms",
            "summary": "A pro-opposition site blamed an air strike.",
            "stated_date": "2015-09",
            "stated_actor_id": _id(session, Actor, "russian-aerospace-forces"),
        },
    )


def _served_histories(app: Flask, session: Session, editor: FlaskClient) -> list[str]:
    """One line per question: who asks, which site, the question, a tab, the body."""
    anonymous = app.test_client()
    lines = []
    for key, site_id in session.execute(select(Site.key, Site.id).order_by(Site.id)):
        for question in QUESTIONS:
            for reader, name, drafts in [
                (anonymous, "anonymous", ""),
                (editor, "editor", "include_drafts=true"),
            ]:
                query = "&".join(part for part in [question, drafts] if part)
                response = reader.get(f"/api/v1/sites/{site_id}/history?{query}")
                assert response.status_code == 200, response.get_json()
                assert response.mimetype == "application/json"
                body = response.get_data(as_text=True)
                assert "\n" not in body
                lines.append(f"{name} {key} ?{query}\t{body}\n")
    return lines


def test_the_demos_histories_are_served_byte_for_byte_as_before(
    app: Flask, engine: Engine, session: Session, tokens: dict[str, str]
) -> None:
    _restart_ids(engine)
    load_demo(session)
    session.commit()
    editor = signed_in(app, tokens["editor"])
    _add_what_the_demo_lacks(session, editor, signed_in(app, tokens["reviewer"]))

    served = _served_histories(app, session, editor)

    if os.environ.get("HERITAGE_WRITE_HISTORIES"):
        # mtime 0: the same histories give the same file
        GOLDEN.write_bytes(gzip.compress("".join(served).encode(), compresslevel=9, mtime=0))
    expected = gzip.decompress(GOLDEN.read_bytes()).decode().splitlines(keepends=True)
    assert [line.split("\t", 1)[0] for line in served] == [
        line.split("\t", 1)[0] for line in expected
    ]
    for line, before in zip(served, expected, strict=True):
        if line != before:
            at = next(i for i, (a, b) in enumerate(zip(line, before, strict=False)) if a != b)
            label = line.split("\t", 1)[0]
            raise AssertionError(
                f"{label}: from character {at}, served {line[at - 80 : at + 80]!r}"
                f" where main served {before[at - 80 : at + 80]!r}"
            )


# What orjson writes as it is (api.schemas.history_json), and the schema documenting it.
# Location is left out: LocationSchema is the input's, which has no `generalised`.
WRITTEN_AS_THEY_ARE = [
    (HistorySite, HistorySiteSchema),
    (NameEntry, SiteNameSchema),
    (IdentifierEntry, IdentifierSchema),
    (HistoryEvent, HistoryEventSchema),
    (EdtfDate, DateSchema),
    (DateText, HistoricDateSchema),
    (Participant, HistoryActorSchema),
    (Flag, FlagSchema),
    (HistoryClaim, HistoryClaimSchema),
    (SourceRef, ReferenceSchema),
    (ActorRef, ReferenceSchema),
    (ArticleRef, PublisherArticleSchema),
    (StateAt, StateAtSchema),
]


def test_the_history_objects_written_as_they_are_have_the_documented_fields() -> None:
    for written, schema in WRITTEN_AS_THEY_ARE:
        assert sorted(f.name for f in fields(written)) == sorted(schema().fields), written
