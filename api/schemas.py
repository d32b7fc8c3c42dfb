"""Every marshmallow schema: the wire format lives here and nowhere else."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from marshmallow import Schema, ValidationError, fields, validate

from api.auth import current_principal
from api.record_inputs import (
    SITE_KINDS_MARK,
    ActorInputSchema,
    ArticleInputSchema,
    ClaimInputSchema,
    EventInputSchema,
    SiteInputSchema,
    SourceInputSchema,
    StrictBoolean,
)
from heritage.dates import stored_historic_date
from heritage.history import History
from heritage.interchange.importer import MAX_PROBLEMS
from heritage.models.common import KEY_LENGTH, NAME_LENGTH, VOCAB_LENGTH
from heritage.services.sites import location_for
from heritage.text import refused_character
from heritage.vocab import (
    ActorRole,
    ClaimBasis,
    Condition,
    EventCategory,
    EventType,
    FlagKind,
    FoundCondition,
    Grade,
    IdentifierScheme,
    LocationCertainty,
    NameType,
    ReportAudience,
    ReportCadence,
    ReportLanguage,
    RevisionAction,
    Role,
    SourceKind,
    Stance,
    Status,
    values,
)

MAX_LIST = 200
MAX_TEXT = 100_000
# Ids are the database's INTEGER: anything outside 1..2**31-1 names no record, and a number
# too large for the column must be refused here rather than reach the database.
MAX_ID = 2**31 - 1


class UtcDateTime(fields.DateTime):
    """A moment in RFC 3339, always with its offset: SQLite gives back naive datetimes, which
    the database stored in UTC."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def one_of(vocabulary: Any) -> validate.OneOf:
    return validate.OneOf(values(vocabulary))


def update_schema(
    schema: type[Schema], name: str, doc: str = "The fields to change; the others stay as stored."
) -> type[Schema]:
    """The body of a PATCH: `schema`'s fields, loaded partial (api.resources)."""
    return type(name, (schema,), {"__doc__": doc})


def site_kind_field(**kwargs: Any) -> fields.String:
    return fields.String(
        validate=validate.Length(min=1, max=VOCAB_LENGTH),
        metadata={**SITE_KINDS_MARK, "description": "A site kind: GET /api/v1/site-kinds."},
        **kwargs,
    )


def key_field() -> fields.String:
    return fields.String(
        allow_none=True,
        validate=[
            validate.Length(min=1, max=KEY_LENGTH),
            validate.Regexp(r"^[a-z0-9][a-z0-9-]*$"),  # also in the OpenAPI document
            refuse_hidden_characters,  # such as a final newline, which `$` lets by
        ],
        metadata={"description": "A stable natural key (lowercase, digits, hyphens) for imports."},
    )


def id_field(**kwargs: Any) -> fields.Integer:
    """A record's id in a body: a JSON integer in 1..MAX_ID."""
    return fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def id_parameter(**kwargs: Any) -> fields.Integer:
    """A record's id in a query string, to filter by: 1..MAX_ID."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def name_field(required: bool = True) -> fields.String:
    return fields.String(
        required=required,
        validate=[validate.Length(min=1, max=NAME_LENGTH), refuse_hidden_characters],
    )


def refuse_hidden_characters(value: str) -> None:
    """Names (trimmed, as they are stored) without bidirectional controls, zero-width or
    control characters: heritage.text.refused_character."""
    refused = refused_character(value.strip())
    if refused is not None:
        raise ValidationError(refused)


def description_field() -> fields.String:
    return fields.String(validate=validate.Length(max=MAX_TEXT))


def ids_field(description: str) -> fields.List[Any]:
    return fields.List(
        id_field(),
        validate=validate.Length(max=MAX_LIST),
        metadata={"description": description},
    )


class DateSchema(Schema):
    edtf = fields.String(metadata={"description": "The date as stated, in EDTF."})
    earliest = fields.Date(metadata={"description": "First day the date can mean."})
    latest = fields.Date(metadata={"description": "Last day the date can mean."})


class HistoricDateSchema(Schema):
    edtf = fields.String(metadata={"description": "The date as stated, in EDTF."})
    earliest = fields.String(
        metadata={"description": "First day the date can mean; years before AD 1 signed."}
    )
    latest = fields.String(
        metadata={"description": "Last day the date can mean; years before AD 1 signed."}
    )


# When a site was built: days before AD 1 are no `format: date`, so the bounds are text.
BUILT_METADATA = {
    "type": "object",
    "nullable": True,
    "description": "When it was built or dedicated: EDTF, and its first and last day in"
    " ISO 8601 (-0031-01-01 is in 32 BC); null if not known.",
}


class ReferenceSchema(Schema):
    id = fields.Integer()
    name = fields.String()


# --- sites ---------------------------------------------------------------------------------


class SiteNameSchema(Schema):
    name = fields.String()
    lang = fields.String(metadata={"description": "BCP 47 language tag: en, ar, ar-Latn."})
    type = fields.String(metadata={"enum": values(NameType)})


class LocationSchema(Schema):
    latitude = fields.Float()
    longitude = fields.Float()
    certainty = fields.String(metadata={"enum": values(LocationCertainty)})


class IdentifierSchema(Schema):
    scheme = fields.String(metadata={"enum": values(IdentifierScheme)})
    value = fields.String()


# Bodies that make or change records: their schemas come from the record definitions.
SiteUpdateSchema = update_schema(SiteInputSchema, "SiteUpdateSchema")
ActorUpdateSchema = update_schema(ActorInputSchema, "ActorUpdateSchema")
SourceUpdateSchema = update_schema(SourceInputSchema, "SourceUpdateSchema")
ArticleUpdateSchema = update_schema(
    ArticleInputSchema,
    "ArticleUpdateSchema",
    "The fields to change; the others stay as stored. The text can be added, and replaced"
    " or removed while no claim quotes it by offset; `captured_at` comes with a text.",
)
EventUpdateSchema = update_schema(EventInputSchema, "EventUpdateSchema")
ClaimUpdateSchema = update_schema(ClaimInputSchema, "ClaimUpdateSchema")


class SiteSchema(Schema):
    id = fields.Integer()
    key = fields.String(allow_none=True)
    name = fields.String()
    kind = fields.String(metadata=SITE_KINDS_MARK)
    parent_id = fields.Integer(allow_none=True)
    description = fields.String()
    location = fields.Method("dump_location", metadata={"type": "object", "nullable": True})
    names = fields.List(fields.Nested(SiteNameSchema))
    identifiers = fields.List(fields.Nested(IdentifierSchema))
    designations = fields.Method("dump_designations", metadata={"type": "array"})
    built = fields.Method("dump_built", metadata=BUILT_METADATA)

    restricted = fields.Boolean()
    version = fields.Integer(metadata={"description": "Also the ETag; send it as If-Match."})

    def dump_location(self, site: Any) -> dict[str, Any] | None:
        return location_for(site, current_principal())

    def dump_designations(self, site: Any) -> list[str]:
        return [entry.designation for entry in site.designations]

    def dump_built(self, site: Any) -> dict[str, str] | None:
        built = stored_historic_date(site.built, site.built_earliest, site.built_latest)
        return built.as_dict() if built else None


class SiteKindSchema(Schema):
    code = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=VOCAB_LENGTH), validate.Regexp(r"^[a-z][a-z0-9_]*$")],
        metadata={"description": "What a site's `kind` holds: lowercase, digits, underscores."},
    )
    label_en = name_field()
    label_ar = name_field()
    broader = fields.String(
        allow_none=True,
        validate=validate.Length(min=1, max=VOCAB_LENGTH),
        metadata={"description": "The code of the broader term, or null for a top class."},
    )


class SiteQuerySchema(Schema):
    q = fields.String(
        validate=validate.Length(max=NAME_LENGTH),
        metadata={"description": "Search every name and alias; ignores case and diacritics."},
    )
    kind = site_kind_field()
    parent = id_parameter(metadata={"description": "Only the direct children of this site."})
    bbox = fields.String(
        validate=validate.Length(max=200),
        metadata={
            "description": "min_lon,min_lat,max_lon,max_lat",
            "example": "38.2,34.5,38.3,34.6",
        },
    )


def include_drafts_field() -> fields.Boolean:
    return fields.Boolean(
        load_default=False,
        metadata={"description": "Editors: also records not yet published (not retracted)."},
    )


class HistoryQuerySchema(Schema):
    include_drafts = include_drafts_field()
    at = fields.Date(metadata={"description": "Add `state_at`: control and condition that day."})
    known_at = fields.Date(
        metadata={"description": "The history as known that day: claims published by then."}
    )
    include = fields.String(
        validate=validate.OneOf(["descendants"]),
        metadata={"description": "`descendants`: add the events of the sites inside this one."},
    )


class HistoryActorSchema(ReferenceSchema):
    role = fields.String(metadata={"enum": values(ActorRole)})


class FlagSchema(Schema):
    kind = fields.String(metadata={"enum": values(FlagKind)})
    claim_ids = fields.List(fields.Integer())
    detail = fields.String()


class PublisherArticleSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    url = fields.String()
    published = fields.Date()
    publisher = fields.Nested(ReferenceSchema)


class HistoryClaimSchema(Schema):
    id = fields.Integer()
    stance = fields.String(metadata={"enum": values(Stance)})
    basis = fields.String(metadata={"enum": values(ClaimBasis)})
    quote = fields.String(allow_none=True)
    quote_start = fields.Integer(allow_none=True)
    quote_end = fields.Integer(allow_none=True)
    summary = fields.String()
    speaker = fields.Nested(ReferenceSchema, allow_none=True)
    stated_date = fields.Nested(DateSchema, allow_none=True)
    stated_actor = fields.Nested(ReferenceSchema, allow_none=True)
    figures = fields.Dict(keys=fields.String(), values=fields.Float())
    article = fields.Nested(PublisherArticleSchema)


class HistoryEventSchema(Schema):
    id = fields.Integer()
    category = fields.String(metadata={"enum": values(EventCategory)})
    type = fields.String(metadata={"enum": values(EventType)})
    date = fields.Nested(DateSchema)
    site_id = fields.Integer(metadata={"description": "The site through which it reaches here."})
    site_ids = fields.List(fields.Integer())
    inherited = fields.Boolean(metadata={"description": "An ancestor's control event."})
    description = fields.String()
    condition_found = fields.String(
        allow_none=True,
        metadata={"enum": values(FoundCondition), "description": "An assessment's finding."},
    )
    actors = fields.List(fields.Nested(HistoryActorSchema))
    grade = fields.String(metadata={"enum": values(Grade)})
    grade_overridden = fields.Boolean()
    flags = fields.List(fields.Nested(FlagSchema))
    claims = fields.List(fields.Nested(HistoryClaimSchema))


class ControlPeriodSchema(Schema):
    class Meta:
        include = {
            "from": fields.Nested(DateSchema),
            "to": fields.Nested(DateSchema, allow_none=True),
        }

    actor = fields.Nested(ReferenceSchema)
    event_ids = fields.List(fields.Integer())


class ConditionSchema(Schema):
    class Meta:
        include = {"from": fields.Nested(DateSchema)}

    state = fields.String(metadata={"enum": values(Condition)})
    event_ids = fields.List(fields.Integer())


class StateAtSchema(Schema):
    date = fields.Date()
    controlled_by = fields.Nested(ReferenceSchema, allow_none=True)
    control_grade = fields.String(
        allow_none=True,
        metadata={
            "enum": values(Grade),
            "description": "The strongest grade among the captures control rests on by then.",
        },
    )
    condition = fields.String(allow_none=True, metadata={"enum": values(Condition)})
    condition_grade = fields.String(
        allow_none=True,
        metadata={
            "enum": values(Grade),
            "description": "The strongest grade among the events stating the condition by then.",
        },
    )


class HistorySiteSchema(Schema):
    id = fields.Integer()
    key = fields.String(allow_none=True)
    name = fields.String()
    kind = fields.String(metadata=SITE_KINDS_MARK)
    parent_id = fields.Integer(allow_none=True)
    names = fields.List(fields.Nested(SiteNameSchema))
    location = fields.Nested(LocationSchema, allow_none=True)
    identifiers = fields.List(fields.Nested(IdentifierSchema))
    designations = fields.List(fields.String())
    description = fields.String()
    restricted = fields.Boolean(
        metadata={"description": "A sensitive place: below editor, coordinates are rounded."}
    )
    built = fields.Nested(HistoricDateSchema, allow_none=True)


class HistorySchema(Schema):
    site = fields.Nested(HistorySiteSchema)
    events = fields.List(fields.Nested(HistoryEventSchema))
    control = fields.List(fields.Nested(ControlPeriodSchema))
    condition = fields.List(fields.Nested(ConditionSchema))
    state_at = fields.Nested(StateAtSchema, metadata={"description": "Only with ?at=."})


def history_json(history: History) -> bytes:
    """The history as HistorySchema describes it, in one pass of orjson: a schema pass over
    every claim is what made this read slow. The site, events (their actors, flags and
    claims) and the state at a date are dataclasses whose fields are the wire's own, in its
    order, which orjson writes natively (enums as their values, dates as ISO days;
    tests/api/test_history_bytes.py holds them to the schemas and to the bytes served
    before); control periods and condition changes say `from` and `to`, which no Python
    field can be called, so they are spelled out here."""
    document: dict[str, Any] = {
        "site": history.site,
        "events": history.events,
        "control": [
            {
                "actor": period.actor,
                "from": period.start,
                "to": period.end,
                "event_ids": period.event_ids,
            }
            for period in history.control_periods
        ],
        "condition": [
            {"state": change.state, "from": change.start, "event_ids": change.event_ids}
            for change in history.condition_timeline
        ],
    }
    if history.state_at is not None:
        document["state_at"] = history.state_at
    return orjson.dumps(document)


# --- actors and sources --------------------------------------------------------------------


class SearchQuerySchema(Schema):
    q = fields.String(
        validate=validate.Length(max=NAME_LENGTH),
        metadata={"description": "Search names (and aliases); ignores case and diacritics."},
    )


class ActorSchema(Schema):
    id = fields.Integer()
    version = fields.Integer()
    key = fields.String(allow_none=True)
    name = fields.String()
    aliases = fields.Method("dump_aliases", metadata={"type": "array", "items": {"type": "string"}})
    part_of_id = fields.Integer(allow_none=True)
    description = fields.String()

    def dump_aliases(self, actor: Any) -> list[str]:
        return [entry.alias for entry in actor.aliases]


class SourceSchema(Schema):
    id = fields.Integer()
    version = fields.Integer()
    key = fields.String(allow_none=True)
    name = fields.String()
    kind = fields.String(metadata={"enum": values(SourceKind)})
    affiliation_id = fields.Integer(allow_none=True)
    actor_id = fields.Integer(allow_none=True)
    description = fields.String()


# --- articles ------------------------------------------------------------------------------


class ArticleSchema(Schema):
    id = fields.Integer()
    version = fields.Integer()
    publisher_id = fields.Integer()
    syndicated_from_id = fields.Integer(allow_none=True)
    title = fields.String()
    url = fields.String()
    published = fields.Date()
    language = fields.String()
    text_sha256 = fields.String(allow_none=True)
    captured_at = UtcDateTime(allow_none=True)


class NearCopyOriginalSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    url = fields.String()
    publisher_id = fields.Integer()
    publisher = fields.Function(lambda article: article.publisher.name)
    published = fields.Date()
    syndicated_from_id = fields.Integer(allow_none=True)


class ProposedSourceSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class NearCopySchema(Schema):
    """A stored article whose text this one's nearly repeats, and the syndication proposed."""

    article = fields.Nested(
        NearCopyOriginalSchema,
        attribute="original",
        metadata={"description": "The stored article this one's text is a near copy of."},
    )
    likeness = fields.Float(
        metadata={
            "description": "The Jaccard index of the two texts' 5-word shingles: 1 for the"
            " same words, from 0.3 (the threshold) for a copy edited as outlets edit wire"
            " copy."
        }
    )
    syndicated_from = fields.Nested(
        ProposedSourceSchema,
        attribute="source",
        metadata={
            "description": "The source proposed as this article's syndicated_from: the stored"
            " article's own syndicated_from, else its publisher. Confirm it by sending its id"
            " as syndicated_from_id in PATCH /articles/{id}."
        },
    )


class ArticleQuerySchema(Schema):
    publisher = id_parameter(metadata={"description": "A publisher's source id."})
    published_from = fields.Date(data_key="from")
    published_to = fields.Date(data_key="to")


# --- events and claims ---------------------------------------------------------------------


class EventActorSchema(Schema):
    actor_id = fields.Integer()
    name = fields.Function(lambda link: link.actor.name)
    role = fields.String()


class EventSchema(Schema):
    id = fields.Integer()
    version = fields.Integer()
    status = fields.String(metadata={"enum": values(Status)})
    status_reason = fields.String(allow_none=True)
    key = fields.String(allow_none=True)
    category = fields.String(metadata={"enum": values(EventCategory)})
    type = fields.String(metadata={"enum": values(EventType)})
    date = fields.Method("dump_date", metadata={"type": "object"})
    site_ids = fields.Method("dump_site_ids", metadata={"type": "array"})
    actors = fields.List(fields.Nested(EventActorSchema))
    description = fields.String()
    condition_found = fields.String(allow_none=True, metadata={"enum": values(FoundCondition)})
    grade = fields.String(metadata={"enum": values(Grade)})
    grade_override = fields.String(allow_none=True)
    grade_override_reason = fields.String(allow_none=True)

    def dump_date(self, event: Any) -> dict[str, str]:
        return {
            "edtf": event.date_edtf,
            "earliest": event.earliest.isoformat(),
            "latest": event.latest.isoformat(),
        }

    def dump_site_ids(self, event: Any) -> list[int]:
        return [link.site_id for link in event.sites]


class EventQuerySchema(Schema):
    include_drafts = include_drafts_field()
    status = fields.String(
        validate=one_of(Status), metadata={"description": "Editors: only records in this status."}
    )
    site = id_parameter()
    include = fields.String(
        validate=validate.OneOf(["descendants"]),
        metadata={"description": "With `site`: also the events of the sites inside it."},
    )
    category = fields.String(validate=one_of(EventCategory))
    type = fields.String(validate=one_of(EventType))
    actor = id_parameter()
    date_from = fields.Date(
        data_key="from", metadata={"description": "Events whose dates overlap [from, to]."}
    )
    date_to = fields.Date(data_key="to")
    grade = fields.String(validate=one_of(Grade))


class ClaimSchema(Schema):
    id = fields.Integer()
    key = fields.String(allow_none=True)
    version = fields.Integer()
    status = fields.String(metadata={"enum": values(Status)})
    status_reason = fields.String(allow_none=True)
    article_id = fields.Integer()
    event_id = fields.Integer()
    speaker_id = fields.Integer(allow_none=True)
    quote = fields.String(allow_none=True)
    quote_start = fields.Integer(allow_none=True)
    quote_end = fields.Integer(allow_none=True)
    summary = fields.String()
    stance = fields.String(metadata={"enum": values(Stance)})
    basis = fields.String(metadata={"enum": values(ClaimBasis)})
    stated_date = fields.Method("dump_stated_date", metadata={"type": "object", "nullable": True})
    stated_actor_id = fields.Integer(allow_none=True)
    figures = fields.Dict(keys=fields.String(), values=fields.Float())

    def dump_stated_date(self, claim: Any) -> dict[str, str] | None:
        if claim.stated_date_edtf is None:
            return None
        return {
            "edtf": claim.stated_date_edtf,
            "earliest": claim.stated_earliest.isoformat(),
            "latest": claim.stated_latest.isoformat(),
        }


class ArticleDetailSchema(ArticleSchema):
    text = fields.String(allow_none=True)
    claims = fields.List(fields.Nested(ClaimSchema))


class ArticleReadQuerySchema(Schema):
    include_drafts = include_drafts_field()


class ClaimQuerySchema(Schema):
    include_drafts = include_drafts_field()
    event = id_parameter()
    article = id_parameter()
    speaker = id_parameter()


# --- review, revisions and the change feed ---------------------------------------------------


class ReasonSchema(Schema):
    reason = fields.String(
        validate=validate.Length(min=1, max=MAX_TEXT),
        metadata={"description": "Why: required to return or retract, optional otherwise."},
    )


class RevisionSchema(Schema):
    id = fields.Integer()
    resource = fields.String()
    record_id = fields.Integer()
    action = fields.String(metadata={"enum": values(RevisionAction)})
    user_id = fields.Integer(allow_none=True)
    user_name = fields.String(
        allow_none=True, metadata={"description": "Who made it; null below the editor role."}
    )
    at = UtcDateTime()
    changes = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Raw(allow_none=True)),
        metadata={"description": "{field: [old, new]}"},
    )
    reason = fields.String(allow_none=True)


class ChangeSchema(RevisionSchema):
    cursor = fields.String(metadata={"description": "Pass as `since` to read what follows."})


class ChangesQuerySchema(Schema):
    since = fields.String(
        validate=validate.Length(max=100),
        metadata={
            "description": "A cursor from an earlier change; omit to start from the first."
            " A cursor from before the database was restored from a backup is refused"
            " with 410: resynchronise."
        },
    )
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


# --- accounts ----------------------------------------------------------------------------


class UserInputSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=2, max=100))
    display_name = fields.String(validate=validate.Length(max=NAME_LENGTH))
    role = fields.String(required=True, validate=one_of(Role))
    password = fields.String(
        load_only=True, validate=validate.Length(min=12, max=1000), metadata={"format": "password"}
    )


class UserUpdateSchema(Schema):
    display_name = fields.String(validate=validate.Length(max=NAME_LENGTH))
    role = fields.String(validate=one_of(Role))
    password = fields.String(load_only=True, validate=validate.Length(min=12, max=1000))
    disabled = StrictBoolean()


class UserSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    role = fields.String(metadata={"enum": values(Role)})
    disabled = fields.Boolean()
    created_at = UtcDateTime()


class TokenInputSchema(Schema):
    name = fields.String(load_default="", validate=validate.Length(max=NAME_LENGTH))
    days = fields.Integer(load_default=90, validate=validate.Range(min=1, max=3650))


class TokenSchema(Schema):
    id = fields.Integer()
    user_id = fields.Integer()
    name = fields.String()
    prefix = fields.String(metadata={"description": "The token's first characters."})
    created_at = UtcDateTime()
    expires_at = UtcDateTime()
    revoked_at = UtcDateTime(allow_none=True)
    last_used_at = UtcDateTime(allow_none=True)


class NewTokenSchema(TokenSchema):
    token = fields.String(metadata={"description": "Shown this once; only its hash is kept."})


class SettingSchema(Schema):
    key = fields.String()
    value = fields.Raw()


class SettingInputSchema(Schema):
    value = fields.Raw(required=True)


# --- bulk import and export ------------------------------------------------------------------


class ImportInputSchema(Schema):
    format = fields.String(
        required=True,
        validate=validate.OneOf(["jsonl", "sites-csv", "events-csv"]),
        metadata={"description": "The layout of `content` (docs/interchange.md)."},
    )
    content = fields.String(
        required=True,
        validate=validate.Length(min=1, max=4 * 1024 * 1024),
        metadata={"description": "The file's text."},
    )
    dry_run = StrictBoolean(
        load_default=False,
        metadata={"description": "Check and count what would be written; write nothing."},
    )


class ImportProblemSchema(Schema):
    line = fields.Integer()
    field = fields.String(allow_none=True)
    reason = fields.String()


class ImportReportSchema(Schema):
    ok = fields.Boolean()
    dry_run = fields.Boolean()
    records = fields.Integer(metadata={"description": "Records read."})
    written = fields.Integer(metadata={"description": "Records in committed batches."})
    created = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "Records created, by type (a dry run: would be)."},
    )
    updated = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "Records updated, by type (a dry run: would be)."},
    )
    unchanged = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "Records left as stored, by type."},
    )
    problem_count = fields.Integer()
    problems = fields.List(
        fields.Nested(ImportProblemSchema),
        metadata={"description": f"The first {MAX_PROBLEMS}; problem_count counts them all."},
    )
    warning_count = fields.Integer()
    warnings = fields.List(
        fields.Nested(ImportProblemSchema),
        metadata={"description": f"The first {MAX_PROBLEMS}; warning_count counts them all."},
    )


class ExportQuerySchema(Schema):
    site = id_parameter(metadata={"description": "That site and every site inside it."})
    date_from = fields.Date(data_key="from", metadata={"description": "Events overlapping…"})
    date_to = fields.Date(data_key="to", metadata={"description": "…this range."})
    changed_since = fields.AwareDateTime(
        metadata={"description": "Records changed after this moment."}
    )
    include_drafts = include_drafts_field()


class CsvExportQuerySchema(ExportQuerySchema):
    raw = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Write every cell as stored, for programs. By default a site name,"
            " actor or description beginning with `=`, `+`, `-`, `@`, a tab or a carriage"
            " return gets a `'` before it, so that a spreadsheet shows it as text instead of"
            " running it as a formula (docs/interchange.md); the import takes it off again."
        },
    )


# --- periodic reports ---------------------------------------------------------------------


class ReportDefinitionSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    scope_site_id = fields.Integer(
        allow_none=True,
        metadata={
            "description": "The site the report covers with everything"
            " inside it; null for every site."
        },
    )
    cadence = fields.String(metadata={"enum": values(ReportCadence)})
    period_start = fields.Date(
        allow_none=True, metadata={"description": "A fixed period's first day."}
    )
    period_end = fields.Date(allow_none=True, metadata={"description": "Its last day."})
    first_period_start = fields.Date(
        allow_none=True,
        metadata={"description": "A cadence's first period starts here; run-due starts there."},
    )
    audience = fields.String(metadata={"enum": values(ReportAudience)})
    language = fields.String(metadata={"enum": values(ReportLanguage)})
    created_at = UtcDateTime()
    created_by = fields.String(
        allow_none=True, metadata={"description": "Who defined it; null below the editor role."}
    )
    retired_at = UtcDateTime(allow_none=True)
    links = fields.Dict(keys=fields.String(), values=fields.String())


class ReportIssueInputSchema(Schema):
    period = fields.String(
        allow_none=True,
        validate=validate.Length(max=40),
        metadata={
            "description": "2015-Q3, 2015-08, 2015-W35, or a fixed report's two days"
            " (2015-07-01/2015-09-30); null or absent: the last period ended by `issued_on`."
        },
    )
    issued_on = fields.Date(
        metadata={"description": "The declared issue date, printed in the files (default: today)."}
    )


class PeriodSchema(Schema):
    start = fields.Date()
    end = fields.Date()
    label = fields.String()


class ReportFileSchema(Schema):
    sha256 = fields.String(metadata={"description": "The SHA-256 of the bytes served, in hex."})
    media_type = fields.String()
    href = fields.String()


class ReportCorrectionSchema(Schema):
    record = fields.String()
    record_id = fields.Integer()
    period = fields.String(
        allow_none=True, metadata={"description": "The earlier period the record is counted in."}
    )


class ReportIssueSchema(Schema):
    id = fields.Integer()
    definition_id = fields.Integer()
    period = fields.Nested(PeriodSchema)
    issued_on = fields.Date()
    position = fields.Integer(
        metadata={
            "description": "The commit position it was built on: the public counter for a"
            " public report, the full one for an internal report."
        }
    )
    corrects_id = fields.Integer(
        allow_none=True, metadata={"description": "The earlier issue of this period it replaces."}
    )
    corrections = fields.List(
        fields.Nested(ReportCorrectionSchema),
        metadata={"description": "What it corrects in earlier reports."},
    )
    files = fields.Dict(keys=fields.String(), values=fields.Nested(ReportFileSchema))
    links = fields.Dict(keys=fields.String(), values=fields.String())
