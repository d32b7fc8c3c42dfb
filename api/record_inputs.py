"""The API's input schemas, made from the record definitions (heritage.records).

A schema reads the JSON (text, integers, lists, objects, dates) and runs each field's own
check from its definition, so a client learns every wrong field of a body at once; the
bounds its validators carry are the definition's, shown in the OpenAPI document. The rules
between fields, and the field checks again, run in the service on every input, so the API,
the import and the forms refuse the same input naming the same field."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from heritage.models.common import NAME_LENGTH
from heritage.records import ACTOR as ACTOR_DEFINITION
from heritage.records import ARTICLE, CLAIM, EVENT, RecordDefinition
from heritage.records import SITE as SITE_DEFINITION
from heritage.records import SOURCE as SOURCE_DEFINITION
from heritage.records.actor import Aliases
from heritage.records.event import EventActors
from heritage.records.fields import (
    KEY_PATTERN,
    MAX_ID,
    MAX_LIST,
    NO_CONTEXT,
    Choice,
    Day,
    Edtf,
    Field,
    FieldErrors,
    Figures,
    Flag,
    Key,
    LanguageTag,
    Moment,
    Name,
    Naming,
    Offset,
    Quote,
    Reference,
    References,
    SiteKind,
    Text,
    Title,
    Url,
)
from heritage.records.site import Designations, Identifiers, Location, SiteNames
from heritage.vocab import ActorRole, Designation, IdentifierScheme, LocationCertainty, NameType
from heritage.vocab import values as vocabulary_values

MAX_LANGUAGE_TAG = 35
MAX_IDENTIFIER = 64
MAX_FIGURE_NAME = 100
# Site kinds live in the database (admins extend them): the OpenAPI document fills in the
# enum of every field marked so from the table each time it is served (api.docs).
SITE_KINDS_MARK = {"x-vocabulary": "site-kinds"}


class StrictBoolean(fields.Boolean):
    """A JSON true or false, nothing else: marshmallow's Boolean also takes 0, 1, "yes",
    "off" and the like, so `"dry_run": 0` or `"restricted": "false"` meant something the
    client may not have meant. For request bodies; query strings are text and keep Boolean."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def _checked_by(field: Field, value: Any) -> Any:
    """Run `field`'s own check on a value the API read: its problems, as marshmallow
    reports them (a problem inside the value, such as one name of a list, under its path)."""
    errors = FieldErrors()
    field.check(errors, "", value, Naming.SERVICE, NO_CONTEXT)
    if not errors.errors:
        return value
    if set(errors.errors) == {""}:
        raise ValidationError(errors.errors[""])
    raise ValidationError({path.removeprefix("."): texts for path, texts in errors.errors.items()})


class CheckedLength(validate.Length):
    """The field's definition checks the value; the bound is what the OpenAPI document shows."""

    def __init__(self, field: Field, max_length: int) -> None:
        super().__init__(max=max_length)
        self.field = field

    def __call__(self, value: Any) -> Any:
        return _checked_by(self.field, value)


class CheckedChoice(validate.OneOf):
    """The field's definition checks the value; its vocabulary is the document's enum."""

    def __init__(self, field: Choice) -> None:
        super().__init__(vocabulary_values(field.vocabulary))
        self.field = field

    def __call__(self, value: Any) -> Any:
        return _checked_by(self.field, value)


class CheckedRange(validate.Range):
    """The field's definition checks the value; the range is what the document shows."""

    def __init__(self, field: Field, low: int, high: int) -> None:
        super().__init__(min=low, max=high)
        self.field = field

    def __call__(self, value: Any) -> Any:
        return _checked_by(self.field, value)


def _id(reference: Reference) -> fields.Integer:
    return fields.Integer(strict=True, validate=CheckedRange(reference, 1, MAX_ID))


def _choice(field: Choice) -> fields.String:
    return fields.String(validate=CheckedChoice(field))


def _text(field: Field, max_length: int) -> fields.String:
    return fields.String(validate=CheckedLength(field, max_length))


class SiteNameInputSchema(Schema):
    name = _text(Name("name"), NAME_LENGTH)
    lang = _text(LanguageTag("lang"), MAX_LANGUAGE_TAG)
    type = _choice(Choice("type", vocabulary=NameType))


class LocationInputSchema(Schema):
    latitude = fields.Float(
        required=True, allow_nan=False, metadata={"minimum": -90, "maximum": 90}
    )
    longitude = fields.Float(
        required=True, allow_nan=False, metadata={"minimum": -180, "maximum": 180}
    )
    certainty = _choice(Choice("certainty", vocabulary=LocationCertainty))


class IdentifierInputSchema(Schema):
    scheme = _choice(Choice("scheme", vocabulary=IdentifierScheme))
    value = fields.String(validate=validate.Length(max=MAX_IDENTIFIER))


class EventActorInputSchema(Schema):
    actor_id = _id(Reference("actor_id", record_type="actor"))
    role = _choice(Choice("role", vocabulary=ActorRole))


def _list(field: Field, item: fields.Field[Any], max_items: int) -> fields.List[Any]:
    return fields.List(item, validate=CheckedLength(field, max_items))


def _marshmallow_field(field: Field) -> fields.Field[Any]:
    """The JSON reading of one field, checked and documented by its definition."""
    made: fields.Field[Any]
    if isinstance(field, Key):
        made = _text(field, field.max_length)
        made.metadata = {"pattern": KEY_PATTERN.pattern.replace("\\Z", "$")}
    elif isinstance(field, Name | Title | Text | Quote | Url | Edtf):
        made = _text(field, field.max_length)
    elif isinstance(field, LanguageTag):
        made = _text(field, MAX_LANGUAGE_TAG)
    elif isinstance(field, SiteKind):
        # Checked by the service, against the kinds the database holds.
        made = fields.String(
            validate=validate.Length(min=1, max=field.max_length), metadata=SITE_KINDS_MARK
        )
    elif isinstance(field, Choice):
        made = _choice(field)
    elif isinstance(field, Flag):
        made = StrictBoolean()
    elif isinstance(field, Offset):
        made = fields.Integer(strict=True, validate=CheckedRange(field, 0, MAX_ID))
    elif isinstance(field, Reference):
        made = _id(field)
    elif isinstance(field, References):
        item = Reference(field.name, record_type=field.record_type)
        made = _list(field, _id(item), field.max_items)
    elif isinstance(field, Day):
        made = fields.Date()
    elif isinstance(field, Moment):
        made = fields.AwareDateTime()
    elif isinstance(field, Figures):
        made = fields.Dict(
            keys=fields.String(validate=validate.Length(min=1, max=MAX_FIGURE_NAME)),
            values=fields.Float(allow_nan=False),
            validate=CheckedLength(field, field.max_items),
        )
    elif isinstance(field, SiteNames):
        made = _list(field, fields.Nested(SiteNameInputSchema), field.max_items)
    elif isinstance(field, Location):
        made = fields.Nested(LocationInputSchema, validate=lambda v: _checked_by(field, v))
    elif isinstance(field, Identifiers):
        made = _list(field, fields.Nested(IdentifierInputSchema), len(IdentifierScheme))
    elif isinstance(field, Designations):
        designation = _choice(Choice(field.name, vocabulary=Designation))
        made = _list(field, designation, MAX_LIST)
    elif isinstance(field, Aliases):
        made = _list(field, _text(field.alias, field.alias.max_length), field.max_items)
    elif isinstance(field, EventActors):
        made = _list(field, fields.Nested(EventActorInputSchema), field.max_items)
    else:
        raise TypeError(f"No JSON reading for {type(field).__name__} ({field.name}).")
    made.required = field.required
    made.allow_none = field.nullable and not field.required
    if field.description:
        made.metadata = {**made.metadata, "description": field.description}
    return made


def input_schema(
    definition: RecordDefinition, name: str, *, leave_out: frozenset[str] = frozenset()
) -> type[Schema]:
    """The schema of a body that makes or changes a `definition` record, fields named as the
    services name them; `leave_out` names fields the API does not take."""
    attributes: dict[str, Any] = {
        "__doc__": f"A {definition.type}: the fields of a new one, or those to change.",
    }
    for field in definition.fields:
        if field.name not in leave_out:
            attributes[field.service_name] = _marshmallow_field(field)
    return type(name, (Schema,), attributes)


# The review status changes through review, never in a record's body.
_REVIEWED = frozenset({"status"})

SiteInputSchema = input_schema(SITE_DEFINITION, "SiteInputSchema")
ActorInputSchema = input_schema(ACTOR_DEFINITION, "ActorInputSchema")
SourceInputSchema = input_schema(SOURCE_DEFINITION, "SourceInputSchema")
ArticleInputSchema = input_schema(ARTICLE, "ArticleInputSchema")
EventInputSchema = input_schema(EVENT, "EventInputSchema", leave_out=_REVIEWED)
ClaimInputSchema = input_schema(CLAIM, "ClaimInputSchema", leave_out=_REVIEWED)
