"""Every record type's use cases in one registry, for the code that handles records of any
type (the import, the bulk writer): what makes one, changes one, and fills a new one
without queries. The record's fields and rules are its definition (heritage.records)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.models import Actor, Claim, Event, Site, Source
from heritage.models.common import Tracked
from heritage.records import DEFINITIONS, RecordDefinition
from heritage.services import actors, articles, claims, events, sites, sources
from heritage.services.grades import RESPONSIBLE_ROLES, assess_claims
from heritage.services.records import NewRow
from heritage.vocab import ClaimBasis, Grade


@dataclass(frozen=True, slots=True)
class RecordService:
    definition: RecordDefinition
    create: Callable[[Session, Principal, Any], Tracked]
    # None: an import leaves a stored record of this type as it is (articles change by an
    # editor's hand only, articles.update_article).
    update: Callable[..., Tracked] | None
    # A new record for validated input, its attributes set by the service's own fill, on
    # instances `new(model, **values)` makes (a bulk load's lightweight stand-ins).
    fill_new: Callable[[Principal, Any, NewRow], Any]


def _new_site(principal: Principal, data: Any, new: NewRow) -> Any:
    site = new(Site, description="", restricted=False)
    sites.fill_site(cast(Site, site), data, new=new)
    return site


def _new_actor(principal: Principal, data: Any, new: NewRow) -> Any:
    actor = new(Actor, description="")
    actors.fill_actor(cast(Actor, actor), data)
    return actor


def _new_source(principal: Principal, data: Any, new: NewRow) -> Any:
    source = new(Source, description="")
    sources.fill_source(cast(Source, source), data)
    return source


def _new_article(principal: Principal, data: Any, new: NewRow) -> Any:
    return articles.new_article(data)  # its archive is set by the model's own instance


def _new_event(principal: Principal, data: Any, new: NewRow) -> Any:
    status = events.initial_status(principal, data)
    event = new(Event, description="", grade=Grade.DISCOUNTED.value, status=status)
    events.fill_event(cast(Event, event), data, new=new)
    # What create_event's regrading stores, without its queries: a new event has no
    # claims (the import regrades it at its end if the file has some).
    responsible = [link.actor_id for link in event.actors if link.role in RESPONSIBLE_ROLES]
    event.grade = assess_claims([], {}, responsible, event.grade_override)[0].value
    return event


def _new_claim(principal: Principal, data: Any, new: NewRow) -> Any:
    status = events.initial_status(principal, data)
    claim = new(Claim, summary="", basis=ClaimBasis.REPORT.value, figures={}, status=status)
    claims.fill_claim(cast(Claim, claim), data, None)
    return claim


SERVICES: dict[str, RecordService] = {
    "site": RecordService(DEFINITIONS["site"], sites.create_site, sites.update_site, _new_site),
    "actor": RecordService(
        DEFINITIONS["actor"], actors.create_actor, actors.update_actor, _new_actor
    ),
    "source": RecordService(
        DEFINITIONS["source"], sources.create_source, sources.update_source, _new_source
    ),
    "article": RecordService(DEFINITIONS["article"], articles.create_article, None, _new_article),
    "event": RecordService(
        DEFINITIONS["event"], events.create_event, events.update_event, _new_event
    ),
    "claim": RecordService(
        DEFINITIONS["claim"], claims.create_claim, claims.update_claim, _new_claim
    ),
}
