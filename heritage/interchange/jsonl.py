"""JSON Lines in and out (docs/interchange.md): reading a file into records for the import
engine, and exporting what a reader may see, streamed in dependency order."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

import orjson
from sqlalchemy import ColumnElement, Select, exists, literal, select
from sqlalchemy.orm import Session

from heritage import jsonsafe
from heritage.auth import Principal
from heritage.interchange.canonical import LOAD_OPTIONS, MODELS, RECORD_TYPES, describe
from heritage.interchange.filters import ExportFilter
from heritage.interchange.importer import ImportProblem
from heritage.interchange.scope import drafts_shown, event_dates_overlap, subtree
from heritage.models import Article, Claim, Event, EventSite, Site
from heritage.services.records import visible

# Records loaded per round trip to the database while exporting: big enough to amortise
# the key lookups of a batch, small enough that memory does not depend on the table size.
EXPORT_BATCH = 500

# The column a type's records hang from, for types exported parents first.
_PARENT_COLUMN = {"site": "parent_id", "actor": "part_of_id", "source": "affiliation_id"}


def read_jsonl(stream: Iterable[str]) -> Iterator[tuple[int, dict[str, Any] | ImportProblem]]:
    """Each non-blank line as (line number from 1, its object), or a problem for a line
    that is not a JSON object. Reports, never raises, so a whole file is checked at once."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            value = _parse(line)
        except json.JSONDecodeError as error:
            yield (
                number,
                ImportProblem(number, None, f"Not valid JSON: {error.msg} (column {error.colno})."),
            )
            continue
        except RecursionError:
            yield number, ImportProblem(number, None, f"Nested deeper than {MAX_DEPTH} levels.")
            continue
        except _LongIntegerIn as found:
            yield number, ImportProblem(number, found.field, jsonsafe.long_integer_reason())
            continue
        if not isinstance(value, dict):
            yield number, ImportProblem(number, None, "Each line must be one JSON object.")
            continue
        yield number, value


# No record nests deeper than 3 levels (a site's names); a line deeper than this is
# refused before anything walks it (Python's recursion ends near 1000 levels).
MAX_DEPTH = 32


class _LongIntegerIn(Exception):
    """A line holds an integer too long to convert, in `field` (None: the line itself)."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field or None


def _parse(line: str) -> Any:
    """One line's JSON: orjson's, a quarter of the json module's cost, where both read it
    alike; json's own reading for the rest, so that the result is json's either way: its
    error message, what only it accepts (NaN, lone surrogates, which the checks then name
    by field), and integers past 64 bits, which orjson reads as floats. RecursionError
    past MAX_DEPTH levels; _LongIntegerIn for an integer json cannot convert."""
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        return _parse_with_json(line)
    # The line's value in a list (it may be a scalar), the list one level above it.
    return _parse_with_json(line) if _has_huge_float([value], -1) else value


def _parse_with_json(line: str) -> Any:
    value = jsonsafe.loads(line)
    for field in sorted(jsonsafe.long_integers(value, MAX_DEPTH)):
        raise _LongIntegerIn(field)
    return value


_HUGE = float(2**63)


def _has_huge_float(value: Any, depth: int) -> bool:
    """Whether a float of 2**63 or more (in size) lies anywhere in a dict or list: what
    orjson makes of an integer too long for 64 bits (a float literal that large is read
    again by json too, which gives the same float). RecursionError past MAX_DEPTH."""
    if depth > MAX_DEPTH:
        raise RecursionError(depth)
    for item in value.values() if type(value) is dict else value:
        kind = type(item)
        if kind is float:
            if item >= _HUGE or item <= -_HUGE:
                return True
        elif (kind is dict or kind is list) and _has_huge_float(item, depth + 1):
            return True
    return False


def dump_line(record: dict[str, Any]) -> str:
    """One record as a line: sorted keys, so the same record is always the same bytes."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"


def export_jsonl(
    session: Session,
    principal: Principal,
    out: TextIO,
    selection: ExportFilter = ExportFilter(),  # noqa: B008 (frozen, so safe to share)
    *,
    include_drafts: bool = False,
) -> int:
    """Write every record `principal` may see (published ones, and drafts too when an
    editor passes `include_drafts`; never tombstones; restricted points generalised below
    editor) that `selection` keeps, in dependency order, streaming. Returns the number of
    records written."""
    drafts = drafts_shown(principal, include_drafts)
    written = 0
    for record_type in RECORD_TYPES:
        statement = export_query(session, record_type, principal, selection, drafts)
        result = session.scalars(statement, execution_options={"yield_per": EXPORT_BATCH})
        for batch in result.partitions():
            for record in describe(session, record_type, batch, principal):
                out.write(dump_line(record))
                written += 1
    return written


def export_query(
    session: Session,
    record_type: str,
    principal: Principal,
    selection: ExportFilter,
    drafts: bool = True,
) -> Select[Any]:
    """The records of one type an export writes, in the order it writes them."""
    model: Any = MODELS[record_type]
    statement = select(model).options(*LOAD_OPTIONS.get(record_type, ()))
    scope = _Scope(session, principal, selection, drafts)
    statement = statement.where(*scope.conditions(record_type))
    if record_type in _PARENT_COLUMN:
        depth = _depths(model, _PARENT_COLUMN[record_type])
        return statement.join(depth, depth.c.id == model.id).order_by(depth.c.depth, model.id)
    return statement.order_by(model.id)


def _depths(model: Any, parent_column: str) -> Any:
    """Each record's depth below the roots of its hierarchy (roots: 0), one recursive query.
    Ordering by it puts every parent before its children."""
    parent = getattr(model, parent_column)
    tree = (
        select(model.id, literal(0).label("depth"))
        .where(parent.is_(None))
        .cte(f"{model.__tablename__}_depth", recursive=True)
    )
    # The depth cap ends the walk even if a cycle slipped past validation.
    return tree.union_all(
        select(model.id, tree.c.depth + 1).join(tree, parent == tree.c.id).where(tree.c.depth < 100)
    )


class _Scope:
    """Which records of each type a JSON Lines export holds.

    A site filter keeps that subtree; a site or date filter keeps the events it selects,
    their claims and the articles of those claims. Actors and sources, and sites under a
    date filter alone, go out whole: they are what the selected records refer to. With
    `changed_since`, every type keeps only the records changed since. A claim never goes
    out without its event and article, so the file imports wherever they are stored.
    """

    def __init__(
        self, session: Session, principal: Principal, selection: ExportFilter, drafts: bool
    ) -> None:
        self.session = session
        self.principal = principal
        self.selection = selection
        self.drafts = drafts

    def conditions(self, record_type: str) -> list[ColumnElement[bool]]:
        model: Any = MODELS[record_type]
        found: list[ColumnElement[bool]] = [visible(model, self.principal, self.drafts)]
        since = self.selection.changed_since
        if since is not None:
            found.append(model.updated_at > _utc(since))
        narrowing = _NARROWING.get(record_type)
        if narrowing is not None:
            found.extend(narrowing(self))
        return found

    def selected_sites(self) -> list[ColumnElement[bool]]:
        if self.selection.site_id is None:
            return []
        return [Site.id.in_(subtree(self.session, self.selection.site_id))]

    def articles_of_selected_events(self) -> list[ColumnElement[bool]]:
        if not self.filters_events:
            return []
        claims = select(Claim.article_id).where(*self.claims_of_selected_events())
        return [Article.id.in_(claims)]

    @property
    def filters_events(self) -> bool:
        selection = self.selection
        return selection.site_id is not None or (
            selection.date_from is not None or selection.date_to is not None
        )

    def selected_events(self) -> list[ColumnElement[bool]]:
        """The site and date conditions on events (not `changed_since`: a claim changed
        since goes out even when its event did not change)."""
        found = [event_dates_overlap(self.selection)]
        if self.selection.site_id is not None:
            at_sites = select(EventSite.event_id).where(
                EventSite.site_id.in_(subtree(self.session, self.selection.site_id))
            )
            found.append(Event.id.in_(at_sites))
        return found

    def claims_of_selected_events(self) -> list[ColumnElement[bool]]:
        event_conditions = [visible(Event, self.principal, self.drafts)]
        if self.filters_events:
            event_conditions.extend(self.selected_events())
        return [
            visible(Claim, self.principal, self.drafts),
            exists().where(Event.id == Claim.event_id, *event_conditions),
            exists().where(Article.id == Claim.article_id, Article.deleted_at.is_(None)),
        ]


# What a selection (a subtree, a period) keeps of each record type, beyond visibility.
_NARROWING: dict[str, Callable[[_Scope], list[ColumnElement[bool]]]] = {
    "site": _Scope.selected_sites,
    "event": _Scope.selected_events,
    "claim": _Scope.claims_of_selected_events,
    "article": _Scope.articles_of_selected_events,
}


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC) if moment.tzinfo is not None else moment
