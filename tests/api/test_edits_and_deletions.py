"""Articles are changed and deleted, actors and sources deleted, as every other record: with
If-Match, a revision for each change, an entry in the change feed, a tombstone an admin
restores, and a 409 naming what still refers to a record that cannot go."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from tests.api.conftest import snapshot
from tests.api.helpers import created, delete, etag, patch, published
from tests.api.test_hostile_input import assert_problem

World = dict[str, Any]


def feed_entries(client: FlaskClient, resource: str, record_id: int) -> list[str]:
    entries = client.get("/api/v1/changes?limit=1000").get_json()
    return [
        e["action"] for e in entries if (e["resource"], e["record_id"]) == (resource, record_id)
    ]


def unquoted_article(client: FlaskClient, world: World, url: str) -> dict[str, Any]:
    """Another article by the world's publisher, without text, that no claim is made in."""
    body = {
        "publisher_id": world["publisher"]["id"],
        "title": "Another report",
        "url": url,
        "published": "2015-09-02",
    }
    return created(client, "articles", body)


# Articles


def test_an_article_changes_under_if_match_with_its_trail_and_feed_entry(
    client: FlaskClient, anonymous: FlaskClient, world: World
) -> None:
    path = f"/api/v1/articles/{world['article']['id']}"
    change = {"title": "Temple of Bel destroyed", "published": "2015-09-01", "language": "en-GB"}
    assert_problem(client.patch(path, json=change), 428)
    read = etag(client, path)
    response = client.patch(path, json=change, headers={"If-Match": read})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["title"], body["published"], body["language"]) == (
        "Temple of Bel destroyed",
        "2015-09-01",
        "en-GB",
    )
    assert body["version"] == world["article"]["version"] + 1
    assert response.headers["ETag"] != read
    stale = client.patch(path, json={"title": "Again"}, headers={"If-Match": read})
    assert_problem(stale, 412)
    assert client.get(path).get_json()["title"] == "Temple of Bel destroyed"
    # Who, when, old and new; the public reads the change without the editor's name.
    updated = client.get(f"{path}/revisions").get_json()[-1]
    assert updated["action"] == "updated" and updated["user_name"] == "editor" and updated["at"]
    assert updated["changes"] == {
        "language": ["en", "en-GB"],
        "published": ["2015-08-31", "2015-09-01"],
        "title": ["Temple reported destroyed", "Temple of Bel destroyed"],
    }
    public = anonymous.get(f"{path}/revisions").get_json()[-1]
    assert (public["changes"], public["user_name"]) == (updated["changes"], None)
    assert feed_entries(anonymous, "article", world["article"]["id"]) == ["created", "updated"]


def test_a_bad_article_update_names_each_field_and_stores_nothing(
    client: FlaskClient, engine: Engine, world: World
) -> None:
    path = f"/api/v1/articles/{world['article']['id']}"
    before = snapshot(engine)
    body = assert_problem(
        patch(
            client,
            path,
            {"title": "", "url": "news.example.org/x", "published": "31 August", "text": ""},
        ),
        422,
    )
    assert sorted(body["errors"]) == ["published", "text", "title", "url"]
    unknown = assert_problem(patch(client, path, {"publisher_id": 999_999}), 422)
    assert unknown["errors"] == {"publisher_id": ["No record with id 999999."]}
    undated = assert_problem(patch(client, path, {"captured_at": "2015-09-01T10:00:00Z"}), 422)
    assert list(undated["errors"]) == ["captured_at"]
    assert_problem(client.patch(path, headers={"If-Match": etag(client, path)}), 422)  # no body
    assert snapshot(engine) == before


def test_an_article_may_not_take_the_url_or_text_of_another(
    client: FlaskClient, engine: Engine, world: World
) -> None:
    other = unquoted_article(client, world, "https://news.example.org/2015/09/01/other")
    path = f"/api/v1/articles/{other['id']}"
    before = snapshot(engine)
    same_url = assert_problem(
        patch(client, path, {"url": "http://www.news.example.org/2015/08/31/temple/"}), 409
    )
    assert list(same_url["errors"]) == ["url"]
    assert same_url["existing"]["id"] == world["article"]["id"]
    stored_text = client.get(f"/api/v1/articles/{world['article']['id']}").get_json()["text"]
    same_text = assert_problem(patch(client, path, {"text": stored_text}), 409)
    assert list(same_text["errors"]) == ["text"]
    assert snapshot(engine) == before


def test_text_quoted_by_a_claim_stays_as_it_was(
    client: FlaskClient, reviewer: FlaskClient, engine: Engine, world: World
) -> None:
    article_id = world["article"]["id"]
    path = f"/api/v1/articles/{article_id}"
    quoting = published(
        client,
        reviewer,
        "claims",
        {
            "article_id": article_id,
            "event_id": world["event"]["id"],
            "stance": "affirms",
            "quote": "the temple was blown up",
        },
    )
    before = snapshot(engine)
    body = assert_problem(patch(client, path, {"text": "Witnesses said nothing."}), 409)
    assert list(body["errors"]) == ["text"]
    assert body["referenced_by"] == [
        {"resource": "claim", "field": "quote_start", "count": 1, "ids": [quoting["id"]]}
    ]
    assert snapshot(engine) == before
    assert patch(client, path, {"title": "Still editable"}).status_code == 200


def test_an_article_with_claims_is_not_deleted_and_one_without_goes_and_comes_back(
    client: FlaskClient, admin: FlaskClient, anonymous: FlaskClient, engine: Engine, world: World
) -> None:
    path = f"/api/v1/articles/{world['article']['id']}"
    before = snapshot(engine)
    body = assert_problem(delete(client, path), 409)
    assert body["referenced_by"] == [
        {"resource": "claim", "field": "article_id", "count": 1, "ids": [world["claim"]["id"]]}
    ]
    assert snapshot(engine) == before

    spare = unquoted_article(client, world, "https://news.example.org/spare")
    spare_path = f"/api/v1/articles/{spare['id']}"
    assert_problem(client.delete(spare_path), 428)
    assert_problem(client.delete(spare_path, headers={"If-Match": '"v99.0"'}), 412)
    assert delete(client, spare_path).status_code == 204
    assert_problem(client.get(spare_path), 404)
    listed = [a["id"] for a in anonymous.get("/api/v1/articles").get_json()]
    assert spare["id"] not in listed and world["article"]["id"] in listed
    assert_problem(client.post(f"{spare_path}/restore"), 403)
    restored = admin.post(f"{spare_path}/restore")
    assert restored.status_code == 200 and restored.get_json()["url"] == spare["url"]
    assert anonymous.get(spare_path).status_code == 200
    assert feed_entries(anonymous, "article", spare["id"]) == ["created", "deleted", "restored"]


# Actors and sources


def test_an_actor_or_source_in_use_is_not_deleted_naming_what_uses_it(
    client: FlaskClient, engine: Engine, world: World
) -> None:
    before = snapshot(engine)
    actor = assert_problem(delete(client, f"/api/v1/actors/{world['isil']['id']}"), 409)
    assert actor["referenced_by"] == [
        {"resource": "event", "field": "actors", "count": 1, "ids": [world["event"]["id"]]}
    ]
    assert f"Actor {world['isil']['id']} is still referred to by 1 event" in actor["detail"]
    source = assert_problem(delete(client, f"/api/v1/sources/{world['publisher']['id']}"), 409)
    assert source["referenced_by"] == [
        {
            "resource": "article",
            "field": "publisher_id",
            "count": 1,
            "ids": [world["article"]["id"]],
        }
    ]
    assert snapshot(engine) == before


def test_an_unused_actor_and_source_go_under_if_match_and_come_back_in_order(
    client: FlaskClient, admin: FlaskClient, anonymous: FlaskClient
) -> None:
    militia = created(client, "actors", {"name": "Local militia"})
    spokesman = created(
        client,
        "sources",
        {"name": "Militia spokesman", "kind": "person", "actor_id": militia["id"]},
    )
    actor_path = f"/api/v1/actors/{militia['id']}"
    source_path = f"/api/v1/sources/{spokesman['id']}"
    assert_problem(delete(client, actor_path), 409)  # the spokesman speaks for it
    assert_problem(client.delete(source_path), 428)
    read = etag(client, source_path)
    assert patch(client, source_path, {"description": "Speaks on Telegram."}).status_code == 200
    assert_problem(client.delete(source_path, headers={"If-Match": read}), 412)
    assert delete(client, source_path).status_code == 204
    assert delete(client, actor_path).status_code == 204
    assert_problem(anonymous.get(actor_path), 404)
    assert anonymous.get("/api/v1/actors?q=militia").get_json() == []
    assert anonymous.get("/api/v1/sources?q=spokesman").get_json() == []
    # The source cannot come back speaking for a deleted actor.
    dangling = assert_problem(admin.post(f"{source_path}/restore"), 409)
    assert dangling["errors"] == {
        "actor_id": [f"Actor {militia['id']} is deleted: restore it first."]
    }
    assert admin.post(f"{actor_path}/restore").status_code == 200
    assert admin.post(f"{source_path}/restore").status_code == 200
    assert anonymous.get(source_path).get_json()["actor_id"] == militia["id"]
    assert [r["action"] for r in client.get(f"{source_path}/revisions").get_json()] == [
        "created",
        "updated",
        "deleted",
        "restored",
    ]
    assert feed_entries(anonymous, "actor", militia["id"]) == ["created", "deleted", "restored"]


def test_the_document_describes_the_new_write_paths(client: FlaskClient) -> None:
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for path, method in (
        ("/api/v1/articles/{article_id}", "patch"),
        ("/api/v1/articles/{article_id}", "delete"),
        ("/api/v1/actors/{actor_id}", "delete"),
        ("/api/v1/sources/{source_id}", "delete"),
    ):
        operation = paths[path][method]
        assert {"409", "412", "428"} <= set(operation["responses"]), (path, method)
        if_match = [p for p in operation["parameters"] if p["name"] == "If-Match"]
        assert if_match and if_match[0]["required"], (path, method)
