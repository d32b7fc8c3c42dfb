"""The import's bulk path (heritage/interchange/bulk.py) writes exactly what the services
would: the same rows, revisions and grades, whatever the batch boundaries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import SYSTEM, Principal
from heritage.db import Base
from heritage.demo.loader import load_demo
from heritage.interchange import importer
from heritage.interchange.checks import FIELDS, check_record, references
from heritage.models import Event, Site
from heritage.services import sites
from heritage.vocab import SEED_SITE_KINDS
from tests.conftest import data_tables
from tests.heritage import builders as b
from tests.heritage.interchange_helpers import (
    PALMYRA,
    empty_database,
    export_text,
    import_text,
    jsonl,
    revision_count,
)

SEEDED_KINDS = frozenset(kind.code for kind in SEED_SITE_KINDS)
# Set by the database when the row is written: the two imports run at different moments.
# (And the change feed's epoch, drawn at random for each database.)
MOMENTS = {"created_at", "updated_at", "at", "public_at", "epoch"}


def _database(tmp_path: Path, name: str) -> sessionmaker[Session]:
    (tmp_path / name).mkdir()
    return empty_database(tmp_path / name)


def _every_row_but_moments(factory: sessionmaker[Session]) -> dict[str, list[tuple[Any, ...]]]:
    with factory() as session:
        return {
            table.name: sorted(
                tuple(
                    str(value)
                    for column, value in zip(table.columns, row, strict=True)
                    if column.name not in MOMENTS
                )
                for row in session.execute(table.select())
            )
            for table in Base.metadata.sorted_tables
        }


# An event no claim names: graded from no claims at all, as nothing regrades it later.
UNCLAIMED = {
    "type": "event",
    "key": "looting-reported-nowhere",
    "event_type": "looted",
    "date": "2016-03",
    "sites": ["palmyra"],
    "actors": [{"actor": "isil", "role": "perpetrator"}],
}
# An article with its text and a claim quoting it go through their services, between
# the bulk path's runs.
ARCHIVED = {
    "type": "article",
    "url": "https://example.org/evacuation",
    "publisher": "sohr",
    "title": "Museum staff moved the collections out",
    "published": "2015-05-20",
    "text": "Staff of the museum moved most of the collections to Damascus before May 20.",
    "captured_at": "2015-05-21T08:00:00+00:00",
}
QUOTING = {
    "type": "claim",
    "key": "evacuation-quoted",
    "article": "https://example.org/evacuation",
    "event": "museum-collections-evacuated-2015",
    "stance": "affirms",
    "quote": "moved most of the collections to Damascus",
}


@pytest.fixture
def demo_file(tmp_path: Path) -> str:
    """The demo data exported, and records the demo does not have (see above)."""
    factory = empty_database(tmp_path)
    with factory() as session:
        load_demo(session)
        session.commit()
    demo = export_text(factory).splitlines(keepends=True)
    claims_from = next(n for n, line in enumerate(demo) if '"type": "claim"' in line)
    return (
        "".join(demo[:claims_from])
        + jsonl(ARCHIVED, UNCLAIMED, QUOTING)
        + "".join(demo[claims_from:])
    )


def _importer(factory: sessionmaker[Session], who: str) -> Principal:
    """SYSTEM, or an editor (the same user id in every test database)."""
    if who == "system":
        return SYSTEM
    with factory() as session:
        editor = b.user(session, "editor", "amira")
        session.commit()
    return editor


@pytest.mark.parametrize(
    ("who", "batch_size"),
    [("system", 1000), ("system", 7), ("system", 1), ("editor", 1000), ("editor", 7)],
)
def test_bulk_created_records_are_the_ones_the_services_create(
    demo_file: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, who: str, batch_size: int
) -> None:
    bulk = _database(tmp_path, "bulk")
    report = import_text(bulk, demo_file, _importer(bulk, who), batch_size=batch_size)
    assert report.ok, report.problems
    monkeypatch.setattr(importer, "needs_service", lambda record_type, data: True)
    one_by_one = _database(tmp_path, "services")
    principal = _importer(one_by_one, who)
    assert import_text(one_by_one, demo_file, principal, batch_size=batch_size).ok

    assert sum(report.created.values()) == 104
    assert _every_row_but_moments(bulk) == _every_row_but_moments(one_by_one)


def _restart(engine: Engine) -> None:
    """Empty every table and restart its ids, so that two imports in turn get the same."""
    tables = data_tables()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            quote = connection.dialect.identifier_preparer
            names = ", ".join(quote.format_table(table) for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY"))
        else:  # SQLite numbers rows from the largest id there is
            for table in reversed(tables):
                connection.execute(table.delete())


@pytest.mark.parametrize("who", ["system", "editor"])
def test_bulk_created_records_are_the_services_ones_on_the_test_engine(
    demo_file: str,
    engine: Engine,
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    who: str,
) -> None:
    """The same comparison on the engine under test: PostgreSQL takes the rows by COPY."""
    _restart(engine)
    report = import_text(session_factory, demo_file, _importer(session_factory, who), batch_size=7)
    assert report.ok, report.problems
    bulk = _every_row_but_moments(session_factory)
    _restart(engine)
    monkeypatch.setattr(importer, "needs_service", lambda record_type, data: True)
    principal = _importer(session_factory, who)

    assert import_text(session_factory, demo_file, principal, batch_size=7).ok

    assert _every_row_but_moments(session_factory) == bulk


def test_the_writing_pass_reads_the_references_the_checks_collect(demo_file: str) -> None:
    records = [json.loads(line) for line in demo_file.splitlines()]
    assert {record["type"] for record in records} == set(FIELDS)
    assert any(record.get("actors") for record in records)

    for record in records:
        assert references(record) == check_record(record, SEEDED_KINDS)[1].references, record


def test_the_bulk_path_regrades_the_events_its_claims_confirm(tmp_path: Path) -> None:
    factory = _database(tmp_path, "bulk")
    source = {"type": "source", "key": "unosat", "name": "UNOSAT", "kind": "organisation"}
    second = {"type": "source", "key": "asor", "name": "ASOR", "kind": "organisation"}
    site = {"type": "site", "key": "bel", "name": "Temple of Bel", "kind": "temple"}
    event = {
        "type": "event",
        "key": "bel-destroyed",
        "event_type": "destroyed",
        "date": "2015-08-30",
        "sites": ["bel"],
    }
    articles = [
        {
            "type": "article",
            "url": f"https://example.org/{n}",
            "publisher": publisher,
            "title": "Imagery shows the temple destroyed",
            "published": "2015-09-01",
        }
        for n, publisher in ((1, "unosat"), (2, "asor"))
    ]
    claims = [
        {
            "type": "claim",
            "key": f"c{n}",
            "article": f"https://example.org/{n}",
            "event": "bel-destroyed",
            "stance": "affirms",
            "basis": "imagery",
        }
        for n in (1, 2)
    ]

    assert import_text(factory, jsonl(source, second, site, event, *articles, *claims)).ok

    with factory() as session:
        assert session.scalar(select(Event.grade)) == "confirmed"


def test_an_identifier_held_by_a_stored_site_stops_the_import_at_its_line(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        b.site(session, "Palmyra", key="tadmur", identifiers=[{"scheme": "unesco", "value": "23"}])
        session.commit()
    actor = {"type": "actor", "key": "isil", "name": "ISIL"}

    report = import_text(session_factory, jsonl(actor, PALMYRA))

    assert [(p.line, p.field) for p in report.problems] == [(2, "identifiers")]
    assert "already identifies site" in report.problems[0].reason
    with session_factory() as session:  # the batch is rolled back whole
        assert session.scalars(select(Site.key)).all() == ["tadmur"]


def _delete_a_site_holding_palmyras_identifier(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session:
        gone = b.site(
            session, "Palmyra", key="old", identifiers=[{"scheme": "unesco", "value": "23"}]
        )
        sites.delete_site(session, SYSTEM, gone.id)
        session.commit()


def test_a_deleted_site_s_identifier_still_counts_as_held(
    session_factory: sessionmaker[Session],
) -> None:
    _delete_a_site_holding_palmyras_identifier(session_factory)

    report = import_text(session_factory, jsonl(PALMYRA))

    assert [(p.line, p.field) for p in report.problems] == [(1, "identifiers")]


def test_a_refused_run_takes_back_the_runs_its_batch_wrote_before_it(
    session_factory: sessionmaker[Session],
) -> None:
    _delete_a_site_holding_palmyras_identifier(session_factory)
    revisions = revision_count(session_factory)
    city = {"type": "site", "key": "tadmur", "name": "Tadmur", "kind": "city"}
    temple = {"type": "site", "key": "bel", "name": "Bel", "kind": "temple", "parent": "tadmur"}

    # The temple names the city, so the city's run is written before the temple's, which
    # Palmyra's identifier (held by the deleted site) stops.
    report = import_text(session_factory, jsonl(city, temple, PALMYRA))

    assert [(p.line, p.field) for p in report.problems] == [(3, "identifiers")]
    with session_factory() as session:
        assert session.scalars(select(Site.key)).all() == ["old"]
    assert revision_count(session_factory) == revisions


def test_a_large_import_leaves_postgresql_with_statistics_and_sqlite_without(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "ANALYZE_FROM", 3)  # "large": a few records suffice here
    actors = [{"type": "actor", "key": f"a{n}", "name": f"Actor {n}"} for n in range(8)]

    assert import_text(session_factory, jsonl(*actors), batch_size=2).ok

    with session_factory() as session:
        if session.get_bind().dialect.name == "postgresql":
            # Planned as 8 rows, not as an empty table scanned for every key lookup.
            estimate = session.scalar(
                text("SELECT reltuples FROM pg_class WHERE relname = 'actors'")
            )
            assert estimate == 8
        else:  # SQLite plans without statistics; an import must not start keeping them
            assert (
                session.scalar(
                    text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
                )
                == 0
            )
