"""The whole API fuzzed from its own OpenAPI document, in-process, on the test database.

Every operation gets valid and invalid requests generated from the document (schemathesis:
its coverage and fuzzing phases, derandomized so CI is reproducible, a bounded number of
examples each) sent by an admin, so that writes get past the guards and into validation
and the services. No response may be a 5xx, and every response must be one the document
describes: a documented status, the documented content type, a body matching its schema.
"""

from __future__ import annotations

import tempfile
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from api.app import create_app
from heritage import migrate
from heritage.db import make_engine
from heritage.demo import load_demo
from tests.api.test_hostile_input import seed

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def fuzz_app(app: Flask, engine: Engine) -> Flask:
    # The fuzzer sends malformed tokens too: never let it lock itself out with 429.
    app.config["AUTH_FAILURE_LIMIT"] = 10**9
    app.extensions["heritage.failed_attempts"].limit = 10**9
    return app


@pytest.fixture
def admin_headers(fuzz_app: Flask, tokens: dict[str, str], session: Session) -> dict[str, str]:
    # Published data (the demo) first, so that reads by small ids return full documents
    # whose every field the schema check can hold to the document; then drafts of our own.
    load_demo(session)
    session.commit()
    headers = {"Authorization": f"Bearer {tokens['admin']}"}
    seed(fuzz_app.test_client(), headers)
    return headers


def _document() -> dict[str, Any]:
    """The OpenAPI document as the app serves it, from a new database: its site kinds come
    from the database's vocabulary table."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/openapi.db"
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        app = create_app({"DATABASE_URL": url})
        document: dict[str, Any] = app.test_client().get("/api/openapi.json").get_json()
        app.extensions["heritage.engine"].dispose()
    return document


# Loaded when the module is collected, so that each operation is a test of its own.
schema = schemathesis.openapi.from_dict(_document())


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_holds_to_the_document(
    case: Any, fuzz_app: Flask, admin_headers: dict[str, str]
) -> None:
    case.call_and_validate(app=fuzz_app, headers=admin_headers, checks=CHECKS)
