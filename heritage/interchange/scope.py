"""What an export selects: an ExportFilter and a principal turned into SQL conditions, shared
by the CSV and GeoJSON exports so both read the same records."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, literal, select, true
from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.errors import NotFound
from heritage.interchange.filters import ExportFilter
from heritage.models import Event, EventSite, Site
from heritage.services.records import visible


def drafts_shown(principal: Principal, include_drafts: bool) -> bool:
    """Exports carry published records only, unless an editor asks for drafts."""
    return include_drafts and principal.sees_drafts


def subtree(session: Session, site_id: int) -> Select[Any]:
    """The ids of a live site and of every live site inside it, as a subquery: a list of
    ids would become one bound parameter per site, and a country may hold thousands."""
    if session.scalar(select(Site.id).where(Site.id == site_id, Site.deleted_at.is_(None))) is None:
        raise NotFound("site", site_id)
    tree = (
        select(Site.id.label("id"), literal(0).label("depth"))
        .where(Site.id == site_id)
        .cte("export_subtree", recursive=True)
    )
    # The depth cap ends the walk even if concurrent edits ever closed a cycle.
    tree = tree.union_all(
        select(Site.id, tree.c.depth + 1)
        .join(tree, Site.parent_id == tree.c.id)
        .where(tree.c.depth < 100, Site.deleted_at.is_(None))
    )
    return select(tree.c.id)


def event_dates_overlap(selection: ExportFilter) -> ColumnElement[bool]:
    """Events whose interval [earliest, latest] meets the selected range."""
    condition: ColumnElement[bool] = true()
    if selection.date_from is not None:
        condition = and_(condition, Event.latest >= selection.date_from)
    if selection.date_to is not None:
        condition = and_(condition, Event.earliest <= selection.date_to)
    return condition


def event_conditions(
    session: Session, principal: Principal, selection: ExportFilter, include_drafts: bool
) -> ColumnElement[bool]:
    """The events an export of `selection` holds for `principal`."""
    condition = and_(
        visible(Event, principal, drafts_shown(principal, include_drafts)),
        event_dates_overlap(selection),
    )
    if selection.site_id is not None:
        condition = and_(
            condition,
            exists().where(
                EventSite.event_id == Event.id,
                EventSite.site_id.in_(subtree(session, selection.site_id)),
            ),
        )
    if selection.changed_since is not None:
        condition = and_(condition, Event.updated_at > selection.changed_since)
    return condition


def site_conditions(
    session: Session, principal: Principal, selection: ExportFilter, include_drafts: bool
) -> ColumnElement[bool]:
    """The sites an export of `selection` holds: live ones in the selected subtree; with a
    date range, those with an event of their own in it; with `changed_since`, those whose
    record, or one of whose own events, changed since (their map state may have moved)."""
    condition: ColumnElement[bool] = Site.deleted_at.is_(None)
    if selection.site_id is not None:
        condition = and_(condition, Site.id.in_(subtree(session, selection.site_id)))
    own_event = and_(
        EventSite.site_id == Site.id,
        Event.id == EventSite.event_id,
        visible(Event, principal, drafts_shown(principal, include_drafts)),
    )
    if selection.date_from is not None or selection.date_to is not None:
        condition = and_(condition, exists().where(own_event, event_dates_overlap(selection)))
    if selection.changed_since is not None:
        since = selection.changed_since
        condition = and_(
            condition,
            (Site.updated_at > since) | exists().where(own_event, Event.updated_at > since),
        )
    return condition
