"""Creating an import batch's new records in bulk: the same rows the services write, in a
few statements per run of records instead of a dozen per record.

The services create one record per call: they look up every reference, check the key,
flush, write a revision and regrade the event, which costs milliseconds a record. An
import has checked every field and reference in its validation pass already, so what is
left per batch is done here once: the checks only the database can answer (keys and
identifiers already taken, tombstones included), one executemany per table (COPY on
PostgreSQL), one of the revisions, and a note of the events touched, which the import
regrades once at its end. The column values come from the services' own `fill_*`
functions and the revisions from the trail's own `snapshot` and `changed_fields`, so a
record created here is the one its service would create; the ORM, which was most of
what a record cost, is left out.

Records that need more than that (an article with archived text, a claim with a quote to
locate, an event with a reviewer's grade override) still go through their service.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from typing import Any, cast

import orjson
from sqlalchemy import Column, Table, inspect, select, tuple_
from sqlalchemy.orm import Mapper, Session

from heritage.auth import Principal
from heritage.commit_order import commit_seq, public_positions
from heritage.errors import Conflict
from heritage.history_marks import note_events_reached
from heritage.interchange.canonical import KEY_FIELD, MODELS, among
from heritage.interchange.dialects import import_dialect
from heritage.models import Revision, SiteIdentifier
from heritage.revisions import plain
from heritage.services.grades import defer_grades
from heritage.services.records import require_editing, snapshot, stamp_created
from heritage.services.registry import SERVICES
from heritage.services.visibility import visibility
from heritage.text import normalise_url
from heritage.vocab import RevisionAction


def needs_service(record_type: str, data: Mapping[str, Any]) -> bool:
    """Whether creating this record needs its service's own lookups (see the module doc)."""
    if record_type == "article":
        return data.get("text") is not None  # a duplicate by text is found by its digest
    if record_type == "claim":
        return data.get("quote") is not None  # the quote is located in the article's text
    if record_type == "event":
        return data.get("grade_override") is not None  # a reviewer's act, with its checks
    return False


class _Unsaved:
    """Stands in for a new `model` instance while a service's `fill_*` sets its attributes,
    and for the owned rows it makes (its `new`).

    The `fill_*` functions only set and read plain attributes; on an instrumented ORM
    instance each of those is an event-firing descriptor, and filling thousands of records
    cost more than writing them. An attribute of the model never set reads as None, as on
    a new instance."""

    def __init__(self, model: type[Any], **values: Any) -> None:
        self.__dict__.update(values)
        self._model = model

    def __getattr__(self, name: str) -> Any:  # only called for attributes never set
        if name.startswith("_") or not hasattr(self._model, name):
            raise AttributeError(name)
        return None


@dataclass(frozen=True, slots=True)
class _Owned:
    """Rows a record owns (a site's names, an event's sites): the relationship holding
    them, their table and the column naming the owner, and their fields in the trail."""

    relationship: str
    shape: _Shape
    owner_column: str
    content: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Shape:
    """How a model's instances become rows: its table's columns by attribute, what each
    takes when left unset, and what its revision holds (as `snapshot` builds it)."""

    table: Table
    columns: tuple[tuple[str, Column[Any]], ...]  # (attribute, column) for every column written
    owned: tuple[_Owned, ...]
    names: tuple[str, ...]  # the columns' keys, which are also their attributes
    # (key, constant, callable) for the columns with a Python-side default: one of the two
    # is None; the constants are read once here, not per row.
    defaults: tuple[tuple[str, Any, Callable[[Any], Any] | None], ...]
    # The revision's fields in the order `created_fields` sorts them, each with the
    # relationship it is, if it is one.
    trail: tuple[tuple[str, _Owned | None], ...]

    def row(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The INSERT parameters for an instance's attribute `values`, as the ORM would
        send them: an unset or None column takes its default (a column with a server
        default or the id is never sent, so every row of a table has the same keys)."""
        get = values.get
        row = {name: get(name) for name in self.names}
        for name, constant, make in self.defaults:
            if row[name] is None:
                row[name] = constant if make is None else make(None)
        return row


@functools.cache
def _shape_of(record_type: str) -> _Shape:
    return _shape(MODELS[record_type])


def _shape(model: type[Any]) -> _Shape:
    mapper: Mapper[Any] = inspect(model)
    table = mapper.local_table
    assert isinstance(table, Table)
    columns = tuple(
        (prop.key, cast(Column[Any], prop.columns[0]))
        for prop in mapper.column_attrs
        if prop.columns[0] is not table.autoincrement_column
        and prop.columns[0].server_default is None
    )
    # Rows are keyed by column, snapshots by attribute: the same names in these models.
    assert all(attribute == column.key for attribute, column in columns)
    owned_relations = [r for r in mapper.relationships if r.cascade.delete_orphan]
    # The fields of a revision come from `snapshot` itself, of a blank instance holding
    # one blank owned row per relationship, so the trail is defined in one place.
    prototype = model()
    for relation in owned_relations:
        setattr(prototype, relation.key, [relation.mapper.class_()])
    fields = snapshot(prototype)
    owned = tuple(
        _Owned(
            relationship=relation.key,
            shape=_shape(relation.mapper.class_),
            owner_column=str(next(iter(relation.remote_side)).key),
            content=tuple(fields[relation.key][0]),
        )
        for relation in owned_relations
    )
    by_relationship = {relation.relationship: relation for relation in owned}
    return _Shape(
        table=table,
        columns=columns,
        owned=owned,
        names=tuple(column.key for _, column in columns),
        defaults=tuple(_default(column) for _, column in columns if column.default is not None),
        trail=tuple((name, by_relationship.get(name)) for name in sorted(fields)),
    )


def _default(column: Column[Any]) -> tuple[str, Any, Callable[[Any], Any] | None]:
    default: Any = column.default
    if default.is_scalar:
        return column.key, default.arg, None
    return column.key, None, default.arg


def _taker(names: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """operator.itemgetter, always answering a tuple (it gives one name's value bare)."""
    if len(names) == 1:
        return lambda row: (row[names[0]],)
    return operator.itemgetter(*names)


def _filled(principal: Principal, record_type: str, data: Mapping[str, Any]) -> Any:
    """The attributes of the new record for validated service input, set by its service's
    own function (on an `_Unsaved`, or the service's new instance for an article)."""
    record = SERVICES[record_type].fill_new(principal, data, _Unsaved)
    stamp_created(record, principal)
    return record


@dataclass(frozen=True, slots=True)
class _Row:
    """A new record's row and its owned rows, by relationship."""

    values: dict[str, Any]
    owned: dict[str, list[dict[str, Any]]]

    @staticmethod
    def of(shape: _Shape, record: Any) -> _Row:
        attributes = vars(record)
        return _Row(
            shape.row(attributes),
            {
                owned.relationship: [
                    owned.shape.row(vars(child))
                    for child in attributes.get(owned.relationship) or []
                ]
                for owned in shape.owned
            },
        )

    def created_changes(self, shape: _Shape) -> str:
        """The JSON of the revision's changes, as `changed_fields({}, snapshot)` gives them
        once saved, encoded in one step: the trail's own functions, value by value, were
        a third of what an import spent per record."""
        changes: dict[str, list[Any]] = {}
        values = self.values
        for name, owned in shape.trail:
            value = (
                values[name]
                if owned is None
                else [
                    {field: child.get(field) for field in owned.content}
                    for child in self.owned[name]
                ]
            )
            if value is not None:
                changes[name] = [None, value]
        # orjson writes what `plain` makes JSON of (dates as ISO text, enums as their
        # values, tuples as lists) itself and asks `plain` for the rest (decimals).
        return orjson.dumps(changes, default=plain).decode()


@dataclass(frozen=True, slots=True)
class Created:
    """A record added to the run, with the import line it came from and its natural key;
    `id` is set once the run is written."""

    line: int
    record_type: str
    key: str
    origin: Mapping[str, Any]  # the interchange record it came from
    row: _Row
    identifiers: tuple[tuple[str, str], ...] = ()  # a site's (scheme, value) pairs

    @property
    def id(self) -> int:
        record_id: int = self.row.values["id"]
        return record_id


_REVISIONS = cast(Table, Revision.__table__)
_HIDDEN = (None, None)  # the public position of a revision the public does not see


class BulkCreator:
    """Collects the new records of one batch and writes them a run at a time.

    A run ends when a record refers to one still pending here (its id does not exist
    before the INSERT) or when the importer writes a record through a service (whose
    revision must come after these). `finish` writes the last run and notes every event
    the batch's claims are about for regrading (grades.defer_grades): the import regrades
    them once, at its end."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self._session = session
        self._principal = principal
        self._pending: list[Created] = []
        self._pending_refs: set[tuple[str, str]] = set()
        self._regrade: set[int] = set()
        self._checked_roles: set[str] = set()

    def holds(self, record_type: str, ref: str) -> bool:
        """Whether a reference names a record of the current run (flush before using it)."""
        if record_type == "article":
            ref = normalise_url(ref)
        return (record_type, ref) in self._pending_refs

    def add(
        self,
        line: int,
        record_type: str,
        key: str,
        origin: Mapping[str, Any],
        data: Mapping[str, Any],
    ) -> None:
        """Queue the record for service input `data`, read from `origin` on `line`."""
        if record_type not in self._checked_roles:
            require_editing(self._principal, None, record_type)
            self._checked_roles.add(record_type)
        row = _Row.of(_shape_of(record_type), _filled(self._principal, record_type, data))
        identifiers = tuple(
            (entry["scheme"], entry["value"]) for entry in data.get("identifiers") or []
        )
        self._pending.append(Created(line, record_type, key, origin, row, identifiers))
        self._pending_refs.add((record_type, key))
        for scheme, value in identifiers:  # later lines may name the site by an identifier
            self._pending_refs.add(("site", f"{scheme}:{value}"))

    def flush(self) -> list[Created]:
        """Write the current run; return it, each record now with its id."""
        run, self._pending = self._pending, []
        self._pending_refs.clear()
        if not run:
            return run
        self._session.flush()  # what a service changed comes first, as in the file
        _refuse_taken(self._session, run)
        by_type: dict[str, list[Created]] = {}
        for item in run:
            by_type.setdefault(item.record_type, []).append(item)
        public: set[tuple[str, int]] = set()
        for record_type, items in by_type.items():
            seen = _insert(self._session, record_type, [item.row for item in items])
            public.update((record_type, record_id) for record_id in seen)
        self._log_created(run, public)
        for item in run:
            if item.record_type == "claim":
                self._regrade.add(item.row.values["event_id"])
        return run

    def finish(self) -> list[Created]:
        run = self.flush()
        defer_grades(self._session, self._regrade)
        self._regrade.clear()
        return run

    def _log_created(self, run: list[Created], public: set[tuple[str, int]]) -> None:
        """The revision `log_created` writes for each record, in the run's order, in one
        statement."""
        shown = [(item.record_type, item.id) in public for item in run]
        drawn = iter(public_positions(self._session, sum(shown)))
        places = [next(drawn) if visible else _HIDDEN for visible in shown]
        seq = commit_seq(self._session)
        # The histories the run reaches: its events' and its claims' events' sites. New
        # sites, actors, sources and articles are in no history until an event or a claim
        # names them.
        note_events_reached(
            self._session,
            [
                (item.id if item.record_type == "event" else item.row.values["event_id"], visible)
                for item, visible in zip(run, shown, strict=True)
                if item.record_type in ("event", "claim")
            ],
        )
        _write_rows(
            self._session,
            _REVISIONS,
            [
                {
                    "commit_seq": seq,
                    "public_seq": place[0],
                    "public_ordinal": place[1],
                    "resource": item.record_type,
                    "record_id": item.id,
                    "action": RevisionAction.CREATED.value,
                    "user_id": self._principal.user_id,
                    "user_name": self._principal.name,
                    "changes": item.row.created_changes(_shape_of(item.record_type)),
                    "reason": None,
                    "public": visible,
                }
                for item, visible, place in zip(run, shown, places, strict=True)
            ],
            encoded={"changes"},
        )


def _insert(session: Session, record_type: str, rows: list[_Row]) -> set[int]:
    """Insert the rows in their order, which is the order of their ids (as one by one),
    then their owned rows; each row's `values` gets its id. Returns the ids of those the
    public sees. The ids are read back by natural key: COPY returns none, and SQLite
    cannot promise the order of RETURNING's."""
    shape = _shape_of(record_type)
    table = shape.table
    _write_rows(session, table, [row.values for row in rows])
    key = _key_column(record_type)
    by_key = {row.values[key.key]: row for row in rows}
    # Who sees a record is the one rule of `visibility`, asked of the database: a claim is
    # public while its event is.
    public = visibility(MODELS[record_type], drafts=False)
    seen = set()
    for stored_key, record_id, is_public in session.execute(
        select(key, table.c.id, public).where(among(session, key, list(by_key)))
    ):
        by_key[stored_key].values["id"] = record_id
        if is_public:
            seen.add(record_id)
    for owned in shape.owned:
        children = []
        for row in rows:
            for child in row.owned[owned.relationship]:
                child[owned.owner_column] = row.values["id"]
                children.append(child)
        if children:
            _write_rows(session, owned.shape.table, children)
    return seen


def _write_rows(
    session: Session, table: Table, rows: list[dict[str, Any]], encoded: Set[str] = frozenset()
) -> None:
    """INSERT the rows (all with the same keys) in their order, in the session's
    transaction, through the driver itself (ImportDialect.insert_rows: COPY or sqlite3's
    executemany). The values go through the columns' own bind processing first, as in any
    INSERT: a date becomes SQLite's text, a dict JSON (unless the caller `encoded` the
    column already)."""
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    # Only the columns with a processor are visited per row: most have none.
    take = _taker(tuple(names))
    processed = [
        (index, process)
        for index, process in enumerate(processors)
        if process is not None and names[index] not in encoded
    ]
    values: list[Any] = [take(row) for row in rows]
    if processed:
        for number, taken in enumerate(values):
            row_values = list(taken)
            for index, process in processed:
                row_values[index] = process(row_values[index])
            values[number] = row_values
    quote = dialect.identifier_preparer
    columns = ", ".join(quote.format_column(table.c[name]) for name in names)
    into = f"{quote.format_table(table)} ({columns})"
    import_dialect(session).insert_rows(connection, into, len(names), values)


def _key_column(record_type: str) -> Column[Any]:
    """The unique column holding a record's natural key as stored: an article's is its
    URL's normal form."""
    return _shape_of(record_type).table.c["url_key" if record_type == "article" else "key"]


class TakenKey(Conflict):
    """A new record's key or identifier is held by a stored record (perhaps deleted)."""

    def __init__(self, line: int, detail: str, field: str, existing: tuple[str, int]) -> None:
        super().__init__(detail, existing=existing, field=field)
        self.line = line


def _refuse_taken(session: Session, run: list[Created]) -> None:
    """The database's unique keys, checked first so the import can name the line (a
    failed INSERT would only say that some row of the run broke a constraint)."""
    by_type: dict[str, dict[str, Created]] = {}
    for item in run:
        by_type.setdefault(item.record_type, {})[item.key] = item
    for record_type, items in by_type.items():
        column = _key_column(record_type)
        statement = select(column, column.table.c.id).where(among(session, column, list(items)))
        for key, holder in session.execute(statement):
            field = KEY_FIELD[record_type]
            raise TakenKey(
                items[key].line,
                f"A {record_type} with {field} '{key}' exists already (perhaps deleted).",
                field,
                (record_type, holder),
            )
    wanted = {pair: item.line for item in run for pair in item.identifiers}
    if not wanted:
        return
    held = select(SiteIdentifier.scheme, SiteIdentifier.value, SiteIdentifier.site_id).where(
        tuple_(SiteIdentifier.scheme, SiteIdentifier.value).in_(list(wanted))
    )
    for scheme, value, holder in session.execute(held):
        raise TakenKey(
            wanted[(scheme, value)],
            f"{scheme} {value} already identifies site {holder}.",
            "identifiers",
            ("site", holder),
        )
