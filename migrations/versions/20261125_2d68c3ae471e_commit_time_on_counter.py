"""The commit counter keeps the time it last moved.

Revision ID: 2d68c3ae471e
Revises: d118dac95aa8
Create Date: 2026-11-25

The commit mark that every conditional read checks was the counter's value and the latest
time among the revisions of that commit: after an import, whose batches write thousands
of revisions each, reading it cost a millisecond. The counter's row now holds that time
itself. The upgrade copies it from the revisions, so the mark reads as it did.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2d68c3ae471e"
down_revision: str | None = "d118dac95aa8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("commit_counter", schema=None) as batch_op:
        batch_op.add_column(sa.Column("at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE commit_counter SET at ="
        " (SELECT max(r.at) FROM revisions r WHERE r.commit_seq = commit_counter.value)"
    )


def downgrade() -> None:
    with op.batch_alter_table("commit_counter", schema=None) as batch_op:
        batch_op.drop_column("at")
