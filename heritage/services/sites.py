"""Use cases for sites: create, update, delete, read, search, and the hierarchy walks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

from sqlalchemy import Select, case, literal, or_, select
from sqlalchemy.orm import Session, selectinload

from heritage.auth import Principal
from heritage.dates import parse_historic_date
from heritage.errors import Conflict, InvalidInput, NotFound
from heritage.messages import N_
from heritage.models import Site, SiteDesignation, SiteIdentifier, SiteName
from heritage.records import SITE, Context, Naming, SiteInput
from heritage.records.site import IdentifierInput
from heritage.services.common import (
    FieldErrors,
    Page,
    ancestor_chain,
    check_no_cycle,
    ensure_unique_key,
    paginate,
)
from heritage.services.records import (
    NewRow,
    check_version,
    new_row,
    require_editing,
    save_changes,
    save_new,
    tombstone,
)
from heritage.services.references import ensure_unreferenced
from heritage.services.search_dialects import name_contains
from heritage.services.site_kinds import known_site_kinds
from heritage.text import fold
from heritage.vocab import LocationCertainty, NameType


def _site_query() -> Select[Any]:
    return select(Site).options(
        selectinload(Site.names), selectinload(Site.identifiers), selectinload(Site.designations)
    )


def get_site(session: Session, principal: Principal, site_id: int) -> Site:
    site: Site | None = session.scalar(
        _site_query().where(Site.id == site_id, Site.deleted_at.is_(None))
    )
    if site is None:
        raise NotFound("site", site_id)
    return site


# Restricted sites show their point to clients below `editor` rounded to 0.1°: about 11 km
# north-south, 9 km east-west at Palmyra's latitude.
GENERALISED_DECIMALS = 1


def public_point(
    latitude: float | None, longitude: float | None, restricted: bool
) -> tuple[float | None, float | None]:
    if latitude is None or longitude is None or not restricted:
        return latitude, longitude
    return round(latitude, GENERALISED_DECIMALS), round(longitude, GENERALISED_DECIMALS)


class Located(Protocol):
    """What location_for reads of a site: a Site, or a row of the same columns (a report
    reads thousands, which need not each become an ORM object)."""

    @property
    def restricted(self) -> bool: ...
    @property
    def latitude(self) -> float | None: ...
    @property
    def longitude(self) -> float | None: ...
    @property
    def location_certainty(self) -> str | None: ...
    @property
    def public_latitude(self) -> float | None: ...
    @property
    def public_longitude(self) -> float | None: ...


def location_for(site: Located, principal: Principal) -> dict[str, Any] | None:
    """The site's point as `principal` may see it (the one rule for every read path)."""
    if site.latitude is None:
        return None
    if site.restricted and not principal.sees_exact_locations:
        return {
            "latitude": site.public_latitude,
            "longitude": site.public_longitude,
            "certainty": LocationCertainty.APPROXIMATE.value,
            "generalised": True,
        }
    return {
        "latitude": site.latitude,
        "longitude": site.longitude,
        "certainty": site.location_certainty,
        "generalised": False,
    }


def ancestor_ids(session: Session, site_id: int) -> list[int]:
    """The site's ancestors, nearest first."""
    return ancestor_chain(session, Site, "parent_id", site_id)


def descendant_ids(session: Session, site_id: int) -> list[int]:
    """Every site below this one, at any depth (one recursive query)."""
    tree = (
        select(Site.id, literal(1).label("depth"))
        .where(Site.parent_id == site_id, Site.deleted_at.is_(None))
        .cte("descendants", recursive=True)
    )
    # The depth cap ends the walk even if concurrent edits ever closed a cycle.
    tree = tree.union_all(
        select(Site.id, tree.c.depth + 1)
        .join(tree, Site.parent_id == tree.c.id)
        .where(tree.c.depth < 100, Site.deleted_at.is_(None))
    )
    return list(session.scalars(select(tree.c.id).distinct()))


def _validate(session: Session, data: SiteInput, site: Site | None) -> None:
    """Check every field present in `data` (all required ones when creating)."""
    creating = site is None
    kinds = known_site_kinds(session) if creating or "kind" in data else frozenset()
    errors = SITE.check(
        data,
        Naming.SERVICE,
        Context(site_kinds=kinds),
        stored=None if site is None else SITE.stored(site),
    )
    site_id = None if site is None else site.id
    check_no_cycle(session, errors, Site, "parent_id", site_id, data.get("parent_id"), "site")
    errors.raise_if_any()


def _ensure_identifiers_free(
    session: Session, identifiers: Sequence[IdentifierInput], site_id: int | None
) -> None:
    for entry in identifiers:
        holder = session.scalar(
            select(SiteIdentifier.site_id).where(
                SiteIdentifier.scheme == entry["scheme"], SiteIdentifier.value == entry["value"]
            )
        )
        if holder is not None and holder != site_id:
            raise Conflict(
                N_(
                    "%(scheme)s %(value)s already identifies site %(id)s.",
                    scheme=entry["scheme"],
                    value=entry["value"],
                    id=holder,
                ),
                existing=("site", holder),
                field="identifiers",
            )


def _apply(session: Session, site: Site, data: SiteInput) -> None:
    if "key" in data:
        ensure_unique_key(session, Site, data["key"], "site", site.id)
    if "identifiers" in data:
        with session.no_autoflush:  # a new site is pending, still without its fields
            _ensure_identifiers_free(session, data["identifiers"] or [], site.id)
    if site.id is not None:
        # Flush the removal first: a row kept or replaced (a name in the same language, a
        # scheme's identifier, a designation) shares its unique key with the stored one.
        if "names" in data:
            site.names = []
        if "identifiers" in data:
            site.identifiers = []
        if "designations" in data:
            site.designations = []
        session.flush()
    fill_site(site, data)


def fill_site(site: Site, data: SiteInput, new: NewRow = new_row) -> None:
    """Set the site's columns and owned rows from validated input: no queries, so a bulk
    load can fill many new sites and flush them at once. `new(model, **values)` makes
    the owned rows."""
    if "key" in data:
        site.key = data["key"]
    if "name" in data:
        site.name = data["name"].strip()
        site.name_folded = fold(site.name)
    if "kind" in data:
        site.kind = data["kind"]
    if "parent_id" in data:
        site.parent_id = data["parent_id"]
    if "description" in data:
        site.description = data["description"] or ""
    if "built" in data:
        built = parse_historic_date(data["built"]) if data["built"] is not None else None
        site.built = built.edtf if built else None
        site.built_earliest = built.earliest if built else None
        site.built_latest = built.latest if built else None
    if "restricted" in data:
        site.restricted = bool(data["restricted"])
    if "location" in data:
        location = data["location"]
        site.latitude = location["latitude"] if location else None
        site.longitude = location["longitude"] if location else None
        site.location_certainty = (
            location.get("certainty", LocationCertainty.EXACT.value) if location else None
        )
    site.public_latitude, site.public_longitude = public_point(
        site.latitude, site.longitude, bool(site.restricted)
    )
    if "names" in data:
        site.names = [
            new(
                SiteName,
                name=entry["name"].strip(),
                name_folded=fold(entry["name"]),
                lang=entry.get("lang", "und"),
                type=entry.get("type", NameType.ALTERNATIVE.value),
            )
            for entry in data["names"] or []
        ]
    if "identifiers" in data:
        site.identifiers = [
            new(SiteIdentifier, scheme=entry["scheme"], value=entry["value"])
            for entry in data["identifiers"] or []
        ]
    if "designations" in data:
        site.designations = [
            new(SiteDesignation, designation=d) for d in data["designations"] or []
        ]


def create_site(session: Session, principal: Principal, data: SiteInput) -> Site:
    require_editing(principal, None, "site")
    _validate(session, data, None)
    return save_new(
        session,
        principal,
        Site(description="", restricted=False),
        lambda new: _apply(session, new, data),
    )


def update_site(
    session: Session,
    principal: Principal,
    site_id: int,
    data: SiteInput,
    expected_version: int | None = None,
) -> Site:
    """Change the fields present in `data`; lists (names, identifiers…) are replaced whole."""
    site = get_site(session, principal, site_id)
    require_editing(principal, site, "site")
    check_version(principal, site, expected_version)
    _validate(session, data, site)
    save_changes(session, principal, site, lambda changed: _apply(session, changed, data))
    return site


def delete_site(
    session: Session, principal: Principal, site_id: int, expected_version: int | None = None
) -> None:
    """Leave a tombstone; refused while live events or sites refer to it."""
    site = get_site(session, principal, site_id)
    require_editing(principal, site, "site")
    check_version(principal, site, expected_version)
    ensure_unreferenced(session, site, "site")
    tombstone(session, principal, site)


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """`min_lon,min_lat,max_lon,max_lat` (the GeoJSON order) -> four floats."""
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError as error:
        raise InvalidInput.field(
            "bbox", "Four comma-separated numbers: min_lon,min_lat,max_lon,max_lat."
        ) from error
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise InvalidInput.field(
            "bbox", "Longitudes within ±180, latitudes within ±90, south ≤ north."
        )
    return west, south, east, north


class SiteLink(NamedTuple):
    """A site as a link names it."""

    id: int
    name: str


class SiteFamily(NamedTuple):
    """The site a site lies in, and the first of the sites inside it, by name."""

    parent: SiteLink | None
    children: list[SiteLink]


def site_family(
    session: Session, principal: Principal, site_id: int, parent_id: int | None, *, limit: int = 100
) -> SiteFamily:
    """The parent of site `site_id` and its first `limit` children (deleted ones left
    out), by name, in one query: a site's page links them, and needs neither their names
    in other languages nor a count (list_sites reads both)."""
    is_parent = Site.id == (parent_id if parent_id is not None else -1)
    rows = session.execute(
        select(Site.id, Site.name, Site.parent_id)
        .where(Site.deleted_at.is_(None), or_(Site.parent_id == site_id, is_parent))
        .order_by(case((is_parent, 0), else_=1), Site.name_folded, Site.id)
        .limit(limit + 1)
    ).all()
    parent = next((SiteLink(i, n) for i, n, _ in rows if i == parent_id), None)
    children = [SiteLink(i, n) for i, n, parent_of in rows if parent_of == site_id]
    return SiteFamily(parent, children[:limit])


def list_sites(
    session: Session,
    principal: Principal,
    *,
    q: str | None = None,
    kind: str | None = None,
    parent_id: int | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    page: int = 1,
    page_size: int = 25,
) -> Page[Site]:
    statement = _site_query().where(Site.deleted_at.is_(None)).order_by(Site.name_folded, Site.id)
    if q and q.strip():
        statement = statement.where(
            or_(
                name_contains(session, Site.name_folded, q),
                Site.id.in_(
                    select(SiteName.site_id).where(name_contains(session, SiteName.name_folded, q))
                ),
            )
        )
    if kind:
        errors = FieldErrors()
        SITE.field("kind").check(
            errors, "kind", kind, Naming.SERVICE, Context(site_kinds=known_site_kinds(session))
        )
        errors.raise_if_any()
        statement = statement.where(Site.kind == kind)
    if parent_id is not None:
        statement = statement.where(Site.parent_id == parent_id)
    if bbox is not None:
        west, south, east, north = bbox
        # Below `editor` the box tests the public point, so shrinking boxes around a
        # restricted site (bisection) can never find it more precisely than it is shown.
        exact = principal.sees_exact_locations
        latitude = Site.latitude if exact else Site.public_latitude
        longitude = Site.longitude if exact else Site.public_longitude
        statement = statement.where(latitude.between(south, north))
        if west <= east:
            statement = statement.where(longitude.between(west, east))
        else:  # a box across the antimeridian
            statement = statement.where(or_(longitude >= west, longitude <= east))
    return paginate(session, statement, page, page_size)
