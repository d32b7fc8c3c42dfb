"""Loads the demo dataset through the services, matching records by natural key, so that
loading it again changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import SYSTEM
from heritage.models import Actor, Claim, Event, Site, Source
from heritage.records import ArticleInput, ClaimInput
from heritage.services import actors, articles, claims, events, sites, sources
from heritage.vocab import Status

Record = Mapping[str, Any]
Ids = Mapping[str, Mapping[str, int]]  # record type -> natural key -> database id


@dataclass
class DemoCounts:
    """How many records of each type the load created (none on a second load)."""

    created: dict[str, int] = field(default_factory=dict)

    def add(self, record_type: str) -> None:
        self.created[record_type] = self.created.get(record_type, 0) + 1


def read_demo_data() -> dict[str, Any]:
    text = resources.files("heritage.demo").joinpath("palmyra.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _ref(ids: Ids, record_type: str, key: str | None) -> int | None:
    return ids[record_type][key] if key else None


def _actor_input(r: Record, ids: Ids) -> dict[str, Any]:
    return {
        "key": r["key"],
        "name": r["name"],
        "aliases": r.get("aliases", []),
        "part_of_id": _ref(ids, "actor", r.get("part_of")),
        "description": r.get("description", ""),
    }


def _source_input(r: Record, ids: Ids) -> dict[str, Any]:
    return {
        "key": r["key"],
        "name": r["name"],
        "kind": r["kind"],
        "affiliation_id": _ref(ids, "source", r.get("affiliation")),
        "actor_id": _ref(ids, "actor", r.get("actor")),
        "description": r.get("description", ""),
    }


def _site_input(r: Record, ids: Ids) -> dict[str, Any]:
    return {
        "key": r["key"],
        "name": r.get("name") or r["names"][0]["name"],
        "kind": r["kind"],
        "parent_id": _ref(ids, "site", r.get("parent")),
        "names": r.get("names", []),
        "location": r.get("location"),
        "identifiers": r.get("identifiers", []),
        "designations": r.get("designations", []),
        "built": r.get("built"),
        "description": r.get("description", ""),
    }


def _event_input(r: Record, ids: Ids) -> dict[str, Any]:
    return {
        "key": r["key"],
        "type": r["type"],
        "category": r.get("category"),
        "date": r["date"],
        "site_ids": [ids["site"][key] for key in r["sites"]],
        "actors": [
            {"actor_id": ids["actor"][a["actor"]], "role": a["role"]} for a in r.get("actors", [])
        ],
        "description": r.get("description", ""),
        "condition_found": r.get("condition_found"),
        "status": Status.PUBLISHED.value,
    }


# Records that carry a `key`, in dependency order, with how to create each.
_KEYED: list[tuple[str, Any, Callable[..., Any], Callable[[Record, Ids], Any]]] = [
    ("actor", Actor, actors.create_actor, _actor_input),
    ("source", Source, sources.create_source, _source_input),
    ("site", Site, sites.create_site, _site_input),
    ("event", Event, events.create_event, _event_input),
]


def _article_input(r: Record, ids: Ids) -> ArticleInput:
    return {
        "publisher_id": ids["source"][r["publisher"]],
        "syndicated_from_id": _ref(ids, "source", r.get("syndicated_from")),
        "title": r["title"],
        "url": r["url"],
        "published": dt.date.fromisoformat(r["published"]),
        "language": r.get("language", "en"),
    }


def _claim_input(r: Record, ids: Ids) -> ClaimInput:
    return {
        "article_id": ids["article"][r["article"]],
        "event_id": ids["event"][r["event"]],
        "speaker_id": _ref(ids, "source", r.get("speaker")),
        "quote": r.get("quote"),
        "summary": r.get("summary", ""),
        "stance": r["stance"],
        "basis": r.get("basis", "report"),
        "stated_date": r.get("stated_date"),
        "stated_actor_id": _ref(ids, "actor", r.get("stated_actor")),
        "figures": r.get("figures") or {},
        "status": Status.PUBLISHED.value,
    }


def _claim_exists(session: Session, values: Mapping[str, Any]) -> bool:
    """A claim's natural key: the same article, event, speaker and summary."""
    speaker = values["speaker_id"]
    return (
        session.scalar(
            select(Claim.id).where(
                Claim.article_id == values["article_id"],
                Claim.event_id == values["event_id"],
                Claim.speaker_id.is_(None) if speaker is None else Claim.speaker_id == speaker,
                Claim.summary == values["summary"],
            )
        )
        is not None
    )


def load_demo(session: Session, data: Mapping[str, Any] | None = None) -> DemoCounts:
    """Create whatever of the demo dataset is missing, as the command line's SYSTEM
    principal and already published: it was reviewed before it was written down. Flushes;
    the caller commits."""
    data = data if data is not None else read_demo_data()
    counts = DemoCounts()
    ids: dict[str, dict[str, int]] = defaultdict(dict)
    for record_type, model, create, to_input in _KEYED:
        for record in data[f"{record_type}s"]:  # file order: a parent precedes its children
            stored = session.scalar(select(model.id).where(model.key == record["key"]))
            if stored is None:
                stored = create(session, SYSTEM, to_input(record, ids)).id
                counts.add(record_type)
            ids[record_type][record["key"]] = stored
    _load_articles(session, data["articles"], ids, counts)
    for record in data["claims"]:
        values = _claim_input(record, ids)
        if not _claim_exists(session, values):
            claims.create_claim(session, SYSTEM, values)
            counts.add("claim")
    session.flush()
    return counts


def _load_articles(
    session: Session, records: list[Record], ids: dict[str, dict[str, int]], counts: DemoCounts
) -> None:
    for record in records:  # an article's natural key is its URL
        duplicate = articles.find_duplicate(session, record["url"], None)
        if duplicate is None:
            ids["article"][record["key"]] = articles.create_article(
                session, SYSTEM, _article_input(record, ids)
            ).id
            counts.add("article")
        else:
            ids["article"][record["key"]] = duplicate[1]
