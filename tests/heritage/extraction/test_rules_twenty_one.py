"""Rules-21, from held-out 20's misses after its one blind run: a name the text defines ("The
Church of Saints A and B (...) is a Roman Catholic church") is carried to "the church" however
many capitals its line holds; "a great deal of damage" is severe damage; a site "a target of" an
armed group is possibly damaged; a group that "has controlled" a town took it; a ruler forced
"from power" leaves no place taken. On texts in our own words about the made-up city of Qadira,
each with a reading it must not make."""

from __future__ import annotations

from tests.heritage.extraction.helpers import qadira_pairs as pairs


def test_a_name_defined_on_a_line_full_of_capitals_is_carried_to_the_church() -> None:
    text = (
        "The Church of Saints Peter and Paul (Latin: Ecclesia Sanctorum Petri et Pauli) is a "
        "Roman Catholic church in Qadira. In 1991 the church was extensively damaged."
    )
    assert pairs(text) == {("Church of Saints Peter and Paul", "severely_damaged")}


def test_a_great_deal_of_damage_is_severe() -> None:
    assert pairs("In 1991 the Temple of Oda suffered a great deal of damage.") == {
        ("temple-of-oda", "severely_damaged")
    }


def test_a_site_that_was_a_target_of_an_armed_group() -> None:
    assert pairs("The Temple of Oda was a target of the Northern Front in 1999.") == {
        ("temple-of-oda", "possibly_damaged")
    }
    assert pairs("Qadira was a target for investors in 2019.") == set()


def test_a_town_a_group_has_controlled_and_a_ruler_forced_from_power() -> None:
    assert pairs("The Northern Front has controlled Qadira since 2014.") == {("qadira", "captured")}
    assert pairs("In 1991 the Northern Front forced the mayor of Qadira from power.") == set()
    assert pairs("In 1991 the Northern Front forced the army out of Qadira.") == {
        ("qadira", "captured")
    }
    # prayers held in a church take no place
    text = "In 2014 the Temple of Oda had held Ramadan prayers in its courtyard."
    assert pairs(text) == set()
