"""One record of the interchange format in its canonical form: how a stored record is
written (export), how an incoming one is normalised (import), and how natural keys are
looked up. Export and import share it, so what one writes is what the other compares."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, and_, any_, bindparam, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from heritage.auth import SYSTEM, Principal
from heritage.driver import sqlite_values
from heritage.models import Actor, Article, Event, Site, SiteIdentifier
from heritage.models.common import Tracked
from heritage.records import DEFINITIONS, RecordDefinition
from heritage.records import RECORD_TYPES as DEFINITION_ORDER
from heritage.records.event import EventActors
from heritage.records.fields import Field, Key, Reference, References
from heritage.records.fields import utc_text as utc_text
from heritage.services.sites import location_for
from heritage.text import normalise_url

Record = dict[str, Any]

RECORD_TYPES = DEFINITION_ORDER  # dependency order (heritage.records)
MODELS: dict[str, type[Tracked]] = {t: d.model for t, d in DEFINITIONS.items()}
# The field holding each type's natural key.
KEY_FIELD = {t: d.natural_key for t, d in DEFINITIONS.items()}

# A record stored without a key (made through the API) is exported as `<type>-<id>`, and
# such a key finds it again when the file comes back to the same database.
_SYNTHETIC_KEY = re.compile(r"^(site|actor|source|event|claim)-([1-9]\d{0,17})$")

# Fields whose stored value the services derive when the file leaves them out: an absent
# field is not a difference.
DERIVED_WHEN_ABSENT = {
    "claim": ("quote_start", "quote_end"),
    "article": ("captured_at",),
}

LOAD_OPTIONS: dict[str, tuple[ExecutableOption, ...]] = {
    "site": (
        selectinload(Site.names),
        selectinload(Site.identifiers),
        selectinload(Site.designations),
    ),
    "actor": (selectinload(Actor.aliases),),
    "event": (selectinload(Event.sites), selectinload(Event.actors)),
}


def is_identifier_ref(ref: str) -> bool:
    """`wikidata:Q5747` names a site by external identifier; keys never hold a colon."""
    return ":" in ref


def natural_key(record_type: str, record: Mapping[str, Any]) -> str:
    """The value that identifies `record` within its type (an article by its URL's normal form)."""
    value = str(record[KEY_FIELD[record_type]])
    return normalise_url(value) if record_type == "article" else value


def key_of(record_type: str, record_id: int, key: str | None) -> str:
    return key if key is not None else f"{record_type}-{record_id}"


def compact(record: Mapping[str, Any]) -> Record:
    """Drop empty optional fields, so an absent field and an empty one read the same."""
    return {name: value for name, value in record.items() if not _empty(value)}


def _empty(value: object) -> bool:
    # Not `value in (None, "", [], {}, False)`: 0 == False, and an offset or a latitude of
    # 0 is a value.
    return value is None or value is False or (isinstance(value, str | list | dict) and not value)


# --- Looking stored records up by natural key -------------------------------------------


def among(session: Session, column: Any, keys: Collection[str]) -> ColumnElement[bool]:
    """`column IN keys`, for a batch's thousands of keys, in one parameter: a statement
    of a thousand placeholders is a new text for each count, parsed again past every
    cache (psycopg's, SQLite's), and SQLAlchemy expands each one per execution, which
    cost three times what the lookup did. PostgreSQL gets an array, SQLite a JSON array
    read by json_each.

    The array stays a list for psycopg to dump, slow as that is in Python (half of a
    5000-key lookup): bound as JSON or as one string cast to an array, the keys are no
    constant PostgreSQL can plan with, and early in an import, in tables without
    statistics yet, the lookups were planned as scans. The 0.01 file took 25 % longer
    (JSON) to four times as long (the cast string)."""
    condition: ColumnElement[bool]
    if session.get_bind().dialect.name == "postgresql":
        condition = column == any_(bindparam(None, list(keys), type_=ARRAY(column.type)))
    else:
        condition = column.in_(sqlite_values(keys))
    return condition


def _key_condition(session: Session, model: Any, keys: Collection[str]) -> Any:
    conditions = [among(session, model.key, keys)]
    synthetic = [int(m.group(2)) for k in keys if (m := _SYNTHETIC_KEY.match(k))]
    if synthetic:
        conditions.append(and_(model.key.is_(None), model.id.in_(synthetic)))
    return or_(*conditions)


def _match(record_type: str, record_id: int, stored_key: str | None, url_key: str | None) -> str:
    if record_type == "article":
        assert url_key is not None
        return url_key
    return key_of(record_type, record_id, stored_key)


def load_by_keys(session: Session, record_type: str, keys: Collection[str]) -> dict[str, Tracked]:
    """The live stored records of `record_type` with these natural keys, by key."""
    if not keys:
        return {}
    model: Any = MODELS[record_type]
    statement = select(model).options(*LOAD_OPTIONS.get(record_type, ()))
    if record_type == "article":
        statement = statement.where(among(session, Article.url_key, keys))
    else:
        statement = statement.where(_key_condition(session, model, keys))
    found: dict[str, Tracked] = {}
    for record in session.scalars(statement.where(model.deleted_at.is_(None))):
        key = _match(record_type, record.id, getattr(record, "key", None), _url_key(record))
        found[key] = record
    return found


def _url_key(record: Any) -> str | None:
    return record.url_key if isinstance(record, Article) else None


def resolve_refs(
    session: Session, record_type: str, refs: Collection[str]
) -> dict[str, tuple[int, str]]:
    """Natural keys (or, for sites, `scheme:value` identifiers) -> (id, canonical key) of
    the live records they name. Unknown references are absent from the answer."""
    if not refs:
        return {}
    model: Any = MODELS[record_type]
    found: dict[str, tuple[int, str]] = {}
    identifiers = [r for r in refs if record_type == "site" and is_identifier_ref(r)]
    keys = [r for r in refs if not (record_type == "site" and is_identifier_ref(r))]
    if record_type == "article":
        articles = select(Article.id, Article.url, Article.url_key).where(
            among(session, Article.url_key, keys), Article.deleted_at.is_(None)
        )
        for article_id, url, url_key in session.execute(articles):
            found[url_key] = (article_id, url)
        return found
    if keys:
        keyed = select(model.id, model.key).where(
            _key_condition(session, model, keys), model.deleted_at.is_(None)
        )
        for record_id, stored_key in session.execute(keyed):
            key = key_of(record_type, record_id, stored_key)
            found[key] = (record_id, key)
    if identifiers:
        found.update(_resolve_identifiers(session, identifiers))
    return found


def _resolve_identifiers(session: Session, refs: Sequence[str]) -> dict[str, tuple[int, str]]:
    pairs: dict[tuple[str, str], str] = {}
    for ref in refs:
        scheme, value = ref.split(":", 1)
        pairs[(scheme, value)] = ref
    statement = (
        select(SiteIdentifier.scheme, SiteIdentifier.value, Site.id, Site.key)
        .join(Site, Site.id == SiteIdentifier.site_id)
        .where(
            or_(*(and_(SiteIdentifier.scheme == s, SiteIdentifier.value == v) for s, v in pairs)),
            Site.deleted_at.is_(None),
        )
    )
    return {
        pairs[(scheme, value)]: (site_id, key_of("site", site_id, key))
        for scheme, value, site_id, key in session.execute(statement)
    }


def keys_of_ids(session: Session, record_type: str, ids: Iterable[int | None]) -> dict[int, str]:
    """id -> canonical key (an article's URL) for every id given, in one query."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    model: Any = MODELS[record_type]
    column = model.url if record_type == "article" else model.key
    rows = session.execute(select(model.id, column).where(model.id.in_(wanted)))
    if record_type == "article":
        return {record_id: url for record_id, url in rows}
    return {record_id: key_of(record_type, record_id, key) for record_id, key in rows}


# --- Describing stored records ---------------------------------------------------------


def describe(
    session: Session, record_type: str, records: Sequence[Any], principal: Principal = SYSTEM
) -> list[Record]:
    """Stored records as canonical interchange dicts, field by field of their definition,
    with one key query per referenced type for the whole batch (never one per record)."""
    if not records:
        return []
    definition = DEFINITIONS[record_type]
    rows = [
        {
            entry.name: _location(record, principal)
            if entry.name == "location"
            else entry.read(record)
            for entry in definition.fields
        }
        for record in records
    ]
    keys = _keys_named(session, definition, rows)
    key_field = definition.field(definition.natural_key)
    for record, row in zip(records, rows, strict=True):
        if isinstance(key_field, Key):
            row[key_field.name] = key_of(record_type, record.id, record.key)
        for entry in definition.fields:
            row[entry.name] = _as_keys(entry, row[entry.name], keys)
    return [compact({"type": record_type, **row}) for row in rows]


def _location(site: Site, principal: Principal) -> dict[str, Any] | None:
    """The point as `principal` may see it; a file does not say it was generalised."""
    location = location_for(site, principal)
    if location is not None:
        location.pop("generalised", None)
    return location


def _keys_named(
    session: Session, definition: RecordDefinition, rows: Sequence[Mapping[str, Any]]
) -> dict[str, dict[int, str]]:
    """For each type of record the rows name by id: id -> its key, in one query per type."""
    wanted: dict[str, set[int]] = {}
    for entry in definition.fields:
        for row in rows:
            for record_type, record_id in _ids_in(entry, row[entry.name]):
                wanted.setdefault(record_type, set()).add(record_id)
    return {t: keys_of_ids(session, t, ids) for t, ids in wanted.items()}


def _ids_in(entry: Field, value: Any) -> list[tuple[str, int]]:
    if value is None:
        return []
    if isinstance(entry, Reference):
        return [(entry.record_type, value)]
    if isinstance(entry, References):
        return [(entry.record_type, record_id) for record_id in value]
    if isinstance(entry, EventActors):
        return [("actor", link["actor"]) for link in value]
    return []


def _as_keys(entry: Field, value: Any, keys: Mapping[str, Mapping[int, str]]) -> Any:
    """A value read from a stored record, its references by key, in canonical order."""
    if value is None:
        return None
    if isinstance(entry, Reference):
        return keys[entry.record_type][value]
    if isinstance(entry, References):
        return entry.canonical([keys[entry.record_type][record_id] for record_id in value])
    if isinstance(entry, EventActors):
        return entry.canonical([{**link, "actor": keys["actor"][link["actor"]]} for link in value])
    return value


# --- Normalising incoming records ------------------------------------------------------


def normalise(record_type: str, record: Mapping[str, Any], site_keys: Mapping[str, str]) -> Record:
    """An incoming (already validated) record in canonical form, to compare with what is
    stored. `site_keys` maps each site reference it holds to the canonical key."""
    definition = DEFINITIONS[record_type]
    data = dict(record)
    for entry in definition.fields:  # a site may be named by an identifier: use its key
        value = data.get(entry.name)
        if value is None:
            continue
        if isinstance(entry, Reference) and entry.record_type == "site":
            data[entry.name] = site_keys[value]
        elif isinstance(entry, References) and entry.record_type == "site":
            data[entry.name] = [site_keys[ref] for ref in value]
    return compact({"type": record_type, **definition.canonical(data)})


def differs(record_type: str, incoming: Mapping[str, Any], stored: Mapping[str, Any]) -> bool:
    """Whether importing `incoming` would change `stored`. The review status is not
    compared: it changes through review, never through an import."""
    ignored = {"status"}
    ignored.update(f for f in DERIVED_WHEN_ABSENT.get(record_type, ()) if f not in incoming)

    def comparable(record: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in record.items() if k not in ignored and v is not None}

    return comparable(incoming) != comparable(stored)
