"""Use cases for sources: the organisations and people who publish or speak."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.models import Actor, Source
from heritage.services.common import (
    FieldErrors,
    Page,
    check_key,
    check_no_cycle,
    check_vocabulary,
    ensure_exists,
    ensure_unique_key,
    paginate,
    require_name,
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
from heritage.text import fold, like_pattern
from heritage.vocab import SourceKind


def get_source(session: Session, principal: Principal, source_id: int) -> Source:
    return live(session, Source, source_id, principal)


def _validate(session: Session, data: Mapping[str, Any], source_id: int | None) -> None:
    errors = FieldErrors()
    if source_id is None or "name" in data:
        require_name(errors, data, "name")
    if source_id is None or "kind" in data:
        check_vocabulary(errors, "kind", data.get("kind"), SourceKind)
    if "key" in data:
        check_key(errors, data["key"])
    check_no_cycle(
        session, errors, Source, "affiliation_id", source_id, data.get("affiliation_id"), "source"
    )
    ensure_exists(session, errors, Actor, data.get("actor_id"), "actor_id")
    errors.raise_if_any()


def _apply(session: Session, source: Source, data: Mapping[str, Any]) -> None:
    if "key" in data:
        ensure_unique_key(session, Source, data["key"], "source", source.id)
    fill_source(source, data)


def fill_source(source: Source, data: Mapping[str, Any]) -> None:
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


def create_source(session: Session, principal: Principal, data: Mapping[str, Any]) -> Source:
    require_editing(principal, None, "source")
    _validate(session, data, None)
    return save_new(
        session, principal, Source(description=""), lambda new: _apply(session, new, data)
    )


def update_source(
    session: Session,
    principal: Principal,
    source_id: int,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Source:
    source = get_source(session, principal, source_id)
    require_editing(principal, source, "source")
    check_version(principal, source, expected_version)
    _validate(session, data, source_id)
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
        statement = statement.where(Source.name_folded.like(like_pattern(q), escape="\\"))
    return paginate(session, statement, page, page_size)
