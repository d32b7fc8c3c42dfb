"""The web app: server-rendered pages for the public, editors and reviewers, beside the API.

It calls the same services as the API and validates through the same record definitions
(heritage/records); it signs people in with a session cookie (the API keeps its bearer
tokens and never reads that cookie), refuses every state-changing request without a valid
CSRF token, and serves every asset itself: no page makes a request to another origin.
"""

from __future__ import annotations

import os
import secrets

from flask import Blueprint, Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect
from itsdangerous import URLSafeTimedSerializer

from api.auth import API_PATHS
from api.errors import HTML_ERROR_PAGES
from api.web import i18n, sign_in
from heritage.services.accounts import session_secret

blp = Blueprint(
    "web", __name__, template_folder="templates", static_folder="static", static_url_path="/assets"
)
csrf = CSRFProtect()
blp.before_request(sign_in.before_web_request)

# Their views register on blp.
from api.web import (  # noqa: E402, F401
    account,
    article_text,
    base_maps,
    candidates,
    forms,
    pages,
    public,
    reports,
    review,
)

blp.app_errorhandler(CSRFError)(pages.refused_csrf)


def init_app(app: Flask) -> None:
    # Flask's defaults are None and False: what is not configured gets the safe choice.
    for cookie in ("SESSION", "REMEMBER"):
        app.config[f"{cookie}_COOKIE_HTTPONLY"] = True
        app.config[f"{cookie}_COOKIE_SAMESITE"] = (
            app.config.get(f"{cookie}_COOKIE_SAMESITE") or "Lax"
        )
        # Behind TLS (HERITAGE_TLS=1) the cookie is never sent in clear; on a laptop at
        # http://127.0.0.1 a Secure cookie would not be sent at all.
        app.config[f"{cookie}_COOKIE_SECURE"] = (
            bool(app.config.get(f"{cookie}_COOKIE_SECURE")) or os.environ.get("HERITAGE_TLS") == "1"
        )
    # The API's bearer-token requests carry no cookie to forge: CSRF is checked on the web
    # blueprint's requests only (sign_in.before_web_request).
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # a form open all day still saves
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ.get("HERITAGE_SECRET_KEY")
    app.session_interface = _SessionsSignedWithStoredKey()
    csrf.init_app(app)
    app.extensions[HTML_ERROR_PAGES] = pages.http_error_page
    i18n.init_app(app)
    sign_in.init_app(app)
    app.register_blueprint(blp)


class _SessionsSignedWithStoredKey(SecureCookieSessionInterface):
    """Without HERITAGE_SECRET_KEY, the key is the instance's own, kept in its database so
    sessions outlive a restart; read at the first request, when the schema is there."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path.startswith(API_PATHS):
            return None  # the API has bearer tokens, no session: Flask's empty NullSession
        return super().open_session(app, request)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            with app.extensions["heritage.sessions"]() as session:
                app.secret_key = session_secret(session, secrets.token_hex(32))
                session.commit()
        return super().get_signing_serializer(app)
