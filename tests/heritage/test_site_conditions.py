"""A site's condition alone (services.states.site_conditions), as the maps read it: the
condition site_states gives, for every reader and day, in the same queries for any number
of sites."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, Principal
from heritage.models import Site
from heritage.services.states import (
    site_conditions,
    site_states,
    site_states_by_day,
    site_states_on,
)
from heritage.vocab import Condition
from tests.heritage import builders as b
from tests.heritage.test_interchange_geojson import counted

# Every kind of event a site's story holds: those that state a condition (damage, looting,
# restoration, assessments) and those that state none (control, people, protection, context).
TYPES = [
    "possibly_damaged",
    "damaged",
    "moderately_damaged",
    "severely_damaged",
    "destroyed",
    "looted",
    "vandalised",
    "illegally_excavated",
    "restored",
    "assessed",
    "booby_trapped",
    "militarily_used",
    "captured",
    "besieged",
    "killed",
    "evacuated",
    "other",
]
FOUND = ["intact", "possibly_damaged", "damaged", "moderately_damaged", "destroyed"]
# Days, months, a year and an open start: events are ordered by when they are certain
# (their last day), and several share one day, so ties fall to the events' order.
DATES = ["2015-05-21", "2015-05-21", "2015-05", "2015-06-01", "2015", "/2015-06-01", "2016-03-27"]
ON = [None, dt.date(2015, 5, 21), dt.date(2015, 6, 1), dt.date(2015, 12, 31), dt.date(2016, 1, 1)]


def _generated_sites(session: Session, editor: Principal) -> list[Site]:
    """Forty sites, some below a city, one restricted, each with up to eight events (some
    on two sites at once): published or drafts, reported (graded) or not (discounted),
    some with a draft claim that regrades them for an editor who asks for drafts; and two
    sites whose stories are told on purpose."""
    rng = random.Random(17)
    wire, rival = b.source(session, "Wire"), b.source(session, "Rival")
    isil = b.actor(session, "ISIL")
    city = b.site(session, "City")
    sites = [
        b.site(
            session,
            f"Site {n}",
            "temple",
            parent=city if n % 3 == 0 else None,
            restricted=n == 7,
        )
        for n in range(40)
    ]
    for site in sites:
        for _ in range(rng.randrange(9)):
            event_type = rng.choice(TYPES)
            at = [site, rng.choice(sites)] if rng.random() < 0.1 else site
            if isinstance(at, list) and at[0] is at[1]:
                at = site
            fields: dict[str, object] = {"description": f"A {event_type} event"}
            if event_type == "assessed":
                fields["condition_found"] = rng.choice(FOUND)
            if event_type == "captured":
                fields["actors"] = [(isil, "controller")]
            draft = rng.random() < 0.25
            event = b.event(
                session,
                at,
                event_type,
                rng.choice(DATES),
                by=editor if draft else b.SYSTEM,
                status=None if draft else b.PUBLISHED,
                **fields,  # type: ignore[arg-type]
            )
            if rng.random() < 0.75:  # unreported events stay discounted
                b.reported(session, event, wire)
            if not draft and rng.random() < 0.2:  # counts only for an editor's drafts
                b.reported(session, event, rival, by=editor, status=None)
    # Stories chance may miss: found intact after a destruction, and on one day damage
    # reported, then a restoration, then damage again (the order of ties is the events').
    found_intact, same_day = b.site(session, "Found intact"), b.site(session, "Same day")
    for at, event_type, date, fields in [
        (found_intact, "destroyed", "2015-05-21", {}),
        (found_intact, "assessed", "2015-06-01", {"condition_found": "intact"}),
        (same_day, "severely_damaged", "2015-06-01", {}),
        (same_day, "restored", "2015-06-01", {}),
        (same_day, "possibly_damaged", "2015-06-01", {}),
    ]:
        b.reported(session, b.event(session, at, event_type, date, **fields), wire)
    session.flush()
    return [*sites, found_intact, same_day]


def test_each_sites_condition_is_the_one_its_whole_state_gives(session: Session) -> None:
    editor = b.user(session, "editor")
    ids = [site.id for site in _generated_sites(session, editor)]
    # (reader, asks for drafts) -> what site_states is asked: drafts only for editors.
    readers = [
        (ANONYMOUS, False, False),
        (ANONYMOUS, True, False),
        (editor, False, False),
        (editor, True, True),
    ]
    for on in ON:
        for reader, asks, sees in readers:
            conditions = site_conditions(session, reader, ids, asks, on)
            states = site_states(session, reader, ids, sees, on)
            assert conditions == {site_id: states[site_id].condition for site_id in ids}, (
                on,
                reader,
                asks,
            )
    # The mix reaches every condition, or the comparison proves little.
    every = {
        site_conditions(session, editor, ids, drafts, day)[site_id]
        for drafts in (False, True)
        for day in ON
        for site_id in ids
    }
    assert every == {*Condition, None}


def test_the_states_on_several_days_are_those_of_each_day_read_in_one_go(
    session: Session,
) -> None:
    editor = b.user(session, "editor")
    ids = [site.id for site in _generated_sites(session, editor)]
    for reader, drafts in [(ANONYMOUS, False), (editor, False), (editor, True)]:
        on_days = site_states_on(session, reader, ids, drafts, ON)
        assert on_days == {day: site_states(session, reader, ids, drafts, day) for day in ON}
    # The events are read (and an editor's drafts regraded) once, however many days.
    with counted(session) as one_day:
        site_states_on(session, editor, ids, True, ON[:1])
    with counted(session) as every_day:
        site_states_on(session, editor, ids, True, ON)
    assert len(every_day) == len(one_day)


def test_the_states_of_some_sites_on_some_days_are_those_each_day_gives_them(
    session: Session,
) -> None:
    editor = b.user(session, "editor")
    ids = [site.id for site in _generated_sites(session, editor)]
    # A report asks for every section's state at the end, its candidates' on the days
    # before its periods.
    wanted = {ON[4]: ids[::2], ON[2]: ids[1::3], ON[1]: ids[:5], None: ids[-3:]}
    for reader, drafts in [(ANONYMOUS, False), (editor, False), (editor, True)]:
        by_day = site_states_by_day(session, reader, wanted, drafts)
        assert by_day == {
            day: {
                site_id: state
                for site_id, state in site_states(session, reader, ids, drafts, day).items()
                if site_id in sites
            }
            for day, sites in wanted.items()
        }
    with counted(session) as some:
        site_states_by_day(session, editor, wanted, True)
    with counted(session) as every:
        site_states_on(session, editor, ids, True, list(wanted))
    assert len(some) == len(every)


def test_a_restoration_starts_the_condition_afresh_and_milder_news_leaves_it(
    session: Session,
) -> None:
    wire = b.source(session, "Wire")
    temple = b.site(session, "Temple")
    for event_type, date in [
        ("destroyed", "2015-05-21"),
        ("restored", "2016-03-27"),
        ("damaged", "2016-06-01"),
        ("moderately_damaged", "2016-07-01"),
        ("possibly_damaged", "2016-08-01"),
    ]:
        b.reported(session, b.event(session, temple, event_type, date), wire)
    session.flush()

    def on(day: str) -> Condition | None:
        return site_conditions(session, ANONYMOUS, [temple.id], False, dt.date.fromisoformat(day))[
            temple.id
        ]

    assert [on(day) for day in ("2015-01-01", "2015-06-01", "2016-04-01", "2016-09-01")] == [
        None,
        Condition.DESTROYED,
        Condition.RESTORED,
        Condition.MODERATELY_DAMAGED,
    ]


# The public's conditions are one statement; an editor's drafts add the regrading's reads.
@pytest.mark.parametrize(("drafts", "queries"), [(False, 1), (True, 4)], ids=["public", "drafts"])
def test_the_conditions_of_one_site_and_of_two_hundred_cost_the_same_queries(
    session: Session, drafts: bool, queries: int
) -> None:
    editor = b.user(session, "editor")
    wire = b.source(session, "Wire")
    sites = [b.site(session, f"Tomb {n}", "tomb") for n in range(200)]
    for n, site in enumerate(sites):
        b.reported(session, b.event(session, site, "damaged", "2015-08"), wire)
        if n % 2:
            b.reported(session, b.event(session, site, "destroyed", "2015-09-01"), wire)
    session.flush()

    with counted(session) as one:
        site_conditions(session, editor, [sites[0].id], drafts)
    with counted(session) as many:
        conditions = site_conditions(session, editor, [site.id for site in sites], drafts)

    assert len(many) == len(one) == queries
    assert list(conditions.values()).count(Condition.DESTROYED) == 100
    assert list(conditions.values()).count(Condition.DAMAGED) == 100
