"""A source: who speaks in an article (a person, an agency, a monitor, a ministry)."""

from __future__ import annotations

from typing import TypedDict

from heritage.messages import N_
from heritage.models import Source
from heritage.records.definition import RecordDefinition, not_its_own
from heritage.records.fields import Choice, Key, Name, Reference, Text
from heritage.vocab import SourceKind

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
    rules=(not_its_own("affiliation", N_("A source cannot be its own affiliation.")),),
)


class SourceInput(TypedDict, total=False):
    key: str | None
    name: str
    kind: str
    affiliation_id: int | None
    actor_id: int | None
    description: str
