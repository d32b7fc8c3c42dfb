"""A record's fields as a web form sends them, turned into the input its service takes.

A form sends text only, under flat names: a field's service name (`date`, `site_ids`), a
repeated name for a list (`site_ids` twice, `aliases` once per line), and dotted names for
the rows of a structured field (`names.0.name`, `names.0.lang`, `location.latitude`). This
module only turns that text into the types the service takes (ids, numbers, booleans, days,
lists, objects), understanding what an Arabic keyboard types (Arabic-Indic digits, the
Arabic decimal separator). It judges nothing: text it cannot turn into its type goes to the
service as it was typed, and the record's definition names the field and the problem, as it
does for the API and the import. A form adds no rule of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from heritage.date_reading import typed_date
from heritage.records.definition import RecordDefinition
from heritage.records.fields import (
    Choice,
    Day,
    Edtf,
    Field,
    HistoricEdtf,
    Moment,
    Name,
    Naming,
    Quote,
    Reference,
    References,
    Text,
    Title,
    Url,
)


@dataclass(frozen=True)
class FormField:
    """How a form asks for one field: its input's name, the kind of input (`input`: the
    field's shape, or `edtf`, `day`, `moment`, `text`, `url`, `choice` for the string ones),
    whether a new record needs it, its longest text, the values of a vocabulary (and the
    vocabulary, which a form says in words), the type of record a picker chooses, and
    whether it is free text (written in any direction)."""

    name: str
    input: str
    required: bool
    max_length: int | None
    choices: tuple[str, ...]
    record_type: str | None
    free_text: bool
    description: str
    vocabulary: type[StrEnum] | None = None


def form_fields(definition: RecordDefinition) -> list[FormField]:
    """The fields of a record's form, in the definition's order."""
    return [
        FormField(
            name=field.named(Naming.SERVICE),
            input=_input_of(field),
            required=field.required,
            max_length=getattr(field, "max_length", None),
            choices=(
                tuple(member.value for member in field.vocabulary)
                if isinstance(field, Choice)
                else ()
            ),
            record_type=(field.record_type if isinstance(field, Reference | References) else None),
            free_text=isinstance(field, Name | Title | Text | Quote) or field.shape in _NAMED_TEXT,
            description=field.description,
            vocabulary=field.vocabulary if isinstance(field, Choice) else None,
        )
        for field in definition.fields
    ]


def _input_of(field: Field) -> str:
    for kind, name in _STRING_INPUTS:
        if isinstance(field, kind):
            return name
    return field.shape


# What people write in their own words, in any language and direction.
_NAMED_TEXT = frozenset({"names", "strings"})
_STRING_INPUTS: tuple[tuple[type[Field], str], ...] = (
    (HistoricEdtf, "historic_edtf"),  # before Edtf, which it extends
    (Edtf, "edtf"),
    (Day, "day"),
    (Moment, "moment"),
    (Text, "text"),
    (Quote, "text"),
    (Url, "url"),
    (Choice, "choice"),
)


# What a form posts: each name with the values sent under it (a repeated input, several).
TypedForm = Mapping[str, Sequence[str]]

_WHOLE = re.compile(r"^[+-]?\d+\Z")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)\Z")
_ROW = re.compile(r"^(?P<index>\d{1,4})\.(?P<part>[a-z_]+)\Z")
_TRUE = frozenset({"on", "true", "1", "yes"})
# The hidden input a form sends before a checkbox, so an unticked box still says "false".
_UNTICKED = frozenset({"", "0", "false", "off", "no"})
# Commas and new lines separate the items of a list typed in one box.
_ITEMS = re.compile(r"[,\n\r،]+")


def form_input(definition: RecordDefinition, form: TypedForm, *, creating: bool) -> dict[str, Any]:
    """The service input a form's text stands for. A field the form did not send is left
    out; a blank one is left out of a new record (its default applies, or the definition
    says it is required) and cleared on an existing one."""
    data: dict[str, Any] = {}
    for field in definition.fields:
        name = field.named(Naming.SERVICE)
        reader = _READERS.get(field.shape, _text)
        sent, value = reader(field, name, form)
        if not sent:
            continue
        if _blank(value):
            if creating:
                continue
            value = field.default if field.default is not None else _cleared(field)
        data[name] = value
    return data


def _cleared(field: Field) -> Any:
    """What a blank means for a field of an existing record: an empty list or nothing."""
    return [] if field.shape not in _SINGLE else None


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _first(form: TypedForm, name: str) -> tuple[bool, str]:
    values = form.get(name)
    if not values:
        return False, ""
    return True, values[-1]


def _text(field: Field, name: str, form: TypedForm) -> tuple[bool, Any]:
    sent, text = _first(form, name)
    if isinstance(field, Edtf):
        return sent, typed_date(text)
    if isinstance(field, Day):
        return sent, _day(typed_date(text))
    if isinstance(field, Moment):
        return sent, _moment(typed_date(text))
    return sent, text.strip() if _is_one_line(field) else text


def _is_one_line(field: Field) -> bool:
    """Names, keys, vocabularies and URLs are one line; free text keeps its spaces."""
    return not isinstance(field, Text | Quote)


def _day(text: str) -> Any:
    try:
        return dt.date.fromisoformat(text) if text else ""
    except ValueError:
        return text  # the definition names it: "a date (YYYY-MM-DD)"


def _moment(text: str) -> Any:
    try:
        moment = dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return text
    return moment if moment is None or moment.tzinfo is not None else text


def _flag(field: Field, name: str, form: TypedForm) -> tuple[bool, Any]:
    values = form.get(name)
    if not values:
        return False, None
    ticked = [value.strip().lower() for value in values]
    if any(value in _TRUE for value in ticked):
        return True, True
    if all(value in _UNTICKED for value in ticked):
        return True, False
    return True, values[-1]  # neither: the definition says "true/false"


def _whole(text: str) -> Any:
    """A whole number from text typed with any digits, else the text as typed."""
    plain = typed_date(text)  # the digits of an Arabic keyboard made ASCII
    return int(plain) if _WHOLE.match(plain) else text.strip()


def _decimal(text: str) -> Any:
    plain = typed_date(text).replace("٫", ".")  # the Arabic decimal separator
    if _WHOLE.match(plain):
        return int(plain)
    return float(plain) if _DECIMAL.match(plain) else text.strip()


def _integer(field: Field, name: str, form: TypedForm) -> tuple[bool, Any]:
    sent, text = _first(form, name)
    return sent, _whole(text) if text.strip() else ""


def _reference(field: Field, name: str, form: TypedForm) -> tuple[bool, Any]:
    sent, text = _first(form, name)
    return sent, _whole(text) if text.strip() else None


def _items(form: TypedForm, name: str) -> tuple[bool, list[str]]:
    """A list's items: each value sent under `name`, split at commas and new lines when
    typed in one box, blanks dropped."""
    values = form.get(name)
    if values is None:
        return False, []
    items = [item.strip() for value in values for item in _ITEMS.split(value)]
    return True, [item for item in items if item]


def _references(field: Field, name: str, form: TypedForm) -> tuple[bool, Any]:
    sent, items = _items(form, name)
    return sent, [_whole(item) for item in items]


def _strings(field: Field, name: str, form: TypedForm) -> tuple[bool, Any]:
    """Aliases and designations: one per value, or one per line (a name may hold a comma)."""
    values = form.get(name)
    if values is None:
        return False, []
    items = [line.strip() for value in values for line in value.splitlines()]
    return True, [item for item in items if item]


def _rows(form: TypedForm, name: str) -> tuple[bool, list[dict[str, str]]]:
    """The rows of a structured field (`names.0.name`, `names.0.lang`, ...) in index order,
    rows left wholly blank (the form's spare row) dropped."""
    rows: dict[int, dict[str, str]] = {}
    prefix = f"{name}."
    sent = False
    for key, values in form.items():
        if not key.startswith(prefix):
            continue
        sent = True
        match = _ROW.match(key[len(prefix) :])
        if match is not None and values:
            rows.setdefault(int(match["index"]), {})[match["part"]] = values[-1].strip()
    kept = [rows[index] for index in sorted(rows) if any(rows[index].values())]
    return sent or name in form, kept


def _rows_of(
    convert: Mapping[str, Callable[[str], Any]],
) -> Callable[[Field, str, TypedForm], tuple[bool, Any]]:
    """A reader of rows whose parts named in `convert` are turned into their types; a part
    left blank is left out, so its default applies."""

    def read(field: Field, name: str, form: TypedForm) -> tuple[bool, Any]:
        sent, rows = _rows(form, name)
        return sent, [
            {part: convert.get(part, str)(value) for part, value in row.items() if value}
            for row in rows
        ]

    return read


def _location(field: Field, name: str, form: TypedForm) -> tuple[bool, Any]:
    parts = {part: _first(form, f"{name}.{part}") for part in ("latitude", "longitude")}
    sent_certainty, certainty = _first(form, f"{name}.certainty")
    sent = sent_certainty or any(was_sent for was_sent, _ in parts.values())
    if not any(text.strip() for _, text in parts.values()):
        return sent, None  # no point given: no location
    location: dict[str, Any] = {part: _decimal(text) for part, (_, text) in parts.items()}
    if certainty.strip():
        location["certainty"] = certainty.strip()
    return sent, location


def _figures(field: Field, name: str, form: TypedForm) -> tuple[bool, Any]:
    """Named numbers, typed as rows of a name and a number."""
    sent, rows = _rows(form, name)
    return sent, {row.get("name", ""): _decimal(row.get("value", "")) for row in rows}


def _designations(field: Field, name: str, form: TypedForm) -> tuple[bool, Any]:
    sent, items = _items(form, name)
    return sent, list(dict.fromkeys(items))  # a ticked box sent twice is one designation


_READERS: dict[str, Callable[[Field, str, TypedForm], tuple[bool, Any]]] = {
    "string": _text,
    "boolean": _flag,
    "integer": _integer,
    "reference": _reference,
    "references": _references,
    "strings": _strings,
    "designations": _designations,
    "names": _rows_of({}),
    "identifiers": _rows_of({}),
    "event_actors": _rows_of({"actor_id": _whole}),
    "location": _location,
    "object": _figures,
}
_SINGLE = frozenset({"string", "boolean", "integer", "reference", "location", "object"})


def typed_form(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """A form's (name, value) pairs, as a browser posts them, grouped by name."""
    form: dict[str, list[str]] = {}
    for name, value in pairs:
        form.setdefault(name, []).append(value)
    return form
