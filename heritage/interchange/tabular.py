"""CSV for spreadsheet users: events out (one row each, streamed), and sites and events in,
as interchange records for the import engine (see docs/interchange.md, "CSV layouts")."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Date,
    Select,
    SQLColumnExpression,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    select,
    true,
    tuple_,
    type_coerce,
)
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.dates import OPEN_END, OPEN_START
from heritage.driver import DriverStatement
from heritage.interchange.filters import ExportFilter
from heritage.interchange.importer import ImportProblem
from heritage.interchange.scope import drafts_shown, event_conditions
from heritage.models import Actor, Claim, Event, EventActor, EventSite, Site
from heritage.services.visibility import own_visible
from heritage.snapshots import SnapshotNotShared, can_share, shared_snapshot
from heritage.vocab import ActorRole, IdentifierScheme

# Rows fetched per round trip (a server-side cursor's batch on PostgreSQL): memory stays
# bounded by it whatever the number of events.
BATCH_SIZE = 2000
LIST_SEPARATOR = "; "  # how lists are written into one cell; readers split on ";"
# OWASP's "CSV injection": a spreadsheet opening the file runs a cell that begins with one
# of these as a formula. The export puts NEUTRALISER before such a free-text cell (unless
# asked for the raw text), and the import takes it off again (as_stored).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"

EVENT_COLUMNS = (
    "key",
    "id",
    "category",
    "event_type",
    "date",
    "earliest",
    "latest",
    "site_keys",
    "site_names",
    "actors",
    "grade",
    "claims",
    "status",
    "description",
    "condition_found",  # last: a column added later, after the ones partners already read
)
_ROLE_ORDER = {role.value: rank for rank, role in enumerate(ActorRole)}


# --- export -------------------------------------------------------------------------------


def export_events_csv(
    session: Session,
    principal: Principal,
    out: TextIO,
    selection: ExportFilter,
    *,
    include_drafts: bool = False,
    parallel: bool = False,
    raw: bool = False,
) -> int:
    """Write a header and one row per event `principal` may see in `selection`, ordered by
    date; return the number of rows. Published events only, unless an editor passes
    `include_drafts`. `out` should be opened with newline="" (the csv module's rule).

    The free-text cells (site names, actors, description) that a spreadsheet would run as
    a formula get a NEUTRALISER before them (`spreadsheet_safe`), unless `raw` asks for
    every cell as stored (for programs reading the file).

    `parallel` (the command line) reads a large export in slices of the date order on
    WORKERS connections sharing one snapshot, and writes the same bytes (_export_slices)."""
    writer = csv.writer(out)
    writer.writerow(EVENT_COLUMNS)
    # The database builds every cell (lists joined, dates as text, counts), and each row
    # goes from the DB-API cursor to the csv module untouched: per-row Python, SQLAlchemy's
    # result rows included, was the cost. session.execute would have flushed first; do it
    # here likewise.
    if session.autoflush:
        session.flush()
    connection = session.connection()
    conditions = event_conditions(session, principal, selection, include_drafts)
    # Every row's event passed `conditions`, which hold it to the claims' event rule: the
    # claims' own columns are the rest of it, without the event's lookup per claim.
    claims_visible = own_visible(Claim, principal, drafts_shown(principal, include_drafts))
    bounds = _slice_bounds(connection, conditions) if parallel else None
    if bounds is not None:
        try:
            return _export_slices(
                connection.engine, conditions, claims_visible, bounds, out, raw=raw
            )
        except SnapshotNotShared:
            pass  # nothing written yet: read it whole
    filtered = selection != ExportFilter()
    return _export_whole(connection, conditions, claims_visible, filtered, writer, raw)


def _export_whole(
    connection: Connection,
    conditions: ColumnElement[bool],
    claims_visible: ColumnElement[bool],
    filtered: bool,
    writer: Any,
    raw: bool,
) -> int:
    """The export as one statement on the session's own connection."""
    dialect = connection.dialect
    if dialect.name == "postgresql":
        statement = DriverStatement(
            _postgresql_statement(conditions, claims_visible, filtered, raw), dialect
        )
        driver: Any = connection.connection.driver_connection
        with driver.cursor() as settings:
            # For this statement only (SET LOCAL ends with the transaction; RESET below):
            # compiling it took JIT seconds at a million events, and a parallel plan
            # grouped every list again in each worker.
            settings.execute(_POSTGRESQL_SETTINGS)
        # A server-side cursor: the driver holds one batch, not the whole result.
        cursor = driver.cursor(name="events_csv")
    else:
        statement = DriverStatement(_sqlite_statement(conditions, claims_visible, raw), dialect)
        # sqlite3 steps through the result as it is fetched.
        cursor = connection.connection.cursor()
    written = 0
    try:
        statement.execute(cursor, {})
        while batch := cursor.fetchmany(BATCH_SIZE):
            writer.writerows(batch)
            written += len(batch)
    finally:
        cursor.close()
    if dialect.name == "postgresql":
        with driver.cursor() as settings:
            settings.execute(_POSTGRESQL_RESET)
    return written


_POSTGRESQL_SETTINGS = "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0"
_POSTGRESQL_RESET = "RESET jit; RESET max_parallel_workers_per_gather"


# --- export in slices ---------------------------------------------------------------------

WORKERS = 2  # threads, each on its own connection: sqlite3 and the server use a core each
# Events per slice, about. Each slice's statement scans the events table again (SQLite) or
# the lists' tables (PostgreSQL): a few large slices, not many small ones. PostgreSQL's
# slices cost more each, and two (one per connection) were fastest; SQLite's, four.
SLICE_ROWS = {"sqlite": 250_000, "postgresql": 500_000}
PARALLEL_FROM = 200_000  # events, about: a smaller export is read whole (threads cost)
# The first slice's size against the others': it is primed sooner, so writing starts
# sooner, beside the second's priming (5-8 % faster on either engine than equal slices).
FIRST_SLICE = 0.6
SAMPLE_SIZE = 1_024  # events whose dates place the slice boundaries: a few per cent
DateKey = tuple[dt.date, dt.date]  # an event's (earliest, latest): the order's own key
# A slice: the events whose key is at least its first bound and below its second; None
# leaves that side open.
Slice = tuple[DateKey | None, DateKey | None]
# A primed slice: its cursor, and the first batch, whose fetch ran the statement's sort.
Primed = tuple[Any, list[Any]]


def _slice_bounds(connection: Connection, conditions: ColumnElement[bool]) -> list[Slice] | None:
    """Slices of the export in date order, about SLICE_ROWS events each (at least one per
    worker), or None to read it whole: too small, or the session has written (other
    connections would not see it), or a database other connections cannot share
    (in-memory SQLite)."""
    if not can_share(connection.engine) or _has_written(connection):
        return None
    keys, estimate = _sample_keys(connection, conditions)
    if estimate < PARALLEL_FROM:
        return None
    count = max(WORKERS, min(estimate // SLICE_ROWS[connection.dialect.name], len(keys)))
    # Bounds are whole keys (quantiles of the sample), so events that tie on the key stay
    # in one slice, and within a slice the statement orders them by id as the whole
    # export does.
    shares = [FIRST_SLICE, *[1.0] * (count - 1)]
    ends = list(itertools.accumulate(shares))[:-1]
    bounds = sorted({keys[int(len(keys) * end / sum(shares))] for end in ends})
    edges: list[DateKey | None] = [None, *bounds, None]
    return list(itertools.pairwise(edges))


def _has_written(connection: Connection) -> bool:
    """Whether the session's transaction holds writes of its own."""
    if connection.dialect.name == "postgresql":
        # A transaction gets an id at its first write.
        return connection.exec_driver_sql("SELECT txid_current_if_assigned()").scalar() is not None
    # sqlite3 opens a transaction before a write only.
    return bool(connection.connection.driver_connection.in_transaction)  # type: ignore[union-attr]


def _sample_keys(
    connection: Connection, conditions: ColumnElement[bool]
) -> tuple[list[DateKey], int]:
    """The sorted keys of selected events among SAMPLE_SIZE ids spread evenly over the
    table, read by primary key (reading every key cost a tenth of the export), and the
    number of selected events they suggest."""
    low, high = connection.execute(select(func.min(Event.id), func.max(Event.id))).one()
    if low is None:
        return [], 0
    step = max(1, (high - low + 1) // SAMPLE_SIZE)
    sampled = connection.execute(
        select(Event.earliest, Event.latest).where(
            Event.id.in_(range(low, high + 1, step)), conditions
        )
    )
    keys = sorted((earliest, latest) for earliest, latest in sampled)
    return keys, len(keys) * step


def _export_slices(
    engine: Engine,
    conditions: ColumnElement[bool],
    claims_visible: ColumnElement[bool],
    slices: list[Slice],
    out: TextIO,
    *,
    raw: bool = False,
) -> int:
    """The export's rows, slice after slice, from connections sharing one snapshot: the
    bytes of the whole export. Slice k is primed by thread k % WORKERS on its connection
    (the statement runs up to its first batch: the lists and the sort, most of the work),
    while this thread writes the slice before it out. The database holds a primed slice's
    rows (SQLite's sorter, PostgreSQL's server-side cursor), so memory does not grow with
    the slices. An error in a thread is raised here; one here stops the threads."""
    statements = _slice_statements(engine.dialect, conditions, claims_visible, raw)
    stop = threading.Event()
    with shared_snapshot(engine, WORKERS) as connections:
        workers = [
            _SliceWorker(connection, engine.dialect, statements, slices[k::WORKERS], stop)
            for k, connection in enumerate(connections)
        ]
        for worker in workers:
            worker.start()
        try:
            return sum(_write_slice(workers[index % WORKERS], out) for index in range(len(slices)))
        except BaseException:
            stop.set()
            for worker in workers:
                worker.interrupt()
            raise
        finally:
            stop.set()
            for worker in workers:
                worker.join()
                worker.discard()


def _write_slice(worker: _SliceWorker, out: TextIO) -> int:
    cursor, batch = worker.take()
    writer = csv.writer(out)
    written = 0
    try:
        while batch:
            writer.writerows(batch)
            written += len(batch)
            batch = cursor.fetchmany(BATCH_SIZE)
    finally:
        cursor.close()
        worker.release()
    return written


def _slice_statements(
    dialect: Dialect,
    conditions: ColumnElement[bool],
    claims_visible: ColumnElement[bool],
    raw: bool,
) -> dict[tuple[bool, bool], DriverStatement]:
    """The export's statement for a slice, by which of its bounds it has (every slice has
    one at least). On PostgreSQL the lists are grouped for the slice's events only."""
    variants = {}
    for lower, upper in ((False, True), (True, True), (True, False)):
        bounded = and_(conditions, _in_slice(lower, upper))
        statement = (
            _postgresql_statement(bounded, claims_visible, filtered=True, raw=raw)
            if dialect.name == "postgresql"
            else _sqlite_statement(bounded, claims_visible, raw)
        )
        variants[lower, upper] = DriverStatement(statement, dialect)
    return variants


def _in_slice(lower: bool, upper: bool) -> ColumnElement[bool]:
    """The events of a slice: a range of the order's key, bound per slice."""
    key = tuple_(Event.earliest, Event.latest)
    in_range: ColumnElement[bool] = true()
    if lower:
        in_range = and_(in_range, key >= tuple_(*_bound_parameters("from")))
    if upper:
        in_range = and_(in_range, key < tuple_(*_bound_parameters("to")))
    return in_range


def _bound_parameters(side: str) -> tuple[BindParameter[dt.date], BindParameter[dt.date]]:
    return bindparam(f"{side}_earliest", type_=Date), bindparam(f"{side}_latest", type_=Date)


def _slice_values(piece: Slice) -> dict[str, dt.date]:
    values = {}
    for side, bound in zip(("from", "to"), piece, strict=True):
        if bound is not None:
            values[f"{side}_earliest"], values[f"{side}_latest"] = bound
    return values


class _SliceWorker(threading.Thread):
    """Primes its slices in turn on its connection and hands each over (or the error that
    stopped it); the next waits until the writer has read the last one out."""

    def __init__(
        self,
        connection: Any,
        dialect: Dialect,
        statements: dict[tuple[bool, bool], DriverStatement],
        slices: list[Slice],
        stop: threading.Event,
    ) -> None:
        super().__init__(name="events-csv-slice", daemon=True)
        self.connection = connection
        self.dialect = dialect
        self.statements = statements
        self.slices = slices
        self.stop = stop
        self.primed: queue.Queue[Primed | BaseException] = queue.Queue(maxsize=1)
        self.read_out = threading.Semaphore(0)

    def run(self) -> None:
        try:
            if self.dialect.name == "postgresql":
                with self.connection.cursor() as settings:  # SET LOCAL: until the rollback
                    settings.execute(_POSTGRESQL_SETTINGS)
            for index, piece in enumerate(self.slices):
                if index:
                    self._wait_read_out()
                if self.stop.is_set():
                    return
                self.primed.put(self._prime(piece))
        except BaseException as error:  # noqa: BLE001 - raised again by take()
            self.primed.put(error)

    def take(self) -> Primed:
        """The next slice's cursor and first batch; raises the thread's error."""
        item = self.primed.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def release(self) -> None:
        """The writer is done with the slice it took: the connection is free again."""
        self.read_out.release()

    def interrupt(self) -> None:
        """Cut short the statement the thread may be running: the export has failed."""
        driver = self.connection.driver_connection
        driver.cancel() if self.dialect.name == "postgresql" else driver.interrupt()

    def discard(self) -> None:
        """Close the cursor of a slice primed but never taken (the export stopped first):
        an open statement would keep SQLite's read transaction past the rollback."""
        try:
            item = self.primed.get_nowait()
        except queue.Empty:
            return
        if not isinstance(item, BaseException):
            item[0].close()

    def _prime(self, piece: Slice) -> Primed:
        statement = self.statements[piece[0] is not None, piece[1] is not None]
        if self.dialect.name == "postgresql":
            # A server-side cursor: the server holds the sorted rows, the driver a batch.
            cursor = self.connection.driver_connection.cursor(name="events_csv_slice")
        else:
            cursor = self.connection.cursor()
        try:
            statement.execute(cursor, _slice_values(piece))
            return cursor, cursor.fetchmany(BATCH_SIZE)
        except BaseException:
            cursor.close()
            raise

    def _wait_read_out(self) -> None:
        """Until the writer releases the connection, or stops."""
        while not self.stop.is_set() and not self.read_out.acquire(timeout=0.05):
            pass


def _site_reference() -> ColumnElement[str]:
    """A site as the import refers to it: its key, or `#id` for a site without one."""
    return func.coalesce(func.nullif(Site.key, ""), "#" + cast(Site.id, String))


def _actor_label() -> ColumnElement[str]:
    return Actor.name + " (" + EventActor.role + ")"


def _role_rank() -> ColumnElement[int]:
    """Perpetrators, then controllers, then supporters."""
    return case(_ROLE_ORDER, value=EventActor.role, else_=len(_ROLE_ORDER))


def spreadsheet_safe(text: SQLColumnExpression[Any]) -> SQLColumnExpression[Any]:
    """`text` with a NEUTRALISER before it if it begins with a FORMULA_TRIGGER, or with
    quotes and then one: so a spreadsheet shows it as text, and the import, which takes one
    quote off a cell of quotes and a trigger, reads back exactly what is stored."""
    text = type_coerce(text, String)  # a list's aggregate has no type: `+` must join text
    first = func.substr(func.ltrim(text, literal(NEUTRALISER)), 1, 1)
    return case(
        (first.in_([literal(trigger) for trigger in FORMULA_TRIGGERS]), NEUTRALISER + text),
        else_=text,
    )


TextCell = Callable[[SQLColumnExpression[Any]], SQLColumnExpression[Any]]


def _as_stored(text: SQLColumnExpression[Any]) -> SQLColumnExpression[Any]:
    return text


def _text_cell(raw: bool) -> TextCell:
    """What the export makes of a free-text cell: a value that cannot start a formula
    (event types, dates, keys, counts) is written as stored either way."""
    return _as_stored if raw else spreadsheet_safe


def _row(
    earliest: ColumnElement[Any],
    latest: ColumnElement[Any],
    site_keys: ColumnElement[Any],
    site_names: SQLColumnExpression[Any],
    actors: SQLColumnExpression[Any],
    claims: ColumnElement[Any],
    description: SQLColumnExpression[Any],
) -> Select[Any]:
    """The export's columns in EVENT_COLUMNS order; NULL is written as an empty cell."""
    return select(
        Event.key,
        Event.id,
        Event.category,
        Event.type,
        Event.date_edtf,
        earliest,
        latest,
        site_keys,
        site_names,
        actors,
        Event.grade,
        claims,
        Event.status,
        description,
        Event.condition_found,
    )


def _sqlite_statement(
    conditions: ColumnElement[bool], claims_visible: ColumnElement[bool], raw: bool
) -> Select[Any]:
    """One correlated subquery per list: SQLite runs each in about a microsecond per
    event, in proportion to the events selected."""
    text_cell = _text_cell(raw)

    def site_list(value: SQLColumnExpression[str], cell: TextCell) -> ColumnElement[str | None]:
        return _sqlite_list(
            select(value.label("value"))
            .select_from(EventSite)
            .join(Site, Site.id == EventSite.site_id)
            .where(EventSite.event_id == Event.id)
            .order_by(EventSite.site_id),
            cell,
        )

    actors = _sqlite_list(
        select(_actor_label().label("value"))
        .select_from(EventActor)
        .join(Actor, Actor.id == EventActor.actor_id)
        .where(EventActor.event_id == Event.id)
        .order_by(_role_rank(), Actor.name, EventActor.role),
        text_cell,
    )
    claims = (
        select(func.count())
        .select_from(Claim)
        .where(Claim.event_id == Event.id, claims_visible)
        .correlate(Event)
        .scalar_subquery()
    )
    # Dates are stored as ISO text: written as they are, an open end as an empty cell.
    return (
        _row(
            case((Event.earliest == OPEN_START, null()), else_=type_coerce(Event.earliest, String)),
            case((Event.latest == OPEN_END, null()), else_=type_coerce(Event.latest, String)),
            site_list(_site_reference(), _as_stored),
            site_list(Site.name, text_cell),
            actors,
            claims,
            text_cell(Event.description),
        )
        .where(conditions)
        .order_by(Event.earliest, Event.latest, Event.id)
    )


def _sqlite_list(rows: Select[Any], cell: TextCell) -> ColumnElement[str | None]:
    """The `value` column of `rows`, an ordered query correlated to the event, joined
    into one cell, which `cell` makes safe or not. SQLite before 3.44 has no ORDER BY
    inside group_concat: it joins rows in the order they come, and it never flattens a
    subquery with ORDER BY into an aggregate query (rule 16 of its flattener, kept for
    group_concat's sake), so they come in that order. `cell` applies inside the subquery,
    where SQLite computes the aggregate once however often `cell` names it (outside, it
    would run the subquery again for each)."""
    ordered = rows.correlate(Event).subquery()
    # The separator as SQL text, not a parameter: SQLite takes two aggregates for one only
    # if they are written alike, and each `?` is a parameter of its own.
    separator = literal_column("'{}'".format(LIST_SEPARATOR.replace("'", "''")), String)
    return select(cell(func.group_concat(ordered.c.value, separator))).scalar_subquery()


def _postgresql_statement(
    conditions: ColumnElement[bool],
    claims_visible: ColumnElement[bool],
    filtered: bool,
    raw: bool,
) -> Select[Any]:
    """Each list built for all the selected events at once, grouped and hash-joined:
    PostgreSQL pays several microseconds per run of a correlated subquery, which made
    four of them cost seconds per 50,000 events."""

    def of_selected(event_id: SQLColumnExpression[int]) -> list[ColumnElement[bool]]:
        # A filter may select a handful of events: group only theirs. Without one, nearly
        # every event is selected, and grouping all links (the outer join drops the hidden
        # events') saves a quarter of the time that picking them first costs.
        return [event_id.in_(select(Event.id).where(conditions))] if filtered else []

    text_cell = _text_cell(raw)
    separator = literal(LIST_SEPARATOR)
    sites = (
        select(
            EventSite.event_id,
            func.string_agg(_site_reference(), separator)
            .aggregate_order_by(Site.id)
            .label("site_keys"),
            func.string_agg(Site.name, separator).aggregate_order_by(Site.id).label("site_names"),
        )
        .join(Site, Site.id == EventSite.site_id)
        .where(*of_selected(EventSite.event_id))
        .group_by(EventSite.event_id)
        .subquery()
    )
    actors = (
        select(
            EventActor.event_id,
            func.string_agg(_actor_label(), separator)
            # "C": code-point order, as Python sorted the names before.
            .aggregate_order_by(_role_rank(), Actor.name.collate("C"), EventActor.role)
            .label("actor_labels"),
        )
        .join(Actor, Actor.id == EventActor.actor_id)
        .where(*of_selected(EventActor.event_id))
        .group_by(EventActor.event_id)
        .subquery()
    )
    claims = (
        select(Claim.event_id, func.count().label("visible_claims"))
        .where(claims_visible, *of_selected(Claim.event_id))
        .group_by(Claim.event_id)
        .subquery()
    )
    # to_char, not a cast: a cast's text follows the server's DateStyle.
    return (
        _row(
            case(
                (Event.earliest == OPEN_START, null()),
                else_=func.to_char(Event.earliest, "YYYY-MM-DD"),
            ),
            case(
                (Event.latest == OPEN_END, null()), else_=func.to_char(Event.latest, "YYYY-MM-DD")
            ),
            sites.c.site_keys,
            text_cell(sites.c.site_names),
            text_cell(actors.c.actor_labels),
            func.coalesce(claims.c.visible_claims, 0),
            text_cell(Event.description),
        )
        .outerjoin(sites, sites.c.event_id == Event.id)
        .outerjoin(actors, actors.c.event_id == Event.id)
        .outerjoin(claims, claims.c.event_id == Event.id)
        .where(conditions)
        .order_by(Event.earliest, Event.latest, Event.id)
    )


# --- import layouts -----------------------------------------------------------------------


# Problems visible in the file itself go to the import engine as its own ImportProblem,
# reported with the others before anything is written.
CsvItem = tuple[int, dict[str, Any] | ImportProblem]

SITE_REQUIRED = ("key", "name", "kind")
EVENT_REQUIRED = ("key", "event_type", "date", "sites")
# Site columns besides the required ones; any `name_<lang>` column adds names too.
SITE_OPTIONAL = (
    "parent",
    "latitude",
    "longitude",
    "location_certainty",
    *(scheme.value for scheme in IdentifierScheme),
    "designations",
    "description",
    "restricted",
    "built",
)
EVENT_ACTOR_COLUMNS = {
    "perpetrators": ActorRole.PERPETRATOR.value,
    "controllers": ActorRole.CONTROLLER.value,
    "supporters": ActorRole.SUPPORTER.value,
}
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0", ""}


class _RowFaults(Exception):
    """Raised inside a row converter; the reader turns it into ImportProblems."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.problems = problems


def _rows(
    stream: TextIO, required: Sequence[str]
) -> Iterator[tuple[int, dict[str, str]] | ImportProblem]:
    """(line of the row's start, {column: stripped cell}) for each non-empty data row, after
    the header on line 1. Line numbers count physical lines, so a quoted cell spanning lines
    still points the user at the right place."""
    reader = csv.reader(stream)
    try:
        header = next(reader, None)
    except csv.Error as error:
        yield ImportProblem(1, None, _unreadable(error))
        return
    if header is None:
        yield ImportProblem(1, None, "The file is empty; the first line names the columns.")
        return
    # Spreadsheets save UTF-8 with a byte-order mark; headers are matched case-insensitively.
    columns = [cell.strip().lstrip("\ufeff").strip().lower() for cell in header]
    missing = [column for column in required if column not in columns]
    if missing:  # every row would fail the same way: say it once, on the header line
        for column in missing:
            yield ImportProblem(1, column, "Required column missing from the header.")
        return
    ended = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # Where the reader would go on from is not known (inside a quoted cell?): the
            # rest of the file is not read.
            yield ImportProblem(ended + 1, None, _unreadable(error))
            return
        start, ended = ended + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(columns):
            yield ImportProblem(
                start, None, f"{len(cells)} cells, but the header names {len(columns)} columns."
            )
            continue
        # Spreadsheets drop trailing empty cells: a short row has them empty.
        padded = [*cells, *[""] * (len(columns) - len(cells))]
        yield (
            start,
            {column: as_stored(cell).strip() for column, cell in zip(columns, padded, strict=True)},
        )


def _unreadable(error: csv.Error) -> str:
    """Why the csv module could not read a row, in words; the rest is not read."""
    limit = csv.field_size_limit()
    if "field limit" in str(error):
        reason = f"a cell is longer than {limit:,} characters, which no column takes"
    else:
        reason = f"not readable as CSV ({error})"
    return f"{reason[0].upper()}{reason[1:]}; the lines after it were not read."


_TRIGGERS = frozenset(FORMULA_TRIGGERS)


def as_stored(cell: str) -> str:
    """A cell without the NEUTRALISER the export puts before text a spreadsheet would run
    (spreadsheet_safe): one quote off a cell of quotes followed by a formula trigger. No
    value of a typed column starts so, and spreadsheets save such a cell typed in them
    without its quote, so the quote is never the data."""
    if cell[:1] == NEUTRALISER and cell.lstrip(NEUTRALISER)[:1] in _TRIGGERS:
        return cell[1:]
    return cell


def _read(
    stream: TextIO,
    required: Sequence[str],
    to_record: Callable[[Mapping[str, str], set[str]], dict[str, Any]],
) -> Iterator[CsvItem]:
    for item in _rows(stream, required):
        if isinstance(item, ImportProblem):
            yield item.line, item
            continue
        line, cells = item
        try:
            yield line, to_record(cells, set(cells))
        except _RowFaults as faults:
            for field, reason in faults.problems:
                yield line, ImportProblem(line, field, reason)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _required_values(cells: Mapping[str, str], required: Iterable[str]) -> list[tuple[str, str]]:
    return [(column, "Required; the cell is empty.") for column in required if not cells[column]]


def _number(cells: Mapping[str, str], column: str, faults: list[tuple[str, str]]) -> float | None:
    text = cells.get(column, "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        faults.append((column, f"'{text}' is not a number (use a dot for decimals)."))
        return None


def _flag(cells: Mapping[str, str], column: str, faults: list[tuple[str, str]]) -> bool:
    text = cells.get(column, "").lower()
    if text in _TRUE:
        return True
    if text not in _FALSE:
        faults.append((column, f"'{cells[column]}' is not true or false."))
    return False


def _location(cells: Mapping[str, str], faults: list[tuple[str, str]]) -> dict[str, Any] | None:
    latitude = _number(cells, "latitude", faults)
    longitude = _number(cells, "longitude", faults)
    if latitude is None and longitude is None:
        return None
    if latitude is None or longitude is None:
        if not faults:  # a one-sided point, not an unparsable one
            missing = "latitude" if latitude is None else "longitude"
            faults.append((missing, "A point needs both latitude and longitude."))
        return None
    location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
    if cells.get("location_certainty"):
        location["certainty"] = cells["location_certainty"]
    return location


def _site_names(cells: Mapping[str, str]) -> list[dict[str, str]]:
    """`name_<lang>` columns: each cell holds one or more names (";"-separated)."""
    return [
        {"name": name, "lang": column.removeprefix("name_"), "type": "alternative"}
        for column, cell in cells.items()
        if column.startswith("name_")
        for name in _split(cell)
    ]


def site_record(cells: Mapping[str, str], columns: set[str]) -> dict[str, Any]:
    """One sites-layout row as an interchange `site` record; a column absent from the file
    leaves its field out, a column present but empty clears it."""
    faults = _required_values(cells, SITE_REQUIRED)
    record: dict[str, Any] = {"type": "site", **{c: cells[c] for c in SITE_REQUIRED}}
    if "parent" in columns:
        record["parent"] = cells["parent"] or None
    if columns & {"latitude", "longitude"}:
        record["location"] = _location(cells, faults)
    if any(column.startswith("name_") for column in columns):
        record["names"] = _site_names(cells)
    schemes = [scheme.value for scheme in IdentifierScheme if scheme.value in columns]
    if schemes:
        record["identifiers"] = [
            {"scheme": scheme, "value": cells[scheme]} for scheme in schemes if cells[scheme]
        ]
    if "designations" in columns:
        record["designations"] = _split(cells["designations"])
    if "description" in columns:
        record["description"] = cells["description"]
    if "restricted" in columns:
        record["restricted"] = _flag(cells, "restricted", faults)
    if "built" in columns:
        record["built"] = cells["built"] or None
    if faults:
        raise _RowFaults(faults)
    return record


def event_record(cells: Mapping[str, str], columns: set[str]) -> dict[str, Any]:
    """One events-layout row as an interchange `event` record."""
    faults = _required_values(cells, EVENT_REQUIRED)
    record: dict[str, Any] = {
        "type": "event",
        "key": cells["key"],
        "event_type": cells["event_type"],
        "date": cells["date"],
        "sites": _split(cells["sites"]),
    }
    if cells["sites"] and not record["sites"]:
        faults.append(("sites", "At least one site reference."))
    if "category" in columns and cells["category"]:
        record["category"] = cells["category"]
    if columns & set(EVENT_ACTOR_COLUMNS):
        record["actors"] = [
            {"actor": actor, "role": role}
            for column, role in EVENT_ACTOR_COLUMNS.items()
            for actor in _split(cells.get(column, ""))
        ]
    if "description" in columns:
        record["description"] = cells["description"]
    if "condition_found" in columns and cells["condition_found"]:
        record["condition_found"] = cells["condition_found"]
    if "status" in columns and cells["status"]:
        record["status"] = cells["status"]
    if faults:
        raise _RowFaults(faults)
    return record


def read_sites_csv(stream: TextIO) -> Iterator[CsvItem]:
    """(line, site record) for each row of a sites-layout CSV, or (line, ImportProblem)."""
    return _read(stream, SITE_REQUIRED, site_record)


def read_events_csv(stream: TextIO) -> Iterator[CsvItem]:
    """(line, event record) for each row of an events-layout CSV, or (line, ImportProblem)."""
    return _read(stream, EVENT_REQUIRED, event_record)
