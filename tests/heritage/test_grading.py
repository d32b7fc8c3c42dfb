"""The grading rule and contradiction flags of heritage.grading, step by step (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from heritage.dates import parse_date
from heritage.grading import ClaimEvidence, Flag, contradiction_flags, grade
from heritage.vocab import FlagKind, Grade

ISIL, ISIL_WING, GOVERNMENT, ARMY, RUSSIA = 1, 2, 10, 11, 20
# Each actor with everything it is part of, as heritage.services.grades builds it.
LINEAGE: Mapping[int, frozenset[int]] = {
    ISIL: frozenset({ISIL}),
    ISIL_WING: frozenset({ISIL_WING, ISIL}),
    GOVERNMENT: frozenset({GOVERNMENT}),
    ARMY: frozenset({ARMY, GOVERNMENT}),
    RUSSIA: frozenset({RUSSIA}),
}
SANA, SOHR, AFP = 100, 101, 102


def evidence(
    claim_id: int,
    *,
    stance: str = "affirms",
    basis: str = "report",
    origin: int = SOHR,
    speaks_for: Sequence[int] = (),
    date: str | None = None,
    actor: int | None = None,
) -> ClaimEvidence:
    return ClaimEvidence(
        id=claim_id,
        stance=stance,
        basis=basis,
        origin_id=origin,
        speaker_actor_ids=frozenset(speaks_for),
        stated_date=parse_date(date) if date else None,
        stated_actor_id=actor,
    )


def graded(
    claims: Sequence[ClaimEvidence],
    responsible: Sequence[int] = (ISIL,),
    override: str | None = None,
) -> Grade:
    return grade(
        claims,
        responsible_actor_ids=responsible,
        actor_lineage=LINEAGE,
        flags=contradiction_flags(claims, LINEAGE),
        override=override,
    )


def kinds(flags: Sequence[Flag]) -> list[tuple[FlagKind, tuple[int, int]]]:
    return [(flag.kind, flag.claim_ids) for flag in flags]


# 1. the reviewer's override


def test_a_reviewers_override_wins_over_the_evidence() -> None:
    imagery = [evidence(1, basis="imagery")]
    assert graded(imagery, override="discounted") is Grade.DISCOUNTED
    assert graded([], override="fair") is Grade.FAIR


# 2. discounted


def test_an_event_nobody_reports_is_discounted() -> None:
    assert graded([]) is Grade.DISCOUNTED


def test_an_event_every_source_disputes_is_discounted() -> None:
    claims = [evidence(1, stance="disputes"), evidence(2, stance="disputes", origin=SANA)]
    assert graded(claims) is Grade.DISCOUNTED


def test_a_disputing_claim_on_imagery_does_not_confirm() -> None:
    assert graded([evidence(1, stance="disputes", basis="imagery")]) is Grade.DISCOUNTED


# 3. confirmed


def test_satellite_imagery_confirms_a_destruction() -> None:
    assert graded([evidence(1, basis="imagery")]) is Grade.CONFIRMED


def test_a_claim_of_responsibility_confirms() -> None:
    assert graded([evidence(1, basis="responsible_party")]) is Grade.CONFIRMED


def test_the_perpetrators_own_spokesman_confirms() -> None:
    assert graded([evidence(1, speaks_for=[ISIL])], responsible=[ISIL]) is Grade.CONFIRMED


def test_a_spokesman_for_a_unit_confirms_what_its_parent_force_did() -> None:
    assert graded([evidence(1, speaks_for=[ARMY])], responsible=[GOVERNMENT]) is Grade.CONFIRMED


def test_a_spokesman_for_the_parent_force_confirms_what_its_unit_did() -> None:
    assert graded([evidence(1, speaks_for=[GOVERNMENT])], responsible=[ARMY]) is Grade.CONFIRMED


def test_a_spokesman_for_an_uninvolved_actor_does_not_confirm() -> None:
    assert graded([evidence(1, speaks_for=[RUSSIA])], responsible=[ARMY]) is Grade.WEAK


def test_a_spokesman_does_not_confirm_an_event_without_responsible_actors() -> None:
    assert graded([evidence(1, speaks_for=[ISIL])], responsible=[]) is Grade.WEAK


def test_confirmation_outranks_a_contradiction() -> None:
    claims = [
        evidence(1, basis="imagery", date="2015-08-30"),
        evidence(2, origin=SANA, date="2015-07-01"),
    ]
    assert kinds(contradiction_flags(claims, LINEAGE)) == [(FlagKind.DATE_CONFLICT, (1, 2))]
    assert graded(claims) is Grade.CONFIRMED


# 4. contested


def test_claims_with_dates_that_cannot_both_be_true_make_the_event_contested() -> None:
    claims = [evidence(1, date="2015-08-30"), evidence(2, origin=SANA, date="2015-08-23")]
    assert graded(claims) is Grade.CONTESTED


def test_claims_naming_different_perpetrators_make_the_event_contested() -> None:
    claims = [evidence(1, actor=ISIL), evidence(2, origin=SANA, actor=RUSSIA)]
    assert graded(claims) is Grade.CONTESTED


def test_one_source_disputing_what_another_affirms_makes_the_event_contested() -> None:
    claims = [evidence(1), evidence(2, stance="disputes", origin=SANA)]
    assert graded(claims) is Grade.CONTESTED


# 5. fair and 6. weak


def test_two_independent_sources_make_an_event_fair() -> None:
    claims = [evidence(1, origin=SOHR), evidence(2, origin=SANA)]
    assert graded(claims) is Grade.FAIR


def test_two_claims_from_one_origin_leave_an_event_weak() -> None:
    claims = [evidence(1, origin=AFP), evidence(2, origin=AFP), evidence(3, origin=AFP)]
    assert graded(claims) is Grade.WEAK


def test_a_single_source_makes_an_event_weak() -> None:
    assert graded([evidence(1)]) is Grade.WEAK


def test_a_disputing_source_does_not_count_towards_independence() -> None:
    # Flags left out to look at step 5 alone: only affirming origins corroborate.
    claims = [evidence(1, origin=SOHR), evidence(2, stance="disputes", origin=SANA)]
    result = grade(claims, responsible_actor_ids=[], actor_lineage=LINEAGE, flags=[])
    assert result is Grade.WEAK


# Flags


def test_overlapping_stated_dates_raise_no_flag() -> None:
    claims = [evidence(1, date="2015-08"), evidence(2, origin=SANA, date="2015-08-30")]
    assert contradiction_flags(claims, LINEAGE) == []


def test_a_claim_without_a_stated_date_cannot_conflict_on_dates() -> None:
    claims = [evidence(1, date="2015-08-30"), evidence(2, origin=SANA)]
    assert contradiction_flags(claims, LINEAGE) == []


def test_a_date_conflict_names_both_claims_and_both_dates() -> None:
    claims = [evidence(7, date="2015-08-30"), evidence(3, origin=SANA, date="2015-08-23")]
    (flag,) = contradiction_flags(claims, LINEAGE)
    assert flag.kind is FlagKind.DATE_CONFLICT
    assert flag.claim_ids == (3, 7)
    assert "2015-08-30" in flag.detail and "2015-08-23" in flag.detail
    assert flag.as_dict() == {"kind": "date_conflict", "claim_ids": [3, 7], "detail": flag.detail}


def test_naming_a_group_and_its_own_wing_is_no_perpetrator_conflict() -> None:
    claims = [evidence(1, actor=ISIL), evidence(2, origin=SANA, actor=ISIL_WING)]
    assert contradiction_flags(claims, LINEAGE) == []


def test_naming_different_actors_is_a_perpetrator_conflict() -> None:
    claims = [evidence(1, actor=ISIL), evidence(2, origin=SANA, actor=ARMY)]
    assert kinds(contradiction_flags(claims, LINEAGE)) == [(FlagKind.PERPETRATOR_CONFLICT, (1, 2))]


def test_a_claim_naming_no_actor_cannot_conflict_on_perpetrators() -> None:
    claims = [evidence(1, actor=ISIL), evidence(2, origin=SANA)]
    assert contradiction_flags(claims, LINEAGE) == []


def test_an_affirmation_and_a_dispute_raise_a_stance_conflict() -> None:
    claims = [evidence(1), evidence(2, stance="disputes", origin=SANA)]
    assert kinds(contradiction_flags(claims, LINEAGE)) == [(FlagKind.STANCE_CONFLICT, (1, 2))]


def test_two_disputes_do_not_conflict_even_on_dates_or_actors() -> None:
    claims = [
        evidence(1, stance="disputes", date="2015-08-30", actor=ISIL),
        evidence(2, stance="disputes", origin=SANA, date="2015-01-01", actor=ARMY),
    ]
    assert contradiction_flags(claims, LINEAGE) == []


def test_one_pair_can_conflict_on_both_date_and_perpetrator() -> None:
    claims = [
        evidence(1, date="2015-08-30", actor=ISIL),
        evidence(2, origin=SANA, date="2015-01-01", actor=ARMY),
    ]
    assert kinds(contradiction_flags(claims, LINEAGE)) == [
        (FlagKind.DATE_CONFLICT, (1, 2)),
        (FlagKind.PERPETRATOR_CONFLICT, (1, 2)),
    ]


def test_every_contradicting_pair_is_flagged() -> None:
    claims = [
        evidence(1, date="2015-08-30"),
        evidence(2, origin=SANA, date="2015-08-30"),
        evidence(3, origin=AFP, date="2015-05-01"),
    ]
    assert kinds(contradiction_flags(claims, LINEAGE)) == [
        (FlagKind.DATE_CONFLICT, (1, 3)),
        (FlagKind.DATE_CONFLICT, (2, 3)),
    ]
