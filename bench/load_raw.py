"""Load a generated JSON Lines file into a fresh database with the raw driver, fast.

    .venv/bin/python -m bench.load_raw /tmp/bench.jsonl --db /tmp/bench.db
    .venv/bin/python -m bench.load_raw /tmp/bench.jsonl --db postgresql+psycopg://postgres@/bench

Two uses: the baseline of the import benchmark ("the same rows inserted with the raw
driver": sqlite3 executemany, PostgreSQL COPY), and building the big database the read
benchmarks need (the real importer is far too slow for a million events today).

The schema comes from heritage.migrate.upgrade. The derived columns are computed as the
services compute them (folded names, EDTF bounds, URL keys, generalised points); every
event is `weak` (grading is not replayed) and everything is `published`, version 1. No
revisions are written, which the real importer does: the baseline is the data rows alone.
The file is trusted: references are resolved, nothing is validated.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from bench.common import engine_for
from heritage.dates import parse_date
from heritage.migrate import upgrade
from heritage.services.sites import public_point
from heritage.text import fold, normalise_url
from heritage.vocab import CATEGORY_OF_TYPE, EventType

# Columns written per table, in the order buffers are flushed: parents before children,
# so the foreign keys hold at every flush.
TABLES: dict[str, tuple[str, ...]] = {
    "sites": (
        "id", "key", "name", "name_folded", "kind", "parent_id", "latitude", "longitude",
        "location_certainty", "description", "restricted", "public_latitude",
        "public_longitude", "version",
    ),
    "site_names": ("site_id", "name", "name_folded", "lang", "type"),
    "site_identifiers": ("site_id", "scheme", "value"),
    "site_designations": ("site_id", "designation"),
    "actors": ("id", "key", "name", "name_folded", "part_of_id", "description", "version"),
    "actor_aliases": ("actor_id", "alias", "alias_folded"),
    "sources": (
        "id", "key", "name", "name_folded", "kind", "affiliation_id", "actor_id",
        "description", "version",
    ),
    "articles": (
        "id", "publisher_id", "syndicated_from_id", "title", "url", "url_key", "published",
        "language", "version",
    ),
    "events": (
        "id", "key", "category", "type", "date_edtf", "earliest", "latest", "description",
        "grade", "status", "version",
    ),
    "event_sites": ("event_id", "site_id"),
    "event_actors": ("event_id", "actor_id", "role"),
    "claims": (
        "id", "key", "article_id", "event_id", "speaker_id", "quote", "summary", "stance",
        "basis", "stated_date_edtf", "stated_earliest", "stated_latest", "stated_actor_id",
        "figures", "status", "version",
    ),
}  # fmt: skip


@cache
def bounds(edtf: str) -> tuple[str, str]:
    # parse_date's own cache holds 4,096 strings; a file has a few thousand distinct ones.
    date = parse_date(edtf)
    return date.earliest.isoformat(), date.latest.isoformat()


class Loader:
    """Turns records into rows (resolving natural keys to ids it assigns itself) and
    writes them in batches, timing the driver's share per table."""

    def __init__(self, connection: Any, postgres: bool, batch: int) -> None:
        self.connection = connection
        self.postgres = postgres
        self.batch = batch
        self.rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in TABLES}
        self.written = dict.fromkeys(TABLES, 0)
        self.seconds = dict.fromkeys(TABLES, 0.0)
        self.ids: dict[str, dict[str, int]] = {
            t: {} for t in ("site", "actor", "source", "article", "event")
        }
        self.pending = 0
        self.claim_count = 0

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        self.rows[table].append(row)
        self.pending += 1
        if self.pending >= self.batch:
            self.flush()

    def new_id(self, kind: str, key: str) -> int:
        ids = self.ids[kind]
        ids[key] = len(ids) + 1
        return ids[key]

    def flush(self) -> None:
        cursor = self.connection.cursor()
        for table, columns in TABLES.items():
            rows = self.rows[table]
            if not rows:
                continue
            start = time.perf_counter()
            names = ", ".join(f'"{c}"' for c in columns)
            if self.postgres:
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
            self.seconds[table] += time.perf_counter() - start
            self.written[table] += len(rows)
            rows.clear()
        self.pending = 0
        start = time.perf_counter()
        self.connection.commit()  # one transaction per batch: big, and memory stays flat
        self.seconds["commit"] = self.seconds.get("commit", 0.0) + time.perf_counter() - start

    def site(self, r: dict[str, Any]) -> None:
        site_id = self.new_id("site", r["key"])
        location = r.get("location")
        latitude = location["latitude"] if location else None
        longitude = location["longitude"] if location else None
        restricted = bool(r.get("restricted"))
        public_lat, public_lon = public_point(latitude, longitude, restricted)
        parent = self.ids["site"][r["parent"]] if r.get("parent") else None
        name = r["name"].strip()
        self.add("sites", (
            site_id, r["key"], name, fold(name), r["kind"], parent, latitude, longitude,
            location.get("certainty", "exact") if location else None,
            r.get("description") or "", restricted, public_lat, public_lon, 1,
        ))  # fmt: skip
        for entry in r.get("names") or []:
            self.add("site_names", (
                site_id, entry["name"].strip(), fold(entry["name"]), entry.get("lang", "und"),
                entry.get("type", "alternative"),
            ))  # fmt: skip
        for entry in r.get("identifiers") or []:
            self.add("site_identifiers", (site_id, entry["scheme"], entry["value"]))
            # A site reference may be `scheme:value` as well as a key.
            self.ids["site"][f"{entry['scheme']}:{entry['value']}"] = site_id
        for designation in r.get("designations") or []:
            self.add("site_designations", (site_id, designation))

    def actor(self, r: dict[str, Any]) -> None:
        actor_id = self.new_id("actor", r["key"])
        part_of = self.ids["actor"][r["part_of"]] if r.get("part_of") else None
        name = r["name"].strip()
        self.add("actors", (
            actor_id, r["key"], name, fold(name), part_of, r.get("description") or "", 1,
        ))  # fmt: skip
        for alias in r.get("aliases") or []:
            self.add("actor_aliases", (actor_id, alias.strip(), fold(alias)))

    def source(self, r: dict[str, Any]) -> None:
        source_id = self.new_id("source", r["key"])
        sources, actors = self.ids["source"], self.ids["actor"]
        name = r["name"].strip()
        self.add("sources", (
            source_id, r["key"], name, fold(name), r["kind"],
            sources[r["affiliation"]] if r.get("affiliation") else None,
            actors[r["actor"]] if r.get("actor") else None, r.get("description") or "", 1,
        ))  # fmt: skip

    def article(self, r: dict[str, Any]) -> None:
        url_key = normalise_url(r["url"])
        article_id = self.new_id("article", url_key)
        sources = self.ids["source"]
        self.add("articles", (
            article_id, sources[r["publisher"]],
            sources[r["syndicated_from"]] if r.get("syndicated_from") else None,
            r["title"], r["url"], url_key, r["published"], r.get("language", "und"), 1,
        ))  # fmt: skip

    def event(self, r: dict[str, Any]) -> None:
        event_id = self.new_id("event", r["key"])
        category = r.get("category") or CATEGORY_OF_TYPE[EventType(r["event_type"])].value
        earliest, latest = bounds(r["date"])
        self.add("events", (
            event_id, r["key"], category, r["event_type"], r["date"], earliest, latest,
            r.get("description") or "", "weak", r.get("status", "published"), 1,
        ))  # fmt: skip
        sites = self.ids["site"]
        for site_id in dict.fromkeys(sites[ref] for ref in r["sites"]):
            self.add("event_sites", (event_id, site_id))
        actors = self.ids["actor"]
        for pair in dict.fromkeys((actors[a["actor"]], a["role"]) for a in r.get("actors") or []):
            self.add("event_actors", (event_id, *pair))

    def claim(self, r: dict[str, Any]) -> None:
        self.claim_count += 1  # nothing refers to claims: no key map to keep
        claim_id = self.claim_count
        stated = r.get("stated_date")
        earliest, latest = bounds(stated) if stated else (None, None)
        sources, actors = self.ids["source"], self.ids["actor"]
        self.add("claims", (
            claim_id, r["key"], self.ids["article"][normalise_url(r["article"])],
            self.ids["event"][r["event"]], sources[r["speaker"]] if r.get("speaker") else None,
            r.get("quote"), r.get("summary") or "", r["stance"], r["basis"], stated, earliest,
            latest, actors[r["stated_actor"]] if r.get("stated_actor") else None,
            orjson.dumps(r.get("figures") or {}).decode(), r.get("status", "published"), 1,
        ))  # fmt: skip

    def load(self, lines: Iterable[bytes]) -> int:
        handlers = {
            "site": self.site,
            "actor": self.actor,
            "source": self.source,
            "article": self.article,
            "event": self.event,
            "claim": self.claim,
        }
        records = 0
        for line in lines:
            if line.strip():
                record = orjson.loads(line)
                handlers[record["type"]](record)
                records += 1
        self.flush()
        if self.postgres:
            # Timed, as part of the baseline: the import refreshes PostgreSQL's statistics
            # as it writes (ANALYZE at each doubling and at its end), and every earlier
            # session's baseline included this one. The read benchmarks' VACUUM (ANALYZE)
            # comes after, untimed (main).
            self.connection.execute("ANALYZE")
            self.connection.commit()
        return records


def fresh_database(target: str) -> tuple[Any, bool]:
    """Create the schema with Alembic in an empty database; return a raw DB-API connection."""
    engine = engine_for(target)
    postgres = engine.dialect.name == "postgresql"
    if not postgres and Path(target).exists():
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
    if postgres:
        with engine.connect() as connection:
            if connection.exec_driver_sql(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            ).scalar():
                sys.exit(f"{target} is not empty: give an empty PostgreSQL database.")
    upgrade(engine)
    engine.dispose()
    if postgres:
        import psycopg

        url = target.replace("postgresql+psycopg://", "postgresql://")
        return psycopg.connect(url), True
    import sqlite3

    connection = sqlite3.connect(target)
    # The application's settings (heritage.db): the baseline gets no shortcut it lacks.
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    return connection, False


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="a file written by bench.generate")
    parser.add_argument(
        "--db", default="/tmp/bench.db", help="SQLite file (replaced) or an empty PostgreSQL URL"
    )
    parser.add_argument(
        "--batch", type=int, default=50_000, help="rows per flush and per transaction"
    )
    args = parser.parse_args(argv)
    connection, postgres = fresh_database(args.db)
    loader = Loader(connection, postgres, args.batch)
    start = time.perf_counter()
    with open(args.file, "rb") as lines:
        records = loader.load(lines)
    elapsed = time.perf_counter() - start
    if postgres:
        # What autovacuum (off on this machine) does soon after a bulk load: without
        # statistics the planner guesses, and without the visibility map no scan is
        # index-only and every first read of a page writes its hint bits. Left undone, the
        # read benchmarks measured that: the CSV export at 86,225 rows/s against 108,610.
        # Not timed: no user's import waits for it either.
        connection.autocommit = True  # VACUUM runs outside a transaction
        connection.execute("VACUUM (ANALYZE)")
    connection.close()

    driver = "COPY" if postgres else "sqlite3 executemany"
    print(f"load_raw ({driver}) {args.file} -> {args.db}")
    print(f"{'table':<18} {'rows':>10} {'insert s':>9} {'rows/s':>11}")
    for table in TABLES:
        rows, seconds = loader.written[table], loader.seconds[table]
        if rows:
            print(f"{table:<18} {rows:>10,} {seconds:>9.2f} {rows / seconds:>11,.0f}")
    total_rows = sum(loader.written.values())
    insert_seconds = sum(loader.seconds.values())
    print(
        f"{'all rows':<18} {total_rows:>10,} {insert_seconds:>9.2f} "
        f"{total_rows / insert_seconds:>11,.0f}  (driver time, commits included)"
    )
    print(
        f"end to end: {records:,} records in {elapsed:.1f} s = {records / elapsed:,.0f} "
        f"records/s (parsing and derived columns included)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MB; file {os.path.getsize(args.file) / 1e6:,.1f} MB")


if __name__ == "__main__":
    main()
