"""The interface's language: English or Arabic (right to left), as the reader chose it
(`?lang=`, remembered in the session) or as the browser asks for it."""

from __future__ import annotations

from babel.support import NullTranslations
from flask import Flask, g, request, session
from flask_babel import Babel, get_locale, get_translations, lazy_gettext

from heritage.messages import translate
from heritage.vocab import Role

LANGUAGES = {"en": "English", "ar": "العربية"}
RIGHT_TO_LEFT = {"ar"}


ROLE_NAMES = {
    Role.VIEWER: lazy_gettext("viewer"),
    Role.EDITOR: lazy_gettext("editor"),
    Role.REVIEWER: lazy_gettext("reviewer"),
    Role.ADMIN: lazy_gettext("admin"),
}


def _chosen_locale() -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return str(chosen)
    return request.accept_languages.best_match(list(LANGUAGES), default="en") or "en"


def text_direction() -> str:
    return "rtl" if str(get_locale()) in RIGHT_TO_LEFT else "ltr"


def request_translations() -> NullTranslations:
    """The reader's catalogue, looked up once per request: Flask-Babel finds it again for
    every string (its context, locale and cache), which was a fifth of a site page's time."""
    found: NullTranslations | None = g.get("_translations")
    if found is None:
        found = g._translations = get_translations()
    return found


def translated(message: str) -> str:
    """A message of the services (heritage.messages: a field's problem, why a save was
    refused) in the reader's language; the API says the same in English."""
    return translate(message, request_translations().ugettext)


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "web/translations")
    Babel(app, locale_selector=_chosen_locale)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        newstyle=True,
    )
    app.jinja_env.filters["translated"] = translated
    app.jinja_env.globals.update(
        languages=LANGUAGES, text_direction=text_direction, current_locale=get_locale
    )
