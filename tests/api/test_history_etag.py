"""A site history's ETag is known before the history is built: a matching If-None-Match
costs one read of the site's history mark, and any change to the data the history shows
the reader, the reader's class or the question asked gives a new ETag and a 200. What the
public cannot see (drafts, accounts, settings) leaves the public's ETags as they were, and
what reaches other sites' histories only leaves this one's as it was (more in
test_history_marks.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from api.database import COMMIT_MARKS
from api.resources import sites as sites_view
from tests.api.conftest import World
from tests.api.helpers import act, created, delete, patch, published
from tests.heritage.test_query_count import counting, watching


def test_a_matching_if_none_match_is_answered_304_without_building_the_history(
    app: Flask, anonymous: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = app.extensions["heritage.engine"]
    with counting(engine) as seen:
        first = anonymous.get(world["path"])
    assert first.status_code == 200 and seen  # what a 200 costs
    tag = first.headers["ETag"]
    assert tag.startswith('W/"')

    def not_built(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the history was built for a 304")

    # The mark is read on this thread's connection of its own, outside the pool (the
    # test client serves the request in this thread).
    reader = app.extensions[COMMIT_MARKS].reader().connection
    with (
        monkeypatch.context() as patched,
        counting(engine) as pooled,
        watching(reader) as marked,
    ):
        patched.setattr(sites_view.history, "site_history", not_built)
        again = anonymous.get(world["path"], headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.headers["ETag"] == tag
    assert again.get_data() == b""
    # One read, of the commit mark; nothing of the history, and no pooled connection.
    assert pooled == [], pooled
    assert len(marked) == 1 and "commit_counter" in marked[0], marked
    assert "revisions" not in marked[0]  # the counter's row alone, however large its commit
    # Among other tags, weak or strong, and for HEAD as for GET.
    assert anonymous.get(world["path"], headers={"If-None-Match": f'"x", {tag}'}).status_code == 304
    strong = tag.removeprefix("W/")
    assert anonymous.get(world["path"], headers={"If-None-Match": strong}).status_code == 304
    assert anonymous.head(world["path"], headers={"If-None-Match": tag}).status_code == 304
    # Nothing changed, so the next 200 is the same document under the same ETag.
    stale = anonymous.get(world["path"], headers={"If-None-Match": '"other"'})
    assert stale.status_code == 200
    assert stale.headers["ETag"] == tag
    assert stale.get_json() == first.get_json()


def test_if_none_match_star_and_unknown_sites_take_the_usual_path(
    anonymous: FlaskClient, world: World
) -> None:
    assert anonymous.get(world["path"], headers={"If-None-Match": "*"}).status_code == 304
    missing = "/api/v1/sites/999999/history"
    assert anonymous.get(missing, headers={"If-None-Match": "*"}).status_code == 404
    assert anonymous.get(missing).status_code == 404


def _update_event(c: FlaskClient, r: FlaskClient, a: FlaskClient, w: World) -> None:
    path = f"/api/v1/events/{w['event']['id']}"
    assert patch(r, path, {"description": "Blown up with explosives."}).status_code == 200


def _add_claim(c: FlaskClient, r: FlaskClient, a: FlaskClient, w: World) -> None:
    body = {"article_id": w["article"]["id"], "event_id": w["event"]["id"], "stance": "disputes"}
    published(c, r, "claims", body)


def _add_draft_claim(c: FlaskClient, r: FlaskClient, a: FlaskClient, w: World) -> None:
    body = {"article_id": w["article"]["id"], "event_id": w["event"]["id"], "stance": "affirms"}
    created(c, "claims", body)


def _draft_event_at_another_site(c: FlaskClient, r: FlaskClient, a: FlaskClient, w: World) -> None:
    created(c, "events", {"type": "looted", "date": "2015-09", "site_ids": [w["city"]["id"]]})


def _submit_draft_event(c: FlaskClient, r: FlaskClient, a: FlaskClient, w: World) -> None:
    draft = created(
        c, "events", {"type": "looted", "date": "2016", "site_ids": [w["temple"]["id"]]}
    )
    assert act(c, f"/api/v1/events/{draft['id']}", "submit").status_code == 200


def _create_account_and_token(c: FlaskClient, r: FlaskClient, a: FlaskClient, w: World) -> None:
    user = created(a, "users", {"username": "nadia", "role": "viewer"})
    created(a, f"users/{user['id']}/tokens", {"name": "laptop"})


def _change_a_setting(c: FlaskClient, r: FlaskClient, a: FlaskClient, w: World) -> None:
    response = a.put("/api/v1/settings/allow_self_publish", json={"value": True})
    assert response.status_code == 200, response.get_json()


def _override_grade(c: FlaskClient, r: FlaskClient, a: FlaskClient, w: World) -> None:
    path = f"/api/v1/events/{w['event']['id']}"
    body = {"grade_override": "confirmed", "grade_override_reason": "Satellite imagery."}
    assert patch(r, path, body).status_code == 200


def _retract_claim(c: FlaskClient, r: FlaskClient, a: FlaskClient, w: World) -> None:
    # The event is left with no affirming claim: its computed grade drops to discounted.
    path = f"/api/v1/claims/{w['claim']['id']}"
    assert act(r, path, "retract", "Misread the report.").status_code == 200


def _restrict_site(c: FlaskClient, r: FlaskClient, a: FlaskClient, w: World) -> None:
    path = f"/api/v1/sites/{w['temple']['id']}"
    assert patch(c, path, {"restricted": True}).status_code == 200


def _rename_actor(c: FlaskClient, r: FlaskClient, a: FlaskClient, w: World) -> None:
    path = f"/api/v1/actors/{w['isil']['id']}"
    assert patch(c, path, {"name": "Islamic State"}).status_code == 200


def _rename_city(c: FlaskClient, r: FlaskClient, a: FlaskClient, w: World) -> None:
    path = f"/api/v1/sites/{w['city']['id']}"
    assert patch(c, path, {"name": "Tadmur"}).status_code == 200


def _delete_draft_event(c: FlaskClient, r: FlaskClient, a: FlaskClient, w: World) -> None:
    draft = created(
        c, "events", {"type": "looted", "date": "2016", "site_ids": [w["temple"]["id"]]}
    )
    assert delete(c, f"/api/v1/events/{draft['id']}").status_code == 204


def _delete_and_restore_site(c: FlaskClient, r: FlaskClient, a: FlaskClient, w: World) -> None:
    inside = created(c, "sites", {"name": "Cella", "kind": "other", "parent_id": w["city"]["id"]})
    assert delete(c, f"/api/v1/sites/{inside['id']}").status_code == 204
    assert a.post(f"/api/v1/sites/{inside['id']}/restore").status_code == 200


Change = Callable[[FlaskClient, FlaskClient, FlaskClient, World], None]
CHANGES: dict[str, Change] = {
    "event updated": _update_event,
    "claim added": _add_claim,
    "grade overridden": _override_grade,
    "claim retracted, grade recomputed": _retract_claim,
    "site restricted": _restrict_site,
    "actor renamed": _rename_actor,
    "ancestor renamed": _rename_city,
}
# Writes the public never sees, whatever history it reads.
HIDDEN_CHANGES: dict[str, Change] = {
    "draft claim added": _add_draft_claim,
    "draft event at another site": _draft_event_at_another_site,
    "draft event created and deleted": _delete_draft_event,
    "draft event submitted for review": _submit_draft_event,
    "account and token created": _create_account_and_token,
    "setting changed": _change_a_setting,
}
# Of those, the ones an editor reading the temple's history with its drafts sees there.
IN_THE_TEMPLES_DRAFTS = {
    "draft claim added",
    "draft event created and deleted",
    "draft event submitted for review",
}
# Writes that reach other sites' histories, not the temple's.
ELSEWHERE_CHANGES: dict[str, Change] = {
    "draft event at another site": _draft_event_at_another_site,
    "site beside it created, deleted and restored": _delete_and_restore_site,
    "account and token created": _create_account_and_token,
    "setting changed": _change_a_setting,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_gives_a_new_etag_and_a_200(
    change: str,
    client: FlaskClient,
    reviewer: FlaskClient,
    admin: FlaskClient,
    anonymous: FlaskClient,
    world: World,
) -> None:
    readers = {"public": anonymous, "editor": client}
    before = {name: reader.get(world["path"]) for name, reader in readers.items()}
    CHANGES[change](client, reviewer, admin, world)
    for name, reader in readers.items():
        old = before[name]
        after = reader.get(world["path"], headers={"If-None-Match": old.headers["ETag"]})
        assert after.status_code == 200, (name, change)
        assert after.headers["ETag"] != old.headers["ETag"], (name, change)
        # The new ETag validates the new document.
        tag = after.headers["ETag"]
        assert reader.get(world["path"], headers={"If-None-Match": tag}).status_code == 304


@pytest.mark.parametrize("change", list(HIDDEN_CHANGES))
def test_a_change_out_of_the_publics_sight_keeps_its_etag(
    change: str,
    client: FlaskClient,
    reviewer: FlaskClient,
    admin: FlaskClient,
    viewer: FlaskClient,
    anonymous: FlaskClient,
    world: World,
) -> None:
    """An editor's draft, an account or a setting tells the public nothing: its ETags stay,
    so its copies stay valid (a 304), and none of them reveals that something was written."""
    public = {"anonymous": anonymous, "viewer": viewer}
    paths = [
        world["path"],
        f"{world['path']}?at=2015-09-01",
        f"/api/v1/sites/{world['city']['id']}/history",
    ]
    before = {(name, path): reader.get(path) for name, reader in public.items() for path in paths}
    drafts = f"{world['path']}?include_drafts=true"
    editors = client.get(drafts)
    HIDDEN_CHANGES[change](client, reviewer, admin, world)
    for (name, path), old in before.items():
        tag = old.headers["ETag"]
        again = public[name].get(path, headers={"If-None-Match": tag})
        assert again.status_code == 304, (name, path, change)
        assert again.headers["ETag"] == tag
        assert public[name].get(path).get_json() == old.get_json()
    # Editors' ETags move with the drafts they see in this history.
    after = client.get(drafts, headers={"If-None-Match": editors.headers["ETag"]})
    if change in IN_THE_TEMPLES_DRAFTS:
        assert after.status_code == 200, change
        assert after.headers["ETag"] != editors.headers["ETag"]
    else:
        assert after.status_code == 304, change


@pytest.mark.parametrize("change", list(ELSEWHERE_CHANGES))
def test_a_change_elsewhere_keeps_the_etag_for_every_reader(
    change: str,
    client: FlaskClient,
    reviewer: FlaskClient,
    admin: FlaskClient,
    anonymous: FlaskClient,
    world: World,
) -> None:
    """A write that reaches other sites' histories only leaves this one's cached copies
    valid, for the public and for editors alike."""
    readers = {"public": anonymous, "editor": client}
    paths = [world["path"], f"{world['path']}?include_drafts=true"]
    before = {(name, path): reader.get(path) for name, reader in readers.items() for path in paths}
    ELSEWHERE_CHANGES[change](client, reviewer, admin, world)
    for (name, path), old in before.items():
        again = readers[name].get(path, headers={"If-None-Match": old.headers["ETag"]})
        assert again.status_code == 304, (name, path, change)
        assert readers[name].get(path).get_json() == old.get_json()


def test_the_document_changes_with_the_etag(
    client: FlaskClient, reviewer: FlaskClient, anonymous: FlaskClient, world: World
) -> None:
    """The changes above do reach the history: a 304 there would have served a stale one."""
    tag = anonymous.get(world["path"]).headers["ETag"]
    _rename_actor(client, reviewer, anonymous, world)
    fresh = anonymous.get(world["path"], headers={"If-None-Match": tag})
    assert fresh.status_code == 200
    actors = fresh.get_json()["events"][0]["actors"]
    assert [actor["name"] for actor in actors] == ["Islamic State"]
    _retract_claim(client, reviewer, anonymous, world)
    regraded = anonymous.get(world["path"]).get_json()["events"][0]
    assert (regraded["grade"], regraded["claims"]) == ("discounted", [])


def test_readers_of_different_classes_get_different_etags(
    client: FlaskClient,
    reviewer: FlaskClient,
    viewer: FlaskClient,
    anonymous: FlaskClient,
    world: World,
) -> None:
    path = world["path"]

    def tag(reader: FlaskClient, suffix: str = "") -> str:
        response = reader.get(path + suffix)
        assert response.status_code == 200
        etag: str = response.headers["ETag"]
        return etag

    public = tag(anonymous)
    assert tag(viewer) == public  # the same document: nothing in it names the reader
    # Below editor include_drafts is ignored: the same document, under another ETag (the
    # query's raw arguments are keyed, which never gives one ETag to two documents).
    assert anonymous.get(f"{path}?include_drafts=true").get_json() == anonymous.get(path).get_json()
    editor = tag(client)
    assert editor != public
    assert tag(reviewer) == editor
    drafts = tag(client, "?include_drafts=true")
    assert drafts not in (public, editor)
    # A public ETag never validates an editor's copy, nor the reverse.
    assert client.get(path, headers={"If-None-Match": public}).status_code == 200
    assert anonymous.get(path, headers={"If-None-Match": editor}).status_code == 200
    assert client.get(path, headers={"If-None-Match": drafts}).status_code == 200


def test_each_question_has_its_own_etag(anonymous: FlaskClient, world: World) -> None:
    path = world["path"]
    queries = [
        "",
        "?at=2015-09-01",
        "?at=2015-09-02",
        "?known_at=2015-09-01",
        "?known_at=2015-09-01&at=2015-09-01",
        "?include=descendants",
    ]
    tags = {query: anonymous.get(path + query).headers["ETag"] for query in queries}
    assert len(set(tags.values())) == len(queries), tags
    for query, tag in tags.items():
        assert anonymous.get(path + query, headers={"If-None-Match": tag}).status_code == 304
        for other in queries:
            if other != query:
                response = anonymous.get(path + other, headers={"If-None-Match": tag})
                assert response.status_code == 200, (query, other)
    # The same question in another order is the same question; a bad one is still refused.
    swapped = anonymous.get(f"{path}?at=2015-09-01&known_at=2015-09-01").headers["ETag"]
    assert swapped == tags["?known_at=2015-09-01&at=2015-09-01"]
    assert anonymous.get(f"{path}?at=yesterday").status_code == 422
    # Another site, same question: another ETag.
    city = f"/api/v1/sites/{world['city']['id']}/history"
    assert anonymous.get(city, headers={"If-None-Match": tags[""]}).status_code == 200


def test_a_restored_older_counter_does_not_revalidate_what_came_after(
    app: Flask, client: FlaskClient, anonymous: FlaskClient, world: World
) -> None:
    """`heritage restore` brings back an older counter: the commits after it reuse numbers.
    The time of the last commit is in the ETag, so a copy from before the restore is not
    taken for the different state that later reaches the same number."""
    engine = app.extensions["heritage.engine"]
    counter = text("SELECT value, at FROM commit_counter")
    with engine.connect() as connection:
        backed_up = connection.execute(counter).one()  # as a backup taken before the rename
    _rename_actor(client, client, anonymous, world)
    cached = anonymous.get(world["path"]).headers["ETag"]
    with engine.begin() as connection:  # as the restore of that backup
        seq = connection.execute(counter).one().value
        connection.execute(text("DELETE FROM revisions WHERE commit_seq = :s"), {"s": seq})
        connection.execute(
            text("UPDATE commit_counter SET value = :value, at = :at"), backed_up._asdict()
        )
    # At once: the mark's time is to the microsecond on both engines.
    _rename_city(client, client, anonymous, world)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT value FROM commit_counter")).scalar_one() == seq
    assert anonymous.get(world["path"], headers={"If-None-Match": cached}).status_code == 200
