"""Column helpers shared by the models."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, func
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

KEY_LENGTH = 100  # natural keys ("temple-of-bel") used by imports and the demo
NAME_LENGTH = 300
VOCAB_LENGTH = 32


def vocabulary_check(
    column: str, vocabulary: type[StrEnum], name: str | None = None
) -> CheckConstraint:
    """A CHECK that keeps `column` inside `vocabulary`, so the database refuses stray values."""
    allowed = ", ".join(f"'{member.value}'" for member in vocabulary)
    return CheckConstraint(f"{column} IN ({allowed})", name=name or f"{column}_vocabulary")


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class Tracked(Timestamped):
    """A record users edit: who made and last changed it, its version, and its tombstone.

    `version` is SQLAlchemy's version counter: every UPDATE of the row increments it and
    carries `WHERE version = <as read>`, so a writer working from a stale read fails instead
    of silently overwriting (optimistic concurrency; the API exposes it as the ETag).
    """

    if TYPE_CHECKING:
        id: Mapped[int]  # every tracked model declares its own primary key

    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Deleting leaves a tombstone an admin can restore; reads skip tombstones.
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
