"""Hostile input: whatever a client sends, the answer is a 4xx problem+json, nothing is
stored, and every response carries the security headers."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy.engine import Engine

from api import schemas
from tests.api.conftest import snapshot

PROBLEM = "application/problem+json"
HUGE = 10**30
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def _created(client: FlaskClient, headers: dict[str, str], path: str, body: dict) -> Any:
    response = client.post(f"/api/v1/{path}", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def seed(client: FlaskClient, headers: dict[str, str]) -> dict[str, Any]:
    """A city, a temple in it, an actor, a publisher, an article, an event and a claim."""
    city = _created(client, headers, "sites", {"name": "Palmyra", "kind": "city"})
    temple = _created(
        client,
        headers,
        "sites",
        {"name": "Temple of Bel", "kind": "temple", "parent_id": city["id"]},
    )
    actor = _created(client, headers, "actors", {"name": "ISIL"})
    publisher = _created(client, headers, "sources", {"name": "Wire", "kind": "organisation"})
    article = _created(
        client,
        headers,
        "articles",
        {
            "publisher_id": publisher["id"],
            "title": "Temple reported destroyed",
            "url": "https://news.example.org/temple",
            "published": "2015-08-31",
            "text": "Witnesses said the temple was blown up on Sunday.",
        },
    )
    event = _created(
        client,
        headers,
        "events",
        {"type": "destroyed", "date": "2015-08-30", "site_ids": [temple["id"]]},
    )
    claim = _created(
        client,
        headers,
        "claims",
        {"article_id": article["id"], "event_id": event["id"], "stance": "affirms"},
    )
    return {
        "city": city,
        "temple": temple,
        "actor": actor,
        "publisher": publisher,
        "article": article,
        "event": event,
        "claim": claim,
    }


@pytest.fixture
def editor(tokens: dict[str, str]) -> dict[str, str]:
    """An admin's header: every writing endpoint, users and settings included, lets it in
    as far as reading its body."""
    return {"Authorization": f"Bearer {tokens['admin']}"}


@pytest.fixture
def world(client: FlaskClient, editor: dict[str, str]) -> dict[str, Any]:
    return seed(client, editor)


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body: dict[str, Any] = response.get_json()
    assert body["status"] == status
    assert {"type", "title", "status", "detail"} <= set(body)
    return body


def assert_secure(response: Any) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (name, dict(response.headers))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("style-src")[0]  # never for scripts


# --- security headers ------------------------------------------------------------------------


def test_headers_on_success_error_and_missing(
    anonymous: FlaskClient, editor: dict[str, str]
) -> None:
    client = anonymous
    responses = {
        "list": client.get("/api/v1/sites"),
        "invalid": client.get("/api/v1/sites?page_size=1000"),
        "missing record": client.get("/api/v1/sites/999999"),
        "no route": client.get("/api/v1/nowhere"),
        "no route outside the api": client.get("/favicon.ico"),
        "wrong method": client.put("/api/v1/sites"),
        "anonymous write": client.post("/api/v1/sites", json={"name": "X", "kind": "city"}),
        "refused write": client.post("/api/v1/sites", json={"name": ""}, headers=editor),
        "openapi": client.get("/api/openapi.json"),
    }
    for what, response in responses.items():
        assert_secure(response), what
    for what in ("list", "invalid", "missing record", "anonymous write", "refused write"):
        assert "Authorization" in responses[what].vary, what
    assert responses["list"].status_code == 200
    assert responses["missing record"].status_code == 404


def test_headers_on_a_304_and_on_a_server_error(database_url: str, client: FlaskClient) -> None:
    first = client.get("/api/v1/sites")
    again = client.get("/api/v1/sites", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert_secure(again)

    from api.app import create_app

    app = create_app({"DATABASE_URL": database_url})

    @app.get("/api/v1/explode")
    def explode() -> None:
        raise RuntimeError("boom")

    response = app.test_client().get("/api/v1/explode")
    assert_problem(response, 500)
    assert_secure(response)
    app.extensions["heritage.engine"].dispose()


def test_docs_page_runs_only_its_own_hashed_script_and_local_assets(client: FlaskClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert_secure(page)
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in page.headers["Content-Security-Policy"].split(";")
    )
    html = page.get_data(as_text=True)
    inline = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert inline, "the page's init script moved: update api/security.py"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy["script-src"].split()
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    # Every asset the page loads is same-origin, served, and of the type nosniff requires.
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 3
    expected = {".js": "text/javascript", ".css": "text/css"}
    for url in assets:
        assert url.startswith("/"), url
        with client.get(url) as asset:
            assert asset.status_code == 200, url
            assert asset.mimetype == expected[url[url.rindex(".") :]], (url, asset.mimetype)
            assert_secure(asset)
    spec_url = re.search(r'url: "([^"]+)"', html)
    assert spec_url is not None
    assert client.get(spec_url[1]).status_code == 200


def test_error_responses_are_documented_as_problem_json(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").get_json()
    for name, response in spec["components"]["responses"].items():
        assert list(response.get("content", {PROBLEM: None})) == [PROBLEM], name


# --- body size and type ----------------------------------------------------------------------


def test_body_over_the_limit_is_413(
    app: Flask, client: FlaskClient, engine: Engine, editor: dict[str, str]
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1000
    before = snapshot(engine)
    big = {"name": "X", "kind": "city", "description": "d" * 2000}
    body = assert_problem(client.post("/api/v1/sites", json=big, headers=editor), 413)
    assert "1000 bytes" in body["detail"]
    assert snapshot(engine) == before


def test_body_over_the_configured_default_is_413(
    client: FlaskClient, engine: Engine, editor: dict[str, str]
) -> None:
    before = snapshot(engine)
    data = b'{"name": "X", "kind": "city", "description": "' + b"d" * (4 * 1024 * 1024) + b'"}'
    response = client.post(
        "/api/v1/sites", data=data, content_type="application/json", headers=editor
    )
    assert_problem(response, 413)
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("text/plain", '{"name": "X", "kind": "city"}'),
        ("application/x-www-form-urlencoded", "name=X&kind=city"),
        (
            "multipart/form-data; boundary=b",
            '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nX\r\n--b--\r\n',
        ),
        ("application/xml", "<site><name>X</name></site>"),
        (None, '{"name": "X", "kind": "city"}'),
    ],
)
def test_a_body_that_is_not_json_is_415(
    client: FlaskClient,
    engine: Engine,
    editor: dict[str, str],
    world: dict[str, Any],
    content_type: str | None,
    data: str,
) -> None:
    before = snapshot(engine)
    headers = dict(editor)
    if content_type:
        headers["Content-Type"] = content_type
    created = client.post("/api/v1/sites", data=data, headers=headers)
    body = assert_problem(created, 415)
    assert "application/json" in body["detail"]
    assert created.headers["Accept-Post"] == "application/json"
    changed = client.patch(
        f"/api/v1/sites/{world['city']['id']}",
        data=data,
        headers={**headers, "If-Match": f'"v{world["city"]["version"]}"'},
    )
    assert_problem(changed, 415)
    assert changed.headers["Accept-Patch"] == "application/json"
    assert snapshot(engine) == before


def test_json_with_a_charset_or_a_json_suffix_is_read(
    client: FlaskClient, editor: dict[str, str]
) -> None:
    for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
        response = client.post(
            "/api/v1/sites",
            data='{"name": "X", "kind": "city"}',
            headers={**editor, "Content-Type": content_type},
        )
        assert response.status_code == 201, response.get_json()


def test_anonymous_hears_401_before_anything_about_its_body(anonymous: FlaskClient) -> None:
    assert_problem(anonymous.post("/api/v1/sites", data="x", content_type="text/plain"), 401)


def test_a_post_without_body_is_a_clear_problem(
    client: FlaskClient, engine: Engine, editor: dict[str, str]
) -> None:
    before = snapshot(engine)
    body = assert_problem(client.post("/api/v1/sites", headers=editor), 422)
    assert "no body" in body["detail"]
    assert {"name", "kind"} <= set(body["errors"])
    assert snapshot(engine) == before


def test_every_required_body_is_asked_for_before_anything_else(
    client: FlaskClient, engine: Engine, editor: dict[str, str], world: dict[str, Any]
) -> None:
    """A PATCH with no body answered 412 (its stale If-Match) and a new token was made from
    nothing: the missing body is the first error, on every operation that requires one."""
    spec = client.get("/api/openapi.json").get_json()
    required = [
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict) and operation.get("requestBody", {}).get("required")
    ]
    assert {
        ("PATCH", "/api/v1/sites/{site_id}"),
        ("POST", "/api/v1/users/{user_id}/tokens"),
    } <= set(required)
    user_id = client.get("/api/v1/users?page_size=1", headers=editor).get_json()[0]["id"]
    before = snapshot(engine)
    for method, path in required:
        url = _concrete(path, world, user_id)
        response = client.open(url, method=method, headers={**editor, "If-Match": '"v0.0"'})
        body = assert_problem(response, 422)
        assert "no body" in body["detail"], (method, url, body)
    assert snapshot(engine) == before


def test_a_review_action_needs_no_body(
    client: FlaskClient, editor: dict[str, str], world: dict[str, Any]
) -> None:
    """Only returning and retracting need a reason; submitting is a bare POST."""
    path = f"/api/v1/events/{world['event']['id']}"
    etag = client.get(path, headers=editor).headers["ETag"]
    response = client.post(f"{path}/submit", headers={**editor, "If-Match": etag})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "in_review"


@pytest.mark.parametrize("data", ["[1, 2]", "5", '"site"', "null", "true"])
def test_json_that_is_not_an_object_is_refused(
    client: FlaskClient, engine: Engine, editor: dict[str, str], data: str
) -> None:
    before = snapshot(engine)
    response = client.post(
        "/api/v1/sites", data=data, content_type="application/json", headers=editor
    )
    body = assert_problem(response, 422)
    assert "JSON object" in body["detail"] or {"name", "kind"} <= set(body["errors"])
    assert snapshot(engine) == before


def test_malformed_and_absurdly_nested_json_is_400(
    client: FlaskClient, engine: Engine, editor: dict[str, str]
) -> None:
    before = snapshot(engine)
    for data in ("{not json", "[" * 100_000 + "]" * 100_000, '{"a":' * 50 + "1" + "}" * 50):
        response = client.post(
            "/api/v1/sites", data=data, content_type="application/json", headers=editor
        )
        assert_problem(response, 400)
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    "text", ["nul \u0000 inside", "lone \ud800 surrogate"], ids=["nul", "surrogate"]
)
def test_text_no_database_can_store_is_refused_naming_the_field(
    client: FlaskClient, engine: Engine, editor: dict[str, str], text: str
) -> None:
    before = snapshot(engine)
    response = client.post(
        "/api/v1/sites",
        data=json.dumps({"name": "X", "kind": "city", "names": [{"name": text}]}),
        content_type="application/json",
        headers=editor,
    )
    assert "names.0.name" in assert_problem(response, 422)["errors"]
    assert "q" in assert_problem(client.get("/api/v1/sites?q=a%00b"), 422)["errors"]
    assert snapshot(engine) == before


# --- unknown fields, on every endpoint that reads a body ---------------------------------------


def _writing_operations(client: FlaskClient) -> list[tuple[str, str]]:
    spec = client.get("/api/openapi.json").get_json()
    return [
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict) and "requestBody" in operation
    ]


def _concrete(path: str, world: dict[str, Any], user_id: int) -> str:
    ids = {
        "sites": world["temple"]["id"],
        "actors": world["actor"]["id"],
        "sources": world["publisher"]["id"],
        "articles": world["article"]["id"],
        "events": world["event"]["id"],
        "claims": world["claim"]["id"],
    }
    resource = path.split("/")[3]
    path = re.sub(r"\{user_id\}", str(user_id), path)
    path = re.sub(r"\{key\}", "allow_self_publish", path)
    return re.sub(r"\{[a-z_]+\}", str(ids.get(resource, 1)), path)


def test_every_writing_endpoint_refuses_an_unknown_field(
    client: FlaskClient, engine: Engine, editor: dict[str, str], world: dict[str, Any]
) -> None:
    operations = _writing_operations(client)
    assert len(operations) >= 12, operations
    user_id = client.get("/api/v1/users?page_size=1", headers=editor).get_json()[0]["id"]
    before = snapshot(engine)
    for method, path in operations:
        url = _concrete(path, world, user_id)
        response = client.open(
            url,
            method=method,
            json={"smuggled": True},
            headers={**editor, "If-Match": '"v1"'},
        )
        body = assert_problem(response, 422)
        assert "smuggled" in body["errors"], (method, url, body)
    assert snapshot(engine) == before


# --- bounds: every string, list and integer a client sends -----------------------------------


def _input_schemas() -> list[type[Schema]]:
    return [
        value
        for name, value in vars(schemas).items()
        if isinstance(value, type)
        and issubclass(value, Schema)
        and name.endswith(("InputSchema", "UpdateSchema", "QuerySchema"))
        or name == "ReasonSchema"
    ]


def _bounded(field: fields.Field) -> bool:
    validators = field.validators
    if isinstance(field, fields.String):
        return any(isinstance(v, validate.Length | validate.OneOf) for v in validators)
    if isinstance(field, fields.List | fields.Dict):
        return any(isinstance(v, validate.Length) for v in validators)
    if isinstance(field, fields.Integer):
        return any(isinstance(v, validate.Range) and v.max is not None for v in validators)
    return True


def test_every_string_list_and_integer_a_client_sends_is_bounded() -> None:
    unbounded = []
    for schema_class in _input_schemas():
        stack = [(schema_class.__name__, field) for field in schema_class().fields.values()]
        while stack:
            where, field = stack.pop()
            name = f"{where}.{field.data_key or field.name}"
            if not _bounded(field):
                unbounded.append(name)
            if isinstance(field, fields.List):
                stack.append((name, field.inner))
            if isinstance(field, fields.Dict) and field.key_field and field.value_field:
                stack += [(name, field.key_field), (name, field.value_field)]
            if isinstance(field, fields.Nested):
                nested = field.schema
                stack += [(name, inner) for inner in nested.fields.values()]
    assert len(_input_schemas()) >= 12
    assert not unbounded, unbounded


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("sites", {"name": "X", "kind": "city", "parent_id": HUGE}, "parent_id"),
        ("sites", {"name": "X", "kind": "city", "parent_id": 2**31}, "parent_id"),
        ("sites", {"name": "X", "kind": "city", "parent_id": 0}, "parent_id"),
        ("actors", {"name": "X", "part_of_id": HUGE}, "part_of_id"),
        ("sources", {"name": "X", "kind": "person", "affiliation_id": HUGE}, "affiliation_id"),
        (
            "articles",
            {"publisher_id": HUGE, "title": "T", "url": "https://x.org/", "published": "2015"},
            "publisher_id",
        ),
        ("events", {"type": "looted", "date": "2015", "site_ids": [HUGE]}, "site_ids.0"),
        (
            "events",
            {
                "type": "looted",
                "date": "2015",
                "site_ids": [1],
                "actors": [{"actor_id": -HUGE, "role": "perpetrator"}],
            },
            "actors.0.actor_id",
        ),
        ("claims", {"article_id": HUGE, "event_id": 1, "stance": "affirms"}, "article_id"),
        (
            "claims",
            {"article_id": 1, "event_id": 1, "stance": "affirms", "quote_start": HUGE},
            "quote_start",
        ),
    ],
)
def test_huge_ids_in_a_body_are_refused_naming_the_field(
    client: FlaskClient, engine: Engine, editor: dict[str, str], path: str, body: dict, field: str
) -> None:
    before = snapshot(engine)
    errors = assert_problem(client.post(f"/api/v1/{path}", json=body, headers=editor), 422)[
        "errors"
    ]
    assert field in errors, errors
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        (f"/api/v1/sites?parent={HUGE}", "parent"),
        ("/api/v1/sites?parent=-1", "parent"),
        (f"/api/v1/events?site={HUGE}", "site"),
        (f"/api/v1/events?actor={HUGE}", "actor"),
        (f"/api/v1/articles?publisher={HUGE}", "publisher"),
        (f"/api/v1/claims?event={HUGE}", "event"),
        (f"/api/v1/claims?speaker={2**31}", "speaker"),
        (f"/api/v1/sites?page={HUGE}", "page"),
        (f"/api/v1/sites?page_size={HUGE}", "page_size"),
        ("/api/v1/articles?from=2015-02-30", "from"),
        ("/api/v1/events?from=99999-01-01", "from"),
        ("/api/v1/sites/1/history?at=yesterday", "at"),
    ],
)
def test_huge_or_bad_query_parameters_are_refused(
    client: FlaskClient, url: str, parameter: str
) -> None:
    assert parameter in assert_problem(client.get(url), 422)["errors"]


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/sites/{HUGE}",
        f"/api/v1/sites/{2**63}/history",
        f"/api/v1/sites/{2**31}/history",  # read on the DB-API cursor: no 500 either
        f"/api/v1/events/{HUGE}",
        "/api/v1/claims/2147483648",
    ],
)
def test_huge_ids_in_a_path_find_nothing(client: FlaskClient, url: str) -> None:
    assert_problem(client.get(url), 404)


def test_huge_id_in_a_path_of_a_write_finds_nothing_and_stores_nothing(
    client: FlaskClient, engine: Engine, editor: dict[str, str]
) -> None:
    before = snapshot(engine)
    response = client.patch(
        f"/api/v1/sites/{HUGE}", json={"name": "X"}, headers={**editor, "If-Match": '"v1"'}
    )
    assert_problem(response, 404)
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("sites", {"name": "N" * 10_000, "kind": "city"}, "name"),
        ("sites", {"name": "X", "kind": "city", "key": "k" * 10_000}, "key"),
        ("sites", {"name": "X", "kind": "city", "description": "d" * 100_001}, "description"),
        ("sites", {"name": "X", "kind": "city", "names": [{"name": "n"}] * 201}, "names"),
        ("actors", {"name": "X", "aliases": ["a"] * 201}, "aliases"),
        ("actors", {"name": "X", "aliases": ["a" * 10_000]}, "aliases.0"),
        ("events", {"type": "looted", "date": "2" * 1000, "site_ids": [1]}, "date"),
        ("events", {"type": "looted", "date": "2015", "site_ids": list(range(1, 300))}, "site_ids"),
        (
            "claims",
            {
                "article_id": 1,
                "event_id": 1,
                "stance": "affirms",
                "figures": {f"k{i}": i for i in range(100)},
            },
            "figures",
        ),
    ],
)
def test_oversized_strings_and_lists_are_refused(
    client: FlaskClient, engine: Engine, editor: dict[str, str], path: str, body: dict, field: str
) -> None:
    before = snapshot(engine)
    errors = assert_problem(client.post(f"/api/v1/{path}", json=body, headers=editor), 422)[
        "errors"
    ]
    assert field in errors, errors
    assert snapshot(engine) == before


def test_every_boolean_a_client_sends_is_json_true_or_false() -> None:
    for schema_class in _input_schemas():
        if schema_class.__name__.endswith("QuerySchema"):
            continue  # query strings are text: include_drafts=true
        for name, field in schema_class().fields.items():
            if not isinstance(field, fields.Boolean):
                continue
            assert schema_class().load({name: True}, partial=True)[name] is True
            assert schema_class().load({name: False}, partial=True)[name] is False
            for loose in (0, 1, "true", "false", "1", "yes", ""):
                with pytest.raises(ValidationError) as refused:
                    schema_class().load({name: loose}, partial=True)
                assert name in refused.value.messages, (schema_class.__name__, name, loose)


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("POST", "/api/v1/sites", {"name": "X", "kind": "city", "restricted": 0}, "restricted"),
        (
            "POST",
            "/api/v1/sites",
            {"name": "X", "kind": "city", "restricted": "true"},
            "restricted",
        ),
        (
            "POST",
            "/api/v1/imports",
            {
                "format": "jsonl",
                "content": '{"type": "site", "key": "x", "name": "X", "kind": "city"}',
                "dry_run": 0,
            },
            "dry_run",
        ),
        ("PATCH", "/api/v1/users/{user_id}", {"disabled": 1}, "disabled"),
    ],
)
def test_a_boolean_sent_as_a_number_or_text_is_refused_naming_it(
    client: FlaskClient,
    engine: Engine,
    editor: dict[str, str],
    method: str,
    path: str,
    body: dict[str, Any],
    field: str,
) -> None:
    user = client.post(
        "/api/v1/users", json={"username": "victim", "role": "editor"}, headers=editor
    ).get_json()
    url = path.format(user_id=user["id"])
    before = snapshot(engine)
    response = client.open(url, method=method, json=body, headers={**editor, "If-Match": '"v1"'})
    assert field in assert_problem(response, 422)["errors"]
    assert snapshot(engine) == before


def test_oversized_query_text_is_refused(client: FlaskClient) -> None:
    assert "q" in assert_problem(client.get("/api/v1/sites?q=" + "q" * 10_000), 422)["errors"]
    assert "bbox" in assert_problem(client.get("/api/v1/sites?bbox=" + "1," * 500), 422)["errors"]
