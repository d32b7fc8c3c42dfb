"""What the domain says to people (a field's problem, why a change is refused, why claims
contradict each other): English text that keeps its template and parameters, so an
interface in another language translates it where it shows it. The domain's services never
translate: api/web does, through its catalogue, and so does a report (heritage.reports,
through its own catalogue, for the messages it shows: a flag's detail); the API and the
command line show the English as it always was.

A message is marked with `N_`, the name `pybabel extract` looks for (api/web/babel.cfg,
and heritage/reports/babel.cfg for the modules whose messages a report shows); its template
uses the catalogue's `%(name)s` placeholders. A parameter that is not text (a date) prints
as its `str`, or as the translating side writes it (`translate`'s `written`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


class Message(str):
    """English text, `template % params`, that still knows its template and parameters.

    A `str`, so that everything that stores, joins, compares or serialises messages
    (problem+json, the import's reports, the tests) sees exactly the text it saw before."""

    template: str
    params: Mapping[str, object]
    capital: bool

    def __new__(
        cls, template: str, params: Mapping[str, object] | None = None, capital: bool = False
    ) -> Message:
        params = dict(params or {})
        text = template % params if params else template
        self = super().__new__(cls, text.capitalize() if capital else text)
        self.template, self.params, self.capital = template, params, capital
        return self

    def capitalize(self) -> Message:
        """The message at the start of a sentence ("Site 3 is …"), still translatable."""
        return Message(self.template, self.params, capital=True)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (self.template, dict(self.params), self.capital))


def N_(template: str, **params: object) -> Message:  # noqa: N802 -- gettext's own name
    """A message to translate where it is shown: `template` filled with `params`."""
    return Message(template, params)


def translate(
    message: str,
    gettext: Callable[[str], str],
    written: Callable[[object], object] | None = None,
) -> str:
    """`message` in the language `gettext` (a catalogue's lookup) translates into: a
    Message's template translated and filled with its parameters, themselves translated
    where they are Messages (a record type, a kind of character), and the others as
    `written` writes them in that language (a report writes a date in words), else as
    they print; other text as it is."""
    if not isinstance(message, Message):
        return message
    params = {
        name: translate(value, gettext, written)
        if isinstance(value, str)
        else (written(value) if written else value)
        for name, value in message.params.items()
    }
    text = gettext(message.template)
    text = text % params if params else text
    return text[:1].upper() + text[1:] if message.capital else text


# The record types as messages name them ("A site id, or null.").
RECORD_TYPES: dict[str, Message] = {
    "site": N_("site"),
    "actor": N_("actor"),
    "source": N_("source"),
    "article": N_("article"),
    "event": N_("event"),
    "claim": N_("claim"),
    "user": N_("user"),
}


def record_word(name: str) -> str:
    """The record type `name` as a translatable word, or as it is if it is not one."""
    return RECORD_TYPES.get(name, name)
