"""Bulk data in and out: imports for editors, exports for everyone (what they may see)."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from typing import Any, TextIO, cast

from flask import Flask, Response, current_app
from flask.views import MethodView

from api.blueprint import Blueprint, current_principal, db_session
from api.errors import problem
from api.schemas import (
    CsvExportQuerySchema,
    ExportQuerySchema,
    ImportInputSchema,
    ImportReportSchema,
)
from heritage.interchange import formats
from heritage.interchange.filters import ExportFilter
from heritage.interchange.importer import ImportReport, import_records

imports = Blueprint("imports", __name__, description="Bulk imports (editors).")
exports = Blueprint("exports", __name__, description="Bulk exports, streamed.")

CHUNK = 64 * 1024
# Exports are written to a spooled file, in memory up to this size and on disk beyond, then
# streamed: the export holds its read transaction only while it writes, and memory stays
# bounded whatever the size of the data.
SPOOL_IN_MEMORY = 8 * 1024 * 1024
# Anyone may export what is public, and a whole export reads everything: anonymous exports
# run this many at a time in each server process (HERITAGE_ANONYMOUS_EXPORTS), so that
# strangers cannot slow everyone down; signed-in readers are not held back.
ANONYMOUS_EXPORTS = "heritage.anonymous_exports"
BUSY_RETRY_SECONDS = 10


def init_app(app: Flask) -> None:
    app.extensions[ANONYMOUS_EXPORTS] = threading.BoundedSemaphore(
        int(app.config["ANONYMOUS_EXPORTS"])
    )


@imports.route("")
class Imports(MethodView):
    @imports.arguments(ImportInputSchema)
    @imports.response(200, ImportReportSchema)
    def post(self, data: dict[str, Any]) -> ImportReport:
        """Import records

        `content` in one of the layouts of docs/interchange.md (JSON Lines, sites CSV or
        events CSV). Every line is checked first; with any problem nothing is written and
        the report lists them. Events and claims land as drafts for review. Refused with
        409, naming the keys, when another import stores records this one is creating while
        it runs (the batch holding them is not written; import again to compare). Large
        files: use `heritage import` on the command line."""
        reader = formats.READERS[data["format"]]
        lines = data["content"].splitlines(keepends=True)

        def records() -> Iterator[Any]:
            return reader(iter(lines))

        return import_records(
            current_app.extensions["heritage.sessions"],
            current_principal(),
            records,
            dry_run=data["dry_run"],
        )


def _export(name: str, query: dict[str, Any], filename: str) -> Response:
    exporter = formats.EXPORTERS[name]
    selection = ExportFilter(
        site_id=query.get("site"),
        date_from=query.get("date_from"),
        date_to=query.get("date_to"),
        changed_since=query.get("changed_since"),
    )
    principal = current_principal()
    slot = current_app.extensions[ANONYMOUS_EXPORTS] if principal.is_anonymous else None
    if slot is not None and not slot.acquire(blocking=False):
        return problem(
            429,
            "Other anonymous exports are running; try again shortly, or sign in with a token.",
            kind="exports-busy",
            headers={"Retry-After": str(BUSY_RETRY_SECONDS)},
        )
    spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (closed by the generator below)
        max_size=SPOOL_IN_MEMORY, mode="w+", encoding="utf-8", newline=""
    )
    try:
        formats.export(
            name,
            db_session(),
            principal,
            cast(TextIO, spool),  # a text file in all but typeshed's name
            selection,
            include_drafts=query["include_drafts"],
            raw=query.get("raw", False),
        )
    except BaseException:
        spool.close()  # the generator below never runs to close it
        raise
    finally:
        if slot is not None:
            slot.release()  # the spool is written: streaming it costs nothing more
    spool.seek(0)

    def chunks() -> Iterator[str]:
        with spool:
            while chunk := spool.read(CHUNK):
                yield chunk

    return Response(
        chunks(),
        mimetype=exporter.media_type,
        headers={"Content-Disposition": f'attachment; filename="heritage-{filename}"'},
    )


@exports.route("/records.jsonl")
class RecordsExport(MethodView):
    @exports.arguments(ExportQuerySchema, location="query")
    @exports.response(200, content_type="application/x-ndjson")
    def get(self, query: dict[str, Any]) -> Response:
        """Export every record as JSON Lines

        The import format: what you may see, in dependency order."""
        return _export("jsonl", query, "records.jsonl")


@exports.route("/events.csv")
class EventsExport(MethodView):
    @exports.arguments(CsvExportQuerySchema, location="query")
    @exports.response(200, content_type="text/csv")
    def get(self, query: dict[str, Any]) -> Response:
        """Export events as CSV

        One row per event with its sites, actors, dates, grade and claim count. Safe to
        open in a spreadsheet: a free-text cell that would run as a formula starts with
        `'` (`raw=true`: every cell as stored)."""
        return _export("csv", query, "events.csv")


@exports.route("/sites.geojson")
class SitesExport(MethodView):
    @exports.arguments(ExportQuerySchema, location="query")
    @exports.response(200, content_type="application/geo+json")
    def get(self, query: dict[str, Any]) -> Response:
        """Export sites as GeoJSON

        An RFC 7946 FeatureCollection with each site's current control and condition;
        below editor, restricted sites show their generalised point."""
        return _export("geojson", query, "sites.geojson")
