"""Sites as a reader may see them on a map: each at the point they may see (restricted ones
generalised below editor), coloured by its condition on a day, in a constant number of
queries per batch (services.states). Pages and reports draw them with heritage.maps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from heritage.auth import Principal
from heritage.maps import Marker
from heritage.models import Site
from heritage.services.sites import location_for
from heritage.services.states import site_states
from heritage.vocab import Condition

# Sites whose states are read together: each batch costs the same few queries.
BATCH_SIZE = 500
# What a marker reads of a site: its name and the points location_for chooses from (not
# the names, identifiers and designations a site's page loads).
_MARKER_COLUMNS = load_only(
    Site.name,
    Site.latitude,
    Site.longitude,
    Site.location_certainty,
    Site.restricted,
    Site.public_latitude,
    Site.public_longitude,
)


def site_markers(
    session: Session,
    principal: Principal,
    sites: Sequence[Site],
    *,
    drafts: bool = False,
    on: dt.date | None = None,
    link: Callable[[Site], str] | None = None,
) -> list[Marker]:
    """A marker per site with a point, coloured by its condition after its last event (or
    `on` a day), linked by `link(site)` when given. Drafts count only for an editor who
    asks for them (`drafts`)."""
    markers: list[Marker] = []
    for start in range(0, len(sites), BATCH_SIZE):
        batch = sites[start : start + BATCH_SIZE]
        states = site_states(
            session, principal, [site.id for site in batch], drafts and principal.sees_drafts, on
        )
        for site in batch:
            point = location_for(site, principal)
            if point is None:
                continue
            condition = states[site.id].condition
            markers.append(
                Marker(
                    longitude=point["longitude"],
                    latitude=point["latitude"],
                    label=site.name,
                    condition=Condition(condition) if condition else None,
                    href=link(site) if link is not None else None,
                )
            )
    return markers


def every_site_marker(
    session: Session,
    principal: Principal,
    *,
    drafts: bool = False,
    on: dt.date | None = None,
    link: Callable[[Site], str] | None = None,
) -> list[Marker]:
    """site_markers of every site with a point, read BATCH_SIZE sites at a time in the
    order of their ids: one query for the sites of a batch and the same few for their
    states, however many sites there are."""
    markers: list[Marker] = []
    after = 0
    while True:
        batch = list(
            session.scalars(
                select(Site)
                .options(_MARKER_COLUMNS)
                .where(Site.deleted_at.is_(None), Site.latitude.is_not(None), Site.id > after)
                .order_by(Site.id)
                .limit(BATCH_SIZE)
            )
        )
        markers += site_markers(session, principal, batch, drafts=drafts, on=on, link=link)
        if len(batch) < BATCH_SIZE:
            return markers
        after = batch[-1].id
