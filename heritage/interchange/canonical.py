"""One record of the interchange format in its canonical form: how a stored record is
written (export), how an incoming one is normalised (import), and how natural keys are
looked up. Export and import share it, so what one writes is what the other compares."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, and_, any_, bindparam, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from heritage.auth import SYSTEM, Principal
from heritage.driver import sqlite_values
from heritage.models import Actor, Article, Claim, Event, Site, SiteIdentifier, Source
from heritage.models.common import Tracked
from heritage.services.sites import location_for
from heritage.text import normalise_url
from heritage.vocab import CATEGORY_OF_TYPE, ClaimBasis, EventType, NameType, Status

Record = dict[str, Any]

# Dependency order: a record only refers to types before it (and sites, actors and sources
# to records of their own type on earlier lines).
RECORD_TYPES = ("site", "actor", "source", "article", "event", "claim")
MODELS: dict[str, type[Tracked]] = {
    "site": Site,
    "actor": Actor,
    "source": Source,
    "article": Article,
    "event": Event,
    "claim": Claim,
}
# The field holding each type's natural key.
KEY_FIELD = {t: ("url" if t == "article" else "key") for t in RECORD_TYPES}

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


def utc_text(value: dt.datetime) -> str:
    """A timestamp in UTC, ISO 8601: SQLite hands back naive datetimes, which were UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat()


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
    """Stored records as canonical interchange dicts, with one key query per referenced
    type for the whole batch (never one per record)."""
    if not records:
        return []
    return _DESCRIBERS[record_type](session, records, principal)


def _describe_sites(session: Session, sites: Sequence[Site], principal: Principal) -> list[Record]:
    parents = keys_of_ids(session, "site", (s.parent_id for s in sites))
    out = []
    for site in sites:
        location = location_for(site, principal)
        if location is not None:
            location.pop("generalised", None)
        out.append(
            compact(
                {
                    "type": "site",
                    "key": key_of("site", site.id, site.key),
                    "name": site.name,
                    "kind": site.kind,
                    "parent": parents.get(site.parent_id) if site.parent_id else None,
                    "names": [{"name": n.name, "lang": n.lang, "type": n.type} for n in site.names],
                    "location": location,
                    "identifiers": [
                        {"scheme": i.scheme, "value": i.value} for i in site.identifiers
                    ],
                    "designations": [d.designation for d in site.designations],
                    "description": site.description,
                    "restricted": bool(site.restricted),
                }
            )
        )
    return out


def _describe_actors(
    session: Session, actors: Sequence[Actor], principal: Principal
) -> list[Record]:
    parents = keys_of_ids(session, "actor", (a.part_of_id for a in actors))
    return [
        compact(
            {
                "type": "actor",
                "key": key_of("actor", actor.id, actor.key),
                "name": actor.name,
                "aliases": [a.alias for a in actor.aliases],
                "part_of": parents.get(actor.part_of_id) if actor.part_of_id else None,
                "description": actor.description,
            }
        )
        for actor in actors
    ]


def _describe_sources(
    session: Session, sources: Sequence[Source], principal: Principal
) -> list[Record]:
    affiliations = keys_of_ids(session, "source", (s.affiliation_id for s in sources))
    actors = keys_of_ids(session, "actor", (s.actor_id for s in sources))
    return [
        compact(
            {
                "type": "source",
                "key": key_of("source", source.id, source.key),
                "name": source.name,
                "kind": source.kind,
                "affiliation": affiliations.get(source.affiliation_id or 0),
                "actor": actors.get(source.actor_id or 0),
                "description": source.description,
            }
        )
        for source in sources
    ]


def _describe_articles(
    session: Session, articles: Sequence[Article], principal: Principal
) -> list[Record]:
    sources = keys_of_ids(
        session,
        "source",
        [a.publisher_id for a in articles] + [a.syndicated_from_id for a in articles],
    )
    return [
        compact(
            {
                "type": "article",
                "url": article.url,
                "publisher": sources[article.publisher_id],
                "title": article.title,
                "published": article.published.isoformat(),
                "language": article.language,
                "syndicated_from": sources.get(article.syndicated_from_id or 0),
                "text": article.text,
                "captured_at": utc_text(article.captured_at) if article.captured_at else None,
            }
        )
        for article in articles
    ]


def _describe_events(
    session: Session, events: Sequence[Event], principal: Principal
) -> list[Record]:
    sites = keys_of_ids(session, "site", (link.site_id for e in events for link in e.sites))
    actors = keys_of_ids(session, "actor", (link.actor_id for e in events for link in e.actors))
    return [
        compact(
            {
                "type": "event",
                "key": key_of("event", event.id, event.key),
                "event_type": event.type,
                "category": event.category,
                "date": event.date_edtf,
                # Sorted by key, not by id: ids differ between databases, keys do not.
                "sites": sorted(sites[link.site_id] for link in event.sites),
                "actors": sorted(
                    ({"actor": actors[link.actor_id], "role": link.role} for link in event.actors),
                    key=lambda a: (a["actor"], a["role"]),
                ),
                "description": event.description,
                "condition_found": event.condition_found,
                "status": event.status,
                "grade_override": event.grade_override,
                "grade_override_reason": event.grade_override_reason,
            }
        )
        for event in events
    ]


def _describe_claims(
    session: Session, claims: Sequence[Claim], principal: Principal
) -> list[Record]:
    articles = keys_of_ids(session, "article", (c.article_id for c in claims))
    events = keys_of_ids(session, "event", (c.event_id for c in claims))
    speakers = keys_of_ids(session, "source", (c.speaker_id for c in claims))
    actors = keys_of_ids(session, "actor", (c.stated_actor_id for c in claims))
    return [
        compact(
            {
                "type": "claim",
                "key": key_of("claim", claim.id, claim.key),
                "article": articles[claim.article_id],
                "event": events[claim.event_id],
                "stance": claim.stance,
                "speaker": speakers.get(claim.speaker_id or 0),
                "quote": claim.quote,
                "quote_start": claim.quote_start,
                "quote_end": claim.quote_end,
                "summary": claim.summary,
                "basis": claim.basis,
                "stated_date": claim.stated_date_edtf,
                "stated_actor": actors.get(claim.stated_actor_id or 0),
                "figures": dict(claim.figures or {}),
                "status": claim.status,
            }
        )
        for claim in claims
    ]


_DESCRIBERS: dict[str, Callable[[Session, Sequence[Any], Principal], list[Record]]] = {
    "site": _describe_sites,
    "actor": _describe_actors,
    "source": _describe_sources,
    "article": _describe_articles,
    "event": _describe_events,
    "claim": _describe_claims,
}


# --- Normalising incoming records ------------------------------------------------------


def normalise(record_type: str, record: Mapping[str, Any], site_keys: Mapping[str, str]) -> Record:
    """An incoming (already validated) record in canonical form, to compare with what is
    stored. `site_keys` maps each site reference it holds to the canonical key."""
    data = dict(record)
    if record_type == "site":
        if data.get("parent"):
            data["parent"] = site_keys[data["parent"]]
        data["names"] = [
            {
                "name": n["name"].strip(),
                "lang": n.get("lang", "und"),
                "type": n.get("type", NameType.ALTERNATIVE.value),
            }
            for n in data.get("names") or []
        ]
        location = data.get("location")
        if location:
            data["location"] = {
                "latitude": location["latitude"],
                "longitude": location["longitude"],
                "certainty": location.get("certainty", "exact"),
            }
    elif record_type == "actor":
        data["aliases"] = [a.strip() for a in data.get("aliases") or []]
    elif record_type == "article":
        data["language"] = data.get("language", "und")
        if data.get("captured_at"):
            data["captured_at"] = utc_text(dt.datetime.fromisoformat(data["captured_at"]))
    elif record_type == "event":
        data["category"] = CATEGORY_OF_TYPE[EventType(data["event_type"])].value
        data["sites"] = sorted(site_keys[ref] for ref in data["sites"])
        data["actors"] = sorted(
            ({"actor": a["actor"], "role": a["role"]} for a in data.get("actors") or []),
            key=lambda a: (a["actor"], a["role"]),
        )
        data["status"] = data.get("status") or Status.PUBLISHED.value
        data["date"] = data["date"].strip()
    elif record_type == "claim":
        data["basis"] = data.get("basis") or ClaimBasis.REPORT.value
        data["status"] = data.get("status") or Status.PUBLISHED.value
        if data.get("stated_date"):
            data["stated_date"] = data["stated_date"].strip()
    for name in ("name", "title"):
        if isinstance(data.get(name), str):
            data[name] = data[name].strip()
    return compact(data)


def differs(record_type: str, incoming: Mapping[str, Any], stored: Mapping[str, Any]) -> bool:
    """Whether importing `incoming` would change `stored`. The review status is not
    compared: it changes through review, never through an import."""
    ignored = {"status"}
    ignored.update(f for f in DERIVED_WHEN_ABSENT.get(record_type, ()) if f not in incoming)

    def comparable(record: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in record.items() if k not in ignored and v is not None}

    return comparable(incoming) != comparable(stored)
