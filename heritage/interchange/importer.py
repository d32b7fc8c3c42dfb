"""The import engine, whatever the file format: validate every record first, then write
them through the services in committed batches (docs/interchange.md, "Import rules").

A reader (JSON Lines, CSV) hands it a factory of `(line, record)` pairs, read twice: once
to validate, once to write. Nothing here knows about terminals; the caller passes
`progress` to drive its own display.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from heritage.auth import Principal, require
from heritage.errors import Conflict, HeritageError, InvalidInput
from heritage.interchange.bulk import BulkCreator, Created, TakenKey, needs_service
from heritage.interchange.canonical import (
    describe,
    differs,
    is_identifier_ref,
    load_by_keys,
    natural_key,
    normalise,
    resolve_refs,
)
from heritage.interchange.checks import Reference, check_record, references
from heritage.models.common import Tracked
from heritage.services import actors, articles, claims, events, sites, sources
from heritage.text import normalise_url
from heritage.vocab import Role, Status

# The problems a report lists; past this many it only counts them (a file with a million
# bad lines must not make a million-entry report).
MAX_PROBLEMS = 1000
# References not found among earlier lines are looked up in the database this many at once.
LOOKUP_CHUNK = 1000
# Natural key -> id entries the writer keeps per record type (least recently used go first).
CACHE_SIZE = 100_000
# Records written before the first refresh of PostgreSQL's statistics, then at each doubling.
ANALYZE_FROM = 10_000

SessionFactory = Callable[[], Session]
Records = Callable[[], Iterable[tuple[int, "dict[str, Any] | ImportProblem"]]]


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """What is wrong, where: `line N, field F: reason` (field None: the whole line)."""

    line: int
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", field {self.field}" if self.field else "")
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    """What an import did (or, for a dry run or a refused file, would not do)."""

    dry_run: bool = False
    records: int = 0  # records read in validation
    written: int = 0  # records in committed batches
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    problem_count: int = 0
    # Records left as stored, with why (an article differing from the stored one).
    warnings: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add_problem(self, problem: ImportProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def add_counts(self, counts: Mapping[str, Mapping[str, int]]) -> None:
        for outcome, per_type in counts.items():
            total: dict[str, int] = getattr(self, outcome)
            for record_type, count in per_type.items():
                total[record_type] = total.get(record_type, 0) + count


def import_records(
    session_factory: SessionFactory,
    principal: Principal,
    records: Records,
    *,
    dry_run: bool = False,
    batch_size: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate every record of `records()`, then, if none has a problem and this is not a
    dry run, write them as `principal` in transactions of `batch_size` records.

    A problem met while writing (something only the services or the database can see)
    rolls back its batch and stops the import: earlier batches stay committed, and running
    the same file again resumes, leaving what is stored alone. `progress(records_done)`
    is called after each committed batch."""
    require(principal, Role.EDITOR, "import records")
    report = ImportReport(dry_run=dry_run)
    with session_factory() as session:
        validate_records(session, records(), report)
    if dry_run or not report.ok:
        return report
    write_records(session_factory, principal, records(), report, batch_size, progress)
    return report


# --- Pass 1: validation ----------------------------------------------------------------


class SeenKeys:
    """The natural keys met so far and the line of each, in a temporary SQLite file, so a
    file of millions of records validates in bounded memory (SQLite's page cache)."""

    def __init__(self) -> None:
        handle, self._path = tempfile.mkstemp(prefix="heritage-import-", suffix=".db")
        os.close(handle)
        self._db = sqlite3.connect(self._path)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("PRAGMA cache_size = -32768")  # 32 MiB
        self._db.execute(
            "CREATE TABLE seen (kind TEXT, key TEXT, line INTEGER, PRIMARY KEY (kind, key))"
            " WITHOUT ROWID"
        )

    def add(self, kind: str, key: str, line: int) -> int | None:
        """Note `key` at `line`; if it was met before, the earlier line instead."""
        inserted = self._db.execute(
            "INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", (kind, key, line)
        ).rowcount
        return None if inserted else self.line_of(kind, key)

    def line_of(self, kind: str, key: str) -> int | None:
        row = self._db.execute(
            "SELECT line FROM seen WHERE kind = ? AND key = ?", (kind, key)
        ).fetchone()
        return None if row is None else int(row[0])

    def close(self) -> None:
        self._db.close()
        os.unlink(self._path)


def _reference_kind(reference: Reference) -> tuple[str, str]:
    """Where a reference's target is noted in SeenKeys: (kind, key)."""
    if reference.record_type == "article":
        return "article", normalise_url(reference.ref)
    if reference.record_type == "site" and is_identifier_ref(reference.ref):
        return "site-identifier", reference.ref
    return reference.record_type, reference.ref


def validate_records(
    session: Session,
    records: Iterable[tuple[int, dict[str, Any] | ImportProblem]],
    report: ImportReport,
) -> None:
    """Pass 1: check every record and every reference, adding problems to `report`;
    writes nothing. Holds the natural keys met (on disk), never the records."""
    seen = SeenKeys()
    pending: list[tuple[int, Reference]] = []  # references to check in the database
    missing: list[tuple[int, Reference]] = []  # in neither the earlier lines nor the database
    try:
        for line, record in records:
            report.records += 1
            if isinstance(record, ImportProblem):
                report.add_problem(record)
                continue
            pending.extend(_check_line(line, record, seen, report))
            if len(pending) >= LOOKUP_CHUNK:
                missing.extend(_not_in_database(session, pending))
                pending.clear()
        missing.extend(_not_in_database(session, pending))
        for line, reference in missing:
            report.add_problem(_missing_reference(line, reference, seen))
    finally:
        seen.close()
    report.problems.sort(key=lambda p: p.line)


def _check_line(
    line: int, record: dict[str, Any], seen: SeenKeys, report: ImportReport
) -> list[tuple[int, Reference]]:
    """Check one record; note its natural keys; return its references not yet met."""
    record_type, checked = check_record(record)
    for name, messages in checked.errors.errors.items():
        for message in messages:
            report.add_problem(ImportProblem(line, name, message))
    if record_type is None:
        return []
    unresolved = [
        (line, reference)
        for reference in checked.references
        if seen.line_of(*_reference_kind(reference)) is None
    ]
    key_field = "url" if record_type == "article" else "key"
    if isinstance(record.get(key_field), str) and key_field not in checked.errors.errors:
        earlier = seen.add(record_type, natural_key(record_type, record), line)
        if earlier is not None:
            report.add_problem(
                ImportProblem(line, key_field, f"The same {record_type} as line {earlier}.")
            )
    if record_type == "site" and "identifiers" not in checked.errors.errors:
        for index, entry in enumerate(record.get("identifiers") or []):
            earlier = seen.add("site-identifier", f"{entry['scheme']}:{entry['value']}", line)
            if earlier is not None:
                report.add_problem(
                    ImportProblem(
                        line,
                        f"identifiers.{index}",
                        f"Already identifies the site on line {earlier}.",
                    )
                )
    return unresolved


def _not_in_database(
    session: Session, pending: list[tuple[int, Reference]]
) -> list[tuple[int, Reference]]:
    """The pending references that name no live stored record (one query per type)."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for _, reference in pending:
        wanted[reference.record_type].add(_lookup_key(reference.record_type, reference.ref))
    found = {t: resolve_refs(session, t, refs) for t, refs in wanted.items()}
    return [
        (line, reference)
        for line, reference in pending
        if _lookup_key(reference.record_type, reference.ref) not in found[reference.record_type]
    ]


def _lookup_key(record_type: str, ref: str) -> str:
    return normalise_url(ref) if record_type == "article" else ref


def _missing_reference(line: int, reference: Reference, seen: SeenKeys) -> ImportProblem:
    later = seen.line_of(*_reference_kind(reference))
    if later is not None:
        reason = (
            f"The {reference.record_type} '{reference.ref}' is on line {later}, after this"
            " one: a record may only refer to earlier lines."
        )
    else:
        reason = f"No {reference.record_type} '{reference.ref}' in the file or the database."
    return ImportProblem(line, reference.field, reason)


# --- Pass 2: writing -------------------------------------------------------------------


class _Stopped(Exception):
    """A record the services or the database refused while writing."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(problems)
        self.problems = problems


class KeyCache:
    """Natural key (or site identifier) -> (id, canonical key), per record type, keeping
    the most recently used entries: references cost a query only on a miss."""

    def __init__(self, capacity: int = CACHE_SIZE) -> None:
        self._capacity = capacity
        self._entries: dict[str, OrderedDict[str, tuple[int, str]]] = defaultdict(OrderedDict)

    def remember(self, record_type: str, ref: str, found: tuple[int, str]) -> None:
        entries = self._entries[record_type]
        entries[ref] = found
        entries.move_to_end(ref)
        if len(entries) > self._capacity:
            entries.popitem(last=False)

    def prefetch(self, session: Session, wanted: Mapping[str, set[str]]) -> None:
        """Look up, one query per type, the references not cached already."""
        for record_type, refs in wanted.items():
            missing = {r for r in refs if r not in self._entries[record_type]}
            for ref, found in resolve_refs(session, record_type, missing).items():
                self.remember(record_type, ref, found)

    def get(self, session: Session, record_type: str, ref: str) -> tuple[int, str]:
        ref = _lookup_key(record_type, ref)
        entries = self._entries[record_type]
        if ref not in entries:  # evicted since the prefetch, or deleted since validation
            self.prefetch(session, {record_type: {ref}})
        if ref not in entries:
            raise InvalidInput.field("type", f"No {record_type} '{ref}' any more.")
        entries.move_to_end(ref)
        return entries[ref]

    def forget_all(self) -> None:
        """After a rolled-back batch: ids it cached may name rows that no longer exist."""
        self._entries.clear()


def write_records(
    session_factory: SessionFactory,
    principal: Principal,
    records: Iterable[tuple[int, dict[str, Any] | ImportProblem]],
    report: ImportReport,
    batch_size: int,
    progress: Callable[[int], None] | None,
) -> None:
    """Pass 2: write validated records, one transaction per batch."""
    cache = KeyCache()
    stream = iter(records)
    analyzed_at = 0  # records written when the statistics were last refreshed
    while batch := list(islice(stream, max(batch_size, 1))):
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        try:
            with session_factory() as session, session.begin():
                _write_batch(session, principal, batch, cache, counts, report)
        except _Stopped as stopped:
            cache.forget_all()
            for problem in stopped.problems:
                report.add_problem(problem)
            return
        except BaseException:
            cache.forget_all()
            raise
        report.add_counts(counts)
        written_before = report.written
        report.written += len(batch)
        if report.written >= max(ANALYZE_FROM, 2 * analyzed_at) > written_before:
            analyzed_at = report.written
            _refresh_statistics(session_factory)
        if progress is not None:
            progress(report.written)
    if report.written >= ANALYZE_FROM and report.written > analyzed_at:
        _refresh_statistics(session_factory)


def _refresh_statistics(session_factory: SessionFactory) -> None:
    """PostgreSQL plans from table statistics, which a bulk load outdates at once: with a
    table believed small it scans it for every batch's key lookups, and the import slows
    as it grows. autovacuum catches up eventually (if it runs at all); an import refreshes
    them itself each time it has doubled what it wrote (a few ANALYZEs per million
    records, ~0.1 s each). SQLite keeps no statistics unless asked, and plans without."""
    with session_factory() as session, session.begin():
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("ANALYZE"))


def _batch_references(references: Iterable[list[Reference]]) -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = defaultdict(set)
    for record_references in references:
        for reference in record_references:
            wanted[reference.record_type].add(_lookup_key(reference.record_type, reference.ref))
    return wanted


def _stored_in_batch(
    session: Session, batch: list[tuple[int, dict[str, Any] | ImportProblem]]
) -> dict[str, dict[str, tuple[Tracked, dict[str, Any]]]]:
    """The stored records the batch names, each with its canonical description, loaded with
    one query per type (and one per referenced type to describe them)."""
    keys: dict[str, set[str]] = defaultdict(set)
    for _, record in batch:
        assert isinstance(record, dict)
        keys[record["type"]].add(natural_key(record["type"], record))
    stored: dict[str, dict[str, tuple[Tracked, dict[str, Any]]]] = {}
    for record_type, wanted in keys.items():
        found = load_by_keys(session, record_type, wanted)
        described = describe(session, record_type, list(found.values()))
        stored[record_type] = dict(
            zip(found, zip(found.values(), described, strict=True), strict=True)
        )
    return stored


def _write_batch(
    session: Session,
    principal: Principal,
    batch: list[tuple[int, dict[str, Any] | ImportProblem]],
    cache: KeyCache,
    counts: dict[str, dict[str, int]],
    report: ImportReport,
) -> None:
    named: dict[int, list[Reference]] = {}
    for line, record in batch:
        assert isinstance(record, dict)  # validation passed: no problem lines remain
        named[line] = references(record)
    cache.prefetch(session, _batch_references(named.values()))
    stored = _stored_in_batch(session, batch)
    creator = BulkCreator(session, principal)
    line = 0
    try:
        for line, record in batch:
            assert isinstance(record, dict)
            record_type = record["type"]
            key = natural_key(record_type, record)
            if any(creator.holds(r.record_type, r.ref) for r in named[line]):
                _remember_run(cache, creator.flush())  # its references need their ids
            outcome = _write_record(
                session,
                principal,
                record,
                stored[record_type].get(key),
                cache,
                creator,
                line,
                report,
            )
            counts[outcome][record_type] += 1
        _remember_run(cache, creator.finish())
    except TakenKey as taken:
        raise _Stopped(_problems_of(taken.line, taken)) from taken
    except (HeritageError, IntegrityError) as error:
        raise _Stopped(_problems_of(line, error)) from error


def _remember_run(cache: KeyCache, run: list[Created]) -> None:
    for item in run:
        _remember(cache, item.record_type, item.key, item.origin, item.id)


def _problems_of(line: int, error: Exception) -> list[ImportProblem]:
    if isinstance(error, InvalidInput):
        return [
            ImportProblem(line, name, message)
            for name, messages in error.errors.items()
            for message in messages
        ]
    if isinstance(error, Conflict):
        return [ImportProblem(line, error.field, error.detail)]
    if isinstance(error, HeritageError):
        return [ImportProblem(line, None, error.detail)]
    # No SQL text: the reason may reach a client through the import endpoint.
    return [ImportProblem(line, None, "The database refused this record (a constraint).")]


def _write_record(
    session: Session,
    principal: Principal,
    record: dict[str, Any],
    stored: tuple[Tracked, dict[str, Any]] | None,
    cache: KeyCache,
    creator: BulkCreator,
    line: int,
    report: ImportReport,
) -> str:
    """Create, update or leave one record; return which ('created', 'updated', 'unchanged').
    New records go to `creator` unless they need their service's own lookups; anything
    written through a service first flushes the creator's run, to keep the file's order."""
    record_type = record["type"]
    key = natural_key(record_type, record)
    if stored is None:
        data = _service_input(session, principal, record, cache, creating=True)
        if not needs_service(record_type, data):
            creator.add(line, record_type, key, record, data)
            return "created"
        _remember_run(cache, creator.flush())
        created = _CREATE[record_type](session, principal, data)
        _remember(cache, record_type, key, record, created.id)
        return "created"
    existing, description = stored
    _remember(cache, record_type, key, record, existing.id)
    incoming = normalise(record_type, record, _site_keys(session, record_type, record, cache))
    if not differs(record_type, incoming, description):
        return "unchanged"
    if record_type == "article":  # no service changes an article once stored
        report.warnings.append(
            ImportProblem(line, None, "Differs from the stored article, which stays as it is.")
        )
        return "unchanged"
    _remember_run(cache, creator.flush())
    data = _service_input(session, principal, record, cache, creating=False)
    if record_type == "event":
        _keep_override_unless_changed(data, description)
    _UPDATE[record_type](session, principal, existing.id, data)
    return "updated"


def _site_keys(
    session: Session, record_type: str, record: Mapping[str, Any], cache: KeyCache
) -> dict[str, str]:
    """Each site reference of the record -> the canonical key of the site it names."""
    if record_type == "site":
        refs = [record["parent"]] if record.get("parent") else []
    elif record_type == "event":
        refs = list(record["sites"])
    else:
        return {}
    return {ref: cache.get(session, "site", ref)[1] for ref in refs}


def _remember(
    cache: KeyCache, record_type: str, key: str, record: Mapping[str, Any], record_id: int
) -> None:
    canonical = record["url"] if record_type == "article" else key
    cache.remember(record_type, key, (record_id, canonical))
    if record_type == "site":  # later lines may name the site by an identifier
        for entry in record.get("identifiers") or []:
            cache.remember("site", f"{entry['scheme']}:{entry['value']}", (record_id, key))


def _keep_override_unless_changed(data: dict[str, Any], stored: Mapping[str, Any]) -> None:
    """Changing a grade override is a reviewer's recorded act: only send it if it changed."""
    if data.get("grade_override") == stored.get("grade_override") and data.get(
        "grade_override_reason"
    ) == stored.get("grade_override_reason"):
        data.pop("grade_override", None)
        data.pop("grade_override_reason", None)


# --- From interchange records to service input ----------------------------------------


def _service_input(
    session: Session,
    principal: Principal,
    record: Mapping[str, Any],
    cache: KeyCache,
    *,
    creating: bool,
) -> dict[str, Any]:
    """The record as its service takes it: references as ids, every field present, so an
    update replaces the stored record whole (an absent optional field means empty)."""

    def ref(record_type: str, value: str | None) -> int | None:
        return cache.get(session, record_type, value)[0] if value else None

    record_type = record["type"]
    data: dict[str, Any]
    if record_type == "site":
        data = {
            "key": record["key"],
            "name": record["name"],
            "kind": record["kind"],
            "parent_id": ref("site", record.get("parent")),
            "names": record.get("names") or [],
            "location": record.get("location"),
            "identifiers": record.get("identifiers") or [],
            "designations": record.get("designations") or [],
            "description": record.get("description") or "",
            "restricted": bool(record.get("restricted")),
        }
    elif record_type == "actor":
        data = {
            "key": record["key"],
            "name": record["name"],
            "aliases": record.get("aliases") or [],
            "part_of_id": ref("actor", record.get("part_of")),
            "description": record.get("description") or "",
        }
    elif record_type == "source":
        data = {
            "key": record["key"],
            "name": record["name"],
            "kind": record["kind"],
            "affiliation_id": ref("source", record.get("affiliation")),
            "actor_id": ref("actor", record.get("actor")),
            "description": record.get("description") or "",
        }
    elif record_type == "article":
        captured_at = record.get("captured_at")
        data = {
            "url": record["url"],
            "publisher_id": ref("source", record["publisher"]),
            "syndicated_from_id": ref("source", record.get("syndicated_from")),
            "title": record["title"],
            "published": dt.date.fromisoformat(record["published"]),
            "language": record.get("language", "und"),
            "text": record.get("text"),
            "captured_at": dt.datetime.fromisoformat(captured_at) if captured_at else None,
        }
    elif record_type == "event":
        data = {
            "key": record["key"],
            "type": record["event_type"],
            "date": record["date"],
            "site_ids": [ref("site", site) for site in record["sites"]],
            "actors": [
                {"actor_id": ref("actor", a["actor"]), "role": a["role"]}
                for a in record.get("actors") or []
            ],
            "description": record.get("description") or "",
            "grade_override": record.get("grade_override"),
            "grade_override_reason": record.get("grade_override_reason"),
        }
        if creating and data["grade_override"] is None:
            del data["grade_override"], data["grade_override_reason"]
    else:
        data = {
            "key": record["key"],
            "article_id": ref("article", record["article"]),
            "event_id": ref("event", record["event"]),
            "speaker_id": ref("source", record.get("speaker")),
            "stance": record["stance"],
            "basis": record.get("basis") or "report",
            "quote": record.get("quote"),
            "quote_start": record.get("quote_start"),
            "quote_end": record.get("quote_end"),
            "summary": record.get("summary") or "",
            "stated_date": record.get("stated_date"),
            "stated_actor_id": ref("actor", record.get("stated_actor")),
            "figures": record.get("figures") or {},
        }
    if creating and principal.is_system and record_type in ("event", "claim"):
        # Only the command line brings records already reviewed elsewhere; anyone else's
        # import starts as drafts, as the services decide.
        data["status"] = record.get("status") or Status.PUBLISHED.value
    return data


_CREATE: dict[str, Callable[[Session, Principal, Mapping[str, Any]], Tracked]] = {
    "site": sites.create_site,
    "actor": actors.create_actor,
    "source": sources.create_source,
    "article": articles.create_article,
    "event": events.create_event,
    "claim": claims.create_claim,
}
_UPDATE: dict[str, Callable[..., Tracked]] = {
    "site": sites.update_site,
    "actor": actors.update_actor,
    "source": sources.update_source,
    "event": events.update_event,
    "claim": claims.update_claim,
}
