"""Revisions: every change to a record, who made it, and the change feed's order."""

from __future__ import annotations

import datetime as dt
import secrets
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
        # The public feed reads the public revisions in the same order, from a cursor of
        # its own.
        Index(
            "ix_revisions_public_seq_public_ordinal", "public_seq", "public_ordinal", unique=True
        ),
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
    # Where a public revision stands in the public feed: the number of its transaction
    # among those that wrote public revisions, and its place among their public revisions
    # (1, 2, ...). Public cursors name these, so they count nothing the public cannot see.
    # Both None for a revision the public does not see.
    public_seq: Mapped[int | None] = mapped_column(BigInteger)
    public_ordinal: Mapped[int | None]


def new_feed_epoch() -> str:
    """A random name for one line of the database's history (CommitCounter.epoch)."""
    return secrets.token_hex(8)


class CommitCounter(Base):
    """One row whose value numbers committed write transactions (see heritage.revisions)."""

    __tablename__ = "commit_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
    # When `value` last moved: with it, the commit mark every conditional read checks
    # (heritage.services.changes.last_commit), read from this row alone. None before any
    # write.
    at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The same for the transactions that wrote a revision the public sees: the mark of
    # what the public can read, so what editors and admins do out of its sight never
    # changes what it is told.
    public_value: Mapped[int] = mapped_column(BigInteger, default=0)
    public_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The commit numbers (full and public) of the last change that reaches every site's
    # history: an actor's or a source's name is written in any history that names it.
    # With the site's own mark (SiteHistoryMark) and the epoch, it names the state of the
    # data a history shows (heritage.history_marks).
    shared_value: Mapped[int] = mapped_column(BigInteger, default=0)
    shared_public_value: Mapped[int] = mapped_column(BigInteger, default=0)
    # Renewed by every restore (heritage.backup), which puts back older numbers that the
    # commits after it draw again: feed cursors carry it, so a cursor from before a
    # restore is recognised as such instead of read as a position in the new history.
    epoch: Mapped[str] = mapped_column(String(32), default=new_feed_epoch)


class SiteHistoryMark(Base):
    """Per site, the commit numbers of the last change that can change its history (see
    heritage.history_marks): `seq` as editors see it (any change), `public_seq` as the
    public sees it (published changes only). A site without a row has had no such change
    since the counter's epoch began: both are 0."""

    __tablename__ = "site_history_marks"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    public_seq: Mapped[int] = mapped_column(BigInteger, default=0)
