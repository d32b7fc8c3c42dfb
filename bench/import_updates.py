"""Time `heritage import` of a file whose records change stored ones, against the same
file imported into an empty database (every record created), in the same run.

    .venv/bin/python -m bench.import_updates --db /tmp/bench-updates.db
    .venv/bin/python -m bench.import_updates \
        --db postgresql+psycopg://postgres@127.0.0.1/bench

Two files are generated at --scale with different seeds (bench.generate): the same keys,
other content, so the second changes most stored sites, actors, sources, events and
claims (its articles differ too, and are left as stored, with a warning each). Each run,
from an empty database:
(a) the baseline: `heritage import SECOND` (all created);
(b) `heritage import FIRST` (untimed), then `heritage import SECOND` (mostly updated).
The times are the ones the import reports itself. A created record is written in bulk; an
updated one goes through its service (loaded, checked, flushed, with a revision), so the
ratio says what a partner's corrected file costs against its first delivery. No target
in issue 4 names it; bench/README.md records the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

from bench.import_rate import HERITAGE, database_url, run_measured, schema_only

SUMMARY = re.compile(
    r"(\d+) records written: (\d+) created, (\d+) updated, (\d+) unchanged \(([\d.]+) s, "
)


def imported(path: str, target: str) -> dict[str, float]:
    """`heritage import path` into `target`: its counts and the time it reports."""
    env = dict(os.environ, HERITAGE_DATABASE_URL=database_url(target))
    _, _, output = run_measured([HERITAGE, "import", path], env)
    summary = SUMMARY.search(output)
    if summary is None:
        sys.exit(f"unexpected import output:\n{output}")
    records, created, updated, unchanged = (int(summary[n]) for n in range(1, 5))
    return {
        "records": records,
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "seconds": float(summary[5]),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="/tmp/bench-updates.db", help="SQLite file or URL")
    parser.add_argument("--scale", type=float, default=0.002, help="of issue 4's dataset")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", default="/tmp/heritage-bench")
    args = parser.parse_args(argv)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    first, second = (str(work / f"updates-{args.scale}-seed{seed}.jsonl") for seed in (1, 2))
    for seed, path in ((1, first), (2, second)):
        subprocess.run(
            [sys.executable, "-m", "bench.generate", "--scale", str(args.scale)]
            + ["--seed", str(seed), "--out", path],
            check=True,
            capture_output=True,
        )
    creating, updating = [], []
    for run in range(args.runs):
        schema_only(args.db)
        creating.append(imported(second, args.db))
        schema_only(args.db)
        imported(first, args.db)
        updating.append(imported(second, args.db))
        print(
            f"run {run + 1}: created {creating[-1]['seconds']:.1f} s,"
            f" updated {updating[-1]['seconds']:.1f} s",
            flush=True,
        )
    counts = updating[0]
    records = counts["records"]
    create_seconds = statistics.median(r["seconds"] for r in creating)
    update_seconds = statistics.median(r["seconds"] for r in updating)
    engine = "PostgreSQL" if "://" in args.db else "SQLite"
    print(f"\n{engine}, {second} ({records:,.0f} records), medians of {args.runs} runs")
    print(
        f"into an empty database      {create_seconds:7.1f} s  {records / create_seconds:>8,.0f}"
        f" records/s  ({creating[0]['created']:,.0f} created)"
    )
    print(
        f"over the first seed's file  {update_seconds:7.1f} s  {records / update_seconds:>8,.0f}"
        f" records/s  ({counts['updated']:,.0f} updated, {counts['unchanged']:,.0f} unchanged,"
        f" {counts['created']:,.0f} created)"
    )
    print(
        f"updated records/s: {counts['updated'] / update_seconds:,.0f};"
        f" the update import against the create import: {create_seconds / update_seconds:.3f}"
    )


if __name__ == "__main__":
    main()
