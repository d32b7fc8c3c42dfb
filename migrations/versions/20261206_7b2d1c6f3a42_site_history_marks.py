"""Per-site history marks, and the counter's shared mark.

Revision ID: 7b2d1c6f3a42
Revises: 8c3e2d7a4b53
Create Date: 2026-12-06

A history's ETag names the last commit that can change that site's history (its row in
site_history_marks) and the last one that can change every history (the counter's shared
values), instead of the last commit anywhere (heritage.history_marks). The upgrade starts
every existing site, and the shared mark, at the counter's current numbers, so that no
history is vouched for by a mark older than the data it shows. The downgrade drops both:
ETags go back to naming the counter alone.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7b2d1c6f3a42"
down_revision: str | None = "8c3e2d7a4b53"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("commit_counter", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("shared_value", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("shared_public_value", sa.BigInteger(), nullable=False, server_default="0")
        )
    op.execute("UPDATE commit_counter SET shared_value = value, shared_public_value = public_value")
    with op.batch_alter_table("commit_counter", schema=None) as batch_op:
        batch_op.alter_column("shared_value", server_default=None)
        batch_op.alter_column("shared_public_value", server_default=None)
    op.create_table(
        "site_history_marks",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("public_seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_site_history_marks_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("site_id", name=op.f("pk_site_history_marks")),
    )
    op.execute(
        "INSERT INTO site_history_marks (site_id, seq, public_seq)"
        " SELECT sites.id, commit_counter.value, commit_counter.public_value"
        " FROM sites JOIN commit_counter ON commit_counter.id = 1"
    )


def downgrade() -> None:
    op.drop_table("site_history_marks")
    with op.batch_alter_table("commit_counter", schema=None) as batch_op:
        batch_op.drop_column("shared_public_value")
        batch_op.drop_column("shared_value")
