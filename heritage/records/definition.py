"""What a record definition is: the fields of one record type, the rules between them, and
its natural key. Every path that takes a record in (the services, so the API and the forms;
the import's checks) checks it here, and the import's comparison and the export read the
fields from here, so a rule or a field exists once."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from heritage.messages import N_
from heritage.models.common import Tracked
from heritage.records.fields import (
    Context,
    Field,
    FieldErrors,
    Naming,
    Reference,
    References,
)


class View:
    """The record as it would be after a change: each field's value sent, else stored.
    Rules between fields read it by the fields' own names, and name a field in a problem
    as the sender spelled it (`path`)."""

    def __init__(
        self,
        definition: RecordDefinition,
        data: Mapping[str, Any],
        naming: Naming,
        stored: Mapping[str, Any] | None,
    ) -> None:
        self.definition, self.data, self.naming = definition, data, naming
        self.stored = stored or {}

    def path(self, name: str) -> str:
        return self.definition.field(name).named(self.naming)

    def sent(self, name: str) -> bool:
        return self.path(name) in self.data

    def get(self, name: str) -> Any:
        path = self.path(name)
        return self.data[path] if path in self.data else self.stored.get(name)


Rule = Callable[[FieldErrors, View], None]


def not_its_own(field: str, message: str) -> Rule:
    """In a file, a record naming itself by key in `field` (its parent, what it is part
    of); the services, given ids, check the whole chain against the database."""

    def rule(errors: FieldErrors, view: View) -> None:
        named = view.get(field)
        if view.naming is Naming.INTERCHANGE and named is not None:
            errors.check(named != view.get("key"), field, message)

    return rule


PLAIN_SHAPES = frozenset({"string", "integer", "boolean", "reference"})


@dataclass(eq=False)
class RecordDefinition:
    """One record type: `type` as files name it, its fields in the order files and
    documents write them, the rules between fields, and the field holding its natural key."""

    type: str
    model: builtins.type[Tracked]
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()
    natural_key: str = "key"
    # Fills in, on a canonical record, the fields derived from others (an event's category).
    derive: Callable[[dict[str, Any]], None] | None = None
    _by_name: dict[str, Field] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name = {f.name: f for f in self.fields}

    def field(self, name: str) -> Field:
        return self._by_name[name]

    def field_named(self, name: str) -> Field | None:
        return self._by_name.get(name)

    def names(self, naming: Naming) -> frozenset[str]:
        return frozenset(f.named(naming) for f in self.fields)

    def references(self) -> Iterator[Reference | References]:
        """The fields that name other records (an event's actors name theirs inside a list
        of objects: heritage.records.event.EventActors)."""
        for entry in self.fields:
            if isinstance(entry, Reference | References):
                yield entry

    def check(
        self,
        data: Mapping[str, Any],
        naming: Naming,
        context: Context,
        *,
        stored: Mapping[str, Any] | None = None,
        errors: FieldErrors | None = None,
    ) -> FieldErrors:
        """Every problem with `data`: a new record (`stored` None) needs its required
        fields; a change (`stored`: the record's current values by field name) is checked
        on the fields it sends, and the rules between fields on the record as it would be."""
        errors = errors if errors is not None else FieldErrors()
        creating = stored is None
        files_need_key = naming is Naming.INTERCHANGE
        for entry in self.fields:
            path = entry.named(naming)
            value = data.get(path)
            if value is None:
                needed = entry.required or (files_need_key and entry.name == self.natural_key)
                if needed and (creating or path in data):
                    errors.add(path, N_("Required."))
                elif path in data and not entry.nullable:
                    errors.add(path, N_("Must not be null."))
                continue
            entry.check(errors, path, value, naming, context)
        view = View(self, data, naming, stored)
        for rule in self.rules:
            rule(errors, view)
        return errors

    def stored(self, record: object) -> dict[str, Any]:
        """The stored record's plain values by field name, for rules between fields to read
        when a change leaves some of them as they are (lists are not read: no rule needs
        them, and reading them would load them)."""
        return {
            entry.name: getattr(record, entry.service_name, None)
            for entry in self.fields
            if entry.shape in PLAIN_SHAPES
        }

    def canonical(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The record (by field name) with each value in its canonical form and the
        defaults filled in for fields left out, as stored records are described."""
        out: dict[str, Any] = {}
        for entry in self.fields:
            value = data.get(entry.name)
            if value is None:
                value = entry.default
            out[entry.name] = None if value is None else entry.canonical(value)
        if self.derive is not None:
            self.derive(out)
        return out
