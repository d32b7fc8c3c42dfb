"""Time `heritage import` against the raw-driver load of the same file, and its memory.

    .venv/bin/python -m bench.import_rate /tmp/bench.jsonl --db /tmp/bench-import.db
    .venv/bin/python -m bench.import_rate /tmp/bench.jsonl \
        --db postgresql+psycopg://postgres@127.0.0.1/bench

Each run starts from an empty database (SQLite: a new file; PostgreSQL: the public schema
dropped and recreated) and is a separate process, measured from outside: wall time, and
peak RSS from the kernel's accounting of that one child (`os.wait4`).

(a) the baseline, `python -m bench.load_raw`: the same rows with sqlite3 `executemany` or
`COPY`, the derived columns computed but nothing validated, no revisions, no grading. Its
own figures are read from its output: the end-to-end time (reading the file included,
interpreter start and schema creation not) and the driver time alone.
(b) `heritage import FILE` as a user runs it (the schema made first by `heritage db
upgrade`, untimed): the time it reports itself, from opening the file to the last grade
(measured as the raw load's end to end is: interpreter start excluded), and the wall
time of its process, interpreter start included.

The rows are the same in both, so the ratio of rates is the inverse ratio of times. Three
ratios are printed: the import's own time against the raw load's end to end (like for
like, the headline), its wall time against the same, and its own time against the raw
load's driver time alone. Runs alternate (raw, import, raw, import…) so both see the same
machine; medians are printed.
Target (issue 4): import ≥ 0.25 of the baseline; peak memory ≤ 500 MB, also for a file
ten times larger.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

from bench.common import engine_for

HERITAGE = str(Path(sys.executable).with_name("heritage"))


def empty_database(target: str) -> None:
    """Leave `target` with no schema at all, as a first install finds it."""
    if "://" not in target:
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
        return
    engine = engine_for(target)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def database_url(target: str) -> str:
    return target if "://" in target else f"sqlite:///{target}"


def run_measured(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run `command`; return its wall seconds, its own peak RSS in MB and its output."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert child.stdout is not None
    output = child.stdout.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({child.returncode}):\n{output}")
    return elapsed, usage.ru_maxrss / 1024, output


def raw_run(path: str, target: str) -> dict[str, float]:
    empty_database(target)
    wall, peak, output = run_measured(
        [sys.executable, "-m", "bench.load_raw", path, "--db", target], dict(os.environ)
    )
    end_to_end = re.search(r"end to end: ([\d,]+) records in ([\d.]+) s", output)
    driver = re.search(r"all rows\s+([\d,]+)\s+([\d.]+)", output)
    assert end_to_end and driver, output
    return {
        "records": float(end_to_end[1].replace(",", "")),
        "rows": float(driver[1].replace(",", "")),
        "seconds": float(end_to_end[2]),
        "driver_seconds": float(driver[2]),
        "wall": wall,
        "peak_mb": peak,
    }


def schema_only(target: str) -> dict[str, str]:
    """Leave `target` with the schema and nothing else (`heritage db upgrade`, untimed);
    return the environment that names it to `heritage`."""
    empty_database(target)
    env = dict(os.environ, HERITAGE_DATABASE_URL=database_url(target))
    subprocess.run([HERITAGE, "db", "upgrade"], env=env, check=True, capture_output=True)
    return env


def import_run(path: str, target: str) -> dict[str, float]:
    env = schema_only(target)
    wall, peak, output = run_measured([HERITAGE, "import", path], env)
    reported = re.search(r" 0 updated, 0 unchanged \(([\d.]+) s, ", output)
    if reported is None:
        sys.exit(f"unexpected import output:\n{output}")
    return {"seconds": float(reported[1]), "wall": wall, "peak_mb": peak}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="a file written by bench.generate")
    parser.add_argument("--db", default="/tmp/bench-import.db", help="SQLite file or URL")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    raws, imports = [], []
    for run in range(args.runs):
        raws.append(raw_run(args.file, args.db))
        imports.append(import_run(args.file, args.db))
        print(
            f"run {run + 1}: raw {raws[-1]['seconds']:.1f} s"
            f" (driver {raws[-1]['driver_seconds']:.1f} s),"
            f" import {imports[-1]['seconds']:.1f} s (wall {imports[-1]['wall']:.1f} s),"
            " import peak RSS"
            f" {imports[-1]['peak_mb']:,.0f} MB",
            flush=True,
        )
    records, rows = raws[0]["records"], raws[0]["rows"]
    raw_seconds = statistics.median(r["seconds"] for r in raws)
    driver_seconds = statistics.median(r["driver_seconds"] for r in raws)
    import_seconds = statistics.median(r["seconds"] for r in imports)
    import_wall = statistics.median(r["wall"] for r in imports)
    peak = max(r["peak_mb"] for r in imports)
    engine = "PostgreSQL" if "://" in args.db else "SQLite"
    size = os.path.getsize(args.file) / 1e6
    print(f"\n{engine}, {args.file} ({records:,.0f} records, {rows:,.0f} rows, {size:,.1f} MB),")
    print(f"medians of {args.runs} alternating runs")
    print(
        f"raw load, end to end  {raw_seconds:8.1f} s  {rows / raw_seconds:>9,.0f} rows/s"
        f"  {records / raw_seconds:>9,.0f} records/s"
    )
    print(f"raw load, driver only {driver_seconds:8.1f} s  {rows / driver_seconds:>9,.0f} rows/s")
    for name, seconds in (("", import_seconds), (", wall", import_wall)):
        print(
            f"{'heritage import' + name:<21} {seconds:8.1f} s  {rows / seconds:>9,.0f} rows/s"
            f"  {records / seconds:>9,.0f} records/s"
        )
    for name, baseline, seconds in (
        ("the import against the raw load end to end", raw_seconds, import_seconds),
        ("the import's wall against the same", raw_seconds, import_wall),
        ("the import against the raw load's driver only", driver_seconds, import_seconds),
    ):
        ratio = baseline / seconds
        verdict = "met" if ratio >= 0.25 else "MISSED"
        print(f"ratio, {name}: {ratio:.3f} (target ≥ 0.25: {verdict})")
    print(
        f"import peak RSS {peak:,.0f} MB (target ≤ 500: {'met' if peak <= 500 else 'MISSED'});"
        f" raw load {max(r['peak_mb'] for r in raws):,.0f} MB"
    )


if __name__ == "__main__":
    main()
