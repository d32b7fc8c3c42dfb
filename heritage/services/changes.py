"""Reading the revision trail: one record's revisions, and the change feed for partners."""

from __future__ import annotations

import os
import re
import threading
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, event, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import SingletonThreadPool, StaticPool

from heritage.auth import Principal, require
from heritage.db import is_in_memory
from heritage.errors import Gone, InvalidInput, NotFound
from heritage.models import Actor, ApiToken, Article, CommitCounter, Revision, Site, Source
from heritage.revisions import revisions_of
from heritage.services.common import Page, paginate
from heritage.services.records import MODELS_BY_RESOURCE, is_public
from heritage.services.references import REFERENCES
from heritage.vocab import Role

# A feed cursor: the database's epoch (CommitCounter.epoch), then a position, either in the
# full feed (commit_seq.id) or, marked `p`, in the public one (public_seq.public_ordinal).
CURSOR = re.compile(r"^([0-9a-f]{1,32})-(p?)(\d{1,18})\.(\d{1,18})$")
# What cursors were before they named an epoch: a position that may predate a restore.
LEGACY_CURSOR = re.compile(r"^\d{1,18}\.\d{1,18}$")
# A site's exact point is for editors; below that, revisions never show it, whatever the
# site's restriction is now (it may be restricted after the revision was written).
WITHHELD_SITE_FIELDS = ("latitude", "longitude", "location_certainty")
WITHHELD = "withheld"


def revision_view(revision: Revision, principal: Principal) -> dict[str, Any]:
    """A revision as `principal` may read it."""
    changes = dict(revision.changes)
    if revision.resource == "site" and not principal.sees_exact_locations:
        for field in WITHHELD_SITE_FIELDS:
            if field in changes:
                changes[field] = [WITHHELD, WITHHELD]
    # Who edits a record of war damage is for the team to know, not the public: staff in
    # conflict zones can be at risk for it.
    named = principal.sees_drafts
    return {
        "id": revision.id,
        "resource": revision.resource,
        "record_id": revision.record_id,
        "action": revision.action,
        "user_id": revision.user_id if named else None,
        "user_name": revision.user_name if named else None,
        "at": revision.at,
        "changes": changes,
        "reason": revision.reason,
    }


@dataclass(frozen=True)
class FeedPosition:
    """Where a cursor points: after a revision of the full feed (`public` False: its
    commit_seq and id) or of the public one (its public_seq and public_ordinal)."""

    public: bool
    seq: int
    within: int


def cursor_of(epoch: str, revision: Revision, public: bool) -> str:
    """An opaque position in the feed: the database's epoch, then the commit and the
    revision within it, counted among the public revisions for a public reader."""
    if public:
        return f"{epoch}-p{revision.public_seq}.{revision.public_ordinal}"
    return f"{epoch}-{revision.commit_seq}.{revision.id}"


def feed_epoch(session: Session) -> str:
    """The epoch the database's feed is in; "0" in a database emptied by hand."""
    epoch = session.scalar(select(CommitCounter.epoch).where(CommitCounter.id == 1))
    return epoch or "0"


RESYNCHRONISE = (
    "Resynchronise from a full export (or read the feed again from its start, without"
    " `since`), then read on from the cursors it returns."
)


def feed_position(cursor: str, epoch: str) -> FeedPosition:
    """The position `cursor` names; Gone if it comes from before the last restore."""
    match = CURSOR.match(cursor)
    if match is None:
        if LEGACY_CURSOR.match(cursor):
            raise Gone(
                "This cursor comes from an earlier version of the feed, which cannot tell"
                f" whether the database was restored since. {RESYNCHRONISE}",
                field="since",
            )
        raise InvalidInput.field("since", "A cursor returned by this feed.")
    if match[1] != epoch:
        raise Gone(
            "This cursor comes from before the database was restored from a backup: what"
            " followed it may be gone, and newer changes have taken its place in the feed."
            f" {RESYNCHRONISE}",
            field="since",
        )
    return FeedPosition(public=match[2] == "p", seq=int(match[3]), within=int(match[4]))


def record_revisions(
    session: Session, principal: Principal, resource: str, record_id: int
) -> list[dict[str, Any]]:
    """A record's trail, oldest first; it survives the record's deletion. Clients who see
    published data only get the revisions made while it was public."""
    model = MODELS_BY_RESOURCE[resource]
    record = session.get(model, record_id)
    if record is None or (
        not principal.sees_drafts and (record.deleted_at is not None or not is_public(record))
    ):
        raise NotFound(resource, record_id)
    return [
        revision_view(revision, principal)
        for revision in revisions_of(session, resource, record_id)
        if revision.public or principal.sees_drafts
    ]


def changes_since(
    session: Session, principal: Principal, since: str | None, limit: int
) -> list[dict[str, Any]]:
    """Everything created, changed, published, retracted or deleted after `since`, in
    commit order. Reading on from the last cursor returned never skips or repeats a change,
    because commit numbers are drawn in commit order (heritage.revisions).

    Readers who see published data only read the public revisions, numbered among
    themselves: their cursors count nothing they cannot see. A cursor from before the last
    restore (another epoch) is refused with Gone: the restore put back older numbers,
    which the commits after it draw again, so reading on from it could skip changes."""
    epoch = feed_epoch(session)
    public = not principal.sees_drafts
    statement = (
        select(Revision)
        # The feed is for data; account changes stay in the admins' trail (user_revisions).
        .where(Revision.resource.in_(list(MODELS_BY_RESOURCE)))
        .limit(limit)
    )
    if public:
        statement = statement.where(Revision.public_seq.is_not(None)).order_by(
            Revision.public_seq, Revision.public_ordinal
        )
    else:
        statement = statement.order_by(Revision.commit_seq, Revision.id)
    if since:
        statement = statement.where(_after(session, feed_position(since, epoch), public))
    return [
        {**revision_view(revision, principal), "cursor": cursor_of(epoch, revision, public)}
        for revision in session.scalars(statement)
    ]


def recent_changes(
    session: Session,
    principal: Principal,
    *,
    resource: str | None = None,
    page: int = 1,
    page_size: int = 25,
) -> Page[dict[str, Any]]:
    """The change feed newest first, a page at a time, optionally of one record type: what
    a person reads to see what the team did lately (partners read on with `changes_since`).
    Readers who see published data only read the public revisions, as in the feed."""
    if resource is not None and resource not in MODELS_BY_RESOURCE:
        raise InvalidInput.field("resource", f"One of: {', '.join(MODELS_BY_RESOURCE)}.")
    statement = select(Revision).where(
        Revision.resource.in_([resource] if resource else list(MODELS_BY_RESOURCE))
    )
    if principal.sees_drafts:
        statement = statement.order_by(Revision.commit_seq.desc(), Revision.id.desc())
    else:
        statement = statement.where(Revision.public_seq.is_not(None)).order_by(
            Revision.public_seq.desc(), Revision.public_ordinal.desc()
        )
    found = paginate(session, statement, page, page_size)
    return Page(
        items=[revision_view(revision, principal) for revision in found.items],
        total=found.total,
        page=found.page,
        page_size=found.page_size,
    )


# The fields revisions name other records by (as the models name them), and what they name.
REFERENCE_FIELDS = {reference.column.key: reference.target_name for reference in REFERENCES} | {
    "event_id": "event"
}
_NAMES = {"site": Site.name, "actor": Actor.name, "source": Source.name, "article": Article.title}


def referenced_names(
    session: Session, revisions: Iterable[Mapping[str, Sequence[Any]]]
) -> dict[tuple[str, int], str]:
    """The names of the sites, actors and sources (and the titles of the articles) that
    the changed fields of `revisions` ({field: [old, new]}) refer to by id, so that a
    person reads names: one query per kind of record. Deleted records are left out (and
    events, which have no name). None of these records is ever a draft: a name is as
    public as the record."""
    wanted: dict[str, set[int]] = {}

    def note(field: str, value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                note(field, item)
        elif isinstance(value, dict):
            for key, item in value.items():
                note(key, item)
        elif field in REFERENCE_FIELDS and type(value) is int:
            wanted.setdefault(REFERENCE_FIELDS[field], set()).add(value)

    for changes in revisions:
        for field, values in changes.items():
            note(field, list(values))
    names: dict[tuple[str, int], str] = {}
    for resource, ids in wanted.items():
        if resource not in _NAMES:
            continue
        model = MODELS_BY_RESOURCE[resource]
        found = session.execute(
            select(model.id, _NAMES[resource]).where(model.id.in_(ids), model.deleted_at.is_(None))
        )
        names.update({(resource, record_id): name for record_id, name in found})
    return names


def _after(session: Session, position: FeedPosition, public: bool) -> ColumnElement[bool]:
    """The revisions after `position`, in the order of the reader's feed. A position in the
    other feed (a reader whose role changed) is read in this one: both are commit order."""
    if position.public and not public:
        found = session.execute(
            select(Revision.commit_seq, Revision.id).where(
                Revision.public_seq == position.seq, Revision.public_ordinal == position.within
            )
        ).one_or_none()
        if found is None:
            raise InvalidInput.field("since", "A cursor returned by this feed.")
        position = FeedPosition(public=False, seq=found.commit_seq, within=found.id)
    if position.public:
        seq, within = Revision.public_seq, Revision.public_ordinal
    else:
        seq, within = Revision.commit_seq, Revision.id
    return or_(seq > position.seq, and_(seq == position.seq, within > position.within))


def user_revisions(session: Session, principal: Principal, user_id: int) -> list[dict[str, Any]]:
    """An account's trail (creation, role and password changes, its tokens): admins only."""
    require(principal, Role.ADMIN, "read account changes")
    tokens = select(ApiToken.id).where(ApiToken.user_id == user_id)
    statement = (
        select(Revision)
        .where(
            or_(
                and_(Revision.resource == "user", Revision.record_id == user_id),
                and_(Revision.resource == "token", Revision.record_id.in_(tokens)),
            )
        )
        .order_by(Revision.commit_seq, Revision.id)
    )
    return [revision_view(revision, principal) for revision in session.scalars(statement)]


# The one read on the path of every conditional request, so it costs as little as a read
# can: plain SQL both engines run, on a DBAPI connection of its own (no session, no query
# compilation, no result processing: each costs more than the query), which a server
# keeps per thread (CommitMarks).
# One row, whatever the last commit wrote: it once took the latest time of that commit's
# revisions, and after an import (5000 revisions a batch) that cost a millisecond a read.
# The time cast to text by the database, so the mark is the same text whichever way it is
# read. The public mark comes in the same read: a reader of either kind costs one statement.
_LAST_COMMIT = (
    "SELECT value, CAST(at AS VARCHAR), public_value, CAST(public_at AS VARCHAR)"
    f" FROM {CommitCounter.__tablename__} WHERE id = 1"
)
# On PostgreSQL the read is a statement prepared once per connection (its name is ours:
# psycopg names its own `_pg3_N`); the connection's pool record notes that it is.
_PREPARED_NAME = b"heritage_last_commit"
_PREPARED_KEY = "heritage.last_commit_prepared"


def last_commit(engine: Engine, *, public: bool = False) -> str:
    """Where the data stands, as an opaque mark, in a read of one row: the number of the
    last committed write transaction (the commit counter of heritage.revisions) and when
    it drew that number. With `public`, of the last one that wrote a revision the public
    sees: what readers of published data only are told, so that drafts, account changes
    and every other write out of their sight leave it alone.

    Every service that changes a record writes a revision, and the first revision of a
    transaction moves the counter, in that same transaction: so any committed change to
    what a reader can see changes the mark, and a read validator built on it (the site
    history's ETag) needs nothing else from the data. A change the public can see writes
    a public revision (records.is_public decides), which moves the public mark as well.
    The time tells apart two states
    that reached the same number by different paths: `heritage restore` puts an older
    counter back, and the commits after it draw numbers that were used before. Before any
    write (a fresh or raw-loaded database) the mark is "0".

    Read it before what it validates, never after: then the data read is at least as new
    as the mark (at worst the validator is older than the document and the next
    conditional request gets a 200), never older than a mark that would then vouch for it."""
    connection = engine.raw_connection()
    try:
        row = _prepared_read(connection) if engine.dialect.name == "postgresql" else None
        if row is None:
            cursor = connection.cursor()
            cursor.execute(_LAST_COMMIT)
            row = cursor.fetchone()
            cursor.close()
    finally:
        connection.close()  # back to the pool
    return _mark(row, public)


def commit_mark(cursor: Any) -> str:
    """`last_commit` read on a DB-API cursor the caller holds, in its transaction."""
    cursor.execute(_LAST_COMMIT)
    return _mark(cursor.fetchone())


def _mark(row: Any, public: bool = False) -> str:
    if not row:  # the migration creates the row; a database emptied by hand lacks it
        return "0"
    value, at = (row[2], row[3]) if public else (row[0], row[1])
    return f"{value}@{at}" if at is not None else str(value)


def _prepared_read(connection: Any) -> tuple[Any, ...] | None:
    """The mark's row through libpq itself (psycopg's `pgconn`), or None to read it the
    usual way. psycopg wraps a read in BEGIN … ROLLBACK unless the connection is switched
    to autocommit and back, and runs each call through Python generators: together that
    was twice the CPU of the read. A bare prepared SELECT outside a transaction commits
    itself and leaves the connection idle, as psycopg expects it.

    psycopg deallocates every statement of a connection (DEALLOCATE ALL) at a rollback
    once it has prepared some of its own, ours with them: then the read prepares it again,
    once. Any other failure (a broken connection, a pooler without prepared statements)
    falls back to the cursor, which raises as the driver does. () when the counter row is
    missing."""
    return _read_on_libpq(connection.driver_connection.pgconn, connection.info)


def _read_on_libpq(pgconn: Any, notes: dict[str, Any]) -> tuple[Any, ...] | None:
    """`_prepared_read` on libpq's connection; `notes` remembers that it is prepared."""
    from psycopg.pq import ExecStatus  # PostgreSQL only, where psycopg is installed

    for _attempt in range(2):
        if not notes.get(_PREPARED_KEY):
            pgconn.prepare(_PREPARED_NAME, _LAST_COMMIT.encode())  # if it fails, so does exec
            notes[_PREPARED_KEY] = True
        result = pgconn.exec_prepared(_PREPARED_NAME, None)
        if result.status == ExecStatus.TUPLES_OK:
            break
        notes.pop(_PREPARED_KEY, None)
    else:
        return None
    if result.ntuples == 0:
        return ()
    value, at = result.get_value(0, 0), result.get_value(0, 1)
    public_value, public_at = result.get_value(0, 2), result.get_value(0, 3)
    return (
        value.decode(),
        None if at is None else at.decode(),
        public_value.decode(),
        None if public_at is None else public_at.decode(),
    )


class CommitMarks:
    """`last_commit` for a server, where it is the whole cost of a conditional request: each
    thread reads the mark on a connection of its own, taken from the engine's pool once and
    detached from it (so it never counts against the pool's size), with no transaction.
    Checking a pooled connection out and back in (its reset included) cost three times
    the read itself.

    Each read is its own statement, so it sees every commit made before it, as
    `last_commit` does. A connection that fails (the server restarted, the database was
    replaced) is dropped, and that read goes through the pool. Databases a second
    connection cannot reach (in-memory SQLite, single-connection pools) always go
    through the pool. The connections close with the engine (`Engine.dispose`) or their
    thread."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._own_connections = not (
            isinstance(engine.pool, SingletonThreadPool | StaticPool) or is_in_memory(engine)
        )
        self._local = threading.local()
        # Every thread's reader, to close them all on dispose; weak, so that a thread's
        # reader ends with its thread.
        self._readers: weakref.WeakSet[_MarkReader] = weakref.WeakSet()
        self._lock = threading.Lock()
        if self._own_connections:
            event.listen(engine, "engine_disposed", self._close_all)

    def read(self, *, public: bool = False) -> str:
        """`last_commit(engine, public=public)`."""
        if not self._own_connections:
            return last_commit(self._engine, public=public)
        reader = self.reader()
        try:
            row = reader.read()
        except self._engine.dialect.loaded_dbapi.Error:
            row = None
        if row is None:
            self._drop(reader)
            return last_commit(self._engine, public=public)
        return _mark(row, public)

    def reader(self) -> _MarkReader:
        """This thread's reader, opened on first use (and again in a forked child)."""
        reader: _MarkReader | None = getattr(self._local, "reader", None)
        if reader is None or reader.pid != os.getpid():
            reader = _MarkReader(self._engine)
            self._local.reader = reader
            with self._lock:
                self._readers.add(reader)
        return reader

    def _drop(self, reader: _MarkReader) -> None:
        self._local.reader = None
        with self._lock:
            self._readers.discard(reader)
        reader.close()

    def _close_all(self, _engine: Engine) -> None:
        with self._lock:
            readers, self._readers = list(self._readers), weakref.WeakSet()
        for reader in readers:
            reader.close()


# Connections a forked child inherited: never closed there (closing would end the parent's
# session on the socket they share), only kept from being collected, which closes too.
_INHERITED: list[Any] = []


def _close_connection(connection: Any, pid: int) -> None:
    if os.getpid() == pid:
        connection.close()
    else:
        _INHERITED.append(connection)


class _MarkReader:
    """One thread's connection for the mark (see CommitMarks)."""

    def __init__(self, engine: Engine) -> None:
        pooled = engine.raw_connection()  # the pool's connect hooks (SQLite's pragmas) ran
        connection = pooled.driver_connection
        assert connection is not None  # a live pooled connection has one
        self.connection: Any = connection
        pooled.detach()
        self.pid = os.getpid()
        self.postgresql = engine.dialect.name == "postgresql"
        self._notes: dict[str, Any] = {}
        if self.postgresql:
            self.connection.autocommit = True
        # Closed when the reader goes (with its thread, or dropped), or by `close`.
        self.close = weakref.finalize(self, _close_connection, self.connection, self.pid)

    def read(self) -> tuple[Any, ...] | None:
        """The mark's row, () without one, or None if the connection failed."""
        if self.postgresql:
            return _read_on_libpq(self.connection.pgconn, self._notes)
        # Read to the end, which resets the statement: a statement left open would keep
        # its read transaction, and the WAL snapshot with it, until the next request.
        rows = self.connection.execute(_LAST_COMMIT).fetchall()
        return rows[0] if rows else ()
