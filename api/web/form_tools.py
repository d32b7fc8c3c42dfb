"""What the editors' forms ask for while an editor types: a date read back in words, the
records a picker matches, and the form's draft kept on the server (heritage.services.
form_drafts), so an expired session, a closed tab or a crash loses nothing typed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import abort, redirect, render_template, request
from flask_babel import get_locale
from werkzeug.wrappers import Response

from api.database import db_session
from api.web import blp
from api.web.public_words import say, words_in
from api.web.sign_in import requires, web_principal
from heritage.date_reading import (
    DateReading,
    HistoricReading,
    Language,
    read_date,
    read_historic_date,
)
from heritage.errors import InvalidInput, NotFound
from heritage.services import articles, duplicates, events, form_drafts, type_ahead
from heritage.vocab import Role

SUGGESTIONS_SHOWN = 10
# How many of a publisher's latest articles say which language it usually writes in.
LATEST_ARTICLES_READ = 20
# Fields a form posts that are not the record's: the token, the button pressed, the version
# its record was read at (kept as the draft's base version) and the merge's choices.
NOT_DRAFTED = frozenset({"csrf_token", "then", "version"})


def interface_language() -> Language:
    return "ar" if str(get_locale()) == "ar" else "en"


def date_reading(text: str, historic: bool = False) -> DateReading | HistoricReading:
    """The reading of an event's date, or of a date that may lie before AD 1 (`built`)."""
    if historic:
        return read_historic_date(text, interface_language())
    return read_date(text, interface_language())


@blp.get("/forms/date-reading")
@requires(Role.EDITOR)
def date_reading_view() -> str:
    """The reading of a typed date, as the form shows it beside the date field. The date
    comes as `value`, or under the field's own name (htmx sends the input as it is named)."""
    historic = request.args.get("historic") == "1"
    text = request.args.get("value")
    if text is None:
        text = next((v for k, v in request.args.items() if k != "historic"), "")
    reading = date_reading(text[:200], historic)
    return render_template("forms/date_reading.html", reading=reading)


@blp.get("/forms/usual-language")
@requires(Role.EDITOR)
def usual_language() -> Response:
    """The language a publisher's latest articles are most often in (empty if none is
    known): the article form prefills it when the editor picks that publisher."""
    publisher = request.args.get("publisher_id", "")
    if not publisher.isdigit():
        return Response("", mimetype="text/plain")
    latest = articles.list_articles(
        db_session(), web_principal(), publisher_id=int(publisher), page_size=LATEST_ARTICLES_READ
    )
    # Newest first, so a tie goes to the language the publisher wrote in last.
    known = Counter(a.language for a in latest.items if a.language and a.language != "und")
    usual = next((language for language, _ in known.most_common(1)), "")
    return Response(usual, mimetype="text/plain")


@dataclass(frozen=True)
class Suggestion:
    """A record a picker offers: its id, its name, and what tells it from its namesakes."""

    id: int
    label: str
    detail: str


PICKABLE = ("site", "actor", "source", "event", "article")


def _suggestions(kind: str, text: str) -> list[Suggestion]:
    """The records of `kind` whose names or aliases match `text`, through the name index
    (heritage.services.type_ahead: any spelling, Arabic variants, aliases)."""
    session, principal = db_session(), web_principal()
    if not text.strip():
        return []
    if kind in ("site", "actor", "source"):
        return [
            Suggestion(found.id, found.primary_name, _matched_detail(found))
            for found in type_ahead.suggest(session, principal, kind, text, SUGGESTIONS_SHOWN)
        ]
    if kind == "event":
        # Events have no names: they are found by a site they happened at.
        places = type_ahead.suggest(session, principal, "site", text, SUGGESTIONS_SHOWN)
        found_events: dict[int, Suggestion] = {}
        for site in places:
            at_site = events.list_events(session, principal, include_drafts=True, site_id=site.id)
            for event in at_site.items:
                found_events.setdefault(
                    event.id, Suggestion(event.id, event_label(event), site.primary_name)
                )
        # The most recently recorded first: the event an editor just saved, to quote claims on.
        return sorted(found_events.values(), key=lambda s: -s.id)[:SUGGESTIONS_SHOWN]
    if kind == "article":
        return _article_suggestions(text)
    raise NotFound(kind, 0)


def _article_suggestions(text: str) -> list[Suggestion]:
    """Articles by their address, pasted whole, or by their publisher's name (any spelling,
    through the name index), the latest published first: titles have no index of their own."""
    session, principal = db_session(), web_principal()
    by_url = duplicates.article_by_url(session, text)
    if by_url is not None and by_url.deleted_at is None:
        return [_article_suggestion(by_url)]
    found: list[Any] = []
    for publisher in type_ahead.suggest(session, principal, "source", text, SUGGESTIONS_SHOWN):
        latest = articles.list_articles(
            session, principal, publisher_id=publisher.id, page_size=SUGGESTIONS_SHOWN
        )
        found += latest.items
    found.sort(key=lambda article: (article.published, article.id), reverse=True)
    return [_article_suggestion(article) for article in found[:SUGGESTIONS_SHOWN]]


def _article_suggestion(article: Any) -> Suggestion:
    detail = f"{article.publisher.name} · {article.published.isoformat()}"
    return Suggestion(article.id, article.title, detail)


def _matched_detail(found: type_ahead.Suggestion) -> str:
    """What tells a match apart: the name it matched by, if not its own, and where it is."""
    parts = [found.name] if found.name != found.primary_name else []
    if found.parent_name:
        parts.append(found.parent_name)
    return " · ".join(parts)


def event_label(event: Any) -> str:
    """An event as pickers and lists name it: its type in words and its date as typed."""
    return f"{say(words_in(str(get_locale()))['event_types'], event.type)} {event.date_edtf}"


@blp.get("/pick/<kind>")
@requires(Role.EDITOR)
def pick(kind: str) -> str:
    """The listbox of a picker's matches for `q` (the picker's script shows it)."""
    if kind not in PICKABLE:
        abort(404)
    text = request.args.get("q", "")[:200]
    return render_template(
        "forms/picks.html",
        kind=kind,
        field=request.args.get("field", kind),
        suggestions=_suggestions(kind, text),
        text=text,
    )


def drafted_fields(pairs: Sequence[tuple[str, str]]) -> dict[str, str | list[str]]:
    """A posted form's values as a draft keeps them: one text per name, a list when the
    name was sent more than once; the token and buttons left out."""
    fields: dict[str, str | list[str]] = {}
    for name, value in pairs:
        if name in NOT_DRAFTED:
            continue
        kept = fields.get(name)
        if kept is None:
            fields[name] = value
        elif isinstance(kept, list):
            kept.append(value)
        else:
            fields[name] = [kept, value]
    return fields


def draft_values(fields: dict[str, Any]) -> dict[str, list[str]]:
    """A draft's fields as the form's values (each name, its list of texts)."""
    return {
        name: list(value) if isinstance(value, list) else [str(value)]
        for name, value in fields.items()
    }


def _base_version(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and int(text) > 0 else None


@blp.post("/drafts/<path:form_key>")
@requires(Role.EDITOR)
def save_draft(form_key: str) -> Response | tuple[str, int]:
    """Keep the form's values as the editor's draft of it (the form's script posts them a
    couple of seconds after each change)."""
    session = db_session()
    pairs = list(request.form.items(multi=True))
    try:
        form_drafts.save_form_draft(
            session,
            web_principal(),
            form_key,
            drafted_fields(pairs),
            _base_version(request.form.get("version")),
        )
    except InvalidInput as error:
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.errors.items()), 422
    session.commit()
    return Response(status=204)


@blp.post("/drafts/<path:form_key>/discard")
@requires(Role.EDITOR)
def discard_draft(form_key: str) -> Response:
    """Forget the draft, and open the form as it was before the editor typed in it."""
    if not form_drafts.FORM_PATTERN.match(form_key):
        abort(404)  # no form of this site: nothing to discard, nowhere to go back to
    session = db_session()
    form_drafts.discard_form_draft(session, web_principal(), form_key)
    session.commit()
    return redirect("/" + form_key + ("/edit" if form_key.split("/")[-1].isdigit() else ""), 303)
