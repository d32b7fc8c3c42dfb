"""Bulk import and export through the command line and the API."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from api.cli import cli
from api.resources.exchange import ANONYMOUS_EXPORTS
from tests.api.conftest import snapshot
from tests.api.helpers import city_with_temple, created

SITES_CSV = (
    "key,name,kind,parent,latitude,longitude\n"
    "palmyra,Palmyra,city,,34.55,38.27\n"
    "bel,Temple of Bel,temple,palmyra,34.547,38.274\n"
)
EVENTS_CSV = "key,event_type,date,sites,perpetrators\nbel-destroyed,destroyed,2015-08-30,bel,\n"


def test_an_editors_import_lands_events_as_drafts(
    client: FlaskClient, anonymous: FlaskClient
) -> None:
    sites = client.post("/api/v1/imports", json={"format": "sites-csv", "content": SITES_CSV})
    assert sites.status_code == 200, sites.get_json()
    assert sites.get_json()["created"] == {"site": 2}
    events = client.post("/api/v1/imports", json={"format": "events-csv", "content": EVENTS_CSV})
    assert events.get_json()["created"] == {"event": 1}
    assert anonymous.get("/api/v1/events").get_json() == []
    drafts = client.get("/api/v1/events?include_drafts=true").get_json()
    assert [(e["key"], e["status"]) for e in drafts] == [("bel-destroyed", "draft")]
    again = client.post("/api/v1/imports", json={"format": "sites-csv", "content": SITES_CSV})
    assert again.get_json()["unchanged"] == {"site": 2}


def test_a_bad_import_reports_lines_and_changes_nothing(
    client: FlaskClient, viewer: FlaskClient, engine: Engine
) -> None:
    before = snapshot(engine)
    bad = SITES_CSV + "ruin,Ruin,spaceport,nowhere,95,0\n"
    report = client.post("/api/v1/imports", json={"format": "sites-csv", "content": bad}).get_json()
    assert report["ok"] is False
    assert {problem["line"] for problem in report["problems"]} == {4}
    assert {problem["field"] for problem in report["problems"]} >= {"kind", "parent"}
    assert snapshot(engine) == before
    dry = client.post(
        "/api/v1/imports", json={"format": "sites-csv", "content": SITES_CSV, "dry_run": True}
    ).get_json()
    assert dry["ok"] and dry["dry_run"]
    assert (dry["created"], dry["updated"], dry["unchanged"]) == ({"site": 2}, {}, {})
    assert snapshot(engine) == before
    assert (
        viewer.post("/api/v1/imports", json={"format": "jsonl", "content": "{}"}).status_code == 403
    )


def test_public_exports_hide_drafts_and_generalise_restricted_sites(
    client: FlaskClient, anonymous: FlaskClient
) -> None:
    world = city_with_temple(client)
    created(
        client,
        "sites",
        {
            "name": "Depot",
            "kind": "museum",
            "restricted": True,
            "location": {"latitude": 34.54738, "longitude": 38.27393},
        },
    )
    created(
        client, "events", {"type": "looted", "date": "2015", "site_ids": [world["temple"]["id"]]}
    )
    csv_rows = anonymous.get("/api/v1/exports/events.csv").get_data(as_text=True).splitlines()
    assert len(csv_rows) == 1  # the header: the only event is a draft
    assert (
        len(
            client.get("/api/v1/exports/events.csv?include_drafts=true")
            .get_data(as_text=True)
            .splitlines()
        )
        == 2
    )
    geojson = anonymous.get("/api/v1/exports/sites.geojson")
    assert geojson.mimetype == "application/geo+json"
    body = geojson.get_data(as_text=True)
    assert "34.5473" not in body and "38.2739" not in body
    depot = [f for f in json.loads(body)["features"] if f["properties"]["name"] == "Depot"][0]
    assert depot["geometry"]["coordinates"] == [38.3, 34.5]


def _cli_with_sites_file(tmp_path: Path) -> tuple[CliRunner, dict[str, str], Path]:
    """A runner, the environment naming a new SQLite database (its schema made), and a
    CSV file of two sites."""
    env = {"HERITAGE_DATABASE_URL": f"sqlite:///{tmp_path / 'bulk.db'}"}
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    sites = tmp_path / "sites.csv"
    sites.write_text(SITES_CSV, encoding="utf-8")
    return runner, env, sites


def test_import_and_export_from_the_command_line(tmp_path: Path) -> None:
    runner, env, sites = _cli_with_sites_file(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(SITES_CSV + "ruin,Ruin,spaceport,,,\n", encoding="utf-8")

    refused = runner.invoke(cli, ["import", str(bad)], env=env)
    assert refused.exit_code == 1
    assert "line 4, field kind" in refused.output
    assert "nothing was written" in refused.output

    dry = runner.invoke(cli, ["import", "--dry-run", str(sites)], env=env)
    assert dry.exit_code == 0, dry.output
    assert re.search(
        r"2 records checked, nothing written \(dry run\): would create 2, update 0, leave 0"
        r" unchanged \(\d+\.\d s, [\d,]+ records/s\)\.",
        dry.output,
    ), dry.output

    first = runner.invoke(cli, ["import", str(sites)], env=env)
    assert first.exit_code == 0, first.output
    assert re.search(
        r"2 records written: 2 created, 0 updated, 0 unchanged \(\d+\.\d s, [\d,]+ records/s\)\.",
        first.output,
    ), first.output
    second = runner.invoke(cli, ["import", str(sites)], env=env)
    assert "0 created, 0 updated, 2 unchanged" in second.output

    out = tmp_path / "sites.geojson"
    exported = runner.invoke(cli, ["export", "--format", "geojson", "-o", str(out)], env=env)
    assert exported.exit_code == 0, exported.output
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert sorted(f["properties"]["name"] for f in features) == ["Palmyra", "Temple of Bel"]
    only_bel = runner.invoke(cli, ["export", "--format", "csv", "--site", "bel"], env=env)
    assert only_bel.exit_code == 0
    assert only_bel.stdout.splitlines()[0].startswith("key,id,category")


def test_the_command_line_prints_the_first_problems_and_warnings_and_counts_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("heritage.interchange.importer.MAX_PROBLEMS", 1)
    runner, env, sites = _cli_with_sites_file(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(SITES_CSV + "ruin,Ruin,spaceport,,,\nwall,Wall,moon,,,\n", encoding="utf-8")

    refused = runner.invoke(cli, ["import", str(bad)], env=env)

    assert refused.exit_code == 1
    assert f"{bad}: line 4, field kind" in refused.output
    assert "line 5" not in refused.output
    assert f"{bad}: … and 1 more\n" in refused.output
    assert "2 problem(s); nothing was written." in refused.output
    sources = '{"type": "source", "key": "bbc", "name": "BBC", "kind": "organisation"}\n'
    article = (
        '{"type": "article", "url": "https://bbc.example/%d", "publisher": "bbc",'
        ' "title": "%s", "published": "2015-09-01"}\n'
    )
    stored, retitled = tmp_path / "stored.jsonl", tmp_path / "retitled.jsonl"
    stored.write_text(sources + article % (1, "One") + article % (2, "Two"), encoding="utf-8")
    retitled.write_text(sources + article % (1, "Uno") + article % (2, "Dos"), encoding="utf-8")
    assert runner.invoke(cli, ["import", str(stored)], env=env).exit_code == 0

    warned = runner.invoke(cli, ["import", str(retitled)], env=env)

    assert warned.exit_code == 0, warned.output
    assert f"{retitled}: warning: line 2: Differs from the stored article" in warned.output
    assert "line 3" not in warned.output
    assert f"{retitled}: … and 1 more warning(s)" in warned.output
    assert "0 created, 0 updated, 3 unchanged" in warned.output


def test_an_import_outside_a_terminal_reads_its_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The progress bar's total costs a read of the whole file (seconds for a big one):
    only a terminal shows the bar, so only there is the file counted first."""

    def counted(path: Path) -> int:
        raise AssertionError(f"{path} was counted for a bar nobody sees")

    monkeypatch.setattr("heritage.cli._line_count", counted)
    runner, env, sites = _cli_with_sites_file(tmp_path)
    imported = runner.invoke(cli, ["import", str(sites)], env=env)
    assert imported.exit_code == 0, imported.output
    assert "2 created" in imported.output


def test_an_import_whose_validating_process_fails_says_why_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A helper process's failure is the command's error message (exit 1), not a
    traceback of the command itself."""

    def failing(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the disk went away")

    # Only the forked validator validates: it inherits this, the command's process never calls it.
    monkeypatch.setattr("heritage.interchange.importer.validate_records", failing)
    runner, env, sites = _cli_with_sites_file(tmp_path)

    failed = runner.invoke(cli, ["import", str(sites)], env=env)

    assert failed.exit_code == 1
    assert isinstance(failed.exception, SystemExit)  # click's error, not an escaped one
    assert f"Error: {sites}: Validation failed in its process" in failed.output
    assert "RuntimeError: the disk went away" in failed.output
    exported = runner.invoke(cli, ["export", "--format", "geojson"], env=env)
    assert json.loads(exported.stdout)["features"] == []


@pytest.mark.parametrize("path", ["sites.geojson", "events.csv", "records.jsonl"])
def test_anonymous_exports_run_one_at_a_time_and_signed_in_readers_are_not_held_back(
    app: Flask, anonymous: FlaskClient, viewer: FlaskClient, path: str
) -> None:
    running = app.extensions[ANONYMOUS_EXPORTS]
    assert running.acquire(blocking=False)  # another stranger's export is being written
    try:
        busy = anonymous.get(f"/api/v1/exports/{path}")
        assert busy.status_code == 429
        assert busy.content_type == "application/problem+json"
        assert busy.headers["Retry-After"] == "10"
        assert viewer.get(f"/api/v1/exports/{path}").status_code == 200
    finally:
        running.release()
    assert anonymous.get(f"/api/v1/exports/{path}").status_code == 200
    assert anonymous.get(f"/api/v1/exports/{path}").status_code == 200  # the slot came back
