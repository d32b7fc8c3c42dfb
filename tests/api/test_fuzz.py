"""The whole API fuzzed from its own OpenAPI document, in-process, on the test database.

Every operation gets valid and invalid requests generated from the document (schemathesis:
its coverage and fuzzing phases, derandomized so CI is reproducible, a bounded number of
examples each) sent by an admin, so that writes get past the guards and into validation
and the services. Then sequences of calls, as an editor: the stateful phase follows the
links schemathesis infers between operations (create a record, read it, change it,
submit it…), each scenario starting from the same data. No response may be a 5xx, and
every response must be one the document describes: a documented status, the documented
content type and headers, a body matching its schema.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Table, delete, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from api.app import create_app
from heritage import migrate
from heritage.db import Base, make_engine
from heritage.demo import load_demo
from tests.api.test_hostile_input import seed

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Reproducible, and bounded: on two cores, 45-55 s on SQLite for the operations one by
# one, and 10-20 s for the sequences (20-30 s on PostgreSQL).
FUZZ_SETTINGS: dict[str, Any] = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": list(HealthCheck),
}
SCENARIOS = 50
STEPS_PER_SCENARIO = 10


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
@settings(max_examples=25, **FUZZ_SETTINGS)
def test_every_operation_holds_to_the_document(
    case: Any, fuzz_app: Flask, admin_headers: dict[str, str]
) -> None:
    case.call_and_validate(app=fuzz_app, headers=admin_headers, checks=CHECKS)


class Baseline:
    """Every row of every table, put back before each scenario: Hypothesis replays a
    scenario to shrink a failure, and a replay must meet the data the first run met."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        with engine.connect() as connection:
            self.rows = {
                table: [
                    dict(row._mapping)
                    for row in connection.execute(select(table).order_by(*table.primary_key))
                ]
                for table in Base.metadata.sorted_tables
            }

    def restore(self) -> None:
        tables: list[Table] = Base.metadata.sorted_tables
        with self.engine.begin() as connection:
            for table in reversed(tables):
                connection.execute(delete(table))
            for table in tables:
                if self.rows[table]:
                    connection.execute(insert(table), _parents_first(table, self.rows[table]))
            if self.engine.dialect.name == "postgresql":
                # New records get the same ids in every run, as SQLite gives them anyway.
                for table in tables:
                    if "id" in table.c and table.c.id.autoincrement in (True, "auto"):
                        connection.execute(
                            text(
                                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
                                f" (SELECT coalesce(max(id), 0) + 1 FROM {table.name}), false)"
                            )
                        )


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows without a parent in their own table first (a broad site kind before its terms),
    the rest in primary-key order, so that a self-referencing key always finds its row."""
    own = [key.parent.name for key in table.foreign_keys if key.column.table is table]
    return sorted(rows, key=lambda row: [row[name] is not None for name in own])


@pytest.fixture
def editor_app(
    tokens: dict[str, str], session: Session, database_url: str
) -> Iterator[tuple[Flask, dict[str, str]]]:
    """An app of its own, without the document cache (each scenario starts from the same
    data again: a history cached in another must not answer for it), with the demo data
    and drafts of an editor's, and that editor's header."""
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "DOCUMENT_CACHE_MB": 0})
    load_demo(session)
    session.commit()
    headers = {"Authorization": f"Bearer {tokens['editor']}"}
    seed(app.test_client(), headers)
    yield app, headers
    app.extensions["heritage.engine"].dispose()


RECORD_OF_ACTION = re.compile(r"/(submit|return|publish|retract)$")


def test_sequences_of_an_editors_calls_hold_to_the_document(
    editor_app: tuple[Flask, dict[str, str]], engine: Engine
) -> None:
    app, headers = editor_app
    baseline = Baseline(engine)
    reader = app.test_client()

    class EditorSequences(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            baseline.restore()

        def before_call(self, case: Any) -> None:
            # As a careful client does: change the version just read (a random If-Match
            # only ever meets 412, which the operations one by one cover already).
            if case.headers and "If-Match" in case.headers:
                record = reader.get(RECORD_OF_ACTION.sub("", case.formatted_path), headers=headers)
                if record.status_code == 200:
                    case.headers["If-Match"] = record.headers["ETag"]

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"app": app, "headers": headers}

        def validate_response(self, response: Any, case: Any, *args: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    EditorSequences.run(
        settings=settings(
            max_examples=SCENARIOS, stateful_step_count=STEPS_PER_SCENARIO, **FUZZ_SETTINGS
        )
    )
