"""The account page: the reader's own API tokens, issued by admins as the API allows and
seen and revoked by their owner whatever their role, the secret shown once on the page
that creates it, and a revoked token refused by the API."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritage.auth import SYSTEM
from heritage.models import ApiToken
from heritage.services import accounts
from tests.web.helpers import csrf_token, sign_in

_SECRET = re.compile(r'<code id="secret">(htg_[^<]+)</code>')


@pytest.fixture
def admin(app: Flask, people: dict[str, int]) -> FlaskClient:
    return sign_in(app.test_client(), "admin")


def create(client: FlaskClient, name: str = "Field laptop", days: str = "30") -> object:
    data = {"csrf_token": csrf_token(client, "/account"), "name": name, "days": days}
    return client.post("/account/tokens", data=data)


def api_reads_users_with(app: Flask, secret: str) -> int:
    client = app.test_client()
    return client.get("/api/v1/users", headers={"Authorization": f"Bearer {secret}"}).status_code


def token_rows(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(ApiToken)) or 0


def revoke(client: FlaskClient, token_id: int) -> object:
    confirm = client.get(f"/account/tokens/{token_id}/revoke")
    assert confirm.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', confirm.get_data(as_text=True))
    assert token
    return client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": token[1]})


def test_a_new_token_is_shown_once_then_listed_without_its_secret(
    app: Flask, admin: FlaskClient
) -> None:
    response = create(admin)

    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    secret = _SECRET.search(response.get_data(as_text=True))
    assert secret
    assert api_reads_users_with(app, secret[1]) == 200
    listing = admin.get("/account").get_data(as_text=True)
    assert "Field laptop" in listing and f'<code dir="ltr">{secret[1][:10]}…</code>' in listing
    assert secret[1] not in listing


def test_a_revoked_token_is_refused_by_the_api(app: Flask, admin: FlaskClient) -> None:
    first = _SECRET.search(create(admin, "Old laptop").get_data(as_text=True))
    assert first and _SECRET.search(create(admin, "New laptop").get_data(as_text=True))
    listing = admin.get("/account").get_data(as_text=True)
    first_id = int(re.findall(r"/account/tokens/(\d+)/revoke", listing)[0])

    response = revoke(admin, first_id)

    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert "is revoked" in admin.get("/account").get_data(as_text=True)
    assert api_reads_users_with(app, first[1]) == 401
    listing = admin.get("/account").get_data(as_text=True)
    assert f"/account/tokens/{first_id}/revoke" not in listing  # revoked: nothing to revoke


def test_the_last_admin_token_is_kept_as_the_api_keeps_it(app: Flask, admin: FlaskClient) -> None:
    secret = _SECRET.search(create(admin).get_data(as_text=True))
    assert secret
    listing = admin.get("/account").get_data(as_text=True)
    token_id = int(re.findall(r"/account/tokens/(\d+)/revoke", listing)[0])

    response = revoke(admin, token_id)

    assert response.status_code == 409
    assert 'class="refused" role="alert"' in response.get_data(as_text=True)
    assert api_reads_users_with(app, secret[1]) == 200


@pytest.mark.parametrize(
    ("name", "days", "field"),
    [
        ("Laptop", "many", "days"),
        ("Laptop", "0", "days"),
        ("Laptop", "4000", "days"),
        ("x" * 1000, "30", "name"),
    ],
)
def test_a_bad_token_form_is_refused_next_to_its_field_and_keeps_what_was_typed(
    session: Session, admin: FlaskClient, name: str, days: str, field: str
) -> None:
    response = create(admin, name, days)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'class="error" id="token-{field}-error"' in page
    assert f'value="{name}"' in page and f'value="{days}"' in page
    assert token_rows(session) == 0


def test_another_users_token_cannot_be_revoked_from_this_account(
    session: Session, admin: FlaskClient, people: dict[str, int]
) -> None:
    _, theirs = accounts.create_token(session, SYSTEM, people["editor"], name="editor's")
    session.commit()

    assert admin.get(f"/account/tokens/{theirs.id}/revoke").status_code == 404
    sent = admin.post(
        f"/account/tokens/{theirs.id}/revoke", data={"csrf_token": csrf_token(admin, "/account")}
    )
    assert sent.status_code == 404
    session.expire_all()
    assert session.get(ApiToken, theirs.id).revoked_at is None  # type: ignore[union-attr]
    assert "editor&#39;s" not in admin.get("/account").get_data(as_text=True)


@pytest.mark.parametrize("role", ["viewer", "editor", "reviewer"])
def test_below_admin_the_account_page_says_an_admin_issues_tokens(
    app: Flask, session: Session, people: dict[str, int], role: str
) -> None:
    client = sign_in(app.test_client(), role)
    page = client.get("/account")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "An admin issues them" in text and "/account/tokens" not in text
    refused = client.post("/account/tokens", data={"csrf_token": csrf_token(client, "/account")})
    assert refused.status_code == 403
    assert token_rows(session) == 0


def test_an_editor_sees_the_tokens_issued_to_them_and_revokes_a_leaked_one(
    app: Flask, session: Session, editor: FlaskClient, people: dict[str, int]
) -> None:
    secret, own = accounts.create_token(session, SYSTEM, people["editor"], name="Field phone")
    _, theirs = accounts.create_token(session, SYSTEM, people["viewer"], name="Viewer's")
    session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    assert app.test_client().get("/api/v1/sites", headers=headers).status_code == 200

    listing = editor.get("/account").get_data(as_text=True)
    assert "Field phone" in listing and f"{own.prefix}…" in listing
    assert "Viewer" not in listing and f"/account/tokens/{theirs.id}/" not in listing

    assert revoke(editor, own.id).status_code == 303
    assert app.test_client().get("/api/v1/sites", headers=headers).status_code == 401
    # Another user's token is not theirs to see or revoke.
    assert editor.get(f"/account/tokens/{theirs.id}/revoke").status_code == 404
    token = csrf_token(editor, "/account")
    refused = editor.post(f"/account/tokens/{theirs.id}/revoke", data={"csrf_token": token})
    assert refused.status_code == 404
    session.expire_all()
    assert session.get(ApiToken, theirs.id).revoked_at is None  # type: ignore[union-attr]


def test_the_public_is_sent_to_sign_in(anonymous: FlaskClient) -> None:
    response = anonymous.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_account_page_in_arabic(admin: FlaskClient) -> None:
    page = admin.get("/account?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in page and "Create the token" not in page and "أنشئ الرمز" in page
