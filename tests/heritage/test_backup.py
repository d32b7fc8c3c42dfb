"""`heritage backup` and `heritage restore` on the run's database (SQLite, or PostgreSQL with
pg_dump and pg_restore): a restore brings back every table row by row, a backup holds only
committed data, and files that are not backups, or come from newer code, are refused."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import MetaData, delete, inspect, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.cli import cli
from heritage import migrate
from heritage.backup import BackupError, backup_database, libpq_params, restore_database
from heritage.db import Base, make_engine
from heritage.demo import load_demo
from heritage.models import Site
from tests.conftest import reset_database

State = dict[str, list[tuple[Any, ...]]]


FEED_EPOCH = "feed epoch"


def snapshot(engine: Engine) -> State:
    """Every row of every table the database holds (whatever the models say today), plus the
    position of every sequence, so a restore that forgot one shows up. The change feed's
    epoch, which a restore renews, is kept apart (FEED_EPOCH)."""
    with engine.connect() as connection:
        metadata = MetaData()
        metadata.reflect(connection)
        state: State = {
            name: sorted(
                (
                    tuple(row)
                    for row in connection.execute(
                        select(*(column for column in table.c if column.name != "epoch"))
                    )
                ),
                key=repr,
            )
            for name, table in metadata.tables.items()
        }
        counter = metadata.tables.get("commit_counter")
        if counter is not None and "epoch" in counter.c:
            state[FEED_EPOCH] = [tuple(row) for row in connection.execute(select(counter.c.epoch))]
        if engine.dialect.name == "postgresql":
            for name in inspect(connection).get_sequence_names():
                position = connection.execute(
                    text(f'SELECT last_value, is_called FROM "{name}"')
                ).one()
                state[f"sequence {name}"] = [tuple(position)]
        elif inspect(connection).has_table("sqlite_sequence"):
            rows = connection.exec_driver_sql("SELECT name, seq FROM sqlite_sequence").all()
            state["sqlite_sequence"] = sorted(tuple(row) for row in rows)
    assert set(Base.metadata.tables) | {"alembic_version"} <= set(state)
    return state


def tables_only(state: State) -> dict[str, int]:
    return {
        name: len(rows)
        for name, rows in state.items()
        if not name.startswith("sequence ") and name not in ("sqlite_sequence", FEED_EPOCH)
    }


def assert_restored(after: State, before: State) -> None:
    """Every row and sequence as it was, in a new epoch of the change feed."""
    assert {name: rows for name, rows in after.items() if name != FEED_EPOCH} == {
        name: rows for name, rows in before.items() if name != FEED_EPOCH
    }
    assert after[FEED_EPOCH] != before[FEED_EPOCH]


@pytest.fixture
def filled(session_factory: sessionmaker[Session], engine: Engine) -> Iterator[Engine]:
    """The run's database holding the whole demo dataset, committed."""
    with session_factory() as session:
        load_demo(session)
        session.commit()
    yield engine


def change_everything_a_little(engine: Engine) -> None:
    """Edit every site and empty the tables nothing refers to, last one with rows included."""
    with engine.begin() as connection:
        connection.execute(update(Site).values(name=Site.name + " (edited)"))
        for table in reversed(Base.metadata.sorted_tables):
            emptied = connection.execute(delete(table)).rowcount
            if emptied:
                break


def test_a_restore_brings_back_every_table_row_by_row(
    filled: Engine, database_url: str, tmp_path: Path
) -> None:
    before = snapshot(filled)
    assert sum(tables_only(before).values()) > 100  # the demo fills many tables

    backup = backup_database(filled, tmp_path / "heritage.backup")
    assert backup.rows == tables_only(before)
    assert backup.revision == migrate.head_revision()
    assert backup.size == (tmp_path / "heritage.backup").stat().st_size > 0

    change_everything_a_little(filled)
    assert snapshot(filled) != before

    restored = restore_database(database_url, tmp_path / "heritage.backup")
    assert restored.rows == backup.rows
    assert restored.revision == migrate.head_revision()
    assert_restored(snapshot(filled), before)  # sequences included: new rows get fresh ids
    assert migrate.current_revision(filled) == migrate.head_revision()


def test_a_backup_of_a_sqlite_database_is_one_plain_sqlite_file(
    filled: Engine, tmp_path: Path
) -> None:
    if filled.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    path = tmp_path / "heritage.backup"
    backup_database(filled, path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["heritage.backup"]
    with sqlite3.connect(path) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_sqlite_backup_never_overwrites_the_database_itself(
    filled: Engine, database_url: str
) -> None:
    if filled.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    database = Path(filled.url.database or "")
    before = snapshot(filled)
    with pytest.raises(BackupError, match="is the database itself"):
        backup_database(filled, database)
    with pytest.raises(BackupError, match="is the database itself"):
        restore_database(database_url, database)
    assert snapshot(filled) == before


def test_a_backup_taken_during_an_open_write_holds_only_committed_data(
    filled: Engine, session_factory: sessionmaker[Session], database_url: str, tmp_path: Path
) -> None:
    committed = snapshot(filled)
    with session_factory() as writer:
        writer.execute(update(Site).values(name=Site.name + " (uncommitted)"))
        writer.execute(delete(Base.metadata.sorted_tables[-1]))
        writer.flush()  # the writer's transaction is open and holds its changes

        backup_database(database_url, tmp_path / "during-a-write.backup")

        writer.commit()
    assert snapshot(filled) != committed

    restore_database(database_url, tmp_path / "during-a-write.backup")
    assert_restored(snapshot(filled), committed)


def test_restore_refuses_files_that_are_not_heritage_backups(
    filled: Engine, database_url: str, tmp_path: Path
) -> None:
    before = snapshot(filled)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a backup\n")
    other_database = tmp_path / "other.db"
    with sqlite3.connect(other_database) as connection:
        connection.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
    connection.close()

    with pytest.raises(BackupError, match="not a"):
        restore_database(database_url, text_file)
    # SQLite: a database without alembic_version; PostgreSQL: not a pg_dump archive at all.
    with pytest.raises(BackupError, match="alembic_version|not a pg_dump"):
        restore_database(database_url, other_database)
    with pytest.raises(BackupError, match="does not exist"):
        restore_database(database_url, tmp_path / "missing.backup")
    assert snapshot(filled) == before


def test_restore_refuses_a_backup_from_newer_code(
    filled: Engine, database_url: str, tmp_path: Path
) -> None:
    head = migrate.head_revision()
    with filled.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f0f0f0f0f0f0'"))
    try:
        backup_database(filled, tmp_path / "from-the-future.backup")
    finally:
        with filled.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :h"), {"h": head})
    before = snapshot(filled)

    with pytest.raises(BackupError, match="f0f0f0f0f0f0, newer than this code's"):
        restore_database(database_url, tmp_path / "from-the-future.backup")
    assert snapshot(filled) == before


@pytest.fixture
def older_engine(engine: Engine) -> Iterator[tuple[Engine, str]]:
    """The run's database one revision behind head, put back at head afterwards."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    head = script.get_revision(migrate.head_revision())
    older = head.down_revision if head else None
    if not isinstance(older, str):
        pytest.skip("needs a revision before head")
    reset_database(engine)
    migrate.upgrade(engine, older)
    yield engine, older
    reset_database(engine)
    migrate.upgrade(engine)


def test_restoring_an_older_backup_says_to_upgrade(
    older_engine: tuple[Engine, str], session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    engine, older = older_engine
    url = engine.url.render_as_string(hide_password=False)
    path = tmp_path / "older.backup"
    backup_database(engine, path)
    migrate.upgrade(engine)
    with session_factory() as session:
        load_demo(session)
        session.commit()

    result = CliRunner().invoke(
        cli, ["restore", str(path), "--yes"], env={"HERITAGE_DATABASE_URL": url}
    )
    assert result.exit_code == 0, result.output
    assert "run `heritage db upgrade`" in result.output
    assert migrate.current_revision(engine) == older
    migrate.upgrade(engine)  # the restored schema upgrades cleanly
    assert migrate.current_revision(engine) == migrate.head_revision()
    after = snapshot(engine)
    assert after["sites"] == after["events"] == after["claims"] == []  # the demo is gone


def feed_epoch(engine: Engine) -> str:
    with engine.connect() as connection:
        return str(connection.execute(text("SELECT epoch FROM commit_counter")).scalar_one())


def test_a_backup_from_before_the_change_feed_restores_and_upgrades_into_a_new_epoch(
    engine: Engine, tmp_path: Path
) -> None:
    core = "a9cb5d8c2966"  # the first revision: no accounts, revisions nor commit counter
    url = engine.url.render_as_string(hide_password=False)
    path = tmp_path / "core.backup"
    reset_database(engine)
    try:
        migrate.upgrade(engine, core)
        backup_database(engine, path)
        migrate.upgrade(engine)
        before = feed_epoch(engine)
        restore_database(url, path)
        assert migrate.current_revision(engine) == core
        migrate.upgrade(engine)
        assert feed_epoch(engine) != before
    finally:
        reset_database(engine)
        migrate.upgrade(engine)


FIGURES = re.compile(r"(\d+) tables, ([\d,]+) rows, ([\d,]+) bytes")


def test_the_cli_backs_up_and_restores_after_confirmation(
    filled: Engine, database_url: str, tmp_path: Path
) -> None:
    runner, env = CliRunner(), {"HERITAGE_DATABASE_URL": database_url}
    path = tmp_path / "cli.backup"
    before = snapshot(filled)

    backed_up = runner.invoke(cli, ["backup", str(path)], env=env)
    assert backed_up.exit_code == 0, backed_up.output
    assert backed_up.output.startswith("Backed up ")
    found = FIGURES.search(backed_up.output)
    assert found, backed_up.output
    tables, rows, size = (int(figure.replace(",", "")) for figure in found.groups())
    counts = tables_only(before)
    assert (tables, rows, size) == (len(counts), sum(counts.values()), path.stat().st_size)

    change_everything_a_little(filled)
    changed = snapshot(filled)
    declined = runner.invoke(cli, ["restore", str(path)], env=env, input="n\n")
    assert declined.exit_code == 1
    assert "Replace everything in" in declined.output and "Aborted" in declined.output
    assert snapshot(filled) == changed

    confirmed = runner.invoke(cli, ["restore", str(path)], env=env, input="y\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert f"{len(counts)} tables, {sum(counts.values()):,} rows" in confirmed.output
    assert "heritage db upgrade" not in confirmed.output
    assert_restored(snapshot(filled), before)


def test_the_cli_refuses_a_file_that_is_not_a_backup_before_asking(
    filled: Engine, database_url: str, tmp_path: Path
) -> None:
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a backup\n")
    before = snapshot(filled)
    result = CliRunner().invoke(
        cli, ["restore", str(not_a_backup)], env={"HERITAGE_DATABASE_URL": database_url}
    )
    assert result.exit_code == 1
    assert "Error: " in result.output and "not a" in result.output
    assert "Replace everything" not in result.output
    assert snapshot(filled) == before


def test_without_pg_dump_a_postgresql_backup_fails_clearly(
    engine: Engine, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no pg_dump on it
    result = CliRunner().invoke(
        cli, ["backup", str(tmp_path / "x.backup")], env={"HERITAGE_DATABASE_URL": database_url}
    )
    assert result.exit_code == 1
    assert "pg_dump is not installed or not on PATH" in result.output
    assert not (tmp_path / "x.backup").exists()


def test_the_postgresql_password_goes_in_the_environment_not_the_command_line() -> None:
    pytest.importorskip("psycopg")
    engine = make_engine(
        "postgresql+psycopg://heritage:s3cr%40t@db.example:5433/prod?sslmode=require"
    )
    uri, env = libpq_params(engine)
    assert uri == "postgresql://heritage@db.example:5433/prod?sslmode=require"
    assert env["PGPASSWORD"] == "s3cr@t"
