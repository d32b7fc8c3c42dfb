"""Sites as a reader may see them on a map: each at the point they may see (restricted ones
generalised below editor), coloured by its condition on a day, in a constant number of
queries per batch (services.states). Pages and reports draw them with heritage.maps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.maps import Marker
from heritage.models import Site
from heritage.services.sites import location_for
from heritage.services.states import site_states
from heritage.vocab import Condition

# Sites whose states are read together: each batch costs the same few queries.
BATCH_SIZE = 500


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
