"""Rules-10: the annotation guide's rules on the place, the stance and the traps
(bench/extraction/GUIDELINES.md 2, 6 and 7), each tried on sentences in our own words about
the made-up city of Qadira, with a reading it must not make. Two were found in heldout9's
misses, after its one blind run: things stolen "from" a museum, and a speech's address."""

from __future__ import annotations

import datetime as dt

import pytest

from heritage.extraction.candidates import Candidate
from heritage.vocab import Stance
from tests.heritage.extraction.helpers import QADIRA, checked, pairs_of

PUBLISHED = dt.date(2023, 6, 15)


def candidates(text: str) -> list[Candidate]:
    return checked(text, QADIRA, PUBLISHED)


def pairs(text: str) -> set[tuple[str | None, str | None]]:
    return pairs_of(candidates(text))


# the place (2.3, 2.4)


def test_monuments_being_torn_down_are_destroyed_and_stay_unnamed() -> None:
    found = pairs("Fighters are tearing down the shrines of Qadira.")
    assert any(site != "qadira" and kind == "destroyed" for site, kind in found)
    assert ("qadira", "destroyed") not in found


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("The bombardment of Qadira continued in May 2023.", ("qadira", "damaged")),
        ("The shelling of the Old Souk went on in May 2023.", ("qadira-old-souk", "damaged")),
        ("The fall of Qadira in May 2023 left the Qadira Museum open.", ("qadira", "captured")),
    ],
)
def test_a_noun_cue_is_said_of_the_place_after_its_of(text: str, pair: tuple[str, str]) -> None:
    found = pairs(text)
    assert pair in found
    assert ("qadira-museum", pair[1]) not in found


def test_a_part_named_after_including_is_hit_too() -> None:
    found = pairs("The shelling of Qadira, including its Old Souk, continued in May 2023.")
    assert {("qadira", "damaged"), ("qadira-old-souk", "damaged")} <= found


@pytest.mark.parametrize(
    "text",
    [
        "During the siege of Qadira, the Qadira Museum burned.",
        "The Qadira Museum burned during the siege of Qadira.",
    ],
)
def test_a_citys_siege_is_not_copied_onto_the_monument_beside_it(text: str) -> None:
    found = pairs(text)
    assert {("qadira", "besieged"), ("qadira-museum", "damaged")} <= found
    assert ("qadira-museum", "besieged") not in found


def test_a_site_after_of_is_the_site_not_the_city_it_stands_in() -> None:
    found = pairs("The Front's destruction of the historic Temple of Oda in Qadira shocked many.")
    assert ("temple-of-oda", "destroyed") in found
    assert ("qadira", "destroyed") not in found


def test_things_stolen_from_a_museum_are_the_museums_loss() -> None:
    found = pairs("Fighters stole 2,000 artworks from the Qadira Museum in May 2023.")
    assert ("qadira-museum", "looted") in found
    assert all(site in ("qadira-museum", "qadira") for site, _kind in found)


def test_counted_monuments_stay_one_unnamed_claim() -> None:
    found = pairs("Fighters destroyed 40 churches in the region in May 2023.")
    assert ("40 churches", "destroyed") in found


# stance (6.5) and traps (7)


def test_a_denial_that_blames_another_affirms_the_event() -> None:
    (claim,) = candidates(
        "The Army of Qadira denied that it had shelled the Qadira Museum and blamed the "
        "Northern Front."
    )
    assert (claim.site and claim.site.key, claim.event_type) == ("qadira-museum", "damaged")
    assert claim.stance == Stance.AFFIRMS
    assert claim.actor is not None and claim.actor.key == "northern-front"


def test_a_denial_alone_disputes() -> None:
    (claim,) = candidates("The Army of Qadira denied that it had shelled the Qadira Museum.")
    assert claim.stance == Stance.DISPUTES


def test_a_negation_with_nothing_to_contradict_is_no_claim() -> None:
    assert pairs("The Citadel of Qadira was spared in the fighting of May 2023.") == set()


def test_a_negation_of_what_the_article_affirms_disputes_it() -> None:
    found = candidates(
        "The Northern Front destroyed the Citadel of Qadira on 3 May 2023.\n"
        "But the Citadel of Qadira was still standing on 4 May 2023.\n"
    )
    stances = {c.stance for c in found if c.site and c.site.key == "qadira-citadel"}
    assert stances == {Stance.AFFIRMS, Stance.DISPUTES}


def test_an_aim_to_harm_is_no_claim_but_clearing_under_way_is() -> None:
    assert pairs("The Northern Front is trying to destroy the Old Souk.") == set()
    assert ("qadira-old-souk", "demined") in pairs(
        "Engineers were trying to clear mines from the Old Souk on Sunday."
    )


def test_a_speechs_address_is_no_place() -> None:
    found = pairs("Thank you, Madam Chair. Fighting for Qadira continued in May 2023.")
    assert ("qadira", "contested") in found
    assert all(site is None or "madam" not in site.lower() for site, _kind in found)
