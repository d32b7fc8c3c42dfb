"""Short builders for domain tests: every record is made through the services, so the tests
exercise the same validation and grading as the API and the CLI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from heritage.models import Actor, Article, Claim, Event, Site, Source
from heritage.services import actors, articles, claims, events, sites, sources

_serial = count(1)


def site(
    session: Session,
    name: str = "Palmyra",
    kind: str = "city",
    *,
    parent: Site | None = None,
    **fields: Any,
) -> Site:
    data: dict[str, Any] = {"name": name, "kind": kind, **fields}
    if parent is not None:
        data["parent_id"] = parent.id
    return sites.create_site(session, data)


def actor(session: Session, name: str, *, part_of: Actor | None = None, **fields: Any) -> Actor:
    data: dict[str, Any] = {"name": name, **fields}
    if part_of is not None:
        data["part_of_id"] = part_of.id
    return actors.create_actor(session, data)


def source(
    session: Session,
    name: str,
    kind: str = "organisation",
    *,
    affiliation: Source | None = None,
    speaks_for: Actor | None = None,
    **fields: Any,
) -> Source:
    data: dict[str, Any] = {"name": name, "kind": kind, **fields}
    if affiliation is not None:
        data["affiliation_id"] = affiliation.id
    if speaks_for is not None:
        data["actor_id"] = speaks_for.id
    return sources.create_source(session, data)


def article(
    session: Session,
    publisher: Source,
    published: dt.date | str = "2015-09-01",
    *,
    text: str | None = None,
    url: str | None = None,
    syndicated_from: Source | None = None,
    **fields: Any,
) -> Article:
    serial = next(_serial)
    data: dict[str, Any] = {
        "publisher_id": publisher.id,
        "title": fields.pop("title", f"Report {serial}"),
        "url": url or f"https://news.example.org/story/{serial}",
        "published": dt.date.fromisoformat(published) if isinstance(published, str) else published,
        "language": fields.pop("language", "en"),
        "text": text,
        **fields,
    }
    if syndicated_from is not None:
        data["syndicated_from_id"] = syndicated_from.id
    return articles.create_article(session, data)


def event(
    session: Session,
    at: Site | Sequence[Site],
    event_type: str = "destroyed",
    date: str = "2015-08-30",
    *,
    actors: Iterable[tuple[Actor, str]] = (),
    **fields: Any,
) -> Event:
    site_list = [at] if isinstance(at, Site) else list(at)
    return events.create_event(
        session,
        {
            "type": event_type,
            "date": date,
            "site_ids": [s.id for s in site_list],
            "actors": [{"actor_id": a.id, "role": role} for a, role in actors],
            **fields,
        },
    )


def claim(
    session: Session,
    article: Article,
    event: Event,
    stance: str = "affirms",
    *,
    speaker: Source | None = None,
    stated_actor: Actor | None = None,
    **fields: Any,
) -> Claim:
    data: dict[str, Any] = {
        "article_id": article.id,
        "event_id": event.id,
        "stance": stance,
        **fields,
    }
    if speaker is not None:
        data["speaker_id"] = speaker.id
    if stated_actor is not None:
        data["stated_actor_id"] = stated_actor.id
    return claims.create_claim(session, data)


def reported(
    session: Session, event: Event, publisher: Source, published: str = "2015-09-01", **fields: Any
) -> Claim:
    """One affirming claim about `event` in a fresh article by `publisher`."""
    return claim(session, article(session, publisher, published), event, **fields)
