"""Alembic is the only way a schema is made: one head, up from empty, down to base and up
again, and the migrations build exactly what the models describe."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from heritage import migrate
from heritage.db import Base
from heritage.services.search_dialects import is_search_index
from tests.conftest import reset_database


@pytest.fixture
def empty_engine(engine: Engine) -> Iterator[Engine]:
    """The run's database emptied for one test, and migrated back to head afterwards."""
    reset_database(engine)
    yield engine
    reset_database(engine)
    migrate.upgrade(engine)


def test_there_is_exactly_one_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(script.get_heads()) == 1


def test_upgrade_from_empty_creates_every_model_table(empty_engine: Engine) -> None:
    assert migrate.current_revision(empty_engine) is None
    migrate.upgrade(empty_engine)
    assert migrate.current_revision(empty_engine) == migrate.head_revision()
    tables = set(inspect(empty_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_models_and_migrations_agree(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as connection:
        # The name search's trigram indexes (FTS5 tables, GIN indexes) are the migrations'
        # alone: no model describes them.
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": lambda name, type_, _parents: not is_search_index(name, type_),
            },
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_downgrade_to_base_and_upgrade_again(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    migrate.downgrade(empty_engine, "base")
    assert migrate.current_revision(empty_engine) is None
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(empty_engine)
    assert set(Base.metadata.tables) <= set(inspect(empty_engine).get_table_names())


def test_every_revision_steps_down_and_up(empty_engine: Engine) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = list(reversed(list(script.walk_revisions())))
    for revision in revisions:
        migrate.upgrade(empty_engine, revision.revision)
        migrate.downgrade(empty_engine, revision.down_revision or "base")
        migrate.upgrade(empty_engine, revision.revision)
    assert migrate.current_revision(empty_engine) == migrate.head_revision()
