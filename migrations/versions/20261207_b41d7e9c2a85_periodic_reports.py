"""Periodic reports: their definitions and the issues kept as evidence.

Revision ID: b41d7e9c2a85
Revises: 9e5a3c1b7d64
Create Date: 2026-12-07

`report_definitions` says what a report covers and for whom; `report_issues` keeps each
issued report's three files with their SHA-256. An issued report is evidence: a trigger
refuses any UPDATE of a stored issue on both engines (the ORM refuses deleting one too,
heritage.models.reports). DELETE is not refused by the database, so that a wipe of the
data (the tests' fixtures) still empties the table.

The downgrade drops the triggers and both tables, with every issued report in them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b41d7e9c2a85"
down_revision: str | None = "9e5a3c1b7d64"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSAL = "a stored report issue is immutable"


def upgrade() -> None:
    op.create_table(
        "report_definitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("scope_site_id", sa.Integer(), nullable=True),
        sa.Column("cadence", sa.String(length=32), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("first_period_start", sa.Date(), nullable=True),
        sa.Column("audience", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=32), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("created_by", sa.String(length=300), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "cadence IN ('weekly', 'monthly', 'quarterly', 'fixed')",
            name=op.f("ck_report_definitions_cadence_vocabulary"),
        ),
        sa.CheckConstraint(
            "audience IN ('public', 'internal')",
            name=op.f("ck_report_definitions_audience_vocabulary"),
        ),
        sa.CheckConstraint(
            "language IN ('en', 'ar')", name=op.f("ck_report_definitions_language_vocabulary")
        ),
        sa.CheckConstraint(
            "(cadence = 'fixed' AND period_start IS NOT NULL AND period_end IS NOT NULL"
            " AND period_start <= period_end)"
            " OR (cadence <> 'fixed' AND period_start IS NULL AND period_end IS NULL"
            " AND first_period_start IS NOT NULL)",
            name=op.f("ck_report_definitions_period_fits_cadence"),
        ),
        sa.ForeignKeyConstraint(
            ["scope_site_id"], ["sites.id"], name=op.f("fk_report_definitions_scope_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_definitions")),
    )
    op.create_table(
        "report_issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("definition_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("period_label", sa.String(length=40), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("html", sa.LargeBinary(), nullable=False),
        sa.Column("html_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("csv", sa.LargeBinary(), nullable=False),
        sa.Column("csv_sha256", sa.String(length=64), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("corrections", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["report_issues.id"],
            name=op.f("fk_report_issues_corrects_id_report_issues"),
        ),
        sa.ForeignKeyConstraint(
            ["definition_id"],
            ["report_definitions.id"],
            name=op.f("fk_report_issues_definition_id_report_definitions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_issues")),
        sa.UniqueConstraint(
            "definition_id",
            "period_start",
            "period_end",
            "position",
            name=op.f("uq_report_issues_definition_id_period_start_period_end_position"),
        ),
    )
    op.create_index(
        "ix_report_issues_definition_id_period_start",
        "report_issues",
        ["definition_id", "period_start"],
        unique=False,
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION refuse_report_issue_update() RETURNS trigger LANGUAGE plpgsql AS"
            f" $$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER report_issues_immutable BEFORE UPDATE ON report_issues"
            " FOR EACH ROW EXECUTE FUNCTION refuse_report_issue_update()"
        )
    else:
        op.execute(
            "CREATE TRIGGER report_issues_immutable BEFORE UPDATE ON report_issues"
            f" BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER report_issues_immutable ON report_issues")
        op.execute("DROP FUNCTION refuse_report_issue_update()")
    else:
        op.execute("DROP TRIGGER report_issues_immutable")
    op.drop_index("ix_report_issues_definition_id_period_start", table_name="report_issues")
    op.drop_table("report_issues")
    op.drop_table("report_definitions")
