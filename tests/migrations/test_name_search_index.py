"""The migration that indexes the folded names by trigrams fills the index from the names
stored before it, so they are found through it at once; its downgrade removes it and
search still works as before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from heritage import migrate
from heritage.auth import ANONYMOUS
from heritage.db import make_session_factory
from heritage.services.search_dialects import (
    SEARCHED_COLUMNS,
    fts_table,
    prefix_index,
    trigram_index,
)
from heritage.services.type_ahead import suggest
from heritage.text import fold
from tests.conftest import reset_database

NAME_SEARCH = "8c3e2d7a4b53"
BEFORE = "5c1e9b7d2a40"

ROWS = [
    "INSERT INTO sites (id, name, name_folded, kind, description, restricted, version)"
    " VALUES (1, 'Palmyra', 'palmyra', 'city', '', false, 1)",
    "INSERT INTO site_names (id, site_id, name, name_folded, lang, type)"
    f" VALUES (1, 1, 'تَدْمُر', '{fold('تَدْمُر')}', 'ar', 'preferred')",
    "INSERT INTO actors (id, name, name_folded, description, version)"
    " VALUES (1, 'Islamic State', 'islamic state', '', 1)",
    "INSERT INTO actor_aliases (id, actor_id, alias, alias_folded) VALUES (1, 1, 'Daesh', 'daesh')",
    "INSERT INTO sources (id, name, name_folded, kind, description, version)"
    " VALUES (1, 'SANA', 'sana', 'organisation', '', 1)",
]


@pytest.fixture
def names_stored_before(engine: Engine) -> Iterator[Engine]:
    reset_database(engine)
    migrate.upgrade(engine, BEFORE)
    with engine.begin() as connection:
        for statement in ROWS:
            connection.execute(text(statement))
    yield engine
    reset_database(engine)
    migrate.upgrade(engine)


def search_objects(engine: Engine) -> set[str]:
    inspector = inspect(engine)
    if engine.dialect.name == "sqlite":
        return set(inspector.get_table_names()) & {fts_table(t) for t, _c in SEARCHED_COLUMNS}
    return {
        index["name"]
        for table, _column in SEARCHED_COLUMNS
        for index in inspector.get_indexes(table)
        if index["name"] == trigram_index(table, _column)
    }


def found(engine: Engine) -> list[list[str]]:
    with make_session_factory(engine)() as session:
        return [
            [s.name for s in suggest(session, ANONYMOUS, kind, typed)]
            for kind, typed in (("site", "تدمر"), ("actor", "daesh"), ("source", "sana"))
        ]


def test_upgrade_indexes_the_names_stored_before(names_stored_before: Engine) -> None:
    migrate.upgrade(names_stored_before, NAME_SEARCH)
    assert len(search_objects(names_stored_before)) == len(SEARCHED_COLUMNS)
    assert found(names_stored_before) == [["تَدْمُر"], ["Daesh"], ["SANA"]]


def test_downgrade_removes_the_index_and_keeps_the_names(names_stored_before: Engine) -> None:
    migrate.upgrade(names_stored_before, NAME_SEARCH)
    migrate.downgrade(names_stored_before, BEFORE)
    assert search_objects(names_stored_before) == set()
    with names_stored_before.connect() as connection:
        assert connection.execute(text("SELECT name FROM site_names")).scalars().all() == ["تَدْمُر"]
        # The writes that fed the index (its triggers, on SQLite) are gone with it.
        connection.execute(text("UPDATE site_names SET name_folded = 'x'"))
        connection.execute(text("DELETE FROM site_names"))


def test_every_searched_table_keeps_its_index_at_head(engine: Engine) -> None:
    # A later batch migration rebuilding one of these tables on SQLite drops its triggers
    # with the old table, and the index would silently stop following writes: such a
    # migration must create them again (see migration 8c3e2d7a4b53).
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            triggers = set(
                connection.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
                ).scalars()
            )
            for table, _column in SEARCHED_COLUMNS:
                for write in ("insert", "delete", "update"):
                    assert f"{fts_table(table)}_{write}" in triggers
    assert len(search_objects(engine)) == len(SEARCHED_COLUMNS)
    assert len(prefix_indexes(engine)) == len(SEARCHED_COLUMNS)


NAME_SEARCH_BEFORE_PREFIX = "7b2d1c6f3a42"  # the history marks, the revision before


def prefix_indexes(engine: Engine) -> set[str]:
    inspector = inspect(engine)
    return {
        index["name"]
        for table, column in SEARCHED_COLUMNS
        for index in inspector.get_indexes(table)
        if index["name"] == prefix_index(table, column)
    }


def test_the_prefix_indexes_come_and_go_with_their_migration(
    names_stored_before: Engine,
) -> None:
    engine = names_stored_before
    migrate.upgrade(engine)
    assert prefix_indexes(engine) == {prefix_index(t, c) for t, c in SEARCHED_COLUMNS}
    assert found(engine) == [["تَدْمُر"], ["Daesh"], ["SANA"]]

    migrate.downgrade(engine, NAME_SEARCH_BEFORE_PREFIX)
    assert prefix_indexes(engine) == set()
    assert found(engine) == [["تَدْمُر"], ["Daesh"], ["SANA"]]
