"""Claims: what one article says about one event, and who inside it says so."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritage.db import Base
from heritage.models.articles import Article
from heritage.models.common import KEY_LENGTH, VOCAB_LENGTH, Tracked, vocabulary_check
from heritage.models.events import Event
from heritage.models.sources import Source
from heritage.vocab import ClaimBasis, Stance, Status


class Claim(Tracked, Base):
    __tablename__ = "claims"
    __table_args__ = (
        vocabulary_check("stance", Stance),
        vocabulary_check("basis", ClaimBasis),
        vocabulary_check("status", Status),
        # Public reads filter on published records.
        Index("ix_claims_status", "status"),
        CheckConstraint(
            "(quote_start IS NULL) = (quote_end IS NULL)"
            " AND (quote_start IS NULL OR (quote IS NOT NULL AND quote_start >= 0"
            " AND quote_end > quote_start))",
            name="quote_offsets",
        ),
        CheckConstraint(
            "(stated_date_edtf IS NULL) = (stated_earliest IS NULL)"
            " AND (stated_earliest IS NULL) = (stated_latest IS NULL)",
            name="stated_date_complete",
        ),
        # The history, grading and the CSV export read the live claims of a set of events
        # by status: with status in the index they never touch the table to filter, and
        # SQLite prefers it to ix_claims_status (which scans every published claim).
        Index("ix_claims_event_id_status", "event_id", "status", "deleted_at"),
        # An article's claims (article read) and the `article` filter of the claim list.
        Index("ix_claims_article_id", "article_id"),
        # The `speaker` filter of the claim list.
        Index("ix_claims_speaker_id", "speaker_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A natural key for imports, so a partner's updated claim updates instead of repeating.
    key: Mapped[str | None] = mapped_column(String(KEY_LENGTH), unique=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="RESTRICT"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    # None: the article's own voice.
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="RESTRICT"))
    quote: Mapped[str | None] = mapped_column(Text)
    quote_start: Mapped[int | None]
    quote_end: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    stance: Mapped[str] = mapped_column(String(VOCAB_LENGTH))
    basis: Mapped[str] = mapped_column(String(VOCAB_LENGTH), default=ClaimBasis.REPORT.value)
    # The date, actor and figures as this source states them, which may disagree with others.
    stated_date_edtf: Mapped[str | None] = mapped_column(String(100))
    stated_earliest: Mapped[dt.date | None] = mapped_column(Date)
    stated_latest: Mapped[dt.date | None] = mapped_column(Date)
    stated_actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="RESTRICT")
    )
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(VOCAB_LENGTH), default=Status.DRAFT.value)
    # Why it was retracted or sent back: shown beside the record, kept in its revisions.
    status_reason: Mapped[str | None] = mapped_column(Text)

    article: Mapped[Article] = relationship()
    event: Mapped[Event] = relationship()
    speaker: Mapped[Source | None] = relationship(foreign_keys=[speaker_id])
