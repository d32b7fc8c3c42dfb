"""Every web form that changes something is guarded, found by walking the URL map so a form
added later cannot forget it: a valid CSRF token first, then the role the API would ask."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.web.helpers import csrf_token

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Forms anyone may send (with a valid CSRF token): signing in and out.
OPEN_TO_ALL = {"web.login_submit", "web.logout"}
# Forms any signed-in user may send: they take away only the sender's own access, as
# signing out does (a leaked token must not wait for an admin).
OWN_ACCESS = {"web.revoke_token"}
# Forms that need a reviewer, as the API asks: defining a report and issuing one.
REVIEWERS_ONLY = {"web.define_report", "web.issue_report_now"}


def web_writes(app: Flask) -> list[tuple[str, str, str]]:
    """(method, url, endpoint) of every state-changing route outside the API."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") or not rule.methods & WRITES:
            continue
        url = re.sub(r"<int:\w+>", "1", rule.rule)
        url = re.sub(r"<(?:\w+:)?\w+>", "x", url)
        found += [(method, url, rule.endpoint) for method in sorted(rule.methods & WRITES)]
    return found


def test_every_web_form_needs_an_editor_unless_it_signs_in_or_out(app: Flask) -> None:
    writes = web_writes(app)
    assert {endpoint for _, _, endpoint in writes} >= OPEN_TO_ALL | OWN_ACCESS | REVIEWERS_ONLY
    for _, url, endpoint in writes:
        if endpoint in OPEN_TO_ALL:
            continue
        role = getattr(app.view_functions[endpoint], "required_role", None)
        if endpoint in OWN_ACCESS:
            assert role == "viewer", (url, role)
        elif endpoint in REVIEWERS_ONLY:
            assert role == "reviewer", (url, role)
        else:
            assert role is not None and role != "viewer", (url, role)


def test_every_web_form_refuses_a_request_without_its_csrf_token(
    app: Flask, editor: FlaskClient
) -> None:
    for method, url, _ in web_writes(app):
        for token in ({}, {"csrf_token": "forged"}):
            response = editor.open(url, method=method, data=token)
            assert response.status_code == 400, (method, url, response.status_code)


def test_every_guarded_form_refuses_the_anonymous_public_and_viewers(
    app: Flask, anonymous: FlaskClient, viewer: FlaskClient
) -> None:
    for method, url, endpoint in web_writes(app):
        if endpoint in OPEN_TO_ALL:
            continue
        sent = anonymous.open(url, method=method, data={"csrf_token": csrf_token(anonymous)})
        assert sent.status_code == 302 and "/login" in sent.headers["Location"], (url, sent)
        if endpoint in OWN_ACCESS:
            continue  # a viewer may, on their own records only (tests/web/test_account.py)
        sent = viewer.open(url, method=method, data={"csrf_token": csrf_token(viewer, "/")})
        assert sent.status_code == 403, (url, sent.status_code)


def test_reviewers_forms_refuse_editors(app: Flask, editor: FlaskClient) -> None:
    for method, url, endpoint in web_writes(app):
        if endpoint in REVIEWERS_ONLY:
            sent = editor.open(url, method=method, data={"csrf_token": csrf_token(editor, "/")})
            assert sent.status_code == 403, (url, sent.status_code)
