"""Loads the demo dataset through the services, matching records by natural key, so that
loading it again changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.models import Actor, Claim, Event, Site, Source
from heritage.services import actors, articles, claims, events, sites, sources


@dataclass
class DemoCounts:
    """How many records of each type the load created (0 everywhere on a second load)."""

    created: dict[str, int] = field(default_factory=dict)

    def add(self, record_type: str) -> None:
        self.created[record_type] = self.created.get(record_type, 0) + 1


def read_demo_data() -> dict[str, Any]:
    text = resources.files("heritage.demo").joinpath("palmyra.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _existing(session: Session, model: Any, key: str) -> int | None:
    found: int | None = session.scalar(select(model.id).where(model.key == key))
    return found


def load_demo(session: Session, data: dict[str, Any] | None = None) -> DemoCounts:
    """Create whatever of the demo dataset is missing. Flushes; the caller commits."""
    data = data if data is not None else read_demo_data()
    counts = DemoCounts()
    actor_ids: dict[str, int] = {}
    for record in data["actors"]:  # in file order: an actor's `part_of` comes first
        actor_ids[record["key"]] = _existing(session, Actor, record["key"]) or _create(
            counts,
            "actor",
            lambda r=record: (
                actors.create_actor(
                    session,
                    {
                        "key": r["key"],
                        "name": r["name"],
                        "aliases": r.get("aliases", []),
                        "part_of_id": actor_ids.get(r["part_of"]) if r.get("part_of") else None,
                        "description": r.get("description", ""),
                    },
                ).id
            ),
        )
    source_ids: dict[str, int] = {}
    for record in data["sources"]:
        source_ids[record["key"]] = _existing(session, Source, record["key"]) or _create(
            counts,
            "source",
            lambda r=record: (
                sources.create_source(
                    session,
                    {
                        "key": r["key"],
                        "name": r["name"],
                        "kind": r["kind"],
                        "affiliation_id": source_ids[r["affiliation"]]
                        if r.get("affiliation")
                        else None,
                        "actor_id": actor_ids[r["actor"]] if r.get("actor") else None,
                        "description": r.get("description", ""),
                    },
                ).id
            ),
        )
    site_ids: dict[str, int] = {}
    for record in data["sites"]:
        site_ids[record["key"]] = _existing(session, Site, record["key"]) or _create(
            counts,
            "site",
            lambda r=record: (
                sites.create_site(
                    session,
                    {
                        "key": r["key"],
                        "name": r.get("name") or r["names"][0]["name"],
                        "kind": r["kind"],
                        "parent_id": site_ids[r["parent"]] if r.get("parent") else None,
                        "names": r.get("names", []),
                        "location": r.get("location"),
                        "identifiers": r.get("identifiers", []),
                        "designations": r.get("designations", []),
                        "description": r.get("description", ""),
                    },
                ).id
            ),
        )
    article_ids: dict[str, int] = {}
    for record in data["articles"]:
        duplicate = articles.find_duplicate(session, record["url"], None)
        article_ids[record["key"]] = (
            duplicate[1]
            if duplicate
            else _create(
                counts,
                "article",
                lambda r=record: (
                    articles.create_article(
                        session,
                        {
                            "publisher_id": source_ids[r["publisher"]],
                            "syndicated_from_id": source_ids[r["syndicated_from"]]
                            if r.get("syndicated_from")
                            else None,
                            "title": r["title"],
                            "url": r["url"],
                            "published": dt.date.fromisoformat(r["published"]),
                            "language": r.get("language", "en"),
                        },
                    ).id
                ),
            )
        )
    event_ids: dict[str, int] = {}
    for record in data["events"]:
        event_ids[record["key"]] = _existing(session, Event, record["key"]) or _create(
            counts,
            "event",
            lambda r=record: (
                events.create_event(
                    session,
                    {
                        "key": r["key"],
                        "type": r["type"],
                        "category": r.get("category"),
                        "date": r["date"],
                        "site_ids": [site_ids[key] for key in r["sites"]],
                        "actors": [
                            {"actor_id": actor_ids[a["actor"]], "role": a["role"]}
                            for a in r.get("actors", [])
                        ],
                        "description": r.get("description", ""),
                    },
                ).id
            ),
        )
    for record in data["claims"]:
        values = {
            "article_id": article_ids[record["article"]],
            "event_id": event_ids[record["event"]],
            "speaker_id": source_ids[record["speaker"]] if record.get("speaker") else None,
            "quote": record.get("quote"),
            "summary": record.get("summary", ""),
            "stance": record["stance"],
            "basis": record.get("basis", "report"),
            "stated_date": record.get("stated_date"),
            "stated_actor_id": actor_ids[record["stated_actor"]]
            if record.get("stated_actor")
            else None,
            "figures": record.get("figures") or {},
        }
        # A claim's natural key: the same article, event, speaker and summary.
        already = session.scalar(
            select(Claim.id).where(
                Claim.article_id == values["article_id"],
                Claim.event_id == values["event_id"],
                Claim.speaker_id.is_(None)
                if values["speaker_id"] is None
                else Claim.speaker_id == values["speaker_id"],
                Claim.summary == values["summary"],
            )
        )
        if already is None:
            claims.create_claim(session, values)
            counts.add("claim")
    session.flush()
    return counts


def _create(counts: DemoCounts, record_type: str, create: Any) -> int:
    identifier: int = create()
    counts.add(record_type)
    return identifier
