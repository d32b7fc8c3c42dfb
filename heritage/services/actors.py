"""Use cases for actors: armed forces, groups and authorities, with aliases."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from heritage.auth import Principal
from heritage.errors import NotFound
from heritage.models import Actor, ActorAlias
from heritage.records import ACTOR, ActorInput, Naming
from heritage.records.fields import NO_CONTEXT
from heritage.services.common import (
    Page,
    check_no_cycle,
    ensure_unique_key,
    paginate,
)
from heritage.services.grades import refresh_grades_for_actor
from heritage.services.records import (
    check_version,
    require_editing,
    save_changes,
    save_new,
    tombstone,
)
from heritage.services.references import ensure_unreferenced
from heritage.services.search_dialects import name_contains
from heritage.text import fold


def _actor_query() -> Select[Any]:
    return select(Actor).options(selectinload(Actor.aliases))


def get_actor(session: Session, principal: Principal, actor_id: int) -> Actor:
    actor: Actor | None = session.scalar(
        _actor_query().where(Actor.id == actor_id, Actor.deleted_at.is_(None))
    )
    if actor is None:
        raise NotFound("actor", actor_id)
    return actor


def _validate(session: Session, data: ActorInput, actor: Actor | None) -> None:
    errors = ACTOR.check(
        data, Naming.SERVICE, NO_CONTEXT, stored=None if actor is None else ACTOR.stored(actor)
    )
    actor_id = None if actor is None else actor.id
    check_no_cycle(session, errors, Actor, "part_of_id", actor_id, data.get("part_of_id"), "actor")
    errors.raise_if_any()


def _apply(session: Session, actor: Actor, data: ActorInput) -> None:
    if "key" in data:
        ensure_unique_key(session, Actor, data["key"], "actor", actor.id)
    if actor.id is not None and "aliases" in data:
        actor.aliases = []  # flushed first: an alias kept has the same unique key
        session.flush()
    fill_actor(actor, data)


def fill_actor(actor: Actor, data: ActorInput) -> None:
    """Set the actor's columns and aliases from validated input, without queries."""
    if "key" in data:
        actor.key = data["key"]
    if "name" in data:
        actor.name = data["name"].strip()
        actor.name_folded = fold(actor.name)
    if "part_of_id" in data:
        actor.part_of_id = data["part_of_id"]
    if "description" in data:
        actor.description = data["description"] or ""
    if "aliases" in data:
        actor.aliases = [
            ActorAlias(alias=alias.strip(), alias_folded=fold(alias))
            for alias in data["aliases"] or []
        ]


def create_actor(session: Session, principal: Principal, data: ActorInput) -> Actor:
    require_editing(principal, None, "actor")
    _validate(session, data, None)
    return save_new(
        session, principal, Actor(description=""), lambda new: _apply(session, new, data)
    )


def update_actor(
    session: Session,
    principal: Principal,
    actor_id: int,
    data: ActorInput,
    expected_version: int | None = None,
) -> Actor:
    actor = get_actor(session, principal, actor_id)
    require_editing(principal, actor, "actor")
    check_version(principal, actor, expected_version)
    _validate(session, data, actor)
    save_changes(session, principal, actor, lambda changed: _apply(session, changed, data))
    if "part_of_id" in data:
        # What an actor is part of decides confirmation and perpetrator conflicts: regrade.
        refresh_grades_for_actor(session, actor_id)
    return actor


def delete_actor(
    session: Session, principal: Principal, actor_id: int, expected_version: int | None = None
) -> None:
    """Leave a tombstone; refused while a live event names it among its actors, a claim
    as the stated actor, a source as the actor it speaks for, or an actor as what it is
    part of."""
    actor = get_actor(session, principal, actor_id)
    require_editing(principal, actor, "actor")
    check_version(principal, actor, expected_version)
    ensure_unreferenced(session, actor, "actor")
    tombstone(session, principal, actor)


def list_actors(
    session: Session,
    principal: Principal,
    *,
    q: str | None = None,
    page: int = 1,
    page_size: int = 25,
) -> Page[Actor]:
    """Actors by name; `q` searches names and aliases (ISIS finds ISIL)."""
    statement = (
        _actor_query().where(Actor.deleted_at.is_(None)).order_by(Actor.name_folded, Actor.id)
    )
    if q and q.strip():
        statement = statement.where(
            or_(
                name_contains(session, Actor.name_folded, q),
                Actor.id.in_(
                    select(ActorAlias.actor_id).where(
                        name_contains(session, ActorAlias.alias_folded, q)
                    )
                ),
            )
        )
    return paginate(session, statement, page, page_size)
