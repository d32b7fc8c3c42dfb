"""Time a periodic report of the whole database and of one city, with the floor beside them.

    .venv/bin/python -m bench.reports --db /tmp/bench.db [--month 2018-06] [--runs 3]

On a database built by `bench.load_raw` (at `--scale 1.0`: 100,000 sites, 1,000,000 events),
for the month with the most events (or `--month`), public audience, English:
(a) the whole database: building the content (heritage.reports.build.build_report) and
drawing the HTML, then the PDF from the same content; (b) the city whose sites have the
most events that month, and everything inside it: content and HTML.
The database is analysed first (untimed), as `heritage import` leaves it (it runs ANALYZE
after large loads) and `bench.load_raw` does not on SQLite: without statistics, SQLite
reads every published event to find a few sites' links.
Each run is a child process of its own, so its peak RSS (the kernel's, `os.wait4`) is that
report's alone. The floor: every SQL statement the build sent, replayed alone on the
DB-API cursor (rows fetched, nothing built), in the same child.
Targets (issue 18): whole database HTML ≤ 10 s, PDF ≤ 30 s, peak memory ≤ 500 MB; one
city and its sites ≤ 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from typing import Any

from sqlalchemy import event, text

from bench.common import engine_for
from bench.import_rate import run_measured
from heritage.db import make_session_factory

TARGETS = {"whole_html": 10.0, "whole_pdf": 30.0, "city_html": 2.0, "peak_mb": 500.0}


def busiest_month(target: str) -> str:
    """The month in which the most events become certain (their `latest`)."""
    engine = engine_for(target)
    month = (
        "to_char(latest, 'YYYY-MM')"
        if engine.dialect.name != "sqlite"
        else ("strftime('%Y-%m', latest)")
    )
    with engine.connect() as connection:
        return str(
            connection.execute(
                text(f"SELECT {month} AS m FROM events GROUP BY m ORDER BY count(*) DESC, m")
            ).first()[0]
        )


def busiest_city(target: str, start: dt.date, end: dt.date) -> tuple[int, str]:
    """The top-level site (a city) whose subtree has the most events counted in the month."""
    engine = engine_for(target)
    statement = text(
        """WITH RECURSIVE tree(root, id) AS (
               SELECT id, id FROM sites WHERE parent_id IS NULL
               UNION ALL SELECT tree.root, sites.id
               FROM sites JOIN tree ON sites.parent_id = tree.id)
           SELECT tree.root, count(DISTINCT events.id) AS n FROM tree
           JOIN event_sites ON event_sites.site_id = tree.id
           JOIN events ON events.id = event_sites.event_id
           WHERE events.latest BETWEEN :start AND :end
           GROUP BY tree.root ORDER BY n DESC, tree.root LIMIT 1"""
    )
    with engine.connect() as connection:
        root, count = connection.execute(statement, {"start": start, "end": end}).one()
        name = connection.execute(text("SELECT name FROM sites WHERE id = :i"), {"i": root})
        return int(root), f"{name.scalar_one()} ({count:,} events)"


def child(target: str, month: str, scope: int | None, pdf: bool) -> dict[str, Any]:
    """One report built in this process: its timings and the floor."""
    from heritage.reports.build import build_report
    from heritage.reports.content import ReportSpec
    from heritage.reports.periods import parse_period, previous_period
    from heritage.reports.render import render_html, render_pdf
    from heritage.vocab import ReportAudience, ReportLanguage

    engine = engine_for(target)
    statements: list[tuple[str, Any]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    period = parse_period(month)
    spec = ReportSpec(
        definition_id=0,
        title="Bench",
        scope_site_id=scope,
        audience=ReportAudience.PUBLIC,
        language=ReportLanguage.ENGLISH,
        period=period,
        previous=previous_period(period),
        issued_on=period.end + dt.timedelta(days=1),
        last_issue=None,
        corrects=None,
    )
    figures: dict[str, Any] = {}
    with make_session_factory(engine)() as session:
        start = time.perf_counter()
        content = build_report(session, spec, {})
        figures["build"] = time.perf_counter() - start
        start = time.perf_counter()
        html = render_html(content)
        figures["html_render"] = time.perf_counter() - start
        figures["html"] = figures["build"] + figures["html_render"]
        figures["html_kb"] = len(html) / 1024
        figures["events"] = len(content.events)
        figures["sites"] = len(content.sites)
    event.remove(engine, "before_cursor_execute", keep)
    if pdf:
        start = time.perf_counter()
        document = render_pdf(content)
        figures["pdf_render"] = time.perf_counter() - start
        figures["pdf"] = figures["build"] + figures["pdf_render"]
        figures["pdf_kb"] = len(document) / 1024
    figures["statements"] = len(statements)
    figures["floor"] = _replayed(engine, statements)
    return figures


def _replayed(engine: Any, statements: list[tuple[str, Any]]) -> float:
    """Seconds the build's statements take alone on the DB-API cursor, rows fetched."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        start = time.perf_counter()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            if cursor.description is not None:
                cursor.fetchall()
        return time.perf_counter() - start
    finally:
        raw.close()


def measured(target: str, month: str, scope: int | None, pdf: bool) -> dict[str, Any]:
    """One child run: its figures and its own peak RSS in MB."""
    command = [sys.executable, "-m", "bench.reports", "--db", target, "--month", month]
    command += ["--child", str(scope or 0)] + (["--pdf"] if pdf else [])
    _, peak_mb, output = run_measured(command, dict(os.environ))
    figures: dict[str, Any] = json.loads(output.splitlines()[-1])
    figures["peak_mb"] = peak_mb
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="SQLite file or PostgreSQL URL")
    parser.add_argument("--month", help="YYYY-MM (default: the busiest month)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--pdf", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.db, args.month, args.child or None, args.pdf)))
        return
    with engine_for(args.db).begin() as connection:
        connection.execute(text("ANALYZE"))
    month = args.month or busiest_month(args.db)
    from heritage.reports.periods import parse_period

    period = parse_period(month)
    city, city_name = busiest_city(args.db, period.start, period.end)
    print(f"month {month}; city {city_name}")
    for label, scope, pdf in (("whole database", None, True), ("one city", city, False)):
        runs = [measured(args.db, month, scope, pdf) for _ in range(args.runs)]
        median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        print(
            f"{label}: {median['events']:,.0f} events, {median['sites']:,.0f} site sections, "
            f"{median['statements']:.0f} statements"
        )
        print(
            f"  HTML {median['html']:.2f} s (content {median['build']:.2f} + drawing "
            f"{median['html_render']:.2f}; {median['html_kb']:,.0f} KB), floor "
            f"{median['floor']:.2f} s ({median['html'] / median['floor']:.1f}×)"
        )
        if pdf:
            print(
                f"  PDF {median['pdf']:.2f} s (drawing {median['pdf_render']:.2f}; "
                f"{median['pdf_kb']:,.0f} KB)"
            )
        print(f"  peak RSS {median['peak_mb']:.0f} MB (runs: {args.runs}, medians)")
    print("targets: " + ", ".join(f"{key} ≤ {value:g}" for key, value in TARGETS.items()))


if __name__ == "__main__":
    main()
