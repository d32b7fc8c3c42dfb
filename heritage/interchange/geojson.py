"""Sites as an RFC 7946 GeoJSON FeatureCollection for GIS, with each site's current control
and condition, written as it is read (see docs/interchange.md, "GeoJSON")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from heritage.auth import Principal
from heritage.dates import OPEN_END, EdtfDate, stored_historic_date
from heritage.interchange.filters import ExportFilter
from heritage.interchange.scope import drafts_shown, site_conditions
from heritage.models import Site
from heritage.services.sites import location_for
from heritage.services.states import SiteState, site_states
from heritage.vocab import IdentifierScheme

# Sites per batch: each batch costs a constant number of queries, whatever its events.
BATCH_SIZE = 500
EVERYTHING = ExportFilter()  # no filter: every site the principal may see
# RFC 7946 §11.2: six decimals is about 10 cm, finer than any site's extent.
COORDINATE_DECIMALS = 6


def export_sites_geojson(
    session: Session,
    principal: Principal,
    out: TextIO,
    selection: ExportFilter = EVERYTHING,
    *,
    include_drafts: bool = False,
) -> int:
    """Write one feature per live site `principal` may see; return how many were written.

    Control and condition come from published events only, unless an editor passes
    `include_drafts`. Below editor, a restricted site's point is the generalised one."""
    drafts = drafts_shown(principal, include_drafts)
    conditions = site_conditions(session, principal, selection, include_drafts)
    out.write('{"type":"FeatureCollection","features":[')
    written = 0
    last_id = 0
    while True:
        sites = _site_batch(session, conditions, last_id)
        if not sites:
            break
        states = site_states(session, principal, [site.id for site in sites], drafts)
        for site in sites:
            out.write(",\n" if written else "\n")
            out.write(orjson.dumps(feature(site, principal, states[site.id])).decode())
            written += 1
        last_id = sites[-1].id
    out.write("\n]}\n")
    return written


def _site_batch(session: Session, conditions: Any, after_id: int) -> Sequence[Site]:
    """The next sites by id (keyset paging keeps every batch as cheap as the first)."""
    return session.scalars(
        select(Site)
        .options(
            selectinload(Site.names),
            selectinload(Site.identifiers),
            selectinload(Site.designations),
        )
        .where(conditions, Site.id > after_id)
        .order_by(Site.id)
        .limit(BATCH_SIZE)
    ).all()


def _geometry(site: Site, principal: Principal) -> dict[str, Any] | None:
    location = location_for(site, principal)
    if location is None or location["latitude"] is None:
        return None
    # RFC 7946: longitude first.
    return {
        "type": "Point",
        "coordinates": [
            round(location["longitude"], COORDINATE_DECIMALS),
            round(location["latitude"], COORDINATE_DECIMALS),
        ],
    }


def _edtf(date: EdtfDate | None) -> str | None:
    return date.edtf if date else None


def _calendar_end(date: EdtfDate | None) -> str | None:
    """A sortable day for GIS filters; an open end ("2016-03-27/") has none."""
    if date is None or date.latest == OPEN_END:
        return None
    return date.latest.isoformat()


def _built(site: Site) -> dict[str, str | None]:
    """When it was built: the EDTF, and its first and last day (years before AD 1 signed)."""
    built = stored_historic_date(site.built, site.built_earliest, site.built_latest)
    if built is None:
        return {"built": None, "built_earliest": None, "built_latest": None}
    served = built.as_text()
    return {"built": served.edtf, "built_earliest": served.earliest, "built_latest": served.latest}


def feature(site: Site, principal: Principal, state: SiteState) -> dict[str, Any]:
    """One site as a GeoJSON Feature. Properties are flat scalars (names, designations
    joined with "; ", one column per identifier scheme) so that every GIS reads them as
    ordinary attribute columns."""
    location = location_for(site, principal)
    identifiers = {identifier.scheme: identifier.value for identifier in site.identifiers}
    properties: dict[str, Any] = {
        "id": site.id,
        "key": site.key,
        "name": site.name,
        "kind": site.kind,
        "parent_id": site.parent_id,
        "alt_names": "; ".join(
            f"{name.name} ({name.lang})" for name in site.names if name.name != site.name
        ),
        **{scheme.value: identifiers.get(scheme.value) for scheme in IdentifierScheme},
        "designations": "; ".join(d.designation for d in site.designations),
        "restricted": site.restricted,
        "location_certainty": location["certainty"] if location else None,
        "generalised": location["generalised"] if location else False,
        "controlled_by_id": state.controller.id if state.controller else None,
        "controlled_by": state.controller.name if state.controller else None,
        "controlled_since": _edtf(state.control_since),
        "condition": state.condition,
        "condition_since": _edtf(state.condition_since),
        "events": state.own_events,
        "last_event_date": _edtf(state.last_event),
        "last_event_latest": _calendar_end(state.last_event),
        **_built(site),
    }
    return {
        "type": "Feature",
        "id": site.id,
        "geometry": _geometry(site, principal),
        "properties": properties,
    }
