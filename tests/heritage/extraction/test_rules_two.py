"""The general rules of rules-2, each on a short text in our own words: severity and control
cues, what a cue acts on, monuments named by coreference, modals, infoboxes, reported passives,
staff named by a pronoun, and the same event told again."""

from __future__ import annotations

from heritage.extraction.gazetteer import Entry, Gazetteer
from tests.heritage.extraction.helpers import claims, demo_gazetteer, one


def karsa_gazetteer() -> Gazetteer:
    """A made-up town with its monuments, so no test leans on a real article's wording."""
    return Gazetteer.from_entries(
        [
            Entry("site", "karsa", 1, "Karsa", ("Karsa",)),
            Entry("site", "karsa-mosque", 2, "Great Mosque of Karsa", ("Great Mosque of Karsa",)),
            Entry("site", "karsa-minaret", 3, "Karsa minaret", ("Karsa minaret",)),
            Entry("site", "idris-shrine", 4, "Shrine of Idris", ("Shrine of Idris",)),
            Entry("site", "karsa-old-city", 5, "Old City of Karsa", ("Old City of Karsa",)),
            Entry("actor", "isil", 10, "Islamic State", ("ISIL", "IS")),
        ]
    )


def pairs(found: list) -> set[tuple[str | None, str | None]]:
    return {(c.site.key if c.site else c.mention, c.event_type) for c in found}


# cues


def test_destruction_of_part_of_a_monument_is_severe_damage() -> None:
    (claim,) = claims(
        "The ministry condemned the destruction by ISIL of part of the Temple of Bel."
    )
    assert (claim.site.key, claim.event_type) == ("temple-of-bel", "severely_damaged")  # type: ignore[union-attr]


def test_reclaimed_control_and_pushed_from_are_captures() -> None:
    found = claims(
        "Government troops reclaimed control of Palmyra on Sunday.\n\n"
        "Iraqi units pushed the militants from Nimrud last week."
    )
    assert pairs(found) == {("palmyra", "captured"), ("nimrud", "captured")}


def test_tunnels_dug_in_search_of_artefacts_are_illegal_excavation() -> None:
    found = claims(
        "ISIL fighters dug several tunnels under the Temple of Bel in search of artefacts."
    )
    assert ("temple-of-bel", "illegally_excavated") in pairs(found)


# what a cue acts on


def test_unnamed_monuments_a_cue_acts_on_are_the_place_not_the_city() -> None:
    found = claims("Armed men are destroying tombs and shrines in Palmyra.")
    assert pairs(found) == {("tombs and shrines", "destroyed")}


def test_a_named_monument_wins_over_the_city_it_stands_in() -> None:
    found = claims(
        "The group has a long record of ruining heritage, including the destruction of the"
        " Shrine of Idris in Karsa.",
        gazetteer=karsa_gazetteer(),
    )
    assert pairs(found) == {("idris-shrine", "destroyed")}


def test_objects_kept_at_a_site_are_said_of_the_site() -> None:
    found = claims("Militants smashed statues at Nimrud in 2015.")
    assert pairs(found) == {("nimrud", "vandalised")}
    found = claims("ISIL overran Nimrud in 2014.\n\nThe fighters then destroyed statues.")
    assert ("nimrud", "destroyed") in pairs(found)


def test_the_monument_named_before_is_meant_by_the_mosque() -> None:
    found = claims(
        "The Great Mosque of Karsa was built in the 12th century.\n\n"
        "In 2013 the mosque was severely damaged.",
        gazetteer=karsa_gazetteer(),
    )
    assert pairs(found) == {("karsa-mosque", "severely_damaged")}


def test_an_unnamed_monument_stays_unnamed() -> None:
    (claim,) = claims(
        "Fighters entered Karsa in May. The mosque was looted.", gazetteer=karsa_gazetteer()
    )
    assert (claim.site, claim.mention, claim.event_type) == (None, "The mosque", "looted")


def test_along_with_adds_the_monument_named_with_it() -> None:
    found = claims(
        "The Great Mosque of Karsa and the Karsa minaret stood for eight centuries.\n\n"
        "The mosque was destroyed in 2017, along with its minaret.",
        gazetteer=karsa_gazetteer(),
    )
    assert pairs(found) == {("karsa-mosque", "destroyed"), ("karsa-minaret", "destroyed")}


def test_houses_destroyed_in_a_site_damage_it_and_a_lowercase_old_city_is_named() -> None:
    found = claims(
        "Airstrikes destroyed houses in the old city of Karsa on Friday.",
        gazetteer=karsa_gazetteer(),
    )
    assert pairs(found) == {("karsa-old-city", "damaged")}


def test_nationality_adjectives_and_reporters_are_no_places() -> None:
    assert claims("ISIL has a history of destroying Syrian and Iraqi heritage.") == []
    (claim,) = claims("Witnesses say the tomb of a revered saint, Sidi Amar, has been destroyed.")
    assert (claim.site, claim.mention, claim.event_type) == (None, "Sidi Amar", "destroyed")


def test_its_destruction_is_the_place_of_the_claim_before() -> None:
    found = claims(
        "ISIL blew up the Temple of Bel in August 2015.\n\n"
        "Before its destruction, the temple held an altar."
    )
    assert pairs(found) == {("temple-of-bel", "destroyed")}


# what claims nothing, and what does


def test_a_modal_right_before_the_cue_governs_it_across_a_quote() -> None:
    assert (
        claims("Experts are worried about manuscripts that could be “looted” from Palmyra.") == []
    )


def test_a_modal_in_a_following_clause_does_not() -> None:
    found = claims("They looted every artefact they could carry from the Temple of Bel.")
    assert pairs(found) == {("temple-of-bel", "looted")}


def test_what_was_destroyed_after_a_vow_is_a_claim() -> None:
    found = claims(
        "The minister vowed to rebuild what ISIL destroyed, including the Temple of Bel."
    )
    assert pairs(found) == {("temple-of-bel", "destroyed")}


def test_a_deed_named_as_a_noun_stays_a_claim_before_will_not_before_would() -> None:
    assert pairs(claims("The army says the recapture of Palmyra will be a turning point.")) == {
        ("palmyra", "captured")
    }
    assert claims("The destruction of Palmyra would be a loss for all.") == []


def test_concern_and_infobox_lines_claim_nothing() -> None:
    assert claims("UNESCO is concerned about looting at Palmyra.") == []
    assert claims("Infobox\n- Result: Palmyra destroyed by ISIL\n- Place: Palmyra") == []


def test_fighting_in_a_war_names_no_contested_place() -> None:
    found = claims(
        "In 2013 the mosque was severely damaged in the fighting in the ongoing civil war.",
        gazetteer=karsa_gazetteer(),
    )
    assert all(c.event_type != "contested" for c in found)


# people


def test_a_pronoun_counts_as_staff_after_the_sentences_that_say_who_he_was() -> None:
    found = claims(
        "Omar Haddad was an archaeologist. He led the digs at Palmyra for years. ISIL seized"
        " Palmyra in May 2015. He was killed on 20 August 2015."
    )
    killed = one(found, event_type="killed")
    assert (killed.site.key, killed.date) == ("palmyra", "2015-08-20")  # type: ignore[union-attr]
    assert claims("Omar Haddad was a baker in Palmyra. He was killed on 20 August 2015.") == []


# dates


def test_a_dateline_opens_the_lede_of_the_day() -> None:
    (claim,) = claims(
        "Title\n\nDAMASCUS — ISIL has blown up the Temple of Bel, officials said.",
        published="2015-08-31",
    )
    assert claim.date == "2015-08-31"


def test_the_same_event_told_again_takes_its_stated_date() -> None:
    found = claims(
        "Reports from 2014 said ISIL had blown up the Temple of Bel.\n\n"
        "Officials said on a visit that the group destroyed the Temple of Bel.",
        published="2017-01-18",
    )
    assert {c.date for c in found if c.site and c.site.key == "temple-of-bel"} == {"2014"}


def test_a_named_monument_and_unnamed_ones_acted_on_together() -> None:
    found = claims("ISIL destroyed the Temple of Bel and three tower tombs in Palmyra.")
    assert pairs(found) == {("temple-of-bel", "destroyed"), ("three tower tombs", "destroyed")}


def test_it_is_the_one_site_the_sentence_before_named() -> None:
    found = claims("The Temple of Bel was built in 32 AD. It was destroyed by ISIL in August 2015.")
    assert pairs(found) == {("temple-of-bel", "destroyed")}
    assert found[0].date == "2015-08"


def test_a_war_torn_country_is_still_a_place_word_not_a_war() -> None:
    found = claims("Clashes continued in the war-torn town of Palmyra on Sunday.")
    assert ("palmyra", "contested") in pairs(found)


def test_a_part_destroyed_leaves_its_building_severely_damaged() -> None:
    found = claims(
        "The Great Mosque of Karsa was shelled in 2013. Days later the minaret collapsed.",
        gazetteer=karsa_gazetteer(),
    )
    assert pairs(found) == {("karsa-mosque", "damaged"), ("karsa-mosque", "severely_damaged")}
    (alone,) = claims("Days later the minaret collapsed.", gazetteer=karsa_gazetteer())
    assert (alone.site, alone.mention) == (None, "the minaret")


def test_a_town_the_tracker_does_not_know_changing_hands_is_no_claim() -> None:
    assert claims("Iraqi forces drove ISIL out of the town of al-Hamra on Friday.") == []
    (claim,) = claims("ISIL seized the ancient city of al-Hamra on Friday.")
    assert (claim.site, claim.mention, claim.event_type) == (None, "al-Hamra", "captured")


def test_objects_looted_from_an_unnamed_church_are_the_church_s() -> None:
    found = claims("Fighters looted icons and manuscripts from the church.")
    assert pairs(found) == {("the church", "looted")}


def test_the_building_after_a_named_monument_is_that_monument() -> None:
    found = claims(
        "Missiles struck the Temple of Bel overnight, severely damaging the building and its"
        " altar, officials said."
    )
    assert ("temple-of-bel", "severely_damaged") in pairs(found)


def test_an_unnamed_monument_the_sentence_is_about_is_the_place_not_the_city() -> None:
    found = claims(
        "Palmyra is an ancient city.\n\nThe cathedral, rebuilt in 2001 after soldiers demolished"
        " it in 1936, stands in the city's centre."
    )
    assert pairs(found) == {("The cathedral", "restored"), ("The cathedral", "destroyed")}


def test_parts_bulldozed_are_severe_damage_but_part_of_a_campaign_is_not() -> None:
    (claim,) = claims("In 2015 ISIL bulldozed parts of Nimrud.")
    assert claim.event_type == "severely_damaged"
    found = claims("ISIL is demolishing Nimrud, whose destruction is part of a wider campaign.")
    assert pairs(found) == {("nimrud", "destroyed")}


def test_statues_smashed_are_the_site_s_where_the_story_is() -> None:
    found = claims(
        "In 2014 Nimrud fell to ISIL.\n\nA video showed militants smashing statues with"
        " hammers and firing at reliefs."
    )
    assert ("nimrud", "vandalised") in pairs(found)


def test_a_force_named_inside_a_support_phrase_only_supports() -> None:
    found = claims(
        "On Sunday government soldiers, backed by relentless Russian air strikes, captured"
        " Palmyra from the jihadists.",
        gazetteer=demo_gazetteer(),
    )
    russian = [c for c in found if c.actor and c.actor.key == "russian-aerospace-forces"]
    assert [c.actor_role for c in russian] == ["supporter"]
