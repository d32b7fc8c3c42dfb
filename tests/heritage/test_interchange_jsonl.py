"""JSON Lines: reading files line by line, and exports that round-trip, hide what the
reader may not see and follow the export filter."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.demo import load_demo
from heritage.interchange import jsonl as jsonl_module
from heritage.interchange.filters import ExportFilter
from heritage.interchange.importer import ImportProblem
from heritage.interchange.jsonl import export_jsonl, read_jsonl
from heritage.models import Event
from heritage.services import actors, events, sites
from tests.heritage import builders as b
from tests.heritage.interchange_helpers import empty_database, export_text, import_text


def records_of(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def keys_of(text: str, record_type: str) -> list[str]:
    return [r["key"] for r in records_of(text) if r["type"] == record_type]


def test_reading_numbers_lines_skips_blank_ones_and_reports_malformed_ones() -> None:
    stream = io.StringIO('{"type": "actor"}\n\n   \n{"type": \n[1, 2]\n{"type": "site"}\n')

    read = list(read_jsonl(stream))

    assert [line for line, _ in read] == [1, 4, 5, 6]
    assert read[0][1] == {"type": "actor"} and read[3][1] == {"type": "site"}
    assert isinstance(read[1][1], ImportProblem) and "Not valid JSON" in read[1][1].reason
    assert isinstance(read[2][1], ImportProblem) and "one JSON object" in read[2][1].reason


@pytest.mark.parametrize(
    "line",
    [
        '{"figures": {"killed": 123456789012345678901234567890}}',  # past 64 bits
        '{"figures": {"killed": 18446744073709551615}}',
        '{"names": [{"n": 1}, {"n": -123456789012345678901}]}',  # deep in a list
        '{"figures": {"killed": NaN}, "x": -Infinity}',
        '{"summary": "lone \\ud800 surrogate"}',  # the checks name the field
        '{"key": "a", "key": "b", "n": 1.5e300, "m": -0, "z": 0.1}',
        '{"summary": "\u00e9 caf\u00e9 ‎\\u202e"}',
        '{"a": 1,}',
        "0",
        "123456789012345678901234567890",
        '["a", 1.5]',
        '{"a": 01}',
        "{'a': 1}",
    ],
)
def test_a_line_reads_as_the_json_module_reads_it(line: str) -> None:
    """Lines are parsed by orjson where it reads them as json does, by json otherwise: the
    value, or the problem's message, is json's either way."""
    ((_, read),) = list(read_jsonl(io.StringIO(line + "\n")))
    try:
        expected: Any = json.loads(line)
    except json.JSONDecodeError as error:
        assert isinstance(read, ImportProblem)
        assert read.reason == f"Not valid JSON: {error.msg} (column {error.colno})."
        return
    # What the line holds (a line that is no object is reported as such after parsing).
    assert repr(jsonl_module._parse(line)) == repr(expected)  # repr: NaN is not NaN
    if isinstance(expected, dict):
        assert repr(read) == repr(expected)
        assert [type(v) for v in read.values()] == [type(v) for v in expected.values()]
    else:
        assert isinstance(read, ImportProblem) and "one JSON object" in read.reason


def test_the_demo_round_trips_into_an_empty_database_byte_for_byte(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with session_factory() as session:
        load_demo(session)
        session.commit()
    first = export_text(session_factory)
    second_database = empty_database(tmp_path)

    report = import_text(second_database, first)

    assert report.ok, report.problems[:5]
    assert sum(report.created.values()) == len(first.splitlines())
    assert export_text(second_database) == first


def test_an_export_imported_back_into_its_own_database_changes_nothing(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        load_demo(session)  # its claims have no keys: the export names them claim-<id>
        session.commit()

    report = import_text(session_factory, export_text(session_factory))

    assert report.ok and report.created == {} and report.updated == {}


def test_the_export_puts_parents_before_children(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        temple = b.site(session, "Temple of Bel", "temple", key="bel")
        city = b.site(session, "Palmyra", key="palmyra")  # made after the temple …
        sites.update_site(session, SYSTEM, temple.id, {"parent_id": city.id})  # … yet above it
        army = b.actor(session, "Syrian Arab Army", key="saa")
        government = b.actor(session, "Government forces", key="government")
        actors.update_actor(session, SYSTEM, army.id, {"part_of_id": government.id})
        session.commit()

    text = export_text(session_factory)

    assert keys_of(text, "site") == ["palmyra", "bel"]
    assert keys_of(text, "actor") == ["government", "saa"]
    assert [r["type"] for r in records_of(text)] == ["site", "site", "actor", "actor"]


def test_the_public_export_hides_drafts_tombstones_and_exact_restricted_points(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        city = b.site(session, "Palmyra", key="palmyra")
        b.site(
            session,
            "Hidden storeroom",
            "museum",
            key="storeroom",
            parent=city,
            restricted=True,
            location={"latitude": 34.5472, "longitude": 38.2741, "certainty": "exact"},
        )
        gone = b.site(session, "Duplicate", key="duplicate")
        sites.delete_site(session, SYSTEM, gone.id)
        bbc = b.source(session, "BBC", key="bbc")
        b.event(session, city, "looted", "2015-06", key="public-event")
        draft = b.event(session, city, "looted", "2015-07", key="draft-event", status="draft")
        b.claim(session, b.article(session, bbc), draft, key="claim-of-draft")
        session.commit()

    public = records_of(export_text(session_factory, ANONYMOUS))
    full = records_of(export_text(session_factory, SYSTEM, include_drafts=True))

    storeroom = next(r for r in public if r.get("key") == "storeroom")
    assert storeroom["location"] == {
        "latitude": 34.5,
        "longitude": 38.3,
        "certainty": "approximate",
    }
    assert [r["key"] for r in public if r["type"] == "event"] == ["public-event"]
    assert not [r for r in public if r["type"] == "claim"]  # its event is a draft
    assert "duplicate" not in {r.get("key") for r in public + full}
    exact = next(r for r in full if r.get("key") == "storeroom")
    assert exact["location"] == {"latitude": 34.5472, "longitude": 38.2741, "certainty": "exact"}
    assert {r["key"] for r in full if r["type"] == "event"} == {"public-event", "draft-event"}


def _filtered(session_factory: sessionmaker[Session], **selection: Any) -> str:
    out = io.StringIO()
    with session_factory() as session:
        export_jsonl(session, SYSTEM, out, ExportFilter(**selection))
    return out.getvalue()


def test_the_export_filter_keeps_a_site_with_its_descendants_and_their_events(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        city = b.site(session, "Palmyra", key="palmyra")
        temple = b.site(session, "Temple of Bel", "temple", key="bel", parent=city)
        cella = b.site(session, "Cella", "temple", key="cella", parent=temple)
        town = b.site(session, "Tadmur", "town", key="tadmur")
        bbc = b.source(session, "BBC", key="bbc")
        at_cella = b.event(session, cella, key="cella-destroyed")
        b.event(session, town, "captured", key="town-captured")
        b.claim(session, b.article(session, bbc, url="https://bbc.example/cella"), at_cella)
        b.claim(session, b.article(session, bbc, url="https://bbc.example/cella-again"), at_cella)
        session.commit()
        temple_id = temple.id

    text = _filtered(session_factory, site_id=temple_id)

    assert keys_of(text, "site") == ["bel", "cella"]
    assert keys_of(text, "event") == ["cella-destroyed"]
    assert len([r for r in records_of(text) if r["type"] == "claim"]) == 2
    assert keys_of(text, "source") == ["bbc"]  # reference tables go out whole


def test_the_export_filter_keeps_events_whose_dates_overlap_the_range(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        city = b.site(session, "Palmyra", key="palmyra")
        b.event(session, city, "looted", "2015-05", key="may")
        b.event(session, city, "looted", "2015-07-30/2015-08-02", key="across-august")
        b.event(session, city, "looted", "2015-09-15", key="september")
        session.commit()

    text = _filtered(session_factory, date_from=dt.date(2015, 8, 1), date_to=dt.date(2015, 8, 31))

    assert keys_of(text, "event") == ["across-august"]
    assert keys_of(text, "site") == ["palmyra"]


def test_the_export_filter_keeps_records_changed_since_a_moment(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        city = b.site(session, "Palmyra", key="palmyra")
        old = b.event(session, city, "looted", "2015-05", key="old")
        b.event(session, city, "looted", "2015-06", key="untouched")
        session.commit()
        old_id = old.id
    moment = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    with session_factory() as session:
        # Stamp the change after `moment` whatever the clock's resolution.
        events.update_event(session, SYSTEM, old_id, {"description": "Looted again."})
        event = session.get(Event, old_id)
        assert event is not None
        event.updated_at = moment + dt.timedelta(seconds=1)
        session.commit()

    text = _filtered(session_factory, changed_since=moment)

    assert keys_of(text, "event") == ["old"]
    assert keys_of(text, "site") == []


def test_an_export_in_small_batches_is_the_same_export(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_factory() as session:
        load_demo(session)
        session.commit()
    whole = export_text(session_factory)

    monkeypatch.setattr(jsonl_module, "EXPORT_BATCH", 2)  # many partitions per type

    assert export_text(session_factory) == whole
