"""An application on the test database, clients signed in with each role, and a way to see
that a failed request stored nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from api.app import create_app
from heritage.auth import SYSTEM
from heritage.db import Base
from heritage.services import accounts
from tests.api.helpers import city_with_temple, published

ROLES = {
    "viewer": "viewer",
    "editor": "editor",
    "editor2": "editor",
    "reviewer": "reviewer",
    "reviewer2": "reviewer",
    "admin": "admin",
}


World = dict[str, Any]


@pytest.fixture
def app(database_url: str, session_factory: Any) -> Iterator[Flask]:
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    yield app
    app.extensions["heritage.engine"].dispose()


@pytest.fixture
def tokens(session: Session) -> dict[str, str]:
    """A user and a bearer token for each role, by user name."""
    issued = {}
    for name, role in ROLES.items():
        user = accounts.create_user(session, SYSTEM, {"username": name, "role": role})
        issued[name], _ = accounts.create_token(session, SYSTEM, user.id, name="tests")
    session.commit()
    return issued


def signed_in(app: Flask, token: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.fixture
def anonymous(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def client(app: Flask, tokens: dict[str, str]) -> FlaskClient:
    """An editor: most tests write."""
    return signed_in(app, tokens["editor"])


@pytest.fixture
def viewer(app: Flask, tokens: dict[str, str]) -> FlaskClient:
    return signed_in(app, tokens["viewer"])


@pytest.fixture
def reviewer(app: Flask, tokens: dict[str, str]) -> FlaskClient:
    return signed_in(app, tokens["reviewer"])


@pytest.fixture
def admin(app: Flask, tokens: dict[str, str]) -> FlaskClient:
    return signed_in(app, tokens["admin"])


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to compare before and after a request. A token's
    `last_used_at` is left out: signing in records it even when the request then fails."""
    with engine.connect() as connection:
        return {
            table.name: sorted(
                tuple(str(value) for value in row)
                for row in connection.execute(
                    select(*(c for c in table.columns if c.name != "last_used_at"))
                )
            )
            for table in Base.metadata.sorted_tables
        }


@pytest.fixture
def world(client: FlaskClient, reviewer: FlaskClient) -> World:
    """Palmyra and its temple, with a published destruction affirmed by a published claim."""
    found = city_with_temple(client)
    found["event"] = published(
        client,
        reviewer,
        "events",
        {
            "type": "destroyed",
            "date": "2015-08-30",
            "site_ids": [found["temple"]["id"]],
            "actors": [{"actor_id": found["isil"]["id"], "role": "perpetrator"}],
        },
    )
    found["claim"] = published(
        client,
        reviewer,
        "claims",
        {
            "article_id": found["article"]["id"],
            "event_id": found["event"]["id"],
            "stance": "affirms",
        },
    )
    found["path"] = f"/api/v1/sites/{found['temple']['id']}/history"
    return found
