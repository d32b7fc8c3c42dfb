"""The checks an import makes on one record before anything is written: its shape, its
vocabularies and dates. References are only collected here; the importer resolves them
against earlier lines and the database."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from heritage.dates import parse_date
from heritage.models.common import NAME_LENGTH
from heritage.services import common
from heritage.services.articles import MAX_TEXT_LENGTH
from heritage.services.claims import MAX_QUOTE_LENGTH, check_figures
from heritage.services.common import (
    LANGUAGE_TAG,
    FieldErrors,
    check_characters,
    check_key,
    require_name,
    require_text,
)
from heritage.services.events import (
    MAX_ACTORS_PER_EVENT,
    MAX_SITES_PER_EVENT,
    check_type_fields,
)
from heritage.services.site_kinds import check_site_kind
from heritage.services.sites import validate_identifiers, validate_location, validate_names
from heritage.text import fold, is_web_url
from heritage.vocab import (
    CATEGORY_OF_TYPE,
    ActorRole,
    ClaimBasis,
    Designation,
    EventCategory,
    EventType,
    Grade,
    SourceKind,
    Stance,
    Status,
    values,
)

FIELDS: dict[str, frozenset[str]] = {
    "site": frozenset(
        [
            "type",
            "key",
            "name",
            "kind",
            "parent",
            "names",
            "location",
            "identifiers",
            "designations",
            "description",
            "restricted",
        ]
    ),
    "actor": frozenset(["type", "key", "name", "aliases", "part_of", "description"]),
    "source": frozenset(["type", "key", "name", "kind", "affiliation", "actor", "description"]),
    "article": frozenset(
        [
            "type",
            "url",
            "publisher",
            "title",
            "published",
            "language",
            "syndicated_from",
            "text",
            "captured_at",
        ]
    ),
    "event": frozenset(
        [
            "type",
            "key",
            "event_type",
            "category",
            "date",
            "sites",
            "actors",
            "description",
            "condition_found",
            "status",
            "grade_override",
            "grade_override_reason",
        ]
    ),
    "claim": frozenset(
        [
            "type",
            "key",
            "article",
            "event",
            "stance",
            "speaker",
            "quote",
            "quote_start",
            "quote_end",
            "summary",
            "basis",
            "stated_date",
            "stated_actor",
            "figures",
            "status",
        ]
    ),
}


# The fields that name one other record, by record type: (field, type of the record named).
# An event names its sites and actors in lists (`sites`, `actors[].actor`).
REFERENCE_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "site": (("parent", "site"),),
    "actor": (("part_of", "actor"),),
    "source": (("affiliation", "source"), ("actor", "actor")),
    "article": (("publisher", "source"), ("syndicated_from", "source")),
    "event": (),
    "claim": (
        ("article", "article"),
        ("event", "event"),
        ("speaker", "source"),
        ("stated_actor", "actor"),
    ),
}


@dataclass(frozen=True, slots=True)
class Reference:
    """A field that names another record: (field, type of record, natural key or ref)."""

    field: str
    record_type: str
    ref: str


@dataclass
class Checked:
    """What checking one record found: its field errors and the references to resolve."""

    site_kinds: frozenset[str]  # what a site's kind may be, as the database says
    errors: FieldErrors = field(default_factory=FieldErrors)
    references: list[Reference] = field(default_factory=list)

    def refer(self, record: Mapping[str, Any], name: str, record_type: str) -> None:
        """Note `record[name]` as a reference, if present (null: no reference)."""
        self.refer_value(name, record.get(name), record_type)

    def refer_value(self, name: str, value: object, record_type: str) -> None:
        if value is None:
            return
        if not isinstance(value, str) or not value:
            self.errors.add(name, f"A {record_type} reference, or null.")
            return
        if not check_characters(self.errors, name, value):  # a key, or an article's URL
            return
        self.references.append(Reference(name, record_type, value))


@functools.cache
def _allowed(vocabulary: type[StrEnum]) -> frozenset[str]:
    return frozenset(values(vocabulary))


def check_vocabulary(
    errors: FieldErrors, field: str, value: object, vocabulary: type[StrEnum]
) -> None:
    """`common.check_vocabulary`, which lists the vocabulary on every call, asked only about
    a value outside it: an import checks millions of values, nearly all of them valid."""
    if not isinstance(value, str) or value not in _allowed(vocabulary):
        common.check_vocabulary(errors, field, value, vocabulary)


def references(record: Mapping[str, Any]) -> list[Reference]:
    """The references `check_record` collects, of a record it passed: all the writing pass
    needs of it, for a fraction of the checks' cost."""
    record_type = record["type"]
    found = [
        Reference(name, named, record[name])
        for name, named in REFERENCE_FIELDS[record_type]
        if record.get(name) is not None
    ]
    if record_type == "event":
        found.extend(Reference(f"sites.{i}", "site", ref) for i, ref in enumerate(record["sites"]))
        found.extend(
            Reference(f"actors.{i}.actor", "actor", entry["actor"])
            for i, entry in enumerate(record.get("actors") or [])
        )
    return found


def check_record(
    record: Mapping[str, Any], site_kinds: frozenset[str]
) -> tuple[str | None, Checked]:
    """The record's type (None if unknown) and what is wrong with it; `site_kinds` are the
    kinds the database knows (services.site_kinds.known_site_kinds)."""
    checked = Checked(site_kinds=site_kinds)
    record_type = record.get("type")
    if not isinstance(record_type, str) or record_type not in FIELDS:
        checked.errors.add("type", f"'{record_type}' is not one of: {', '.join(FIELDS)}.")
        return None, checked
    for name in sorted(set(record) - FIELDS[record_type]):
        checked.errors.add(name, f"Not a field of a {record_type}.")
    _CHECKS[record_type](record, checked)
    return record_type, checked


def _refer(record: Mapping[str, Any], checked: Checked, record_type: str) -> None:
    """Note the references of a `record_type` record (REFERENCE_FIELDS)."""
    for name, named in REFERENCE_FIELDS[record_type]:
        checked.refer(record, name, named)


def _optional_text(errors: FieldErrors, record: Mapping[str, Any], name: str) -> None:
    value = record.get(name)
    if value is not None and not isinstance(value, str):
        errors.add(name, "Text, or null.")


def _required_key(errors: FieldErrors, record: Mapping[str, Any]) -> None:
    if record.get("key") is None:
        errors.add("key", "Required.")
    check_key(errors, record.get("key"))


def _list_of(errors: FieldErrors, record: Mapping[str, Any], name: str, kind: type) -> list[Any]:
    """`record[name]` if it is a list of `kind` (absent: empty), else [] with an error."""
    value = record.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, kind) for item in value):
        errors.add(name, f"A list of {'objects' if kind is dict else 'strings'}.")
        return []
    return value


def _check_site(record: Mapping[str, Any], checked: Checked) -> None:
    errors = checked.errors
    _required_key(errors, record)
    require_name(errors, record, "name")
    check_site_kind(errors, record.get("kind"), checked.site_kinds)
    _refer(record, checked, "site")
    validate_names(errors, _list_of(errors, record, "names", dict))
    validate_location(errors, record.get("location"))
    validate_identifiers(errors, _list_of(errors, record, "identifiers", dict))
    designations = _list_of(errors, record, "designations", str)
    for index, designation in enumerate(designations):
        check_vocabulary(errors, f"designations.{index}", designation, Designation)
    errors.check(len(set(designations)) == len(designations), "designations", "Listed twice.")
    _optional_text(errors, record, "description")
    restricted = record.get("restricted")
    errors.check(restricted is None or isinstance(restricted, bool), "restricted", "true/false.")
    if record.get("parent") is not None and record.get("parent") == record.get("key"):
        errors.add("parent", "A site cannot be its own parent.")


def _check_actor(record: Mapping[str, Any], checked: Checked) -> None:
    errors = checked.errors
    _required_key(errors, record)
    require_name(errors, record, "name")
    aliases = _list_of(errors, record, "aliases", str)
    for index, alias in enumerate(aliases):
        if not alias.strip() or len(alias) > NAME_LENGTH:
            errors.add(f"aliases.{index}", f"A non-blank name of at most {NAME_LENGTH} characters.")
        else:
            check_characters(errors, f"aliases.{index}", alias.strip())
    errors.check(len({fold(a) for a in aliases}) == len(aliases), "aliases", "An alias repeats.")
    _refer(record, checked, "actor")
    _optional_text(errors, record, "description")
    if record.get("part_of") is not None and record.get("part_of") == record.get("key"):
        errors.add("part_of", "An actor cannot be part of itself.")


def _check_source(record: Mapping[str, Any], checked: Checked) -> None:
    errors = checked.errors
    _required_key(errors, record)
    require_name(errors, record, "name")
    check_vocabulary(errors, "kind", record.get("kind"), SourceKind)
    _refer(record, checked, "source")
    _optional_text(errors, record, "description")
    if record.get("affiliation") is not None and record.get("affiliation") == record.get("key"):
        errors.add("affiliation", "A source cannot be its own affiliation.")


def _check_article(record: Mapping[str, Any], checked: Checked) -> None:
    errors = checked.errors
    url = require_text(errors, record, "url", 2000)
    if url is not None and not is_web_url(url):
        errors.add("url", "An absolute http or https URL.")
    require_text(errors, record, "title", 500)
    if record.get("publisher") is None:
        errors.add("publisher", "Required.")
    _refer(record, checked, "article")
    published = record.get("published")
    if not isinstance(published, str) or not _is_iso_date(published):
        errors.add("published", "Required, a date (YYYY-MM-DD).")
    language = record.get("language", "und")
    if not isinstance(language, str) or not LANGUAGE_TAG.match(language):
        errors.add("language", "A BCP 47 language tag such as en or ar.")
    text = record.get("text")
    if text is not None and (not isinstance(text, str) or not text.strip()):
        errors.add("text", "The article's text, or null.")
    elif text is not None and len(text) > MAX_TEXT_LENGTH:
        errors.add("text", f"At most {MAX_TEXT_LENGTH} characters.")
    captured_at = record.get("captured_at")
    if captured_at is not None:
        if not isinstance(captured_at, str) or not _is_aware_timestamp(captured_at):
            errors.add("captured_at", "An ISO 8601 time with a time zone.")
        elif text is None:
            errors.add("captured_at", "Only with the archived text it dates.")


def _is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _is_aware_timestamp(text: str) -> bool:
    try:
        return dt.datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def _check_edtf(errors: FieldErrors, record: Mapping[str, Any], name: str, required: bool) -> None:
    value = record.get(name)
    if value is None and not required:
        return
    if not isinstance(value, str):
        errors.add(name, "Required, an EDTF date such as 2015-08-30 or 2015-05~.")
        return
    errors.capture(lambda: parse_date(value, name))


def _check_status(errors: FieldErrors, record: Mapping[str, Any]) -> None:
    if record.get("status") is not None:
        check_vocabulary(errors, "status", record["status"], Status)


def _check_event(record: Mapping[str, Any], checked: Checked) -> None:
    errors = checked.errors
    _required_key(errors, record)
    event_type = record.get("event_type")
    check_vocabulary(errors, "event_type", event_type, EventType)
    category = record.get("category")
    if category is not None:
        check_vocabulary(errors, "category", category, EventCategory)
        if (
            isinstance(event_type, str)
            and event_type in _allowed(EventType)
            and CATEGORY_OF_TYPE[EventType(event_type)] != category
        ):
            errors.add("event_type", f"'{event_type}' is not a type of the '{category}' category.")
    _check_edtf(errors, record, "date", required=True)
    sites = _list_of(errors, record, "sites", str)
    if not sites and "sites" not in errors.errors:
        errors.add("sites", "At least one site.")
    errors.check(len(sites) <= MAX_SITES_PER_EVENT, "sites", f"At most {MAX_SITES_PER_EVENT}.")
    errors.check(len(set(sites)) == len(sites), "sites", "A site appears twice.")
    for index, ref in enumerate(sites):
        checked.refer_value(f"sites.{index}", ref, "site")
    actors = _list_of(errors, record, "actors", dict)
    errors.check(len(actors) <= MAX_ACTORS_PER_EVENT, "actors", f"At most {MAX_ACTORS_PER_EVENT}.")
    pairs = [(a.get("actor"), a.get("role")) for a in actors]
    errors.check(len(set(pairs)) == len(pairs), "actors", "The same actor and role appear twice.")
    for index, entry in enumerate(actors):
        check_vocabulary(errors, f"actors.{index}.role", entry.get("role"), ActorRole)
        if entry.get("actor") is None:
            errors.add(f"actors.{index}.actor", "Required.")
        checked.refer_value(f"actors.{index}.actor", entry.get("actor"), "actor")
    _optional_text(errors, record, "description")
    check_type_fields(
        errors, record.get("event_type"), record.get("condition_found"), record.get("description")
    )
    _check_status(errors, record)
    override = record.get("grade_override")
    if override is not None:
        check_vocabulary(errors, "grade_override", override, Grade)
        reason = record.get("grade_override_reason")
        if not isinstance(reason, str) or not reason.strip():
            errors.add("grade_override_reason", "A reviewer's override needs its reason.")


def _check_claim(record: Mapping[str, Any], checked: Checked) -> None:
    errors = checked.errors
    _required_key(errors, record)
    for name, record_type in REFERENCE_FIELDS["claim"]:
        if name in ("article", "event") and record.get(name) is None:
            errors.add(name, "Required.")
        checked.refer(record, name, record_type)
    check_vocabulary(errors, "stance", record.get("stance"), Stance)
    if record.get("basis") is not None:
        check_vocabulary(errors, "basis", record["basis"], ClaimBasis)
    quote = record.get("quote")
    if quote is not None and (
        not isinstance(quote, str) or not quote or len(quote) > MAX_QUOTE_LENGTH
    ):
        errors.add("quote", f"A passage of 1 to {MAX_QUOTE_LENGTH} characters, or null.")
    start, end = record.get("quote_start"), record.get("quote_end")
    for name, offset in (("quote_start", start), ("quote_end", end)):
        if offset is not None and (isinstance(offset, bool) or not isinstance(offset, int)):
            errors.add(name, "A character offset (an integer), or null.")
    if (start is None) != (end is None):
        errors.add("quote_start", "Give both offsets or neither.")
    elif start is not None and quote is None:
        errors.add("quote", "Offsets need the quote they locate.")
    _optional_text(errors, record, "summary")
    _check_edtf(errors, record, "stated_date", required=False)
    if record.get("figures") is not None:
        check_figures(errors, record["figures"])
    _check_status(errors, record)


_CHECKS: dict[str, Callable[[Mapping[str, Any], Checked], None]] = {
    "site": _check_site,
    "actor": _check_actor,
    "source": _check_source,
    "article": _check_article,
    "event": _check_event,
    "claim": _check_claim,
}
