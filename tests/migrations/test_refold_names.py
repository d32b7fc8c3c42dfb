"""The migration that taught search look-alike letters and invisible characters folds the
stored names again, so that names stored before it are found too; its downgrade folds
them as before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine

from heritage import migrate
from heritage.text import fold_spelling
from tests.conftest import reset_database

REFOLD = "299662fe6748"

# Stored as the fold before this migration wrote them: (table, id, name).
NAMES = [
    ("sites", 1, "Palmyra"),
    ("sites", 2, "T\u0435mple of Bel"),  # a Cyrillic е
    ("site_names", 1, "\u0422\u0415\u041c\u0420LE OF BEL"),  # Cyrillic Т, Е, М, Р
    ("site_names", 2, "تخت\u200cجمشید"),  # a zero-width non-joiner
    ("actors", 1, "\u0399SIL"),  # a Greek Ι
    ("actor_aliases", 1, "\u0399S\u0399\u0405"),  # Greek Ι, Cyrillic Ѕ
    ("sources", 1, "S\u0410NA\u200f"),  # a Cyrillic А, a right-to-left mark
]
INSERTS = {
    "sites": "INSERT INTO sites (id, name, name_folded, kind, description, restricted, version)"
    " VALUES (:id, :name, :folded, 'temple', '', false, 1)",
    "site_names": "INSERT INTO site_names (id, site_id, name, name_folded, lang, type)"
    " VALUES (:id, 2, :name, :folded, 'en', 'alternative')",
    "actors": "INSERT INTO actors (id, name, name_folded, description, version)"
    " VALUES (:id, :name, :folded, '', 1)",
    "actor_aliases": "INSERT INTO actor_aliases (id, actor_id, alias, alias_folded)"
    " VALUES (:id, 1, :name, :folded)",
    "sources": "INSERT INTO sources (id, name, name_folded, kind, description, version)"
    " VALUES (:id, :name, :folded, 'organisation', '', 1)",
}
FOLDED_COLUMN = {"actor_aliases": "alias_folded"}


@pytest.fixture
def before_refold(engine: Engine) -> Iterator[Engine]:
    """The run's database at the revision before, with names stored in its fold."""
    previous = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(REFOLD)
    assert previous is not None
    reset_database(engine)
    migrate.upgrade(engine, str(previous.down_revision))
    with engine.begin() as connection:
        for table, row_id, name in NAMES:
            connection.execute(
                text(INSERTS[table]), {"id": row_id, "name": name, "folded": fold_spelling(name)}
            )
    yield engine
    reset_database(engine)
    migrate.upgrade(engine)


def stored_folds(engine: Engine) -> dict[tuple[str, int], str]:
    with engine.connect() as connection:
        return {
            (table, row_id): connection.execute(
                text(
                    f"SELECT {FOLDED_COLUMN.get(table, 'name_folded')} FROM {table} WHERE id = :id"
                ),
                {"id": row_id},
            ).scalar_one()
            for table, row_id, _name in NAMES
        }


def test_upgrade_folds_stored_lookalikes_and_invisible_characters(before_refold: Engine) -> None:
    migrate.upgrade(before_refold, REFOLD)

    assert stored_folds(before_refold) == {
        ("sites", 1): "palmyra",
        ("sites", 2): "temple of bel",
        ("site_names", 1): "temple of bel",
        ("site_names", 2): "تخت جمشید",
        ("actors", 1): "isil",
        ("actor_aliases", 1): "isis",
        ("sources", 1): "sana",
    }


def test_downgrade_folds_them_as_before(before_refold: Engine) -> None:
    before = stored_folds(before_refold)
    migrate.upgrade(before_refold, REFOLD)

    migrate.downgrade(before_refold, "-1")

    assert stored_folds(before_refold) == before
    assert before[("sites", 2)] == "t\u0435mple of bel"
