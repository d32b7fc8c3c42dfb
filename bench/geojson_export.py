"""Time the GeoJSON export of a city whose monuments inherit many control events: the
shape an outside test used to make one anonymous request run for minutes.

    .venv/bin/python -m bench.geojson_export --children 2000 --captures 3000
    .venv/bin/python -m bench.geojson_export --children 20000 --captures 300

One city with --captures published captures (two actors taking turns, each capture graded
by a reviewer's override so that it counts) and --children monuments inside it, none with
events of its own, in a new SQLite file. The export is run as the anonymous public (three
runs, the median printed) beside the baseline of the same run: the export of the same
sites with no events at all, so the ratio says what the inherited events cost.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from heritage import migrate
from heritage.auth import ANONYMOUS, SYSTEM
from heritage.db import make_engine, make_session_factory
from heritage.interchange.geojson import export_sites_geojson
from heritage.interchange.importer import import_records

RUNS = 3


def records(children: int, captures: int) -> Iterator[tuple[int, dict[str, Any]]]:
    lines: list[dict[str, Any]] = [
        {"type": "actor", "key": "first", "name": "First force"},
        {"type": "actor", "key": "second", "name": "Second force"},
        {"type": "site", "key": "city", "name": "City", "kind": "city",
         "location": {"latitude": 34.5, "longitude": 38.2}},
    ]  # fmt: skip
    lines += [
        {"type": "site", "key": f"monument-{n}", "name": f"Monument {n}", "kind": "temple",
         "parent": "city", "location": {"latitude": 34.5, "longitude": 38.2}}
        for n in range(children)
    ]  # fmt: skip
    lines += [
        {"type": "event", "key": f"capture-{n}", "event_type": "captured",
         "date": f"{2000 + n // 365:04d}-{n % 12 + 1:02d}", "sites": ["city"],
         "actors": [{"actor": ("first", "second")[n % 2], "role": "controller"}],
         "grade_override": "weak", "grade_override_reason": "benchmark"}
        for n in range(captures)
    ]  # fmt: skip
    yield from enumerate(lines, start=1)


def exported(folder: Path, children: int, captures: int) -> tuple[float, int]:
    """The median seconds of the anonymous export, and the features it wrote."""
    engine = make_engine(f"sqlite:///{folder}/geojson-{children}-{captures}.db")
    migrate.upgrade(engine)
    sessions = make_session_factory(engine)
    report = import_records(sessions, SYSTEM, lambda: records(children, captures))
    assert report.ok, report.problems[:5]
    seconds, written = [], 0
    for _ in range(RUNS):
        with sessions() as session:
            started = time.perf_counter()
            written = export_sites_geojson(session, ANONYMOUS, io.StringIO())
            seconds.append(time.perf_counter() - started)
    engine.dispose()
    return statistics.median(seconds), written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=2000)
    parser.add_argument("--captures", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        baseline, _ = exported(Path(folder), args.children, 0)
        measured, written = exported(Path(folder), args.children, args.captures)
    print(
        f"geojson export, {written} sites inheriting {args.captures} captures:"
        f" {measured:.3f} s (median of {RUNS}); the same sites without events {baseline:.3f} s;"
        f" ratio {measured / baseline:.2f}"
    )


if __name__ == "__main__":
    main()
