"""Fixtures shared by every test: one database per run (SQLite, or PostgreSQL when
HERITAGE_TEST_DATABASE_URL says so), its schema built by the migrations, emptied after each test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Table, delete, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

import heritage.models  # noqa: F401
from heritage import migrate
from heritage.db import Base, make_engine, make_session_factory
from heritage.models import SiteKind
from heritage.vocab import SEED_SITE_KINDS


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    configured = os.environ.get("HERITAGE_TEST_DATABASE_URL")
    if configured:
        return configured
    path: Path = tmp_path_factory.mktemp("db") / "heritage-test.db"
    return f"sqlite:///{path}"


def reset_database(engine: Engine) -> None:
    """Drop everything, so each run starts from an empty database whatever the last left."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            tables = connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'table'")
            ).scalars()
            connection.execute(text("PRAGMA foreign_keys = OFF"))
            for table in list(tables):
                connection.execute(text(f'DROP TABLE IF EXISTS "{table}"'))
            connection.execute(text("PRAGMA foreign_keys = ON"))


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    reset_database(engine)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


def data_tables() -> list[Table]:
    """The tables a test may fill, parents first: every table but the reference data the
    migrations seed (site kinds), which a fresh database holds."""
    return [table for table in Base.metadata.sorted_tables if table.name != "site_kinds"]


def empty_tables(engine: Engine) -> None:
    """Back to a fresh database: no data, and only the seeded site kinds."""
    with engine.begin() as connection:
        for table in reversed(data_tables()):
            connection.execute(delete(table))
        seeded = [kind.code for kind in SEED_SITE_KINDS]
        connection.execute(delete(SiteKind).where(SiteKind.code.not_in(seeded)))


@pytest.fixture
def session_factory(engine: Engine) -> Iterator[object]:
    yield make_session_factory(engine)
    empty_tables(engine)


@pytest.fixture
def session(session_factory) -> Iterator[Session]:  # type: ignore[no-untyped-def]
    with session_factory() as session:
        yield session
