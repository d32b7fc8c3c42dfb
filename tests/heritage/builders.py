"""Short builders for domain tests: every record is made through the services, so the tests
exercise the same validation and grading as the API and the CLI.

Records are created by `SYSTEM` unless a test passes `by=`; events and claims made by SYSTEM
are `published` by default, so public reads see them (pass `status=None` for a draft, the
only status other principals may create)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from heritage.auth import SYSTEM, Principal
from heritage.models import Actor, Article, Claim, Event, Site, Source
from heritage.services import accounts, actors, articles, claims, events, sites, sources

_serial = count(1)
PUBLISHED = "published"


def _status(data: dict[str, Any], by: Principal, status: str | None) -> dict[str, Any]:
    """Add the review status to an event's or claim's data: only SYSTEM may set one."""
    if status is not None and by.is_system:
        data["status"] = status
    return data


def user(session: Session, role: str, username: str | None = None, **fields: Any) -> Principal:
    """A new user with `role`, as the principal the services receive."""
    made = accounts.create_user(
        session, SYSTEM, {"username": username or f"{role}-{next(_serial)}", "role": role, **fields}
    )
    return accounts.principal_of(made)


def site(
    session: Session,
    name: str = "Palmyra",
    kind: str = "city",
    *,
    parent: Site | None = None,
    by: Principal = SYSTEM,
    **fields: Any,
) -> Site:
    data: dict[str, Any] = {"name": name, "kind": kind, **fields}
    if parent is not None:
        data["parent_id"] = parent.id
    return sites.create_site(session, by, data)


def actor(
    session: Session,
    name: str,
    *,
    part_of: Actor | None = None,
    by: Principal = SYSTEM,
    **fields: Any,
) -> Actor:
    data: dict[str, Any] = {"name": name, **fields}
    if part_of is not None:
        data["part_of_id"] = part_of.id
    return actors.create_actor(session, by, data)


def source(
    session: Session,
    name: str,
    kind: str = "organisation",
    *,
    affiliation: Source | None = None,
    speaks_for: Actor | None = None,
    by: Principal = SYSTEM,
    **fields: Any,
) -> Source:
    data: dict[str, Any] = {"name": name, "kind": kind, **fields}
    if affiliation is not None:
        data["affiliation_id"] = affiliation.id
    if speaks_for is not None:
        data["actor_id"] = speaks_for.id
    return sources.create_source(session, by, data)


def article(
    session: Session,
    publisher: Source,
    published: dt.date | str = "2015-09-01",
    *,
    text: str | None = None,
    url: str | None = None,
    syndicated_from: Source | None = None,
    by: Principal = SYSTEM,
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
    return articles.create_article(session, by, data)


def event(
    session: Session,
    at: Site | Sequence[Site],
    event_type: str = "destroyed",
    date: str = "2015-08-30",
    *,
    actors: Iterable[tuple[Actor, str]] = (),
    by: Principal = SYSTEM,
    status: str | None = PUBLISHED,
    **fields: Any,
) -> Event:
    site_list = [at] if isinstance(at, Site) else list(at)
    data: dict[str, Any] = {
        "type": event_type,
        "date": date,
        "site_ids": [s.id for s in site_list],
        "actors": [{"actor_id": a.id, "role": role} for a, role in actors],
        **fields,
    }
    return events.create_event(session, by, _status(data, by, status))


def claim(
    session: Session,
    article: Article,
    event: Event,
    stance: str = "affirms",
    *,
    speaker: Source | None = None,
    stated_actor: Actor | None = None,
    by: Principal = SYSTEM,
    status: str | None = PUBLISHED,
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
    return claims.create_claim(session, by, _status(data, by, status))


def reported(
    session: Session,
    event: Event,
    publisher: Source,
    published: str = "2015-09-01",
    *,
    by: Principal = SYSTEM,
    **fields: Any,
) -> Claim:
    """One affirming claim about `event` in a fresh article by `publisher`."""
    return claim(session, article(session, publisher, published, by=by), event, by=by, **fields)
