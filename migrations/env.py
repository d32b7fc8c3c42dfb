"""Alembic environment: runs migrations on a connection handed in, or on the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

import heritage.models  # noqa: F401  (registers every table on the metadata)
from heritage.db import Base, database_url, make_engine
from heritage.migrate import migration_connection
from heritage.services.search_dialects import is_search_index

config = context.config
target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=True,
        compare_type=True,
        include_name=_described_by_models,
    )
    with context.begin_transaction():
        context.run_migrations()


def _described_by_models(name: str | None, type_: str, _parents: object) -> bool:
    # The name search's trigram indexes are made by their migration, not from the models.
    return not is_search_index(name, type_)


def run_online() -> None:
    # Tests and the CLI pass their own connection so that migrations share its transaction.
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or database_url())
    with migration_connection(engine) as connection:
        run_migrations(connection)
    engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or database_url(),
        target_metadata=target_metadata,
        render_as_batch=True,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_online()
