"""Sources: the organisations and people who publish articles or speak inside them."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritage.db import Base
from heritage.models.common import (
    KEY_LENGTH,
    NAME_LENGTH,
    VOCAB_LENGTH,
    Tracked,
    vocabulary_check,
)
from heritage.vocab import SourceKind


class Source(Tracked, Base):
    __tablename__ = "sources"
    __table_args__ = (
        vocabulary_check("kind", SourceKind),
        CheckConstraint("affiliation_id <> id", name="not_own_affiliation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(KEY_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    name_folded: Mapped[str] = mapped_column(String(NAME_LENGTH))
    kind: Mapped[str] = mapped_column(String(VOCAB_LENGTH))
    # The organisation a person speaks for (Rami Abdulrahman -> the Observatory): grading
    # counts a person and their organisation as one source, not two independent ones.
    # Indexed for the walk down an organisation's people when its affiliation changes.
    affiliation_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    # The armed actor a source speaks for (a military spokesman -> the army): its word on
    # that actor's own act is the responsible party's confirmation. Indexed to find the
    # spokesmen of an actor whose membership changes.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")

    affiliation: Mapped[Source | None] = relationship(remote_side=[id])
