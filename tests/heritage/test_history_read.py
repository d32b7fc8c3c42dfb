"""The history's read path: the site part as the site service reads it, ancestors nearest
first, figures as stored."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS
from heritage.dates import DateText
from heritage.history import HistorySite, IdentifierEntry, Location, NameEntry
from heritage.models import Site
from heritage.services import sites
from heritage.services.history import site_history
from tests.heritage import builders as b


@pytest.fixture
def temple(session: Session) -> Site:
    region = b.site(session, "Homs Governorate", "other")
    city = b.site(session, "Palmyra", "city", parent=region)
    return b.site(
        session,
        "Temple of Bel",
        "temple",
        parent=city,
        names=[
            {"name": "Maʿbad Bēl", "lang": "ar-Latn"},
            {"name": "معبد بل", "lang": "ar"},
            {"name": "Temple de Bêl", "lang": "fr"},
        ],
        identifiers=[
            {"scheme": "wikidata", "value": "Q1570940"},
            {"scheme": "pleiades", "value": "668331"},
        ],
        designations=["world_heritage", "national_monument"],
        location={"latitude": 34.5475, "longitude": 38.2745, "certainty": "exact"},
        restricted=True,
        description="The sanctuary of Bel.",
        built="0032",
    )


@pytest.mark.parametrize("role", [None, "editor"])
def test_the_site_part_is_the_site_as_the_site_service_reads_it(
    session: Session, temple: Site, role: str | None
) -> None:
    principal = ANONYMOUS if role is None else b.user(session, role)
    session.expire_all()
    site = sites.get_site(session, principal, temple.id)
    location = sites.location_for(site, principal)
    assert location is not None
    assert site_history(session, principal, temple.id).site == HistorySite(
        id=site.id,
        key=site.key,
        name=site.name,
        kind=site.kind,
        parent_id=site.parent_id,
        names=[NameEntry(n.name, n.lang, n.type) for n in site.names],
        location=Location(**location),
        restricted=True,
        identifiers=[IdentifierEntry(i.scheme, i.value) for i in site.identifiers],
        designations=[d.designation for d in site.designations],
        description="The sanctuary of Bel.",
        built=DateText("0032", "0032-01-01", "0032-12-31"),
    )
    assert len(site.names) == 3 and len(site.identifiers) == 2 and len(site.designations) == 2


def test_a_site_without_names_identifiers_or_designations(session: Session) -> None:
    site = b.site(session, "Somewhere", "tomb")
    part = site_history(session, ANONYMOUS, site.id).site
    assert (part.names, part.identifiers, part.designations) == ([], [], [])
    assert part.location is None


def test_a_control_event_of_two_ancestors_comes_through_the_nearest(
    session: Session, temple: Site
) -> None:
    city = session.get(Site, temple.parent_id)
    assert city is not None and city.parent_id is not None
    region = session.get(Site, city.parent_id)
    assert region is not None
    isil = b.actor(session, "ISIL")
    both = b.event(session, [region, city], "captured", "2015-05", actors=[(isil, "controller")])
    b.reported(session, both, b.source(session, "Al Jazeera"))
    only_region = b.event(session, region, "captured", "2015-06", actors=[(isil, "controller")])
    b.reported(session, only_region, b.source(session, "SANA"))
    events = {e.id: e for e in site_history(session, ANONYMOUS, temple.id).events}
    assert events[both.id].site_id == city.id
    assert events[both.id].site_ids == sorted([region.id, city.id])
    assert events[only_region.id].site_id == region.id
    assert all(e.inherited for e in events.values())


def test_figures_read_as_stored(session: Session, temple: Site) -> None:
    destruction = b.event(session, temple, "destroyed", "2015-08-30")
    counted = b.reported(
        session, destruction, b.source(session, "SOHR"), figures={"killed": 9, "share": 0.5}
    )
    plain = b.reported(session, destruction, b.source(session, "BBC"), published="2015-09-02")
    (event,) = site_history(session, ANONYMOUS, temple.id).events
    figures = {claim.id: claim.figures for claim in event.claims}
    assert figures == {counted.id: {"killed": 9, "share": 0.5}, plain.id: {}}
