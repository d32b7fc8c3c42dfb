"""Small helpers that create records through the API, as a client would."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient


def created(client: FlaskClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/v1/{path}", json=body)
    assert response.status_code == 201, response.get_json()
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
