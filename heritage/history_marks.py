"""History marks: which sites' histories a write can change, and the marks that say so.

A site's history (heritage.services.history) shows its own events and its ancestors'
control events, each with its claims, their articles, and the names of actors and sources.
Its ETag names the data it was built from (api.blueprint.validated_by_data): the counter's
epoch, the shared mark (the last change that reaches every history: an actor's or a
source's, whose names any history may show) and the site's own mark (the last change
that reaches this site's history). A write moves the marks of the histories it can
change and no others, so cached histories of every other site stay valid.

Which sites a written record reaches:
- a site: itself and its descendants (they show its control events, and list it among
  their ancestors); when created, none (its history is new: no ETag named it before);
- an event: its sites, before and after the write; a control event (before or after) also
  their descendants, which inherit it;
- a claim: its event's sites (before and after, as for an event), its event's before and
  after;
- an article: the sites of the events its claims back (none when created);
- an actor, a source, and any record this module does not know: every site (the shared
  mark); when created, none (no history names it until an event or a claim written
  later does, and that write marks its sites);
- users, tokens and settings: none.

Each mark is two numbers, as the counter's: `seq`, the commit number of the last such
change (what editors see), and `public_seq`, the public number of the last one the public
saw. Each revision notes what it wrote (`note_written`, with the record's state before the
write as its revision's changes tell it); as the transaction commits, heritage.commit_order
calls `mark_written` with the numbers it drew, which works out the sites in a constant
number of statements, whatever their count, and moves their marks. A savepoint rolled back
takes its notes with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BigInteger, literal, or_, select, update
from sqlalchemy import event as orm_event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, SessionTransaction

from heritage.driver import in_ids
from heritage.models import Claim, CommitCounter, Event, EventSite, Site, SiteHistoryMark
from heritage.vocab import EventCategory

_NOTES_KEY = "heritage.history_marks"
_CONTROL = EventCategory.CONTROL.value
# Records no history shows.
NOT_IN_HISTORIES = frozenset({"user", "token", "setting"})
# Records whose reach this module works out; any other reaches every history.
_PLACED = frozenset({"site", "event", "claim", "article"})


@dataclass(frozen=True, slots=True)
class Written:
    """One record a transaction wrote, and where it showed before the write: an event's
    sites and whether it was a control event, a claim's event."""

    resource: str
    record_id: int
    public: bool
    created: bool = False  # by this write: it showed nowhere before
    former_site_ids: tuple[int, ...] = ()
    former_event_id: int | None = None
    was_control: bool = False


def written(
    resource: str,
    record_id: int,
    changes: Mapping[str, Any] | None,
    public: bool,
    *,
    created: bool = False,
) -> Written:
    """What a revision with these `changes` ({field: [old, new]}) wrote; `created`, a
    revision of the record's creation."""
    changes = changes or {}
    former_sites: tuple[int, ...] = ()
    old_links = _old(changes, "sites")
    if isinstance(old_links, list):
        former_sites = tuple(
            int(link["site_id"])
            for link in old_links
            if isinstance(link, Mapping) and link.get("site_id") is not None
        )
    former_event = _old(changes, "event_id")
    return Written(
        resource,
        record_id,
        public,
        created=created,
        former_site_ids=former_sites,
        former_event_id=int(former_event) if isinstance(former_event, int) else None,
        was_control=_old(changes, "category") == _CONTROL,
    )


def _old(changes: Mapping[str, Any], name: str) -> Any:
    change = changes.get(name)
    return change[0] if isinstance(change, list | tuple) and len(change) == 2 else None


@dataclass
class _Noted:
    """What one (sub)transaction, `owner`, wrote: a savepoint rolled back drops its own.
    Records created in bulk are kept as the ids of the events they reach (with whether
    the public sees them): an import's transaction held open beside its validation may
    create millions of records, and an id costs a fraction of a Written."""

    owner: SessionTransaction
    records: list[Written] = field(default_factory=list)
    events: dict[int, bool] = field(default_factory=dict)


@dataclass
class _Notes:
    """What the transaction `root` wrote so far."""

    root: SessionTransaction
    groups: list[_Noted] = field(default_factory=list)


def _noted(session: Session) -> _Noted:
    """Where the current (sub)transaction's writes are noted."""
    root = session.get_transaction()
    assert root is not None, "a revision is written inside a transaction"
    owner = session.get_nested_transaction() or root
    notes: _Notes | None = session.info.get(_NOTES_KEY)
    if notes is None or notes.root is not root:
        notes = session.info[_NOTES_KEY] = _Notes(root)
    if not notes.groups or notes.groups[-1].owner is not owner:
        notes.groups.append(_Noted(owner))
    return notes.groups[-1]


def note_written(session: Session, records: Iterable[Written]) -> None:
    """Remember records the current transaction wrote, for `mark_written` at its commit."""
    _noted(session).records.extend(r for r in records if r.resource not in NOT_IN_HISTORIES)


def note_events_reached(session: Session, events: Iterable[tuple[int, bool]]) -> None:
    """Remember the events that records created in bulk reach, each with whether the
    public sees the record (an event created, the event of a claim created): where those
    events are now is all that can have changed. Sites, actors, sources and articles
    created in bulk reach no history yet (heritage.interchange.bulk)."""
    noted = _noted(session).events
    for event_id, public in events:
        noted[event_id] = noted.get(event_id, False) or public


@orm_event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous: SessionTransaction) -> None:
    notes: _Notes | None = session.info.get(_NOTES_KEY)
    if notes is None:
        return
    if previous is notes.root:
        session.info.pop(_NOTES_KEY, None)
        return
    notes.groups = [group for group in notes.groups if not _within(group.owner, previous)]


def _within(transaction: SessionTransaction | None, outer: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is outer:
            return True
        transaction = transaction.parent
    return False


@dataclass
class Affected:
    """The histories some writes can change: by any of them (`sites`, `shared`: every
    site), and by those the public sees (`public_sites`, `public_shared`)."""

    sites: set[int] = field(default_factory=set)
    public_sites: set[int] = field(default_factory=set)
    shared: bool = False
    public_shared: bool = False


def affected_sites(
    session: Session, records: Sequence[Written], events: Mapping[int, bool] | None = None
) -> Affected:
    """The sites whose histories `records` can change (see the module's doc), and those of
    `events` (ids of events created or named by claims created, with whether the public
    sees that), in at most three statements however many records and sites."""
    affected = Affected()
    events = events or {}
    placed = []
    for record in _merged(records):
        if record.resource in NOT_IN_HISTORIES:
            continue
        if record.created and record.resource not in ("event", "claim"):
            # In no history but its own new one (a site's, which no ETag named before)
            # until an event or a claim written names it, which marks that event's sites.
            continue
        if record.resource not in _PLACED:
            affected.shared = True
            affected.public_shared = affected.public_shared or record.public
        else:
            placed.append(record)
    if not placed and not events:
        return affected
    sqlite_dialect = session.get_bind().dialect.name == "sqlite"
    events_of = _events_of_claims_and_articles(session, placed, sqlite_dialect)
    event_ids = {e for r in placed for e in _events_named(r, events_of)} | events.keys()
    places = _event_places(session, event_ids, sqlite_dialect)
    # Events created in bulk, as records placed where they are now.
    placed.extend(Written("event", event_id, public) for event_id, public in events.items())
    reach: list[tuple[Written, set[int], set[int]]] = []  # record, sites, subtree roots
    for record in placed:
        sites: set[int] = set()
        roots: set[int] = set()
        if record.resource == "site":
            roots.add(record.record_id)
        for event_id in _events_named(record, events_of):
            event_sites, control = places.get(event_id, (set(), False))
            sites |= event_sites
            if control:
                roots |= event_sites
        if record.resource == "event":
            sites.update(record.former_site_ids)
            if record.was_control or places.get(record.record_id, (set(), False))[1]:
                roots |= sites
        reach.append((record, sites, roots))
    below = _descendants(session, {root for _, _, roots in reach for root in roots}, sqlite_dialect)
    for record, sites, roots in reach:
        for root in roots:
            sites |= below.get(root, {root})
        affected.sites |= sites
        if record.public:
            affected.public_sites |= sites
    return affected


def _merged(records: Iterable[Written]) -> list[Written]:
    """One entry per record, public if any of its revisions is: a reviewer's change to a
    published event writes the change for editors and, apart, its leaving public view
    for the public; where it was before the change matters to both."""
    merged: dict[tuple[str, int], Written] = {}
    for record in records:
        key = (record.resource, record.record_id)
        known = merged.get(key)
        if known is None:
            merged[key] = record
            continue
        merged[key] = Written(
            record.resource,
            record.record_id,
            known.public or record.public,
            created=known.created and record.created,
            former_site_ids=tuple(sorted({*known.former_site_ids, *record.former_site_ids})),
            former_event_id=known.former_event_id
            if known.former_event_id is not None
            else record.former_event_id,
            was_control=known.was_control or record.was_control,
        )
    return list(merged.values())


def _events_named(record: Written, events_of: Mapping[tuple[str, int], set[int]]) -> set[int]:
    """The events whose sites a written record reaches: an event itself; a claim's event
    before and after; an article's claims' events."""
    if record.resource == "event":
        return {record.record_id}
    named = set(events_of.get((record.resource, record.record_id), ()))
    if record.former_event_id is not None:
        named.add(record.former_event_id)
    return named


def _events_of_claims_and_articles(
    session: Session, records: Sequence[Written], sqlite_dialect: bool
) -> dict[tuple[str, int], set[int]]:
    claim_ids = [r.record_id for r in records if r.resource == "claim"]
    article_ids = [r.record_id for r in records if r.resource == "article"]
    if not claim_ids and not article_ids:
        return {}
    rows = session.execute(
        select(Claim.id, Claim.article_id, Claim.event_id).where(
            or_(
                in_ids(Claim.id, "claims", sqlite_dialect),
                in_ids(Claim.article_id, "articles", sqlite_dialect),
            )
        ),
        {"claims": claim_ids, "articles": article_ids},
    )
    claims, articles = set(claim_ids), set(article_ids)
    events_of: dict[tuple[str, int], set[int]] = {}
    for claim_id, article_id, event_id in rows:
        if claim_id in claims:
            events_of.setdefault(("claim", claim_id), set()).add(event_id)
        if article_id in articles:
            events_of.setdefault(("article", article_id), set()).add(event_id)
    return events_of


def _event_places(
    session: Session, event_ids: set[int], sqlite_dialect: bool
) -> dict[int, tuple[set[int], bool]]:
    """Each event's sites now, and whether it is a control event now."""
    if not event_ids:
        return {}
    rows = session.execute(
        select(Event.id, Event.category, EventSite.site_id)
        .outerjoin(EventSite, EventSite.event_id == Event.id)
        .where(in_ids(Event.id, "events", sqlite_dialect)),
        {"events": sorted(event_ids)},
    )
    places: dict[int, tuple[set[int], bool]] = {}
    for event_id, category, site_id in rows:
        sites, _control = places.setdefault(event_id, (set(), category == _CONTROL))
        if site_id is not None:
            sites.add(site_id)
    return places


def _descendants(session: Session, roots: set[int], sqlite_dialect: bool) -> dict[int, set[int]]:
    """Each root's subtree, itself included, in one recursive statement; tombstones too
    (marking more than needed costs a cache entry, never a stale history)."""
    if not roots:
        return {}
    root = Site.id.label("root")
    tree = (
        select(Site.id.label("id"), root)
        .where(in_ids(Site.id, "roots", sqlite_dialect))
        .cte("subtree", recursive=True)
    )
    # UNION, not UNION ALL: it ends even on a cycle, which the services never let in.
    tree = tree.union(select(Site.id, tree.c.root).join(tree, Site.parent_id == tree.c.id))
    below: dict[int, set[int]] = {}
    for site_id, top in session.execute(select(tree.c.id, tree.c.root), {"roots": sorted(roots)}):
        below.setdefault(top, set()).add(site_id)
    return below


def mark(session: Session, site_ids: Iterable[int], seq: int, public_seq: int | None) -> None:
    """Set the marks of `site_ids` (those that exist) to the commit `seq` and, for a
    change the public sees, to the public number `public_seq`: one statement."""
    ids = sorted(set(site_ids))
    if not ids:
        return
    sqlite_dialect = session.get_bind().dialect.name == "sqlite"
    insert = (sqlite if sqlite_dialect else postgresql).insert(SiteHistoryMark)
    rows = select(
        Site.id,
        literal(seq, BigInteger()),
        literal(public_seq or 0, BigInteger()),
    ).where(in_ids(Site.id, "ids", sqlite_dialect))
    statement = insert.from_select(["site_id", "seq", "public_seq"], rows)
    statement = statement.on_conflict_do_update(
        index_elements=[SiteHistoryMark.site_id],
        set_={
            "seq": statement.excluded.seq,
            "public_seq": (
                statement.excluded.public_seq
                if public_seq is not None
                else SiteHistoryMark.public_seq
            ),
        },
    )
    session.connection().execute(statement, {"ids": ids})


def mark_shared(session: Session, seq: int, public_seq: int | None) -> None:
    """Move the shared mark, which every history's ETag names, to `seq` (and `public_seq`
    for a change the public sees)."""
    values: dict[str, int] = {"shared_value": seq}
    if public_seq is not None:
        values["shared_public_value"] = public_seq
    session.connection().execute(update(CommitCounter).where(CommitCounter.id == 1).values(values))


def mark_written(session: Session, seq: int, public_seq: int | None) -> None:
    """Move the marks of every history the transaction's noted records can change: called
    by heritage.commit_order as the transaction commits, with the numbers it drew."""
    notes: _Notes | None = session.info.pop(_NOTES_KEY, None)
    if notes is None or notes.root is not session.get_transaction():
        return
    records = [record for group in notes.groups for record in group.records]
    events: dict[int, bool] = {}
    for group in notes.groups:
        for event_id, public in group.events.items():
            events[event_id] = events.get(event_id, False) or public
    if not records and not events:
        return
    affected = affected_sites(session, records, events)
    editors_only = affected.sites
    if public_seq is not None:  # the transaction wrote something the public sees
        mark(session, affected.public_sites, seq, public_seq)
        editors_only = affected.sites - affected.public_sites
    mark(session, editors_only, seq, None)
    if affected.shared:
        mark_shared(session, seq, public_seq if affected.public_shared else None)
