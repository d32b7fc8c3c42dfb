"""What refers to what among the edited records, and the two rules that keep references
whole when records are deleted and restored: a record is deleted only while no live record
refers to it, and restored only while everything it refers to is live. Together they mean
no live record ever points at a tombstone, whichever order deletions and restores come in.

References from tombstones do not hold a record: they cannot come back while it is gone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from heritage.errors import Conflict, Referrers
from heritage.models import Actor, Article, Claim, Event, EventActor, EventSite, Site, Source
from heritage.models.common import Tracked

# How many referring ids a refusal names per kind (it counts them all).
IDS_NAMED = 20


@dataclass(frozen=True)
class Reference:
    """Records of `owner` (named `owner_name`) refer to records of `target` (`target_name`)
    through `column`: a column of the owner's own table, or of rows it owns (an event's
    actors), in which case `owner_id` is the column of those rows naming the owner. `field`
    is what the API calls it on the owner."""

    owner: type[Tracked]
    owner_name: str
    field: str
    column: InstrumentedAttribute[Any]
    owner_id: InstrumentedAttribute[Any]
    target: type[Tracked]
    target_name: str


# Not listed: a claim's event. Deleting an event takes its claims out of view with it, and
# restoring it brings them back (visibility.is_live), so they never hold it.
REFERENCES: tuple[Reference, ...] = (
    Reference(Site, "site", "parent_id", Site.parent_id, Site.id, Site, "site"),
    Reference(Event, "event", "site_ids", EventSite.site_id, EventSite.event_id, Site, "site"),
    Reference(Event, "event", "actors", EventActor.actor_id, EventActor.event_id, Actor, "actor"),
    Reference(Claim, "claim", "stated_actor_id", Claim.stated_actor_id, Claim.id, Actor, "actor"),
    Reference(Source, "source", "actor_id", Source.actor_id, Source.id, Actor, "actor"),
    Reference(Actor, "actor", "part_of_id", Actor.part_of_id, Actor.id, Actor, "actor"),
    Reference(
        Article, "article", "publisher_id", Article.publisher_id, Article.id, Source, "source"
    ),
    Reference(
        Article,
        "article",
        "syndicated_from_id",
        Article.syndicated_from_id,
        Article.id,
        Source,
        "source",
    ),
    Reference(Claim, "claim", "speaker_id", Claim.speaker_id, Claim.id, Source, "source"),
    Reference(
        Source, "source", "affiliation_id", Source.affiliation_id, Source.id, Source, "source"
    ),
    Reference(Claim, "claim", "article_id", Claim.article_id, Claim.id, Article, "article"),
)


def live_records(model: type[Tracked]) -> ColumnElement[bool]:
    """Records that are not tombstones, nor claims of one (visibility.is_live, as SQL):
    retracted records and drafts are live, kept and shown to editors."""
    condition: ColumnElement[bool] = model.deleted_at.is_(None)
    if model is Claim:
        condition = condition & exists().where(
            Event.id == Claim.event_id, Event.deleted_at.is_(None)
        )
    return condition


def _owners_of(reference: Reference, statement: Select[Any]) -> Select[Any]:
    """`statement` joined to the owners when the reference sits in rows they own."""
    if reference.owner_id.class_ is reference.owner:
        return statement
    return statement.join(reference.owner, reference.owner.id == reference.owner_id)


def referrers(session: Session, record: Tracked) -> list[Referrers]:
    """The live records that refer to `record`, by kind and field."""
    found: list[Referrers] = []
    for reference in REFERENCES:
        if not isinstance(record, reference.target):
            continue
        statement = _owners_of(
            reference,
            select(reference.owner_id)
            .where(reference.column == record.id)
            .distinct()
            .order_by(reference.owner_id),
        ).where(live_records(reference.owner))
        ids = list(session.scalars(statement))
        if ids:
            found.append(
                Referrers(reference.owner_name, reference.field, len(ids), tuple(ids[:IDS_NAMED]))
            )
    return found


def describe_referrers(found: Sequence[Referrers]) -> str:
    """'2 events (actors: 4, 5) and 1 source (actor_id: 7)'."""
    parts = []
    for kind in found:
        ids = ", ".join(str(identifier) for identifier in kind.ids)
        more = ", …" if kind.count > len(kind.ids) else ""
        plural = "" if kind.count == 1 else "s"
        parts.append(f"{kind.count} {kind.resource}{plural} ({kind.field}: {ids}{more})")
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def ensure_unreferenced(session: Session, record: Tracked, resource: str) -> None:
    """Refuse (Conflict, naming them) to delete a record that live records refer to."""
    found = referrers(session, record)
    if found:
        raise Conflict(
            f"{resource.capitalize()} {record.id} is still referred to by"
            f" {describe_referrers(found)}: change or delete them first.",
            referenced_by=found,
        )


def ensure_references_live(session: Session, record: Tracked, resource: str) -> None:
    """Refuse (Conflict, naming each field) to restore a record that refers to a tombstone.
    An event's claims come back with it (unless deleted on their own): theirs count too."""
    errors: dict[str, list[str]] = {}
    owners: list[tuple[type[Tracked], Any, str | None]] = [(type(record), [record.id], None)]
    if isinstance(record, Event):
        own_claims = select(Claim.id).where(Claim.event_id == record.id, Claim.deleted_at.is_(None))
        owners.append((Claim, own_claims, "claims"))
    for model, owner_ids, group in owners:
        for reference in REFERENCES:
            if reference.owner is not model:
                continue
            target: Any = aliased(reference.target)  # an actor's part_of is an actor too
            dangling = session.execute(
                select(reference.owner_id, reference.column)
                .join(target, target.id == reference.column)
                .where(reference.owner_id.in_(owner_ids), target.deleted_at.is_not(None))
                .order_by(reference.owner_id, reference.column)
            )
            for owner_id, target_id in dangling:
                whose = f" (through {reference.owner_name} {owner_id})" if group else ""
                errors.setdefault(group or reference.field, []).append(
                    f"{reference.target_name.capitalize()} {target_id} is deleted{whose}:"
                    f" restore it first."
                )
    if errors:
        raise Conflict(
            f"{resource.capitalize()} {record.id} refers to deleted records: restore them first.",
            errors=errors,
        )
