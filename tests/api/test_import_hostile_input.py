"""Hostile input that the parsers themselves refuse (an integer too long to convert, JSON
nested past Python's recursion, a CSV cell past the csv module's limit): a 422 naming the
field for a request body, a problem naming the line for an import, through the API and
the command line; never a 500 or a traceback, and nothing stored."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from api.cli import cli
from tests.api.conftest import snapshot
from tests.api.test_hostile_input import assert_problem

LONG_INTEGER = "9" * 5000  # Python converts at most 4300 digits
SITE = {"type": "site", "key": "palmyra", "name": "Palmyra", "kind": "city"}
# An import, line by line: a good line, then what the parsers cannot read.
JSONL = [
    json.dumps(SITE),
    '{"type": "site", "key": "deep", "name": "Deep", "kind": "city", "names": '
    + "[" * 2000
    + "]" * 2000
    + "}",
    # Past Python's own recursion limit but within orjson's: read, then walked too deep.
    '{"type": "actor", "key": "deep", "name": "Deep", "aliases": ' + "[" * 900 + "]" * 900 + "}",
    '{"type": "claim", "key": "dead", "article": "https://x.org/", "event": "e",'
    ' "stance": "affirms", "figures": {"dead": ' + LONG_INTEGER + "}}",
]
SITES_CSV = (
    "key,name,kind,description\n"
    "palmyra,Palmyra,city,\n"
    f'bel,Temple of Bel,temple,"{"d" * 140_000}"\n'
    "arch,Arch,monument,\n"
)


def expected_problems() -> dict[str, set[tuple[int, str | None, str]]]:
    deep = "Nested deeper than 32 levels."
    long_integer = "An integer of more than 4300 digits, which no field takes."
    too_long = (
        "A cell is longer than 131,072 characters, which no column takes; the lines after it"
        " were not read."
    )
    return {
        "jsonl": {(2, None, deep), (3, None, deep), (4, "figures.dead", long_integer)},
        "sites-csv": {(3, None, too_long)},
    }


# --- request bodies ---------------------------------------------------------------------------


@pytest.fixture
def editor(tokens: dict[str, str]) -> dict[str, str]:
    """An admin's header: every writing endpoint lets it in as far as reading its body."""
    return {"Authorization": f"Bearer {tokens['admin']}"}


def _writing_operations(client: FlaskClient) -> list[tuple[str, str]]:
    spec = client.get("/api/openapi.json").get_json()
    return [
        (method.upper(), re.sub(r"\{[a-z_]+\}", "1", path))
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict) and "requestBody" in operation
    ]


def test_a_long_integer_in_any_body_is_422_naming_the_field(
    client: FlaskClient, engine: Engine, editor: dict[str, str]
) -> None:
    operations = _writing_operations(client)
    assert len(operations) >= 12
    before = snapshot(engine)
    for method, path in operations:
        response = client.open(
            path,
            method=method,
            data='{"number": ' + LONG_INTEGER + ', "numbers": [1, -' + LONG_INTEGER + "]}",
            content_type="application/json",
            headers={**editor, "If-Match": '"v1"'},
        )
        body = assert_problem(response, 422)
        assert set(body["errors"]) == {"number", "numbers.1"}, (method, path, body)
        assert "4300 digits" in body["errors"]["number"][0]
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("sites", '{"name": "X", "kind": "city", "parent_id": %s}', "parent_id"),
        ("events", '{"type": "looted", "date": "2015", "site_ids": [%s]}', "site_ids.0"),
        ("imports", '{"format": "jsonl", "content": "{}", "dry_run": %s}', "dry_run"),
    ],
)
def test_a_long_integer_in_a_real_field_is_named(
    client: FlaskClient, engine: Engine, editor: dict[str, str], path: str, body: str, field: str
) -> None:
    before = snapshot(engine)
    response = client.post(
        f"/api/v1/{path}", data=body % LONG_INTEGER, content_type="application/json", headers=editor
    )
    assert assert_problem(response, 422)["errors"] == {
        field: ["An integer of more than 4300 digits, which no field takes."]
    }
    assert snapshot(engine) == before


# --- imports ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("layout", "content"), [("jsonl", "\n".join(JSONL) + "\n"), ("sites-csv", SITES_CSV)]
)
def test_an_import_names_each_line_the_parsers_refuse(
    client: FlaskClient, engine: Engine, layout: str, content: str
) -> None:
    before = snapshot(engine)
    response = client.post("/api/v1/imports", json={"format": layout, "content": content})
    assert response.status_code == 200, response.get_data(as_text=True)
    report = response.get_json()
    assert report["ok"] is False
    assert {(p["line"], p["field"], p["reason"]) for p in report["problems"]} == (
        expected_problems()[layout]
    )
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("name", "content"), [("hostile.jsonl", "\n".join(JSONL) + "\n"), ("sites.csv", SITES_CSV)]
)
def test_the_command_line_reports_the_lines_the_parsers_refuse(
    tmp_path: Path, name: str, content: str
) -> None:
    runner = CliRunner()
    env = {"HERITAGE_DATABASE_URL": f"sqlite:///{tmp_path / 'hostile.db'}"}
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")

    refused = runner.invoke(cli, ["import", str(path)], env=env)

    assert refused.exit_code == 1
    assert isinstance(refused.exception, SystemExit)  # not an escaped error
    layout = "jsonl" if name.endswith(".jsonl") else "sites-csv"
    for line, field, reason in expected_problems()[layout]:
        where = f"line {line}" + (f", field {field}" if field else "")
        assert f"{path}: {where}: {reason}" in refused.output
    assert "nothing was written" in refused.output
    exported = runner.invoke(cli, ["export", "--format", "jsonl"], env=env)
    assert exported.stdout == ""


def test_a_csv_header_past_the_cell_limit_is_a_problem_on_line_one(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"HERITAGE_DATABASE_URL": f"sqlite:///{tmp_path / 'hostile.db'}"}
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    path = tmp_path / "header.csv"
    path.write_text(f'key,name,"{"k" * 140_000}"\npalmyra,Palmyra\n', encoding="utf-8")

    refused = runner.invoke(cli, ["import", str(path)], env=env)

    assert refused.exit_code == 1
    assert isinstance(refused.exception, SystemExit)
    assert f"{path}: line 1: A cell is longer than 131,072 characters" in refused.output
