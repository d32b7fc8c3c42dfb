"""Events through the services: validation, listing filters, and the stored grade."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.errors import Conflict, InvalidInput, NotFound
from heritage.models import Claim, Event
from heritage.services import claims, events
from tests.heritage import builders as b


def errors_of(refused: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return sorted(refused.value.errors)


# Validation


def test_the_category_follows_from_the_type(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    event = b.event(session, temple, "booby_trapped", "2015-06")
    assert (event.category, event.type) == ("damage", "booby_trapped")


def test_a_type_outside_the_given_category_is_refused(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    with pytest.raises(InvalidInput) as refused:
        b.event(session, temple, "destroyed", category="control")
    assert errors_of(refused) == ["type"]
    assert session.scalar(select(func.count()).select_from(Event)) == 0


def test_a_matching_category_is_accepted(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    event = b.event(session, temple, "captured", category="control")
    assert event.category == "control"


def test_an_unknown_type_or_category_is_refused(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    with pytest.raises(InvalidInput) as refused:
        b.event(session, temple, "bombed")
    # The type is wrong; the category, derived from it, is not reported as a second error
    # (as the API and the import have always reported it).
    assert errors_of(refused) == ["type"]
    with pytest.raises(InvalidInput) as refused:
        b.event(session, temple, "destroyed", category="disaster")
    assert errors_of(refused) == ["category"]


def test_changing_the_type_to_another_category_is_checked_against_it(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    event = b.event(session, temple, "destroyed")
    with pytest.raises(InvalidInput) as refused:
        events.update_event(session, SYSTEM, event.id, {"type": "captured", "category": "damage"})
    assert errors_of(refused) == ["type"]
    events.update_event(session, SYSTEM, event.id, {"type": "captured"})
    assert (event.category, event.type) == ("control", "captured")


@pytest.mark.parametrize("date", ["2015-13-01", "2015-02-30", "bad", "", None])
def test_an_invalid_date_is_refused_under_date(session: Session, date: str | None) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    with pytest.raises(InvalidInput) as refused:
        events.create_event(
            session, SYSTEM, {"type": "destroyed", "date": date, "site_ids": [temple.id]}
        )
    assert errors_of(refused) == ["date"]


def test_the_event_stores_its_edtf_and_calendar_bounds(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    event = b.event(session, temple, "destroyed", "2015-08-23/2015-08-30")
    assert (event.date_edtf, event.earliest, event.latest) == (
        "2015-08-23/2015-08-30",
        dt.date(2015, 8, 23),
        dt.date(2015, 8, 30),
    )


def test_an_event_needs_existing_sites_each_once(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    with pytest.raises(InvalidInput) as refused:
        events.create_event(session, SYSTEM, {"type": "destroyed", "date": "2015", "site_ids": []})
    assert errors_of(refused) == ["site_ids"]
    with pytest.raises(InvalidInput) as refused:
        events.create_event(
            session, SYSTEM, {"type": "destroyed", "date": "2015", "site_ids": [temple.id, 999_999]}
        )
    assert errors_of(refused) == ["site_ids.1"]
    with pytest.raises(InvalidInput) as refused:
        events.create_event(
            session,
            SYSTEM,
            {"type": "destroyed", "date": "2015", "site_ids": [temple.id, temple.id]},
        )
    assert errors_of(refused) == ["site_ids"]


def test_an_events_actors_must_exist_with_a_known_role(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    isil = b.actor(session, "ISIL")
    with pytest.raises(InvalidInput) as refused:
        events.create_event(
            session,
            SYSTEM,
            {
                "type": "destroyed",
                "date": "2015-08-30",
                "site_ids": [temple.id],
                "actors": [
                    {"actor_id": isil.id, "role": "bystander"},
                    {"actor_id": 999_999, "role": "perpetrator"},
                ],
            },
        )
    assert errors_of(refused) == ["actors.0.role", "actors.1.actor_id"]


def test_an_event_key_is_unique(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    b.event(session, temple, key="bel-destroyed")
    with pytest.raises(Conflict):
        b.event(session, temple, key="bel-destroyed")


def test_an_override_needs_a_reason(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    event = b.event(session, temple)
    with pytest.raises(InvalidInput) as refused:
        events.update_event(session, SYSTEM, event.id, {"grade_override": "confirmed"})
    assert errors_of(refused) == ["grade_override_reason"]
    with pytest.raises(InvalidInput) as refused:
        events.update_event(
            session,
            SYSTEM,
            event.id,
            {"grade_override": "certain", "grade_override_reason": "I saw it."},
        )
    assert errors_of(refused) == ["grade_override"]


def test_deleting_an_event_deletes_its_claims(session: Session) -> None:
    # Deleting leaves tombstones now: the rows stay (an admin may restore the event), but
    # the event and its claims are gone from every read.
    temple = b.site(session, "Temple of Bel", "temple")
    event = b.event(session, temple)
    claim = b.reported(session, event, b.source(session, "SOHR"))
    events.delete_event(session, SYSTEM, event.id)
    with pytest.raises(NotFound):
        events.get_event(session, ANONYMOUS, event.id)
    with pytest.raises(NotFound):
        claims.get_claim(session, ANONYMOUS, claim.id)
    with pytest.raises(NotFound):
        claims.get_claim(session, SYSTEM, claim.id)
    assert claims.list_claims(session, ANONYMOUS).items == []
    assert claims.list_claims(session, SYSTEM, include_drafts=True, event_id=event.id).items == []
    assert session.scalar(select(func.count()).select_from(Claim)) == 1  # a tombstone's claim


# Listing


def test_a_date_range_keeps_every_event_whose_interval_overlaps_it(session: Session) -> None:
    palmyra = b.site(session, "Palmyra", "city")
    may = b.event(session, palmyra, "captured", "2015-05")
    until_may_22 = b.event(session, palmyra, "looted", "/2015-05-22")
    until_may_19 = b.event(session, palmyra, "looted", "../2015-05-19")
    bel = b.event(session, palmyra, "destroyed", "2015-08-30")
    late_august = b.event(session, palmyra, "vandalised", "2015-08-31")
    since_2016 = b.event(session, palmyra, "militarily_used", "2016-01/..")
    since_july = b.event(session, palmyra, "booby_trapped", "2015-07-01/..")
    listed = events.list_events(
        session, ANONYMOUS, date_from=dt.date(2015, 5, 20), date_to=dt.date(2015, 8, 30)
    )
    assert [e.id for e in listed.items] == [until_may_22.id, may.id, since_july.id, bel.id]
    assert listed.total == 4
    assert {until_may_19.id, late_august.id, since_2016.id}.isdisjoint(e.id for e in listed.items)


def test_a_range_bound_on_one_side_only_filters_that_side(session: Session) -> None:
    palmyra = b.site(session, "Palmyra", "city")
    early = b.event(session, palmyra, "captured", "2015-05")
    late = b.event(session, palmyra, "captured", "2016-03-27")
    assert [
        e.id for e in events.list_events(session, ANONYMOUS, date_from=dt.date(2016, 1, 1)).items
    ] == [late.id]
    assert [
        e.id for e in events.list_events(session, ANONYMOUS, date_to=dt.date(2015, 5, 1)).items
    ] == [early.id]


def test_a_site_filter_takes_descendants_only_when_asked(session: Session) -> None:
    palmyra = b.site(session, "Palmyra", "city")
    temple = b.site(session, "Temple of Bel", "temple", parent=palmyra)
    cella = b.site(session, "Cella", "temple", parent=temple)
    aleppo = b.site(session, "Aleppo", "city")
    capture = b.event(session, palmyra, "captured", "2015-05")
    destruction = b.event(session, temple, "destroyed", "2015-08-30")
    looting = b.event(session, cella, "looted", "2015-09")
    b.event(session, aleppo, "destroyed", "2013-04-24")
    own = events.list_events(session, ANONYMOUS, site_id=palmyra.id)
    assert [e.id for e in own.items] == [capture.id]
    tree = events.list_events(session, ANONYMOUS, site_id=palmyra.id, include_descendants=True)
    assert [e.id for e in tree.items] == [capture.id, destruction.id, looting.id]
    branch = events.list_events(session, ANONYMOUS, site_id=temple.id, include_descendants=True)
    assert [e.id for e in branch.items] == [destruction.id, looting.id]


def test_events_can_be_listed_by_type_actor_and_grade(session: Session) -> None:
    palmyra = b.site(session, "Palmyra", "city")
    isil = b.actor(session, "ISIL")
    capture = b.event(session, palmyra, "captured", "2015-05", actors=[(isil, "controller")])
    destruction = b.event(session, palmyra, "destroyed", "2015-08-30")
    b.reported(session, destruction, b.source(session, "SOHR"))
    assert [e.id for e in events.list_events(session, ANONYMOUS, event_type="captured").items] == [
        capture.id
    ]
    assert [e.id for e in events.list_events(session, ANONYMOUS, category="damage").items] == [
        destruction.id
    ]
    assert [e.id for e in events.list_events(session, ANONYMOUS, actor_id=isil.id).items] == [
        capture.id
    ]
    assert [e.id for e in events.list_events(session, ANONYMOUS, grade="weak").items] == [
        destruction.id
    ]


def test_listing_events_of_a_missing_site_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        events.list_events(session, ANONYMOUS, site_id=999_999)


def test_event_lists_are_paginated(session: Session) -> None:
    palmyra = b.site(session, "Palmyra", "city")
    made = [b.event(session, palmyra, "looted", f"2015-0{month}") for month in range(1, 6)]
    page = events.list_events(session, ANONYMOUS, page=2, page_size=2)
    assert (page.total, page.page, page.page_size) == (5, 2, 2)
    assert [e.id for e in page.items] == [made[2].id, made[3].id]


# The stored grade


def stored_grade(session: Session, event: Event) -> str:
    session.expire(event)
    return event.grade


def test_the_stored_grade_follows_claims_as_they_are_added_and_removed(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    destruction = b.event(session, temple)
    assert stored_grade(session, destruction) == "discounted"
    first = b.reported(session, destruction, b.source(session, "SOHR"))
    assert stored_grade(session, destruction) == "weak"
    second = b.reported(session, destruction, b.source(session, "UNESCO"))
    assert stored_grade(session, destruction) == "fair"
    dispute = b.reported(session, destruction, b.source(session, "SANA"), stance="disputes")
    assert stored_grade(session, destruction) == "contested"
    claims.delete_claim(session, SYSTEM, dispute.id)
    assert stored_grade(session, destruction) == "fair"
    claims.delete_claim(session, SYSTEM, second.id)
    assert stored_grade(session, destruction) == "weak"
    claims.update_claim(session, SYSTEM, first.id, {"basis": "imagery"})
    assert stored_grade(session, destruction) == "confirmed"
    claims.delete_claim(session, SYSTEM, first.id)
    assert stored_grade(session, destruction) == "discounted"


def test_moving_a_claim_regrades_both_events(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    destruction = b.event(session, temple, "destroyed", "2015-08-30")
    looting = b.event(session, temple, "looted", "2015-07")
    claim = b.reported(session, destruction, b.source(session, "SOHR"))
    claims.update_claim(session, SYSTEM, claim.id, {"event_id": looting.id})
    assert stored_grade(session, destruction) == "discounted"
    assert stored_grade(session, looting) == "weak"


def test_an_override_is_stored_as_the_grade_and_lifting_it_restores_the_rule(
    session: Session,
) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    destruction = b.event(session, temple)
    b.reported(session, destruction, b.source(session, "SOHR"))
    events.update_event(
        session,
        SYSTEM,
        destruction.id,
        {"grade_override": "confirmed", "grade_override_reason": "UNITAR imagery, 2015-08-31."},
    )
    assert stored_grade(session, destruction) == "confirmed"
    assert destruction.grade_override_reason == "UNITAR imagery, 2015-08-31."
    events.update_event(session, SYSTEM, destruction.id, {"grade_override": None})
    assert stored_grade(session, destruction) == "weak"
    assert destruction.grade_override_reason is None


def test_adding_the_perpetrator_regrades_a_claim_by_its_spokesman_as_confirmed(
    session: Session,
) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    isil = b.actor(session, "ISIL")
    amaq = b.source(session, "Amaq", speaks_for=isil)
    destruction = b.event(session, temple)
    b.reported(session, destruction, b.source(session, "Al Jazeera"), speaker=amaq)
    assert stored_grade(session, destruction) == "weak"
    events.update_event(
        session, SYSTEM, destruction.id, {"actors": [{"actor_id": isil.id, "role": "perpetrator"}]}
    )
    assert stored_grade(session, destruction) == "confirmed"


# Loading


def test_an_event_is_read_once_per_session_with_its_sites_and_actors(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    """An import loads each stored event to compare it, then updates it through the service:
    the service must not read it again (it was a sixth of an import that updates)."""
    with session_factory() as session:
        temple = b.site(session, "Temple of Bel", "temple")
        isil = b.actor(session, "ISIL")
        event_id = b.event(session, temple, "destroyed", actors=[(isil, "perpetrator")]).id
        temple_id = temple.id
        session.commit()
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    sqlalchemy_event.listen(engine, "before_cursor_execute", count)
    try:
        with session_factory() as session:
            first = events.get_event(session, SYSTEM, event_id)
            loaded = len(statements)
            described = (
                [link.site_id for link in first.sites],
                [(link.actor.name, link.role) for link in first.actors],
            )
            again = events.get_event(session, SYSTEM, event_id)
    finally:
        sqlalchemy_event.remove(engine, "before_cursor_execute", count)

    assert described == ([temple_id], [("ISIL", "perpetrator")])
    assert again is first
    # The event, then its site links, its actor links and their actors, each in one statement.
    assert loaded == 4, statements
    assert len(statements) == loaded  # neither reading them nor asking again runs SQL
