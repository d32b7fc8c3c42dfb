"""Reading the web app's pages as a browser would: its CSRF token, its sign-in form."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

PASSWORD = "correct horse battery staple"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The token the page at `path` puts in its forms."""
    page = client.get(path)
    found = _TOKEN.search(page.get_data(as_text=True))
    assert found, f"{path} has no form with a CSRF token"
    return found.group(1)


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD) -> FlaskClient:
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return client
