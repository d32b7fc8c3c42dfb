"""Public feed positions, a public commit mark, and the feed's epoch.

Revision ID: 8e3f5a27c6d9
Revises: 3f6b2a9c1d70
Create Date: 2026-12-06

Public cursors and validators counted every commit, hidden ones included (drafts, account
changes): each public revision now has its own position among the public ones
(`public_seq`, `public_ordinal`), and the commit counter a public mark beside the full one.
The upgrade numbers the public revisions already stored in commit order, so the public
feed reads as it did. The counter also gets the epoch that a restore renews, so that feed
cursors from before a restore are recognised.
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8e3f5a27c6d9"
down_revision: str | None = "3f6b2a9c1d70"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_seq", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("public_ordinal", sa.Integer(), nullable=True))
    # UPDATE … FROM: PostgreSQL, and SQLite since 3.33. One pass, whatever the trail's size.
    op.execute(
        "UPDATE revisions SET public_seq = numbered.seq, public_ordinal = numbered.ordinal"
        " FROM (SELECT id, dense_rank() OVER (ORDER BY commit_seq) AS seq,"
        " row_number() OVER (PARTITION BY commit_seq ORDER BY id) AS ordinal"
        " FROM revisions WHERE public) AS numbered"
        " WHERE revisions.id = numbered.id"
    )
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_revisions_public_seq_public_ordinal",
            ["public_seq", "public_ordinal"],
            unique=True,
        )
    with op.batch_alter_table("commit_counter", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("public_value", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("public_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("epoch", sa.String(length=32), nullable=False, server_default="")
        )
    last_public = "(SELECT max(public_seq) FROM revisions)"
    op.execute(
        f"UPDATE commit_counter SET public_value = coalesce({last_public}, 0),"
        f" public_at = (SELECT max(at) FROM revisions WHERE public_seq = {last_public})"
    )
    op.execute(
        sa.text("UPDATE commit_counter SET epoch = :epoch").bindparams(epoch=secrets.token_hex(8))
    )
    with op.batch_alter_table("commit_counter", schema=None) as batch_op:
        batch_op.alter_column("public_value", server_default=None)
        batch_op.alter_column("epoch", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("commit_counter", schema=None) as batch_op:
        batch_op.drop_column("epoch")
        batch_op.drop_column("public_at")
        batch_op.drop_column("public_value")
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_index("ix_revisions_public_seq_public_ordinal")
        batch_op.drop_column("public_ordinal")
        batch_op.drop_column("public_seq")
