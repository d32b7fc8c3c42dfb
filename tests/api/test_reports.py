"""Periodic reports through the API: defining them (bad input named, nothing stored), who
reads what, and issues served byte for byte with their SHA-256."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from tests.api.conftest import World, snapshot
from tests.api.helpers import created, published

QUARTERLY = {
    "title": "Palmyra quarterly",
    "cadence": "quarterly",
    "audience": "public",
    "language": "en",
    "first_period_start": "2015-07-01",
}


def define(client: FlaskClient, **changes: Any) -> dict[str, Any]:
    return created(client, "reports", {**QUARTERLY, **changes})


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cadence": "fortnightly"}, "cadence"),
        ({"audience": "donors"}, "audience"),
        ({"language": "fr"}, "language"),
        ({"title": "  "}, "title"),
        ({"scope_site_id": 999_999}, "scope_site_id"),
        ({"cadence": "fixed", "first_period_start": None}, "period_start"),
        (
            {
                "cadence": "fixed",
                "first_period_start": None,
                "period_start": "2015-09-30",
                "period_end": "2015-07-01",
            },
            "period_end",
        ),
        ({"period_start": "2015-07-01", "period_end": "2015-09-30"}, "period_start"),
        ({"first_period_start": "2015-13-01"}, "first_period_start"),
    ],
)
def test_a_bad_definition_is_refused_naming_the_field_and_stores_nothing(
    reviewer: FlaskClient, engine: Engine, body: dict[str, Any], field: str
) -> None:
    before = snapshot(engine)
    response = reviewer.post("/api/v1/reports", json={**QUARTERLY, **body})
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]
    assert snapshot(engine) == before


def test_a_reviewer_defines_a_report_and_anyone_reads_a_public_one(
    reviewer: FlaskClient, anonymous: FlaskClient, world: World
) -> None:
    report = define(reviewer, scope_site_id=world["city"]["id"], first_period_start="2015-08-14")
    # The first period is the quarter holding the day given.
    assert report["first_period_start"] == "2015-07-01"
    assert report["scope_site_id"] == world["city"]["id"]
    assert report["created_by"] == "reviewer"
    read = anonymous.get(f"/api/v1/reports/{report['id']}").get_json()
    assert read["title"] == "Palmyra quarterly"
    assert read["created_by"] is None  # no editor's or reviewer's name for the public
    assert [r["id"] for r in anonymous.get("/api/v1/reports").get_json()] == [report["id"]]
    assert anonymous.get(f"/api/v1/reports/{report['id']}/issues").get_json() == []


def test_a_fixed_report_covers_its_stated_period(reviewer: FlaskClient) -> None:
    report = define(
        reviewer,
        cadence="fixed",
        first_period_start=None,
        period_start="2015-05-13",
        period_end="2016-03-27",
    )
    assert (report["period_start"], report["period_end"]) == ("2015-05-13", "2016-03-27")
    assert report["first_period_start"] is None


def test_editors_and_below_may_not_define_reports(
    client: FlaskClient, anonymous: FlaskClient, engine: Engine
) -> None:
    before = snapshot(engine)
    assert client.post("/api/v1/reports", json=QUARTERLY).status_code == 403
    assert anonymous.post("/api/v1/reports", json=QUARTERLY).status_code == 401
    assert snapshot(engine) == before


def test_an_internal_report_is_not_found_below_editor(
    reviewer: FlaskClient, client: FlaskClient, viewer: FlaskClient, anonymous: FlaskClient
) -> None:
    report = define(reviewer, audience="internal")
    path = f"/api/v1/reports/{report['id']}"
    assert client.get(path).status_code == 200
    for reader in (viewer, anonymous):
        assert reader.get(path).status_code == 404
        assert reader.get(f"{path}/issues").status_code == 404
        assert reader.get("/api/v1/reports").get_json() == []


def test_issuing_a_period_not_ended_is_refused_naming_the_period(
    reviewer: FlaskClient, engine: Engine
) -> None:
    report = define(reviewer)
    before = snapshot(engine)
    for period in ("2015-Q3", "2015-08", "not a period"):
        response = reviewer.post(
            f"/api/v1/reports/{report['id']}/issues",
            json={"period": period, "issued_on": "2015-09-15"},
        )
        assert response.status_code == 422, (period, response.get_json())
        assert list(response.get_json()["errors"]) == ["period"]
    assert snapshot(engine) == before


def test_the_openapi_document_describes_reports(anonymous: FlaskClient) -> None:
    paths = anonymous.get("/api/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/reports",
        "/api/v1/reports/{definition_id}",
        "/api/v1/reports/{definition_id}/issues",
        "/api/v1/report-issues/{issue_id}",
        "/api/v1/report-issues/{issue_id}/report.html",
        "/api/v1/report-issues/{issue_id}/report.pdf",
        "/api/v1/report-issues/{issue_id}/annex.csv",
    ):
        assert path in paths, path


# --- issuing (builds and renders the report) ------------------------------------------------


def issue(client: FlaskClient, report: dict[str, Any], period: str, status: int = 201) -> Any:
    response = client.post(
        f"/api/v1/reports/{report['id']}/issues",
        json={"period": period, "issued_on": "2015-10-05"},
    )
    assert response.status_code == status, response.get_json()
    return response.get_json()


def files_served(reader: FlaskClient, found: dict[str, Any]) -> dict[str, bytes]:
    """Each file's bytes as served, checked against the SHA-256 the issue records."""
    served = {}
    for name, file in found["files"].items():
        response = reader.get(file["href"])
        assert response.status_code == 200, (name, response.status_code)
        data = response.get_data()
        assert (
            hashlib.sha256(data).hexdigest()
            == file["sha256"]
            == response.headers["ETag"].strip('"')
        )
        assert response.mimetype == file["media_type"].split(";")[0]
        again = reader.get(file["href"], headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304
        served[name] = data
    return served


def test_issue_and_fetch_the_three_files_then_issue_again_unchanged(
    reviewer: FlaskClient, anonymous: FlaskClient, world: World
) -> None:
    report = define(reviewer)
    first = issue(reviewer, report, "2015-Q3")
    assert first["period"] == {"start": "2015-07-01", "end": "2015-09-30", "label": "2015-Q3"}
    assert first["issued_on"] == "2015-10-05"
    assert first["corrects_id"] is None
    served = files_served(anonymous, first)
    assert served["html"].startswith(b"<!") and served["pdf"].startswith(b"%PDF")
    # Nothing changed: the same issue, the same bytes, no new row.
    again = issue(reviewer, report, "2015-Q3", status=200)
    assert again == first
    assert files_served(anonymous, again) == served
    listed = anonymous.get(f"/api/v1/reports/{report['id']}/issues").get_json()
    assert [i["id"] for i in listed] == [first["id"]]
    assert anonymous.get(f"/api/v1/report-issues/{first['id']}").get_json() == first


def test_a_new_event_in_the_period_makes_a_correcting_issue(
    reviewer: FlaskClient, client: FlaskClient, world: World
) -> None:
    report = define(reviewer)
    first = issue(reviewer, report, "2015-Q3")
    looting = published(
        client,
        reviewer,
        "events",
        {"type": "looted", "date": "2015-08-20", "site_ids": [world["temple"]["id"]]},
    )
    second = issue(reviewer, report, "2015-Q3")
    assert second["id"] != first["id"]
    assert second["corrects_id"] == first["id"]
    assert second["links"]["corrects"] == f"/api/v1/report-issues/{first['id']}"
    correction = {"record": "events", "record_id": looting["id"], "period": "2015-Q3"}
    assert correction in second["corrections"]


def test_internal_issues_are_hidden_from_the_public(
    reviewer: FlaskClient, anonymous: FlaskClient, viewer: FlaskClient, world: World
) -> None:
    report = define(reviewer, audience="internal")
    found = issue(reviewer, report, "2015-Q3")
    for reader in (anonymous, viewer):
        assert reader.get(f"/api/v1/report-issues/{found['id']}").status_code == 404
        for file in found["files"].values():
            assert reader.get(file["href"]).status_code == 404


def test_a_stored_issue_cannot_be_changed_through_the_api(
    app: Flask, reviewer: FlaskClient, world: World
) -> None:
    found = issue(reviewer, define(reviewer), "2015-Q3")
    path = f"/api/v1/report-issues/{found['id']}"
    for method in ("PUT", "PATCH", "DELETE"):
        assert reviewer.open(path, method=method, json={}).status_code == 405


def test_editors_and_below_may_not_issue_reports(
    reviewer: FlaskClient, client: FlaskClient, anonymous: FlaskClient, engine: Engine
) -> None:
    report = define(reviewer)
    before = snapshot(engine)
    body = {"period": "2015-Q3", "issued_on": "2015-10-05"}
    path = f"/api/v1/reports/{report['id']}/issues"
    assert client.post(path, json=body).status_code == 403
    assert anonymous.post(path, json=body).status_code == 401
    assert snapshot(engine) == before
