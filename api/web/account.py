"""The signed-in user's own account: who they are, and their API tokens.

Every signed-in reader sees their own tokens and may revoke them (a leaked token must not
wait for an admin); issuing one stays with admins, as the API allows
(heritage.services.accounts). A new token's secret is shown once, on the page that
answers its creation, and never again: the server keeps only its hash.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from api.database import db_session
from api.web import blp
from api.web.i18n import ROLE_NAMES
from api.web.sign_in import requires, web_principal
from heritage.errors import Conflict, InvalidInput, NotFound
from heritage.models import ApiToken
from heritage.services import accounts
from heritage.vocab import Role


@blp.app_context_processor
def _account_helpers() -> dict[str, Any]:
    return {"role_name": lambda role: str(ROLE_NAMES[role]) if role else ""}


def _own_tokens() -> list[ApiToken]:
    return accounts.own_tokens(db_session(), web_principal())


def _account_page(status: int = 200, **context: Any) -> tuple[str, int]:
    context.setdefault("typed", {})
    context.setdefault("errors", {})
    return (
        render_template(
            "account/account.html",
            tokens=_own_tokens(),
            manages_tokens=web_principal().has(Role.ADMIN),
            default_days=accounts.DEFAULT_TOKEN_DAYS,
            max_days=accounts.MAX_TOKEN_DAYS,
            **context,
        ),
        status,
    )


@blp.get("/account")
@requires(Role.VIEWER)
def account() -> tuple[str, int]:
    return _account_page()


@blp.post("/account/tokens")
@requires(Role.ADMIN)
def create_token() -> Response | tuple[str, int]:
    principal = web_principal()
    assert principal.user_id is not None  # a signed-in reader is a user
    name = request.form.get("name", "")
    typed = {"name": name, "days": request.form.get("days", "")}
    days_text = typed["days"].strip()
    if not days_text.isdigit():
        errors = {"days": [_("A whole number of days.")]}
        return _account_page(422, typed=typed, errors=errors)
    session = db_session()
    try:
        secret, token = accounts.create_token(
            session, principal, principal.user_id, name=name.strip(), days=int(days_text)
        )
    except InvalidInput as error:
        session.rollback()
        errors = {field: _field_message(field) for field in error.errors}
        return _account_page(422, typed=typed, errors=errors)
    session.commit()
    page = make_response(
        render_template("account/token_created.html", token=token, secret=secret), 201
    )
    # The secret is on this page only: no cache may keep it.
    page.headers["Cache-Control"] = "no-store"
    return page


def _field_message(field: str) -> list[str]:
    messages = {
        "days": _("Between 1 and %(max)d days.", max=accounts.MAX_TOKEN_DAYS),
        "name": _("The name is too long."),
    }
    return [messages.get(field, _("Not accepted."))]


def _own_token(token_id: int) -> ApiToken:
    for token in _own_tokens():
        if token.id == token_id:
            return token
    abort(404)


@blp.get("/account/tokens/<int:token_id>/revoke")
@requires(Role.VIEWER)
def confirm_revoke_token(token_id: int) -> str:
    return render_template("account/revoke.html", token=_own_token(token_id))


@blp.post("/account/tokens/<int:token_id>/revoke")
@requires(Role.VIEWER)
def revoke_token(token_id: int) -> Response | tuple[str, int]:
    session = db_session()
    try:
        token = accounts.revoke_own_token(session, web_principal(), token_id)
    except NotFound:
        abort(404)
    except Conflict:
        session.rollback()
        refusal = _(
            "This is the last active API token of any admin: revoking it would leave no one"
            " able to manage users and tokens over the API. Create another token first."
            " Nothing was changed."
        )
        return _account_page(409, refusal=refusal)
    session.commit()
    flash(
        _("The token %(prefix)s… is revoked: the API refuses it from now on.", prefix=token.prefix)
    )
    return redirect(url_for("web.account"), code=303)
