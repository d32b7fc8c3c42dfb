"""Rules-16: words each event type is told with that the lexicon lacked, added by the type's
meaning (the annotation guide's type table), not from one text's sentences: repair that
"refurbishes", destruction "nearly" complete, a site "attacked", a cordon round a site,
armed men who "hold" it or "man defences" in it, a site inside a base's perimeter, a mine
found inside a site and one "neutralized"; on texts in our own words about made-up places,
each with a reading it must not make."""

from __future__ import annotations

from tests.heritage.extraction.helpers import qadira_pairs as pairs


def test_refurbishing_is_restoration() -> None:
    assert pairs("Workers refurbished the Temple of Oda in May 2023.") == {
        ("temple-of-oda", "restored")
    }


def test_destruction_nearly_complete_is_severe_damage() -> None:
    text = "The Temple of Oda was nearly destroyed by shelling in May 2023."
    assert pairs(text) == {("temple-of-oda", "severely_damaged")}
    text = "The Temple of Oda faced near destruction in May 2023."
    assert pairs(text) == {("temple-of-oda", "severely_damaged")}


def test_a_site_attacked_with_no_hit_told_is_possible_damage() -> None:
    assert pairs("The Temple of Oda was attacked on 3 May 2023.") == {
        ("temple-of-oda", "possibly_damaged")
    }
    # people attacked are no site
    assert pairs("Two guards were attacked on 3 May 2023.") == set()


def test_a_cordon_round_a_site_is_a_siege() -> None:
    text = "Troops in the Qadira area have been tightening the cordon around the Temple of Oda."
    assert pairs(text) == {("temple-of-oda", "besieged")}


def test_armed_men_who_hold_a_site_or_man_defences_in_it() -> None:
    assert pairs("Militants still hold the Temple of Oda, officials said.") == {
        ("temple-of-oda", "captured")
    }
    text = "The militia continues to man defenses in and around the Temple of Oda."
    assert pairs(text) == {("temple-of-oda", "militarily_used")}
    # holding a meeting or a ceremony holds no place
    assert pairs("Officials will hold the ceremony at the Temple of Oda.") == set()


def test_a_site_inside_a_base_s_perimeter_is_military_use() -> None:
    text = "Until 2023 the Temple of Oda was situated within the fenced perimeter of an air base."
    assert pairs(text) == {("temple-of-oda", "militarily_used")}


def test_a_mine_found_inside_a_site_and_one_neutralized() -> None:
    text = "On 3 May 2023 soldiers discovered an anti-personnel mine inside the Temple of Oda."
    assert pairs(text) == {("temple-of-oda", "booby_trapped")}
    text = "On 4 May 2023 engineers neutralized the mine at the Temple of Oda."
    # a mine cleared was a mine laid: the trap is implied beside the clearance (rules-8)
    assert pairs(text) == {("temple-of-oda", "demined"), ("temple-of-oda", "booby_trapped")}


def test_a_month_s_short_name_opening_a_sentence_is_no_place() -> None:
    assert pairs("Aug. 23 photos show the Temple of Oda was shelled.") == {
        ("temple-of-oda", "damaged")
    }
