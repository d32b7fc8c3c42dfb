"""Helpers every service shares: lookups, field-error collection, pagination."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import Session

from heritage.db import Base
from heritage.errors import Conflict, NotFound
from heritage.messages import N_, record_word
from heritage.records.fields import KEY_PATTERN as KEY_PATTERN
from heritage.records.fields import LANGUAGE_TAG as LANGUAGE_TAG
from heritage.records.fields import NO_CONTEXT, Key, Name, Naming, check_choice
from heritage.records.fields import FieldErrors as FieldErrors
from heritage.records.fields import check_characters as check_characters

ModelT = TypeVar("ModelT", bound=Base)
T = TypeVar("T")

MAX_PAGE_SIZE = 100


def get_or_raise(session: Session, model: type[ModelT], identifier: int, resource: str) -> ModelT:
    instance = session.get(model, identifier)
    if instance is None:
        raise NotFound(resource, identifier)
    return instance


def check_vocabulary(
    errors: FieldErrors, field: str, value: object, vocabulary: type[StrEnum]
) -> None:
    check_choice(errors, field, value, vocabulary)


def check_key(errors: FieldErrors, value: object, field: str = "key") -> None:
    if value is not None:
        Key(field).check(errors, field, value, Naming.SERVICE, NO_CONTEXT)


def require_name(
    errors: FieldErrors, data: Mapping[str, Any], field: str, report_as: str | None = None
) -> str | None:
    """A name (records.fields.Name) outside the record definitions: a site kind's label,
    a user's display name. The stripped name, or None with an error."""
    return _checked(errors, Name(field), data.get(field), report_as)


def _checked(errors: FieldErrors, checker: Name, value: Any, report_as: str | None) -> str | None:
    found = FieldErrors()
    checker.check(found, report_as or checker.name, value, Naming.SERVICE, NO_CONTEXT)
    for path, messages in found.errors.items():
        for message in messages:
            errors.add(path, message)
    return None if found.errors else value.strip()


def ensure_unique_key(
    session: Session, model: type[Base], key: str | None, resource: str, own_id: int | None = None
) -> None:
    if key is None:
        return
    # No autoflush: a record being created is pending without its required fields yet.
    with session.no_autoflush:
        existing = session.scalar(select(model.id).where(model.key == key))  # type: ignore[attr-defined]
    if existing is not None and existing != own_id:
        raise Conflict(
            N_(
                "A %(record_type)s with key '%(key)s' exists already.",
                record_type=record_word(resource),
                key=key,
            ),
            existing=(resource, existing),
            field="key",
        )


def ensure_exists(
    session: Session, errors: FieldErrors, model: type[Base], identifier: object, field: str
) -> None:
    """Refer only to records that exist and are not tombstones (an id found wrong already
    is not looked up)."""
    if identifier is None or field in errors.errors:
        return
    record = session.get(model, identifier)
    if record is None or getattr(record, "deleted_at", None) is not None:
        errors.add(field, N_("No record with id %(id)s.", id=identifier))


def ancestor_chain(session: Session, model: Any, parent_column: str, start_id: int) -> list[int]:
    """The ids above `start_id` along `parent_column` (a site's parents, an actor's
    `part_of`, a person's affiliation), nearest first, in one recursive query."""
    parent = getattr(model, parent_column)
    chain = (
        select(parent.label("id"), literal(1).label("depth"))
        .where(model.id == start_id, parent.is_not(None))
        .cte(f"{model.__tablename__}_chain", recursive=True)
    )
    # The depth cap ends the walk even if a cycle slipped past validation.
    chain = chain.union_all(
        select(parent, chain.c.depth + 1)
        .join(chain, model.id == chain.c.id)
        .where(parent.is_not(None), chain.c.depth < 100)
    )
    return list(session.scalars(select(chain.c.id).order_by(chain.c.depth)))


def check_no_cycle(
    session: Session,
    errors: FieldErrors,
    model: Any,
    parent_column: str,
    record_id: int | None,
    new_parent_id: int | None,
    resource: str,
) -> None:
    """Refuse a parent that does not exist, or that would make the record its own ancestor
    (an id found wrong already is not looked up)."""
    if new_parent_id is None or parent_column in errors.errors:
        return
    parent = session.get(model, new_parent_id)
    if parent is None or getattr(parent, "deleted_at", None) is not None:
        errors.add(
            parent_column,
            N_(
                "No %(record_type)s with id %(id)s.",
                record_type=record_word(resource),
                id=new_parent_id,
            ),
        )
        return
    if record_id is None:
        return
    if new_parent_id == record_id or record_id in ancestor_chain(
        session, model, parent_column, new_parent_id
    ):
        errors.add(
            parent_column,
            N_(
                "%(Record_type)s %(parent)s lies under %(record_type)s %(id)s:"
                " a %(record_type)s cannot be its own ancestor.",
                Record_type=record_word(resource).capitalize(),
                record_type=record_word(resource),
                parent=new_parent_id,
                id=record_id,
            ),
        )


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]
    total: int
    page: int
    page_size: int


def paginate(session: Session, statement: Select[Any], page: int, page_size: int) -> Page[Any]:
    """One page of `statement`'s rows (ordered by the caller) and the total count."""
    page = max(page, 1)
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    items = session.scalars(statement.limit(page_size).offset((page - 1) * page_size)).all()
    return Page(items=items, total=total or 0, page=page, page_size=page_size)
