"""Index claims by event, status and tombstone, in place of event alone.

Revision ID: c4e8a1f07b52
Revises: 7b2e4c9d1f30
Create Date: 2026-11-24

Reading the live, published claims of some events (history, grading, CSV export) then
needs the index only; on SQLite without statistics it also stops the planner from
scanning every published claim through ix_claims_status for each regrading.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c4e8a1f07b52"
down_revision: str | None = "7b2e4c9d1f30"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(
            "ix_claims_event_id_status", ["event_id", "status", "deleted_at"], unique=False
        )
        batch_op.drop_index("ix_claims_event_id")


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index("ix_claims_event_id", ["event_id"], unique=False)
        batch_op.drop_index("ix_claims_event_id_status")
