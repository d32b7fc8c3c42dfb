"""What an import does differently on SQLite and on PostgreSQL, behind one small interface:
what a batch's transaction holds, whether writing may start before validation has ended,
how rows are inserted in bulk, and the planner's statistics.

SQLite has one writer at a time, which holds the whole database until it commits.
PostgreSQL locks rows as statements reach them, and orders commits by the counter row
alone (heritage.commit_order).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from heritage.commit_order import draw_at_commit, take_write_lock


class ImportDialect:
    """The database-specific steps of an import's writing (see the module's doc)."""

    # Whether batches may be written, in one transaction held open, while validation still
    # runs in another process (importer.write_records).
    writes_beside_validation: bool

    def begin_batch(self, session: Session) -> None:
        """Begin a batch's transaction, before it reads what it compares and refers to."""

    def hold_beside_validation(self, session: Session) -> None:
        """Begin the transaction held open beside validation, before its first batch."""
        raise NotImplementedError

    def insert_rows(self, connection: Connection, into: str, width: int, rows: list[Any]) -> None:
        """INSERT `rows` (each `width` values, bound already) into `into` ("table
        (column, ...)", quoted), in their order, on the driver itself. The driver's errors
        are raised as SQLAlchemy raises them (IntegrityError for a key another writer took
        meanwhile), which the importer knows."""
        raise NotImplementedError

    def refresh_statistics(self, session: Session) -> None:
        """Tell the planner what a bulk load has added, if it plans from statistics."""


class _Sqlite(ImportDialect):
    # Writing holds the whole database until it commits: beside validation, it would hold
    # every editor off until the file is checked. Validation ends first.
    writes_beside_validation = False

    def begin_batch(self, session: Session) -> None:
        # The write lock from the start, as the batch's first write would take it: what the
        # batch reads (the stored records it compares, the references it resolves) stays
        # as read until it commits. A deferred transaction would read first, and in WAL
        # mode its first write would then fail at once (SQLITE_BUSY_SNAPSHOT, "database is
        # locked") if another writer had committed since; this one waits for the other
        # writer instead, within the busy timeout, and then reads what it stored.
        take_write_lock(session)

    def insert_rows(self, connection: Connection, into: str, width: int, rows: list[Any]) -> None:
        # sqlite3's own executemany: SQLAlchemy's costs more per row than the INSERT.
        statement = f"INSERT INTO {into} VALUES ({', '.join('?' * width)})"
        with _driver_cursor(connection, statement) as cursor:
            cursor.executemany(statement, rows)

    # SQLite keeps no statistics unless asked (ANALYZE), and plans without: none refreshed.


class _Postgresql(ImportDialect):
    # Writing locks only the rows it writes, and the commit number is drawn at the commit
    # (draw_at_commit): editors' writes go on beside it.
    writes_beside_validation = True

    def hold_beside_validation(self, session: Session) -> None:
        draw_at_commit(session)

    def insert_rows(self, connection: Connection, into: str, width: int, rows: list[Any]) -> None:
        # COPY: psycopg's executemany sends a statement per row.
        statement = f"COPY {into} FROM STDIN"
        with _driver_cursor(connection, statement) as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    def refresh_statistics(self, session: Session) -> None:
        """PostgreSQL plans from table statistics, which a bulk load outdates at once: with
        a table believed small it scans it for every batch's key lookups, and the import
        slows as it grows. autovacuum catches up eventually (if it runs at all); an import
        refreshes them itself (a few ANALYZEs per million records, ~0.1 s each)."""
        session.execute(text("ANALYZE"))


_DIALECTS: dict[str, ImportDialect] = {"sqlite": _Sqlite(), "postgresql": _Postgresql()}


def import_dialect(session: Session) -> ImportDialect:
    """The steps for the database `session` writes to."""
    return _DIALECTS[session.get_bind().dialect.name]


@contextmanager
def _driver_cursor(connection: Connection, statement: str) -> Iterator[Any]:
    """A cursor of the driver for `statement`, closed after use; the driver's errors are
    raised as SQLAlchemy raises them."""
    driver: Any = connection.connection.driver_connection
    driver_error: type[Exception] = connection.dialect.loaded_dbapi.Error
    cursor = driver.cursor()
    try:
        yield cursor
    except driver_error as error:
        raise DBAPIError.instance(statement, None, error, driver_error) from error
    finally:
        cursor.close()
