"""Candidate claims: what the extractor proposed from an article's text, kept apart from the
claims themselves until a person accepts, edits or rejects each (heritage.services.candidates).

A candidate keeps the extractor's proposal as it was, whatever the person made of it, so that
each extractor version's acceptance rate can be counted; the claim it became holds the
person's version."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritage.db import Base
from heritage.models.actors import Actor
from heritage.models.articles import Article
from heritage.models.common import VOCAB_LENGTH, vocabulary_check
from heritage.models.events import Event
from heritage.models.sites import Site
from heritage.models.sources import Source
from heritage.vocab import ActorRole, CandidateStatus, EventType, Stance

EXTRACTOR_VERSION_LENGTH = 32


class ClaimCandidate(Base):
    __tablename__ = "claim_candidates"
    __table_args__ = (
        vocabulary_check("status", CandidateStatus),
        vocabulary_check("stance", Stance),
        vocabulary_check("event_type", EventType),
        vocabulary_check("actor_role", ActorRole),
        CheckConstraint("quote_start >= 0 AND quote_end > quote_start", name="quote_offsets"),
        CheckConstraint("score >= 0 AND score <= 1", name="score_range"),
        # A decision says who took it and when; a claim comes only from an acceptance.
        CheckConstraint(
            "(status = 'pending') = (decided_at IS NULL)", name="decided_when_not_pending"
        ),
        CheckConstraint(
            "claim_id IS NULL OR status IN ('accepted', 'edited')", name="claim_when_accepted"
        ),
        # An article's candidates, by what is left to decide (the candidates page, the desk).
        Index("ix_claim_candidates_article_id_status", "article_id", "status"),
        # The acceptance rate of each extractor version.
        Index("ix_claim_candidates_extractor_version_status", "extractor_version", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Decisions carry `WHERE version = <as read>`: two editors deciding the same candidate at
    # once cannot both turn it into a claim.
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # The text the offsets count in: a candidate read from an earlier text is not offered.
    text_sha256: Mapped[str] = mapped_column(String(64))
    extractor_version: Mapped[str] = mapped_column(String(EXTRACTOR_VERSION_LENGTH))
    # Ranks candidates for review (0..1); no probability.
    score: Mapped[float] = mapped_column(Float)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", ondelete="SET NULL"))
    # The words naming the place, kept when no stored site matches (an unknown mention).
    mention: Mapped[str | None] = mapped_column(Text)
    event_type: Mapped[str | None] = mapped_column(String(VOCAB_LENGTH))
    date_edtf: Mapped[str | None] = mapped_column(String(100))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"))
    actor_role: Mapped[str | None] = mapped_column(String(VOCAB_LENGTH))
    # The speaker as the text names them; NULL is the article's own voice.
    speaker_name: Mapped[str | None] = mapped_column(Text)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    speaker_affiliation: Mapped[str | None] = mapped_column(Text)
    stance: Mapped[str] = mapped_column(String(VOCAB_LENGTH))
    quote: Mapped[str] = mapped_column(Text)
    quote_start: Mapped[int]
    quote_end: Mapped[int]
    # Read from a photo caption: its date is when the photo was released, not the event's.
    caption: Mapped[bool] = mapped_column(Boolean, default=False)
    # A stored event of the same site and type whose dates overlap; NULL proposes a new one.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(VOCAB_LENGTH), default=CandidateStatus.PENDING.value)
    reason: Mapped[str | None] = mapped_column(Text)  # why it was rejected
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    article: Mapped[Article] = relationship()
    site: Mapped[Site | None] = relationship()
    actor: Mapped[Actor | None] = relationship()
    speaker: Mapped[Source | None] = relationship()
    event: Mapped[Event | None] = relationship()
