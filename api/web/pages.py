"""The pages every reader meets: the front page, signing in and out, and refusals."""

from __future__ import annotations

from flask import make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from api.auth import client_address
from api.web import blp
from api.web.sign_in import attempts, safe_next, sign_in, sign_out, web_principal


def render_refusal(status: int, reason: str) -> tuple[str, int]:
    return render_template("refusal.html", status=status, reason=reason), status


def http_error_page(error: HTTPException) -> Response:
    status = error.code or 500
    reasons = {
        404: _("There is nothing at this address."),
        405: _("This address does not take that kind of request."),
    }
    reason = reasons.get(status, _("The server could not handle this request."))
    page = make_response(render_template("refusal.html", status=status, reason=reason), status)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            page.headers[name] = value
    return page


def refused_csrf(error: Exception) -> tuple[str, int]:
    return render_refusal(
        400,
        _(
            "This form was not sent from this site's page, or its page is too old."
            " Reload the page and send it again: what you typed is kept in your drafts."
        ),
    )


@blp.get("/favicon.ico")
def favicon() -> Response:
    """The site's icon where browsers and feed readers look for it without a page's link
    (the API's documents, a file opened directly): the same icon the pages link to."""
    found = redirect(url_for("web.static", filename="icons/heritage.svg"), 302)
    found.headers["Cache-Control"] = "public, max-age=86400"  # not permanent: it may move
    return found


@blp.get("/login")
def login() -> str:
    return render_template("login.html", next=request.args.get("next", ""))


@blp.post("/login")
def login_submit() -> Response | tuple[str, int]:
    username = request.form.get("username", "")
    target = safe_next(request.form.get("next"), url_for("web.home"))
    failures = attempts()
    address = "web-address:" + client_address()
    account = "web-user:" + username.strip().lower()
    if failures.retry_after(address) or failures.retry_after(account):
        message = _("Too many failed sign-ins. Wait a few minutes before trying again.")
        return render_template("login.html", error=message, next=target), 429
    if sign_in(username, request.form.get("password", "")) is None:
        failures.record(address)
        failures.record(account)
        message = _("Unknown username or wrong password.")
        return render_template("login.html", error=message, next=target), 401
    return redirect(target, code=303)


@blp.post("/logout")
def logout() -> Response:
    sign_out()
    return redirect(url_for("web.home"), code=303)


@blp.app_context_processor
def _reader() -> dict[str, object]:
    return {"reader": web_principal()}
