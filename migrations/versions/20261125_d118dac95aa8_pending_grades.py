"""Events whose grade a bulk import has still to recompute.

Revision ID: d118dac95aa8
Revises: c4e8a1f07b52
Create Date: 2026-11-25

An import's claims name each event about twice, in batches far apart: instead of
regrading the events of every batch, it notes them here in the batch's transaction and
regrades each one once at its end. What an interrupted import noted waits here for the
next import's end.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d118dac95aa8"
down_revision: str | None = "c4e8a1f07b52"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_grades",
        sa.Column("event_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_pending_grades")),
    )


def downgrade() -> None:
    op.drop_table("pending_grades")
