"""Backups of the whole database, taken while the server runs, and their restoration.

SQLite: the online backup API copies the database page by page inside one read transaction,
so the copy is the last committed state even while other connections write (WAL). The copy is
a plain SQLite file (rollback journal, no `-wal` beside it).

PostgreSQL: `pg_dump --format=custom`, run on a snapshot exported from our own read-only
transaction, so the figures we print count exactly what the archive holds. Restoring moves
the current `public` schema aside, restores the archive into a fresh one with `pg_restore` in
a single transaction, then drops the old schema, or puts it back if the restore failed. (A
plain `pg_restore --clean` would leave behind the tables a newer schema added, and
`heritage db upgrade` would then trip over them.)

Either way a backup must carry an `alembic_version` table, and one made by newer code than
this (a revision we do not know) is refused: this code could not upgrade it, nor read it.

A restore starts a new epoch of the change feed (CommitCounter.epoch): the restored commit
counter hands out again numbers that commits after the backup had drawn, so a partner's
cursor from before the restore must be recognised as such, never read as a position in
the restored history (heritage.services.changes.changes_since).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from sqlalchemy import func, inspect, select, table, text, update
from sqlalchemy.engine import URL, Connection, Engine, make_url

from heritage import migrate
from heritage.db import make_engine
from heritage.errors import HeritageError
from heritage.models import CommitCounter
from heritage.models.revisions import new_feed_epoch

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(HeritageError):
    """A backup that cannot be taken or a file that cannot (or must not) be restored."""


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds or what a restore brought back: rows per table, the file's size."""

    path: Path
    revision: str | None
    rows: dict[str, int]
    size: int

    @property
    def tables(self) -> int:
        return len(self.rows)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@dataclass(frozen=True)
class BackupInfo:
    """A backup file as checked before a restore: its kind and schema revision."""

    path: Path
    dialect: str
    revision: str
    head: str | None

    @property
    def behind(self) -> bool:
        """True when the backup's schema is older than this code's: upgrade after restoring."""
        return self.revision != self.head


# Entry points


def backup_database(engine_or_url: Engine | str, path: str | Path) -> BackupSummary:
    """Write a consistent copy of the database to `path` (replaced if it exists)."""
    path = Path(path)
    with _engine(engine_or_url) as engine:
        if engine.dialect.name == "sqlite":
            return _sqlite_backup(engine, path)
        if engine.dialect.name == "postgresql":
            return _pg_backup(engine, path)
        raise BackupError(f"Backups of {engine.dialect.name} databases are not supported.")


def inspect_backup(url: str, path: str | Path) -> BackupInfo:
    """Check that `path` is a heritage backup this code can restore into `url`'s database."""
    path = Path(path)
    dialect = make_url(url).get_backend_name()
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    if dialect == "sqlite":
        _refuse_the_database_itself(url, path)
        revision = _sqlite_backup_revision(path)
    elif dialect == "postgresql":
        revision = _pg_backup_revision(path)
    else:
        raise BackupError(f"Restoring {dialect} databases is not supported.")
    return BackupInfo(path, dialect, revision, _check_revision(path, revision))


def restore_database(url: str, path: str | Path) -> BackupSummary:
    """Replace everything in `url`'s database with the backup at `path`.

    Refuses a file that is not a heritage backup for this engine, and one whose schema is
    newer than this code's. After restoring an older one, the schema must be upgraded.
    """
    info = inspect_backup(url, path)
    with _engine(url) as engine:
        if info.dialect == "sqlite":
            _sqlite_restore(engine, info.path)
            with engine.begin() as connection:
                renew_feed_epoch(connection)
        else:
            _pg_restore(engine, info.path)  # renews it with the restore's last step
        with engine.connect() as connection:
            rows = table_rows(connection)
            revision = schema_revision(connection)
    return BackupSummary(info.path, revision, rows, info.path.stat().st_size)


# Shared


@contextmanager
def _engine(engine_or_url: Engine | str) -> Iterator[Engine]:
    if isinstance(engine_or_url, Engine):
        yield engine_or_url
        return
    engine = make_engine(engine_or_url)
    try:
        yield engine
    finally:
        engine.dispose()


def table_rows(connection: Connection) -> dict[str, int]:
    """The number of rows of every table in the database (its default schema), by name."""
    names = sorted(inspect(connection).get_table_names())
    return {
        name: connection.execute(select(func.count()).select_from(table(name))).scalar_one()
        for name in names
    }


def schema_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _check_revision(path: Path, revision: str) -> str | None:
    """This code's head; refuses a revision it does not know, which newer code made."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    head = script.get_current_head()
    if revision == head:
        return head
    try:
        known = script.get_revision(revision) is not None
    except (CommandError, RevisionError):
        known = False
    if not known:
        raise BackupError(
            f"{path} is at schema revision {revision}, newer than this code's ({head}) "
            "or from another project: restore it with the version of heritage that made it."
        )
    return head


def renew_feed_epoch(connection: Connection) -> None:
    """Give the restored database a new feed epoch. A backup older than the epoch has none:
    the upgrade that adds it draws one."""
    schema = inspect(connection)
    if schema.has_table("commit_counter") and "epoch" in {
        column["name"] for column in schema.get_columns("commit_counter")
    }:
        connection.execute(update(CommitCounter).values(epoch=new_feed_epoch()))


def _tmp_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")


# SQLite


def _driver(connection: Any) -> sqlite3.Connection:
    driver = connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


def _refuse_the_database_itself(engine_or_url: Engine | str, path: Path) -> None:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    database = url.database
    if database and database != ":memory:" and Path(database).resolve() == path.resolve():
        raise BackupError(f"{path} is the database itself: choose another path.")


def _sqlite_backup(engine: Engine, path: Path) -> BackupSummary:
    _refuse_the_database_itself(engine, path)
    tmp = _tmp_beside(path)
    try:
        source = engine.raw_connection()
        try:
            target = sqlite3.connect(tmp)
            try:
                # One step (pages=-1): the whole copy happens inside a single read transaction
                # of the source, so it is the last committed state whatever others are writing.
                _driver(source).backup(target)
                # The copy inherits WAL mode: make it one self-contained file.
                target.execute("PRAGMA journal_mode = DELETE")
                revision, rows = _sqlite_contents(target)
            finally:
                target.close()
        finally:
            source.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return BackupSummary(path, revision, rows, path.stat().st_size)


def _sqlite_contents(connection: sqlite3.Connection) -> tuple[str | None, dict[str, int]]:
    names = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    rows = {
        name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
    }
    revision = None
    if "alembic_version" in rows:
        found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = found[0] if found else None
    return revision, rows


def _open_sqlite_backup(path: Path) -> sqlite3.Connection:
    with path.open("rb") as file:
        if file.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(f"{path} is not a SQLite database, so not a heritage backup.")
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _sqlite_backup_revision(path: Path) -> str:
    connection = _open_sqlite_backup(path)
    try:
        revision, _rows = _sqlite_contents(connection)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read as a SQLite database: {error}.") from error
    finally:
        connection.close()
    if revision is None:
        raise BackupError(
            f"{path} is not a heritage backup: it has no alembic_version table (or it is empty)."
        )
    return revision


def _sqlite_restore(engine: Engine, path: Path) -> None:
    source = _open_sqlite_backup(path)
    try:
        target = engine.raw_connection()
        try:
            # The copy replaces every page of the target; the target keeps its WAL mode.
            source.backup(_driver(target))
        finally:
            target.close()
    finally:
        source.close()


# PostgreSQL


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed or not on PATH: install the PostgreSQL client tools "
            "(e.g. the postgresql-client package), in a version no older than the server's."
        )
    return found


def libpq_params(engine: Engine) -> tuple[str, dict[str, str]]:
    """A libpq URI for the engine's database and an environment carrying its password."""
    url = engine.url
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    bare = URL.create(
        "postgresql", url.username, None, url.host, url.port, url.database, url.query
    )  # no password: a command line is visible to every user of the machine
    uri = bare.render_as_string(hide_password=False)
    return uri, env


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} failed: {result.stderr.strip() or result.returncode}")
    return result


def _pg_backup(engine: Engine, path: Path) -> BackupSummary:
    pg_dump = _pg_tool("pg_dump")
    uri, env = libpq_params(engine)
    tmp = _tmp_beside(path)
    try:
        with (
            engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection,
            connection.begin(),
        ):
            connection.execute(text("SET TRANSACTION READ ONLY"))
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            rows = table_rows(connection)
            revision = schema_revision(connection)
            # pg_dump reads the very snapshot we counted in, while our transaction holds it.
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={tmp}",
                    f"--dbname={uri}",
                ],
                env,
            )
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return BackupSummary(path, revision, rows, path.stat().st_size)


def _pg_backup_revision(path: Path) -> str:
    with path.open("rb") as file:
        if file.read(len(PG_MAGIC)) != PG_MAGIC:
            raise BackupError(f"{path} is not a pg_dump custom-format archive.")
    pg_restore = _pg_tool("pg_restore")
    env = dict(os.environ)
    listing = _run([pg_restore, "--list", str(path)], env).stdout
    if not re.search(r"^\d+;.* TABLE DATA \S+ alembic_version ", listing, re.MULTILINE):
        raise BackupError(f"{path} is not a heritage backup: it has no alembic_version table.")
    script = _run(
        [pg_restore, "--data-only", "--table=alembic_version", "--file=-", str(path)], env
    ).stdout
    found = re.search(r"^COPY \S*alembic_version .*FROM stdin;\n([^\n\\]+)\n", script, re.M)
    if found is None:
        raise BackupError(f"{path} is not a heritage backup: its alembic_version table is empty.")
    return found.group(1).strip()


def _pg_restore(engine: Engine, path: Path) -> None:
    pg_restore = _pg_tool("pg_restore")
    uri, env = libpq_params(engine)
    aside = f"heritage_before_restore_{uuid.uuid4().hex[:12]}"
    with engine.begin() as connection:
        owner, grants = _public_schema_rights(connection)
        connection.execute(text(f"ALTER SCHEMA public RENAME TO {aside}"))
        connection.execute(text("CREATE SCHEMA public"))
        # The new schema gets the old one's owner and privileges (by default in PostgreSQL 15
        # pg_database_owner, and USAGE for everyone), so other roles keep their access.
        connection.execute(text(f"ALTER SCHEMA public OWNER TO {owner}"))
        for grant in grants:
            connection.execute(text(grant))
        _move_extensions(connection, aside, "public")
    try:
        _run(
            [
                pg_restore,
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                f"--dbname={uri}",
                str(path),
            ],
            env,
        )
    except BaseException:
        with engine.begin() as connection:
            _move_extensions(connection, "public", aside)
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text(f"ALTER SCHEMA {aside} RENAME TO public"))
        raise
    with engine.begin() as connection:
        renew_feed_epoch(connection)
        connection.execute(text(f"DROP SCHEMA {aside} CASCADE"))


def _move_extensions(connection: Connection, from_schema: str, to_schema: str) -> None:
    """Move the extensions installed in `from_schema` (pg_trgm, whose operator class the
    name search's indexes use) to `to_schema`. The archive creates them only if they do
    not exist (in any schema), and then its indexes look for their operator classes in
    `public`: they must be there. Dropping the schema left behind would drop them too."""
    names = connection.execute(
        text(
            "SELECT quote_ident(extname) FROM pg_extension e"
            " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE n.nspname = :schema"
        ),
        {"schema": from_schema},
    ).scalars()
    for name in list(names):
        connection.execute(text(f"ALTER EXTENSION {name} SET SCHEMA {to_schema}"))


def _public_schema_rights(connection: Connection) -> tuple[str, list[str]]:
    """The owner of the `public` schema, quoted, and the GRANTs that rebuild its privileges."""
    owner = connection.execute(
        text(
            "SELECT quote_ident(pg_get_userbyid(nspowner)) FROM pg_namespace "
            "WHERE nspname = 'public'"
        )
    ).scalar_one()
    privileges = connection.execute(
        text(
            "SELECT a.privilege_type, "
            "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) "
            "END, a.is_grantable "
            "FROM pg_namespace n, aclexplode(n.nspacl) a WHERE n.nspname = 'public'"
        )
    ).all()
    grants = [
        f"GRANT {privilege} ON SCHEMA public TO {grantee}"
        + (" WITH GRANT OPTION" if grantable else "")
        for privilege, grantee, grantable in privileges
    ]
    return str(owner), grants
