"""Rules-19: the type table told in the words of news reports, written from made-up sentences
before the sets held-out 18 and 19 were read (not from any set's misses): the battle of a
town, fighting "taking place" in it, armed men fighting or advancing in it, a town "under"
an armed group's control, a town "left devastated", "nothing remains of" a site, a fire that
broke out in it, a site attacked or targeted in the active, a bomb gone off at it, a site
"littered with mines"; on texts in our own words about the made-up city of Qadira, each with
a reading it must not make."""

from __future__ import annotations

from tests.heritage.extraction.helpers import qadira_pairs as pairs


def test_the_battle_of_a_town_is_a_fight_for_it() -> None:
    assert pairs("Battle of Qadira (2022–2023)") == {("qadira", "contested")}
    assert pairs("The battle for Qadira lasted from May to June 2023.") == {("qadira", "contested")}
    # a battle of words names no place
    assert pairs("In May 2023 the battle of ideas went on in the Qadira Museum.") == set()


def test_fighting_in_a_town_told_as_taking_place_or_by_who_fights() -> None:
    text = "On 3 May 2023 officials said fighting was taking place in Qadira itself."
    assert pairs(text) == {("qadira", "contested")}
    text = "In May 2023 government troops fought street by street in Qadira."
    assert pairs(text) == {("qadira", "contested")}
    text = "In May 2023 the Northern Front's fighters advanced into eastern Qadira."
    assert pairs(text) == {("qadira", "contested")}
    # fighting in a war names no place; firefighters fighting a blaze are no armed men
    assert pairs("Troops who fought in the war returned in May 2023.") == set()
    assert pairs("In May 2023 firefighters fought a blaze in the Qadira Museum.") == set()


def test_a_town_under_an_armed_group_s_control() -> None:
    text = "Qadira has been under Northern Front control since May 2023."
    assert pairs(text) == {("qadira", "captured")}
    # places counted "under its control" are no place held; a fire "brought under control"
    text = "In May 2023 the group destroyed places of worship under its control."
    assert pairs(text) == {("places of worship", "destroyed")}
    assert pairs("In May 2023 the fire at the Old Souk was brought under control.") == set()


def test_a_town_left_devastated_and_a_site_of_which_nothing_remains() -> None:
    assert pairs("The fighting left Qadira devastated in May 2023.") == {
        ("qadira", "severely_damaged")
    }
    assert pairs("The shelling left much of Qadira in ruins in May 2023.") == {
        ("qadira", "severely_damaged")
    }
    text = "Nothing remains of the Temple of Oda, officials said in May 2023."
    assert pairs(text) == {("temple-of-oda", "destroyed")}


def test_a_fire_that_broke_out_in_a_site_damages_it() -> None:
    text = "On 3 May 2023 a fire broke out in the Qadira Museum after the shelling."
    assert pairs(text) == {("qadira-museum", "damaged")}


def test_a_site_attacked_or_targeted_in_the_active_is_possible_damage() -> None:
    assert pairs("On 3 May 2023 gunmen attacked the Temple of Oda.") == {
        ("temple-of-oda", "possibly_damaged")
    }
    text = "On 3 May 2023 militants targeted the Temple of Oda with mortars."
    assert pairs(text) == {("temple-of-oda", "possibly_damaged")}
    # a patrol attacked near a site is no attack on the site
    assert pairs("On 3 May 2023 gunmen attacked a patrol near the Temple of Oda.") == set()
    # the hit told outweighs the attack
    text = "On 2 May 2023 gunmen attacked the Temple of Oda. The Temple of Oda was damaged."
    assert pairs(text) == {("temple-of-oda", "damaged")}


def test_a_bomb_gone_off_at_a_site_is_possible_damage() -> None:
    text = "On 3 May 2023 a car bomb exploded outside the Temple of Oda."
    assert pairs(text) == {("temple-of-oda", "possibly_damaged")}
    text = "On 3 May 2023 a suicide bomber struck worshippers at the Temple of Oda."
    assert pairs(text) == {("temple-of-oda", "possibly_damaged")}
    text = "In March 2023, twelve people were killed by suicide bombers at two mosques in Qadira."
    assert pairs(text) == {("two mosques", "possibly_damaged")}
    # a car parked outside a site is no part of it
    assert pairs("On 3 May 2023 a car parked outside the Temple of Oda was burned.") == set()


def test_a_site_littered_with_mines_is_booby_trapped() -> None:
    assert pairs("By May 2023 the Citadel of Qadira was littered with mines.") == {
        ("qadira-citadel", "booby_trapped")
    }


def test_a_site_that_came_under_fire_or_that_rockets_landed_near() -> None:
    assert pairs("On 3 May 2023 the Temple of Oda came under fire.") == {
        ("temple-of-oda", "possibly_damaged")
    }
    assert pairs("On 3 May 2023 the Qadira Museum came under shelling.") == {
        ("qadira-museum", "damaged")
    }
    assert pairs("On 3 May 2023 rockets landed near the Temple of Oda.") == {
        ("temple-of-oda", "possibly_damaged")
    }
    assert pairs("On 3 May 2023 gunmen opened fire on the Temple of Oda.") == {
        ("temple-of-oda", "possibly_damaged")
    }
    # what came under fire is the subject: a patrol beside the site, or troops fired at from it
    assert pairs("On 3 May 2023 a patrol near the Temple of Oda came under fire.") == set()
    text = "On 3 May 2023 troops came under fire from gunmen inside the Temple of Oda."
    assert pairs(text) == set()
    text = "On 3 May 2023 gunmen opened fire on worshippers outside the Temple of Oda."
    assert pairs(text) == set()


def test_control_told_as_clashes_holding_clearing_and_cut_supply_routes() -> None:
    text = "On 3 May 2023 clashes between the army and the Northern Front broke out in Qadira."
    assert pairs(text) == {("qadira", "contested")}
    assert pairs("In May 2023 Northern Front fighters now hold Qadira.") == {("qadira", "captured")}
    # a headline in title case names no place by its capitals
    assert pairs("Militants Still Hold Shrine") == set()
    assert pairs("In May 2023 the army cleared Qadira of militants.") == {("qadira", "captured")}
    assert pairs("In May 2023 officials cleared the Old Souk of traders.") == set()
    text = "In May 2023 the Army of Qadira cut off all supply routes into Qadira."
    assert pairs(text) == {("qadira", "besieged")}


def test_demining_windows_blown_out_sledgehammers_and_military_use() -> None:
    text = "In May 2023 deminers cleared the Temple of Oda of explosives."
    # a mine cleared was a mine laid (rules-8)
    assert pairs(text) == {("temple-of-oda", "demined"), ("temple-of-oda", "booby_trapped")}
    text = "On 3 May 2023 the blast blew out the windows of the Qadira Museum."
    assert pairs(text) == {("qadira-museum", "damaged")}
    text = "On 3 May 2023 militants took sledgehammers to the statues in the Qadira Museum."
    assert pairs(text) == {("qadira-museum", "vandalised")}
    text = "Until May 2023 the Temple of Oda was used as an ammunition depot."
    assert pairs(text) == {("temple-of-oda", "militarily_used")}
    text = "In May 2023 the Northern Front set up its headquarters in the Qadira Museum."
    assert pairs(text) == {("qadira-museum", "militarily_used")}
    assert pairs("In May 2023 the Northern Front set up a stall in the Old Souk.") == set()
