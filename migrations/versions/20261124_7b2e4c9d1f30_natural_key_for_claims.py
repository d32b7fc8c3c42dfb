"""A natural key for claims, so imports can update them.

Revision ID: 7b2e4c9d1f30
Revises: 5d1c0e2b7a41
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7b2e4c9d1f30"
down_revision: str | None = "5d1c0e2b7a41"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key", sa.String(length=100), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_claims_key"), ["key"])


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_claims_key"), type_="unique")
        batch_op.drop_column("key")
