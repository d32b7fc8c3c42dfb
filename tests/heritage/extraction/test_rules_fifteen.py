"""Rules-15, from the misses of heldout4 to heldout13 read together (heldout13 after its one
blind run): sites counted in bulk in more of the ways texts count them, attacks on a site
whose hit is never told, one barrage on a list of cities, a name glossed before its verb,
and the words of military news ("fight to liberate", "secured", "leveled", "used as a
fighting position"); on texts in our own words about made-up places, each with a reading it
must not make."""

from __future__ import annotations

import datetime as dt

from heritage.extraction.candidates import Candidate, extract
from heritage.extraction.gazetteer import Entry, Gazetteer
from tests.heritage.extraction.helpers import QADIRA, checked, pairs_of

PUBLISHED = dt.date(2023, 6, 15)

# Qadira's records, and two more cities of the made-up country of Velmar
CITIES = Gazetteer.from_entries(
    [
        Entry("site", "qadira", 1, "Qadira", ("Qadira",), site_kind="city"),
        Entry("site", "samar", 2, "Samar", ("Samar",), site_kind="city"),
        Entry("site", "tirza", 3, "Tirza", ("Tirza",), site_kind="city"),
        Entry("site", "temple-of-oda", 6, "Temple of Oda", ("Temple of Oda",), parent_id=1),
        Entry("actor", "northern-front", 10, "Northern Front", ("Northern Front",)),
    ]
)


def candidates(text: str, gazetteer: Gazetteer = QADIRA) -> list[Candidate]:
    return checked(text, gazetteer, PUBLISHED)


def pairs(text: str, gazetteer: Gazetteer = QADIRA) -> set[tuple[str | None, str | None]]:
    return pairs_of(candidates(text, gazetteer))


# sites counted in bulk


def test_a_count_said_as_many_as_or_over_is_a_count() -> None:
    assert pairs("The Northern Front has damaged as many as 400 cultural sites.") == {
        ("400 cultural sites", "damaged")
    }
    assert pairs("Observers verified damage to over 270 cultural or historical sites.") == {
        ("270 cultural or historical sites", "damaged")
    }


def test_kinds_named_after_including_keep_the_count_one_claim() -> None:
    text = "The Northern Front has damaged 90 cultural sites, including libraries and museums."
    assert pairs(text) == {("90 cultural sites", "damaged")}


def test_two_noun_cues_share_one_counted_object() -> None:
    text = (
        "The destruction and looting of more than 500 Velmarian cultural heritage sites was "
        "condemned."
    )
    assert pairs(text) == {
        ("500 Velmarian cultural heritage sites", "destroyed"),
        ("500 Velmarian cultural heritage sites", "looted"),
    }


def test_damage_caused_to_all_of_a_count() -> None:
    text = "In Velmar, damage has been caused to all six World Heritage sites."
    assert pairs(text) == {("all six World Heritage sites", "damaged")}


def test_whole_towns_laid_waste_are_destroyed() -> None:
    assert pairs("Whole towns have been laid waste.") == {("Whole towns", "destroyed")}


def test_uncounted_words_of_value_and_plain_buildings_are_no_place() -> None:
    # the guide, 2.5.3: "cultural and religious sites" with no count and no kind is no place
    assert pairs("The Northern Front is destroying cultural and religious sites.") == set()
    # a count of buildings of no kind is not heritage
    assert pairs("On 3 May 2023 a strike destroyed several buildings used by the militia.") == set()


# attacks on a site, its hit never told


def test_an_attack_on_a_site_is_possible_damage() -> None:
    assert pairs("The ministry condemns the attack on the Temple of Oda.") == {
        ("temple-of-oda", "possibly_damaged")
    }
    text = "We condemn yesterday's attack on worshippers at the Temple of Oda."
    assert pairs(text) == {("temple-of-oda", "possibly_damaged")}


def test_an_attack_on_people_or_on_an_army_names_no_site() -> None:
    assert pairs("Attacks on civilians in Qadira continued for a week.") == set()
    assert pairs("There were a dozen attacks on Sufi shrines last spring.") == set()
    assert (
        pairs("The strike hit a depot used to launch attacks against Velmar Guard units.") == set()
    )


def test_the_attack_gives_way_where_the_text_tells_the_hit() -> None:
    text = (
        "The ministry condemns the attack on the Temple of Oda.\n\n"
        "A rocket hit the temple's portico on 3 May 2023, and the Temple of Oda was damaged."
    )
    assert pairs(text) == {("temple-of-oda", "damaged")}


def test_an_unnamed_monument_keeps_where_it_is() -> None:
    found = candidates("We condemn the attack on worshippers at a mosque in Samar, Velmar.")
    assert [(c.site, c.mention, c.event_type) for c in found] == [
        (None, "mosque in Samar, Velmar", "possibly_damaged")
    ]


def test_missile_attacks_on_a_list_of_cities_damage_each() -> None:
    text = (
        "The envoy condemned the missile attacks on Qadira and across Velmar, including Samar "
        "and Tirza."
    )
    assert pairs(text, CITIES) == {
        ("qadira", "damaged"),
        ("samar", "damaged"),
        ("tirza", "damaged"),
    }


# a name glossed between it and its verb


def test_a_glossed_name_is_the_subject_not_the_city_after_the_verb() -> None:
    text = (
        "Activists filmed the moment the Sidi Amar ibn al-Hadi mosque [2] (9th century) was "
        "bombed in Qadira, Velmar."
    )
    found = candidates(text)
    assert [(c.site, c.mention, c.event_type) for c in found] == [
        (None, "Sidi Amar ibn al-Hadi mosque", "damaged")
    ]


# the words of military news


def test_a_fight_to_liberate_is_a_fight_not_a_capture() -> None:
    text = (
        "The army made progress this week in its fight to liberate Qadira from the Northern Front."
    )
    assert pairs(text) == {("qadira", "contested")}


def test_secured_leveled_and_peppered() -> None:
    assert pairs("By 3 May 2023 the army had secured the Temple of Oda.") == {
        ("temple-of-oda", "captured")
    }
    assert pairs("An airstrike leveled the Temple of Oda on 3 May 2023.") == {
        ("temple-of-oda", "destroyed")
    }
    text = "The Temple of Oda has been peppered with hundreds of bullet holes over eight years."
    assert pairs(text) == {("temple-of-oda", "damaged")}


def test_a_mosque_used_as_a_fighting_position_or_misused_is_military_use() -> None:
    text = "One of the buildings was a mosque that was being used as a defensive fighting position."
    assert pairs(text) == {("mosque", "militarily_used")}
    text = "The Northern Front's misuse of the Temple of Oda violates the law of war."
    assert pairs(text) == {("temple-of-oda", "militarily_used")}


def test_a_fight_or_a_position_without_a_place_is_no_claim() -> None:
    assert pairs("The fight to liberate the country will be long.") == set()
    assert pairs("Soldiers secured their weapons before dawn.") == set()


# whose thing, which "it", and when


def test_a_place_s_possession_is_the_object_not_the_place() -> None:
    text = "On 3 May 2023 rockets severely damaged Qadira’s historic Temple of Oda."
    assert pairs(text) == {("temple-of-oda", "severely_damaged")}


def test_a_bombing_that_frames_a_destruction_is_its_time_not_a_claim() -> None:
    text = "The Temple of Oda was destroyed in 2023 as part of the bombing of Qadira."
    assert pairs(text) == {("temple-of-oda", "destroyed")}
    # told on its own, the bombing of a named place still harms it (rules-10)
    assert pairs("The bombing of Qadira went on for a week in May 2023.") == {("qadira", "damaged")}


def test_it_is_the_page_s_own_site_not_the_town_it_stands_in() -> None:
    found = extract(
        "Temple of Oda\n\n"
        "It was the only temple in Qadira still in use, until it was destroyed in May 2023.",
        published=PUBLISHED,
        gazetteer=QADIRA,
        title="Temple of Oda",
    )
    assert pairs_of(found) == {("temple-of-oda", "destroyed")}


def test_a_rebuilding_before_the_common_era_is_history() -> None:
    text = (
        "The Temple of Oda is the reconstruction of an earlier temple built around the 21st "
        "Century B.C. by a local king."
    )
    assert pairs(text) == set()


def test_a_cue_inside_an_organisation_s_name_is_no_event() -> None:
    text = "The Qadira Reconstruction Committee met on 3 May 2023 to plan its work."
    assert pairs(text) == set()
    # the same word as a noun of the sentence still tells the event
    text = "The reconstruction of the Temple of Oda began on 3 May 2023."
    assert pairs(text) == {("temple-of-oda", "restored")}


def test_a_seizure_and_a_platoon_on_the_grounds() -> None:
    assert pairs("Parliament condemned the seizure of Qadira on 21 May 2023.") == {
        ("qadira", "captured")
    }
    text = "On 16 April 2023 a tank platoon was positioned on the grounds of the Temple of Oda."
    assert pairs(text) == {("temple-of-oda", "militarily_used")}


def test_an_obligation_and_praise_of_a_place_s_treasures_are_no_claims() -> None:
    assert pairs("This is why the Northern Front must be annihilated in Qadira.") == set()
    text = "The militia destroyed one of Qadira’s and Velmar's great treasures on 3 May 2023."
    assert pairs(text) == set()


def test_a_speaker_s_rank_and_initials_stay_in_the_name() -> None:
    text = (
        "“The Northern Front destroyed the Temple of Oda on 3 May 2023,” said Army Maj. Gen. "
        "Joseph M. Marlow, commanding general of the force."
    )
    assert [c.speaker for c in candidates(text)] == ["Joseph M. Marlow"]
