"""Type-ahead for the pickers of sites, actors and sources: records whose name or any
other name (a site's names, an actor's aliases) contains what the editor has typed,
whatever its case, diacritics or Arabic spelling variant, found through the trigram
index of the folded names (services.search_dialects), best first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select, union_all
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from heritage.auth import Principal
from heritage.errors import InvalidInput
from heritage.models import Actor, ActorAlias, Site, SiteName, Source
from heritage.models.common import NAME_LENGTH, Tracked
from heritage.services.search_dialects import TRIGRAM, SearchDialect, search_dialect
from heritage.services.visibility import visible
from heritage.text import fold

MAX_SUGGESTIONS = 50
# One character matches too much to be worth answering; two find names starting with them.
MIN_CHARACTERS = 2


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One record a picker offers: `name` is the name that matched (an alias, an Arabic
    name), `primary_name` the record's own; `parent_name` tells apart records of one
    name: the site a site lies in, the force an actor is part of, the organisation a
    person speaks for."""

    id: int
    kind: str
    name: str
    primary_name: str
    parent_name: str | None


@dataclass(frozen=True)
class NamedRecords:
    """A kind of record and the columns its names are in."""

    model: type[Tracked]
    parent: InstrumentedAttribute[int | None]
    # (the record's id, the name, its folded copy) per table of names, its own first.
    names: tuple[
        tuple[InstrumentedAttribute[int], InstrumentedAttribute[str], InstrumentedAttribute[str]],
        ...,
    ]


NAMED: dict[str, NamedRecords] = {
    "site": NamedRecords(
        Site,
        Site.parent_id,
        (
            (Site.id, Site.name, Site.name_folded),
            (SiteName.site_id, SiteName.name, SiteName.name_folded),
        ),
    ),
    "actor": NamedRecords(
        Actor,
        Actor.part_of_id,
        (
            (Actor.id, Actor.name, Actor.name_folded),
            (ActorAlias.actor_id, ActorAlias.alias, ActorAlias.alias_folded),
        ),
    ),
    "source": NamedRecords(
        Source, Source.affiliation_id, ((Source.id, Source.name, Source.name_folded),)
    ),
}


def suggest(
    session: Session, principal: Principal, kind: str, text: str, limit: int = 10
) -> list[Suggestion]:
    """Up to `limit` (at most MAX_SUGGESTIONS) records of `kind` ("site", "actor",
    "source") the principal may see with a name containing `text` once folded: names
    equal to it first, then names starting with it, then the rest, shorter names first
    within each; each record once, by its closest name. Fewer than MIN_CHARACTERS find
    nothing; fewer than a trigram, only names starting with them."""
    named = _named(kind)
    folded = fold(text)
    limit = max(1, min(limit, MAX_SUGGESTIONS))
    if len(folded) < MIN_CHARACTERS or len(folded) > NAME_LENGTH:
        return []  # no name is longer than NAME_LENGTH, nor its folded copy
    matches = matching_names(search_dialect(session), named, folded)
    # The closest names first, as many as may give `limit` records, more while records
    # repeat or are hidden: ordering and cutting the names in one statement stays fast
    # when a text is in 30,000 of them, which ranking each record's best name does not.
    wanted = limit * 2
    while True:
        closest = session.execute(matches.limit(wanted)).all()
        best: dict[int, str] = {}
        for record_id, name in closest:
            best.setdefault(record_id, name)
        found = _suggestions(session, principal, kind, named, best)
        if len(found) >= limit or len(closest) < wanted:
            return found[:limit]
        wanted *= 4


def _named(kind: str) -> NamedRecords:
    try:
        return NAMED[kind]
    except KeyError:
        raise InvalidInput.field("kind", f"One of: {', '.join(NAMED)}.") from None


def matching_names(dialect: SearchDialect, named: NamedRecords, folded: str) -> Select[Any]:
    """Every name of `named`'s records containing `folded` (starting with it, below a
    trigram), found through the index, as (record id, name) rows, closest first: equal
    to it, starting with it, then the rest; shorter names first within each."""
    selects = []
    for record_id, name, folded_name in named.names:
        if len(folded) >= TRIGRAM:
            condition = dialect.containing(folded_name, folded)
        else:
            condition = dialect.starting_with(folded_name, folded)
        selects.append(
            select(
                record_id.label("record_id"),
                name.label("name"),
                closeness(folded_name, folded).label("closeness"),
                func.length(folded_name).label("length"),
                folded_name.label("folded"),
            ).where(condition)
        )
    matches = union_all(*selects).subquery("matches")
    return select(matches.c.record_id, matches.c.name).order_by(
        matches.c.closeness, matches.c.length, matches.c.folded, matches.c.record_id
    )


def closeness(folded_name: InstrumentedAttribute[str], folded: str) -> ColumnElement[int]:
    """0 for a name equal to the query, 1 for one starting with it, 2 for the rest."""
    return case(
        (folded_name == folded, 0),
        (func.substr(folded_name, 1, len(folded)) == folded, 1),
        else_=2,
    )


def _suggestions(
    session: Session, principal: Principal, kind: str, named: NamedRecords, best: dict[int, str]
) -> list[Suggestion]:
    """The records of `best` (id: matched name, in its order) the principal may see."""
    if not best:
        return []
    model: Any = named.model
    parent = aliased(model)
    rows = session.execute(
        select(model.id, model.name, parent.name)
        .outerjoin(parent, (parent.id == named.parent) & visible(parent, principal, True))
        .where(model.id.in_(best), visible(model, principal, True))
    )
    found = {
        record_id: Suggestion(record_id, kind, best[record_id], primary, above)
        for record_id, primary, above in rows
    }
    return [found[record_id] for record_id in best if record_id in found]
