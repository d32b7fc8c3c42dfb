"""Signing in to the web app: a session cookie for people, never a way into the API; CSRF
on every form that changes something; failures counted like the API's tokens."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from heritage.auth import SYSTEM
from heritage.services import accounts
from tests.web.helpers import PASSWORD, csrf_token, sign_in


def who(client: FlaskClient) -> str | None:
    """The name the page header shows for the signed-in reader, or None."""
    page = client.get("/").get_data(as_text=True)
    if 'class="who"' not in page:
        return None
    return page.split('class="who" dir="auto">', 1)[1].split("<", 1)[0]


def test_a_person_signs_in_with_their_password_and_is_sent_where_they_were_going(
    anonymous: FlaskClient, people: dict[str, int]
) -> None:
    response = anonymous.post(
        "/login",
        data={
            "username": " Editor ",  # as typed on a phone: spaces and a capital
            "password": PASSWORD,
            "next": "/?lang=en",
            "csrf_token": csrf_token(anonymous),
        },
    )

    assert response.status_code == 303 and response.headers["Location"] == "/?lang=en"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert who(anonymous) == "editor"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_sign_in_never_sends_a_person_to_another_site(
    anonymous: FlaskClient, people: dict[str, int], target: str
) -> None:
    data = {"username": "editor", "password": PASSWORD, "next": target}
    response = anonymous.post("/login", data={**data, "csrf_token": csrf_token(anonymous)})

    assert response.status_code == 303 and response.headers["Location"] == "/"


@pytest.mark.parametrize(
    ("username", "password"),
    [("editor", "wrong password!"), ("nobody", PASSWORD), ("editor", "")],
)
def test_a_failed_sign_in_says_so_without_telling_which_part_was_wrong(
    anonymous: FlaskClient, people: dict[str, int], username: str, password: str
) -> None:
    data = {"username": username, "password": password, "csrf_token": csrf_token(anonymous)}
    response = anonymous.post("/login", data=data)

    assert response.status_code == 401
    assert "Unknown username or wrong password." in response.get_data(as_text=True)
    assert who(anonymous) is None


def test_a_disabled_account_cannot_sign_in_and_its_open_sessions_end(
    app: Flask, people: dict[str, int], session: Session
) -> None:
    open_session = sign_in(app.test_client(), "editor")
    accounts.update_user(session, SYSTEM, people["editor"], {"disabled": True})
    session.commit()

    assert who(open_session) is None
    client = app.test_client()
    data = {"username": "editor", "password": PASSWORD, "csrf_token": csrf_token(client)}
    assert client.post("/login", data=data).status_code == 401


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(
    app: Flask, people: dict[str, int], session: Session
) -> None:
    open_session = sign_in(app.test_client(), "editor")
    accounts.update_user(session, SYSTEM, people["editor"], {"password": "a new long password"})
    session.commit()

    assert who(open_session) is None
    assert who(sign_in(app.test_client(), "editor", "a new long password")) == "editor"


def test_repeated_failures_are_refused_for_a_while_even_with_the_right_password(
    anonymous: FlaskClient, people: dict[str, int]
) -> None:
    token = csrf_token(anonymous)

    def attempt(password: str) -> int:
        data = {"username": "editor", "password": password, "csrf_token": token}
        return anonymous.post("/login", data=data).status_code

    assert [attempt(f"guess number {n}") for n in range(10)] == [401] * 10
    assert attempt(PASSWORD) == 429
    assert who(anonymous) is None


def test_a_form_without_its_csrf_token_changes_nothing(
    anonymous: FlaskClient, editor: FlaskClient, people: dict[str, int]
) -> None:
    refused = anonymous.post("/login", data={"username": "editor", "password": PASSWORD})
    assert refused.status_code == 400
    assert who(anonymous) is None

    forged = editor.post("/logout", data={"csrf_token": "not-the-token"})
    assert forged.status_code == 400
    assert who(editor) == "editor"

    signed_out = editor.post("/logout", data={"csrf_token": csrf_token(editor, "/")})
    assert signed_out.status_code == 303 and who(editor) is None


def test_the_web_session_is_no_way_into_the_api(editor: FlaskClient) -> None:
    """The API keeps its bearer tokens: a page on another site cannot make a signed-in
    browser write through it, and the API's answers stay problem+json."""
    response = editor.post("/api/v1/actors", json={"name": "ISIL", "kind": "armed_group"})

    assert response.status_code == 401
    assert response.headers["Content-Type"] == "application/problem+json"


def test_passwords_are_never_logged(
    anonymous: FlaskClient, people: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for password in (PASSWORD, "a wrong password"):
        data = {"username": "editor", "password": password, "csrf_token": csrf_token(anonymous)}
        anonymous.post("/login", data=data)

    assert PASSWORD not in caplog.text and "a wrong password" not in caplog.text
