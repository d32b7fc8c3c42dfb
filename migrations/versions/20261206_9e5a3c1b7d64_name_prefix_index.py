"""B-tree indexes of the folded names in byte order: type-ahead reads a prefix's first names.

Revision ID: 9e5a3c1b7d64
Revises: 7b2d1c6f3a42
Create Date: 2026-12-06

The type-ahead ranked every name containing the text, and a common piece ("al-", "Khan")
is in tens of thousands of names. It now reads the first names starting with the text
in order, as few as it needs, and for that each folded name column gets a B-tree index
in the order of its bytes (heritage.services.search_dialects.prefix_index): SQLite's
default collation is already that order; on PostgreSQL the index is built with
`COLLATE "C"`, whatever the database's collation, and the query asks for the same.

The models do not describe these indexes (the "C" collation exists on PostgreSQL only);
the comparison of models and migrations leaves them out, as it does the trigram indexes.
The downgrade drops them: the type-ahead then ranks through the trigram index alone.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "9e5a3c1b7d64"
down_revision: str | None = "7b2d1c6f3a42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, folded column), as heritage.services.search_dialects.SEARCHED_COLUMNS at this
# revision: a migration keeps its own copy, as it must build the same schema forever.
SEARCHED_COLUMNS = (
    ("sites", "name_folded"),
    ("site_names", "name_folded"),
    ("actors", "name_folded"),
    ("actor_aliases", "alias_folded"),
    ("sources", "name_folded"),
)


def upgrade() -> None:
    collation = ' COLLATE "C"' if op.get_bind().dialect.name == "postgresql" else ""
    for table, column in SEARCHED_COLUMNS:
        op.execute(f"CREATE INDEX ix_{table}_{column}_prefix ON {table} ({column}{collation})")


def downgrade() -> None:
    for table, column in SEARCHED_COLUMNS:
        op.execute(f"DROP INDEX ix_{table}_{column}_prefix")
