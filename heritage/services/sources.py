"""Use cases for sources: the organisations and people who publish or speak."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.models import Actor, Source
from heritage.records import SOURCE, Naming, SourceInput
from heritage.records.fields import NO_CONTEXT
from heritage.services.common import (
    Page,
    check_no_cycle,
    ensure_exists,
    ensure_unique_key,
    paginate,
)
from heritage.services.grades import refresh_grades_for_source
from heritage.services.records import (
    check_version,
    live,
    require_editing,
    save_changes,
    save_new,
    tombstone,
)
from heritage.services.references import ensure_unreferenced
from heritage.services.search_dialects import name_contains
from heritage.text import fold


def get_source(session: Session, principal: Principal, source_id: int) -> Source:
    return live(session, Source, source_id, principal)


def _validate(session: Session, data: SourceInput, source: Source | None) -> None:
    errors = SOURCE.check(
        data, Naming.SERVICE, NO_CONTEXT, stored=None if source is None else SOURCE.stored(source)
    )
    source_id = None if source is None else source.id
    check_no_cycle(
        session, errors, Source, "affiliation_id", source_id, data.get("affiliation_id"), "source"
    )
    ensure_exists(session, errors, Actor, data.get("actor_id"), "actor_id")
    errors.raise_if_any()


def _apply(session: Session, source: Source, data: SourceInput) -> None:
    if "key" in data:
        ensure_unique_key(session, Source, data["key"], "source", source.id)
    fill_source(source, data)


def fill_source(source: Source, data: SourceInput) -> None:
    """Set the source's columns from validated input, without queries."""
    if "key" in data:
        source.key = data["key"]
    if "name" in data:
        source.name = data["name"].strip()
        source.name_folded = fold(source.name)
    for field in ("kind", "affiliation_id", "actor_id"):
        if field in data:
            setattr(source, field, data[field])
    if "description" in data:
        source.description = data["description"] or ""


def create_source(session: Session, principal: Principal, data: SourceInput) -> Source:
    require_editing(principal, None, "source")
    _validate(session, data, None)
    return save_new(
        session, principal, Source(description=""), lambda new: _apply(session, new, data)
    )


def update_source(
    session: Session,
    principal: Principal,
    source_id: int,
    data: SourceInput,
    expected_version: int | None = None,
) -> Source:
    source = get_source(session, principal, source_id)
    require_editing(principal, source, "source")
    check_version(principal, source, expected_version)
    _validate(session, data, source)
    save_changes(session, principal, source, lambda changed: _apply(session, changed, data))
    if "affiliation_id" in data or "actor_id" in data:
        # Who a source belongs to decides independence and confirmation: regrade its events.
        refresh_grades_for_source(session, source_id)
    return source


def delete_source(
    session: Session, principal: Principal, source_id: int, expected_version: int | None = None
) -> None:
    """Leave a tombstone; refused while a live article has it as publisher or as the
    agency it republishes (syndicated_from), a claim as its speaker, or a source as its
    affiliation."""
    source = get_source(session, principal, source_id)
    require_editing(principal, source, "source")
    check_version(principal, source, expected_version)
    ensure_unreferenced(session, source, "source")
    tombstone(session, principal, source)


def list_sources(
    session: Session,
    principal: Principal,
    *,
    q: str | None = None,
    page: int = 1,
    page_size: int = 25,
) -> Page[Source]:
    statement = (
        select(Source).where(Source.deleted_at.is_(None)).order_by(Source.name_folded, Source.id)
    )
    if q and q.strip():
        statement = statement.where(name_contains(session, Source.name_folded, q))
    return paginate(session, statement, page, page_size)
