"""Restricted sites: below `editor`, every read path shows a point rounded to 0.1°, and
searching by shrinking boxes can never locate the site more precisely than that."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM, Principal
from heritage.models import Site
from heritage.services import changes, sites
from heritage.services.history import site_history
from tests.heritage import builders as b

# The Temple of Bel, exactly; shown to the public as (34.5, 38.3).
EXACT = (34.5472, 38.2741)
ROUNDED = (34.5, 38.3)


def hidden_temple(session: Session, **fields: Any) -> Site:
    return b.site(
        session,
        "Temple of Bel",
        "temple",
        restricted=True,
        location={"latitude": EXACT[0], "longitude": EXACT[1], "certainty": "exact"},
        **fields,
    )


def found(
    session: Session, principal: Principal, west: float, south: float, east: float, north: float
) -> list[int]:
    page = sites.list_sites(session, principal, bbox=(west, south, east, north), page_size=100)
    return [site.id for site in page.items]


def test_the_stored_public_point_is_rounded(session: Session) -> None:
    temple = hidden_temple(session)
    assert (temple.latitude, temple.longitude) == EXACT
    assert (temple.public_latitude, temple.public_longitude) == ROUNDED


@pytest.mark.parametrize("role", [None, "viewer"])
def test_below_editor_the_location_is_generalised(session: Session, role: str | None) -> None:
    principal = b.user(session, role) if role else ANONYMOUS
    temple = hidden_temple(session)
    assert sites.location_for(temple, principal) == {
        "latitude": ROUNDED[0],
        "longitude": ROUNDED[1],
        "certainty": "approximate",
        "generalised": True,
    }


@pytest.mark.parametrize("role", ["editor", "reviewer", "admin"])
def test_editors_and_above_see_the_exact_location(session: Session, role: str) -> None:
    temple = hidden_temple(session)
    assert sites.location_for(temple, b.user(session, role)) == {
        "latitude": EXACT[0],
        "longitude": EXACT[1],
        "certainty": "exact",
        "generalised": False,
    }


def test_an_unrestricted_site_shows_its_point_to_everyone(session: Session) -> None:
    arch = b.site(
        session, "Monumental Arch", "arch", location={"latitude": 34.5513, "longitude": 38.2691}
    )
    assert sites.location_for(arch, ANONYMOUS) == {
        "latitude": 34.5513,
        "longitude": 38.2691,
        "certainty": "exact",
        "generalised": False,
    }
    assert (arch.public_latitude, arch.public_longitude) == (34.5513, 38.2691)
    assert sites.location_for(b.site(session, "Somewhere"), ANONYMOUS) is None


def test_restricting_and_moving_a_site_recomputes_its_public_point(session: Session) -> None:
    arch = b.site(
        session, "Monumental Arch", "arch", location={"latitude": 34.5513, "longitude": 38.2691}
    )
    sites.update_site(session, SYSTEM, arch.id, {"restricted": True})
    assert (arch.public_latitude, arch.public_longitude) == (34.6, 38.3)
    sites.update_site(
        session, SYSTEM, arch.id, {"location": {"latitude": 33.51, "longitude": 36.29}}
    )
    assert (arch.public_latitude, arch.public_longitude) == (33.5, 36.3)
    sites.update_site(session, SYSTEM, arch.id, {"restricted": False})
    assert (arch.public_latitude, arch.public_longitude) == (33.51, 36.29)


def test_a_box_around_the_exact_point_but_not_the_rounded_one_finds_nothing(
    session: Session,
) -> None:
    temple = hidden_temple(session)
    editor = b.user(session, "editor")
    tight = (38.27, 34.54, 38.28, 34.55)  # west, south, east, north: holds EXACT only
    assert found(session, ANONYMOUS, *tight) == []
    assert found(session, b.user(session, "viewer"), *tight) == []
    assert found(session, editor, *tight) == [temple.id]
    around_rounded = (38.29, 34.49, 38.31, 34.51)
    assert found(session, ANONYMOUS, *around_rounded) == [temple.id]
    assert found(session, editor, *around_rounded) == []


def bisect(session: Session, principal: Principal, site_id: int, steps: int) -> tuple[float, ...]:
    """Halve the box, longitude then latitude, keeping whichever half still finds the site."""
    west, south, east, north = -180.0, -90.0, 180.0, 90.0
    assert site_id in found(session, principal, west, south, east, north)
    for step in range(steps):
        if step % 2 == 0:
            middle = (west + east) / 2
            halves = [(west, south, middle, north), (middle, south, east, north)]
        else:
            middle = (south + north) / 2
            halves = [(west, south, east, middle), (west, middle, east, north)]
        for half in halves:
            if site_id in found(session, principal, *half):
                west, south, east, north = half
                break
        else:
            raise AssertionError("the site vanished from both halves")
    return west, south, east, north


def test_bisection_never_narrows_a_restricted_site_below_its_rounded_point(
    session: Session,
) -> None:
    temple = hidden_temple(session)
    b.site(session, "Decoy", "tomb", location={"latitude": 34.56, "longitude": 38.26})
    west, south, east, north = bisect(session, ANONYMOUS, temple.id, 60)
    assert east - west < 1e-6 and north - south < 1e-6
    assert west <= ROUNDED[1] <= east and south <= ROUNDED[0] <= north
    assert not (west <= EXACT[1] <= east and south <= EXACT[0] <= north)
    # An editor's bisection does find the exact point: the test can tell the difference.
    west, south, east, north = bisect(session, b.user(session, "editor"), temple.id, 60)
    assert west <= EXACT[1] <= east and south <= EXACT[0] <= north


def test_the_history_shows_the_generalised_location_below_editor(session: Session) -> None:
    temple = hidden_temple(session)
    b.event(session, temple)
    for principal in (ANONYMOUS, b.user(session, "viewer")):
        location = site_history(session, principal, temple.id).site.location
        assert location is not None
        assert (location.latitude, location.longitude, location.generalised) == (
            *ROUNDED,
            True,
        )
        assert str(EXACT[0]) not in repr(site_history(session, principal, temple.id))
    location = site_history(session, b.user(session, "editor"), temple.id).site.location
    assert location is not None
    assert (location.latitude, location.longitude) == EXACT


def test_the_revision_trail_withholds_coordinates_below_editor(session: Session) -> None:
    temple = hidden_temple(session)
    sites.update_site(
        session, SYSTEM, temple.id, {"location": {"latitude": 34.5475, "longitude": 38.2745}}
    )
    for principal in (ANONYMOUS, b.user(session, "viewer")):
        trail = changes.record_revisions(session, principal, "site", temple.id)
        feed = changes.changes_since(session, principal, None, 100)
        for shown in (trail, feed):
            assert shown and all("34.54" not in repr(r) and "38.27" not in repr(r) for r in shown)
    editor_trail = changes.record_revisions(session, b.user(session, "editor"), "site", temple.id)
    assert editor_trail[-1]["changes"]["latitude"] == [EXACT[0], 34.5475]
