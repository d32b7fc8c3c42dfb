"""Trigram indexes of the folded names: type-ahead and search that scale.

Revision ID: 8c3e2d7a4b53
Revises: 6a1c0b5e2f31
Create Date: 2026-12-06

Search found names with LIKE '%text%' on their folded copies, which reads every name.
Each folded name column is now indexed by trigrams, so that a substring anywhere in a
name is found through the index (heritage.services.search_dialects):

- SQLite: an FTS5 table per column, `search_<table>` (trigram tokenizer, case-sensitive,
  since the folded text has no case; external content: the index only, the text stays in
  the table), kept in step by triggers on insert, delete and a change of the folded
  name, so every write path (services, the import's bulk inserts, raw loads) updates it.
  Filled here from the rows stored. A later batch migration that rebuilds one of these
  tables drops its triggers with the old table, and must create them again.
- PostgreSQL: pg_trgm (a trusted extension: the database's owner may create it) and a
  GIN index with gin_trgm_ops on each folded column, which LIKE and `%` use.

The downgrade drops the indexes, triggers and FTS tables. It leaves the pg_trgm extension,
which other databases' objects or a DBA may rely on and which holds no data.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "8c3e2d7a4b53"
down_revision: str | None = "6a1c0b5e2f31"
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


def _sqlite_statements(table: str, column: str) -> list[str]:
    index = f"search_{table}"
    insert = f"INSERT INTO {index} (rowid, {column}) VALUES (new.id, new.{column});"
    # An external-content FTS5 table forgets a row by being told its old text.
    forget = (
        f"INSERT INTO {index} ({index}, rowid, {column}) VALUES ('delete', old.id, old.{column});"
    )
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5({column}, content='{table}',"
        " content_rowid='id', tokenize='trigram case_sensitive 1')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {forget} END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {column} ON {table}"
        f" BEGIN {forget} {insert} END",
        f"INSERT INTO {index} ({index}) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, column in SEARCHED_COLUMNS:
            op.execute(
                f"CREATE INDEX ix_{table}_{column}_trigram ON {table}"
                f" USING gin ({column} gin_trgm_ops)"
            )
        return
    for table, column in SEARCHED_COLUMNS:
        for statement in _sqlite_statements(table, column):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, column in SEARCHED_COLUMNS:
            op.execute(f"DROP INDEX ix_{table}_{column}_trigram")
        return
    for table, _column in SEARCHED_COLUMNS:
        index = f"search_{table}"
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER {index}_{trigger}")
        op.execute(f"DROP TABLE {index}")
