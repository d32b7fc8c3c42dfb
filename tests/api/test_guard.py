"""Every endpoint that writes refuses the anonymous public and viewers, found by walking the
application's URL map, so an endpoint added later cannot forget its guard."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def writing_endpoints(app: Flask) -> list[tuple[str, str]]:
    """The API's; the web app's forms are walked in tests/web/test_guard.py."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        url = re.sub(r"<int:\w+>", "1", rule.rule)
        url = re.sub(r"<(?:\w+:)?\w+>", "x", url)
        found += [(method, url) for method in sorted(rule.methods & WRITES)]
    return found


def test_the_walk_finds_the_writing_endpoints(app: Flask) -> None:
    endpoints = writing_endpoints(app)
    assert ("POST", "/api/v1/sites") in endpoints
    assert ("POST", "/api/v1/events/1/publish") in endpoints
    assert ("DELETE", "/api/v1/users/1/tokens/1") in endpoints
    assert len(endpoints) >= 30


def test_every_writing_endpoint_refuses_the_anonymous_public(
    app: Flask, anonymous: FlaskClient
) -> None:
    for method, url in writing_endpoints(app):
        response = anonymous.open(url, method=method, json={})
        assert response.status_code == 401, (method, url, response.status_code)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_every_writing_endpoint_refuses_a_viewer(app: Flask, viewer: FlaskClient) -> None:
    for method, url in writing_endpoints(app):
        response = viewer.open(url, method=method, json={})
        assert response.status_code == 403, (method, url, response.status_code)
