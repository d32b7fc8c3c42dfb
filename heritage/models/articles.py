"""Articles: published documents, optionally with an archived copy of their text."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritage.db import Base
from heritage.models.common import Tracked
from heritage.models.sources import Source

if TYPE_CHECKING:
    from heritage.models.claims import Claim


class Article(Tracked, Base):
    __tablename__ = "articles"
    __table_args__ = (
        # The archived text, its digest and its capture time come and go together.
        CheckConstraint(
            "(text IS NULL) = (text_sha256 IS NULL) AND (text IS NULL) = (captured_at IS NULL)",
            name="text_complete",
        ),
        # The article list filters by publisher and a publication date range.
        Index("ix_articles_publisher_id_published", "publisher_id", "published"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    publisher_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    # A wire story republished by an outlet: grading counts the agency, not each outlet.
    syndicated_from_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str] = mapped_column(String(2000))
    # heritage.text.normalise_url(url): the same article under another spelling of its URL.
    url_key: Mapped[str] = mapped_column(String(2000), unique=True)
    # `known_at` keeps only articles published by a date.
    published: Mapped[dt.date] = mapped_column(Date, index=True)
    language: Mapped[str] = mapped_column(String(35))
    text: Mapped[str | None] = mapped_column(Text)
    text_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    captured_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    publisher: Mapped[Source] = relationship(foreign_keys=[publisher_id])
    syndicated_from: Mapped[Source | None] = relationship(foreign_keys=[syndicated_from_id])
    claims: Mapped[list[Claim]] = relationship(
        viewonly=True, order_by="(Claim.quote_start, Claim.id)"
    )
