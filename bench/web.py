"""Time the web app's site page against the JSON history of the same site, and weigh pages.

    .venv/bin/python -m bench.web --db /tmp/bench.db

In process, through Flask's test client, as ANONYMOUS: (a) `GET /sites/<id>` (HTML: the
history drawn as a timeline, its control and condition axes, the site's map) against (b)
`GET /api/v1/sites/<id>/history` (JSON), for a typical site (own events closest to 10) and
a heavy one (closest to 2,000), median of `--runs` alternating requests; twice: built on
each request (the app's document cache off, so the JSON builds its document and the page
draws its record every time), and as served (the cache on, as in production: the JSON's
document and the page's record are kept after the first request). Goal (issue 17): the
page within 1.5× of the JSON. Then the time of the pages that map the sites found, `/map`
(every site) and `/sites` with no filter (its map: the first 2,000 sites found), median of
`--runs`, built on each request and as served (kept for the public); and the weight of
each page a reader opens (the HTML plus the stylesheets and scripts it loads, not the map
outlines' SVG, which is cached): goal ≤ 150 KB each.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time

from flask.testing import FlaskClient

from api.app import create_app, freeze_startup_heap
from bench.common import engine_for
from bench.history import pick_sites

_ASSET = re.compile(r'(?:src|href)="(/assets/[^"]+)"')


def request_ms(client: FlaskClient, path: str) -> float:
    start = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return elapsed


def alternating_medians(
    client: FlaskClient, page: str, baseline: str, runs: int
) -> tuple[float, float]:
    timings: dict[str, list[float]] = {page: [], baseline: []}
    for path in (page, baseline):  # warm-up
        request_ms(client, path)
    for _ in range(runs):
        for path in (page, baseline):
            timings[path].append(request_ms(client, path))
    return statistics.median(timings[page]), statistics.median(timings[baseline])


def page_weight(client: FlaskClient, path: str) -> tuple[int, int]:
    """(bytes of the HTML, bytes of the stylesheets and scripts it loads), as a reader
    with an empty cache gets them; SVG map outlines excluded (cached once for all)."""
    html = client.get(path).get_data()
    assets = 0
    for asset in set(_ASSET.findall(html.decode())):
        if not asset.endswith(".svg"):
            with client.get(asset) as served:
                assets += len(served.get_data())
    return len(html), assets


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="/tmp/bench.db", help="SQLite file or database URL")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per measurement")
    parser.add_argument("--typical", type=int, default=10, help="events of the typical site")
    parser.add_argument("--heavy", type=int, default=2000, help="events of the heavy site")
    args = parser.parse_args(argv)
    engine = engine_for(args.db)
    raw = engine.raw_connection()
    typical, typical_events, heavy, heavy_events = pick_sites(raw, args.typical, args.heavy)
    raw.close()
    # Built on each request (both caches off: the work itself), and as served (both keep
    # what they built: the JSON its document, the page its site's record).
    app = create_app({"DATABASE_URL": str(engine.url), "DOCUMENT_CACHE_MB": 0})
    served = create_app({"DATABASE_URL": str(engine.url)})
    client, served_client = app.test_client(), served.test_client()
    for warm in (client, served_client):
        warm.get(f"/sites/{typical}")
    freeze_startup_heap()

    for label, timed in (("built on each request", client), ("as served, kept", served_client)):
        print(
            f"site page against its JSON history, {label}, {engine.dialect.name},"
            f" median of {args.runs}"
        )
        print(f"{'site':<24} {'events':>6} {'page ms':>8} {'JSON ms':>8} {'ratio':>6}  goal")
        for site_label, site_id, events in (
            ("typical", typical, typical_events),
            ("heavy", heavy, heavy_events),
        ):
            page, json = alternating_medians(
                timed, f"/sites/{site_id}", f"/api/v1/sites/{site_id}/history", args.runs
            )
            ratio = page / json
            verdict = "met" if ratio <= 1.5 else "MISSED"
            print(
                f"{site_label + f' (site {site_id})':<24} {events:>6} {page:>8.2f} {json:>8.2f}"
                f" {ratio:>5.2f}×  ≤ 1.5× {verdict}"
            )
        print()

    print(f"pages that map the sites found, median of {args.runs}")
    print(f"{'page':<24} {'built ms':>9} {'served ms':>9}")
    for label, path in (("map, every site", "/map"), ("sites, no filter", "/sites")):
        medians = []
        for timed in (client, served_client):
            request_ms(timed, path)  # warm-up (as served: the page is kept from here on)
            medians.append(statistics.median(request_ms(timed, path) for _ in range(args.runs)))
        print(f"{label:<24} {medians[0]:>9.1f} {medians[1]:>9.1f}")
    print()

    pages: list[tuple[str, str]] = [
        ("front page", "/"),
        ("site search", "/sites?q=a"),
        ("sites, no filter", "/sites"),
        ("map, every site", "/map"),
        ("typical site", f"/sites/{typical}"),
        ("heavy site", f"/sites/{heavy}"),
        ("sign in", "/login"),
        # From a client of its own: the language chosen is kept in the session.
        ("map, every site, Arabic", "/map?lang=ar"),
    ]
    print("page weight, empty cache (HTML + its stylesheets and scripts; map outlines not)")
    print(f"{'page':<24} {'HTML KB':>8} {'assets KB':>9} {'total KB':>8}  goal")
    for label, path in pages:
        html, assets = page_weight(app.test_client() if "lang=" in path else client, path)
        total = (html + assets) / 1024
        verdict = "met" if total <= 150 else "MISSED"
        print(
            f"{label:<24} {html / 1024:>8.1f} {assets / 1024:>9.1f} {total:>8.1f}  ≤ 150 {verdict}"
        )
    for each in (app, served):
        each.extensions["heritage.engine"].dispose()


if __name__ == "__main__":
    main()
