"""Independence and confirmation as the services work them out from who said what."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.models import Event, Site
from heritage.services import actors, sources
from heritage.services.history import site_history
from tests.heritage import builders as b


@pytest.fixture
def temple(session: Session) -> Site:
    return b.site(session, "Temple of Bel", "temple")


@pytest.fixture
def destruction(session: Session, temple: Site) -> Event:
    return b.event(session, temple, "destroyed", "2015-08-30")


def grade_of(session: Session, event: Event) -> str:
    session.expire(event)
    stored = event.grade
    # The history grades from the same evidence, so it must agree with the stored grade.
    (site_id,) = [link.site_id for link in event.sites]
    shown = next(e for e in site_history(session, ANONYMOUS, site_id).events if e.id == event.id)
    assert shown.grade == stored
    return stored


def test_a_person_is_not_independent_of_the_organisation_they_speak_for(
    session: Session, destruction: Event
) -> None:
    observatory = b.source(session, "Syrian Observatory for Human Rights")
    director = b.source(session, "Rami Abdulrahman", "person", affiliation=observatory)
    b.reported(session, destruction, b.source(session, "Reuters"), speaker=director)
    b.reported(session, destruction, observatory)
    assert grade_of(session, destruction) == "weak"


def test_a_desk_of_an_organisation_counts_as_the_organisation(
    session: Session, destruction: Event
) -> None:
    observatory = b.source(session, "Syrian Observatory for Human Rights")
    desk = b.source(session, "SOHR Palmyra desk", affiliation=observatory)
    reporter = b.source(session, "SOHR correspondent", "person", affiliation=desk)
    b.reported(session, destruction, b.source(session, "Reuters"), speaker=reporter)
    b.reported(session, destruction, b.source(session, "BBC"), speaker=observatory)
    assert grade_of(session, destruction) == "weak"


def test_a_person_speaking_only_for_themselves_is_an_independent_source(
    session: Session, destruction: Event
) -> None:
    observatory = b.source(session, "Syrian Observatory for Human Rights")
    resident = b.source(session, "A Palmyra resident", "person")
    b.reported(session, destruction, b.source(session, "Reuters"), speaker=resident)
    b.reported(session, destruction, observatory)
    assert grade_of(session, destruction) == "fair"


def test_affiliating_a_speaker_afterwards_regrades_their_events(
    session: Session, destruction: Event
) -> None:
    observatory = b.source(session, "Syrian Observatory for Human Rights")
    director = b.source(session, "Rami Abdulrahman", "person")
    b.reported(session, destruction, b.source(session, "Reuters"), speaker=director)
    b.reported(session, destruction, observatory)
    assert grade_of(session, destruction) == "fair"
    sources.update_source(session, SYSTEM, director.id, {"affiliation_id": observatory.id})
    assert grade_of(session, destruction) == "weak"


def test_one_wire_story_republished_by_many_outlets_is_one_source(
    session: Session, destruction: Event
) -> None:
    afp = b.source(session, "AFP")
    for outlet in ("France 24", "Al Arabiya", "The Daily Star"):
        b.claim(
            session, b.article(session, b.source(session, outlet), syndicated_from=afp), destruction
        )
    assert grade_of(session, destruction) == "weak"
    b.reported(session, destruction, b.source(session, "Reuters"))
    assert grade_of(session, destruction) == "fair"


def test_an_outlet_quoting_a_speaker_counts_the_speaker_not_the_outlet(
    session: Session, destruction: Event
) -> None:
    unesco = b.source(session, "UNESCO")
    b.reported(session, destruction, b.source(session, "Reuters"), speaker=unesco)
    b.reported(session, destruction, b.source(session, "BBC"), speaker=unesco)
    assert grade_of(session, destruction) == "weak"


def test_the_armys_spokesman_confirms_a_recapture_by_government_forces(
    session: Session, temple: Site
) -> None:
    government = b.actor(session, "Syrian government forces")
    army = b.actor(session, "Syrian Arab Army", part_of=government)
    ministry = b.source(session, "Ministry of Defence", speaks_for=army)
    spokesman = b.source(session, "Military spokesman", "person", affiliation=ministry)
    recapture = b.event(
        session, temple, "captured", "2016-03-27", actors=[(government, "controller")]
    )
    b.reported(session, recapture, b.source(session, "SANA"), speaker=spokesman)
    assert grade_of(session, recapture) == "confirmed"


def test_a_spokesman_for_another_party_does_not_confirm(session: Session, temple: Site) -> None:
    isil = b.actor(session, "ISIL")
    russia = b.actor(session, "Russian Armed Forces")
    russian_ministry = b.source(session, "Russian Ministry of Defence", speaks_for=russia)
    destruction = b.event(
        session, temple, "destroyed", "2015-08-30", actors=[(isil, "perpetrator")]
    )
    b.reported(session, destruction, b.source(session, "TASS"), speaker=russian_ministry)
    assert grade_of(session, destruction) == "weak"


def test_claims_naming_different_perpetrators_contest_the_event(
    session: Session, destruction: Event
) -> None:
    isil = b.actor(session, "ISIL")
    isil_wing = b.actor(session, "ISIL Homs wing", part_of=isil)
    army = b.actor(session, "Syrian Arab Army")
    b.reported(session, destruction, b.source(session, "SOHR"), stated_actor=isil)
    b.reported(session, destruction, b.source(session, "UNESCO"), stated_actor=isil_wing)
    assert grade_of(session, destruction) == "fair"
    b.reported(session, destruction, b.source(session, "SANA"), stated_actor=army)
    assert grade_of(session, destruction) == "contested"


def test_placing_a_unit_inside_a_force_regrades_events_its_spokesman_confirms(
    session: Session, temple: Site
) -> None:
    government = b.actor(session, "Syrian government forces")
    army = b.actor(session, "Syrian Arab Army")
    spokesman = b.source(session, "Army spokesman", "person", speaks_for=army)
    recapture = b.event(
        session, temple, "captured", "2016-03-27", actors=[(government, "controller")]
    )
    b.reported(session, recapture, b.source(session, "SANA"), speaker=spokesman)
    assert grade_of(session, recapture) == "weak"
    actors.update_actor(session, SYSTEM, army.id, {"part_of_id": government.id})
    assert grade_of(session, recapture) == "confirmed"
    actors.update_actor(session, SYSTEM, army.id, {"part_of_id": None})
    assert grade_of(session, recapture) == "weak"


def test_placing_a_wing_inside_its_group_settles_a_perpetrator_conflict(
    session: Session, destruction: Event
) -> None:
    isil = b.actor(session, "ISIL")
    wing = b.actor(session, "ISIL Homs wing")
    b.reported(session, destruction, b.source(session, "SOHR"), stated_actor=isil)
    b.reported(session, destruction, b.source(session, "UNESCO"), stated_actor=wing)
    assert grade_of(session, destruction) == "contested"
    actors.update_actor(session, SYSTEM, wing.id, {"part_of_id": isil.id})
    assert grade_of(session, destruction) == "fair"
