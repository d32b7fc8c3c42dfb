"""CSV for spreadsheet users: events out (one row each, streamed), and sites and events in,
as interchange records for the import engine (see docs/interchange.md, "CSV layouts")."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.dates import OPEN_END, OPEN_START
from heritage.interchange.filters import ExportFilter
from heritage.interchange.importer import ImportProblem
from heritage.interchange.scope import drafts_shown, event_conditions
from heritage.models import Actor, Claim, Event, EventActor, EventSite, Site
from heritage.services.records import visible
from heritage.vocab import ActorRole, IdentifierScheme

# Events per batch: each costs three queries (sites, actors, claim counts) whatever its size.
BATCH_SIZE = 2000
LIST_SEPARATOR = "; "  # how lists are written into one cell; readers split on ";"

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
) -> int:
    """Write a header and one row per event `principal` may see in `selection`, ordered by
    date; return the number of rows. Published events only, unless an editor passes
    `include_drafts`. `out` should be opened with newline="" (the csv module's rule)."""
    drafts = drafts_shown(principal, include_drafts)
    writer = csv.writer(out)
    writer.writerow(EVENT_COLUMNS)
    statement = (
        select(
            Event.id,
            Event.key,
            Event.category,
            Event.type,
            Event.date_edtf,
            Event.earliest,
            Event.latest,
            Event.grade,
            Event.status,
            Event.description,
        )
        .where(event_conditions(session, principal, selection, include_drafts))
        .order_by(Event.earliest, Event.latest, Event.id)
        .execution_options(yield_per=BATCH_SIZE)
    )
    written = 0
    for batch in session.execute(statement).partitions():
        ids = [row.id for row in batch]
        sites = _sites_of(session, ids)
        actors = _actors_of(session, ids)
        claims = _claim_counts(session, principal, ids, drafts)
        writer.writerows(
            _event_row(row, sites.get(row.id, []), actors.get(row.id, []), claims.get(row.id, 0))
            for row in batch
        )
        written += len(batch)
    return written


def _sites_of(session: Session, event_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    """(reference, name) of each event's sites; a site without a key is written `#id`."""
    sites: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for event_id, site_id, key, name in session.execute(
        select(EventSite.event_id, Site.id, Site.key, Site.name)
        .join(Site, Site.id == EventSite.site_id)
        .where(EventSite.event_id.in_(event_ids))
        .order_by(EventSite.event_id, Site.id)
    ):
        sites[event_id].append((key or f"#{site_id}", name))
    return sites


def _actors_of(session: Session, event_ids: Sequence[int]) -> dict[int, list[str]]:
    """ "Name (role)" for each event's actors: perpetrators, then controllers, supporters."""
    found: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for event_id, role, name in session.execute(
        select(EventActor.event_id, EventActor.role, Actor.name)
        .join(Actor, Actor.id == EventActor.actor_id)
        .where(EventActor.event_id.in_(event_ids))
    ):
        found[event_id].append((_ROLE_ORDER.get(role, len(_ROLE_ORDER)), name, role))
    return {
        event_id: [f"{name} ({role})" for _, name, role in sorted(entries)]
        for event_id, entries in found.items()
    }


def _claim_counts(
    session: Session, principal: Principal, event_ids: Sequence[int], drafts: bool
) -> dict[int, int]:
    """How many claims the reader may see for each event (the published ones by default)."""
    return {
        event_id: count
        for event_id, count in session.execute(
            select(Claim.event_id, func.count())
            .where(Claim.event_id.in_(event_ids), visible(Claim, principal, drafts))
            .group_by(Claim.event_id)
        )
    }


def _event_row(
    row: Any, sites: list[tuple[str, str]], actors: list[str], claims: int
) -> list[object]:
    return [
        row.key or "",
        row.id,
        row.category,
        row.type,
        row.date_edtf,
        # An open end ("/2015-05-20") has no calendar bound: leave the cell empty.
        "" if row.earliest == OPEN_START else row.earliest.isoformat(),
        "" if row.latest == OPEN_END else row.latest.isoformat(),
        LIST_SEPARATOR.join(reference for reference, _ in sites),
        LIST_SEPARATOR.join(name for _, name in sites),
        LIST_SEPARATOR.join(actors),
        row.grade,
        claims,
        row.status,
        row.description,
    ]


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
    header = next(reader, None)
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
    for cells in reader:
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
        yield start, {column: cell.strip() for column, cell in zip(columns, padded, strict=True)}


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
