"""Site kinds as a reference table; damaged, assessed and context events.

Revision ID: 3f6b2a9c1d70
Revises: 2d68c3ae471e
Create Date: 2026-12-06

Site kinds leave their CHECK for a table an admin extends without a migration, seeded here
with a frozen copy of heritage.vocab.SEED_SITE_KINDS. Events gain the types `damaged` (no
stated severity), `assessed` (with the condition found on the ground) and `other` (context,
described). The downgrade refuses a database that uses any of them rather than rewrite what
an editor recorded.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3f6b2a9c1d70"
down_revision: str | None = "2d68c3ae471e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEED = [
    ("settlement", "Settlement", "مستوطنة", None),
    ("religious", "Religious, ritual and funerary", "ديني وجنائزي", None),
    ("defence", "Defence", "دفاعي", None),
    ("civil", "Civil", "مدني", None),
    ("commercial", "Commercial", "تجاري", None),
    ("domestic", "Domestic", "سكني", None),
    ("transport", "Transport", "نقل", None),
    ("monument", "Monument", "نصب", None),
    ("archaeological_site", "Archaeological site", "موقع أثري", None),
    ("other", "Other", "أخرى", None),
    ("city", "City", "مدينة", "settlement"),
    ("town", "Town", "بلدة", "settlement"),
    ("village", "Village", "قرية", "settlement"),
    ("tell", "Tell", "تل", "archaeological_site"),
    ("temple", "Temple", "معبد", "religious"),
    ("mosque", "Mosque", "مسجد", "religious"),
    ("minaret", "Minaret", "مئذنة", "religious"),
    ("church", "Church", "كنيسة", "religious"),
    ("monastery", "Monastery", "دير", "religious"),
    ("shrine", "Shrine", "مزار", "religious"),
    ("synagogue", "Synagogue", "كنيس", "religious"),
    ("tomb", "Tomb", "قبر", "religious"),
    ("mausoleum", "Mausoleum", "ضريح", "religious"),
    ("necropolis", "Necropolis", "مقبرة أثرية", "religious"),
    ("cemetery", "Cemetery", "مقبرة", "religious"),
    ("citadel", "Citadel", "قلعة", "defence"),
    ("castle", "Castle", "حصن", "defence"),
    ("fortification_wall", "Fortification wall", "سور", "defence"),
    ("gate", "Gate", "بوابة", "defence"),
    ("museum", "Museum", "متحف", "civil"),
    ("library", "Library", "مكتبة", "civil"),
    ("prison", "Prison", "سجن", "civil"),
    ("palace", "Palace", "قصر", "civil"),
    ("theatre", "Theatre", "مسرح", "civil"),
    ("hammam", "Hammam", "حمام", "civil"),
    ("souk", "Souk", "سوق", "commercial"),
    ("caravanserai", "Caravanserai", "خان", "commercial"),
    ("house", "House", "بيت", "domestic"),
    ("bridge", "Bridge", "جسر", "transport"),
    ("arch", "Arch", "قوس", "monument"),
    ("colonnade", "Colonnade", "رواق أعمدة", "monument"),
    ("tetrapylon", "Tetrapylon", "تترابيلون", "monument"),
    ("statue", "Statue", "تمثال", "monument"),
]
OLD_KINDS = (
    "city",
    "town",
    "temple",
    "tomb",
    "necropolis",
    "arch",
    "theatre",
    "colonnade",
    "museum",
    "prison",
    "mosque",
    "church",
    "monastery",
    "citadel",
    "archaeological_site",
    "library",
    "monument",
    "other",
)
OLD_KIND_CHECK = "kind IN ({})".format(", ".join(f"'{kind}'" for kind in OLD_KINDS))
OLD_TYPES = (
    (
        "damage",
        (
            "destroyed",
            "severely_damaged",
            "moderately_damaged",
            "possibly_damaged",
            "looted",
            "vandalised",
            "booby_trapped",
            "militarily_used",
            "illegally_excavated",
        ),
    ),
    ("control", ("captured", "contested", "besieged")),
    ("person", ("killed", "detained", "abducted")),
    ("protection", ("evacuated", "demined", "restored")),
)
NEW_TYPES = (
    (
        "damage",
        (
            "destroyed",
            "severely_damaged",
            "moderately_damaged",
            "possibly_damaged",
            "damaged",
            "looted",
            "vandalised",
            "booby_trapped",
            "militarily_used",
            "illegally_excavated",
        ),
    ),
    *OLD_TYPES[1:],
    ("assessment", ("assessed",)),
    ("context", ("other",)),
)


def _type_check(groups: Sequence[tuple[str, Sequence[str]]]) -> str:
    return " OR ".join(
        f"(category = '{category}' AND type = '{event_type}')"
        for category, types in groups
        for event_type in types
    )


def upgrade() -> None:
    kinds = op.create_table(
        "site_kinds",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("label_en", sa.String(length=300), nullable=False),
        sa.Column("label_ar", sa.String(length=300), nullable=False),
        sa.Column("broader", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["broader"], ["site_kinds.code"], name=op.f("fk_site_kinds_broader_site_kinds")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_site_kinds")),
    )
    op.bulk_insert(
        kinds,
        [
            {"code": code, "label_en": en, "label_ar": ar, "broader": broader}
            for code, en, ar, broader in SEED
        ],
    )
    with op.batch_alter_table("sites") as batch_op:
        batch_op.drop_constraint(op.f("ck_sites_kind_vocabulary"), type_="check")
        batch_op.create_index(batch_op.f("ix_sites_kind"), ["kind"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_sites_kind_site_kinds"), "site_kinds", ["kind"], ["code"]
        )
    with op.batch_alter_table("events") as batch_op:
        batch_op.add_column(sa.Column("condition_found", sa.String(length=32), nullable=True))
        batch_op.drop_constraint(op.f("ck_events_type_in_category"), type_="check")
        batch_op.create_check_constraint(op.f("ck_events_type_in_category"), _type_check(NEW_TYPES))
        batch_op.create_check_constraint(
            op.f("ck_events_condition_found_vocabulary"),
            "condition_found IN ('intact', 'possibly_damaged', 'damaged', 'moderately_damaged',"
            " 'severely_damaged', 'destroyed')",
        )
        batch_op.create_check_constraint(
            op.f("ck_events_assessment_has_finding"),
            "(type = 'assessed') = (condition_found IS NOT NULL)",
        )
        batch_op.create_check_constraint(
            op.f("ck_events_context_has_description"), "type <> 'other' OR description <> ''"
        )


def _refuse_if_used(connection: sa.Connection, query: str, what: str) -> None:
    count = connection.execute(sa.text(query)).scalar_one()
    if count:
        raise RuntimeError(
            f"{count} {what} the older schema cannot hold; change or delete them first."
        )


def downgrade() -> None:
    connection = op.get_bind()
    _refuse_if_used(
        connection,
        "SELECT count(*) FROM sites WHERE kind NOT IN ({})".format(
            ", ".join(f"'{kind}'" for kind in OLD_KINDS)
        ),
        "site(s) have a kind",
    )
    _refuse_if_used(
        connection,
        "SELECT count(*) FROM events WHERE type IN ('damaged', 'assessed', 'other')",
        "event(s) have a type",
    )
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_constraint(op.f("ck_events_context_has_description"), type_="check")
        batch_op.drop_constraint(op.f("ck_events_assessment_has_finding"), type_="check")
        batch_op.drop_constraint(op.f("ck_events_condition_found_vocabulary"), type_="check")
        batch_op.drop_constraint(op.f("ck_events_type_in_category"), type_="check")
        batch_op.create_check_constraint(op.f("ck_events_type_in_category"), _type_check(OLD_TYPES))
        batch_op.drop_column("condition_found")
    with op.batch_alter_table("sites") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_sites_kind_site_kinds"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_sites_kind"))
        batch_op.create_check_constraint(op.f("ck_sites_kind_vocabulary"), OLD_KIND_CHECK)
    op.drop_table("site_kinds")
