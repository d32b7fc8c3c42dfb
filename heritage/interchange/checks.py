"""The checks an import makes on one record before anything is written: its shape, its
vocabularies and dates, by the record's definition (heritage.records), as the services
check what the API and the forms send. References are only collected here; the importer
resolves them against earlier lines and the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from heritage.records import DEFINITIONS, Context, Naming
from heritage.records.fields import FieldErrors

# The fields a record of each type may have in a file: its definition's, and its `type`.
FIELDS: dict[str, frozenset[str]] = {
    record_type: definition.names(Naming.INTERCHANGE) | {"type"}
    for record_type, definition in DEFINITIONS.items()
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

    errors: FieldErrors = field(default_factory=FieldErrors)
    references: list[Reference] = field(default_factory=list)


def references(record: Mapping[str, Any]) -> list[Reference]:
    """The references of a record `check_record` passed: all the writing pass needs of it,
    for a fraction of the checks' cost."""
    return [
        Reference(path, record_type, ref)
        for entry in DEFINITIONS[record["type"]].fields
        if (value := record.get(entry.name)) is not None
        for path, record_type, ref in entry.references(value)
    ]


def check_record(
    record: Mapping[str, Any], site_kinds: frozenset[str]
) -> tuple[str | None, Checked]:
    """The record's type (None if unknown) and what is wrong with it; `site_kinds` are the
    kinds the database knows (services.site_kinds.known_site_kinds)."""
    checked = Checked()
    record_type = record.get("type")
    if not isinstance(record_type, str) or record_type not in DEFINITIONS:
        checked.errors.add("type", f"'{record_type}' is not one of: {', '.join(DEFINITIONS)}.")
        return None, checked
    for name in sorted(set(record) - FIELDS[record_type]):
        checked.errors.add(name, f"Not a field of a {record_type}.")
    definition = DEFINITIONS[record_type]
    definition.check(
        record, Naming.INTERCHANGE, Context(site_kinds=site_kinds), errors=checked.errors
    )
    # A reference that is itself wrong (not text, hidden characters) is reported, not sought.
    checked.references = [
        reference
        for reference in references(record)
        if isinstance(reference.ref, str) and reference.field not in checked.errors.errors
    ]
    return record_type, checked
