"""Type-ahead for the pickers of sites, actors and sources: records whose name or any
other name (a site's names, an actor's aliases) contains what the editor has typed,
whatever its case, diacritics or Arabic spelling variant, found through the trigram
index of the folded names (services.search_dialects), best first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from heritage.auth import Principal
from heritage.errors import InvalidInput
from heritage.models import Actor, ActorAlias, Site, SiteName, Source
from heritage.models.common import NAME_LENGTH, Tracked
from heritage.services.search_dialects import TRIGRAM, SearchDialect, search_dialect
from heritage.services.visibility import visible
from heritage.text import fold

MAX_SUGGESTIONS = 50
# The most names of one table a step reads: past it, a text whose names are nearly all
# hidden or of a few records gets what was found (the ids stay well within a statement's
# parameters).
MAX_WINDOW = 4096
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


# A table of names: (the record's id, the name, its folded copy).
NameColumns = tuple[
    InstrumentedAttribute[int], InstrumentedAttribute[str], InstrumentedAttribute[str]
]
# Its rows: (record id, name, folded name).
NameRows = Select[int, str, str]


@dataclass(frozen=True)
class NamedRecords:
    """A kind of record and the columns its names are in."""

    model: type[Tracked]
    parent: InstrumentedAttribute[int | None]
    # Its tables of names, its own first.
    names: tuple[NameColumns, ...]


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
    nothing; fewer than a trigram, only names starting with them.

    A common piece ("al-", "Khan") is in tens of thousands of names, and ranking them all
    took most of the time: each step reads at most a window of names of each class
    through its index (the first in byte order of those starting with the text, which
    puts equal names first; any of those containing it elsewhere) and ranks that window.
    The window grows only while records repeat or are hidden. When a class holds more
    names than the window, "shorter first" holds within the window's names."""
    named = _named(kind)
    folded = fold(text)
    limit = max(1, min(limit, MAX_SUGGESTIONS))
    if len(folded) < MIN_CHARACTERS or len(folded) > NAME_LENGTH:
        return []  # no name is longer than NAME_LENGTH, nor its folded copy
    dialect = search_dialect(session)
    window = limit * 2
    while True:
        names, complete = closest_names(session, dialect, named, folded, window)
        best: dict[int, str] = {}
        for record_id, name in names:
            best.setdefault(record_id, name)
        found = _suggestions(session, principal, kind, named, best)
        if len(found) >= limit or complete or window >= MAX_WINDOW:
            return found[:limit]
        window *= 4


def _named(kind: str) -> NamedRecords:
    try:
        return NAMED[kind]
    except KeyError:
        raise InvalidInput.field("kind", f"One of: {', '.join(NAMED)}.") from None


def closest_names(
    session: Session,
    dialect: SearchDialect,
    named: NamedRecords,
    folded: str,
    window: int,
) -> tuple[list[tuple[int, str]], bool]:
    """(record id, name) of up to `window` names per table that start with `folded`, then,
    once every such name is read and `folded` is a trigram long, of up to `window` per
    table that contain it elsewhere; closest first (equal, starting with, the rest;
    shorter first within each). And whether every matching name was read."""
    names, complete = _ranked(
        session,
        [names_starting(dialect, columns, folded) for columns in named.names],
        folded,
        window,
    )
    if len(folded) < TRIGRAM or not complete:
        # More names start with the text than were read: they outrank any name that
        # contains it elsewhere, and are read first if these are hidden or repeat.
        return names, complete
    elsewhere, complete_elsewhere = _ranked(
        session,
        [names_containing_elsewhere(dialect, columns, folded) for columns in named.names],
        folded,
        window,
    )
    return names + elsewhere, complete and complete_elsewhere


def names_starting(dialect: SearchDialect, columns: NameColumns, folded: str) -> NameRows:
    """The names starting with `folded`, in byte order through the prefix index."""
    record_id, name, folded_name = columns
    return (
        select(record_id, name, folded_name)
        .where(dialect.starting_with(folded_name, folded))
        .order_by(dialect.in_byte_order(folded_name))
    )


def names_containing_elsewhere(
    dialect: SearchDialect, columns: NameColumns, folded: str
) -> NameRows:
    """The names containing `folded` but not at their start, through the trigram index,
    in its order."""
    record_id, name, folded_name = columns
    # A filter on the rows the trigram index finds, which no index should serve.
    not_at_start = func.substr(folded_name, 1, len(folded)) != folded
    return dialect.first_containing(
        select(record_id, name, folded_name).where(not_at_start), folded_name, folded
    )


def _ranked(
    session: Session, selects: list[NameRows], folded: str, window: int
) -> tuple[list[tuple[int, str]], bool]:
    rows: list[Any] = []
    complete = True
    for statement in selects:
        read = session.execute(statement.limit(window)).all()
        complete = complete and len(read) < window
        rows += read
    rows.sort(key=lambda row: (row[2] != folded, len(row[2]), row[2], row[0]))
    return [(record_id, name) for record_id, name, _folded in rows], complete


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
