"""A source: who speaks in an article (a person, an agency, a monitor, a ministry)."""

from __future__ import annotations

from typing import TypedDict

from heritage.models import Source
from heritage.records.definition import RecordDefinition, View
from heritage.records.fields import Choice, FieldErrors, Key, Name, Naming, Reference, Text
from heritage.vocab import SourceKind


def _not_its_own_affiliation(errors: FieldErrors, view: View) -> None:
    """In a file, where the affiliation is a key (the services check the whole chain)."""
    if view.naming is Naming.INTERCHANGE and view.get("affiliation") is not None:
        errors.check(
            view.get("affiliation") != view.get("key"),
            "affiliation",
            "A source cannot be its own affiliation.",
        )


SOURCE = RecordDefinition(
    type="source",
    model=Source,
    fields=(
        Key("key"),
        Name("name", required=True),
        Choice("kind", required=True, vocabulary=SourceKind),
        Reference(
            "affiliation",
            service_name="affiliation_id",
            record_type="source",
            description="The organisation a person or desk belongs to.",
        ),
        Reference(
            "actor",
            service_name="actor_id",
            record_type="actor",
            description="The armed actor it speaks for.",
        ),
        Text("description", default=""),
    ),
    rules=(_not_its_own_affiliation,),
)


class SourceInput(TypedDict, total=False):
    key: str | None
    name: str
    kind: str
    affiliation_id: int | None
    actor_id: int | None
    description: str
