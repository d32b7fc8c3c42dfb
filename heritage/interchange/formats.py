"""The formats data comes in and goes out in, by name: one table for the CLI and the API."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.errors import InvalidInput
from heritage.interchange.filters import ExportFilter
from heritage.interchange.geojson import export_sites_geojson
from heritage.interchange.importer import ImportProblem
from heritage.interchange.jsonl import export_jsonl, read_jsonl
from heritage.interchange.tabular import export_events_csv, read_events_csv, read_sites_csv

Reader = Callable[[TextIO], Iterator[tuple[int, dict[str, Any] | ImportProblem]]]

# What `heritage import` and POST /imports read: the interchange format, and the two CSV
# layouts for spreadsheets (docs/interchange.md).
READERS: dict[str, Reader] = {
    "jsonl": read_jsonl,
    "sites-csv": read_sites_csv,
    "events-csv": read_events_csv,
}


@dataclass(frozen=True, slots=True)
class Exporter:
    write: Callable[..., int]  # (session, principal, out, selection, *, include_drafts)
    media_type: str
    description: str
    parallel: bool = False  # `write` also takes parallel=True (the command line's)
    # For spreadsheets: `write` neutralises cells a spreadsheet would run as formulas,
    # unless given raw=True (tabular.spreadsheet_safe).
    spreadsheet: bool = False


EXPORTERS: dict[str, Exporter] = {
    "jsonl": Exporter(export_jsonl, "application/x-ndjson", "every record, in the import format"),
    "csv": Exporter(
        export_events_csv,
        "text/csv",
        "events with their sites, actors, dates and grades",
        parallel=True,
        spreadsheet=True,
    ),
    "geojson": Exporter(
        export_sites_geojson,
        "application/geo+json",
        "sites with their current control and condition",
    ),
}


def layout_of(path: Path, layout: str | None) -> str:
    """The reader for a file: as given, or from its name (.jsonl/.ndjson), or for a CSV from
    its header (an `event_type` column makes it an events sheet)."""
    if layout is not None:
        if layout not in READERS:
            raise InvalidInput.field("layout", f"One of {', '.join(READERS)}.")
        return layout
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as stream:
            try:
                header = {column.strip().lower() for column in next(csv.reader(stream), [])}
            except csv.Error:
                header = set()  # the reader reports it, on line 1
        return "events-csv" if "event_type" in header else "sites-csv"
    raise InvalidInput.field("layout", f"Cannot tell the layout of {path.name}: give --layout.")


def exporter_for(name: str, *, raw: bool = False) -> Exporter:
    """The exporter of format `name`, if it takes those options."""
    exporter = EXPORTERS.get(name)
    if exporter is None:
        raise InvalidInput.field("format", f"One of {', '.join(EXPORTERS)}.")
    if raw and not exporter.spreadsheet:
        raise InvalidInput.field("raw", f"Only for CSV: {name} is always written as stored.")
    return exporter


def export(
    name: str,
    session: Session,
    principal: Principal,
    out: TextIO,
    selection: ExportFilter,
    *,
    include_drafts: bool = False,
    parallel: bool = False,
    raw: bool = False,
) -> int:
    """Write `selection` in format `name`; `parallel` lets an exporter that can read on
    several connections at once do so (the command line: the API's threads serve others);
    `raw` writes a spreadsheet format's cells as stored, formulas included."""
    exporter = exporter_for(name, raw=raw)
    options: dict[str, bool] = {"parallel": True} if parallel and exporter.parallel else {}
    if exporter.spreadsheet:
        options["raw"] = raw
    return exporter.write(
        session, principal, out, selection, include_drafts=include_drafts, **options
    )
