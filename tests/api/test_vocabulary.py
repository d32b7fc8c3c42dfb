"""The vocabulary real data needs: site kinds an admin extends, damage without a severity,
context events and assessments on the ground, through the API, the import and the export."""

from __future__ import annotations

import io
import json
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import SYSTEM
from heritage.interchange.filters import ExportFilter
from heritage.interchange.tabular import export_events_csv
from tests.api.conftest import snapshot
from tests.api.helpers import created, patch, published
from tests.heritage.interchange_helpers import export_text, import_text, jsonl

World = dict[str, Any]


def problem_fields(response: Any) -> dict[str, Any]:
    assert response.status_code == 422, response.get_json()
    assert response.content_type == "application/problem+json"
    errors: dict[str, Any] = response.get_json()["errors"]
    return errors


# --- site kinds ------------------------------------------------------------------------


def test_the_kinds_real_inventories_use_are_there_with_arabic_labels(
    anonymous: FlaskClient,
) -> None:
    kinds = {kind["code"]: kind for kind in anonymous.get("/api/v1/site-kinds").get_json()}
    for code in (
        "minaret",
        "gate",
        "statue",
        "tetrapylon",
        "castle",
        "shrine",
        "mausoleum",
        "palace",
        "bridge",
        "cemetery",
        "souk",
        "caravanserai",
        "hammam",
        "house",
        "fortification_wall",
    ):
        assert code in kinds, code
    assert kinds["minaret"] == {
        "code": "minaret",
        "label_en": "Minaret",
        "label_ar": "مئذنة",
        "broader": "religious",
    }


def test_a_site_may_be_a_minaret(client: FlaskClient) -> None:
    site = created(client, "sites", {"name": "Minaret of the Umayyad Mosque", "kind": "minaret"})
    assert site["kind"] == "minaret"


def test_an_unknown_kind_is_refused_naming_the_field_and_storing_nothing(
    client: FlaskClient, engine: Engine
) -> None:
    before = snapshot(engine)
    errors = problem_fields(client.post("/api/v1/sites", json={"name": "X", "kind": "ziggurat"}))
    assert list(errors) == ["kind"]
    assert snapshot(engine) == before
    assert list(problem_fields(client.get("/api/v1/sites?kind=ziggurat"))) == ["kind"]


def test_an_admin_adds_a_kind_and_sites_the_import_and_the_openapi_document_take_it(
    admin: FlaskClient, client: FlaskClient, session_factory: sessionmaker[Session]
) -> None:
    def enum_of_site_kind() -> list[str]:
        spec = client.get("/api/openapi.json").get_json()
        kind: list[str] = spec["components"]["schemas"]["Site"]["properties"]["kind"]["enum"]
        return kind

    assert "ziggurat" not in enum_of_site_kind()
    assert "minaret" in enum_of_site_kind()
    body = {"code": "ziggurat", "label_en": "Ziggurat", "label_ar": "زقورة", "broader": "religious"}
    assert admin.post("/api/v1/site-kinds", json=body).status_code == 201
    assert "ziggurat" in enum_of_site_kind()
    assert created(client, "sites", {"name": "Ziggurat of Ur", "kind": "ziggurat"})["kind"] == (
        "ziggurat"
    )
    report = import_text(
        session_factory,
        jsonl({"type": "site", "key": "nimrud-ziggurat", "name": "Nimrud", "kind": "ziggurat"}),
    )
    assert (report.problems, report.created) == ([], {"site": 1})


def test_adding_a_kind_is_for_admins_and_checks_what_it_is_given(
    admin: FlaskClient, client: FlaskClient, anonymous: FlaskClient
) -> None:
    body = {"code": "ziggurat", "label_en": "Ziggurat", "label_ar": "زقورة"}
    assert client.post("/api/v1/site-kinds", json=body).status_code == 403
    assert anonymous.post("/api/v1/site-kinds", json=body).status_code == 401
    bad = {"code": "Zig Gurat", "label_en": "", "label_ar": "زقورة"}
    assert set(problem_fields(admin.post("/api/v1/site-kinds", json=bad))) == {"code", "label_en"}
    orphan = {**body, "broader": "nowhere"}
    assert list(problem_fields(admin.post("/api/v1/site-kinds", json=orphan))) == ["broader"]
    taken = {"code": "minaret", "label_en": "Minaret", "label_ar": "مئذنة"}
    response = admin.post("/api/v1/site-kinds", json=taken)
    assert response.status_code == 409, response.get_json()


def test_the_import_refuses_an_unknown_kind_naming_the_line_and_field(
    session_factory: sessionmaker[Session],
) -> None:
    report = import_text(
        session_factory,
        jsonl(
            {"type": "site", "key": "aleppo-minaret", "name": "Minaret", "kind": "minaret"},
            {"type": "site", "key": "ur", "name": "Ur", "kind": "ziggurat"},
        ),
    )
    assert [(p.line, p.field) for p in report.problems] == [(2, "kind")]


# --- damaged, assessed, other ----------------------------------------------------------


def event(world: World, **fields: Any) -> dict[str, Any]:
    return {"date": "2016-04-01", "site_ids": [world["temple"]["id"]], **fields}


def test_a_damaged_event_needs_no_severity(client: FlaskClient, world: World) -> None:
    record = created(client, "events", event(world, type="damaged"))
    assert (record["category"], record["type"], record["condition_found"]) == (
        "damage",
        "damaged",
        None,
    )


def test_an_assessment_states_the_condition_found_and_only_an_assessment_does(
    client: FlaskClient, world: World, engine: Engine
) -> None:
    before = snapshot(engine)
    assert list(
        problem_fields(client.post("/api/v1/events", json=event(world, type="assessed")))
    ) == ["condition_found"]
    wrong = event(world, type="destroyed", condition_found="intact")
    assert list(problem_fields(client.post("/api/v1/events", json=wrong))) == ["condition_found"]
    unknown = event(world, type="assessed", condition_found="fine")
    assert list(problem_fields(client.post("/api/v1/events", json=unknown))) == ["condition_found"]
    assert snapshot(engine) == before
    record = created(client, "events", event(world, type="assessed", condition_found="intact"))
    assert (record["category"], record["condition_found"]) == ("assessment", "intact")
    path = f"/api/v1/events/{record['id']}"
    # Another type drops the finding; an assessment cannot lose it.
    assert list(problem_fields(patch(client, path, {"condition_found": None}))) == [
        "condition_found"
    ]
    changed = patch(client, path, {"type": "severely_damaged"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["condition_found"] is None


def test_a_context_event_must_say_what_happened(client: FlaskClient, world: World) -> None:
    assert list(problem_fields(client.post("/api/v1/events", json=event(world, type="other")))) == [
        "description"
    ]
    blank = event(world, type="other", description="   ")
    assert list(problem_fields(client.post("/api/v1/events", json=blank))) == ["description"]
    record = created(
        client,
        "events",
        event(world, type="other", description="A sermon declared a caliphate from its pulpit."),
    )
    assert record["category"] == "context"
    path = f"/api/v1/events/{record['id']}"
    assert list(problem_fields(patch(client, path, {"description": ""}))) == ["description"]


def test_an_assessment_lowers_the_condition_in_the_history_and_the_state_names_its_grade(
    client: FlaskClient, reviewer: FlaskClient, world: World
) -> None:
    assessment = published(
        client,
        reviewer,
        "events",
        event(world, type="assessed", condition_found="moderately_damaged"),
    )
    published(
        client,
        reviewer,
        "claims",
        {"article_id": world["article"]["id"], "event_id": assessment["id"], "stance": "affirms"},
    )
    history = client.get(world["path"] + "?at=2016-05-01").get_json()
    assert [(c["state"], c["from"]["edtf"]) for c in history["condition"]] == [
        ("destroyed", "2015-08-30"),
        ("moderately_damaged", "2016-04-01"),
    ]
    found = [e for e in history["events"] if e["type"] == "assessed"]
    assert found[0]["condition_found"] == "moderately_damaged"
    assert history["state_at"] == {
        "date": "2016-05-01",
        "controlled_by": None,
        "control_grade": None,
        "condition": "moderately_damaged",
        "condition_grade": "weak",
    }


def test_the_new_fields_round_trip_through_json_lines_and_csv(
    session_factory: sessionmaker[Session],
) -> None:
    records = [
        {"type": "site", "key": "mosque", "name": "Great Mosque", "kind": "mosque"},
        {
            "type": "site",
            "key": "minaret",
            "name": "Its minaret",
            "kind": "minaret",
            "parent": "mosque",
        },
        {
            "type": "event",
            "key": "minaret-damaged",
            "event_type": "damaged",
            "date": "2012-10",
            "sites": ["minaret"],
        },
        {
            "type": "event",
            "key": "minaret-assessed",
            "event_type": "assessed",
            "date": "2014",
            "sites": ["minaret"],
            "condition_found": "destroyed",
        },
        {
            "type": "event",
            "key": "sermon",
            "event_type": "other",
            "date": "2014-07-04",
            "sites": ["mosque"],
            "description": "A sermon declared a caliphate.",
        },
    ]
    assert import_text(session_factory, jsonl(*records)).problems == []
    exported = export_text(session_factory)
    lines = [json.loads(line) for line in exported.splitlines()]
    assessed = next(line for line in lines if line.get("key") == "minaret-assessed")
    assert (assessed["category"], assessed["condition_found"]) == ("assessment", "destroyed")
    second = import_text(session_factory, exported)
    assert second.problems == []
    assert sum(second.created.values()) + sum(second.updated.values()) == 0
    out = io.StringIO()
    with session_factory() as session:
        export_events_csv(session, SYSTEM, out, ExportFilter())
    rows = out.getvalue().splitlines()
    assert rows[0].endswith(",description,condition_found")
    assert any(row.startswith("minaret-assessed,") and row.endswith(",destroyed") for row in rows)


def test_the_import_checks_the_rules_of_the_new_types(
    session_factory: sessionmaker[Session],
) -> None:
    report = import_text(
        session_factory,
        jsonl(
            {"type": "site", "key": "mosque", "name": "Great Mosque", "kind": "mosque"},
            {
                "type": "event",
                "key": "a",
                "event_type": "assessed",
                "date": "2014",
                "sites": ["mosque"],
            },
            {
                "type": "event",
                "key": "b",
                "event_type": "looted",
                "date": "2014",
                "sites": ["mosque"],
                "condition_found": "intact",
            },
            {
                "type": "event",
                "key": "c",
                "event_type": "other",
                "date": "2014",
                "sites": ["mosque"],
            },
        ),
    )
    assert [(p.line, p.field) for p in report.problems] == [
        (2, "condition_found"),
        (3, "condition_found"),
        (4, "description"),
    ]


def test_the_openapi_document_lists_the_new_types_and_conditions(app: Flask) -> None:
    spec = app.test_client().get("/api/openapi.json").get_json()
    event_schema = spec["components"]["schemas"]["Event"]["properties"]
    for event_type in ("damaged", "assessed", "other"):
        assert event_type in event_schema["type"]["enum"]
    assert event_schema["condition_found"]["enum"] == [
        "intact",
        "possibly_damaged",
        "damaged",
        "moderately_damaged",
        "severely_damaged",
        "destroyed",
    ]
