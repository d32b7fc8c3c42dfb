"""Revisions: every change to a record, who made it, and the change feed's order."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from heritage.db import Base
from heritage.models.common import NAME_LENGTH, VOCAB_LENGTH, vocabulary_check
from heritage.vocab import RevisionAction


class Revision(Base):
    __tablename__ = "revisions"
    __table_args__ = (
        vocabulary_check("action", RevisionAction),
        # A record's revision trail: GET …/{id}/revisions.
        Index("ix_revisions_resource_record_id", "resource", "record_id"),
        # The change feed reads in commit order from a cursor.
        Index("ix_revisions_commit_seq_id", "commit_seq", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The number of the transaction that committed it (see heritage.revisions): ordering by
    # it is commit order, which row ids are not when writers overlap.
    commit_seq: Mapped[int] = mapped_column(BigInteger)
    resource: Mapped[str] = mapped_column(String(VOCAB_LENGTH))
    record_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(VOCAB_LENGTH))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The name at the time (or "system" for the command line): survives renames.
    user_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # {field: [old, new]} for each changed field.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)
    # Whether clients that see published data only may see this revision in the feed.
    public: Mapped[bool] = mapped_column(default=False)


class CommitCounter(Base):
    """One row whose value numbers committed write transactions (see heritage.revisions)."""

    __tablename__ = "commit_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
    # When `value` last moved: with it, the commit mark every conditional read checks
    # (heritage.services.changes.last_commit), read from this row alone. None before any
    # write.
    at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
