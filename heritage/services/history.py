"""The history of a site, assembled from the database in a constant number of queries.

The read is built for speed: the statements are built and compiled once per dialect and
variant, and run on the DB-API cursor (heritage.driver: SQLAlchemy's execution, expanding
id lists and building result rows cost more than a typical site's SQL); id lists go in as
one parameter; and the SQL is written so that SQLite, which has no statistics, plans every
lookup from the site's links rather than from the status indexes.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import defaultdict
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    SQLColumnExpression,
    Text,
    bindparam,
    cast,
    exists,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session, aliased

from heritage.auth import Principal
from heritage.dates import EdtfDate, from_bounds, stored_historic_date
from heritage.driver import date_reader, driver_statement, in_ids
from heritage.errors import NotFound
from heritage.history import (
    ActorRef,
    ArticleRef,
    History,
    HistoryClaim,
    HistoryEvent,
    HistorySite,
    IdentifierEntry,
    Location,
    NameEntry,
    Participant,
    SourceRef,
    build_history,
)
from heritage.models import (
    Actor,
    Article,
    Claim,
    Event,
    EventActor,
    EventSite,
    Site,
    SiteDesignation,
    SiteIdentifier,
    SiteName,
)
from heritage.services.grades import (
    RESPONSIBLE_ROLES,
    Publisher,
    Speaker,
    StatedActor,
    assess_claims,
    claim_evidence,
    grading_facts,
)
from heritage.services.sites import location_for
from heritage.services.visibility import own_visibility, visibility
from heritage.vocab import EventCategory

# Which way an event reaches the history, best first: an event tied to the site itself and
# to its city is the site's own, not inherited.
_OWN, _DESCENDANT, _INHERITED = 0, 1, 2


# The hierarchy walks of heritage.services.sites (ancestor_ids, descendant_ids), built
# once: building a recursive statement costs more than running it.
_up = (
    select(Site.parent_id.label("id"), literal(1).label("depth"))
    .where(Site.id == bindparam("site"), Site.parent_id.is_not(None))
    .cte("sites_chain", recursive=True)
)
_up = _up.union_all(
    select(Site.parent_id, _up.c.depth + 1)
    .join(_up, Site.id == _up.c.id)
    .where(Site.parent_id.is_not(None), _up.c.depth < 100)
)
_down = (
    select(Site.id, literal(1).label("depth"))
    .where(Site.parent_id == bindparam("site"), Site.deleted_at.is_(None))
    .cte("descendants", recursive=True)
)
_down = _down.union_all(
    select(Site.id, _down.c.depth + 1)
    .join(_down, Site.parent_id == _down.c.id)
    .where(_down.c.depth < 100, Site.deleted_at.is_(None))
)
_DESCENDANTS = select(_down.c.id).distinct()


# The site's names, identifiers and designations, each in id order, and its ancestors
# nearest first (`n`).
_no_id = cast(null(), Integer)  # typed: PostgreSQL types a UNION's columns in order
_parts = union_all(
    select(
        literal(0).label("part"),
        SiteName.id.label("id"),
        SiteName.name.label("a"),
        SiteName.lang.label("b"),
        SiteName.type.label("c"),
        _no_id.label("n"),
    ).where(SiteName.site_id == bindparam("site")),
    select(
        literal(1), SiteIdentifier.id, SiteIdentifier.scheme, SiteIdentifier.value, null(), _no_id
    ).where(SiteIdentifier.site_id == bindparam("site")),
    select(
        literal(2), SiteDesignation.id, SiteDesignation.designation, null(), null(), _no_id
    ).where(SiteDesignation.site_id == bindparam("site")),
    select(literal(3), _up.c.depth, null(), null(), null(), _up.c.id),
).subquery("parts")
# The live site with its parts, one row each (one with no part if it has none): a
# statement costs more than its SQL here. heritage.services.sites reads the same (get_site,
# ancestor_ids).
_SITE = (
    select(
        Site.id,
        Site.key,
        Site.name,
        Site.kind,
        Site.parent_id,
        Site.description,
        Site.restricted,
        Site.built,
        Site.built_earliest,
        Site.built_latest,
        Site.latitude,
        Site.longitude,
        Site.location_certainty,
        Site.public_latitude,
        Site.public_longitude,
        _parts.c.part,
        _parts.c.a,
        _parts.c.b,
        _parts.c.c,
        _parts.c.n,
    )
    .outerjoin(_parts, true())
    .where(Site.id == bindparam("site"), Site.deleted_at.is_(None))
    .order_by(_parts.c.part, _parts.c.id)
)


def _history_site(
    cursor: Any, dialect: Dialect, principal: Principal, site_id: int
) -> tuple[HistorySite, list[int]]:
    """The site the history is about, the live site `site_id` (NotFound as get_site), and
    its ancestors nearest first (as ancestor_ids)."""
    rows = driver_statement(dialect, _SITE).rows(cursor, {"site": site_id})
    if not rows:
        raise NotFound("site", site_id)
    names: list[NameEntry] = []
    identifiers: list[IdentifierEntry] = []
    designations: list[str] = []
    ancestors: list[int] = []
    for *_columns, part, a, b, c, n in rows:
        if part == 0:
            names.append(NameEntry(a, b, c))
        elif part == 1:
            identifiers.append(IdentifierEntry(a, b))
        elif part == 2:
            designations.append(a)
        elif part == 3:
            ancestors.append(n)
    (
        id_,
        key,
        name,
        kind,
        parent_id,
        description,
        restricted,
        built,
        built_earliest,
        built_latest,
        latitude,
        longitude,
        location_certainty,
        public_latitude,
        public_longitude,
        *_parts,
    ) = rows[0]
    built_date = stored_historic_date(built, built_earliest, built_latest)
    restricted = bool(restricted)  # 0 or 1 on SQLite
    # location_for is the one rule for the point a reader sees; a transient Site, never
    # added to the session, carries the columns it reads.
    point = Site(
        restricted=restricted,
        latitude=latitude,
        longitude=longitude,
        location_certainty=location_certainty,
        public_latitude=public_latitude,
        public_longitude=public_longitude,
    )
    location = location_for(point, principal)
    site = HistorySite(
        id=id_,
        key=key,
        name=name,
        kind=kind,
        parent_id=parent_id,
        names=names,
        location=Location(**location) if location is not None else None,
        restricted=restricted,
        identifiers=identifiers,
        designations=designations,
        description=description,
        built=built_date.as_text() if built_date else None,
    )
    return site, ancestors


_Link = aliased(EventSite, name="link")
_Shown = aliased(Event, name="shown")


@functools.cache
def _links_statement(sqlite: bool, drafts: bool, descendants: bool) -> Select[*tuple[Any, ...]]:
    """Every site of each event the history shows, with the event's columns (one row per
    link). The events shown: visible ones tied to a site in reach (the site, or with
    `descendants` the list `reach`), and visible control events of an ancestor (`sites`
    is reach and the ancestors).

    Driven from ix_event_sites_site_id, the event tested by primary key per link: joined
    the other way, SQLite plans from ix_events_status and reads every published event
    (~40 ms for a site with ten events at 50,000 events)."""
    in_reach = (
        in_ids(EventSite.site_id, "reach", sqlite)
        if descendants
        else EventSite.site_id == bindparam("site")  # one id list less to render
    )
    hits = select(EventSite.event_id).where(
        in_ids(EventSite.site_id, "sites", sqlite),
        exists().where(
            Event.id == EventSite.event_id,
            visibility(Event, drafts),
            or_(in_reach, Event.category == EventCategory.CONTROL.value),
        ),
    )
    return (
        select(
            _Link.event_id,
            _Link.site_id,
            _Shown.category,
            _Shown.type,
            _Shown.date_edtf,
            _Shown.earliest,
            _Shown.latest,
            _Shown.description,
            _Shown.grade_override,
            _Shown.condition_found,
        )
        .join(_Shown, _Shown.id == _Link.event_id)
        .where(_Link.event_id.in_(hits))
    )


def _name_of(model: Any, id_: SQLColumnExpression[int | None]) -> Any:
    """The name of the `model` record `id_`, read by primary key in a subquery: an outer
    join costs PostgreSQL, which plans each run afresh (psycopg drops its prepared
    statements at every rollback), more to plan than to run, and it hashed every actor or
    source for a handful of rows. SQLite runs both forms alike."""
    return select(model.name).where(model.id == id_).scalar_subquery()


@functools.cache
def _actors_statement(sqlite: bool) -> Select[*tuple[Any, ...]]:
    name = _name_of(Actor, EventActor.actor_id).label("name")
    return (
        select(EventActor.event_id, EventActor.role, EventActor.actor_id, name)
        .where(in_ids(EventActor.event_id, "events", sqlite))
        .order_by(EventActor.event_id, EventActor.role, name)
    )


_Listed = aliased(Claim, name="listed")


@functools.cache
def _claims_statement(sqlite: bool, drafts: bool, known_at: bool) -> Select[*tuple[Any, ...]]:
    """What heritage.services.grades.claim_rows reads, for the history.

    On SQLite the claims are read through an alias, their visibility tested by primary key
    in EXISTS: with the rule on the claims read, SQLite, which has no statistics, plans
    from ix_claims_status (every published claim) instead of ix_claims_event_id.
    PostgreSQL plans the plain rule well, and that self-join badly (2x for 2,000 events).
    Names of speakers and stated actors as `_name_of`."""
    read = _Listed if sqlite else Claim

    statement = (
        select(
            read.id,
            read.event_id,
            read.stance,
            read.basis,
            read.quote,
            read.quote_start,
            read.quote_end,
            read.summary,
            read.stated_date_edtf,
            read.stated_earliest,
            read.stated_latest,
            read.stated_actor_id,
            _name_of(StatedActor, read.stated_actor_id),
            # As text: nearly every claim has no figures, and the JSON type would still
            # parse each one.
            cast(read.figures, Text),
            read.speaker_id,
            _name_of(Speaker, read.speaker_id),
            Article.id,
            Article.title,
            Article.url,
            Article.published,
            Article.publisher_id,
            Article.syndicated_from_id,
            Publisher.name,
        )
        .join(Article, Article.id == read.article_id)
        .join(Publisher, Publisher.id == Article.publisher_id)
        .where(in_ids(read.event_id, "events", sqlite))
        .order_by(read.event_id, Article.published, read.id)
    )
    # Their events are the history's, visible by the same rule already: the claims' own
    # columns are the rest of it (own_visibility), with no lookup of the event again.
    if sqlite:
        statement = statement.where(
            exists().where(Claim.id == _Listed.id, own_visibility(Claim, drafts))
        )
    else:
        statement = statement.where(own_visibility(Claim, drafts))
    if known_at:
        statement = statement.where(Article.published <= bindparam("known_at"))
    return statement


def _figures(text: str | None) -> Any:
    """What the JSON column type reads (json.loads), without it for the usual `{}`."""
    if text is None or text == "{}":
        return {}
    return json.loads(text) or {}


# A claim's part in grading, read before its sources' facts are known: the arguments of
# grades.claim_evidence after `sources`.
_GradedClaim = tuple[int, str, str, int | None, int, int | None, EdtfDate | None, int | None]


def site_history(
    session: Session,
    principal: Principal,
    site_id: int,
    *,
    at: dt.date | None = None,
    known_at: dt.date | None = None,
    include_descendants: bool = False,
    include_drafts: bool = False,
) -> History:
    """What happened to a site, as typed objects (heritage.history.History): its events,
    its ancestors' control events (inherited), optionally its descendants' events, with
    claims, grades, flags, control periods and condition. With `known_at`, only claims
    published by that day count, and events left without a claim drop out. Published
    records only, unless an editor asks for drafts: then grades and flags count the
    drafts too."""
    drafts = include_drafts and principal.sees_drafts
    if session.autoflush:
        session.flush()  # as the ORM would before its first query: pending records count
    # The session's connection, in its transaction: what the session wrote counts.
    connection = session.connection()
    cursor = connection.connection.cursor()
    try:
        return _read_history(
            connection,
            cursor,
            principal,
            site_id,
            at=at,
            known_at=known_at,
            include_descendants=include_descendants,
            drafts=drafts,
        )
    finally:
        cursor.close()


def _read_history(
    connection: Connection,
    cursor: Any,
    principal: Principal,
    site_id: int,
    *,
    at: dt.date | None,
    known_at: dt.date | None,
    include_descendants: bool,
    drafts: bool,
) -> History:
    dialect = connection.dialect
    sqlite = dialect.name == "sqlite"
    date = date_reader(dialect)
    site, ancestors = _history_site(cursor, dialect, principal, site_id)
    descendants = (
        [d for (d,) in driver_statement(dialect, _DESCENDANTS).rows(cursor, {"site": site_id})]
        if include_descendants
        else []
    )

    reach = {site_id: _OWN, **{d: _DESCENDANT for d in descendants}}
    ancestor_rank = {ancestor: depth for depth, ancestor in enumerate(ancestors)}
    site_ids_of: dict[int, list[int]] = defaultdict(list)
    via: dict[int, tuple[int, int]] = {}  # event -> (how it reaches us, through which site)
    columns_of: dict[int, tuple[Any, ...]] = {}
    links = driver_statement(dialect, _links_statement(sqlite, drafts, include_descendants)).rows(
        cursor, {"sites": [*reach, *ancestors], "reach": list(reach), "site": site_id}
    )
    for link in links:
        event_id, linked_site = link[0], link[1]
        site_ids_of[event_id].append(linked_site)
        columns_of[event_id] = link[2:]
        if linked_site in reach:
            candidate = (reach[linked_site], linked_site)
        elif linked_site in ancestor_rank:
            candidate = (_INHERITED + ancestor_rank[linked_site], linked_site)
        else:
            continue
        if event_id not in via or candidate < via[event_id]:
            via[event_id] = candidate
    event_ids = sorted(via)

    actors_of: dict[int, list[Participant]] = defaultdict(list)
    roles: dict[tuple[int, str], Participant] = {}  # one object per actor and role
    actor_ids: set[int] = set()  # whose lineage grading needs
    actor_rows = driver_statement(dialect, _actors_statement(sqlite)).rows(
        cursor, {"events": event_ids}
    )
    for event_id, role, actor_id, actor_name in actor_rows:
        key = (actor_id, role)
        if key not in roles:
            roles[key] = Participant(actor_id, actor_name, role)
        actors_of[event_id].append(roles[key])
        if role in RESPONSIBLE_ROLES:
            actor_ids.add(actor_id)

    claims_of: dict[int, list[HistoryClaim]] = defaultdict(list)
    # One object per source, actor and article, however many claims name it.
    source_refs: dict[int, SourceRef] = {}
    actor_refs: dict[int, ActorRef] = {}
    article_refs: dict[int, ArticleRef] = {}
    # What grading needs of each claim, in claim order: an event's claims are consecutive
    # (ordered by event) and start at first_graded[event].
    graded: list[_GradedClaim] = []
    first_graded: dict[int, int] = {}
    source_ids: set[int] = set()
    parameters: dict[str, Any] = {"events": event_ids}
    if known_at is not None:
        parameters["known_at"] = known_at
    for (
        claim_id,
        event_id,
        stance,
        basis,
        quote,
        quote_start,
        quote_end,
        summary,
        stated_edtf,
        stated_earliest,
        stated_latest,
        stated_actor_id,
        stated_actor_name,
        figures,
        speaker_id,
        speaker_name,
        article_id,
        title,
        url,
        published,
        publisher_id,
        syndicated_from_id,
        publisher_name,
    ) in driver_statement(dialect, _claims_statement(sqlite, drafts, known_at is not None)).rows(
        cursor, parameters
    ):
        stated_date = (
            from_bounds(stated_edtf, date(stated_earliest), date(stated_latest))
            if stated_edtf
            else None
        )
        speaker = None
        if speaker_id:
            speaker = source_refs.get(speaker_id)
            if speaker is None:
                speaker = source_refs[speaker_id] = SourceRef(speaker_id, speaker_name)
        stated_actor = None
        if stated_actor_id:
            stated_actor = actor_refs.get(stated_actor_id)
            if stated_actor is None:
                stated_actor = ActorRef(stated_actor_id, stated_actor_name)
                actor_refs[stated_actor_id] = stated_actor
        article = article_refs.get(article_id)
        if article is None:
            publisher = source_refs.get(publisher_id)
            if publisher is None:
                publisher = source_refs[publisher_id] = SourceRef(publisher_id, publisher_name)
            article = ArticleRef(article_id, title, url, date(published), publisher)
            article_refs[article_id] = article
        claims_of[event_id].append(
            HistoryClaim(  # by position: keywords cost more, for each of thousands
                claim_id,
                stance,
                basis,
                quote,
                quote_start,
                quote_end,
                summary,
                speaker,
                stated_date,
                stated_actor,
                _figures(figures),
                article,
            )
        )
        first_graded.setdefault(event_id, len(graded))
        graded.append(
            (
                claim_id,
                stance,
                basis,
                speaker_id,
                publisher_id,
                syndicated_from_id,
                stated_date,
                stated_actor_id,
            )
        )
        source_ids.add(publisher_id)
        if speaker_id is not None:
            source_ids.add(speaker_id)
        if syndicated_from_id is not None:
            source_ids.add(syndicated_from_id)
        if stated_actor_id is not None:
            actor_ids.add(stated_actor_id)
    sources, lineage = grading_facts(connection, source_ids, actor_ids)

    history_events = []
    no_claims: list[HistoryClaim] = []
    for event_id in event_ids:
        claims = claims_of.get(event_id, no_claims)
        if known_at is not None and not claims:
            continue
        (category, type_, date_edtf, earliest, latest, description, override, found) = columns_of[
            event_id
        ]
        actors = actors_of.get(event_id, [])
        # Grading's view of the claims is built per event and dropped once graded: fewer
        # live containers for the cyclic collector to walk when it runs again.
        first = first_graded.get(event_id, 0)
        grade, flags = assess_claims(
            [claim_evidence(sources, *claim) for claim in graded[first : first + len(claims)]],
            lineage,
            [actor.id for actor in actors if actor.role in RESPONSIBLE_ROLES],
            override,
        )
        rank, through = via[event_id]
        site_ids = site_ids_of[event_id]
        site_ids.sort()
        history_events.append(
            HistoryEvent(
                id=event_id,
                category=category,
                type=type_,
                date=from_bounds(date_edtf, date(earliest), date(latest)),
                site_id=through,
                site_ids=site_ids,
                inherited=rank >= _INHERITED,
                description=description,
                actors=actors,
                claims=claims if claims else [],
                grade=grade,
                grade_overridden=override is not None,
                flags=flags,
                condition_found=found,
            )
        )
    return build_history(site, history_events, at=at)
