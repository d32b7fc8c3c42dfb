"""Core tracker schema: sites, actors, sources, articles, events and claims.

Revision ID: a9cb5d8c2966
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a9cb5d8c2966"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_folded", sa.String(length=300), nullable=False),
        sa.Column("part_of_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("part_of_id <> id", name=op.f("ck_actors_not_part_of_itself")),
        sa.ForeignKeyConstraint(
            ["part_of_id"], ["actors.id"], name=op.f("fk_actors_part_of_id_actors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
        sa.UniqueConstraint("key", name=op.f("uq_actors_key")),
    )
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actors_part_of_id"), ["part_of_id"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("date_edtf", sa.String(length=100), nullable=False),
        sa.Column("earliest", sa.Date(), nullable=False),
        sa.Column("latest", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("grade", sa.String(length=32), nullable=False),
        sa.Column("grade_override", sa.String(length=32), nullable=True),
        sa.Column("grade_override_reason", sa.Text(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "(category = 'damage' AND type = 'destroyed') OR (category = 'damage' AND type = 'severely_damaged') OR (category = 'damage' AND type = 'moderately_damaged') OR (category = 'damage' AND type = 'possibly_damaged') OR (category = 'damage' AND type = 'looted') OR (category = 'damage' AND type = 'vandalised') OR (category = 'damage' AND type = 'booby_trapped') OR (category = 'damage' AND type = 'militarily_used') OR (category = 'damage' AND type = 'illegally_excavated') OR (category = 'control' AND type = 'captured') OR (category = 'control' AND type = 'contested') OR (category = 'control' AND type = 'besieged') OR (category = 'person' AND type = 'killed') OR (category = 'person' AND type = 'detained') OR (category = 'person' AND type = 'abducted') OR (category = 'protection' AND type = 'evacuated') OR (category = 'protection' AND type = 'demined') OR (category = 'protection' AND type = 'restored')",
            name=op.f("ck_events_type_in_category"),
        ),
        sa.CheckConstraint(
            "grade IN ('confirmed', 'fair', 'weak', 'contested', 'discounted')",
            name=op.f("ck_events_grade_vocabulary"),
        ),
        sa.CheckConstraint(
            "grade_override IN ('confirmed', 'fair', 'weak', 'contested', 'discounted')",
            name=op.f("ck_events_grade_override_vocabulary"),
        ),
        sa.CheckConstraint(
            "grade_override IS NULL OR (grade_override_reason IS NOT NULL AND grade_override_reason <> '')",
            name=op.f("ck_events_override_has_reason"),
        ),
        sa.CheckConstraint("earliest <= latest", name=op.f("ck_events_date_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("key", name=op.f("uq_events_key")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_category_type", ["category", "type"], unique=False)
        batch_op.create_index("ix_events_earliest_latest", ["earliest", "latest"], unique=False)
        batch_op.create_index("ix_events_grade", ["grade"], unique=False)

    op.create_table(
        "sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_folded", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("location_certainty", sa.String(length=32), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "kind IN ('city', 'town', 'temple', 'tomb', 'necropolis', 'arch', 'theatre', 'colonnade', 'museum', 'prison', 'mosque', 'church', 'monastery', 'citadel', 'archaeological_site', 'library', 'monument', 'other')",
            name=op.f("ck_sites_kind_vocabulary"),
        ),
        sa.CheckConstraint(
            "location_certainty IN ('exact', 'approximate', 'uncertain')",
            name=op.f("ck_sites_location_certainty_vocabulary"),
        ),
        sa.CheckConstraint(
            "(latitude IS NULL) = (longitude IS NULL) AND (location_certainty IS NULL OR latitude IS NOT NULL)",
            name=op.f("ck_sites_location_complete"),
        ),
        sa.CheckConstraint("latitude BETWEEN -90 AND 90", name=op.f("ck_sites_latitude_range")),
        sa.CheckConstraint("longitude BETWEEN -180 AND 180", name=op.f("ck_sites_longitude_range")),
        sa.CheckConstraint("parent_id <> id", name=op.f("ck_sites_not_own_parent")),
        sa.ForeignKeyConstraint(["parent_id"], ["sites.id"], name=op.f("fk_sites_parent_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sites")),
        sa.UniqueConstraint("key", name=op.f("uq_sites_key")),
    )
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sites_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "actor_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("alias_folded", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_actor_aliases_actor_id_actors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor_aliases")),
        sa.UniqueConstraint("actor_id", "alias", name=op.f("uq_actor_aliases_actor_id_alias")),
    )
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "role IN ('perpetrator', 'controller', 'supporter')",
            name=op.f("ck_event_actors_role_vocabulary"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_event_actors_actor_id_actors"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_actors_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "actor_id", "role", name=op.f("pk_event_actors")),
    )
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.create_index("ix_event_actors_actor_id", ["actor_id"], unique=False)

    op.create_table(
        "event_sites",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_sites_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["sites.id"],
            name=op.f("fk_event_sites_site_id_sites"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("event_id", "site_id", name=op.f("pk_event_sites")),
    )
    with op.batch_alter_table("event_sites", schema=None) as batch_op:
        batch_op.create_index("ix_event_sites_site_id", ["site_id"], unique=False)

    op.create_table(
        "site_designations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("designation", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "designation IN ('world_heritage', 'world_heritage_in_danger', 'tentative_list', 'national_monument', 'enhanced_protection')",
            name=op.f("ck_site_designations_designation_vocabulary"),
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["sites.id"],
            name=op.f("fk_site_designations_site_id_sites"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_designations")),
        sa.UniqueConstraint(
            "site_id", "designation", name=op.f("uq_site_designations_site_id_designation")
        ),
    )
    op.create_table(
        "site_identifiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "scheme IN ('wikidata', 'pleiades', 'unesco', 'geonames')",
            name=op.f("ck_site_identifiers_scheme_vocabulary"),
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["sites.id"],
            name=op.f("fk_site_identifiers_site_id_sites"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_identifiers")),
        sa.UniqueConstraint("scheme", "value", name=op.f("uq_site_identifiers_scheme_value")),
    )
    with op.batch_alter_table("site_identifiers", schema=None) as batch_op:
        batch_op.create_index("ix_site_identifiers_site_id", ["site_id"], unique=False)

    op.create_table(
        "site_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_folded", sa.String(length=300), nullable=False),
        sa.Column("lang", sa.String(length=35), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "type IN ('preferred', 'alternative', 'historical', 'transliteration')",
            name=op.f("ck_site_names_type_vocabulary"),
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_site_names_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_names")),
        sa.UniqueConstraint(
            "site_id", "name", "lang", name=op.f("uq_site_names_site_id_name_lang")
        ),
    )
    with op.batch_alter_table("site_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_site_names_site_id"), ["site_id"], unique=False)

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_folded", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("affiliation_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "kind IN ('organisation', 'person')", name=op.f("ck_sources_kind_vocabulary")
        ),
        sa.CheckConstraint("affiliation_id <> id", name=op.f("ck_sources_not_own_affiliation")),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_sources_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["affiliation_id"], ["sources.id"], name=op.f("fk_sources_affiliation_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("key", name=op.f("uq_sources_key")),
    )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sources_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_sources_affiliation_id"), ["affiliation_id"], unique=False
        )

    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publisher_id", sa.Integer(), nullable=False),
        sa.Column("syndicated_from_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("url_key", sa.String(length=2000), nullable=False),
        sa.Column("published", sa.Date(), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("text_sha256", sa.String(length=64), nullable=True),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "(text IS NULL) = (text_sha256 IS NULL) AND (text IS NULL) = (captured_at IS NULL)",
            name=op.f("ck_articles_text_complete"),
        ),
        sa.ForeignKeyConstraint(
            ["publisher_id"], ["sources.id"], name=op.f("fk_articles_publisher_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["syndicated_from_id"],
            ["sources.id"],
            name=op.f("fk_articles_syndicated_from_id_sources"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("text_sha256", name=op.f("uq_articles_text_sha256")),
        sa.UniqueConstraint("url_key", name=op.f("uq_articles_url_key")),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_articles_published"), ["published"], unique=False)
        batch_op.create_index(
            "ix_articles_publisher_id_published", ["publisher_id", "published"], unique=False
        )

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("quote_start", sa.Integer(), nullable=True),
        sa.Column("quote_end", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("stance", sa.String(length=32), nullable=False),
        sa.Column("basis", sa.String(length=32), nullable=False),
        sa.Column("stated_date_edtf", sa.String(length=100), nullable=True),
        sa.Column("stated_earliest", sa.Date(), nullable=True),
        sa.Column("stated_latest", sa.Date(), nullable=True),
        sa.Column("stated_actor_id", sa.Integer(), nullable=True),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "basis IN ('report', 'eyewitness', 'official_statement', 'imagery', 'responsible_party')",
            name=op.f("ck_claims_basis_vocabulary"),
        ),
        sa.CheckConstraint(
            "stance IN ('affirms', 'disputes')", name=op.f("ck_claims_stance_vocabulary")
        ),
        sa.CheckConstraint(
            "(quote_start IS NULL) = (quote_end IS NULL) AND (quote_start IS NULL OR (quote IS NOT NULL AND quote_start >= 0 AND quote_end > quote_start))",
            name=op.f("ck_claims_quote_offsets"),
        ),
        sa.CheckConstraint(
            "(stated_date_edtf IS NULL) = (stated_earliest IS NULL) AND (stated_earliest IS NULL) = (stated_latest IS NULL)",
            name=op.f("ck_claims_stated_date_complete"),
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_claims_article_id_articles"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_claims_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["sources.id"],
            name=op.f("fk_claims_speaker_id_sources"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["stated_actor_id"],
            ["actors.id"],
            name=op.f("fk_claims_stated_actor_id_actors"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index("ix_claims_article_id", ["article_id"], unique=False)
        batch_op.create_index("ix_claims_event_id", ["event_id"], unique=False)
        batch_op.create_index("ix_claims_speaker_id", ["speaker_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_speaker_id")
        batch_op.drop_index("ix_claims_event_id")
        batch_op.drop_index("ix_claims_article_id")

    op.drop_table("claims")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_publisher_id_published")
        batch_op.drop_index(batch_op.f("ix_articles_published"))

    op.drop_table("articles")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sources_affiliation_id"))
        batch_op.drop_index(batch_op.f("ix_sources_actor_id"))

    op.drop_table("sources")
    with op.batch_alter_table("site_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_site_names_site_id"))

    op.drop_table("site_names")
    with op.batch_alter_table("site_identifiers", schema=None) as batch_op:
        batch_op.drop_index("ix_site_identifiers_site_id")

    op.drop_table("site_identifiers")
    op.drop_table("site_designations")
    with op.batch_alter_table("event_sites", schema=None) as batch_op:
        batch_op.drop_index("ix_event_sites_site_id")

    op.drop_table("event_sites")
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.drop_index("ix_event_actors_actor_id")

    op.drop_table("event_actors")
    op.drop_table("actor_aliases")
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sites_parent_id"))

    op.drop_table("sites")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_grade")
        batch_op.drop_index("ix_events_earliest_latest")
        batch_op.drop_index("ix_events_category_type")

    op.drop_table("events")
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actors_part_of_id"))

    op.drop_table("actors")
