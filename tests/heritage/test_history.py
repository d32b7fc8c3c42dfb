"""Control periods, condition timeline and the state on a day, from events (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import count

from heritage.dates import parse_date
from heritage.history import (
    ActorRef,
    HistoryEvent,
    HistorySite,
    Participant,
    StateAt,
    build_history,
    chronological,
    condition_timeline,
    control_periods,
    state_at,
)
from heritage.vocab import CATEGORY_OF_TYPE, Condition, EventType, Grade

ISIL = ActorRef(1, "ISIL")
GOVERNMENT = ActorRef(2, "Syrian government forces")
RUSSIA = ActorRef(3, "Russian Armed Forces")
_ids = count(1)
SITE = HistorySite(1, None, "Temple of Bel", "temple", None, [], None, False, [], [], "")


def happening(
    event_type: str,
    date: str,
    *,
    controllers: Sequence[ActorRef] = (),
    inherited: bool = False,
    grade: Grade = Grade.FAIR,
    event_id: int | None = None,
    found: str | None = None,
    description: str = "",
) -> HistoryEvent:
    return HistoryEvent(
        id=event_id if event_id is not None else next(_ids),
        category=CATEGORY_OF_TYPE[EventType(event_type)].value,
        type=event_type,
        date=parse_date(date),
        site_id=1,
        site_ids=[1],
        inherited=inherited,
        description=description,
        actors=[Participant(actor.id, actor.name, "controller") for actor in controllers],
        grade=grade,
        condition_found=found,
    )


def summary(periods: Sequence[object]) -> list[tuple[str, str, str | None]]:
    return [
        (p.actor.name, p.start.edtf, p.end.edtf if p.end else None)  # type: ignore[attr-defined]
        for p in periods
    ]


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# Control periods


def test_a_capture_starts_a_period_that_stays_open() -> None:
    periods = control_periods([happening("captured", "2015-05-20", controllers=[ISIL])])
    assert summary(periods) == [("ISIL", "2015-05-20", None)]


def test_a_recapture_ends_the_previous_holders_period() -> None:
    periods = control_periods(
        [
            happening("captured", "2016-03-27", controllers=[GOVERNMENT]),
            happening("captured", "2015-05-20", controllers=[ISIL]),
        ]
    )
    assert summary(periods) == [
        ("ISIL", "2015-05-20", "2016-03-27"),
        ("Syrian government forces", "2016-03-27", None),
    ]


def test_a_site_lost_and_retaken_gets_a_new_period_for_the_returning_holder() -> None:
    periods = control_periods(
        [
            happening("captured", "2015-05-20", controllers=[ISIL]),
            happening("captured", "2016-03-27", controllers=[GOVERNMENT]),
            happening("captured", "2016-12-11", controllers=[ISIL]),
        ]
    )
    assert summary(periods) == [
        ("ISIL", "2015-05-20", "2016-03-27"),
        ("Syrian government forces", "2016-03-27", "2016-12-11"),
        ("ISIL", "2016-12-11", None),
    ]


def test_a_capture_by_the_current_holder_joins_its_period() -> None:
    first = happening("captured", "2015-05-20", controllers=[ISIL])
    again = happening("captured", "2015-05-21", controllers=[ISIL])
    (period,) = control_periods([first, again])
    assert (period.actor, period.start.edtf, period.end) == (ISIL, "2015-05-20", None)
    assert period.event_ids == [first.id, again.id]


def test_fighting_and_siege_leave_control_where_it_was() -> None:
    periods = control_periods(
        [
            happening("captured", "2015-05-20", controllers=[ISIL]),
            happening("contested", "2016-03-10", controllers=[GOVERNMENT]),
            happening("besieged", "2016-03-15", controllers=[GOVERNMENT]),
        ]
    )
    assert summary(periods) == [("ISIL", "2015-05-20", None)]


def test_a_discounted_capture_changes_nothing() -> None:
    periods = control_periods(
        [
            happening("captured", "2015-05-20", controllers=[ISIL]),
            happening("captured", "2015-06-01", controllers=[GOVERNMENT], grade=Grade.DISCOUNTED),
        ]
    )
    assert summary(periods) == [("ISIL", "2015-05-20", None)]


def test_a_capture_naming_no_controller_changes_nothing() -> None:
    periods = control_periods(
        [
            happening("captured", "2015-05-20", controllers=[ISIL]),
            happening("captured", "2015-06-01"),
        ]
    )
    assert summary(periods) == [("ISIL", "2015-05-20", None)]


def test_joint_controllers_each_hold_until_one_is_pushed_out() -> None:
    periods = control_periods(
        [
            happening("captured", "2016-03-27", controllers=[GOVERNMENT, RUSSIA]),
            happening("captured", "2017-01-01", controllers=[GOVERNMENT]),
        ]
    )
    assert summary(periods) == [
        ("Syrian government forces", "2016-03-27", None),
        ("Russian Armed Forces", "2016-03-27", "2017-01-01"),
    ]


def test_an_inherited_capture_of_the_city_gives_control_of_the_monument() -> None:
    periods = control_periods(
        [happening("captured", "2015-05-20", controllers=[ISIL], inherited=True)]
    )
    assert summary(periods) == [("ISIL", "2015-05-20", None)]


# Condition timeline


def states(events: Sequence[HistoryEvent]) -> list[tuple[str, str]]:
    return [(change.state.value, change.start.edtf) for change in condition_timeline(events)]


def test_damage_that_worsens_adds_a_step_each_time() -> None:
    events = [
        happening("possibly_damaged", "2015-06-01"),
        happening("severely_damaged", "2015-07-01"),
        happening("destroyed", "2015-08-30"),
    ]
    assert states(events) == [
        ("possibly_damaged", "2015-06-01"),
        ("severely_damaged", "2015-07-01"),
        ("destroyed", "2015-08-30"),
    ]


def test_a_milder_report_after_a_destruction_does_not_undo_it() -> None:
    destroyed = happening("destroyed", "2015-08-30")
    milder = happening("possibly_damaged", "2015-10-01")
    (change,) = condition_timeline([destroyed, milder])
    assert (change.state.value, change.start.edtf) == ("destroyed", "2015-08-30")
    assert change.event_ids == [destroyed.id, milder.id]


def test_reports_of_the_same_state_merge() -> None:
    first = happening("destroyed", "2015-08-30")
    second = happening("destroyed", "2015-08-31")
    (change,) = condition_timeline([first, second])
    assert change.event_ids == [first.id, second.id]


def test_a_restoration_resets_the_condition_and_later_damage_counts_again() -> None:
    events = [
        happening("destroyed", "2015-08-30"),
        happening("restored", "2019-01"),
        happening("looted", "2020-02-01"),
    ]
    assert states(events) == [
        ("destroyed", "2015-08-30"),
        ("restored", "2019-01"),
        ("damaged", "2020-02-01"),
    ]


def test_the_citys_events_do_not_change_the_monuments_condition() -> None:
    events = [happening("destroyed", "2015-08-30", inherited=True)]
    assert states(events) == []


def test_discounted_damage_does_not_change_the_condition() -> None:
    assert states([happening("destroyed", "2015-08-30", grade=Grade.DISCOUNTED)]) == []


def test_booby_traps_military_use_and_control_do_not_change_the_condition() -> None:
    events = [
        happening("booby_trapped", "2015-06-01"),
        happening("militarily_used", "2015-06-02"),
        happening("captured", "2015-05-20", controllers=[ISIL]),
    ]
    assert states(events) == []


# State on a day


def scenario() -> list[HistoryEvent]:
    return [
        happening("captured", "2015-05-20/2015-05-21", controllers=[ISIL], inherited=True),
        happening("destroyed", "2015-08-30"),
        happening("captured", "2016-03-24/2016-03-27", controllers=[GOVERNMENT], inherited=True),
    ]


def state(events: Sequence[HistoryEvent], on: str) -> tuple[str | None, str | None]:
    result = state_at(control_periods(events), condition_timeline(events), day(on))
    assert result.date == day(on)
    holder = result.controlled_by
    return (holder.name if holder else None, result.condition)


def test_before_any_event_nothing_is_known() -> None:
    assert state(scenario(), "2015-01-01") == (None, None)


def test_the_state_follows_control_and_condition_changes() -> None:
    events = scenario()
    assert state(events, "2015-06-01") == ("ISIL", None)
    assert state(events, "2015-09-01") == ("ISIL", "destroyed")
    assert state(events, "2016-04-15") == ("Syrian government forces", "destroyed")


def test_an_event_counts_only_once_its_whole_interval_has_passed() -> None:
    events = scenario()
    assert state(events, "2015-05-20") == (None, None)
    assert state(events, "2015-05-21") == ("ISIL", None)
    assert state(events, "2016-03-25") == ("ISIL", "destroyed")
    assert state(events, "2016-03-27") == ("Syrian government forces", "destroyed")


def test_a_capture_dated_to_a_month_counts_from_the_months_last_day() -> None:
    events = [happening("captured", "2015-05", controllers=[ISIL])]
    assert state(events, "2015-05-30") == (None, None)
    assert state(events, "2015-05-31") == ("ISIL", None)


def test_the_state_on_a_day_shows_the_restoration() -> None:
    events = [happening("destroyed", "2015-08-30"), happening("restored", "2019-06-01")]
    assert state(events, "2019-05-31") == (None, "destroyed")
    assert state(events, "2019-06-01") == (None, "restored")


# Ordering and the document


def test_events_are_ordered_by_earliest_then_latest_then_id() -> None:
    month = happening("destroyed", "2015-08", event_id=50)
    first_day = happening("looted", "2015-08-01", event_id=60)
    late = happening("looted", "2015-09-01", event_id=10)
    open_start = happening("looted", "/2015-07-01", event_id=70)
    same_as_month = happening("vandalised", "2015-08", event_id=40)
    ordered = chronological([late, month, first_day, open_start, same_as_month])
    assert [e.id for e in ordered] == [70, 60, 40, 50, 10]


def test_the_history_lists_events_in_order_and_adds_the_state_only_when_asked() -> None:
    events = scenario()
    history = build_history(SITE, list(reversed(events)))
    assert [e.date.edtf for e in history.events] == [
        "2015-05-20/2015-05-21",
        "2015-08-30",
        "2016-03-24/2016-03-27",
    ]
    assert history.state_at is None
    assert [(c.actor.name, c.end) for c in history.control_periods] == [
        ("ISIL", parse_date("2016-03-24/2016-03-27")),
        ("Syrian government forces", None),
    ]
    assert [c.state for c in history.condition_timeline] == ["destroyed"]
    dated = build_history(SITE, events, at=day("2015-09-01"))
    assert dated.state_at == StateAt(
        date=day("2015-09-01"),
        controlled_by=ISIL,
        control_grade=Grade.FAIR,
        condition=Condition.DESTROYED,
        condition_grade=Grade.FAIR,
    )


# Open-ended and overlapping dates: a state holds from the day it is certain


def test_damage_known_only_by_an_upper_bound_does_not_push_an_earlier_damage_later() -> None:
    """A mosque damaged in October 2012 and looted "before 24 April 2013"."""
    damaged = happening("damaged", "2012-10")
    looted = happening("looted", "/2013-04-24")
    (change,) = condition_timeline([looted, damaged])
    assert (change.state.value, change.start.edtf) == ("damaged", "2012-10")
    assert change.event_ids == [damaged.id, looted.id]
    assert state([damaged, looted], "2012-11-01") == (None, "damaged")
    assert state([damaged, looted], "2012-10-15") == (None, None)  # not certain before its end


def test_a_capture_known_only_by_an_upper_bound_does_not_delay_a_dated_one() -> None:
    before_end_of_june = happening("captured", "/2015-06-30", controllers=[ISIL])
    dated = happening("captured", "2015-05-21", controllers=[ISIL])
    (period,) = control_periods([before_end_of_june, dated])
    assert (period.start.edtf, period.event_ids) == (
        "2015-05-21",
        [dated.id, before_end_of_june.id],
    )
    assert state([before_end_of_june, dated], "2015-06-01") == ("ISIL", None)


def test_an_open_start_capture_by_another_actor_takes_over_once_it_is_certain() -> None:
    events = [
        happening("captured", "2015-05-21", controllers=[ISIL]),
        happening("captured", "/2016-03-27", controllers=[GOVERNMENT]),
    ]
    assert summary(control_periods(events)) == [
        ("ISIL", "2015-05-21", "/2016-03-27"),
        ("Syrian government forces", "/2016-03-27", None),
    ]
    assert state(events, "2016-01-01") == ("ISIL", None)
    assert state(events, "2016-03-27") == ("Syrian government forces", None)


def test_overlapping_intervals_take_effect_in_the_order_they_become_certain() -> None:
    """A capture somewhere in May and another on 10 May: the dated one is certain first,
    so the month-long one, certain only on 31 May, is the later change."""
    in_may = happening("captured", "2015-05", controllers=[GOVERNMENT])
    on_the_tenth = happening("captured", "2015-05-10", controllers=[ISIL])
    assert summary(control_periods([in_may, on_the_tenth])) == [
        ("ISIL", "2015-05-10", "2015-05"),
        ("Syrian government forces", "2015-05", None),
    ]
    assert state([in_may, on_the_tenth], "2015-05-20") == ("ISIL", None)
    destroyed_in_august = happening("destroyed", "2015-08")
    severely_on_the_first = happening("severely_damaged", "2015-08-01")
    assert states([destroyed_in_august, severely_on_the_first]) == [
        ("severely_damaged", "2015-08-01"),
        ("destroyed", "2015-08"),
    ]


# New vocabulary: damage without a severity, context events, assessments


def test_plain_damage_ranks_below_a_moderate_report() -> None:
    assert states(
        [happening("damaged", "2015-06"), happening("moderately_damaged", "2015-07")]
    ) == [
        ("damaged", "2015-06"),
        ("moderately_damaged", "2015-07"),
    ]
    assert states(
        [happening("moderately_damaged", "2015-06"), happening("damaged", "2015-07")]
    ) == [
        ("moderately_damaged", "2015-06"),
    ]
    assert states([happening("possibly_damaged", "2015-06"), happening("damaged", "2015-07")]) == [
        ("possibly_damaged", "2015-06"),
        ("damaged", "2015-07"),
    ]


def test_a_context_event_changes_neither_control_nor_condition() -> None:
    sermon = happening("other", "2014-07-04", description="A sermon declares a caliphate.")
    captured = happening("captured", "2014-06-10", controllers=[ISIL])
    events = [captured, sermon]
    assert states(events) == []
    assert summary(control_periods(events)) == [("ISIL", "2014-06-10", None)]
    history = build_history(SITE, events)
    assert [e.type for e in history.events] == ["captured", "other"]


def test_an_assessment_on_the_ground_sets_the_condition_it_found_even_a_better_one() -> None:
    """A statue reported destroyed in 2015, found damaged and restorable in 2016."""
    destroyed = happening("destroyed", "2015-08")
    assessed = happening("assessed", "2016-04-01", found="moderately_damaged")
    later_report = happening("possibly_damaged", "2016-05-01")
    assert states([destroyed, assessed, later_report]) == [
        ("destroyed", "2015-08"),
        ("moderately_damaged", "2016-04-01"),
    ]
    assert state([destroyed, assessed], "2016-01-01") == (None, "destroyed")
    assert state([destroyed, assessed], "2016-04-01") == (None, "moderately_damaged")


def test_an_assessment_can_find_a_site_intact_and_later_damage_counts_again() -> None:
    events = [
        happening("possibly_damaged", "2015-06-01"),
        happening("assessed", "2016-04-01", found="intact"),
        happening("possibly_damaged", "2017-01-01"),
    ]
    assert states(events) == [
        ("possibly_damaged", "2015-06-01"),
        ("intact", "2016-04-01"),
        ("possibly_damaged", "2017-01-01"),
    ]


def test_a_discounted_assessment_or_capture_changes_nothing() -> None:
    destroyed = happening("destroyed", "2015-08")
    assessed = happening("assessed", "2016-04-01", found="intact", grade=Grade.DISCOUNTED)
    captured = happening("captured", "2015-05-21", controllers=[ISIL], grade=Grade.DISCOUNTED)
    assert states([destroyed, assessed]) == [("destroyed", "2015-08")]
    assert control_periods([captured]) == []


# The grade a state rests on


def test_the_state_says_on_what_grade_it_rests() -> None:
    contested_destruction = happening("destroyed", "2015-08-30", grade=Grade.CONTESTED)
    weak_capture = happening("captured", "2015-05-21", controllers=[ISIL], grade=Grade.WEAK)
    events = [contested_destruction, weak_capture]
    result = state_at(control_periods(events), condition_timeline(events), day("2015-09-01"))
    assert (result.control_grade, result.condition_grade) == ("weak", "contested")


def test_the_strongest_evidence_known_by_the_day_carries_the_grade() -> None:
    weak = happening("destroyed", "2015-08-30", grade=Grade.WEAK)
    confirmed_later = happening("destroyed", "2015-10-01", grade=Grade.CONFIRMED)
    milder_confirmed = happening("possibly_damaged", "2015-09-15", grade=Grade.CONFIRMED)
    events = [weak, confirmed_later, milder_confirmed]
    timeline = condition_timeline(events)

    def grade_on(text: str) -> Grade | None:
        return state_at([], timeline, day(text)).condition_grade

    assert grade_on("2015-09-01") == "weak"
    assert grade_on("2015-09-20") == "weak"  # a milder report does not vouch for destruction
    assert grade_on("2015-10-01") == "confirmed"
    assert state_at([], [], day("2015-10-01")).condition_grade is None
