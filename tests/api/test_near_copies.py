"""Near copies through the API: an article whose text nearly repeats a stored one is
proposed, read-only, as syndicated from that one's originating source
(GET /articles/{id}/near-copies, editors and above); the editor confirms it with the
article's ordinary PATCH, and the proposal is gone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.api.helpers import created, patch

# Our own words: a made-up wire story on a made-up bridge, and a paper's reprint of it.
WIRE_TEXT = (
    (Path(__file__).parents[1] / "texts" / "valley-bridge-wire.txt").read_text("utf-8").strip()
)
COPY_TEXT = "\n\n".join(
    ["Valley bridge loses two arches", *WIRE_TEXT.split("\n\n")[1:], "With agencies."]
)
UNRELATED_TEXT = (
    "The city library reopened its reading room on Saturday after a year of repairs to its"
    " wooden ceiling, paid for by a fund set up by former students of the nearby college."
)

World = dict[str, Any]


@pytest.fixture
def stored(client: FlaskClient) -> World:
    """An agency, a paper that reprinted one of its stories (stored), and another paper."""
    agency = created(client, "sources", {"name": "Valley News Agency", "kind": "organisation"})
    daily = created(client, "sources", {"name": "Example Daily", "kind": "organisation"})
    herald = created(client, "sources", {"name": "Morning Herald", "kind": "organisation"})
    reprint = created(
        client,
        "articles",
        {
            "publisher_id": daily["id"],
            "syndicated_from_id": agency["id"],
            "title": "Air strike hits old bridge",
            "url": "https://daily.example.org/bridge",
            "published": "2016-04-01",
            "text": WIRE_TEXT,
        },
    )
    return {"agency": agency, "daily": daily, "herald": herald, "reprint": reprint}


def new_article(stored: World, **fields: Any) -> dict[str, Any]:
    return {
        "publisher_id": stored["herald"]["id"],
        "title": "Valley bridge loses two arches",
        "url": "https://herald.example.org/bridge",
        "published": "2016-04-02",
        **fields,
    }


def test_a_near_copy_is_proposed_and_confirmed_with_the_articles_patch(
    client: FlaskClient, stored: World
) -> None:
    response = client.post("/api/v1/articles", json=new_article(stored, text=COPY_TEXT))
    assert response.status_code == 201, response.get_json()
    article = response.get_json()
    where = f"/api/v1/articles/{article['id']}"
    assert response.headers["Link"] == f'<{where}/near-copies>; rel="related"; title="near copies"'

    proposals = client.get(f"{where}/near-copies")

    assert proposals.status_code == 200
    [proposal] = proposals.get_json()
    assert proposal["article"] == {
        "id": stored["reprint"]["id"],
        "title": "Air strike hits old bridge",
        "url": "https://daily.example.org/bridge",
        "publisher_id": stored["daily"]["id"],
        "publisher": "Example Daily",
        "published": "2016-04-01",
        "syndicated_from_id": stored["agency"]["id"],
    }
    assert 0.3 <= proposal["likeness"] < 1
    # The stored article is a reprint itself: the proposal names the agency, not the paper.
    assert proposal["syndicated_from"] == {
        "id": stored["agency"]["id"],
        "name": "Valley News Agency",
    }

    confirmed = patch(client, where, {"syndicated_from_id": proposal["syndicated_from"]["id"]})

    assert confirmed.status_code == 200, confirmed.get_json()
    assert confirmed.get_json()["syndicated_from_id"] == stored["agency"]["id"]
    assert "Link" not in confirmed.headers
    assert client.get(f"{where}/near-copies").get_json() == []


def test_a_text_added_later_is_proposed_too(client: FlaskClient, stored: World) -> None:
    article = created(client, "articles", new_article(stored))
    where = f"/api/v1/articles/{article['id']}"
    assert client.get(f"{where}/near-copies").get_json() == []

    response = patch(client, where, {"text": COPY_TEXT})

    assert response.status_code == 200, response.get_json()
    assert response.headers["Link"].startswith(f"<{where}/near-copies>")
    [proposal] = client.get(f"{where}/near-copies").get_json()
    assert proposal["article"]["id"] == stored["reprint"]["id"]


def test_an_unrelated_text_gets_no_proposal(client: FlaskClient, stored: World) -> None:
    response = client.post("/api/v1/articles", json=new_article(stored, text=UNRELATED_TEXT))

    assert response.status_code == 201
    assert "Link" not in response.headers
    assert client.get(f"/api/v1/articles/{response.get_json()['id']}/near-copies").get_json() == []


def test_a_copy_published_before_the_stored_text_is_not_proposed_as_its_copy(
    client: FlaskClient, stored: World
) -> None:
    # A copy does not come before its original (propose_syndicated_from's rule).
    early = created(client, "articles", new_article(stored, text=COPY_TEXT, published="2016-03-30"))

    assert client.get(f"/api/v1/articles/{early['id']}/near-copies").get_json() == []


def test_near_copies_are_for_editors(
    client: FlaskClient, anonymous: FlaskClient, viewer: FlaskClient, stored: World
) -> None:
    copy = created(client, "articles", new_article(stored, text=COPY_TEXT))
    where = f"/api/v1/articles/{copy['id']}/near-copies"

    signed_out = anonymous.get(where)
    assert signed_out.status_code == 401
    assert signed_out.content_type == "application/problem+json"
    assert viewer.get(where).status_code == 403
    missing = client.get("/api/v1/articles/999999/near-copies")
    assert missing.status_code == 404
    assert missing.content_type == "application/problem+json"


def test_near_copies_are_documented_with_their_schema(client: FlaskClient) -> None:
    document = client.get("/api/openapi.json").get_json()
    read = document["paths"]["/api/v1/articles/{article_id}/near-copies"]["get"]

    assert read["summary"] == "Read the syndication proposed for an article"
    schema = read["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["items"]["$ref"].endswith("/NearCopy")
    fields = document["components"]["schemas"]["NearCopy"]["properties"]
    assert set(fields) == {"article", "likeness", "syndicated_from"}
