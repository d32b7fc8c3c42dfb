"""One definition per record type: its fields, their rules, and its natural key
(heritage.records.definition). The services, the import's checks and comparison, the export,
the API's input schemas and the web forms all read them."""

from __future__ import annotations

from heritage.records.actor import ACTOR, ActorInput
from heritage.records.article import ARTICLE, ArticleInput
from heritage.records.claim import CLAIM, ClaimInput
from heritage.records.definition import RecordDefinition, View
from heritage.records.event import EVENT, EventInput
from heritage.records.fields import Context, FieldErrors, Naming
from heritage.records.site import SITE, SiteInput
from heritage.records.source import SOURCE, SourceInput

# In dependency order: a record only refers to types before it (and sites, actors and
# sources to records of their own type).
DEFINITIONS: dict[str, RecordDefinition] = {
    definition.type: definition for definition in (SITE, ACTOR, SOURCE, ARTICLE, EVENT, CLAIM)
}
RECORD_TYPES = tuple(DEFINITIONS)

__all__ = [
    "ACTOR",
    "ARTICLE",
    "CLAIM",
    "DEFINITIONS",
    "EVENT",
    "RECORD_TYPES",
    "SITE",
    "SOURCE",
    "ActorInput",
    "ArticleInput",
    "ClaimInput",
    "Context",
    "EventInput",
    "Naming",
    "FieldErrors",
    "RecordDefinition",
    "SiteInput",
    "SourceInput",
    "View",
]
