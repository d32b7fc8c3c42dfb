"""The history of a site, assembled from the database in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import Row, and_, or_, select
from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.dates import from_bounds
from heritage.history import ActorRef, HistoryEvent, history_document
from heritage.models import Actor, Event, EventActor, EventSite, Site
from heritage.services.grades import RESPONSIBLE_ROLES, assess, build_evidence, claim_rows
from heritage.services.records import visible
from heritage.services.sites import ancestor_ids, descendant_ids, get_site, location_for
from heritage.vocab import EventCategory

# Which way an event reaches the history, best first: an event tied to the site itself and
# to its city is the site's own, not inherited.
_OWN, _DESCENDANT, _INHERITED = 0, 1, 2


def site_summary(site: Site, principal: Principal) -> dict[str, Any]:
    """The `site` part of the history (and the wire form of a site in general)."""
    return {
        "id": site.id,
        "key": site.key,
        "name": site.name,
        "kind": site.kind,
        "parent_id": site.parent_id,
        "names": [{"name": n.name, "lang": n.lang, "type": n.type} for n in site.names],
        "location": location_for(site, principal),
        "restricted": site.restricted,
        "identifiers": [{"scheme": i.scheme, "value": i.value} for i in site.identifiers],
        "designations": [d.designation for d in site.designations],
        "description": site.description,
    }


def _claim_document(row: Row[Any]) -> dict[str, Any]:
    return {
        "id": row.id,
        "stance": row.stance,
        "basis": row.basis,
        "quote": row.quote,
        "quote_start": row.quote_start,
        "quote_end": row.quote_end,
        "summary": row.summary,
        "speaker": {"id": row.speaker_id, "name": row.speaker_name} if row.speaker_id else None,
        "stated_date": from_bounds(
            row.stated_date_edtf, row.stated_earliest, row.stated_latest
        ).as_dict()
        if row.stated_date_edtf
        else None,
        "stated_actor": {"id": row.stated_actor_id, "name": row.stated_actor_name}
        if row.stated_actor_id
        else None,
        "figures": row.figures or {},
        "article": {
            "id": row.article_id,
            "title": row.title,
            "url": row.url,
            "published": row.published.isoformat(),
            "publisher": {"id": row.publisher_id, "name": row.publisher_name},
        },
    }


def site_history(
    session: Session,
    principal: Principal,
    site_id: int,
    *,
    at: dt.date | None = None,
    known_at: dt.date | None = None,
    include_descendants: bool = False,
    include_drafts: bool = False,
) -> dict[str, Any]:
    """What happened to a site: its events, its ancestors' control events (inherited),
    optionally its descendants' events, with claims, grades, flags, control periods and
    condition. With `known_at`, only claims published by that day count, and events left
    without a claim drop out. Published records only, unless an editor asks for drafts:
    then grades and flags count the drafts too."""
    drafts = include_drafts and principal.sees_drafts
    site = get_site(session, principal, site_id)
    ancestors = ancestor_ids(session, site_id)
    descendants = descendant_ids(session, site_id) if include_descendants else []

    reach = {site_id: _OWN, **{d: _DESCENDANT for d in descendants}}
    links = session.execute(
        select(EventSite.event_id, EventSite.site_id).where(
            EventSite.event_id.in_(
                select(EventSite.event_id)
                .join(Event, Event.id == EventSite.event_id)
                .where(visible(Event, principal, drafts))
                .where(
                    or_(
                        EventSite.site_id.in_(list(reach)),
                        and_(
                            EventSite.site_id.in_(ancestors),
                            Event.category == EventCategory.CONTROL.value,
                        ),
                    )
                )
            )
        )
    ).all()
    site_ids_of: dict[int, list[int]] = defaultdict(list)
    via: dict[int, tuple[int, int]] = {}  # event -> (how it reaches us, through which site)
    ancestor_rank = {ancestor: depth for depth, ancestor in enumerate(ancestors)}
    for event_id, linked_site in links:
        site_ids_of[event_id].append(linked_site)
        if linked_site in reach:
            candidate = (reach[linked_site], linked_site)
        elif linked_site in ancestor_rank:
            candidate = (_INHERITED + ancestor_rank[linked_site], linked_site)
        else:
            continue
        if event_id not in via or candidate < via[event_id]:
            via[event_id] = candidate
    event_ids = sorted(via)

    events = session.execute(select(Event).where(Event.id.in_(event_ids))).scalars().all()
    actor_rows = session.execute(
        select(EventActor.event_id, EventActor.role, Actor.id, Actor.name)
        .join(Actor, Actor.id == EventActor.actor_id)
        .where(EventActor.event_id.in_(event_ids))
        .order_by(EventActor.event_id, EventActor.role, Actor.name)
    ).all()
    rows = claim_rows(session, event_ids, known_at, include_drafts=drafts)

    actors_of: dict[int, list[tuple[ActorRef, str]]] = defaultdict(list)
    responsible: dict[int, list[int]] = defaultdict(list)
    for event_id, role, actor_id, actor_name in actor_rows:
        actors_of[event_id].append((ActorRef(actor_id, actor_name), role))
        if role in RESPONSIBLE_ROLES:
            responsible[event_id].append(actor_id)
    claims_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        claims_of[row.event_id].append(_claim_document(row))
    evidence = build_evidence(session, rows, {a for ids in responsible.values() for a in ids})

    history_events = []
    for event in events:
        if known_at is not None and not claims_of.get(event.id):
            continue
        grade, flags = assess(evidence, event.id, responsible[event.id], event.grade_override)
        rank, through = via[event.id]
        history_events.append(
            HistoryEvent(
                id=event.id,
                category=event.category,
                type=event.type,
                date=from_bounds(event.date_edtf, event.earliest, event.latest),
                site_id=through,
                site_ids=sorted(site_ids_of[event.id]),
                inherited=rank >= _INHERITED,
                description=event.description,
                actors=actors_of[event.id],
                claims=claims_of[event.id],
                grade=grade,
                grade_overridden=event.grade_override is not None,
                flags=[flag.as_dict() for flag in flags],
            )
        )
    return history_document(site_summary(site, principal), history_events, at=at)
