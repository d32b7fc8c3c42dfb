"""The real app for the served benchmark, plus one hello-world route as its baseline.

    HERITAGE_DATABASE_URL=sqlite:////tmp/bench.db gunicorn -w 2 bench.wsgi:app

`api.app.create_app` as `heritage serve` builds it, on the database HERITAGE_DATABASE_URL names;
`GET /bench/hello` answers {"hello": "world"} through the same app, so the same request
hooks (authentication, security headers, ETags) run for it: what the history costs beyond
it is the history. The route lives here only, never in the product.
"""

from __future__ import annotations

from typing import Any

from api.app import create_app, freeze_startup_heap

HELLO_PATH = "/bench/hello"

app = create_app()
freeze_startup_heap()  # as `heritage serve` does


@app.get(HELLO_PATH)
def hello() -> dict[str, Any]:
    return {"hello": "world"}
