"""The Flask application: configuration, database, OpenAPI, resources and errors."""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

from api import auth, database, docs, security, web
from api.blueprint import record_etag
from api.document_cache import DOCUMENTS, DocumentCache
from api.errors import ProblemApi, register_error_handlers
from api.resources import (
    actors,
    articles,
    candidates,
    changes,
    claims,
    events,
    exchange,
    reports,
    settings,
    site_kinds,
    sites,
    sources,
    users,
)
from heritage.db import database_url

API_PREFIX = "/api/v1"


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # fields in schema order
    app.config.update(
        DATABASE_URL=database_url(),
        API_TITLE="heritage",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs",
        OPENAPI_SWAGGER_UI_URL=docs.ASSETS_URL,
        API_SPEC_OPTIONS={
            "info": {
                "description": "Damage to cultural heritage in armed conflict: sites, events,"
                " the articles that reported them and who said what.",
                "license": {"name": "AGPL-3.0-or-later"},
            }
        },
        MAX_CONTENT_LENGTH=int(os.environ.get("HERITAGE_MAX_BODY_BYTES", 4 * 1024 * 1024)),
        DOCUMENT_CACHE_MB=float(os.environ.get("HERITAGE_DOCUMENT_CACHE_MB", 64)),
        ANONYMOUS_EXPORTS=int(os.environ.get("HERITAGE_ANONYMOUS_EXPORTS", 1)),
        PROXY_COUNT=int(os.environ.get("HERITAGE_PROXY_COUNT", 0)),
    )
    if overrides:
        app.config.update(overrides)
    if app.config["DOCUMENT_CACHE_MB"] > 0:
        cache_bytes = int(app.config["DOCUMENT_CACHE_MB"] * 1024 * 1024)
        app.extensions[DOCUMENTS] = DocumentCache[Any](cache_bytes)

    proxies = int(app.config["PROXY_COUNT"])
    if proxies:
        # The client's address (which failed sign-ins are counted by) comes from the
        # X-Forwarded-For the trusted proxies add, not from the last proxy's socket.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    database.init_app(app)
    auth.init_app(app)
    api = ProblemApi(app, spec_kwargs={"extra_plugins": [docs.HttpConventionsPlugin()]})
    api.spec.components.security_scheme("bearer", docs.security_scheme())
    api.spec.options["security"] = [{}, {"bearer": []}]
    for module in (
        sites,
        site_kinds,
        actors,
        sources,
        articles,
        events,
        claims,
        candidates,
        changes,
        users,
        settings,
    ):
        api.register_blueprint(module.blp, url_prefix=f"{API_PREFIX}/{module.blp.name}")
    for blueprint in (exchange.imports, exchange.exports, reports.definitions, reports.issues):
        api.register_blueprint(blueprint, url_prefix=f"{API_PREFIX}/{blueprint.name}")
    register_error_handlers(app)
    exchange.init_app(app)
    docs.init_app(app, api.spec)
    app.after_request(_conditional_get)
    web.init_app(app)
    security.init_app(app)
    return app


def freeze_startup_heap() -> None:
    """Call once the app is built, before serving: what is loaded by then (modules, mappers,
    compiled statements) lives as long as the process, so it is moved out of the cyclic
    garbage collector's sight. A large response (a heavy site's history is ~40,000
    objects) otherwise triggers full collections that walk that whole heap again, about a
    third of its time. Process-wide and safe with threads, unlike pausing the collector."""
    gc.collect()
    gc.freeze()


def _conditional_get(response: Response) -> Response:
    """Give every successful JSON read an ETag and answer If-None-Match with 304.

    The ETag is the digest of the body, unless the view set one already: a validator it
    knew before building the body (api.blueprint.data_etag), with which it answered a
    matching If-None-Match itself, without the work. That one is kept, never rehashed."""
    record_etag(response)
    if (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and response.is_json
        and not response.direct_passthrough
        and not response.is_streamed  # exports: no buffering a whole file to hash it
    ):
        if "ETag" not in response.headers:
            response.add_etag()
        response.make_conditional(request)
    return response
