"""Loading the evidence of events and keeping their stored grades in step with it.

The rule itself lives in heritage.grading; this module feeds it from the database in a
constant number of queries for any number of events.

A regrading reads the claims of its events and then writes their grades: a claim saved in
between would leave a grade computed without it. So a regrading first locks its events
(lock_for_regrading), and every claim write regrades its event under the same lock before
it commits; the two take turns on each event.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Integer,
    Row,
    Select,
    Table,
    bindparam,
    cast,
    delete,
    func,
    literal,
    null,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.selectable import CompoundSelect

from heritage.commit_order import take_write_lock
from heritage.dates import EdtfDate, from_bounds
from heritage.driver import driver_statement, in_ids, sqlite_values
from heritage.grading import ClaimEvidence, Flag, contradiction_flags, grade
from heritage.models import Actor, Article, Claim, Event, EventActor, PendingGrade, Source
from heritage.services.visibility import visibility
from heritage.vocab import ActorRole, Grade

Speaker = aliased(Source, name="speaker")
Publisher = aliased(Source, name="publisher")
StatedActor = aliased(Actor, name="stated_actor")


def _listed(session: Session, ids: Select[Any] | Sequence[int]) -> Any:
    """What `in_()` takes for a list of ids, never bound one parameter each: regrading
    sends thousands, and binding them cost SQLAlchemy and psycopg four times what the
    query did. PostgreSQL gets them written into the SQL (`IN (1, 2, 3)`: integers, nothing
    to quote). SQLite gets one JSON array read by json_each, so the statement's text stays
    the same: written in, each list was a new statement that sqlite3 prepared and kept in
    its cache of 128, ~0.7 MB each at 5000 ids (an import's regrading grew by 90 MB)."""
    if isinstance(ids, Select):
        return ids
    listed = [int(i) for i in ids]
    if session.get_bind().dialect.name == "sqlite":
        return sqlite_values(listed)
    return bindparam(None, listed, expanding=True, literal_execute=True)


def claim_rows(
    session: Session,
    event_ids: Select[Any] | Sequence[int],
    known_at: dt.date | None = None,
    *,
    include_drafts: bool = False,
) -> list[Row[Any]]:
    """The live claims of the given events with what the history and grading need, in one
    query: published ones, or with `include_drafts` every one not retracted."""
    statement = (
        select(
            Claim.id,
            Claim.event_id,
            Claim.stance,
            Claim.basis,
            Claim.quote,
            Claim.quote_start,
            Claim.quote_end,
            Claim.summary,
            Claim.stated_date_edtf,
            Claim.stated_earliest,
            Claim.stated_latest,
            Claim.stated_actor_id,
            StatedActor.name.label("stated_actor_name"),
            Claim.figures,
            Claim.speaker_id,
            Speaker.name.label("speaker_name"),
            Article.id.label("article_id"),
            Article.title,
            Article.url,
            Article.published,
            Article.publisher_id,
            Article.syndicated_from_id,
            Publisher.name.label("publisher_name"),
        )
        .join(Article, Article.id == Claim.article_id)
        .join(Publisher, Publisher.id == Article.publisher_id)
        .outerjoin(Speaker, Speaker.id == Claim.speaker_id)
        .outerjoin(StatedActor, StatedActor.id == Claim.stated_actor_id)
    )
    statement = _of_events(session, statement, event_ids, known_at, include_drafts)
    rows: list[Row[Any]] = list(session.execute(statement).all())  # type: ignore[arg-type]
    return rows


def _grading_rows(session: Session, event_ids: Sequence[int]) -> list[Row[Any]]:
    """`claim_rows` narrowed to what `build_evidence` reads, for refresh_grades: a bulk
    import regrades thousands of events, and their quotes, titles, names and figures
    were most of what reading their claims cost. Read past the ORM's result handling,
    which only adds per-row work to plain columns."""
    statement: Select[*tuple[Any, ...]] = select(
        Claim.id,
        Claim.event_id,
        Claim.stance,
        Claim.basis,
        Claim.stated_date_edtf,
        Claim.stated_earliest,
        Claim.stated_latest,
        Claim.stated_actor_id,
        Claim.speaker_id,
        Article.publisher_id,
        Article.syndicated_from_id,
    ).join(Article, Article.id == Claim.article_id)
    statement = _of_events(session, statement, event_ids, None, False)
    rows: list[Row[Any]] = list(session.connection().execute(statement).all())
    return rows


def _of_events(
    session: Session,
    statement: Select[*tuple[Any, ...]],
    event_ids: Select[Any] | Sequence[int],
    known_at: dt.date | None,
    include_drafts: bool,
) -> Select[*tuple[Any, ...]]:
    """`statement`, reading claims joined to their articles, kept to the live claims of
    the given events (see `claim_rows`), in the events' order and their articles'."""
    statement = statement.where(
        Claim.event_id.in_(_listed(session, event_ids)), visibility(Claim, include_drafts)
    ).order_by(Claim.event_id, Article.published, Claim.id)
    if known_at is not None:
        statement = statement.where(Article.published <= known_at)
    return statement


def _chain(model: Any, parent_column: str, ids: str, sqlite: bool | None = None) -> Any:
    """Each record of the id list parameter `ids`, itself and every record above it:
    a recursive CTE of (origin, id, depth). The list is an expanding parameter, or with
    `sqlite` given one parameter for the DB-API cursor (heritage.driver.in_ids)."""
    parent = getattr(model, parent_column)
    among = (
        model.id.in_(bindparam(ids, expanding=True))
        if sqlite is None
        else in_ids(model.id, ids, sqlite)
    )
    chain = (
        select(model.id.label("origin"), model.id.label("id"), literal(0).label("depth"))
        .where(among)
        .cte(f"{model.__tablename__}_lineage", recursive=True)
    )
    return chain.union_all(
        select(chain.c.origin, parent, chain.c.depth + 1)
        .join(chain, model.id == chain.c.id)
        .where(parent.is_not(None), chain.c.depth < 100)
    )


@functools.cache
def _chain_statement(model: Any, parent_column: str, extra: str | None) -> Select[Any]:
    """The walk of `_chains`, built once per shape: building the recursive statement costs
    more than running it for the few ids of a read."""
    chain = _chain(model, parent_column, "ids")
    columns = [chain.c.origin, chain.c.id, chain.c.depth]
    if extra is None:
        return select(*columns).order_by(chain.c.origin, chain.c.depth)
    return (
        select(*columns, getattr(model, extra))
        .join(model, model.id == chain.c.id)
        .order_by(chain.c.origin, chain.c.depth)
    )


def _chains(
    session: Session | Connection,
    model: Any,
    parent_column: str,
    ids: set[int],
    extra: str | None = None,
) -> list[Any]:
    """For each id, itself and every record above it: rows of (origin, id, depth[, extra])."""
    if not ids:
        return []
    statement = _chain_statement(model, parent_column, extra)
    return list(session.execute(statement, {"ids": sorted(ids)}).all())


def _lineage_of(rows: Iterable[tuple[int, int]]) -> dict[int, frozenset[int]]:
    lineage: dict[int, set[int]] = defaultdict(set)
    for origin, actor_id in rows:
        lineage[origin].add(actor_id)
    return {actor: frozenset(chain) for actor, chain in lineage.items()}


def actor_lineage(session: Session | Connection, actor_ids: set[int]) -> dict[int, frozenset[int]]:
    """Each actor with everything it is part of (Syrian Arab Army -> government forces)."""
    return _lineage_of(
        (origin, actor_id)
        for origin, actor_id, _depth in _chains(session, Actor, "part_of_id", actor_ids)
    )


@dataclass(frozen=True, slots=True)
class SourceFacts:
    root_id: int  # the top of its affiliation chain: what independence counts
    actor_ids: frozenset[int]  # the actors it, or an organisation above it, speaks for


def _source_facts_of(rows: Iterable[tuple[int, int, int | None]]) -> dict[int, SourceFacts]:
    """From rows of (origin, source on its chain, that source's actor), nearest first."""
    chains: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for origin, source_id, actor_id in rows:
        chains[origin].append((source_id, actor_id))
    return {
        origin: SourceFacts(
            root_id=chain[-1][0],
            actor_ids=frozenset(actor for _, actor in chain if actor is not None),
        )
        for origin, chain in chains.items()
    }


def source_facts(session: Session | Connection, source_ids: set[int]) -> dict[int, SourceFacts]:
    return _source_facts_of(
        (origin, source_id, actor_id)
        for origin, source_id, _depth, actor_id in _chains(
            session, Source, "affiliation_id", source_ids, extra="actor_id"
        )
    )


@functools.cache
def _grading_facts_statement(sqlite: bool) -> CompoundSelect[*tuple[Any, ...]]:
    """source_facts and actor_lineage of what the sources speak for, in one statement:
    rows of (0, origin, source, depth, its actor) then (1, origin, actor, depth, NULL)."""
    sources = _chain(Source, "affiliation_id", "sources", sqlite)
    on_chain = aliased(Source, name="on_chain")
    spoken_for = select(on_chain.actor_id).join(sources, on_chain.id == sources.c.id)
    parent = Actor.part_of_id
    actors = (
        select(Actor.id.label("origin"), Actor.id.label("id"), literal(0).label("depth"))
        .where(or_(in_ids(Actor.id, "actors", sqlite), Actor.id.in_(spoken_for)))
        .cte("actors_lineage", recursive=True)
    )
    actors = actors.union_all(
        select(actors.c.origin, parent, actors.c.depth + 1)
        .join(actors, Actor.id == actors.c.id)
        .where(parent.is_not(None), actors.c.depth < 100)
    )
    return union_all(
        select(
            literal(0).label("kind"),
            sources.c.origin,
            sources.c.id,
            sources.c.depth,
            Source.actor_id,
        ).join(Source, Source.id == sources.c.id),
        select(literal(1), actors.c.origin, actors.c.id, actors.c.depth, cast(null(), Integer)),
    ).order_by("kind", "origin", "depth")


def grading_facts(
    connection: Connection, source_ids: set[int], actor_ids: set[int]
) -> tuple[dict[int, SourceFacts], dict[int, frozenset[int]]]:
    """What grading consults beside the claims, in one query: source_facts of the claims'
    sources, and actor_lineage of the given actors and of every actor those sources speak
    for (as build_evidence reads them in two). Run on the DB-API cursor: it is one of the
    statements of every site history (heritage.services.history)."""
    if not source_ids and not actor_ids:
        return {}, {}
    dialect = connection.dialect
    statement = driver_statement(dialect, _grading_facts_statement(dialect.name == "sqlite"))
    cursor = connection.connection.cursor()
    try:
        rows = statement.rows(cursor, {"sources": sorted(source_ids), "actors": sorted(actor_ids)})
    finally:
        cursor.close()
    return (
        _source_facts_of((origin, id_, actor) for kind, origin, id_, _, actor in rows if not kind),
        _lineage_of((origin, id_) for kind, origin, id_, _, _ in rows if kind),
    )


@dataclass(slots=True)
class Evidence:
    """Claims of a set of events ready for grading, with the lineages grading consults."""

    by_event: dict[int, list[ClaimEvidence]]
    actor_lineage: dict[int, frozenset[int]]


def claim_evidence(
    sources: Mapping[int, SourceFacts],
    claim_id: int,
    stance: str,
    basis: str,
    speaker_id: int | None,
    publisher_id: int,
    syndicated_from_id: int | None,
    stated_date: EdtfDate | None,
    stated_actor_id: int | None,
) -> ClaimEvidence:
    """One claim for grading, its sources' facts (source_facts) at hand."""
    voice = speaker_id or syndicated_from_id or publisher_id
    return ClaimEvidence(
        id=claim_id,
        stance=stance,
        basis=basis,
        origin_id=sources[voice].root_id,
        speaker_actor_ids=sources[speaker_id].actor_ids if speaker_id else frozenset(),
        stated_date=stated_date,
        stated_actor_id=stated_actor_id,
    )


def build_evidence(
    session: Session, rows: Sequence[Row[Any]], event_actor_ids: Iterable[int]
) -> Evidence:
    sources = source_facts(
        session,
        {
            source
            for row in rows
            for source in (row.speaker_id, row.publisher_id, row.syndicated_from_id)
            if source is not None
        },
    )
    speaker_actor_ids = {actor for facts in sources.values() for actor in facts.actor_ids}
    stated_actor_ids = {row.stated_actor_id for row in rows if row.stated_actor_id is not None}
    lineage = actor_lineage(session, speaker_actor_ids | stated_actor_ids | set(event_actor_ids))
    by_event: dict[int, list[ClaimEvidence]] = defaultdict(list)
    for row in rows:
        by_event[row.event_id].append(
            claim_evidence(
                sources,
                row.id,
                row.stance,
                row.basis,
                row.speaker_id,
                row.publisher_id,
                row.syndicated_from_id,
                from_bounds(row.stated_date_edtf, row.stated_earliest, row.stated_latest)
                if row.stated_date_edtf
                else None,
                row.stated_actor_id,
            )
        )
    return Evidence(by_event=dict(by_event), actor_lineage=lineage)


RESPONSIBLE_ROLES = (ActorRole.PERPETRATOR.value, ActorRole.CONTROLLER.value)


def assess(
    evidence: Evidence,
    event_id: int,
    responsible_actor_ids: Iterable[int],
    override: str | None,
) -> tuple[Grade, list[Flag]]:
    """The grade and contradiction flags of one event."""
    return assess_claims(
        evidence.by_event.get(event_id, []),
        evidence.actor_lineage,
        responsible_actor_ids,
        override,
    )


def assess_claims(
    claims: Sequence[ClaimEvidence],
    actor_lineage: Mapping[int, frozenset[int]],
    responsible_actor_ids: Iterable[int],
    override: str | None,
) -> tuple[Grade, list[Flag]]:
    """The grade and contradiction flags of one event from its claims."""
    flags = contradiction_flags(claims, actor_lineage)
    return (
        grade(
            claims,
            responsible_actor_ids=responsible_actor_ids,
            actor_lineage=actor_lineage,
            flags=flags,
            override=override,
        ),
        flags,
    )


def responsible_actors(
    session: Session, event_ids: Select[Any] | Sequence[int]
) -> Mapping[int, list[int]]:
    responsible: dict[int, list[int]] = defaultdict(list)
    for event_id, actor_id in session.execute(
        select(EventActor.event_id, EventActor.actor_id).where(
            EventActor.event_id.in_(_listed(session, event_ids)),
            EventActor.role.in_(RESPONSIBLE_ROLES),
        )
    ):
        responsible[event_id].append(actor_id)
    return responsible


# Called between reading the claims of the events a regrading is about (the argument) and
# storing their grades: a test saves a claim there, to see that the lock holds it off.
after_claims_read: Callable[[Sequence[int]], None] | None = None

# How long a regrading transaction on SQLite waits for the database's write lock before it
# fails: the import's two grading processes take turns with it (a chunk each), and one may
# have to wait out the other's whole share.
SQLITE_REGRADING_WAIT_MS = 10 * 60 * 1000


def lock_for_regrading(session: Session, wait_ms: int | None = None) -> None:
    """Keep claim writes out until this transaction ends, from before a regrading reads
    anything. SQLite locks the whole database: hold its write lock from now on
    (commit_order.take_write_lock), with the connection's busy timeout or `wait_ms`.
    PostgreSQL locks rows: refresh_grades and refresh_deferred_grades lock theirs as they
    read them."""
    take_write_lock(session, wait_ms)


def refresh_grades(session: Session, event_ids: Iterable[int]) -> None:
    """Recompute and store the public grade of each event: from its published claims.
    Inside `grades_deferred(session)`, only note them for later (defer_grades)."""
    ids = sorted(set(event_ids))
    if not ids:
        return
    if _DEFERRED in session.info:
        defer_grades(session, ids)
        return
    session.flush()
    lock_for_regrading(session)
    connection = session.connection()
    # Columns, not entities: a bulk import regrades thousands of events it never loaded.
    # Locked before the claims are read, in id order (two regradings never wait on each
    # other crosswise): a claim write on one of them regrades it once this one has
    # committed, and reads what it stored. FOR NO KEY UPDATE, as PostgreSQL's own UPDATE
    # of a non-key column: a claim inserted or moved onto an event takes a KEY SHARE lock
    # on it, which FOR UPDATE would wait for, and an editor moving a claim from one
    # locked event to another would deadlock with this regrading.
    stored = connection.execute(
        select(Event.id, Event.grade, Event.grade_override)
        .where(Event.id.in_(_listed(session, ids)))
        .order_by(Event.id)
        .with_for_update(key_share=True)
    ).all()
    responsible = responsible_actors(session, ids)
    evidence = build_evidence(
        session, _grading_rows(session, ids), {a for actors in responsible.values() for a in actors}
    )
    if after_claims_read is not None:
        after_claims_read(ids)
    events_table = Event.__table__
    assert isinstance(events_table, Table)
    changed: dict[str, list[int]] = defaultdict(list)  # new grade -> its events
    # An import's regrading session holds no instance: then none is looked for.
    identity_map = session.identity_map if len(session.identity_map) else None
    for event_id, stored_grade, override in stored:
        grade, _flags = assess(evidence, event_id, responsible.get(event_id, []), override)
        if stored_grade == grade.value:
            continue
        changed[grade.value].append(event_id)
        if identity_map is None:
            continue
        loaded = identity_map.get(session.identity_key(Event, event_id))
        if loaded is not None:
            set_committed_value(loaded, "grade", grade.value)
    for new_grade, graded in changed.items():
        # Derived data, not an edit: written past the ORM so the event's version (its ETag
        # for If-Match) stays put and no editor's next change is refused over it. Readers
        # still see the new grade: response ETags also hash the representation. One
        # statement per grade: a bulk import regrades thousands at once. On the connection:
        # the loaded instances are set above, and the ORM's own synchronising of an UPDATE
        # would fetch every id again.
        connection.execute(
            update(events_table)
            .where(events_table.c.id.in_(_listed(session, graded)))
            .values(grade=new_grade)
        )


# One statement for a batch's thousands of events, their ids in one parameter (a JSON
# array on SQLite, whose upsert after a SELECT needs the WHERE to parse). On PostgreSQL an
# event noted already has its note locked, not rewritten (DO UPDATE locks the row even
# where its WHERE leaves it unchanged): a regrading that has taken that note
# (refresh_deferred_grades) may have read the claims before this transaction's, and must
# commit, dropping it, before this note is written anew. SQLite's write lock keeps the
# two apart already.
_NOTE_PENDING = {
    "postgresql": text(
        f"INSERT INTO {PendingGrade.__tablename__} (event_id)"
        " SELECT unnest(CAST(:ids AS integer[]))"
        " ON CONFLICT (event_id) DO UPDATE SET event_id = excluded.event_id WHERE false"
    ),
    "sqlite": text(
        f"INSERT INTO {PendingGrade.__tablename__} (event_id)"
        " SELECT value FROM json_each(:ids) WHERE true ON CONFLICT DO NOTHING"
    ),
}


# The session.info key grades_deferred sets: the events noted within the block so far.
_DEFERRED = "heritage.grades_deferred"


@contextmanager
def grades_deferred(session: Session) -> Iterator[None]:
    """Within this block, every regrade the services ask of `session` is noted for later
    (defer_grades) instead of done at once: an import updating thousands of records would
    otherwise regrade an event once per claim of it the file changes, then again at its
    end. Until refresh_deferred_grades runs, those events keep their earlier grade.

    The notes are written when the block ends (not if it raises), all in one statement in
    id order, as a regrading takes them: written one record at a time, a batch would
    lock notes in any order, and could deadlock with a regrading taking them in order."""
    if _DEFERRED in session.info:  # inside another such block, which notes them
        yield
        return
    deferred: set[int] = set()
    session.info[_DEFERRED] = deferred
    try:
        yield
    finally:
        del session.info[_DEFERRED]
    _note_pending(session, deferred)


def defer_grades(session: Session, event_ids: Iterable[int]) -> None:
    """Note events to regrade later, in the caller's transaction (refresh_deferred_grades):
    for a bulk import, whose claims name each event about twice in batches far apart, so
    that it regrades each event once, at its end, instead of once per batch. Within
    `grades_deferred`, noted when the block ends."""
    deferred: set[int] | None = session.info.get(_DEFERRED)
    if deferred is not None:
        deferred.update(event_ids)
        return
    _note_pending(session, event_ids)


def _note_pending(session: Session, event_ids: Iterable[int]) -> None:
    ids = sorted(set(event_ids))
    if not ids:
        return
    connection = session.connection()
    dialect = connection.dialect.name
    connection.execute(
        _NOTE_PENDING[dialect], {"ids": json.dumps(ids) if dialect == "sqlite" else ids}
    )


def refresh_deferred_grades(
    session: Session, limit: int, share: tuple[int, int] | None = None
) -> int:
    """Regrade up to `limit` of the events noted by defer_grades, in id order, and forget
    them; returns how many (0 once none is left). With `share` (part, parts) only those
    whose id is `part` modulo `parts`: processes each given a different part never regrade
    the same event.

    The notes taken are locked until the commit (on SQLite, the database), so that an
    import noting one of these events again meanwhile waits, and notes it anew once they
    are dropped; another regrading passes over them (SKIP LOCKED) to the next ones."""
    lock_for_regrading(session, SQLITE_REGRADING_WAIT_MS)
    noted = select(PendingGrade.event_id)
    if share is not None:
        part, parts = share
        noted = noted.where(PendingGrade.event_id % parts == part)
    due = list(
        session.scalars(
            noted.order_by(PendingGrade.event_id).limit(limit).with_for_update(skip_locked=True)
        )
    )
    if due:
        refresh_grades(session, due)
        session.execute(
            delete(PendingGrade).where(PendingGrade.event_id.in_(_listed(session, due)))
        )
    return len(due)


def deferred_grade_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(PendingGrade)) or 0


def refresh_grades_for_source(session: Session, source_id: int) -> None:
    """Regrade the events whose claims come from this source or anyone affiliated to it."""
    below = select(Source.id).where(Source.id == source_id).cte("affiliated", recursive=True)
    below = below.union_all(select(Source.id).join(below, Source.affiliation_id == below.c.id))
    affected = session.scalars(
        select(Claim.event_id)
        .join(Article, Article.id == Claim.article_id)
        .where(
            or_(
                Claim.speaker_id.in_(select(below.c.id)),
                Article.publisher_id.in_(select(below.c.id)),
                Article.syndicated_from_id.in_(select(below.c.id)),
            )
        )
        .distinct()
    )
    refresh_grades(session, list(affected))


def refresh_grades_for_actor(session: Session, actor_id: int) -> None:
    """Regrade the events whose grade depends on where this actor stands: membership decides
    whether a spokesman's word confirms and whether two named perpetrators conflict, and a
    move changes the lineage of the actor and of every unit inside it."""
    units = select(Actor.id).where(Actor.id == actor_id).cte("units", recursive=True)
    units = units.union_all(select(Actor.id).join(units, Actor.part_of_id == units.c.id))
    unit_ids = select(units.c.id)
    affected = set(
        session.scalars(select(EventActor.event_id).where(EventActor.actor_id.in_(unit_ids)))
    )
    affected.update(
        session.scalars(select(Claim.event_id).where(Claim.stated_actor_id.in_(unit_ids)))
    )
    refresh_grades(session, affected)
    for source_id in session.scalars(select(Source.id).where(Source.actor_id.in_(unit_ids))):
        refresh_grades_for_source(session, source_id)
