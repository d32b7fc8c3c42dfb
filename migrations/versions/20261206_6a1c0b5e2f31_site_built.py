"""Sites: when they were built, in EDTF, with its first and last day.

Revision ID: 6a1c0b5e2f31
Revises: 5c1e9b7d2a40
Create Date: 2026-12-06

A site gains `built` (the EDTF text as typed: `0032`, `-0031` for 32 BC, `01XX`) and its
bounds `built_earliest`, `built_latest` as day numbers (INTEGER: heritage.dates.day_number,
0001-01-01 is day 1 and earlier days count down through 0), since a calendar date column
holds no year before AD 1. All three are empty for stored sites. The downgrade refuses a
database where a site says when it was built rather than drop what an editor recorded.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "6a1c0b5e2f31"
down_revision: str | None = "5c1e9b7d2a40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sites") as batch_op:
        batch_op.add_column(sa.Column("built", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("built_earliest", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("built_latest", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_sites_built_complete"),
            "(built IS NULL) = (built_earliest IS NULL)"
            " AND (built IS NULL) = (built_latest IS NULL)",
        )
        batch_op.create_check_constraint(
            op.f("ck_sites_built_order"), "built_earliest <= built_latest"
        )


def downgrade() -> None:
    count = (
        op.get_bind()
        .execute(sa.text("SELECT count(*) FROM sites WHERE built IS NOT NULL"))
        .scalar_one()
    )
    if count:
        raise RuntimeError(
            f"{count} site(s) say when they were built, which the older schema cannot hold;"
            " clear `built` on them first."
        )
    with op.batch_alter_table("sites") as batch_op:
        batch_op.drop_constraint(op.f("ck_sites_built_order"), type_="check")
        batch_op.drop_constraint(op.f("ck_sites_built_complete"), type_="check")
        batch_op.drop_column("built_latest")
        batch_op.drop_column("built_earliest")
        batch_op.drop_column("built")
