"""The real app for the served benchmark, plus one hello-world route as its baseline.

    HERITAGE_DATABASE_URL=sqlite:////tmp/bench.db gunicorn -w 2 bench.wsgi:app

`api.app.create_app` as `heritage serve` builds it, on the database HERITAGE_DATABASE_URL names;
`GET /bench/hello` answers {"hello": "world"} through the same app, so the same request
hooks (authentication, security headers, ETags) run for it: what the history costs beyond
it is the history. The route lives here only, never in the product.

Every response that asked the worker's document cache says how it went in
`X-Bench-Cache: hit|miss`, so the bench can count the hit rate; only here, never in the
product either.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, g

from api.app import create_app, freeze_startup_heap
from api.document_cache import DOCUMENTS, DocumentCache

HELLO_PATH = "/bench/hello"
CACHE_HEADER = "X-Bench-Cache"

app = create_app()
freeze_startup_heap()  # as `heritage serve` does


@app.get(HELLO_PATH)
def hello() -> dict[str, Any]:
    return {"hello": "world"}


def _documents() -> DocumentCache | None:
    documents: DocumentCache | None = current_app.extensions.get(DOCUMENTS)
    return documents


@app.before_request
def note_cache_counts() -> None:
    documents = _documents()
    if documents is not None:
        g.bench_cache_counts = (documents.hits, documents.misses)


@app.after_request
def tell_cache_outcome(response: Response) -> Response:
    # A sync worker serves one request at a time: the counters moved for this one alone.
    documents = _documents()
    before = g.get("bench_cache_counts")
    if documents is not None and before is not None:
        if documents.hits > before[0]:
            response.headers[CACHE_HEADER] = "hit"
        elif documents.misses > before[1]:
            response.headers[CACHE_HEADER] = "miss"
    return response
