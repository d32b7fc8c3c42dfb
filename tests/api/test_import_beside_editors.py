"""Editors are not held up by an import's validation (issue 16, item 6): while a partner's
file is being checked, an editor's save goes through and is seen at once; the import then
writes every record, and the change feed holds both in commit order."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import SYSTEM
from heritage.interchange.dialects import import_dialect
from heritage.interchange.importer import import_records
from heritage.models import Revision
from tests.api.conftest import signed_in
from tests.heritage.interchange_helpers import PausedValidation, jsonl

SITES = 30
BATCH = 5


def _partner_file() -> str:
    return jsonl(
        *(
            {"type": "site", "key": f"site-{n}", "name": f"Site {n}", "kind": "temple"}
            for n in range(SITES)
        )
    )


@pytest.mark.parametrize("forked", [True, False], ids=["command line", "in process"])
def test_an_editor_saves_while_an_import_validates(
    app: Flask, tokens: dict[str, str], session_factory: sessionmaker[Session], forked: bool
) -> None:
    with session_factory() as session:
        # PostgreSQL: the command line's import writes batches while it validates, held in
        # an open transaction; SQLite: nothing is written before the verdict.
        holds_batches = forked and import_dialect(session).writes_beside_validation
    # Validation stops at line 21 (four batches checked) until the editor has saved.
    file = PausedValidation(_partner_file(), at=4 * BATCH + 1, forked=forked)
    written: list[int] = []
    batch_written = threading.Event()
    seen: dict[str, Any] = {}
    failures: list[BaseException] = []

    def progress(done: int) -> None:
        written.append(done)
        batch_written.set()

    def editor() -> None:
        try:
            assert file.paused.wait(60), "validation never reached line 21"
            if holds_batches:
                assert batch_written.wait(60), "the import wrote no batch beside validation"
            seen["written before"] = list(written)
            saved = signed_in(app, tokens["editor"]).post(
                "/api/v1/actors", json={"name": "Syrian Arab Army"}
            )
            seen["saved"] = saved.status_code
            actor = saved.get_json()["id"]
            seen["read"] = signed_in(app, tokens["viewer"]).get(f"/api/v1/actors/{actor}")
        except BaseException as error:  # noqa: BLE001 - raised again by the test below
            failures.append(error)
        finally:
            file.resume()

    thread = threading.Thread(target=editor)
    thread.start()
    report = import_records(
        session_factory, SYSTEM, file, batch_size=BATCH, progress=progress, parallel=forked
    )
    thread.join()

    assert not failures, failures
    assert file.in_time  # validation went on once the editor's save was done, not before
    assert seen["saved"] == 201
    assert seen["read"].status_code == 200
    assert seen["read"].get_json()["name"] == "Syrian Arab Army"
    # The command line's import on PostgreSQL had written batches, holding them, and
    # still the save went through; elsewhere nothing was written yet.
    assert bool(seen["written before"]) == holds_batches
    assert report.ok and report.created == {"site": SITES} and report.written == SITES

    with session_factory() as session:
        feed = session.execute(
            select(Revision.resource, Revision.commit_seq, Revision.id)
            .where(Revision.resource.in_(["actor", "site"]))
            .order_by(Revision.commit_seq, Revision.id)
        ).all()
    # In commit order: the editor's save, then the import's, never in between.
    assert [resource for resource, _, _ in feed] == ["actor"] + ["site"] * SITES
    imported = sorted((row_id, seq) for resource, seq, row_id in feed if resource == "site")
    seqs = [seq for _, seq in imported]
    assert seqs == sorted(seqs)  # the file's records in the order their batches committed
    assert feed[0][1] < seqs[0]
