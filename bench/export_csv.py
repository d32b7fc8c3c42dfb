"""Time the CSV export of all events to /dev/null and report its memory.

    .venv/bin/python -m bench.export_csv --db /tmp/bench.db

Runs heritage.interchange.tabular.export_events_csv as ANONYMOUS (published events, no
filter), in slices on two connections (parallel=True) as `heritage export --format csv`
does, or with --sequential in one statement, as the API does; several times; prints the
median rows/s and the process's peak RSS against its RSS before the first export: memory
that grew with the table would show there. Target (issue 4): ≥ 100,000 rows/s, bounded
memory. Also the median CPU time of this process (every thread's): on a shared machine it
moves less than the elapsed time, but on PostgreSQL it leaves out the server's share.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from bench.common import engine_for
from heritage.auth import ANONYMOUS
from heritage.db import make_session_factory
from heritage.interchange.filters import ExportFilter
from heritage.interchange.tabular import export_events_csv


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="/tmp/bench.db", help="SQLite file or database URL")
    parser.add_argument("--runs", type=int, default=5, help="timed runs")
    parser.add_argument(
        "--sequential", action="store_true", help="one statement, not slices on two threads"
    )
    args = parser.parse_args(argv)
    sessions = make_session_factory(engine_for(args.db))
    before = peak_rss_mb()
    rates, seconds, cpu = [], [], []
    rows = 0
    for _ in range(args.runs):
        with sessions() as session, open("/dev/null", "w", newline="") as out:
            start, start_cpu = time.perf_counter(), time.process_time()
            rows = export_events_csv(
                session, ANONYMOUS, out, ExportFilter(), parallel=not args.sequential
            )
            elapsed = time.perf_counter() - start
            cpu.append(time.process_time() - start_cpu)
        seconds.append(elapsed)
        rates.append(rows / elapsed)
    rate = statistics.median(rates)
    print(f"export_events_csv, all events to /dev/null, median of {args.runs} runs")
    print(
        f"{rows:,} rows in {statistics.median(seconds):.2f} s = {rate:,.0f} rows/s "
        f"(target ≥ 100,000: {'met' if rate >= 100_000 else 'MISSED'}); "
        f"runs {', '.join(f'{r:,.0f}' for r in rates)}"
    )
    print(
        f"CPU time of this process {statistics.median(cpu):.2f} s "
        f"= {rows / statistics.median(cpu):,.0f} rows per CPU second"
    )
    print(f"peak RSS {peak_rss_mb():,.0f} MB, {before:,.0f} MB before the first export")


if __name__ == "__main__":
    main()
