"""Sites on a map (services.site_map): at the point the reader may see, coloured by the
condition their events give them on a day, drafts only for editors who ask."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.services import site_map, sites
from heritage.services.site_map import every_site_marker, site_markers
from heritage.vocab import Condition
from tests.heritage import builders as b

PRISON = {"latitude": 34.5620, "longitude": 38.2830, "certainty": "exact"}
BEL = {"latitude": 34.5503, "longitude": 38.2684, "certainty": "exact"}


def test_each_site_is_placed_as_the_reader_may_see_it_and_coloured_by_its_condition(
    session: Session,
) -> None:
    editor = b.user(session, "editor")
    temple = b.site(session, "Temple of Bel", "temple", location=BEL)
    prison = b.site(session, "Tadmur prison", "prison", location=PRISON, restricted=True)
    b.site(session, "Unplaced shrine", "shrine")
    sohr = b.source(session, "SOHR")
    b.reported(session, b.event(session, temple, "destroyed", "2015-08-30"), sohr)
    draft = b.event(session, prison, "destroyed", "2015-05-30", by=editor, status=None)
    b.reported(session, draft, sohr, by=editor, status=None)

    public = {m.label: m for m in site_markers(session, ANONYMOUS, [temple, prison])}
    assert set(public) == {"Temple of Bel", "Tadmur prison"}
    assert public["Temple of Bel"].condition is Condition.DESTROYED
    assert (public["Temple of Bel"].latitude, public["Temple of Bel"].longitude) == (
        pytest.approx(34.5503),
        pytest.approx(38.2684),
    )
    # The public sees the prison at its generalised point, and not the draft destruction.
    assert public["Tadmur prison"].condition is None
    assert (public["Tadmur prison"].latitude, public["Tadmur prison"].longitude) != (
        pytest.approx(PRISON["latitude"]),
        pytest.approx(PRISON["longitude"]),
    )

    team = {m.label: m for m in site_markers(session, editor, [prison], drafts=True)}
    assert team["Tadmur prison"].condition is Condition.DESTROYED
    assert team["Tadmur prison"].latitude == pytest.approx(PRISON["latitude"])
    anonymous_asking = site_markers(session, ANONYMOUS, [prison], drafts=True)
    assert anonymous_asking[0].condition is None


def test_the_condition_is_the_one_on_the_day_asked_for(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple", location=BEL)
    b.reported(
        session, b.event(session, temple, "destroyed", "2015-08-30"), b.source(session, "SOHR")
    )

    [before] = site_markers(session, ANONYMOUS, [temple], on=dt.date(2015, 8, 1))
    [after] = site_markers(session, ANONYMOUS, [temple], on=dt.date(2015, 9, 1))

    assert (before.condition, after.condition) == (None, Condition.DESTROYED)


def test_markers_link_to_what_the_caller_names(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple", location=BEL)

    [marker] = site_markers(session, ANONYMOUS, [temple], link=lambda s: f"/sites/{s.id}")

    assert marker.href == f"/sites/{temple.id}"


def _queries(session: Session, read: Callable[[], Any]) -> int:
    """How many statements `read` sends to the database."""
    sent: list[str] = []

    def count(*args: Any) -> None:
        sent.append(args[2])

    connection = session.connection()
    event.listen(connection, "before_cursor_execute", count)
    try:
        read()
    finally:
        event.remove(connection, "before_cursor_execute", count)
    return len(sent)


def test_every_site_with_a_point_is_marked_whatever_the_number_of_batches(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = b.user(session, "editor")
    monkeypatch.setattr(site_map, "BATCH_SIZE", 2)
    placed = [
        b.site(session, f"Tomb {n}", "tomb", location={**BEL, "latitude": 34.5 + n / 100})
        for n in range(5)
    ]
    b.site(session, "Hidden prison", "prison", location=PRISON, restricted=True)
    b.site(session, "Unplaced shrine", "shrine")
    gone = b.site(session, "Demolished tomb", "tomb", location=BEL)
    sites.delete_site(session, SYSTEM, gone.id)
    session.flush()

    public = {m.label: m for m in every_site_marker(session, ANONYMOUS)}
    team = {m.label: m for m in every_site_marker(session, editor)}

    assert set(public) == set(team) == {site.name for site in placed} | {"Hidden prison"}
    # The public sees the prison at its generalised point, the editor where it is.
    assert public["Hidden prison"].latitude != pytest.approx(PRISON["latitude"])
    assert team["Hidden prison"].latitude == pytest.approx(PRISON["latitude"])


def test_every_site_costs_the_same_few_queries_per_batch(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_map, "BATCH_SIZE", 2)
    b.site(session, "Tomb 0", "tomb", location=BEL)
    b.site(session, "Tomb 1", "tomb", location=PRISON)
    session.flush()
    one_batch = _queries(session, lambda: every_site_marker(session, ANONYMOUS))
    for n in range(2, 6):
        b.site(session, f"Tomb {n}", "tomb", location=BEL)
    session.flush()

    three_batches = _queries(session, lambda: every_site_marker(session, ANONYMOUS))

    # Each full batch is followed by a read that finds the next; the last finds nothing.
    assert three_batches - 1 == 3 * (one_batch - 1)
