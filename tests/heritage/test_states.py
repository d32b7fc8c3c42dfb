"""The state of many sites on a day: what each one's history says on that day, for any
number of sites in the same few queries."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS
from heritage.demo import load_demo
from heritage.models import Site
from heritage.services.history import site_history
from heritage.services.states import site_states
from tests.heritage import builders as b
from tests.heritage.test_interchange_geojson import counted

DAYS = ["2015-01-01", "2015-05-21", "2015-06-01", "2015-09-01", "2016-03-27", "2016-04-15"]


@pytest.mark.parametrize("day", DAYS)
def test_each_demo_sites_state_on_a_day_is_what_its_history_says(
    session: Session, day: str
) -> None:
    load_demo(session)
    ids = list(session.scalars(select(Site.id).order_by(Site.id)))
    on = dt.date.fromisoformat(day)
    states = site_states(session, ANONYMOUS, ids, drafts=False, on=on)
    for site_id in ids:
        expected = site_history(session, ANONYMOUS, site_id, at=on).state_at
        assert expected is not None
        state = states[site_id]
        assert (state.controller, state.control_grade, state.condition, state.condition_grade) == (
            expected.controlled_by,
            expected.control_grade,
            expected.condition,
            expected.condition_grade,
        ), (site_id, day)


def test_the_states_of_one_site_and_of_three_hundred_cost_the_same_queries(
    session: Session,
) -> None:
    wire = b.source(session, "Wire")
    isil = b.actor(session, "ISIL")
    city = b.site(session, "City")
    capture = b.event(session, city, "captured", "2015-05-21", actors=[(isil, "controller")])
    b.reported(session, capture, wire)
    monuments = [b.site(session, f"Monument {n}", "temple", parent=city) for n in range(300)]
    for monument in monuments[::10]:
        b.reported(session, b.event(session, monument, "damaged", "2015-08"), wire)
    session.flush()
    on = dt.date(2016, 1, 1)
    with counted(session) as one:
        (state,) = site_states(session, ANONYMOUS, [monuments[0].id], False, on=on).values()
    assert (state.controller.name if state.controller else None, state.condition) == (
        "ISIL",
        "damaged",
    )
    with counted(session) as many:
        states = site_states(session, ANONYMOUS, [m.id for m in monuments], False, on=on)
    assert len(many) == len(one) <= 4
    assert sum(1 for s in states.values() if s.condition == "damaged") == 30
    assert {s.controller.name for s in states.values() if s.controller} == {"ISIL"}
    before = site_states(
        session, ANONYMOUS, [m.id for m in monuments], False, on=dt.date(2015, 5, 20)
    )
    assert all(s.controller is None and s.condition is None for s in before.values())
