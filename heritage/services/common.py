"""Helpers every service shares: lookups, field-error collection, pagination."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import Session

from heritage.db import Base
from heritage.errors import Conflict, InvalidInput, NotFound
from heritage.models.common import NAME_LENGTH
from heritage.text import refused_character
from heritage.vocab import is_value, values

ModelT = TypeVar("ModelT", bound=Base)
T = TypeVar("T")

MAX_PAGE_SIZE = 100
# \Z, not $: `$` also matches before a final newline, which a key would then keep.
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}\Z")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}\Z")


def get_or_raise(session: Session, model: type[ModelT], identifier: int, resource: str) -> ModelT:
    instance = session.get(model, identifier)
    if instance is None:
        raise NotFound(resource, identifier)
    return instance


class FieldErrors:
    """Collects every problem with an input before raising them together, so a client
    learns all its mistakes at once rather than one per request."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def check(self, condition: bool, field: str, message: str) -> None:
        if not condition:
            self.add(field, message)

    def capture(self, function: Callable[[], T]) -> T | None:
        """Run `function`, keeping its InvalidInput field errors instead of raising them."""
        try:
            return function()
        except InvalidInput as error:
            for field, messages in error.errors.items():
                for message in messages:
                    self.add(field, message)
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)


def require_text(
    errors: FieldErrors,
    data: Mapping[str, Any],
    field: str,
    max_length: int,
    *,
    report_as: str | None = None,
) -> str | None:
    """The stripped text of `data[field]`, or None with an error under `report_as or field`."""
    value = data.get(field)
    if not isinstance(value, str) or not value.strip():
        errors.add(report_as or field, "Required, and must not be blank.")
        return None
    if len(value) > max_length:
        errors.add(report_as or field, f"At most {max_length} characters.")
        return None
    return value.strip()


def require_name(
    errors: FieldErrors, data: Mapping[str, Any], field: str, report_as: str | None = None
) -> str | None:
    """`require_text` for a name (up to NAME_LENGTH), which may not hold the characters
    heritage.text.refused_character describes either."""
    name = require_text(errors, data, field, NAME_LENGTH, report_as=report_as)
    return name if name is None or check_characters(errors, report_as or field, name) else None


def check_characters(errors: FieldErrors, field: str, text: str) -> bool:
    """Whether `text` holds no character a name or key may not (refused_character); if it
    does, the error is added under `field`."""
    refused = refused_character(text)
    if refused is not None:
        errors.add(field, refused)
    return refused is None


def check_vocabulary(
    errors: FieldErrors, field: str, value: object, vocabulary: type[StrEnum]
) -> None:
    if not is_value(value, vocabulary):
        errors.add(field, f"'{value}' is not one of: {', '.join(values(vocabulary))}.")


def check_key(errors: FieldErrors, value: object, field: str = "key") -> None:
    if value is not None and (not isinstance(value, str) or not KEY_PATTERN.match(value)):
        if isinstance(value, str) and not check_characters(errors, field, value):
            return
        errors.add(field, "Lowercase letters, digits and hyphens, at most 100 characters.")


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
            f"A {resource} with key '{key}' exists already.",
            existing=(resource, existing),
            field="key",
        )


def ensure_exists(
    session: Session, errors: FieldErrors, model: type[Base], identifier: object, field: str
) -> None:
    """Refer only to records that exist and are not tombstones."""
    if identifier is None:
        return
    record = session.get(model, identifier)
    if record is None or getattr(record, "deleted_at", None) is not None:
        errors.add(field, f"No record with id {identifier}.")


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
    """Refuse a parent that does not exist, or that would make the record its own ancestor."""
    if new_parent_id is None:
        return
    parent = session.get(model, new_parent_id)
    if parent is None or getattr(parent, "deleted_at", None) is not None:
        errors.add(parent_column, f"No {resource} with id {new_parent_id}.")
        return
    if record_id is None:
        return
    if new_parent_id == record_id or record_id in ancestor_chain(
        session, model, parent_column, new_parent_id
    ):
        errors.add(
            parent_column,
            f"{resource.capitalize()} {new_parent_id} lies under {resource} {record_id}:"
            f" a {resource} cannot be its own ancestor.",
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
