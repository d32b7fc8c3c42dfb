"""Time a site's history in process against raw SQL for the same rows, and print the ratio.

    .venv/bin/python -m bench.history --db /tmp/bench.db

(a) heritage.services.history.site_history as ANONYMOUS, written out as the API serves it
(api.schemas.history_json: orjson), a new session per run as a request would have; (b) the
baseline: the same rows (the site with its names, identifiers and designations; its
published events and its ancestors' published control events, with their sites, actors
and published claims with articles) fetched with plain SQL on the DB-API cursor and
serialised with orjson. What (a) does more
(grades, flags, control periods, condition) is what the ratio prices.
Targets (issue 4): ≤ 3× for a typical site (~10 events), ≤ 2× for a heavy one (~2,000).
"""

from __future__ import annotations

import argparse
from typing import Any

import orjson

from api.app import freeze_startup_heap
from api.schemas import history_json
from bench.common import engine_for, median_ms, timed_runs
from heritage.auth import ANONYMOUS
from heritage.db import make_session_factory
from heritage.services.history import site_history

ANCESTORS = """WITH RECURSIVE up(id) AS (
    SELECT parent_id FROM sites WHERE id = {p}
    UNION ALL
    SELECT s.parent_id FROM sites s JOIN up ON s.id = up.id WHERE s.parent_id IS NOT NULL
) SELECT id FROM up WHERE id IS NOT NULL"""
# The events the history shows: the site's own, and its ancestors' control events. Driven
# from the links by site, the event tested by primary key (the service's plan): joined,
# SQLite without statistics plans from ix_events_status and reads every published event.
HITS = """SELECT es.event_id FROM event_sites es
    WHERE es.site_id IN ({p}, {ancestors}) AND EXISTS (
        SELECT 1 FROM events e WHERE e.id = es.event_id
          AND e.status = 'published' AND e.deleted_at IS NULL
          AND (es.site_id = {p} OR e.category = 'control'))"""
SITE = """SELECT id, key, name, kind, parent_id, latitude, longitude, location_certainty,
    restricted, public_latitude, public_longitude, description
    FROM sites WHERE id = {p} AND deleted_at IS NULL"""
NAMES = "SELECT name, lang, type FROM site_names WHERE site_id = {p} ORDER BY id"
IDENTIFIERS = "SELECT scheme, value FROM site_identifiers WHERE site_id = {p} ORDER BY id"
DESIGNATIONS = "SELECT designation FROM site_designations WHERE site_id = {p} ORDER BY id"
EVENTS = """SELECT id, category, type, date_edtf, earliest, latest, description,
    grade, grade_override FROM events WHERE id IN ({ids})
    ORDER BY earliest, latest, id"""
LINKS = """SELECT event_id, site_id FROM event_sites
    WHERE event_id IN ({ids}) ORDER BY event_id, site_id"""
ACTORS = """SELECT ea.event_id, a.id, a.name, ea.role FROM event_actors ea
    JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id IN ({ids})
    ORDER BY ea.event_id, ea.role, a.name"""
CLAIMS = """SELECT c.event_id, c.id, c.stance, c.basis, c.quote, c.quote_start,
    c.quote_end, c.summary, c.stated_date_edtf, c.stated_earliest, c.stated_latest,
    c.stated_actor_id, sa.name AS stated_actor_name, c.figures, c.speaker_id,
    sp.name AS speaker_name, ar.id AS article_id, ar.title, ar.url, ar.published,
    ar.publisher_id, pu.name AS publisher_name
    FROM claims c JOIN articles ar ON ar.id = c.article_id
    JOIN sources pu ON pu.id = ar.publisher_id
    LEFT JOIN sources sp ON sp.id = c.speaker_id
    LEFT JOIN actors sa ON sa.id = c.stated_actor_id
    WHERE c.event_id IN ({ids}) AND {published}
    ORDER BY c.event_id, ar.published, c.id"""
# A published claim. SQLite (no statistics) would plan `c.status = ...` from ix_claims_status
# and read every published claim, so there it is tested by primary key instead (the
# service's plan); PostgreSQL plans the plain test well and the self-join badly.
PUBLISHED_CLAIM = {
    "sqlite": """EXISTS (SELECT 1 FROM claims v WHERE v.id = c.id
          AND v.status = 'published' AND v.deleted_at IS NULL)""",
    "postgresql": "c.status = 'published' AND c.deleted_at IS NULL",
}


def raw_history(connection: Any, site_id: int, dialect: str) -> bytes:
    """The baseline: the history's rows by plain SQL, nested and dumped, nothing derived."""
    cursor = connection.cursor()
    placeholder = "%s" if dialect == "postgresql" else "?"

    def fetch(sql: str, values: list[int], **lists: int) -> list[dict[str, Any]]:
        # Id lists go in as one placeholder per id, as the ORM's IN does.
        marks = {name: ", ".join([placeholder] * max(n, 1)) for name, n in lists.items()}
        sql = sql.format(p=placeholder, published=PUBLISHED_CLAIM[dialect], **marks)
        cursor.execute(sql, values or [None])
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    site = fetch(SITE, [site_id])[0]
    site["names"] = fetch(NAMES, [site_id])
    site["identifiers"] = fetch(IDENTIFIERS, [site_id])
    site["designations"] = [row["designation"] for row in fetch(DESIGNATIONS, [site_id])]
    ancestors = [row["id"] for row in fetch(ANCESTORS, [site_id])]
    hits = fetch(
        HITS,
        [site_id, *ancestors, site_id] if ancestors else [site_id, None, site_id],
        ancestors=len(ancestors),
    )
    ids = sorted({row["event_id"] for row in hits})
    events = fetch(EVENTS, ids, ids=len(ids))
    by_id = {event["id"]: event for event in events}
    for event in events:
        event.update(site_ids=[], actors=[], claims=[])
    for link in fetch(LINKS, ids, ids=len(ids)):
        by_id[link["event_id"]]["site_ids"].append(link["site_id"])
    for actor in fetch(ACTORS, ids, ids=len(ids)):
        by_id[actor.pop("event_id")]["actors"].append(actor)
    for claim in fetch(CLAIMS, ids, ids=len(ids)):
        by_id[claim.pop("event_id")]["claims"].append(claim)
    cursor.close()
    return orjson.dumps({"site": site, "events": events})


def pick_sites(connection: Any, typical: int, heavy: int) -> tuple[int, int, int, int]:
    """(typical site, its events, heavy site, its events): the sites whose count of own
    events is closest to each wish (the heaviest there is, if none comes near)."""
    cursor = connection.cursor()
    cursor.execute(
        "SELECT es.site_id, count(*) FROM event_sites es JOIN events e ON e.id = es.event_id"
        " WHERE e.status = 'published' GROUP BY es.site_id"
    )
    counts = cursor.fetchall()
    cursor.close()
    near_typical = min(counts, key=lambda row: (abs(row[1] - typical), row[0]))
    near_heavy = min(counts, key=lambda row: (abs(row[1] - heavy), row[0]))
    return (*near_typical, *near_heavy)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="/tmp/bench.db", help="SQLite file or database URL")
    parser.add_argument("--runs", type=int, default=15, help="timed runs per measurement")
    parser.add_argument("--typical", type=int, default=10, help="events of the typical site")
    parser.add_argument("--heavy", type=int, default=2000, help="events of the heavy site")
    args = parser.parse_args(argv)
    engine = engine_for(args.db)
    sessions = make_session_factory(engine)
    raw = engine.raw_connection()  # the baseline's own DB-API connection, kept open
    typical, typical_events, heavy, heavy_events = pick_sites(raw, args.typical, args.heavy)

    def service(site_id: int) -> bytes:
        with sessions() as session:
            return history_json(site_history(session, ANONYMOUS, site_id))

    service(typical)  # load what a server has loaded before its first request …
    freeze_startup_heap()  # … and set the collector as `heritage serve` does
    print(f"history of one site, in process, {engine.dialect.name}, median of {args.runs} runs")
    print(f"{'site':<24} {'events':>6} {'service ms':>10} {'raw SQL ms':>10} {'ratio':>6}  target")
    for label, site_id, events, target in (
        ("typical", typical, typical_events, 3),
        ("heavy", heavy, heavy_events, 2),
    ):
        served = median_ms(timed_runs(lambda s=site_id: service(s), args.runs))
        baseline = median_ms(
            timed_runs(lambda s=site_id: raw_history(raw, s, engine.dialect.name), args.runs)
        )
        ratio = served / baseline
        print(
            f"{label + f' (site {site_id})':<24} {events:>6} {served:>10.2f} {baseline:>10.2f} "
            f"{ratio:>5.1f}×  ≤ {target}× {'met' if ratio <= target else 'MISSED'}"
        )
    raw.close()


if __name__ == "__main__":
    main()
