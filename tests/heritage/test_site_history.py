"""The history of a site read from the database: the Temple of Bel in Palmyra, 2015-2016."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.dates import parse_date
from heritage.errors import NotFound
from heritage.history import ActorRef, History, HistoryEvent, Participant, SourceRef, StateAt
from heritage.models import Actor, Article, Event, Site, Source
from heritage.services import events as event_service
from heritage.services.history import site_history
from heritage.vocab import Condition, Grade
from tests.heritage import builders as b

DESTRUCTION_TEXT = (
    "Satellite images confirm the Temple of Bel was destroyed. "
    "The Syrian Observatory for Human Rights said the temple was blown up on Sunday."
)
QUOTE = "the temple was blown up on Sunday"


@dataclass
class Palmyra:
    city: Site
    temple: Site
    isil: Actor
    government: Actor
    army: Actor
    sohr: Source
    aljazeera: Source
    capture: Event
    destruction: Event
    recapture: Event
    first_report: Article
    second_report: Article


@pytest.fixture
def palmyra(session: Session) -> Palmyra:
    city = b.site(session, "Palmyra", "city")
    temple = b.site(session, "Temple of Bel", "temple", parent=city)
    isil = b.actor(session, "Islamic State", aliases=["ISIL", "Daesh"])
    government = b.actor(session, "Syrian government forces")
    army = b.actor(session, "Syrian Arab Army", part_of=government)
    sohr = b.source(session, "Syrian Observatory for Human Rights")
    aljazeera = b.source(session, "Al Jazeera")

    capture = b.event(session, city, "captured", "2015-05", actors=[(isil, "controller")])
    b.reported(session, capture, aljazeera, "2015-05-21")

    destruction = b.event(
        session, temple, "destroyed", "2015-08-30", actors=[(isil, "perpetrator")]
    )
    first_report = b.article(session, aljazeera, "2015-08-31", text=DESTRUCTION_TEXT)
    b.claim(session, first_report, destruction, speaker=sohr, quote=QUOTE)
    second_report = b.article(session, sohr, "2015-09-02")
    b.claim(session, second_report, destruction, stated_date="2015-08-30")

    recapture = b.event(
        session,
        city,
        "captured",
        "2016-03-27",
        actors=[(government, "controller"), (army, "perpetrator")],
    )
    b.reported(session, recapture, aljazeera, "2016-03-27")
    return Palmyra(
        city,
        temple,
        isil,
        government,
        army,
        sohr,
        aljazeera,
        capture,
        destruction,
        recapture,
        first_report,
        second_report,
    )


def ids(history: History) -> list[int]:
    return [event.id for event in history.events]


def by_id(history: History, event: Event) -> HistoryEvent:
    return next(e for e in history.events if e.id == event.id)


def test_temple_inherits_city_capture_and_recapture(session: Session, palmyra: Palmyra) -> None:
    history = site_history(session, ANONYMOUS, palmyra.temple.id)
    assert history.site.name == "Temple of Bel"
    assert history.site.parent_id == palmyra.city.id
    assert [(e.id, e.inherited, e.site_id) for e in history.events] == [
        (palmyra.capture.id, True, palmyra.city.id),
        (palmyra.destruction.id, False, palmyra.temple.id),
        (palmyra.recapture.id, True, palmyra.city.id),
    ]


def test_temple_history_lists_actors_grade_and_claims_with_article_and_speaker(
    session: Session, palmyra: Palmyra
) -> None:
    destruction = by_id(site_history(session, ANONYMOUS, palmyra.temple.id), palmyra.destruction)
    assert destruction.type == "destroyed"
    assert destruction.category == "damage"
    assert destruction.date == parse_date("2015-08-30")
    assert destruction.date.earliest == destruction.date.latest == dt.date(2015, 8, 30)
    assert destruction.actors == [Participant(palmyra.isil.id, "Islamic State", "perpetrator")]
    # Al Jazeera quoting the Observatory, and the Observatory itself: one source.
    assert destruction.grade == Grade.WEAK
    assert destruction.flags == []
    first, second = destruction.claims
    start = DESTRUCTION_TEXT.index(QUOTE)
    assert (first.quote, first.quote_start, first.quote_end) == (
        QUOTE,
        start,
        start + len(QUOTE),
    )
    assert first.speaker == SourceRef(palmyra.sohr.id, "Syrian Observatory for Human Rights")
    assert first.article.id == palmyra.first_report.id
    assert first.article.published == dt.date(2015, 8, 31)
    assert first.article.publisher == SourceRef(palmyra.aljazeera.id, "Al Jazeera")
    assert second.speaker is None
    assert second.stated_date is not None and second.stated_date.edtf == "2015-08-30"
    assert second.article.publisher.id == palmyra.sohr.id


def test_temple_after_its_destruction_is_held_by_isil_and_destroyed(
    session: Session, palmyra: Palmyra
) -> None:
    history = site_history(session, ANONYMOUS, palmyra.temple.id, at=dt.date(2015, 9, 1))
    assert history.state_at == StateAt(
        date=dt.date(2015, 9, 1),
        controlled_by=ActorRef(palmyra.isil.id, "Islamic State"),
        control_grade=Grade.WEAK,
        condition=Condition.DESTROYED,
        condition_grade=Grade.WEAK,
    )


def test_temple_after_the_recapture_is_held_by_government_forces(
    session: Session, palmyra: Palmyra
) -> None:
    history = site_history(session, ANONYMOUS, palmyra.temple.id, at=dt.date(2016, 4, 15))
    assert history.state_at is not None
    assert history.state_at.controlled_by == ActorRef(
        palmyra.government.id, "Syrian government forces"
    )
    assert history.state_at.condition == Condition.DESTROYED
    assert [(p.actor.id, p.end) for p in history.control_periods] == [
        (palmyra.isil.id, parse_date("2016-03-27")),
        (palmyra.government.id, None),
    ]
    assert [(c.state, c.event_ids) for c in history.condition_timeline] == [
        (Condition.DESTROYED, [palmyra.destruction.id])
    ]


def test_temple_before_isil_arrived_was_held_by_nobody_known(
    session: Session, palmyra: Palmyra
) -> None:
    history = site_history(session, ANONYMOUS, palmyra.temple.id, at=dt.date(2015, 5, 15))
    assert history.state_at is not None
    assert history.state_at.controlled_by is None
    assert history.state_at.condition is None


def test_known_at_drops_claims_published_later_and_events_left_without_claims(
    session: Session, palmyra: Palmyra
) -> None:
    history = site_history(session, ANONYMOUS, palmyra.temple.id, known_at=dt.date(2015, 9, 1))
    assert ids(history) == [palmyra.capture.id, palmyra.destruction.id]
    destruction = by_id(history, palmyra.destruction)
    assert [c.article.id for c in destruction.claims] == [palmyra.first_report.id]
    assert [p.actor.id for p in history.control_periods] == [palmyra.isil.id]


def test_known_at_before_any_report_of_the_destruction_shows_the_temple_intact(
    session: Session, palmyra: Palmyra
) -> None:
    history = site_history(
        session, ANONYMOUS, palmyra.temple.id, known_at=dt.date(2015, 8, 30), at=dt.date(2015, 9, 1)
    )
    assert ids(history) == [palmyra.capture.id]
    assert history.condition_timeline == []
    assert history.state_at is not None
    assert history.state_at.condition is None
    assert history.state_at.controlled_by == ActorRef(palmyra.isil.id, "Islamic State")


def test_known_at_grades_from_the_claims_known_then(session: Session, palmyra: Palmyra) -> None:
    later = b.source(session, "UNESCO")
    b.reported(session, palmyra.destruction, later, "2015-09-10")
    assert (
        by_id(site_history(session, ANONYMOUS, palmyra.temple.id), palmyra.destruction).grade
        == Grade.FAIR
    )
    then = site_history(session, ANONYMOUS, palmyra.temple.id, known_at=dt.date(2015, 9, 5))
    assert by_id(then, palmyra.destruction).grade == Grade.WEAK


def test_city_history_leaves_out_the_temples_events_unless_asked(
    session: Session, palmyra: Palmyra
) -> None:
    history = site_history(session, ANONYMOUS, palmyra.city.id)
    assert ids(history) == [palmyra.capture.id, palmyra.recapture.id]
    assert all(not e.inherited for e in history.events)


def test_city_history_with_descendants_shows_the_temples_destruction_as_not_inherited(
    session: Session, palmyra: Palmyra
) -> None:
    history = site_history(session, ANONYMOUS, palmyra.city.id, include_descendants=True)
    assert [(e.id, e.inherited, e.site_id) for e in history.events] == [
        (palmyra.capture.id, False, palmyra.city.id),
        (palmyra.destruction.id, False, palmyra.temple.id),
        (palmyra.recapture.id, False, palmyra.city.id),
    ]


def test_descendants_reach_any_depth(session: Session, palmyra: Palmyra) -> None:
    cella = b.site(session, "Cella of the Temple of Bel", "temple", parent=palmyra.temple)
    looting = b.event(session, cella, "looted", "2015-07")
    b.reported(session, looting, palmyra.sohr)
    history = site_history(session, ANONYMOUS, palmyra.city.id, include_descendants=True)
    assert looting.id in ids(history)
    assert by_id(history, looting).site_id == cella.id


def test_a_grandchild_inherits_the_control_events_of_every_ancestor(
    session: Session, palmyra: Palmyra
) -> None:
    cella = b.site(session, "Cella of the Temple of Bel", "temple", parent=palmyra.temple)
    history = site_history(session, ANONYMOUS, cella.id)
    assert ids(history) == [palmyra.capture.id, palmyra.recapture.id]
    assert all(e.inherited and e.site_id == palmyra.city.id for e in history.events)


def test_the_citys_damage_events_are_not_inherited_by_the_temple(
    session: Session, palmyra: Palmyra
) -> None:
    city_looting = b.event(session, palmyra.city, "looted", "2015-06")
    b.reported(session, city_looting, palmyra.sohr)
    assert city_looting.id not in ids(site_history(session, ANONYMOUS, palmyra.temple.id))


def test_an_event_at_both_the_temple_and_its_city_is_the_temples_own(
    session: Session, palmyra: Palmyra
) -> None:
    fight = b.event(session, [palmyra.city, palmyra.temple], "contested", "2016-03-20")
    b.reported(session, fight, palmyra.aljazeera)
    event = by_id(site_history(session, ANONYMOUS, palmyra.temple.id), fight)
    assert event.inherited is False
    assert event.site_id == palmyra.temple.id
    assert event.site_ids == sorted([palmyra.city.id, palmyra.temple.id])


def test_events_are_ordered_by_earliest_then_latest(session: Session, palmyra: Palmyra) -> None:
    whole_month = b.event(session, palmyra.temple, "looted", "2015-08")
    first_week = b.event(session, palmyra.temple, "vandalised", "2015-08-01/2015-08-07")
    first_day = b.event(session, palmyra.temple, "booby_trapped", "2015-08-01")
    assert ids(site_history(session, ANONYMOUS, palmyra.temple.id)) == [
        palmyra.capture.id,
        first_day.id,
        first_week.id,
        whole_month.id,
        palmyra.destruction.id,
        palmyra.recapture.id,
    ]


def test_claims_with_dates_that_do_not_overlap_are_flagged_and_contest_the_event(
    session: Session, palmyra: Palmyra
) -> None:
    sana = b.source(session, "SANA")
    early = b.reported(session, palmyra.destruction, sana, "2015-09-03", stated_date="2015-08-23")
    history = site_history(session, ANONYMOUS, palmyra.temple.id)
    destruction = by_id(history, palmyra.destruction)
    second_claim = destruction.claims[1].id
    assert destruction.grade == Grade.CONTESTED
    assert [(f.kind, f.claim_ids) for f in destruction.flags] == [
        ("date_conflict", (second_claim, early.id))
    ]


def test_a_discounted_recapture_does_not_end_isils_control(
    session: Session, palmyra: Palmyra
) -> None:
    event_service.update_event(
        session,
        SYSTEM,
        palmyra.recapture.id,
        {"grade_override": "discounted", "grade_override_reason": "Premature state TV report."},
    )
    history = site_history(session, ANONYMOUS, palmyra.temple.id, at=dt.date(2016, 4, 15))
    recapture = by_id(history, palmyra.recapture)
    assert (recapture.grade, recapture.grade_overridden) == (Grade.DISCOUNTED, True)
    assert history.state_at is not None and history.state_at.controlled_by is not None
    assert history.state_at.controlled_by.id == palmyra.isil.id


def test_the_history_of_a_missing_site_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        site_history(session, ANONYMOUS, 999_999)


def test_an_event_with_no_claims_still_appears_until_known_at_is_asked(
    session: Session, palmyra: Palmyra
) -> None:
    rumour = b.event(session, palmyra.temple, "booby_trapped", "2015-06")
    history = site_history(session, ANONYMOUS, palmyra.temple.id)
    assert by_id(history, rumour).grade == Grade.DISCOUNTED
    assert rumour.id not in ids(
        site_history(session, ANONYMOUS, palmyra.temple.id, known_at=dt.date(2030, 1, 1))
    )
