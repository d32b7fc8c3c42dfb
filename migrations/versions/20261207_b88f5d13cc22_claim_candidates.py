"""Candidate claims proposed by the extractor, kept apart until a person decides each.

Revision ID: b88f5d13cc22
Revises: a4c7e1d93b20
Create Date: 2026-12-07

`POST /api/v1/articles/{id}/extract` (and the web app's button) stores what the extractor
proposes from an article's text; an editor accepts, edits or rejects each, and only an
accepted candidate becomes a (draft) claim. The upgrade creates the empty table; the
downgrade drops it, losing the proposals and decisions but no claim made from them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b88f5d13cc22"
down_revision: str | None = "a4c7e1d93b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("extractor_version", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("mention", sa.Text(), nullable=True),
        sa.Column("event_type", sa.String(length=32), nullable=True),
        sa.Column("date_edtf", sa.String(length=100), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_role", sa.String(length=32), nullable=True),
        sa.Column("speaker_name", sa.Text(), nullable=True),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("speaker_affiliation", sa.Text(), nullable=True),
        sa.Column("stance", sa.String(length=32), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("caption", sa.Boolean(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(status = 'pending') = (decided_at IS NULL)",
            name=op.f("ck_claim_candidates_decided_when_not_pending"),
        ),
        sa.CheckConstraint(
            "actor_role IN ('perpetrator', 'controller', 'supporter')",
            name=op.f("ck_claim_candidates_actor_role_vocabulary"),
        ),
        sa.CheckConstraint(
            "claim_id IS NULL OR status IN ('accepted', 'edited')",
            name=op.f("ck_claim_candidates_claim_when_accepted"),
        ),
        sa.CheckConstraint(
            "event_type IN ('destroyed', 'severely_damaged', 'moderately_damaged', 'possibly_damaged', 'damaged', 'looted', 'vandalised', 'booby_trapped', 'militarily_used', 'illegally_excavated', 'captured', 'contested', 'besieged', 'killed', 'detained', 'abducted', 'evacuated', 'demined', 'restored', 'assessed', 'other')",
            name=op.f("ck_claim_candidates_event_type_vocabulary"),
        ),
        sa.CheckConstraint(
            "stance IN ('affirms', 'disputes')", name=op.f("ck_claim_candidates_stance_vocabulary")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'accepted', 'edited', 'rejected')",
            name=op.f("ck_claim_candidates_status_vocabulary"),
        ),
        sa.CheckConstraint(
            "quote_start >= 0 AND quote_end > quote_start",
            name=op.f("ck_claim_candidates_quote_offsets"),
        ),
        sa.CheckConstraint(
            "score >= 0 AND score <= 1", name=op.f("ck_claim_candidates_score_range")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_claim_candidates_actor_id_actors"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_claim_candidates_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_candidates_claim_id_claims"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_claim_candidates_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_claim_candidates_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_claim_candidates_event_id_events"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["sites.id"],
            name=op.f("fk_claim_candidates_site_id_sites"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["sources.id"],
            name=op.f("fk_claim_candidates_speaker_id_sources"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_candidates")),
    )
    with op.batch_alter_table("claim_candidates", schema=None) as batch_op:
        batch_op.create_index(
            "ix_claim_candidates_article_id_status", ["article_id", "status"], unique=False
        )
        batch_op.create_index(
            "ix_claim_candidates_extractor_version_status",
            ["extractor_version", "status"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("claim_candidates", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_candidates_extractor_version_status")
        batch_op.drop_index("ix_claim_candidates_article_id_status")

    op.drop_table("claim_candidates")
