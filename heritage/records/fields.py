"""The kinds of field a record has, each with the rules its values follow.

A field is named as the interchange format names it (`parent`, `event_type`); the services
and the API name references by id and a few fields differently (`parent_id`, `type`), which
`service_name` records. A field checks one value at a time, given in either spelling: a
reference is an id (int) for the services and a natural key (text) in a file, a day is a
`datetime.date` for the services and ISO text in a file. Rules between fields belong to the
record's definition (heritage.records.definition)."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any, ClassVar

from heritage.dates import parse_date, parse_historic_date
from heritage.errors import InvalidInput
from heritage.messages import N_, record_word
from heritage.models.common import KEY_LENGTH, NAME_LENGTH, VOCAB_LENGTH
from heritage.text import is_web_url, refused_character
from heritage.vocab import values

# Ids are the database's INTEGER: anything outside 1..2**31-1 names no record.
MAX_ID = 2**31 - 1
MAX_LIST = 200
MAX_TEXT = 100_000
# \Z, not $: `$` also matches before a final newline, which a key would then keep.
KEY_PATTERN = re.compile(rf"^[a-z0-9][a-z0-9-]{{0,{KEY_LENGTH - 1}}}\Z")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}\Z")


Resolve = Callable[[str, str], int]


class Naming(Enum):
    """Who sends the record: the services (and the API and forms, which call them), with
    references as ids; or a file being imported, with references as natural keys."""

    SERVICE = "service"
    INTERCHANGE = "interchange"


class FieldErrors:
    """Collects every problem with an input before raising them together, so a client
    learns all its mistakes at once rather than one per request."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def check(self, condition: bool, field: str, message: str) -> None:
        if not condition:
            self.add(field, message)

    def capture(self, function: Any) -> Any:
        """Run `function`, keeping its InvalidInput field errors instead of raising them."""
        try:
            return function()
        except InvalidInput as error:
            for field, messages in error.errors.items():
                for message in messages:
                    self.add(field, message)
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)


@dataclass(frozen=True, slots=True)
class Context:
    """What checking needs to know of the database: the site kinds it holds."""

    site_kinds: frozenset[str] = frozenset()


NO_CONTEXT = Context()


@dataclass(eq=False, slots=True)
class Field:
    """One field: its name in files (`name`) and for the services (`service_name`), whether
    a new record needs it, what an absent value means, and the rules of its values."""

    name: str
    required: bool = False
    service_name: str = ""
    default: Any = None
    nullable: bool = True
    description: str = ""
    column: str = ""  # the model's attribute, where it is not `service_name`
    shape: ClassVar[str] = "string"  # its JSON type, for forms and the OpenAPI document

    def __post_init__(self) -> None:
        self.service_name = self.service_name or self.name

    def named(self, naming: Naming) -> str:
        return self.service_name if naming is Naming.SERVICE else self.name

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        """Add a problem under `path` for each rule `value` (never None) breaks."""

    def canonical(self, value: Any) -> Any:
        """The value as stored and compared on re-import (names trimmed, defaults filled)."""
        return value

    def references(self, value: Any) -> Iterator[tuple[str, str, Any]]:
        """The other records `value` names, in a file: (path, record type, key)."""
        return iter(())

    def read(self, record: Any) -> Any:
        """The stored record's value as a file writes it, but for references: their ids
        (the export turns them into keys for a whole batch at once)."""
        return getattr(record, self.column or self.service_name)

    def to_service(self, value: Any, resolve: Resolve) -> Any:
        """A file's (checked) value as the services take it; `resolve(type, ref)` is the
        id of the record a reference names."""
        return value


# --- Text --------------------------------------------------------------------------------


def check_characters(errors: FieldErrors, path: str, text: str) -> bool:
    """Whether `text` holds no character a name or key may not (refused_character); if it
    does, the problem is added under `path`."""
    refused = refused_character(text)
    if refused is not None:
        errors.add(path, refused)
    return refused is None


def text_within(errors: FieldErrors, path: str, value: Any, max_length: int) -> str | None:
    """`value` trimmed, if it is text, not blank and at most `max_length` long; else None
    with the problem under `path`."""
    if not isinstance(value, str) or not value.strip():
        errors.add(path, N_("Required, and must not be blank."))
    elif len(value) > max_length:
        errors.add(path, N_("At most %(count)s characters.", count=max_length))
    else:
        return value.strip()
    return None


@dataclass(eq=False, slots=True)
class Name(Field):
    """A name as people read it: not blank, at most `max_length`, stored trimmed, without
    the characters that make one name look like another."""

    max_length: int = NAME_LENGTH

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        name = text_within(errors, path, value, self.max_length)
        if name is not None:
            check_characters(errors, path, name)

    def canonical(self, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value


@dataclass(eq=False, slots=True)
class Title(Field):
    """Text that must be there and not blank (an article's title), stored trimmed."""

    max_length: int = 500

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        text_within(errors, path, value, self.max_length)

    def canonical(self, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value


@dataclass(eq=False, slots=True)
class Text(Field):
    """Free text (a description, a summary), empty or not; an article's archived text is
    Text that may not be blank."""

    max_length: int = MAX_TEXT
    may_be_blank: bool = True
    what: str = N_("Text")

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        if not isinstance(value, str) or not (self.may_be_blank or value.strip()):
            errors.add(path, N_("%(what)s, or null.", what=self.what))
        elif len(value) > self.max_length:
            errors.add(path, N_("At most %(count)s characters.", count=self.max_length))


@dataclass(eq=False, slots=True)
class Quote(Field):
    """A passage quoted from an article's text, exactly as it stands there."""

    max_length: int = 10_000

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        if not isinstance(value, str) or not value or len(value) > self.max_length:
            errors.add(
                path, N_("A passage of 1 to %(count)s characters, or null.", count=self.max_length)
            )


@dataclass(eq=False, slots=True)
class Key(Field):
    """A natural key: lowercase letters, digits and hyphens ("temple-of-bel")."""

    max_length: int = KEY_LENGTH

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        if isinstance(value, str) and len(value) <= self.max_length and KEY_PATTERN.match(value):
            return
        if isinstance(value, str) and not check_characters(errors, path, value):
            return
        errors.add(
            path,
            N_(
                "Lowercase letters, digits and hyphens, at most %(count)s characters.",
                count=self.max_length,
            ),
        )


@dataclass(eq=False, slots=True)
class Url(Field):
    max_length: int = 2000

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        url = text_within(errors, path, value, self.max_length)
        if url is not None and not is_web_url(url):
            errors.add(path, N_("An absolute http or https URL."))

    def canonical(self, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value


@dataclass(eq=False, slots=True)
class LanguageTag(Field):
    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        if not isinstance(value, str) or not LANGUAGE_TAG.match(value):
            errors.add(path, N_("A BCP 47 language tag such as en, ar or ar-Latn."))


# --- Vocabularies, flags, numbers ----------------------------------------------------------


@functools.cache
def allowed(vocabulary: type[StrEnum]) -> frozenset[str]:
    return frozenset(values(vocabulary))


def check_choice(errors: FieldErrors, path: str, value: object, vocabulary: type[StrEnum]) -> None:
    """A value of `vocabulary`; the list is spelled out only for a value outside it (an
    import checks millions of values, nearly all valid)."""
    if not isinstance(value, str) or value not in allowed(vocabulary):
        errors.add(
            path,
            N_(
                "'%(value)s' is not one of: %(choices)s.",
                value=value,
                choices=", ".join(values(vocabulary)),
            ),
        )


@dataclass(eq=False, slots=True)
class Choice(Field):
    """A value of a fixed vocabulary (heritage.vocab)."""

    vocabulary: type[StrEnum] = StrEnum

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        check_choice(errors, path, value, self.vocabulary)


@dataclass(eq=False, slots=True)
class SiteKind(Field):
    """A site kind: a vocabulary the database holds, which admins extend."""

    max_length: int = VOCAB_LENGTH

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        if not isinstance(value, str) or value not in context.site_kinds:
            errors.add(
                path,
                N_(
                    "'%(value)s' is not one of: %(choices)s.",
                    value=value,
                    choices=", ".join(sorted(context.site_kinds)),
                ),
            )


@dataclass(eq=False, slots=True)
class Flag(Field):
    shape: ClassVar[str] = "boolean"

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        if not isinstance(value, bool):
            errors.add(path, N_("true/false."))

    def read(self, record: Any) -> Any:
        return bool(getattr(record, self.column or self.service_name))


@dataclass(eq=False, slots=True)
class Offset(Field):
    """A character offset into an article's text."""

    shape: ClassVar[str] = "integer"

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
            errors.add(path, N_("A character offset (an integer), or null."))


@dataclass(eq=False, slots=True)
class Figures(Field):
    """Named numbers a claim states, such as {"fighters_killed": 400}."""

    max_items: int = 50
    shape: ClassVar[str] = "object"

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        if not isinstance(value, Mapping):
            errors.add(path, N_('An object of named numbers, such as {"fighters_killed": 400}.'))
            return
        if len(value) > self.max_items:
            errors.add(path, N_("At most %(count)s figures.", count=self.max_items))
        for name, number in value.items():
            if not isinstance(name, str) or not name or len(name) > 100:
                errors.add(
                    path, N_("'%(name)s' is not a figure name (1 to 100 characters).", name=name)
                )
            if (
                isinstance(number, bool)
                or not isinstance(number, int | float)
                or not math.isfinite(number)
            ):
                errors.add(f"{path}.{name}", N_("A finite number."))

    def canonical(self, value: Any) -> Any:
        return dict(value or {})

    def read(self, record: Any) -> Any:
        return dict(getattr(record, self.name) or {})


# --- Dates ---------------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class Edtf(Field):
    """A date as a source states it, in EDTF (2015-08-30, 2015-05~, 2015-08-23/2015-08-30),
    stored with the first and last day it can mean."""

    max_length: int = 100

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        if not isinstance(value, str):
            errors.add(path, N_("An EDTF date such as 2015-08-30 or 2015-05~."))
        elif len(value) > self.max_length:
            errors.add(path, N_("At most %(count)s characters.", count=self.max_length))
        else:
            errors.capture(lambda: parse_date(value, path))

    def canonical(self, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    def read(self, record: Any) -> Any:
        return getattr(record, f"{self.name}_edtf")


@dataclass(eq=False, slots=True)
class HistoricEdtf(Edtf):
    """An EDTF date that may lie before AD 1 (`-0031` for 32 BC, `01XX` for the 2nd
    century), such as when a site was built: stored as typed in its own column, with its
    first and last day as day numbers (heritage.dates.HistoricDate) beside it."""

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        if not isinstance(value, str):
            errors.add(path, N_("An EDTF date such as 0032, -0031 (32 BC) or 01XX."))
        elif len(value) > self.max_length:
            errors.add(path, N_("At most %(count)s characters.", count=self.max_length))
        else:
            errors.capture(lambda: parse_historic_date(value, path))

    def read(self, record: Any) -> Any:
        return getattr(record, self.column or self.name)


@dataclass(eq=False, slots=True)
class Day(Field):
    """A calendar day: a `datetime.date` for the services, YYYY-MM-DD in a file."""

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        if naming is Naming.SERVICE:
            valid = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        else:
            valid = isinstance(value, str) and len(value) == 10 and _is_iso_day(value)
        errors.check(valid, path, N_("Required, a date (YYYY-MM-DD)."))

    def read(self, record: Any) -> Any:
        value = getattr(record, self.name)
        return None if value is None else value.isoformat()

    def to_service(self, value: Any, resolve: Resolve) -> Any:
        return dt.date.fromisoformat(value)


def _is_iso_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def aware_moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


@dataclass(eq=False, slots=True)
class Moment(Field):
    """A moment with its time zone: a `datetime.datetime` for the services, ISO 8601 in a file."""

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        if naming is Naming.SERVICE:
            valid = isinstance(value, dt.datetime) and value.tzinfo is not None
        else:
            valid = isinstance(value, str) and aware_moment(value) is not None
        errors.check(valid, path, N_("An ISO 8601 time with a time zone."))

    def canonical(self, value: Any) -> Any:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
        return utc_text(moment)

    def read(self, record: Any) -> Any:
        value = getattr(record, self.name)
        return None if value is None else utc_text(value)

    def to_service(self, value: Any, resolve: Resolve) -> Any:
        return dt.datetime.fromisoformat(value)


def utc_text(value: dt.datetime) -> str:
    """A moment in UTC, ISO 8601: SQLite hands back naive datetimes, which were UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat()


# --- References ----------------------------------------------------------------------------


def check_reference(
    errors: FieldErrors, path: str, value: Any, naming: Naming, record_type: str
) -> bool:
    """An id for the services, a natural key (or an article's URL) in a file."""
    if naming is Naming.SERVICE:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
            errors.add(
                path, N_("A %(record_type)s id, or null.", record_type=record_word(record_type))
            )
            return False
        return True
    if not isinstance(value, str) or not value:
        errors.add(
            path, N_("A %(record_type)s reference, or null.", record_type=record_word(record_type))
        )
        return False
    return check_characters(errors, path, value)


@dataclass(eq=False, slots=True)
class Reference(Field):
    """Another record, by id (services) or natural key (files)."""

    record_type: str = ""
    shape: ClassVar[str] = "reference"

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        check_reference(errors, path, value, naming, self.record_type)

    def references(self, value: Any) -> Iterator[tuple[str, str, Any]]:
        yield self.name, self.record_type, value

    def to_service(self, value: Any, resolve: Resolve) -> Any:
        return resolve(self.record_type, value)


_ITEMS: dict[type, str] = {dict: N_("A list of objects."), str: N_("A list of strings.")}


def check_list(errors: FieldErrors, path: str, value: Any, item: type, max_items: int) -> list[Any]:
    """`value` if it is a list of `item` of at most `max_items`, else [] with a problem."""
    if not isinstance(value, list) or not all(isinstance(entry, item) for entry in value):
        errors.add(path, _ITEMS.get(item, N_("A list of values.")))
        return []
    if len(value) > max_items:
        errors.add(path, N_("At most %(count)s.", count=max_items))
        return []
    return value


@dataclass(eq=False, slots=True)
class References(Field):
    """A list of other records of one type (an event's sites): at least one, none twice."""

    record_type: str = ""
    max_items: int = MAX_LIST
    shape: ClassVar[str] = "references"

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        # Each item is checked where it stands, so a problem names it (`site_ids.1`).
        refs = check_list(errors, path, value, object, self.max_items)
        if not refs and path not in errors.errors:
            errors.add(
                path, N_("At least one %(record_type)s.", record_type=record_word(self.record_type))
            )
        valid = [
            ref
            for index, ref in enumerate(refs)
            if check_reference(errors, f"{path}.{index}", ref, naming, self.record_type)
        ]
        errors.check(
            len(set(valid)) == len(valid),
            path,
            N_("A %(record_type)s appears twice.", record_type=record_word(self.record_type)),
        )

    def canonical(self, value: Any) -> Any:
        return sorted(value)  # by key: ids differ between databases, keys do not

    def references(self, value: Any) -> Iterator[tuple[str, str, Any]]:
        for index, ref in enumerate(value if isinstance(value, list) else ()):
            yield f"{self.name}.{index}", self.record_type, ref

    def read(self, record: Any) -> Any:
        column = f"{self.record_type}_id"
        return [getattr(link, column) for link in getattr(record, self.name)]

    def to_service(self, value: Any, resolve: Resolve) -> Any:
        return [resolve(self.record_type, ref) for ref in value]
