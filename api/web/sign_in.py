"""Session sign-in for the web app: who the reader is, and the guards every web request
passes (CSRF on anything that changes state; failed sign-ins counted like the API's tokens).

The session remembers the user's id with a fingerprint of their password hash, so changing
a password or disabling the account ends every session it had.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import Flask, current_app, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, login_user, logout_user

from api.auth import FailedAttempts
from api.database import db_session
from api.web.i18n import ROLE_NAMES
from heritage.auth import ANONYMOUS, Principal
from heritage.models import User
from heritage.services.accounts import password_matches, principal_of
from heritage.vocab import Role

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
View = TypeVar("View", bound=Callable[..., Any])
_ATTEMPTS = "heritage.web_sign_in_attempts"


@dataclass(frozen=True)
class WebUser:
    """What Flask-Login keeps for a signed-in reader."""

    principal: Principal
    session_id: str
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        return self.session_id


def _session_id(user: User) -> str:
    fingerprint = hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]
    return f"{user.id}.{fingerprint}"


def _load_user(session_id: str) -> WebUser | None:
    user_id, _, _ = session_id.partition(".")
    if not user_id.isdigit():
        return None
    user = db_session().get(User, int(user_id))
    if user is None or user.disabled or user.password_hash is None:
        return None
    if _session_id(user) != session_id:  # the password changed since this session began
        return None
    return WebUser(principal_of(user), session_id)


def web_principal() -> Principal:
    if current_user.is_authenticated:
        principal: Principal = current_user.principal
        return principal
    return ANONYMOUS


def sign_in(username: str, password: str) -> Principal | None:
    """Sign the reader in, or None: unknown user, wrong password, or disabled."""
    user = db_session().query(User).filter_by(username=username.strip().lower()).one_or_none()
    if user is None or user.disabled or not password_matches(user.password_hash, password):
        return None
    login_user(WebUser(principal_of(user), _session_id(user)))
    return principal_of(user)


def sign_out() -> None:
    logout_user()


def requires(role: Role) -> Callable[[View], View]:
    """Let only readers with `role` (or above) through: others are sent to sign in, or
    refused with 403 if they are signed in already. The role is kept on the view, for the
    walk over the URL map that checks every form has a guard."""

    def guard(view: View) -> View:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            principal = web_principal()
            if principal.is_anonymous:
                return redirect(url_for("web.login", next=request.full_path.rstrip("?")))
            if not principal.has(role):
                from api.web.pages import render_refusal

                return render_refusal(
                    403, _("This page needs the %(role)s role.", role=ROLE_NAMES[role])
                )
            return view(*args, **kwargs)

        guarded.required_role = role  # type: ignore[attr-defined]
        return cast(View, guarded)

    return guard


def attempts() -> FailedAttempts:
    found: FailedAttempts = current_app.extensions[_ATTEMPTS]
    return found


def safe_next(target: str | None, default: str) -> str:
    """A `next` URL only if it stays on this site (no scheme, no host, not `//evil`)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def before_web_request() -> None:
    g.principal = web_principal()
    if request.method not in READ_METHODS:
        # A form that posts more than the app's limit says so on its view (an article's
        # form, with a saved page): set before the token check reads the body.
        view = current_app.view_functions.get(request.endpoint or "")
        limits = getattr(view, "body_limits", None)
        if limits is not None:
            request.max_content_length, request.max_form_memory_size = limits
        current_app.extensions["csrf"].protect()


def init_app(app: Flask) -> None:
    manager = LoginManager(app)
    manager.user_loader(_load_user)
    manager.login_view = "web.login"
    manager.session_protection = "basic"
    app.extensions[_ATTEMPTS] = FailedAttempts(
        limit=app.config.get("AUTH_FAILURE_LIMIT", 10),
        window_seconds=app.config.get("AUTH_FAILURE_WINDOW_SECONDS", 300),
    )
