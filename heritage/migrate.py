"""Schema management through Alembic, for the CLI, the demo and the tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

import migrations

MIGRATIONS_DIR = Path(migrations.__file__).parent


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction for migrations to run in, all or nothing.

    SQLite needs two things done by hand. Its Python driver only opens a transaction before
    data changes, so DDL would commit statement by statement and a failed migration would
    leave half a schema: the transaction is opened explicitly. And batch mode rebuilds a
    table by copying and dropping it, which foreign keys refuse while other rows refer to
    it: they are off during the migration (the pragma only works outside a transaction) and
    every reference is checked before the commit.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        driver: Any = connection.connection.driver_connection
        if sqlite:
            driver.isolation_level = None  # the driver stops managing transactions
            driver.execute("PRAGMA foreign_keys = OFF")
            driver.execute("BEGIN")
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"The migration broke foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                driver.execute("PRAGMA foreign_keys = ON")
                driver.isolation_level = ""  # back to the driver's default for the pool


def upgrade(engine: Engine, revision: str = "head") -> None:
    with migration_connection(engine) as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    with migration_connection(engine) as connection:
        command.downgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
