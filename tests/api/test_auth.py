"""Accounts, tokens and roles over HTTP: who may read, write, publish and manage."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from heritage.models import Revision
from tests.api.conftest import signed_in, snapshot
from tests.api.helpers import created, patch

SITE = {"name": "Palmyra", "kind": "city"}


def test_a_write_without_a_token_is_401_with_a_challenge(
    anonymous: FlaskClient, engine: Engine
) -> None:
    before = snapshot(engine)
    response = anonymous.post("/api/v1/sites", json=SITE)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert snapshot(engine) == before


def test_a_viewer_cannot_write(viewer: FlaskClient, engine: Engine) -> None:
    before = snapshot(engine)
    assert viewer.post("/api/v1/sites", json=SITE).status_code == 403
    assert snapshot(engine) == before


def test_an_editor_writes_and_the_revision_names_them(
    client: FlaskClient, session: Session
) -> None:
    site = created(client, "sites", SITE)
    revisions = client.get(f"/api/v1/sites/{site['id']}/revisions").get_json()
    assert [(r["action"], r["user_name"]) for r in revisions] == [("created", "editor")]
    assert revisions[0]["changes"]["name"] == [None, "Palmyra"]
    stored = session.scalars(select(Revision).where(Revision.resource == "site")).one()
    assert stored.user_id is not None


@pytest.mark.parametrize("header", ["Bearer htg_not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer"])
def test_a_bad_credential_is_401_even_for_reads(anonymous: FlaskClient, header: str) -> None:
    response = anonymous.get("/api/v1/sites", headers={"Authorization": header})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_revoked_expired_and_disabled_tokens_stop_working(
    app: Flask, admin: FlaskClient, engine: Engine
) -> None:
    user = created(admin, "users", {"username": "carol", "role": "editor"})
    token = admin.post(f"/api/v1/users/{user['id']}/tokens", json={"name": "laptop"}).get_json()
    carol = signed_in(app, token["token"])
    assert carol.get("/api/v1/sites").status_code == 200

    assert admin.delete(f"/api/v1/users/{user['id']}/tokens/{token['id']}").status_code == 204
    assert carol.get("/api/v1/sites").status_code == 401

    second = admin.post(f"/api/v1/users/{user['id']}/tokens", json={}).get_json()
    carol = signed_in(app, second["token"])
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE api_tokens SET expires_at = :past WHERE id = :id"),
            {"past": "2000-01-01 00:00:00", "id": second["id"]},
        )
    assert carol.get("/api/v1/sites").status_code == 401

    third = admin.post(f"/api/v1/users/{user['id']}/tokens", json={}).get_json()
    carol = signed_in(app, third["token"])
    assert carol.get("/api/v1/sites").status_code == 200
    assert patch(admin, f"/api/v1/users/{user['id']}", {"disabled": True}).status_code == 200
    assert carol.get("/api/v1/sites").status_code == 401


def test_the_token_is_shown_once_and_only_its_hash_is_stored(
    admin: FlaskClient, engine: Engine
) -> None:
    user = created(admin, "users", {"username": "dave", "role": "viewer"})
    token = admin.post(f"/api/v1/users/{user['id']}/tokens", json={}).get_json()["token"]
    listed = admin.get(f"/api/v1/users/{user['id']}/tokens").get_json()
    assert all("token" not in entry for entry in listed)
    stored = str(snapshot(engine))
    assert token not in stored
    assert token[4:] not in stored


def test_passwords_are_stored_as_argon2_hashes(admin: FlaskClient, engine: Engine) -> None:
    password = "correct horse battery staple"
    created(admin, "users", {"username": "erin", "role": "editor", "password": password})
    with engine.connect() as connection:
        stored = connection.execute(
            text("SELECT password_hash FROM users WHERE username = 'erin'")
        ).scalar_one()
    assert stored.startswith("$argon2id$")
    assert password not in str(snapshot(engine))


def test_account_changes_leave_a_trail_for_admins_only(
    client: FlaskClient, admin: FlaskClient
) -> None:
    user = created(admin, "users", {"username": "farah", "role": "editor"})
    admin.post(f"/api/v1/users/{user['id']}/tokens", json={"name": "phone"})
    patch(admin, f"/api/v1/users/{user['id']}", {"role": "reviewer", "password": "x" * 16})
    trail = admin.get(f"/api/v1/users/{user['id']}/revisions").get_json()
    assert [(r["resource"], r["action"]) for r in trail] == [
        ("user", "created"),
        ("token", "created"),
        ("user", "updated"),
    ]
    assert trail[2]["changes"]["role"] == ["editor", "reviewer"]
    assert "x" * 16 not in str(trail)
    assert client.get(f"/api/v1/users/{user['id']}/revisions").status_code == 403
    assert all(
        c["resource"] not in ("user", "token") for c in admin.get("/api/v1/changes").get_json()
    )


def test_only_admins_manage_users(client: FlaskClient, admin: FlaskClient) -> None:
    assert client.get("/api/v1/users").status_code == 403
    assert client.post("/api/v1/users", json={"username": "x1", "role": "admin"}).status_code == 403
    assert admin.get("/api/v1/users").status_code == 200


def test_repeated_failed_sign_ins_are_refused_with_429(app: Flask) -> None:
    app.extensions["heritage.failed_attempts"].limit = 3
    intruder = app.test_client()
    statuses = [
        intruder.get("/api/v1/sites", headers={"Authorization": f"Bearer htg_guess{n}"}).status_code
        for n in range(5)
    ]
    assert statuses == [401, 401, 401, 429, 429]
    refused = intruder.get("/api/v1/sites", headers={"Authorization": "Bearer htg_guess9"})
    assert refused.mimetype == "application/problem+json"
    assert int(refused.headers["Retry-After"]) >= 1
    # Anonymous reads never counted as attempts, and stay open.
    assert intruder.get("/api/v1/sites").status_code == 200


def test_a_valid_token_goes_through_from_a_client_over_its_limit(
    app: Flask, tokens: dict[str, str], engine: Engine
) -> None:
    """Colleagues behind one NAT or proxy share an address: one of them mistyping (or an
    intruder guessing) must not lock the others out."""
    app.extensions["heritage.failed_attempts"].limit = 3
    office = app.test_client()
    office.environ_base["REMOTE_ADDR"] = "192.0.2.10"
    for n in range(4):
        office.get("/api/v1/sites", headers={"Authorization": f"Bearer htg_typo{n}"})
    assert (
        office.get("/api/v1/sites", headers={"Authorization": "Bearer htg_typo9"}).status_code
        == 429
    )

    editor = {"Authorization": f"Bearer {tokens['editor']}"}
    assert office.get("/api/v1/sites", headers=editor).status_code == 200
    site = office.post("/api/v1/sites", json=SITE, headers=editor)
    assert site.status_code == 201
    assert office.get(f"/api/v1/sites/{site.get_json()['id']}").status_code == 200
    # The address stays refused for wrong tokens all the same.
    assert office.get("/api/v1/sites", headers={"Authorization": "Bearer htg_x"}).status_code == 429


def test_a_credential_that_keeps_failing_is_refused_from_every_address(app: Flask) -> None:
    app.extensions["heritage.failed_attempts"].limit = 3
    revoked = {"Authorization": "Bearer htg_revoked-long-ago"}
    statuses = [
        app.test_client()
        .get("/api/v1/sites", headers=revoked, environ_base={"REMOTE_ADDR": f"198.51.100.{n}"})
        .status_code
        for n in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    # Those addresses failed once each: another credential from them is still checked.
    other = {"Authorization": "Bearer htg_another"}
    fresh = app.test_client().get(
        "/api/v1/sites", headers=other, environ_base={"REMOTE_ADDR": "198.51.100.3"}
    )
    assert fresh.status_code == 401


def test_the_last_admin_token_cannot_be_revoked_over_the_api(
    app: Flask, admin: FlaskClient, tokens: dict[str, str], engine: Engine
) -> None:
    """Tokens are the only way in: revoking the last one an admin holds would leave no one
    able to manage users and tokens, short of the server's command line."""
    me = next(u for u in admin.get("/api/v1/users").get_json() if u["username"] == "admin")
    (mine,) = admin.get(f"/api/v1/users/{me['id']}/tokens").get_json()
    before = snapshot(engine)
    refused = admin.delete(f"/api/v1/users/{me['id']}/tokens/{mine['id']}")
    assert refused.status_code == 409
    assert refused.mimetype == "application/problem+json"
    assert "last active token" in refused.get_json()["detail"]
    assert snapshot(engine) == before
    assert admin.get("/api/v1/users").status_code == 200

    # With a second admin token in hand, the first may go (rotating a token).
    spare = admin.post(f"/api/v1/users/{me['id']}/tokens", json={"name": "spare"}).get_json()
    assert admin.delete(f"/api/v1/users/{me['id']}/tokens/{mine['id']}").status_code == 204
    assert admin.get("/api/v1/users").status_code == 401
    assert signed_in(app, spare["token"]).get("/api/v1/users").status_code == 200


def test_another_admins_token_can_be_revoked(app: Flask, admin: FlaskClient) -> None:
    second = created(admin, "users", {"username": "second-admin", "role": "admin"})
    token = admin.post(f"/api/v1/users/{second['id']}/tokens", json={}).get_json()
    assert admin.delete(f"/api/v1/users/{second['id']}/tokens/{token['id']}").status_code == 204
    assert signed_in(app, token["token"]).get("/api/v1/users").status_code == 401
