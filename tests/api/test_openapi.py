"""The OpenAPI document validates and describes every operation; the docs work offline."""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft4Validator
from openapi_spec_validator import validate

METHODS = {"get", "post", "put", "patch", "delete"}


def test_openapi_document_validates(client: FlaskClient) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    validate(response.get_json())


def test_every_route_is_documented_with_summary_and_responses(
    app: Flask, client: FlaskClient
) -> None:
    spec = client.get("/api/openapi.json").get_json()
    documented = {
        (re.sub(r"\{(\w+)\}", r"<\1>", path), method.upper())
        for path, item in spec["paths"].items()
        for method in item
        if method in METHODS
    }
    routed = {
        (re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", rule.rule), method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routed == documented
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            assert operation.get("summary"), f"{method} {path} has no summary"
            codes = set(operation["responses"])
            assert codes & {"200", "201", "204"}, f"{method} {path} documents no success"
            assert codes - {"200", "201", "204", "304"}, f"{method} {path} documents no error"


def test_errors_are_documented_as_problems(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").get_json()
    problem = spec["components"]["schemas"]["Problem"]["properties"]
    assert {"type", "title", "status", "detail", "errors"} <= set(problem)


def test_interactive_docs_load_no_external_asset(client: FlaskClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    for source in sources:
        assert source.startswith("/"), f"{source} is fetched from elsewhere"
        asset = client.get(source)
        assert asset.status_code == 200, source
        asset.close()  # a file response stays open until closed


def test_every_pagination_header_is_the_json_the_document_describes(
    admin: FlaskClient, world: dict[str, Any]
) -> None:
    """X-Pagination is sent as a JSON object; the document must say so (a header with a
    bare schema would mean OpenAPI's comma-separated `simple` style) and hold to it."""
    spec = admin.get("/api/openapi.json").get_json()
    header = spec["components"]["headers"]["PAGINATION"]
    schema = header["content"]["application/json"]["schema"]
    validator = Draft4Validator({**schema, "components": spec["components"]})
    paginated = [
        path
        for path, item in spec["paths"].items()
        if "{" not in path
        and "X-Pagination"
        in item.get("get", {}).get("responses", {}).get("200", {}).get("headers", {})
    ]
    assert {"/api/v1/sites", "/api/v1/events", "/api/v1/users"} <= set(paginated)
    for path in paginated:
        response = admin.get(path)
        assert response.status_code == 200, path
        metadata = json.loads(response.headers["X-Pagination"])
        assert list(validator.iter_errors(metadata)) == [], path
        assert metadata["total"] == len(response.get_json()), path
