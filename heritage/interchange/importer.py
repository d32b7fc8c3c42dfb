"""The import engine, whatever the file format: validate every record first, then write
them through the services in committed batches (docs/interchange.md, "Import rules").

A reader (JSON Lines, CSV) hands it a factory of `(line, record)` pairs, read twice: once
to validate, once to write (for the command line, at the same time, in two processes).
Nothing here knows about terminals; the caller passes `progress` to drive its own display.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, NamedTuple

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from heritage.auth import Principal, require
from heritage.commit_order import last_commit_number, settle
from heritage.errors import Conflict, HeritageError, InvalidInput
from heritage.interchange.bulk import BulkCreator, Created, TakenKey, needs_service
from heritage.interchange.canonical import (
    KEY_FIELD,
    describe,
    differs,
    is_identifier_ref,
    load_by_keys,
    natural_key,
    normalise,
    resolve_refs,
)
from heritage.interchange.checks import Reference, check_record, references
from heritage.interchange.dialects import ImportDialect, import_dialect
from heritage.interchange.keys import KeyCache, SeenKeys, lookup_key
from heritage.interchange.workers import (
    CollectedPerBatch,
    GraderProcess,
    Refused,
    ValidatorProcess,
    can_fork_beside,
)
from heritage.interchange.workers import GradingFailed as GradingFailed  # raised from here
from heritage.interchange.workers import ValidationFailed as ValidationFailed
from heritage.models.common import Tracked
from heritage.records import DEFINITIONS
from heritage.services.grades import (
    deferred_grade_count,
    grades_deferred,
    refresh_deferred_grades,
)
from heritage.services.registry import SERVICES
from heritage.services.site_kinds import known_site_kinds
from heritage.text import normalise_url
from heritage.vocab import Role, Status

# The problems (and, apart, the warnings) a report lists; past this many it only counts
# them (a file with a million bad lines must not make a million-entry report).
MAX_PROBLEMS = 1000
# References not found among earlier lines are looked up in the database this many at once.
LOOKUP_CHUNK = 1000
# Records per committed batch, unless the caller says: each batch costs a few statements
# per record type and a commit, so batches of 5000 imported 12-14 % faster than batches
# of 1000 (bench/README.md), for a few MB more.
BATCH_SIZE = 5000
# Events regraded per transaction at the end of an import (grades.refresh_deferred_grades).
GRADE_BATCH = 5000
# Records written before the first refresh of PostgreSQL's statistics, then at each doubling.
ANALYZE_FROM = 10_000

SessionFactory = Callable[[], Session]
Records = Callable[[], Iterable[tuple[int, "dict[str, Any] | ImportProblem"]]]
Batch = list[tuple[int, "dict[str, Any] | ImportProblem"]]


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
    # Records by type, over the committed batches (a dry run: what writing would do).
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    problem_count: int = 0
    # Records left as stored, with why (an article differing from the stored one).
    warnings: list[ImportProblem] = field(default_factory=list)
    warning_count: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add_problem(self, problem: ImportProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def add_warning(self, warning: ImportProblem) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_PROBLEMS:
            self.warnings.append(warning)

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
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    parallel: bool = False,
    grading: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Validate every record of `records()`, then, if none has a problem and this is not a
    dry run, write them as `principal` in transactions of `batch_size` records.

    A problem met while writing (something only the services or the database can see)
    rolls back its batch and stops the import: earlier batches stay committed, and running
    the same file again resumes, leaving what is stored alone; if what stopped it is
    another writer that stored records this batch was creating (a concurrent import of
    the same file), it raises ConcurrentImport instead of reporting a problem.
    `progress(records_written)` is called after each batch (in a parallel import on
    PostgreSQL, the first ones are committed only when validation ends). The grades of
    the events whose claims were created in bulk are recomputed once at the end
    (grade_deferred), followed by `grading(done, total)`; until then, and after an
    interruption until the next import ends, those events keep their earlier grade.

    `parallel` validates in a second process (ValidatorProcess) and, on PostgreSQL, writes
    meanwhile: the same outcome and report, sooner on a machine with a core to spare
    (on SQLite, where a writer holds the whole database, writing waits for the verdict,
    so that editors are not held off while the file is checked). It forks: the command
    line asks for it, never a server (a fork copies no other thread, and no lock they hold
    is ever released). A dry run, or a database another process cannot open, validates
    here as usual.

    Validation holds no lock: what it vouched for may change before a batch is written
    (another writer storing a key, or deleting a record a line refers to), and the batch
    finds that as it writes (docs/interchange.md, "Imports beside other writers")."""
    require(principal, Role.EDITOR, "import records")
    if parallel and not dry_run and can_fork_beside(session_factory):
        return _import_beside_validation(
            session_factory, principal, records, batch_size, progress, grading
        )
    report = ImportReport(dry_run=dry_run)
    with session_factory() as session:
        validate_records(session, records(), report)
        if dry_run and report.ok:
            count_outcomes(session, records(), report, batch_size)
    if dry_run or not report.ok:
        return report
    write_records(session_factory, principal, records(), report, batch_size, progress, grading)
    return report


# --- Pass 1: validation ----------------------------------------------------------------


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
    on_record: Callable[[ImportReport], None] | None = None,
) -> None:
    """Pass 1: check every record and every reference, adding problems to `report`;
    writes nothing. Holds the natural keys met (on disk), never the records.

    `on_record(report)` is called once each record is checked, its references to stored
    records excepted: those are looked up LOOKUP_CHUNK at a time, and reported at the end."""
    seen = SeenKeys()
    site_kinds = known_site_kinds(session)
    pending: list[tuple[int, Reference]] = []  # references to check in the database
    missing: list[tuple[int, Reference]] = []  # in neither the earlier lines nor the database
    try:
        for line, record in records:
            report.records += 1
            if isinstance(record, ImportProblem):
                report.add_problem(record)
            else:
                pending.extend(_check_line(line, record, site_kinds, seen, report))
            if len(pending) >= LOOKUP_CHUNK:
                missing.extend(_not_in_database(session, pending))
                pending.clear()
            if on_record is not None:
                on_record(report)
        missing.extend(_not_in_database(session, pending))
        for line, reference in missing:
            report.add_problem(_missing_reference(line, reference, seen))
    finally:
        seen.close()
    report.problems.sort(key=lambda p: p.line)


def _check_line(
    line: int,
    record: dict[str, Any],
    site_kinds: frozenset[str],
    seen: SeenKeys,
    report: ImportReport,
) -> list[tuple[int, Reference]]:
    """Check one record; note its natural keys; return its references not yet met."""
    record_type, checked = check_record(record, site_kinds)
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
    key_field = DEFINITIONS[record_type].natural_key
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
        wanted[reference.record_type].add(lookup_key(reference.record_type, reference.ref))
    found = {t: resolve_refs(session, t, refs) for t, refs in wanted.items()}
    return [
        (line, reference)
        for line, reference in pending
        if lookup_key(reference.record_type, reference.ref) not in found[reference.record_type]
    ]


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


def count_outcomes(
    session: Session,
    records: Iterable[tuple[int, dict[str, Any] | ImportProblem]],
    report: ImportReport,
    batch_size: int = BATCH_SIZE,
) -> None:
    """A dry run's counts: whether writing each validated record would create, update or
    leave unchanged a stored one, added to `report` (with the warnings writing would
    give); writes nothing. Stored records are looked up a batch at a time, as writing
    does. What only writing can find (docs/interchange.md, "Checked before writing") is
    not looked for."""
    sites = KeyCache()
    for batch in _batches(records, batch_size):
        counts = _new_counts()
        stored = _stored_in_batch(session, batch)
        # Each record with the description of its stored one, if there is one.
        described: list[tuple[int, dict[str, Any], dict[str, Any] | None]] = []
        named_sites: set[str] = set()
        for line, record in batch:
            assert isinstance(record, dict)  # validation passed: no problem lines remain
            match = stored[record["type"]].get(natural_key(record["type"], record))
            described.append((line, record, None if match is None else match[1]))
            if match is not None:
                named_sites.update(_site_refs(record["type"], record))
        sites.prefetch(session, {"site": named_sites})
        for line, record, description in described:
            outcome = "created"
            if description is not None:
                outcome = _outcome_for_stored(record, description, sites, line, report)
            counts[outcome][record["type"]] += 1
        report.add_counts(counts)
        session.expunge_all()  # memory stays flat, as in writing


def _outcome_for_stored(
    record: dict[str, Any],
    description: dict[str, Any],
    sites: KeyCache,
    line: int,
    report: ImportReport,
) -> str:
    site_keys = {}
    for ref in _site_refs(record["type"], record):
        site = sites.cached("site", ref)
        if site is None:
            # A site only the file holds: the sites a stored record names are all stored.
            return "updated"
        site_keys[ref] = site[1]
    if _left_as_stored(record, site_keys, description, line, report):
        return "unchanged"
    return "updated"


# --- Pass 1 in a second process (heritage.interchange.workers) ------------------------


def _import_beside_validation(
    session_factory: SessionFactory,
    principal: Principal,
    records: Records,
    batch_size: int,
    progress: Callable[[int], None] | None,
    grading: Callable[[int, int], None] | None,
) -> ImportReport:
    """import_records with pass 1 in a second process: writing starts at once where the
    database allows it (write_records), and waits for validation only where it would
    overtake it. A file validation refuses gets its report, exactly as the sequential
    import gives it. The end's regrading is shared with a third process (GraderProcess)."""

    def validate(on_record: Callable[[ImportReport], None]) -> ImportReport:
        verdict = ImportReport()
        with session_factory() as session:
            validate_records(session, records(), verdict, on_record)
        return verdict

    def grade_odd_ids(total: int, graded: Callable[[int], None]) -> None:
        _grade_share(session_factory, (1, 2), total, graded)

    report = ImportReport()
    with (
        ValidatorProcess(session_factory, validate, batch_size) as validation,
        GraderProcess(session_factory, grade_odd_ids) as grader,
    ):
        with suppress(Refused), CollectedPerBatch() as collector:  # Refused: rolled back
            write_records(
                session_factory,
                principal,
                records(),
                report,
                batch_size,
                _then(collector.after_batch, progress),
                grading,
                validation,
                grader,
            )
        verdict = validation.wait_for_verdict()
    if not verdict.ok:
        return verdict
    report.records = verdict.records
    return report


def _then(
    first: Callable[[int], None], second: Callable[[int], None] | None
) -> Callable[[int], None]:
    """One progress callback calling `first`, then `second` if there is one."""
    if second is None:
        return first

    def both(written: int) -> None:
        first(written)
        second(written)

    return both


# --- Pass 2: writing -------------------------------------------------------------------


class _Stopped(Exception):
    """A record the services or the database refused while writing. `new`: the keys of
    the batch's records that were not stored when it began, when the refusal may be a
    collision with another writer's (a key taken)."""

    def __init__(self, problems: list[ImportProblem], new: list[NewKey] | None = None) -> None:
        super().__init__(problems)
        self.problems = problems
        self.new = new or []


class NewKey(NamedTuple):
    """The natural key of a record a batch was creating. (Not a new site's identifiers:
    a stored site may have held one before the batch began, which only writing finds.)"""

    line: int
    record_type: str
    key: str  # as looked up (an article's URL in its normal form)
    written: str  # as the file wrote it

    def __str__(self) -> str:
        return f"{self.record_type} '{self.written}'"


SHOWN_KEYS = 5  # keys a ConcurrentImport's detail names; its errors name them all


class ConcurrentImport(Conflict):
    """Another writer (an import of the same file, usually) stored records that this
    import was creating, while it ran. The batch holding them was rolled back rather
    than overwrite or duplicate them; the batches before it stay committed. Importing the
    file again compares its records with the stored ones, as any import does."""

    def __init__(self, taken: list[NewKey], written: int) -> None:
        named = [f"{new} (line {new.line})" for new in taken]
        more = len(named) - SHOWN_KEYS
        listed = ", ".join(named[:SHOWN_KEYS]) + (f" and {more} more" if more > 0 else "")
        kept = (
            f"The batch holding them was not written; the {written} records before it"
            " stay imported."
            if written
            else "Nothing was written."
        )
        errors: dict[str, list[str]] = defaultdict(list)
        for new in taken[:MAX_PROBLEMS]:
            errors[KEY_FIELD[new.record_type]].append(
                f"line {new.line}: {new} was stored by another writer while this import ran."
            )
        super().__init__(
            f"Another import stored records this one was creating, while it ran: {listed}."
            f" {kept} Import the file again: its lines are then compared with the records"
            " stored now.",
            errors=errors,
        )
        self.taken = taken
        self.written = written


def write_records(
    session_factory: SessionFactory,
    principal: Principal,
    records: Iterable[tuple[int, dict[str, Any] | ImportProblem]],
    report: ImportReport,
    batch_size: int,
    progress: Callable[[int], None] | None,
    grading: Callable[[int, int], None] | None = None,
    validation: ValidatorProcess[ImportReport] | None = None,
    grader: GraderProcess | None = None,
) -> None:
    """Pass 2: write validated records, one transaction per batch, then regrade the events
    their claims name (grade_deferred, sharing it with `grader` if given).

    With `validation` still running in another process, the first batches are written as
    it vouches for them, into one transaction held until it ends, where the database lets
    writing go on beside other writers (`write_while_validating`); the rest one
    transaction per batch as usual."""
    writer = _BatchWriter(session_factory, principal, report, progress)
    batches = _batches(records, batch_size)
    if validation is None or writer.write_while_validating(batches, validation):
        for batch in batches:
            if not writer.write_committed(batch):
                break
    writer.refresh_statistics_at_end()
    # After a record stopped the import too: the batches before it are committed.
    grade_deferred(session_factory, grading, grader)
    if writer.concurrent is not None:
        raise writer.concurrent


def grade_deferred(
    session_factory: SessionFactory,
    grading: Callable[[int, int], None] | None = None,
    grader: GraderProcess | None = None,
) -> None:
    """Regrade the events imports have noted (grades.defer_grades), GRADE_BATCH per
    transaction, so that an interruption here loses nothing either: what is left stays
    noted for the next import. `grading(done, total)` follows it.

    With more than a transaction's worth, `grader` regrades those of odd id meanwhile: by
    then validation has ended and a core is free, and regrading was a tenth of an
    import's time."""
    with session_factory() as session:
        total = deferred_grade_count(session)
    done = 0

    def graded(count: int) -> None:
        nonlocal done
        done += count
        if grading is not None:
            grading(done, total)

    if grader is not None and total > GRADE_BATCH:
        grader.start(total)

        def graded_here(count: int) -> None:
            graded(count)
            grader.poll(graded)  # the bar counts both halves as they go

        _grade_share(session_factory, (0, 2), total, graded_here)
        grader.wait(graded)
    else:
        _grade_share(session_factory, None, total, graded)


def _grade_share(
    session_factory: SessionFactory,
    share: tuple[int, int] | None,
    total: int,
    graded: Callable[[int], None],
) -> None:
    """Regrade the noted events of `share` (refresh_deferred_grades), or all, a transaction
    per GRADE_BATCH, telling `graded(count)` after each; at most `total` of them, so that
    imports noting more meanwhile do not keep this one going."""
    done = 0
    while done < total:
        with session_factory() as session, session.begin():
            count = refresh_deferred_grades(session, GRADE_BATCH, share)
        if not count:
            break
        done += count
        graded(count)


def _batches(
    records: Iterable[tuple[int, dict[str, Any] | ImportProblem]], batch_size: int
) -> Iterator[Batch]:
    stream = iter(records)
    while batch := list(islice(stream, max(batch_size, 1))):
        yield batch


def _new_counts() -> dict[str, dict[str, int]]:
    return defaultdict(lambda: defaultdict(int))


class _BatchWriter:
    """Writes batches, keeping across them what outlives one: the key cache, the report's
    counts, when PostgreSQL's statistics were last refreshed, and the commit counter as
    the import last saw it.

    The key cache holds the ids of records an earlier batch met. Another writer may delete
    one of them before a later batch refers to it: whenever anyone else has committed
    since the writer last looked (the counter has moved past its own commits), the cache
    is forgotten and the batch resolves its references again, in its own transaction."""

    def __init__(
        self,
        session_factory: SessionFactory,
        principal: Principal,
        report: ImportReport,
        progress: Callable[[int], None] | None,
    ) -> None:
        self._session_factory = session_factory
        self._principal = principal
        self._report = report
        self._progress = progress
        self._cache = KeyCache()
        with session_factory() as session:
            self._dialect: ImportDialect = import_dialect(session)
        self._analyzed_at = 0  # records written when the statistics were last refreshed
        # The commit counter as the import last read it, or after its own last commit when
        # no other writer drew a number in between; None: not known.
        self._counter: int | None = None
        # Set when the import stopped because another writer stored its new records.
        self.concurrent: ConcurrentImport | None = None

    def write_committed(self, batch: Batch) -> bool:
        """Write `batch` in a transaction of its own; False if a record stopped the import."""
        counts = _new_counts()
        try:
            with self._session_factory() as session, session.begin():
                self._dialect.begin_batch(session)
                self._forget_if_others_wrote(session)
                _write_batch(session, self._principal, batch, self._cache, counts, self._report)
                drawn = settle(session)
        except _Stopped as stopped:
            self._stop(stopped)
            return False
        except BaseException:
            self._cache.forget_all()
            raise
        self._committed(drawn)
        self._count(batch, counts)
        return True

    def write_while_validating(
        self, batches: Iterator[Batch], validation: ValidatorProcess[ImportReport]
    ) -> bool:
        """Write each batch once `validation` has checked all its records, into one
        transaction held open until validation ends: a file found invalid then changes
        nothing (`Refused` rolls it all back). Once validation has found no problem, commit
        them and leave the rest of `batches` to `write_committed`.

        Only where the database lets others write beside it (ImportDialect), and only while
        the batches create records: the held transaction draws its commit number as it
        commits, and holds no row another writer could want (new rows are seen by no one
        else). A batch that would change stored records waits for the verdict, and is
        written as the batches after it are; on SQLite, every batch does.

        Each batch has its savepoint, so that a record only the database refuses rolls back
        its own batch, and the batches before it are committed, as the sequential import
        leaves them (unless validation finds a problem too: that comes first, as it would
        have). False if the import stops here."""
        if not self._dialect.writes_beside_validation:
            validation.wait_until_valid()
            return True
        needed = 0  # records validation must have checked before the next batch is written
        changing: Batch | None = None  # the first batch that changes stored records
        with self._session_factory() as session, session.begin():
            self._dialect.hold_beside_validation(session)
            for batch in batches:
                needed += len(batch)
                validation.wait_until_checked(needed)
                self._forget_if_others_wrote(session)
                counts = _new_counts()
                try:
                    with session.begin_nested():
                        _write_batch(
                            session,
                            self._principal,
                            batch,
                            self._cache,
                            counts,
                            self._report,
                            creating_only=True,
                        )
                except _ChangesStored:
                    changing = batch
                    break
                except _Stopped as stopped:
                    validation.wait_until_valid()
                    self._stop(stopped)
                    return False  # and commit the batches before this one
                # Start the next batch as a transaction of its own would: with nothing loaded
                # (the bulk writes bypass the ORM).
                session.expunge_all()
                self._count(batch, counts, held=session)
                if validation.ended_without_problem():
                    break
            validation.wait_until_valid()
            drawn = settle(session)
        self._committed(drawn)
        return changing is None or self.write_committed(changing)

    def refresh_statistics_at_end(self) -> None:
        if self._report.written >= ANALYZE_FROM and self._report.written > self._analyzed_at:
            self._refresh_statistics()

    def _forget_if_others_wrote(self, session: Session) -> None:
        """Forget the cached ids if another writer has committed since the import last
        looked: it may have deleted a record they name."""
        counter = last_commit_number(session)
        if counter != self._counter:
            self._cache.forget_all()
        self._counter = counter

    def _committed(self, drawn: int | None) -> None:
        """After the import's own commit, numbered `drawn` (None: it wrote no revision)."""
        if drawn is None:
            return
        # The next number after the one last read: no one else drew one in between.
        follows = self._counter is not None and drawn == self._counter + 1
        self._counter = drawn if follows else None

    def _stop(self, stopped: _Stopped) -> None:
        self._cache.forget_all()  # ids cached in the rolled-back batch may name no row
        taken = self._taken_meanwhile(stopped.new)
        if taken:
            self.concurrent = ConcurrentImport(taken, self._report.written)
            return
        for problem in stopped.problems:
            self._report.add_problem(problem)

    def _taken_meanwhile(self, new: list[NewKey]) -> list[NewKey]:
        """Those of a stopped batch's new keys that live records hold now: another writer
        stored them since the batch began (the winner has committed by the time the loser's
        INSERT fails: it waited for the winner's lock). Read in a session of its own, the
        batch's being rolled back (and, on PostgreSQL, unusable after the error)."""
        if not new:
            return []
        wanted: dict[str, set[str]] = defaultdict(set)
        for key in new:
            wanted[key.record_type].add(key.key)
        with self._session_factory() as session:
            held = {t: resolve_refs(session, t, keys) for t, keys in wanted.items()}
        return [key for key in new if key.key in held[key.record_type]]

    def _count(
        self, batch: Batch, counts: dict[str, dict[str, int]], held: Session | None = None
    ) -> None:
        """Add a written batch to the report, refresh the statistics when due, tell progress."""
        self._report.add_counts(counts)
        written_before = self._report.written
        self._report.written += len(batch)
        if self._report.written >= max(ANALYZE_FROM, 2 * self._analyzed_at) > written_before:
            self._refresh_statistics(held)
        if self._progress is not None:
            self._progress(self._report.written)

    def _refresh_statistics(self, held: Session | None = None) -> None:
        """ImportDialect.refresh_statistics, once the import has doubled what it wrote."""
        self._analyzed_at = self._report.written
        if held is not None:  # ANALYZE sees uncommitted rows in their own transaction only
            self._dialect.refresh_statistics(held)
            return
        with self._session_factory() as session, session.begin():
            self._dialect.refresh_statistics(session)


def _batch_references(references: Iterable[list[Reference]]) -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = defaultdict(set)
    for record_references in references:
        for reference in record_references:
            wanted[reference.record_type].add(lookup_key(reference.record_type, reference.ref))
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


class _ChangesStored(Exception):
    """A batch written while validation runs would change stored records: it waits."""


def _write_batch(
    session: Session,
    principal: Principal,
    batch: list[tuple[int, dict[str, Any] | ImportProblem]],
    cache: KeyCache,
    counts: dict[str, dict[str, int]],
    report: ImportReport,
    *,
    creating_only: bool = False,
) -> None:
    """Write the batch's records in `session`'s transaction. `creating_only`: raise
    _ChangesStored, before writing anything, if a record would change a stored one."""
    named: dict[int, list[Reference]] = {}
    for line, record in batch:
        assert isinstance(record, dict)  # validation passed: no problem lines remain
        named[line] = references(record)
    cache.prefetch(session, _batch_references(named.values()))
    stored = _stored_in_batch(session, batch)
    creator = BulkCreator(session, principal)
    line = 0
    try:
        if creating_only and _changes_stored(session, batch, stored, cache):
            raise _ChangesStored
        # Records written through their services are regraded at the end, as the bulk
        # path's are (grade_deferred): a file's updates name each event many times.
        with grades_deferred(session):
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
        raise _Stopped(_problems_of(taken.line, taken), _new_keys(batch, stored)) from taken
    except (Conflict, IntegrityError) as error:  # a key taken, perhaps by another writer
        raise _Stopped(_problems_of(line, error), _new_keys(batch, stored)) from error
    except HeritageError as error:
        raise _Stopped(_problems_of(line, error)) from error


def _new_keys(
    batch: Batch, stored: Mapping[str, Mapping[str, tuple[Tracked, dict[str, Any]]]]
) -> list[NewKey]:
    """The natural keys of the batch's records that were not stored when it began."""
    new = []
    for line, record in batch:
        assert isinstance(record, dict)
        record_type = record["type"]
        key = natural_key(record_type, record)
        if key in stored[record_type]:
            continue
        new.append(NewKey(line, record_type, key, str(record[KEY_FIELD[record_type]])))
    return new


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
        created = SERVICES[record_type].create(session, principal, data)
        _remember(cache, record_type, key, record, created.id)
        return "created"
    existing, description = stored
    _remember(cache, record_type, key, record, existing.id)
    site_keys = _site_keys(session, record_type, record, cache)
    if _left_as_stored(record, site_keys, description, line, report):
        return "unchanged"
    _remember_run(cache, creator.flush())
    data = _service_input(session, principal, record, cache, creating=False)
    if record_type == "event":
        _keep_override_unless_changed(data, description)
    _update(record_type)(session, principal, existing.id, data)
    return "updated"


def _changes_stored(
    session: Session,
    batch: Batch,
    stored: Mapping[str, Mapping[str, tuple[Tracked, dict[str, Any]]]],
    cache: KeyCache,
) -> bool:
    """Whether writing the batch would change a stored record (_write_record's rule:
    a record differing from the stored one, never an article)."""
    for _, record in batch:
        assert isinstance(record, dict)
        record_type = record["type"]
        match = stored[record_type].get(natural_key(record_type, record))
        if match is None or record_type == "article":
            continue
        site_keys = _site_keys(session, record_type, record, cache)
        if differs(record_type, normalise(record_type, record, site_keys), match[1]):
            return True
    return False


def _left_as_stored(
    record: Mapping[str, Any],
    site_keys: Mapping[str, str],
    description: Mapping[str, Any],
    line: int,
    report: ImportReport,
) -> bool:
    """Whether importing `record` leaves the stored record (its canonical `description`) as
    it is: the two are the same, or it is an article (warned about if they differ)."""
    record_type = record["type"]
    if not differs(record_type, normalise(record_type, record, site_keys), description):
        return True
    if SERVICES[record_type].update is None:  # e.g. an article: changed by an editor's hand
        report.add_warning(
            ImportProblem(
                line, None, f"Differs from the stored {record_type}, which stays as it is."
            )
        )
        return True
    return False


def _site_refs(record_type: str, record: Mapping[str, Any]) -> list[str]:
    """The sites the record names (by key or identifier), as its definition's fields say."""
    return [
        ref
        for entry in DEFINITIONS[record_type].fields
        if (value := record.get(entry.name)) is not None
        for _, named, ref in entry.references(value)
        if named == "site"
    ]


def _site_keys(
    session: Session, record_type: str, record: Mapping[str, Any], cache: KeyCache
) -> dict[str, str]:
    """Each site reference of the record -> the canonical key of the site it names."""
    return {ref: cache.get(session, "site", ref)[1] for ref in _site_refs(record_type, record)}


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


def _update(record_type: str) -> Callable[..., Tracked]:
    update = SERVICES[record_type].update
    assert update is not None, record_type  # an article is left as stored (_left_as_stored)
    return update


def _service_input(
    session: Session,
    principal: Principal,
    record: Mapping[str, Any],
    cache: KeyCache,
    *,
    creating: bool,
) -> dict[str, Any]:
    """The record as its service takes it: references as ids, every field present, so an
    update replaces the stored record whole (an absent optional field means its default)."""

    def resolve(record_type: str, ref: str) -> int:
        return cache.get(session, record_type, ref)[0]

    definition = DEFINITIONS[record["type"]]
    data: dict[str, Any] = {}
    for entry in definition.fields:
        if entry.name == "status":  # changed by review, never by an import (but see below)
            continue
        value = record.get(entry.name)
        data[entry.service_name] = (
            entry.default if value is None else entry.to_service(value, resolve)
        )
    if creating and data.get("grade_override") is None:
        # Overriding a grade is a reviewer's act, with its checks: only when there is one.
        data.pop("grade_override", None)
        data.pop("grade_override_reason", None)
    if creating and principal.is_system and definition.field_named("status") is not None:
        # Only the command line brings records already reviewed elsewhere; anyone else's
        # import starts as drafts, as the services decide.
        data["status"] = record.get("status") or Status.PUBLISHED.value
    return data
