"""Column helpers shared by the models."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

KEY_LENGTH = 100  # natural keys ("temple-of-bel") used by imports and the demo
NAME_LENGTH = 300
VOCAB_LENGTH = 32


def vocabulary_check(
    column: str, vocabulary: type[StrEnum], name: str | None = None
) -> CheckConstraint:
    """A CHECK that keeps `column` inside `vocabulary`, so the database refuses stray values."""
    allowed = ", ".join(f"'{member.value}'" for member in vocabulary)
    return CheckConstraint(f"{column} IN ({allowed})", name=name or f"{column}_vocabulary")


def vocab_column(nullable: bool = False) -> Mapped[str]:
    return mapped_column(String(VOCAB_LENGTH), nullable=nullable)


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
