"""The web app on the test database, and readers signed in through its sign-in form."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from api.app import create_app
from heritage.auth import SYSTEM
from heritage.services import accounts
from tests.web.helpers import PASSWORD, sign_in

ROLES = {"viewer": "viewer", "editor": "editor", "reviewer": "reviewer", "admin": "admin"}


@pytest.fixture
def app(database_url: str, session_factory: object) -> Iterator[Flask]:
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    yield app
    app.extensions["heritage.engine"].dispose()


@pytest.fixture
def people(session: Session) -> dict[str, int]:
    """A user with a password for each role, by user name: their ids."""
    ids = {}
    for name, role in ROLES.items():
        data = {"username": name, "role": role, "display_name": name.title(), "password": PASSWORD}
        ids[name] = accounts.create_user(session, SYSTEM, data).id
    session.commit()
    return ids


@pytest.fixture
def anonymous(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def editor(app: Flask, people: dict[str, int]) -> FlaskClient:
    return sign_in(app.test_client(), "editor")


@pytest.fixture
def reviewer(app: Flask, people: dict[str, int]) -> FlaskClient:
    return sign_in(app.test_client(), "reviewer")


@pytest.fixture
def viewer(app: Flask, people: dict[str, int]) -> FlaskClient:
    return sign_in(app.test_client(), "viewer")
