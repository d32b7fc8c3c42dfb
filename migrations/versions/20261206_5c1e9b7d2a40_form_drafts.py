"""Form drafts: what editors typed into a form and have not saved yet.

Revision ID: 5c1e9b7d2a40
Revises: 299662fe6748
Create Date: 2026-12-06

The web app keeps an open form's values on the server as the editor types, so that an
expired session, a closed tab or a crash loses nothing. The downgrade drops the table and
with it any draft not saved yet.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c1e9b7d2a40"
down_revision: str | None = "299662fe6748"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "form_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=200), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_form_drafts_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_form_drafts"),
        sa.UniqueConstraint("user_id", "form", name="uq_form_drafts_user_id_form"),
    )


def downgrade() -> None:
    op.drop_table("form_drafts")
