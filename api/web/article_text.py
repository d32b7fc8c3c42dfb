"""An article's text in the web app: loaded from a saved web page on its form, and the near
copy it may be of proposed to the editor, who confirms it as the article's syndicated_from.

The page's main text is found as the bulk ingest finds it (heritage.extraction.html_text);
the proposal is the one the API reads at /api/v1/articles/{id}/near-copies
(heritage.services.articles.near_copies), and confirming it is an ordinary update of the
article, at the version the editor saw.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from api.database import db_session
from api.web import blp
from api.web.i18n import translated
from api.web.sign_in import requires, web_principal
from heritage.errors import Conflict, InvalidInput, NotFound, StaleVersion
from heritage.extraction.html_text import MAX_PAGE_BYTES, saved_page_main_text
from heritage.messages import N_
from heritage.records.article import ARTICLE
from heritage.records.fields import Text
from heritage.services import articles
from heritage.vocab import Role

# The file input beside the article's text area.
SAVED_PAGE = "text_html"
_TEXT_FIELD = ARTICLE.field("text")
_TEXT_CHARS = _TEXT_FIELD.max_length if isinstance(_TEXT_FIELD, Text) else 0
# What an article's form may post: a saved page, and a text of up to _TEXT_CHARS characters
# (4 bytes each at most in UTF-8) with the other fields. The app's limit (MAX_CONTENT_LENGTH,
# 4 MB) is for everything else; a body above this is refused before it is read (413).
ARTICLE_FORM_BODY = MAX_PAGE_BYTES + 4 * _TEXT_CHARS + 64 * 1024
ARTICLE_FORM_FIELDS = 4 * _TEXT_CHARS + 64 * 1024


def with_saved_page(values: dict[str, list[str]]) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """The form's values with the text of the page the editor chose in place of the text,
    or the problem with it under `text` (nothing else of the form is touched). A text typed
    as well is not overwritten: the editor is asked to keep one or the other."""
    upload = request.files.get(SAVED_PAGE)
    if upload is None or not upload.filename:
        return values, {}
    typed = (values.get("text") or [""])[-1]
    if typed.strip():
        return values, {
            "text": [
                N_(
                    "You typed a text and chose a web page to load it from: keep one. Empty"
                    " the text field to load the page, or leave the page out."
                )
            ]
        }
    data = upload.stream.read(MAX_PAGE_BYTES + 1)
    try:
        text = saved_page_main_text(data)
    except InvalidInput as invalid:
        reasons = invalid.errors.get("html", [invalid.detail])
        return values, {
            "text": [N_("The web page was not loaded. %(reason)s", reason=r) for r in reasons]
        }
    return {**values, "text": [text]}, {}


def near_copies_for(article: Any) -> list[articles.NearCopy]:
    """The syndication to propose on an article's pages to an editor (none to others)."""
    session, principal = db_session(), web_principal()
    if article is None or not principal.has(Role.EDITOR):
        return []
    found = articles.near_copies(session, principal, article.id)
    # The index of texts it brought up to date is kept (it is no record: no revision, no
    # change to what anyone reads), so the next page does not index them again.
    session.commit()
    return found


@blp.post("/articles/<int:article_id>/syndicated-from")
@requires(Role.EDITOR)
def confirm_syndicated_from(article_id: int) -> Response:
    """Set the article's syndicated_from to the source the proposal named, through the
    article's update at the version the editor saw; back to the page it was confirmed on."""
    session, principal = db_session(), web_principal()
    source, version = request.form.get("source_id", ""), request.form.get("version", "")
    if not source.isdigit() or not version.isdigit():
        abort(400)
    back = (
        url_for("web.edit_articles", record_id=article_id)
        if request.form.get("back") == "form"
        else url_for("web.article_page", article_id=article_id)
    )
    try:
        article = articles.update_article(
            session, principal, article_id, {"syndicated_from_id": int(source)}, int(version)
        )
    except NotFound:
        session.rollback()
        abort(404)
    except StaleVersion:
        session.rollback()
        flash(
            gettext(
                "Someone changed this article since you opened it: nothing was changed. Read"
                " the proposal again."
            ),
            "error",
        )
        return redirect(back, 303)
    except (InvalidInput, Conflict) as error:
        session.rollback()
        flash(translated(error.detail), "error")
        return redirect(back, 303)
    session.commit()
    name = article.syndicated_from.name if article.syndicated_from else source
    flash(gettext("Marked as syndicated from %(source)s.", source=name), "ok")
    return redirect(back, 303)
