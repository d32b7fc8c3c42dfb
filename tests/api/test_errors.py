"""Bad input gets a clear problem+json naming what was wrong, and stores nothing."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from tests.api.conftest import snapshot
from tests.api.helpers import city_with_temple, created, delete, patch

PROBLEM = "application/problem+json"


def assert_problem(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status
    assert {"type", "title", "status", "detail"} <= set(body)
    return body


def test_invalid_edtf_date_is_refused_naming_the_field(client: FlaskClient, engine: Engine) -> None:
    world = city_with_temple(client)
    before = snapshot(engine)
    response = client.post(
        "/api/v1/events",
        json={"type": "destroyed", "date": "2015-13-45", "site_ids": [world["temple"]["id"]]},
    )
    body = assert_problem(response, 422)
    assert "date" in body["errors"]
    assert "EDTF" in body["errors"]["date"][0]
    assert snapshot(engine) == before


def test_unknown_site_id_is_404_for_reads_and_422_when_referred_to(
    client: FlaskClient, engine: Engine
) -> None:
    assert (
        "No site with id 999999"
        in assert_problem(client.get("/api/v1/sites/999999"), 404)["detail"]
    )
    assert_problem(client.get("/api/v1/sites/999999/history"), 404)
    before = snapshot(engine)
    body = assert_problem(
        client.post(
            "/api/v1/events", json={"type": "looted", "date": "2015", "site_ids": [999999]}
        ),
        422,
    )
    assert body["errors"] == {"site_ids.0": ["No site with id 999999."]}
    assert snapshot(engine) == before


def test_parent_cycle_is_refused_and_nothing_changes(client: FlaskClient, engine: Engine) -> None:
    world = city_with_temple(client)
    before = snapshot(engine)
    body = assert_problem(
        patch(client, f"/api/v1/sites/{world['city']['id']}", {"parent_id": world["temple"]["id"]}),
        422,
    )
    assert "own ancestor" in body["errors"]["parent_id"][0]
    assert_problem(
        patch(client, f"/api/v1/sites/{world['city']['id']}", {"parent_id": world["city"]["id"]}),
        422,
    )
    assert snapshot(engine) == before


def test_duplicate_article_is_409_with_a_link_to_the_stored_one(
    client: FlaskClient, engine: Engine
) -> None:
    world = city_with_temple(client)
    stored = world["article"]
    before = snapshot(engine)
    same_url = client.post(
        "/api/v1/articles",
        json={
            "publisher_id": world["publisher"]["id"],
            "title": "Same article, other spelling of its URL",
            "url": "http://www.news.example.org/2015/08/31/temple/?utm_source=feed",
            "published": "2015-08-31",
        },
    )
    body = assert_problem(same_url, 409)
    assert body["existing"]["href"] == f"/api/v1/articles/{stored['id']}"
    assert same_url.headers["Link"] == f'</api/v1/articles/{stored["id"]}>; rel="duplicate"'
    same_text = client.post(
        "/api/v1/articles",
        json={
            "publisher_id": world["publisher"]["id"],
            "title": "Copied elsewhere",
            "url": "https://mirror.example.net/copy",
            "published": "2015-09-01",
            "text": "Witnesses said the temple was blown up on Sunday by the militants.",
        },
    )
    assert assert_problem(same_text, 409)["existing"]["id"] == stored["id"]
    assert snapshot(engine) == before


def test_unknown_route_is_a_problem(client: FlaskClient) -> None:
    body = assert_problem(client.get("/api/v1/nowhere"), 404)
    assert "/api/v1/nowhere" in body["detail"]


def test_wrong_method_is_405_with_allow(client: FlaskClient) -> None:
    response = client.put("/api/v1/sites")
    assert_problem(response, 405)
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["Allow"].split(",")}


def test_malformed_json_is_a_400_problem(client: FlaskClient, engine: Engine) -> None:
    before = snapshot(engine)
    response = client.post(
        "/api/v1/sites", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 400)
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "X", "kind": "spaceport"}, "kind"),
        ({"name": "", "kind": "city"}, "name"),
        (
            {"name": "X", "kind": "city", "location": {"latitude": 91, "longitude": 0}},
            "location.latitude",
        ),
        (
            {"name": "X", "kind": "city", "location": {"latitude": 0, "longitude": 181}},
            "location.longitude",
        ),
        (
            {"name": "X", "kind": "city", "identifiers": [{"scheme": "wikidata", "value": "5747"}]},
            "identifiers.0.value",
        ),
        ({"name": "X", "kind": "city", "unexpected": 1}, "unexpected"),
        ({"kind": "city"}, "name"),
    ],
)
def test_invalid_site_fields_are_named(
    client: FlaskClient, engine: Engine, body: dict, field: str
) -> None:
    before = snapshot(engine)
    errors = assert_problem(client.post("/api/v1/sites", json=body), 422)["errors"]
    assert field in errors, errors
    assert snapshot(engine) == before


def test_identifier_taken_by_another_site_is_a_conflict(client: FlaskClient) -> None:
    created(
        client,
        "sites",
        {
            "name": "Palmyra",
            "kind": "city",
            "identifiers": [{"scheme": "wikidata", "value": "Q5747"}],
        },
    )
    body = assert_problem(
        client.post(
            "/api/v1/sites",
            json={
                "name": "Tadmor",
                "kind": "city",
                "identifiers": [{"scheme": "wikidata", "value": "Q5747"}],
            },
        ),
        409,
    )
    assert "identifiers" in body["errors"]


def test_quote_not_in_the_article_is_refused(client: FlaskClient, engine: Engine) -> None:
    world = city_with_temple(client)
    event = created(
        client,
        "events",
        {"type": "destroyed", "date": "2015-08-30", "site_ids": [world["temple"]["id"]]},
    )
    before = snapshot(engine)
    body = assert_problem(
        client.post(
            "/api/v1/claims",
            json={
                "article_id": world["article"]["id"],
                "event_id": event["id"],
                "stance": "affirms",
                "quote": "words nobody wrote",
            },
        ),
        422,
    )
    assert "quote" in body["errors"]
    assert snapshot(engine) == before


def test_deleting_a_site_with_events_is_409_and_keeps_it(
    client: FlaskClient, engine: Engine
) -> None:
    world = city_with_temple(client)
    created(
        client,
        "events",
        {"type": "destroyed", "date": "2015-08-30", "site_ids": [world["temple"]["id"]]},
    )
    before = snapshot(engine)
    assert_problem(delete(client, f"/api/v1/sites/{world['temple']['id']}"), 409)
    assert snapshot(engine) == before


def test_page_size_above_the_cap_is_refused(client: FlaskClient) -> None:
    body = assert_problem(client.get("/api/v1/sites?page_size=1000"), 422)
    assert "page_size" in body["errors"]


def test_bad_bbox_is_refused(client: FlaskClient) -> None:
    assert "bbox" in assert_problem(client.get("/api/v1/sites?bbox=1,2,3"), 422)["errors"]


def test_an_unexpected_failure_is_a_500_problem_without_internals(database_url: str) -> None:
    from api.app import create_app

    app = create_app({"DATABASE_URL": database_url})

    @app.get("/api/v1/explode")
    def explode() -> None:
        raise RuntimeError("secret internals: SELECT * FROM sites")

    response = app.test_client().get("/api/v1/explode")
    body = assert_problem(response, 500)
    assert "secret" not in response.get_data(as_text=True)
    assert "SELECT" not in body["detail"]
    app.extensions["heritage.engine"].dispose()
