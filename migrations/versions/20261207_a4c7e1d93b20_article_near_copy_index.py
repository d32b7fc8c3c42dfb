"""The index of near copies: each archived article text's MinHash buckets.

Revision ID: a4c7e1d93b20
Revises: b41d7e9c2a85
Create Date: 2026-12-06

A new article whose text is a near copy of a stored one (a wire story republished) is
proposed as syndicated from it (heritage.extraction.syndication). Comparing a text with
every stored one on each proposal costs seconds at a few thousand articles; the stored
texts' LSH buckets find the few that can be alike, and their MinHash signatures say which
of those are worth reading. The rows are derived from the texts and
filled on first use, so the upgrade writes none; the downgrade drops them, losing nothing.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a4c7e1d93b20"
down_revision: str | None = "b41d7e9c2a85"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("scheme", sa.String(length=32), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_article_signatures_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name="pk_article_signatures"),
    )
    op.create_table(
        "article_buckets",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article_signatures.article_id"],
            name="fk_article_buckets_article_id_article_signatures",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "bucket", name="pk_article_buckets"),
    )
    op.create_index("ix_article_buckets_bucket", "article_buckets", ["bucket"])


def downgrade() -> None:
    op.drop_index("ix_article_buckets_bucket", table_name="article_buckets")
    op.drop_table("article_buckets")
    op.drop_table("article_signatures")
