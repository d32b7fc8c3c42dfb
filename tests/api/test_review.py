"""Review before publication, the revision trail and the change feed, over HTTP."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.api.conftest import signed_in
from tests.api.helpers import act, city_with_temple, created, delete, etag, patch, published


def draft_event(client: FlaskClient, world: dict[str, Any]) -> dict[str, Any]:
    return created(
        client,
        "events",
        {"type": "destroyed", "date": "2015-08-30", "site_ids": [world["temple"]["id"]]},
    )


def test_an_editor_cannot_publish_their_own_event_a_reviewer_can(
    client: FlaskClient, reviewer: FlaskClient, anonymous: FlaskClient
) -> None:
    world = city_with_temple(client)
    event = draft_event(client, world)
    path = f"/api/v1/events/{event['id']}"
    assert event["status"] == "draft"
    assert anonymous.get(path).status_code == 404  # drafts are not public
    assert act(client, path, "submit").get_json()["status"] == "in_review"
    assert act(client, path, "publish").status_code == 403
    response = act(reviewer, path, "publish")
    assert response.status_code == 200
    assert response.get_json()["status"] == "published"
    assert anonymous.get(path).status_code == 200

    public_feed = anonymous.get("/api/v1/changes").get_json()
    assert any(c["action"] == "published" and c["record_id"] == event["id"] for c in public_feed)
    assert all(c["user_name"] is None for c in public_feed)  # editors stay unnamed
    feed = client.get("/api/v1/changes").get_json()
    mine = [
        (c["resource"], c["action"], c["user_name"]) for c in feed if c["record_id"] == event["id"]
    ]
    assert ("event", "published", "reviewer") in mine


def test_a_reviewer_cannot_publish_their_own_work(app: Any, tokens: dict[str, str]) -> None:
    reviewer = signed_in(app, tokens["reviewer"])
    other = signed_in(app, tokens["reviewer2"])
    world = city_with_temple(reviewer)
    event = draft_event(reviewer, world)
    path = f"/api/v1/events/{event['id']}"
    act(reviewer, path, "submit")
    refused = act(reviewer, path, "publish")
    assert refused.status_code == 403
    assert "four eyes" in refused.get_json()["detail"]
    assert act(other, path, "publish").status_code == 200


def test_an_admin_may_let_a_team_of_one_publish_its_own_work(
    reviewer: FlaskClient, admin: FlaskClient
) -> None:
    world = city_with_temple(reviewer)
    event = draft_event(reviewer, world)
    path = f"/api/v1/events/{event['id']}"
    act(reviewer, path, "submit")
    assert (
        reviewer.put("/api/v1/settings/allow_self_publish", json={"value": True}).status_code == 403
    )
    assert admin.put("/api/v1/settings/allow_self_publish", json={"value": True}).status_code == 200
    assert act(reviewer, path, "publish").status_code == 200


def test_retraction_needs_a_reason_and_keeps_the_record(
    client: FlaskClient, reviewer: FlaskClient, anonymous: FlaskClient
) -> None:
    world = city_with_temple(client)
    event = published(
        client,
        reviewer,
        "events",
        {"type": "destroyed", "date": "2015-08-30", "site_ids": [world["temple"]["id"]]},
    )
    path = f"/api/v1/events/{event['id']}"
    assert act(reviewer, path, "retract").status_code == 422
    retracted = act(reviewer, path, "retract", reason="The source withdrew the report.")
    assert retracted.get_json()["status"] == "retracted"
    assert anonymous.get(path).status_code == 404
    kept = client.get(path).get_json()
    assert kept["status_reason"] == "The source withdrew the report."
    feed = anonymous.get("/api/v1/changes").get_json()
    assert any(c["action"] == "retracted" and c["record_id"] == event["id"] for c in feed)


def test_public_history_shows_published_claims_only(
    client: FlaskClient, reviewer: FlaskClient, anonymous: FlaskClient
) -> None:
    world = city_with_temple(client)
    event = published(
        client,
        reviewer,
        "events",
        {"type": "destroyed", "date": "2015-08-30", "site_ids": [world["temple"]["id"]]},
    )
    claim = {"article_id": world["article"]["id"], "event_id": event["id"], "stance": "affirms"}
    public_claim = published(client, reviewer, "claims", claim)
    created(client, "claims", {**claim, "stance": "disputes"})  # a draft that disputes it

    history = f"/api/v1/sites/{world['temple']['id']}/history"
    public = anonymous.get(history).get_json()["events"][0]
    assert [c["id"] for c in public["claims"]] == [public_claim["id"]]
    assert public["grade"] == "weak" and public["flags"] == []
    drafts = client.get(f"{history}?include_drafts=true").get_json()["events"][0]
    assert len(drafts["claims"]) == 2
    assert drafts["grade"] == "discounted" or drafts["flags"]
    # Asking for drafts gives a viewer nothing more than the public sees.
    assert anonymous.get(f"{history}?include_drafts=true").get_json()["events"][0] == public


def test_every_change_writes_a_revision_and_a_failed_one_none(client: FlaskClient) -> None:
    site = created(client, "sites", {"name": "Palmyra", "kind": "city"})
    path = f"/api/v1/sites/{site['id']}"
    assert patch(client, path, {"kind": "spaceport"}).status_code == 422
    assert patch(client, path, {"description": "Ancient city."}).status_code == 200
    assert delete(client, path).status_code == 204
    revisions = client.get(f"{path}/revisions").get_json()
    assert [r["action"] for r in revisions] == ["created", "updated", "deleted"]
    assert revisions[1]["changes"] == {"description": ["", "Ancient city."]}


def test_an_admin_restores_a_deleted_record_and_its_trail_goes_on(
    client: FlaskClient, admin: FlaskClient
) -> None:
    site = created(client, "sites", {"name": "Palmyra", "kind": "city"})
    path = f"/api/v1/sites/{site['id']}"
    delete(client, path)
    assert client.get(path).status_code == 404
    assert client.post(f"{path}/restore").status_code == 403
    assert admin.post(f"{path}/restore").status_code == 200
    assert client.get(path).get_json()["name"] == "Palmyra"
    actions = [r["action"] for r in client.get(f"{path}/revisions").get_json()]
    assert actions == ["created", "deleted", "restored"]


def test_the_change_feed_pages_in_commit_order_without_gaps_or_repeats(
    client: FlaskClient, anonymous: FlaskClient
) -> None:
    for index in range(7):
        created(client, "actors", {"name": f"Brigade {index}"})
    seen: list[int] = []
    cursor = None
    while True:
        query = f"?limit=3&since={cursor}" if cursor else "?limit=3"
        page = anonymous.get(f"/api/v1/changes{query}").get_json()
        if not page:
            break
        seen += [entry["id"] for entry in page]
        cursor = page[-1]["cursor"]
    assert len(seen) == 7 == len(set(seen))
    assert seen == sorted(seen)
    created(client, "actors", {"name": "Brigade 7"})
    after = anonymous.get(f"/api/v1/changes?since={cursor}").get_json()
    assert [entry["changes"]["name"][1] for entry in after] == ["Brigade 7"]
    assert anonymous.get("/api/v1/changes?since=nonsense").status_code == 422


def test_the_public_feed_hides_drafts(client: FlaskClient, anonymous: FlaskClient) -> None:
    world = city_with_temple(client)
    event = draft_event(client, world)
    public = anonymous.get("/api/v1/changes?limit=1000").get_json()
    assert all(entry["resource"] != "event" for entry in public)
    editors = client.get("/api/v1/changes?limit=1000").get_json()
    assert any(
        entry["record_id"] == event["id"] for entry in editors if entry["resource"] == "event"
    )


def test_if_match_is_required_and_checked(client: FlaskClient) -> None:
    site = created(client, "sites", {"name": "Palmyra", "kind": "city"})
    path = f"/api/v1/sites/{site['id']}"
    assert client.patch(path, json={"description": "x"}).status_code == 428
    old = etag(client, path)
    assert (
        client.patch(path, json={"description": "x"}, headers={"If-Match": old}).status_code == 200
    )
    stale = client.patch(path, json={"description": "y"}, headers={"If-Match": old})
    assert stale.status_code == 412
    assert client.get(path).get_json()["description"] == "x"
    assert client.delete(path, headers={"If-Match": old}).status_code == 412


def test_a_published_claim_of_an_unpublished_event_stays_hidden(
    client: FlaskClient, reviewer: FlaskClient, anonymous: FlaskClient
) -> None:
    world = city_with_temple(client)
    event = draft_event(client, world)
    claim = published(
        client,
        reviewer,
        "claims",
        {"article_id": world["article"]["id"], "event_id": event["id"], "stance": "affirms"},
    )
    for path in (
        f"/api/v1/claims/{claim['id']}",
        f"/api/v1/claims/{claim['id']}/revisions",
    ):
        assert anonymous.get(path).status_code == 404, path
    assert anonymous.get(f"/api/v1/claims?event={event['id']}").get_json() == []
    assert anonymous.get(f"/api/v1/articles/{world['article']['id']}").get_json()["claims"] == []
    feed = anonymous.get("/api/v1/changes?limit=1000").get_json()
    assert all(entry["resource"] not in ("event", "claim") for entry in feed)


def test_an_unreviewed_change_to_published_content_never_reaches_the_public(
    client: FlaskClient, reviewer: FlaskClient, anonymous: FlaskClient
) -> None:
    world = city_with_temple(client)
    event = published(
        client,
        reviewer,
        "events",
        {"type": "destroyed", "date": "2015-08-30", "site_ids": [world["temple"]["id"]]},
    )
    path = f"/api/v1/events/{event['id']}"
    changed = patch(reviewer, path, {"description": "UNREVIEWED WORDING"})
    assert changed.get_json()["status"] == "in_review"
    assert anonymous.get(path).status_code == 404
    public = anonymous.get("/api/v1/changes?limit=1000").get_data(as_text=True)
    assert "UNREVIEWED" not in public
    assert "UNREVIEWED" not in anonymous.get(f"{path}/revisions").get_data(as_text=True)
    left_view = anonymous.get("/api/v1/changes?limit=1000").get_json()[-1]
    assert left_view["changes"] == {"status": ["published", "in_review"]}


def test_four_eyes_counts_every_author_not_only_the_last(app: Any, tokens: dict[str, str]) -> None:
    editor = signed_in(app, tokens["editor"])
    reviewer = signed_in(app, tokens["reviewer"])
    world = city_with_temple(editor)
    event = draft_event(editor, world)
    path = f"/api/v1/events/{event['id']}"
    patch(reviewer, path, {"description": "Written by the reviewer."})
    patch(editor, path, {"key": "bel-destroyed"})  # the editor touches it last
    act(editor, path, "submit")
    refused = act(reviewer, path, "publish")
    assert refused.status_code == 403
    assert act(signed_in(app, tokens["reviewer2"]), path, "publish").status_code == 200


def test_a_recomputed_grade_changes_the_etag_but_not_the_version(
    client: FlaskClient, reviewer: FlaskClient
) -> None:
    world = city_with_temple(client)
    event = published(
        client,
        reviewer,
        "events",
        {"type": "destroyed", "date": "2015-08-30", "site_ids": [world["temple"]["id"]]},
    )
    path = f"/api/v1/events/{event['id']}"
    before = client.get(path)
    published(
        client,
        reviewer,
        "claims",
        {"article_id": world["article"]["id"], "event_id": event["id"], "stance": "affirms"},
    )
    after = client.get(path, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200  # the grade moved: a cached copy is stale
    assert after.get_json()["grade"] == "weak"
    assert after.get_json()["version"] == before.get_json()["version"]
    # A reviewer's If-Match from before still names the current version.
    edit = reviewer.patch(
        path, json={"description": "x"}, headers={"If-Match": before.headers["ETag"]}
    )
    assert edit.status_code == 200, edit.get_json()


def test_nothing_new_may_point_at_a_deleted_site(client: FlaskClient) -> None:
    world = city_with_temple(client)
    spare = created(client, "sites", {"name": "Spare", "kind": "other"})
    delete(client, f"/api/v1/sites/{spare['id']}")
    event = client.post(
        "/api/v1/events", json={"type": "looted", "date": "2015", "site_ids": [spare["id"]]}
    )
    assert event.status_code == 422
    child = client.post(
        "/api/v1/sites", json={"name": "Room", "kind": "other", "parent_id": spare["id"]}
    )
    assert child.status_code == 422
    assert world  # the other sites are untouched
