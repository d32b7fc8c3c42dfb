"""Small helpers that work through the API, as a client would."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def created(client: FlaskClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/v1/{path}", json=body)
    assert response.status_code == 201, response.get_json()
    result: dict[str, Any] = response.get_json()
    return result


def etag(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.get_json()
    return response.headers["ETag"]


def patch(client: FlaskClient, path: str, body: dict[str, Any]) -> TestResponse:
    """PATCH with the If-Match of the version just read, as a careful client does."""
    return client.patch(path, json=body, headers={"If-Match": etag(client, path)})


def delete(client: FlaskClient, path: str) -> TestResponse:
    return client.delete(path, headers={"If-Match": etag(client, path)})


def act(client: FlaskClient, path: str, verb: str, reason: str | None = None) -> TestResponse:
    """A review action (submit, return, publish, retract) on the current version."""
    body = {"reason": reason} if reason else {}
    return client.post(f"{path}/{verb}", json=body, headers={"If-Match": etag(client, path)})


def published(
    editor: FlaskClient, reviewer: FlaskClient, path: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Create an event or claim as an editor, submit it, and have a reviewer publish it."""
    record = created(editor, path, body)
    where = f"/api/v1/{path}/{record['id']}"
    assert act(editor, where, "submit").status_code == 200
    response = act(reviewer, where, "publish")
    assert response.status_code == 200, response.get_json()
    result: dict[str, Any] = response.get_json()
    return result


def city_with_temple(client: FlaskClient) -> dict[str, Any]:
    """Palmyra with the Temple of Bel inside it, an actor, a publisher and an article."""
    city = created(client, "sites", {"name": "Palmyra", "kind": "city"})
    temple = created(
        client, "sites", {"name": "Temple of Bel", "kind": "temple", "parent_id": city["id"]}
    )
    isil = created(client, "actors", {"name": "ISIL", "aliases": ["ISIS", "Daesh"]})
    publisher = created(client, "sources", {"name": "Example Wire", "kind": "organisation"})
    article = created(
        client,
        "articles",
        {
            "publisher_id": publisher["id"],
            "title": "Temple reported destroyed",
            "url": "https://news.example.org/2015/08/31/temple",
            "published": "2015-08-31",
            "language": "en",
            "text": "Witnesses said the temple was blown up on Sunday by the militants.",
        },
    )
    return {
        "city": city,
        "temple": temple,
        "isil": isil,
        "publisher": publisher,
        "article": article,
    }
