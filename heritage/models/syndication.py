"""The index of near copies: each archived article text's MinHash buckets, derived from the
text (heritage/extraction/syndication.py computes and refreshes them; nobody edits them)."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from heritage.db import Base


class ArticleSignature(Base):
    """An article's text indexed: which text (its SHA-256) and by which scheme (the shingle
    size and hashing), so that a changed text or scheme is indexed again, and the text's
    MinHash signature, whose estimate of likeness spares reading texts plainly unlike."""

    __tablename__ = "article_signatures"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    text_sha256: Mapped[str] = mapped_column(String(64))
    scheme: Mapped[str] = mapped_column(String(32))
    # The signature's values, 8 bytes each, big-endian.
    minhash: Mapped[bytes] = mapped_column(LargeBinary)


class ArticleBucket(Base):
    """One LSH band of an article's MinHash signature, hashed: two texts sharing a bucket
    are candidates for being copies of each other."""

    __tablename__ = "article_buckets"
    # Looked up by bucket: which indexed articles share one with a new text.
    __table_args__ = (Index("ix_article_buckets_bucket", "bucket"),)

    article_id: Mapped[int] = mapped_column(
        ForeignKey("article_signatures.article_id", ondelete="CASCADE"), primary_key=True
    )
    bucket: Mapped[int] = mapped_column(BigInteger, primary_key=True)
