"""Imports of the same new records at the same time: one creates them, every other gets a
clear 409 naming the keys (or, coming later, finds them stored), and nothing is written
twice or by halves. On SQLite a batch holds the database from its first read, so the
imports take turns batch by batch and each later one finds the records stored."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy.engine import Engine

from api.cli import cli
from heritage.interchange import bulk
from tests.api.conftest import signed_in, snapshot
from tests.heritage.test_importer import BBC_URL, EXAMPLE

IMPORTERS = 8
PARTNER_FILE = EXAMPLE  # every type, each written in bulk
CONTENT = "".join(json.dumps(record) + "\n" for record in PARTNER_FILE)
EVERY_RECORD = dict(Counter(record["type"] for record in PARTNER_FILE))


@pytest.fixture
def all_past_the_key_check(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> None:
    """Hold each import at its first look for taken keys until all have come that far: all
    have then found the keys free, and each goes on to write them. Not on SQLite, where
    one import's batch at a time holds the database: none would get that far."""
    if engine.dialect.name == "sqlite":
        return
    arrived: set[int] = set()
    together = threading.Barrier(IMPORTERS, timeout=60)
    refuse_taken = bulk._refuse_taken

    def in_step(session: Any, run: Any) -> None:
        if threading.get_ident() not in arrived:
            arrived.add(threading.get_ident())
            together.wait()
        refuse_taken(session, run)

    monkeypatch.setattr(bulk, "_refuse_taken", in_step)


def test_one_of_concurrent_imports_creates_the_records_and_the_others_hear_409(
    app: Flask, tokens: dict[str, str], engine: Engine, all_past_the_key_check: None
) -> None:
    before = snapshot(engine)  # the users and their tokens
    answers: list[tuple[int, str, Any]] = []

    def run_import(number: int) -> None:
        client = signed_in(app, tokens["editor" if number % 2 else "editor2"])
        try:
            response = client.post("/api/v1/imports", json={"format": "jsonl", "content": CONTENT})
        except Exception as error:  # noqa: BLE001 - what a server would answer with a 500
            answers.append((500, "raised", repr(error)))
            return
        answers.append((response.status_code, response.mimetype, response.get_json()))

    threads = [threading.Thread(target=run_import, args=(n,)) for n in range(IMPORTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    if engine.dialect.name == "sqlite":  # in turns: the later ones find the records stored
        assert Counter(status for status, _, _ in answers) == {200: IMPORTERS}, answers
        reports = [body for _, _, body in answers]
        assert [r["created"] for r in reports].count(EVERY_RECORD) == 1
        assert [r["unchanged"] for r in reports].count(EVERY_RECORD) == IMPORTERS - 1
    else:
        assert Counter(status for status, _, _ in answers) == {200: 1, 409: IMPORTERS - 1}
        [report] = [body for status, _, body in answers if status == 200]
        assert report["ok"] and report["created"] == EVERY_RECORD
    for status, mimetype, problem in answers:
        if status != 409:
            continue
        assert mimetype == "application/problem+json"
        assert problem["type"] == "urn:heritage:problem:conflict"
        assert "site 'palmyra' (line 1)" in problem["detail"]
        assert "Nothing was written" in problem["detail"]
        assert problem["errors"]["key"] == [
            f"line {line}: {record['type']} '{record['key']}' was stored by another writer"
            " while this import ran."
            for line, record in enumerate(PARTNER_FILE, start=1)
            if "key" in record
        ]
        assert set(problem["errors"]) == {"key", "url"}
        assert problem["errors"]["url"] == [
            f"line 5: article '{BBC_URL}' was stored by another writer while this import ran."
        ]

    # Each record once, with one revision: the losers left nothing behind.
    stored = snapshot(engine)
    assert len(stored["sites"]) == 2 and len(stored["site_identifiers"]) == 1
    assert len(stored["claims"]) == 1
    assert len(stored["revisions"]) - len(before["revisions"]) == len(PARTNER_FILE)
    client = signed_in(app, tokens["editor"])
    again = client.post("/api/v1/imports", json={"format": "jsonl", "content": CONTENT})
    assert again.status_code == 200
    assert again.get_json()["unchanged"] == EVERY_RECORD
    assert snapshot(engine) == stored


def test_concurrent_command_line_imports_end_cleanly(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    """Processes importing one file at once: one creates its records; each other one
    finds them stored or names the keys it lost, never with a traceback."""
    partner = tmp_path / "sites.jsonl"
    partner.write_text(
        "".join(
            json.dumps({"type": "site", "key": f"site-{n}", "name": f"Site {n}", "kind": "temple"})
            + "\n"
            for n in range(3000)
        ),
        encoding="utf-8",
    )
    command = [
        sys.executable,
        "-c",
        "from api.cli import main; main()",
        *("import", "--batch-size", "500", str(partner)),
    ]
    environment = {**os.environ, "HERITAGE_DATABASE_URL": database_url}
    processes = [
        subprocess.Popen(  # noqa: S603 - our own command
            command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(3)
    ]
    outcomes = [(process.communicate(timeout=300)[0], process.returncode) for process in processes]

    for output, code in outcomes:
        assert "Traceback" not in output, output
        if code == 1:
            assert "Another import stored records this one was creating" in output, output
        else:
            assert code == 0, output
    # One went through to the end (a loser lost a batch to another which was ahead of it),
    # and each site was created once.
    assert any(code == 0 for _, code in outcomes)
    stored = snapshot(engine)
    assert len(stored["sites"]) == len(stored["revisions"]) == 3000


def test_an_import_kept_waiting_by_another_writer_says_so(tmp_path: Path) -> None:
    """SQLite: another writer holds the lock past the busy timeout (a long import): the
    command says why it stopped, exit 1, and wrote nothing."""
    database = tmp_path / "busy.db"
    env = {"HERITAGE_DATABASE_URL": f"sqlite:///{database}"}
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    partner = tmp_path / "partner.jsonl"
    partner.write_text(CONTENT, encoding="utf-8")
    other_writer = sqlite3.connect(database, isolation_level=None)
    try:
        other_writer.execute("BEGIN IMMEDIATE")
        waited = runner.invoke(cli, ["import", str(partner)], env=env)
    finally:
        other_writer.execute("ROLLBACK")
        other_writer.close()

    assert waited.exit_code == 1
    assert isinstance(waited.exception, SystemExit)  # click's error, not an escaped one
    assert "another writer (another import?) kept the database locked" in waited.output
    exported = runner.invoke(cli, ["export", "--format", "jsonl"], env=env)
    assert exported.stdout == ""
