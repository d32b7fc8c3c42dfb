"""The change feed as partners read it: after a restore, a cursor from before it is refused
with a clear problem, never read past a gap; and the public's cursors count only what the
public can see."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from heritage.backup import backup_database, restore_database
from tests.api.helpers import act, city_with_temple, created

FEED = "/api/v1/changes"


def read_to_the_end(reader: FlaskClient, since: str | None = None) -> list[dict[str, Any]]:
    """Every change after `since`, following the Link header two at a time."""
    url = f"{FEED}?limit=2" + (f"&since={since}" if since else "")
    entries: list[dict[str, Any]] = []
    while True:
        response = reader.get(url)
        assert response.status_code == 200, response.get_json()
        page = response.get_json()
        if not page:
            return entries
        entries += page
        next_url = response.headers["Link"].removeprefix("<").split(">")[0]
        assert next_url == f"{FEED}?since={page[-1]['cursor']}"
        url = f"{next_url}&limit=2"


def names(entries: list[dict[str, Any]]) -> list[str]:
    return [entry["changes"]["name"][1] for entry in entries if entry["resource"] == "actor"]


def assert_resynchronise(response: TestResponse) -> None:
    assert response.status_code == 410
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["type"] == "urn:heritage:problem:gone"
    assert "restored from a backup" in problem["detail"]
    assert "Resynchronise from a full export" in problem["detail"]
    assert list(problem["errors"]) == ["since"]


def test_after_a_restore_a_cursor_from_before_it_is_refused_never_read_past_a_gap(
    app: Flask, client: FlaskClient, anonymous: FlaskClient, database_url: str, tmp_path: Path
) -> None:
    readers = {"public": anonymous, "editor": client}
    created(client, "actors", {"name": "Brigade 0"})
    read = {name: read_to_the_end(reader)[-1]["cursor"] for name, reader in readers.items()}
    backup = tmp_path / "heritage.backup"
    backup_database(database_url, backup)
    created(client, "actors", {"name": "Brigade 1"})  # the restore takes it away again
    seen = {}
    for name, reader in readers.items():
        after = read_to_the_end(reader, read[name])
        assert names(after) == ["Brigade 1"], name
        seen[name] = after[-1]["cursor"]

    app.extensions["heritage.engine"].dispose()  # the server stops for the restore
    restore_database(database_url, backup)
    # The restored counter hands out again the numbers Brigade 1 had drawn.
    created(client, "actors", {"name": "Brigade 2"})

    for name, reader in readers.items():
        # Reading on from `seen` would skip Brigade 2. From `read`, taken before the backup,
        # it would not; but a cursor does not tell on which side of the backup it was
        # taken, only that it comes from before the restore: both are refused.
        for cursor in (seen[name], read[name]):
            assert_resynchronise(reader.get(f"{FEED}?since={cursor}"))
        # From its start, the feed gives the restored history; its cursors read on.
        restarted = read_to_the_end(reader)
        assert names(restarted) == ["Brigade 0", "Brigade 2"], name
        assert restarted[-1]["cursor"] not in (read[name], seen[name])
    created(client, "actors", {"name": "Brigade 3"})
    for name, reader in readers.items():
        last = read_to_the_end(reader)[-2]["cursor"]
        assert names(read_to_the_end(reader, last)) == ["Brigade 3"], name


def test_a_cursor_from_before_cursors_named_the_epoch_is_refused(
    client: FlaskClient, anonymous: FlaskClient
) -> None:
    """Cursors were `commit.revision` before they named the epoch: nothing tells whether
    the database was restored since, so they get the same answer."""
    created(client, "actors", {"name": "Brigade 0"})
    for reader in (anonymous, client):
        response = reader.get(f"{FEED}?since=1.1")
        assert response.status_code == 410
        assert "earlier version of the feed" in response.get_json()["detail"]
    for nonsense in ("nonsense", "zz-1.1", "0123abcd-1", "0123abcd-q1.1", "0123abcd-" + "1" * 80):
        response = anonymous.get(f"{FEED}?since={nonsense}")
        assert response.status_code == 422, nonsense
        assert list(response.get_json()["errors"]) == ["since"]


def position(cursor: str) -> str:
    """A cursor without the epoch it starts with."""
    return cursor.partition("-")[2]


def test_public_cursors_count_only_what_the_public_sees(
    client: FlaskClient,
    reviewer: FlaskClient,
    admin: FlaskClient,
    viewer: FlaskClient,
    anonymous: FlaskClient,
) -> None:
    world = city_with_temple(client)  # five public commits: two sites, actor, source, article

    def out_of_sight() -> None:
        """An editor's drafts, an account with a token, a setting: nothing public."""
        draft = created(
            client, "events", {"type": "looted", "date": "2015", "site_ids": [world["city"]["id"]]}
        )
        assert act(client, f"/api/v1/events/{draft['id']}", "submit").status_code == 200
        user = created(admin, "users", {"username": f"partner{draft['id']}", "role": "viewer"})
        created(admin, f"users/{user['id']}/tokens", {"name": "laptop"})
        setting = admin.put("/api/v1/settings/allow_self_publish", json={"value": True})
        assert setting.status_code == 200
        created(
            client,
            "claims",
            {"article_id": world["article"]["id"], "event_id": draft["id"], "stance": "affirms"},
        )

    out_of_sight()
    created(client, "actors", {"name": "Brigade 0"})
    out_of_sight()
    event = created(
        client,
        "events",
        {"type": "destroyed", "date": "2015-08-30", "site_ids": [world["temple"]["id"]]},
    )
    path = f"/api/v1/events/{event['id']}"
    assert act(client, path, "submit").status_code == 200
    out_of_sight()
    assert act(reviewer, path, "publish").status_code == 200

    public = read_to_the_end(anonymous)
    assert [(entry["resource"], entry["action"]) for entry in public[-2:]] == [
        ("actor", "created"),
        ("event", "published"),
    ]
    # One position per public change, whatever was written out of sight in between.
    assert [position(entry["cursor"]) for entry in public] == [f"p{n}.1" for n in range(1, 8)]
    assert read_to_the_end(viewer) == public
    editors = read_to_the_end(client)
    assert len(editors) > len(public)

    # A reader whose role changed reads on from the cursor it holds, in its new feed.
    actor = public[-2]
    ids = [entry["id"] for entry in editors]
    from_public_cursor = read_to_the_end(client, actor["cursor"])
    assert [entry["id"] for entry in from_public_cursor] == ids[ids.index(actor["id"]) + 1 :]
    editors_cursor = editors[ids.index(actor["id"])]["cursor"]
    assert read_to_the_end(anonymous, editors_cursor) == public[-1:]
