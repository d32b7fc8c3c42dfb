"""Rules-8: sites counted or left unnamed in bulk read as whole noun phrases, and the
annotation guide's "or"-list convention, written from the guide's meaning
(bench/extraction/GUIDELINES.md 2.5 and 3.2), on sentences in our own words about the made-up
town of Velmar, each with a reading it must not make."""

from __future__ import annotations

import datetime as dt

from heritage.extraction.candidates import extract
from tests.heritage.extraction.helpers import velmar_gazetteer

PUBLISHED = dt.date(2023, 3, 14)


def pairs(text: str) -> set[tuple[str | None, str | None]]:
    found = extract(text, published=PUBLISHED, gazetteer=velmar_gazetteer())
    for candidate in found:
        assert text[candidate.quote_start : candidate.quote_end] == candidate.quote
    return {(c.site.key if c.site else c.mention, c.event_type) for c in found}


# bulk claims: the whole noun phrase, in subject, object and passive positions


def test_a_counted_passive_subject_with_its_adjectives_is_one_place() -> None:
    found = pairs("Numerous Bosnian cultural sites in Velmar were destroyed during the war.")
    # not the capitalised words cut out of it ("Numerous Bosnian"), nor the town
    assert found == {("Numerous Bosnian cultural sites", "destroyed")}


def test_a_list_of_compound_heritage_nouns_is_one_place() -> None:
    found = pairs("Tower houses, chapels, and military architecture were damaged by shelling.")
    assert found == {("Tower houses, chapels, and military architecture", "damaged")}


def test_a_faith_adjective_opens_the_phrase() -> None:
    found = pairs("Orthodox libraries and archives were burned by the Grey Legion.")
    assert found == {("Orthodox libraries and archives", "damaged")}


def test_a_count_with_its_adverb_is_read_and_the_adverb_left_out_of_the_mention() -> None:
    found = pairs("More than 300 cultural heritage sites were damaged in Velmar last year.")
    assert found == {("300 cultural heritage sites", "damaged")}


def test_a_possessive_town_before_the_phrase_is_no_place() -> None:
    found = pairs("Velmar's Venetian period urban centres were badly damaged in 1999.")
    assert found == {("Venetian period urban centres", "severely_damaged")}


def test_a_bulk_object_after_an_active_cue() -> None:
    found = pairs(
        "The Grey Legion destroyed numerous Bosnian cultural sites and Catholic libraries."
    )
    assert found == {("numerous Bosnian cultural sites and Catholic libraries", "destroyed")}


def test_two_bulk_claims_in_one_sentence_each_have_their_own_event() -> None:
    found = pairs("Dozens of Catholic churches were destroyed and many stone tower houses damaged.")
    assert found == {
        ("Dozens of Catholic churches", "destroyed"),
        ("many stone tower houses", "damaged"),
    }


def test_two_counted_phrases_joined_by_and_are_two_places() -> None:
    found = pairs(
        "About 400 kulla dwellings (traditional stone houses) and two of three old urban centres"
        " located in Velmar cities were badly damaged."
    )
    # not the town they stand in, nor the gloss in brackets
    assert found == {
        ("400 kulla dwellings", "severely_damaged"),
        ("two of three old urban centres", "severely_damaged"),
    }


def test_a_phrase_counted_by_of_which_is_the_place() -> None:
    found = pairs("Public libraries, of which 40 out of 90 were completely destroyed, closed.")
    assert found == {("Public libraries", "destroyed")}


def test_a_bulk_phrase_that_sustained_damage() -> None:
    found = pairs("Catholic libraries sustained heavy damage.")
    assert found == {("Catholic libraries", "severely_damaged")}


def test_a_bulk_phrase_subjected_to_harm_made_of_mud_brick() -> None:
    found = pairs(
        "For years, Velmar's old tower houses and chapels made of mud brick have been"
        " subjected to neglect and direct damage from the war."
    )
    assert found == {("old tower houses and chapels", "damaged")}


def test_sites_and_monuments_with_no_count_and_no_kind_are_no_bulk_place() -> None:
    found = pairs("The shelling damaged sites and monuments across the country.")
    assert not any(place and "sites and monuments" in place for place, _ in found)


def test_a_country_heritage_in_general_is_no_bulk_place() -> None:
    found = pairs("The Grey Legion is destroying the cultural heritage of the nation.")
    assert not any(place and "heritage" in place.lower() for place, _ in found)


def test_a_town_name_before_sites_is_no_adjective_of_a_bulk_place() -> None:
    found = pairs("Armed men destroy Velmar sites")
    assert ("Velmar sites", "destroyed") not in found


def test_examples_named_after_a_kind_are_the_places() -> None:
    found = pairs("The Grey Legion looted old sites such as the Velmar Art Museum.")
    assert found == {("velmar-museum", "looted")}


def test_things_a_collection_holds_stay_the_collection_s() -> None:
    found = pairs("In the Velmar Art Museum, 300 antiquities were stolen in 2022.")
    assert ("velmar-museum", "looted") in found
    assert ("300 antiquities", "looted") not in found


def test_a_bare_plural_is_not_read_as_a_bulk_subject_of_an_active_cue() -> None:
    # "historic buildings" before an active verb is the shelling's object, not its subject
    found = pairs("The shelling of historic buildings damaged the Velmar Art Museum.")
    assert found == {("velmar-museum", "damaged")}


# an "or"-list of outcomes affirms the weakest, damage (GUIDELINES 3.2)


def test_an_or_list_of_outcomes_is_damage() -> None:
    found = pairs("In all, 120 of 300 chapels were damaged, vandalised, or destroyed.")
    assert found == {("120 of 300 chapels", "damaged")}


def test_damage_or_destruction_as_nouns_is_damage() -> None:
    found = pairs("Catholic libraries sustained damage or destruction in the war.")
    assert found == {("Catholic libraries", "damaged")}


def test_an_or_list_without_damage_keeps_its_types() -> None:
    # no weaker outcome named: both stand for the reviewer
    found = pairs("The Velmar Art Museum was looted or destroyed in 2022.")
    assert found == {("velmar-museum", "looted"), ("velmar-museum", "destroyed")}


# the guide's event-type table (GUIDELINES 3.1) where the rules read otherwise


def test_completely_burned_out_is_destroyed() -> None:
    found = pairs("The Velmar Art Museum was completely burned out in May 2022.")
    assert found == {("velmar-museum", "destroyed")}


def test_burned_alone_stays_damage() -> None:
    found = pairs("The Velmar Art Museum was burned in May 2022.")
    assert found == {("velmar-museum", "damaged")}


def test_rockets_fired_at_a_site_in_the_passive_are_possible_damage() -> None:
    found = pairs("Rockets were fired at the Velmar Art Museum in May 2022.")
    assert found == {("velmar-museum", "possibly_damaged")}


def test_rockets_fired_at_a_site_the_article_tells_harmed_are_that_harm() -> None:
    # as rules-7's active "fired a rocket at": harm told outweighs the weapon aimed
    found = pairs(
        "Rockets were fired at the Velmar Art Museum in May 2022.\n"
        "The Velmar Art Museum was badly burned in the strike.\n"
    )
    assert ("velmar-museum", "severely_damaged") in found
    assert ("velmar-museum", "possibly_damaged") not in found


def test_rockets_fired_from_a_site_are_no_possible_damage() -> None:
    found = pairs("Rockets were fired from the Velmar Art Museum in May 2022.")
    assert ("velmar-museum", "possibly_damaged") not in found


def test_explosives_cleared_from_a_site_are_demining_in_either_voice() -> None:
    passive = pairs("Explosives were cleared from the Velmar Art Museum in May 2022.")
    active = pairs("Sappers removed mines from the Velmar Art Museum in May 2022.")
    assert ("velmar-museum", "demined") in passive
    assert ("velmar-museum", "demined") in active


def test_rubble_cleared_from_a_site_is_no_demining() -> None:
    found = pairs("Workers cleared rubble from the Velmar Art Museum in May 2022.")
    assert ("velmar-museum", "demined") not in found
