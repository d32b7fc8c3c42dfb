"""A write changes the ETags of the histories it can change and no others: the sites it
touches, their descendants for a control event, every site for an actor or a source
(heritage.history_marks). Cached copies of every other history stay valid (a 304), and
no 304 is ever served for a history that changed."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api.app import create_app
from tests.api.conftest import World
from tests.api.helpers import act, created, patch, published


def history(site: dict[str, Any]) -> str:
    return f"/api/v1/sites/{site['id']}/history"


@pytest.fixture
def places(client: FlaskClient, reviewer: FlaskClient, world: World) -> World:
    """The world, with a museum in the city beside the temple, a second city with a
    monument of its own, and a published event at the museum."""
    world["museum"] = created(
        client,
        "sites",
        {"name": "Palmyra Museum", "kind": "museum", "parent_id": world["city"]["id"]},
    )
    world["aleppo"] = created(client, "sites", {"name": "Aleppo", "kind": "city"})
    world["citadel"] = created(
        client, "sites", {"name": "Citadel", "kind": "other", "parent_id": world["aleppo"]["id"]}
    )
    world["looting"] = published(
        client,
        reviewer,
        "events",
        {"type": "looted", "date": "2015-06", "site_ids": [world["museum"]["id"]]},
    )
    return world


SITES = ("city", "temple", "museum", "aleppo", "citadel")


def etags(reader: FlaskClient, world: World, suffix: str = "") -> dict[str, str]:
    tags = {}
    for name in SITES:
        response = reader.get(history(world[name]) + suffix)
        assert response.status_code == 200, response.get_json()
        tags[name] = response.headers["ETag"]
    return tags


def moved(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name in before if before[name] != after[name]}


def test_an_edit_at_one_site_changes_its_etag_and_no_other(
    client: FlaskClient, reviewer: FlaskClient, anonymous: FlaskClient, places: World
) -> None:
    public, editors = etags(anonymous, places), etags(client, places, "?include_drafts=true")
    path = f"/api/v1/events/{places['event']['id']}"  # the temple's destruction
    assert patch(reviewer, path, {"description": "Blown up."}).status_code == 200
    assert moved(public, etags(anonymous, places)) == {"temple"}
    assert moved(editors, etags(client, places, "?include_drafts=true")) == {"temple"}
    # The museum's copy stays valid: a 304 with the ETag it had.
    museum = anonymous.get(history(places["museum"]), headers={"If-None-Match": public["museum"]})
    assert museum.status_code == 304


def test_a_control_event_changes_the_histories_of_the_sites_inside(
    client: FlaskClient, reviewer: FlaskClient, anonymous: FlaskClient, places: World
) -> None:
    before = etags(anonymous, places)
    captured = {
        "type": "captured",
        "date": "2015-05-21",
        "site_ids": [places["city"]["id"]],
        "actors": [{"actor_id": places["isil"]["id"], "role": "controller"}],
    }
    published(client, reviewer, "events", captured)
    assert moved(before, etags(anonymous, places)) == {"city", "temple", "museum"}
    temple = anonymous.get(history(places["temple"])).get_json()
    assert any(event["inherited"] for event in temple["events"])


def test_an_event_moved_between_sites_changes_both(
    client: FlaskClient, reviewer: FlaskClient, anonymous: FlaskClient, places: World
) -> None:
    public, editors = etags(anonymous, places), etags(client, places, "?include_drafts=true")
    path = f"/api/v1/events/{places['looting']['id']}"
    body = {"site_ids": [places["citadel"]["id"]]}
    assert patch(reviewer, path, body).status_code == 200
    looting = places["looting"]["id"]
    # Editors see it leave the museum and reach the citadel (back in review).
    assert moved(editors, etags(client, places, "?include_drafts=true")) == {"museum", "citadel"}
    drafts = client.get(history(places["citadel"]) + "?include_drafts=true").get_json()
    assert [event["id"] for event in drafts["events"]] == [looting]
    # The public sees it leave the museum.
    assert "museum" in moved(public, etags(anonymous, places))
    museum = anonymous.get(history(places["museum"])).get_json()
    assert looting not in [event["id"] for event in museum["events"]]


def test_a_claim_and_an_article_change_the_histories_of_their_events_sites(
    client: FlaskClient, reviewer: FlaskClient, anonymous: FlaskClient, places: World
) -> None:
    before = etags(anonymous, places)
    claim = {"article_id": places["article"]["id"], "event_id": places["looting"]["id"]}
    published(client, reviewer, "claims", {**claim, "stance": "affirms"})
    assert moved(before, etags(anonymous, places)) == {"museum"}
    # The article backs claims about the temple's and the museum's events.
    before = etags(anonymous, places)
    path = f"/api/v1/articles/{places['article']['id']}"
    response = patch(client, path, {"title": "Temple and museum reported hit"})
    assert response.status_code == 200, response.get_json()
    assert moved(before, etags(anonymous, places)) == {"temple", "museum"}


def test_an_actor_or_source_renamed_changes_every_etag(
    client: FlaskClient, anonymous: FlaskClient, places: World
) -> None:
    before = etags(anonymous, places)
    path = f"/api/v1/actors/{places['isil']['id']}"
    assert patch(client, path, {"name": "Islamic State"}).status_code == 200
    assert moved(before, etags(anonymous, places)) == set(SITES)
    before = etags(anonymous, places)
    path = f"/api/v1/sources/{places['publisher']['id']}"
    assert patch(client, path, {"name": "Example Wire Service"}).status_code == 200
    assert moved(before, etags(anonymous, places)) == set(SITES)


def test_a_new_actor_or_source_changes_no_etag(
    client: FlaskClient, anonymous: FlaskClient, places: World
) -> None:
    """No history names a record just created: the write that first names it (an event's
    actor, a claim's speaker) marks the sites it reaches."""
    public, editors = etags(anonymous, places), etags(client, places, "?include_drafts=true")
    created(client, "actors", {"name": "Syrian Arab Army"})
    created(client, "sources", {"name": "SANA", "kind": "organisation"})
    assert moved(public, etags(anonymous, places)) == set()
    assert moved(editors, etags(client, places, "?include_drafts=true")) == set()


def test_a_draft_changes_editors_etags_and_not_the_publics(
    client: FlaskClient, anonymous: FlaskClient, places: World
) -> None:
    public, editors = etags(anonymous, places), etags(client, places, "?include_drafts=true")
    created(
        client, "events", {"type": "looted", "date": "2016", "site_ids": [places["citadel"]["id"]]}
    )
    assert moved(public, etags(anonymous, places)) == set()
    assert moved(editors, etags(client, places, "?include_drafts=true")) == {"citadel"}


def test_with_include_descendants_any_write_below_changes_the_etag(
    client: FlaskClient, reviewer: FlaskClient, anonymous: FlaskClient, places: World
) -> None:
    """A history with its descendants' events shows other sites' data: it keeps the
    whole database's mark."""
    path = history(places["city"]) + "?include=descendants"
    tag = anonymous.get(path).headers["ETag"]
    event = f"/api/v1/events/{places['looting']['id']}"
    assert patch(reviewer, event, {"description": "Statues smashed."}).status_code == 200
    assert anonymous.get(path, headers={"If-None-Match": tag}).status_code == 200


def test_no_304_and_no_cached_copy_is_served_for_a_changed_history(
    app: Flask,
    database_url: str,
    client: FlaskClient,
    reviewer: FlaskClient,
    admin: FlaskClient,
    anonymous: FlaskClient,
    places: World,
) -> None:
    """After each write, every site's history as served (its 304 for the ETag a client
    kept, or the cached 200) is the history an app with no cache builds anew."""
    fresh = create_app({"DATABASE_URL": database_url, "TESTING": True, "DOCUMENT_CACHE_MB": 0})
    truth = fresh.test_client()
    claim = {"article_id": places["article"]["id"], "event_id": places["looting"]["id"]}

    def capture_aleppo() -> None:
        body = {"type": "captured", "date": "2012-10", "site_ids": [places["aleppo"]["id"]]}
        published(client, reviewer, "events", body)

    def move_looting() -> None:
        path = f"/api/v1/events/{places['looting']['id']}"
        assert patch(reviewer, path, {"site_ids": [places["temple"]["id"]]}).status_code == 200

    def retract_claim() -> None:
        path = f"/api/v1/claims/{places['claim']['id']}"
        assert act(reviewer, path, "retract", "Misread.").status_code == 200

    def move_citadel() -> None:
        path = f"/api/v1/sites/{places['citadel']['id']}"
        assert patch(client, path, {"parent_id": places["city"]["id"]}).status_code == 200

    def rename_publisher() -> None:
        path = f"/api/v1/sources/{places['publisher']['id']}"
        assert patch(client, path, {"name": "Wire"}).status_code == 200

    writes = [
        capture_aleppo,
        lambda: published(client, reviewer, "claims", {**claim, "stance": "disputes"}),
        move_citadel,
        move_looting,
        retract_claim,
        rename_publisher,
    ]
    try:
        for write in writes:
            kept = {name: anonymous.get(history(places[name])) for name in SITES}
            write()
            for name in SITES:
                path = history(places[name])
                expected = truth.get(path).get_json()
                old = kept[name]
                conditional = anonymous.get(path, headers={"If-None-Match": old.headers["ETag"]})
                if conditional.status_code == 304:  # the copy the client kept is still right
                    assert old.get_json() == expected, (write, name)
                else:
                    assert conditional.status_code == 200, (write, name)
                    assert conditional.get_json() == expected, (write, name)
                assert anonymous.get(path).get_json() == expected, (write, name)  # the cache
    finally:
        fresh.extensions["heritage.engine"].dispose()
