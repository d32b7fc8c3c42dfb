"""Stored names are folded again: past invisible characters, look-alike letters as Latin.

Revision ID: 299662fe6748
Revises: 8e3f5a27c6d9
Create Date: 2026-12-06

Search compares the folded query with a folded copy of every name and alias (the
`*_folded` columns, heritage.text.fold). The fold now also reads through invisible
characters and takes Cyrillic and Greek look-alikes of Latin letters for those letters (a
`Tеmple` with a Cyrillic е is found as Temple), so the copies stored before are computed
again. Only the rows whose copy changes are written: names in Cyrillic or Greek, or
holding invisible characters. The downgrade computes them as before (fold_spelling).
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from heritage.text import fold, fold_spelling

revision: str = "299662fe6748"
down_revision: str | None = "8e3f5a27c6d9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, name column, its folded copy)
FOLDED = (
    ("sites", "name", "name_folded"),
    ("site_names", "name", "name_folded"),
    ("actors", "name", "name_folded"),
    ("actor_aliases", "alias", "alias_folded"),
    ("sources", "name", "name_folded"),
)


def _refold(folding: Callable[[str], str]) -> None:
    connection = op.get_bind()
    for table_name, name, folded in FOLDED:
        table = sa.table(table_name, sa.column("id"), sa.column(name), sa.column(folded))
        rows = connection.execute(
            sa.select(table.c.id, table.c[name], table.c[folded]).execution_options(
                yield_per=10_000
            )
        )
        # Read to the end before writing: few rows change, and SQLite would otherwise
        # write into the table it is still reading.
        changed = [
            {"row_id": row_id, "refolded": refolded}
            for row_id, text, stored in rows
            if (refolded := folding(text)) != stored
        ]
        if changed:
            connection.execute(
                table.update()
                .where(table.c.id == sa.bindparam("row_id"))
                .values({folded: sa.bindparam("refolded")}),
                changed,
            )


def upgrade() -> None:
    _refold(fold)


def downgrade() -> None:
    _refold(fold_spelling)
