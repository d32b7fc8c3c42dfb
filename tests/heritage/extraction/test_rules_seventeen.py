"""Rules-17, from heldout16's misses after its one blind run: a part of a building owned by a
possessive ("the mosque's minaret") destroyed is severe damage to the building, fire "from" a
site is its military use and not harm to it, sites used "for fighting positions" or "to launch
attacks" are in military use, and a police cordon after a bomb report is no siege; on texts in
our own words about the made-up city of Qadira, each with a reading it must not make."""

from __future__ import annotations

from tests.heritage.extraction.helpers import qadira_pairs as pairs


def test_a_possessed_part_destroyed_is_severe_damage_to_its_building() -> None:
    text = "On 3 May 2023 an airstrike destroyed the Temple of Oda's minaret."
    assert pairs(text) == {("temple-of-oda", "severely_damaged")}
    text = "On 3 May 2023 a bomb destroyed the Temple of Oda's golden dome."
    assert pairs(text) == {("temple-of-oda", "severely_damaged")}


def test_fire_from_a_site_is_its_military_use_not_harm_to_it() -> None:
    text = "On 3 May 2023 soldiers were attacked by small-arms fire from the Temple of Oda."
    assert pairs(text) == {("temple-of-oda", "militarily_used")}
    text = "On 3 May 2023 militants fired at the soldiers from the Temple of Oda."
    assert pairs(text) == {("temple-of-oda", "militarily_used")}


def test_a_site_used_for_fighting_positions_or_to_launch_attacks() -> None:
    text = "Since May 2023 the militia has been using the Temple of Oda for fighting positions."
    assert pairs(text) == {("temple-of-oda", "militarily_used")}
    text = "On 3 May 2023 the militia used the Temple of Oda to launch attacks on the army."
    assert pairs(text) == {("temple-of-oda", "militarily_used")}
    text = (
        "Insurgents have used Qadira, a town on the river south of the capital, as a base of "
        "operations since May 2023."
    )
    assert pairs(text) == {("qadira", "militarily_used")}


def test_a_police_cordon_after_a_bomb_report_is_no_siege() -> None:
    text = (
        "Police responded to a report of a bomb near the Temple of Oda and cordoned off the area."
    )
    assert pairs(text) == set()
