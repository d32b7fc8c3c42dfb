"""Accounts and tokens, review status, versions, tombstones, revisions, restricted sites.

Revision ID: 5d1c0e2b7a41
Revises: a9cb5d8c2966
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d1c0e2b7a41"
down_revision: str | None = "a9cb5d8c2966"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "commit_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commit_counter")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "role IN ('viewer', 'editor', 'reviewer', 'admin')",
            name=op.f("ck_users_role_vocabulary"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commit_seq", sa.BigInteger(), nullable=False),
        sa.Column("resource", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(length=300), nullable=False),
        sa.Column(
            "at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "action IN ('created', 'updated', 'deleted', 'restored', 'submitted', 'returned', 'published', 'retracted', 'grade_overridden')",
            name=op.f("ck_revisions_action_vocabulary"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_revisions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revisions")),
    )
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.create_index("ix_revisions_commit_seq_id", ["commit_seq", "id"], unique=False)
        batch_op.create_index(
            "ix_revisions_resource_record_id", ["resource", "record_id"], unique=False
        )

    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("updated_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_actors_deleted_by_id_users"), "users", ["deleted_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_actors_created_by_id_users"), "users", ["created_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_actors_updated_by_id_users"), "users", ["updated_by_id"], ["id"]
        )

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("updated_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_articles_updated_by_id_users"), "users", ["updated_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_articles_deleted_by_id_users"), "users", ["deleted_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_articles_created_by_id_users"), "users", ["created_by_id"], ["id"]
        )

    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=32), nullable=False, server_default="published")
        )
        batch_op.add_column(sa.Column("status_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("updated_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_claims_status", ["status"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_claims_deleted_by_id_users"), "users", ["deleted_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_claims_updated_by_id_users"), "users", ["updated_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_claims_created_by_id_users"), "users", ["created_by_id"], ["id"]
        )

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=32), nullable=False, server_default="published")
        )
        batch_op.add_column(sa.Column("status_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("updated_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_events_status", ["status"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_events_created_by_id_users"), "users", ["created_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_events_updated_by_id_users"), "users", ["updated_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_events_deleted_by_id_users"), "users", ["deleted_by_id"], ["id"]
        )

    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("restricted", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("public_latitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("public_longitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("updated_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_sites_created_by_id_users"), "users", ["created_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_sites_deleted_by_id_users"), "users", ["deleted_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_sites_updated_by_id_users"), "users", ["updated_by_id"], ["id"]
        )

    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("updated_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_sources_created_by_id_users"), "users", ["created_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_sources_updated_by_id_users"), "users", ["updated_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_sources_deleted_by_id_users"), "users", ["deleted_by_id"], ["id"]
        )

    # Records stored before review existed were public: they stay published. The server
    # defaults above only fill existing rows; new rows get their values from the services.
    op.execute("UPDATE sites SET public_latitude = latitude, public_longitude = longitude")
    op.execute("INSERT INTO commit_counter (id, value) VALUES (1, 0)")
    for table in ("sites", "actors", "sources", "articles", "events", "claims"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("version", server_default=None)
            if table in ("events", "claims"):
                batch_op.alter_column("status", server_default=None)
            if table == "sites":
                batch_op.alter_column("restricted", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_sources_deleted_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_sources_updated_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_sources_created_by_id_users"), type_="foreignkey")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("updated_by_id")
        batch_op.drop_column("created_by_id")
        batch_op.drop_column("version")

    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_sites_updated_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_sites_deleted_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_sites_created_by_id_users"), type_="foreignkey")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("updated_by_id")
        batch_op.drop_column("created_by_id")
        batch_op.drop_column("version")
        batch_op.drop_column("public_longitude")
        batch_op.drop_column("public_latitude")
        batch_op.drop_column("restricted")

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_events_deleted_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_events_updated_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_events_created_by_id_users"), type_="foreignkey")
        batch_op.drop_index("ix_events_status")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("updated_by_id")
        batch_op.drop_column("created_by_id")
        batch_op.drop_column("version")
        batch_op.drop_column("status_reason")
        batch_op.drop_column("status")

    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_claims_created_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_claims_updated_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_claims_deleted_by_id_users"), type_="foreignkey")
        batch_op.drop_index("ix_claims_status")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("updated_by_id")
        batch_op.drop_column("created_by_id")
        batch_op.drop_column("version")
        batch_op.drop_column("status_reason")
        batch_op.drop_column("status")

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_articles_created_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_articles_deleted_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_articles_updated_by_id_users"), type_="foreignkey")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("updated_by_id")
        batch_op.drop_column("created_by_id")
        batch_op.drop_column("version")

    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_actors_updated_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_actors_created_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_actors_deleted_by_id_users"), type_="foreignkey")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("updated_by_id")
        batch_op.drop_column("created_by_id")
        batch_op.drop_column("version")

    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_index("ix_revisions_resource_record_id")
        batch_op.drop_index("ix_revisions_commit_seq_id")

    op.drop_table("revisions")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))

    op.drop_table("api_tokens")
    op.drop_table("users")
    op.drop_table("settings")
    op.drop_table("commit_counter")
