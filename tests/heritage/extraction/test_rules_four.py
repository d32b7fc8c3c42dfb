"""The general rules of rules-4, each on a short text in our own words (the made-up town of
Karsa and its monuments): the kinds of error the second held-out set showed rules-3 make on
unseen text (events the cues did not read, severity, the place meant), fixed as rules that
should hold on the next article too."""

from __future__ import annotations

import datetime as dt

from heritage.extraction.candidates import extract
from heritage.extraction.dates import find_dates
from heritage.extraction.gazetteer import Entry, Gazetteer
from tests.heritage.extraction.helpers import claims


def karsa_gazetteer() -> Gazetteer:
    """A made-up town with its monuments, so no test leans on a real article's wording."""
    return Gazetteer.from_entries(
        [
            Entry("site", "karsa", 1, "Karsa", ("Karsa",), site_kind="city"),
            Entry(
                "site",
                "karsa-mosque",
                2,
                "Great Mosque of Karsa",
                ("Great Mosque of Karsa", "Karsa Great Mosque"),
                site_kind="mosque",
            ),
            Entry(
                "site",
                "halim-tomb",
                3,
                "Tomb of Halim Bey",
                ("Tomb of Halim Bey", "Halim Bey Tomb"),
                site_kind="tomb",
            ),
            Entry(
                "site",
                "karsa-bridge",
                4,
                "Old Bridge of Karsa",
                ("Old Bridge of Karsa", "Karsa Bridge"),
                site_kind="bridge",
            ),
            Entry(
                "site",
                "miran-museum",
                5,
                "Oren Miran Art Museum",
                ("Oren Miran Art Museum", "Miran Museum"),
                site_kind="museum",
            ),
            Entry(
                "site",
                "sela-memorial",
                6,
                "Sela Valley Memorial",
                ("Sela Valley Memorial", "Sela Valley"),
                site_kind="monument",
            ),
            Entry(
                "site",
                "karsa-church",
                7,
                "Church of Saint Aram",
                ("Church of Saint Aram",),
                site_kind="church",
            ),
            Entry("actor", "isil", 10, "Islamic State", ("ISIL", "IS")),
            Entry("actor", "north-army", 11, "Northern Army", ("Northern Army",)),
        ]
    )


PUBLISHED = dt.date(2016, 3, 27)


def pairs(found: list) -> set[tuple[str | None, str | None]]:
    return {(c.site.key if c.site else c.mention, c.event_type) for c in found}


def karsa(text: str, title: str | None = None) -> set[tuple[str | None, str | None]]:
    if title is None:
        return pairs(claims(text, gazetteer=karsa_gazetteer()))
    found = extract(text, published=PUBLISHED, gazetteer=karsa_gazetteer(), title=title)
    return pairs(found)


# cues


def test_a_site_surrounded_by_armed_forces_is_besieged() -> None:
    found = karsa("The Tomb of Halim Bey had been surrounded by Islamic State fighters for weeks.")
    assert found == {("halim-tomb", "besieged")}


def test_a_site_surrounded_by_gardens_is_not_besieged() -> None:
    assert karsa("The Tomb of Halim Bey is surrounded by gardens and old walls.") == set()


def test_a_site_in_an_area_controlled_by_an_actor_is_captured() -> None:
    found = karsa("The Miran Museum lies in an area controlled by the Northern Army since May.")
    assert found == {("miran-museum", "captured")}


def test_monks_held_hostage_in_a_church_are_detained() -> None:
    found = karsa(
        "About forty monks live in the Church of Saint Aram. Officials said the monks were "
        "being held hostage by gunmen inside the Church of Saint Aram."
    )
    assert ("karsa-church", "detained") in found


def test_a_tomb_whose_remains_are_relocated_is_evacuated() -> None:
    found = karsa("Soldiers entered the town to relocate the remains of the Tomb of Halim Bey.")
    assert found == {("halim-tomb", "evacuated")}


def test_hostages_said_to_be_held_nowhere_is_no_site_without_staff() -> None:
    assert karsa("Gunmen held twelve hostages in a bakery near Karsa.") == set()


# places


def test_the_structure_is_the_building_the_article_is_about() -> None:
    found = karsa(
        "The mosque was founded by a governor.\n\nThe structure was destroyed in 2014.",
        title="Great Mosque of Karsa",
    )
    assert found == {("karsa-mosque", "destroyed")}


def test_a_noun_cue_with_no_object_is_said_of_the_claim_before() -> None:
    found = karsa(
        "The Great Mosque of Karsa was destroyed in 2014 and reconstruction began last year."
    )
    assert found == {("karsa-mosque", "destroyed"), ("karsa-mosque", "restored")}


def test_it_after_a_cue_is_the_place_of_the_claim_before() -> None:
    found = karsa(
        "The Old Bridge of Karsa was destroyed in 1993. Years later engineers began to rebuild it."
    )
    assert found == {("karsa-bridge", "destroyed"), ("karsa-bridge", "restored")}


def test_the_city_is_not_the_building_an_article_is_about() -> None:
    found = karsa(
        "The church was damaged in the fighting of 1920 and the destruction of half the city.",
        title="Church of Saint Aram",
    )
    assert ("karsa-church", "destroyed") not in found


def test_a_cue_inside_a_definite_phrase_names_the_stored_site_of_that_kind() -> None:
    found = karsa(
        "The Old Bridge of Karsa was blown up in 1993. The rebuilt bridge opened in 2004."
    )
    assert found == {("karsa-bridge", "destroyed"), ("karsa-bridge", "restored")}


def test_a_monument_one_of_many_destroyed_in_an_unknown_city_is_the_monument() -> None:
    found = karsa(
        "The Great Mosque of Karsa was built in 1579. The mosque was one of 16 destroyed in "
        "the city of Verin during the war."
    )
    assert found == {("karsa-mosque", "destroyed")}


def test_a_countrys_heritage_is_no_place() -> None:
    assert karsa("The war has destroyed parts of Morland’s unique cultural heritage.") == set()


def test_a_museum_dedicated_to_a_person_is_the_stored_museum_named_for_them() -> None:
    found = karsa(
        "A hallway in a museum dedicated to the painter Oren Miran was destroyed after "
        "shelling in an area controlled by the Northern Army."
    )
    assert found == {("miran-museum", "severely_damaged"), ("miran-museum", "captured")}


def test_a_monument_the_next_sentence_places_in_a_stored_site_is_that_site() -> None:
    found = karsa(
        "Shelling in March damaged a granite monument that marks a mass grave. The monument "
        "is located at the entrance of the Sela Valley Memorial near Karsa."
    )
    assert found == {("sela-memorial", "damaged")}


# severity


def test_a_piece_of_a_building_destroyed_is_severe_damage_to_it() -> None:
    found = karsa("Part of the Church of Saint Aram was destroyed by shelling on Sunday.")
    assert found == {("karsa-church", "severely_damaged")}


def test_a_part_razed_after_its_building_was_destroyed_completes_the_destruction() -> None:
    found = karsa(
        "Militias blew up the Great Mosque of Karsa in May 1993. The minaret survived the "
        "blast, but was then razed to the ground."
    )
    assert found == {("karsa-mosque", "destroyed")}


def test_a_part_destroyed_with_no_destruction_before_is_severe_damage() -> None:
    found = karsa("The Great Mosque of Karsa was shelled. The minaret was destroyed on Sunday.")
    assert ("karsa-mosque", "severely_damaged") in found
    assert ("karsa-mosque", "destroyed") not in found


# no claim


def test_an_event_before_the_twentieth_century_is_history() -> None:
    assert karsa("In 1743, a Persian army damaged the Church of Saint Aram.") == set()


def test_an_earthquake_is_no_ones_deed() -> None:
    found = karsa("In 1910 the Great Mosque of Karsa was rebuilt after an earthquake destroyed it.")
    assert found == {("karsa-mosque", "restored")}


# dates


def test_a_day_range_with_a_slash_is_read() -> None:
    found = find_dates("The convoy moved on 21/22 February 2015.", dt.date(2015, 3, 1))
    assert [d.edtf for d in found] == ["2015-02-21/2015-02-22"]


def test_a_year_that_runs_past_publication_ends_at_publication() -> None:
    found = claims(
        "The Great Mosque of Karsa was rebuilt and opened in 2016.",
        published="2016-05-07",
        gazetteer=karsa_gazetteer(),
    )
    assert [c.date for c in found] == ["2016-01-01/2016-05-07"]


def test_what_had_happened_is_dated_before_the_story_stated_time() -> None:
    found = claims(
        "Soldiers entered Karsa on 21 February 2015 to evacuate the guards of the Tomb of "
        "Halim Bey. The tomb had been surrounded by Islamic State fighters for months.",
        published="2015-03-01",
        gazetteer=karsa_gazetteer(),
    )
    besieged = [c for c in found if c.event_type == "besieged"]
    assert [c.date for c in besieged] == ["../2015-02-21"]


def test_it_is_the_site_named_before_it_in_the_sentence() -> None:
    found = karsa(
        "The Old Bridge of Karsa was shelled in May. In June militants entered the Miran "
        "Museum and looted it."
    )
    assert ("miran-museum", "looted") in found
    assert ("karsa-bridge", "looted") not in found


def test_objects_carried_off_from_a_museum_are_looted() -> None:
    found = karsa("Soldiers carried off hundreds of paintings from the Miran Museum.")
    assert found == {("miran-museum", "looted")}


def test_troops_stationed_inside_a_site_use_it_militarily() -> None:
    found = karsa("Northern Army troops were stationed inside the Church of Saint Aram in May.")
    assert found == {("karsa-church", "militarily_used")}


def test_no_hostages_held_disputes_the_detention() -> None:
    found = claims(
        "Monks live in the Church of Saint Aram. The order said no hostages were held, while "
        "officials said the monks were being held hostage by gunmen.",
        gazetteer=karsa_gazetteer(),
    )
    detained = {(c.site.key if c.site else None, c.stance) for c in found}
    assert detained == {("karsa-church", "disputes"), ("karsa-church", "affirms")}


def test_the_year_a_building_was_built_is_not_the_events_date() -> None:
    found = claims(
        "The Great Mosque of Karsa built in 1579 was blown up by militants in May 2014.",
        gazetteer=karsa_gazetteer(),
    )
    assert [(c.event_type, c.date) for c in found] == [("destroyed", "2014-05")]
    found = claims(
        "The Great Mosque of Karsa built in 1579 was blown up by militants.",
        gazetteer=karsa_gazetteer(),
    )
    assert [c.event_type for c in found] == ["destroyed"]
