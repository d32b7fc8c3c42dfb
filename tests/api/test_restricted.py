"""A restricted site's exact point never reaches a client below editor, on any path."""

from __future__ import annotations

import json

from flask.testing import FlaskClient

from tests.api.helpers import created, published

EXACT = {"latitude": 34.54738, "longitude": 38.27393}


def restricted_site(client: FlaskClient) -> dict:  # type: ignore[type-arg]
    city = created(client, "sites", {"name": "Palmyra", "kind": "city"})
    return created(
        client,
        "sites",
        {
            "name": "Storage depot",
            "kind": "museum",
            "parent_id": city["id"],
            "restricted": True,
            "location": {**EXACT, "certainty": "exact"},
        },
    )


def leaks(text: str) -> bool:
    return any(digits in text for digits in ("34.547", "38.273", "34.5473", "38.2739"))


def test_anonymous_reads_show_only_the_generalised_point(
    client: FlaskClient, reviewer: FlaskClient, anonymous: FlaskClient, viewer: FlaskClient
) -> None:
    site = restricted_site(client)
    published(
        client, reviewer, "events", {"type": "looted", "date": "2015", "site_ids": [site["id"]]}
    )
    paths = [
        f"/api/v1/sites/{site['id']}",
        "/api/v1/sites",
        "/api/v1/sites?q=depot",
        "/api/v1/sites?bbox=38.2,34.5,38.3,34.6",
        f"/api/v1/sites/{site['id']}/history",
        f"/api/v1/sites/{site['id']}/history?include_drafts=true",
        f"/api/v1/sites/{site['id']}/revisions",
        "/api/v1/changes?limit=1000",
    ]
    for reader in (anonymous, viewer):
        for path in paths:
            response = reader.get(path)
            assert response.status_code == 200, path
            assert not leaks(response.get_data(as_text=True)), path
    shown = anonymous.get(f"/api/v1/sites/{site['id']}").get_json()["location"]
    assert shown == {
        "latitude": 34.5,
        "longitude": 38.3,
        "certainty": "approximate",
        "generalised": True,
    }
    # Editors see the exact point everywhere.
    assert client.get(f"/api/v1/sites/{site['id']}").get_json()["location"]["latitude"] == 34.54738
    history = client.get(f"/api/v1/sites/{site['id']}/history").get_json()
    assert history["site"]["location"]["longitude"] == 38.27393
    assert leaks(json.dumps(client.get(f"/api/v1/sites/{site['id']}/revisions").get_json()))


def test_bisection_with_boxes_finds_no_more_than_the_generalised_point(
    client: FlaskClient, anonymous: FlaskClient
) -> None:
    site = restricted_site(client)

    def found(bbox: str, reader: FlaskClient) -> bool:
        listed = reader.get(f"/api/v1/sites?bbox={bbox}").get_json()
        return site["id"] in [entry["id"] for entry in listed]

    tight_around_exact = "38.2739,34.5473,38.2740,34.5474"
    assert found(tight_around_exact, client)
    assert not found(tight_around_exact, anonymous)
    assert found("38.29,34.49,38.31,34.51", anonymous)  # around the rounded point only
    assert not found("38.29,34.49,38.31,34.51", client)


def test_the_etag_of_the_public_view_differs_from_the_editors(
    client: FlaskClient, anonymous: FlaskClient
) -> None:
    site = restricted_site(client)
    path = f"/api/v1/sites/{site['id']}"
    editor_tag = client.get(path).headers["ETag"]
    public = anonymous.get(path, headers={"If-None-Match": editor_tag})
    assert public.status_code == 200
    assert public.headers["ETag"] != editor_tag
