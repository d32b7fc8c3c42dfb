"""Rules-7: mechanisms that hold beyond the texts they were found in (heldout4 to heldout6's
misses, grouped by what goes wrong, not by their words), on sentences in our own words about
the made-up town of Velmar: where a place sits inside another (the gazetteer's parent
relation), an encyclopedia's back matter, and the readings each must not make."""

from __future__ import annotations

import datetime as dt

from heritage.extraction.candidates import extract
from heritage.extraction.gazetteer import Entry, Gazetteer
from tests.heritage.extraction.helpers import velmar_gazetteer

PUBLISHED = dt.date(2023, 3, 14)


def pairs(text: str, title: str | None = None) -> set[tuple[str | None, str | None]]:
    found = extract(text, published=PUBLISHED, gazetteer=velmar_gazetteer(), title=title)
    for candidate in found:
        assert text[candidate.quote_start : candidate.quote_end] == candidate.quote
    return {(c.site.key if c.site else c.mention, c.event_type) for c in found}


def test_a_reference_list_claims_nothing() -> None:
    text = (
        "The Velmar Art Museum holds paintings of the coast.\n"
        "Its paintings were stolen by the Grey Legion in May 2022.\n"
        "References\n"
        '- "Grey Legion seized the Church of Saint Oda". Coast News. 2 June 2022.\n'
        '- "Velmar museum looted". Coast News. 1 June 2022.\n'
    )
    found = pairs(text, title="Velmar Art Museum")
    assert ("velmar-museum", "looted") in found
    assert ("st-oda-church", "captured") not in found


def test_a_heading_word_inside_a_sentence_is_no_back_matter() -> None:
    text = (
        "Notes left by the Grey Legion say that it seized the Church of Saint Oda in May "
        "2022.\nThe Church of Saint Oda was shelled in June 2022.\n"
    )
    found = pairs(text)
    assert ("st-oda-church", "captured") in found
    assert ("st-oda-church", "damaged") in found


def test_a_collection_looted_in_a_town_is_the_museum_inside_it() -> None:
    text = (
        "The Velmar Art Museum reopened in 2019.\n"
        "In May 2022 the museum was looted by the Grey Legion while Velmar was held.\n"
    )
    found = pairs(text, title="Velmar Art Museum")
    assert ("velmar-museum", "looted") in found
    assert ("velmar", "looted") not in found


def test_missing_antiquities_in_an_article_about_the_town_and_its_museum() -> None:
    text = (
        "Investigators in Velmar said on Monday that 300 antiquities were stolen in March.\n"
        "They are searching for them across Velmar, whose Velmar Art Museum lost them.\n"
    )
    found = pairs(text, title="Velmar antiquities recovered")
    assert ("velmar-museum", "looted") in found
    assert ("velmar", "looted") not in found


def test_a_town_looted_with_no_collection_in_the_sentence_stays_the_town() -> None:
    text = (
        "The Velmar Art Museum stood empty in April 2022.\n"
        "In May 2022 fighters of the Grey Legion looted shops across Velmar.\n"
    )
    found = pairs(text)
    assert ("velmar-museum", "looted") not in found


def test_a_museum_outside_the_town_is_not_what_the_town_lost() -> None:
    text = "In May 2022, 300 antiquities were looted in Droska, far from the Velmar Art Museum.\n"
    found = pairs(text)
    assert ("velmar-museum", "looted") not in found


def test_a_share_of_a_place_destroyed_is_severe_damage() -> None:
    assert ("velmar", "severely_damaged") in pairs(
        "The mayor said in March 2022 that 70 to 80% of Velmar had been destroyed.\n"
    )
    assert ("velmar", "severely_damaged") in pairs(
        "By April 2022 two-thirds of Velmar was razed by shelling.\n"
    )
    assert ("droska", "severely_damaged") in pairs(
        "In May 2022, 40 per cent of Droska was destroyed.\n"
    )


def test_a_share_of_a_place_destroyed_is_not_its_destruction() -> None:
    found = pairs("The mayor said in March 2022 that 70 to 80% of Velmar had been destroyed.\n")
    assert ("velmar", "destroyed") not in found


def test_a_whole_count_destroyed_stays_destruction() -> None:
    found = pairs("In March 2022 the Church of Saint Oda was destroyed, 100% of it.\n")
    assert ("st-oda-church", "destroyed") in found


def test_armed_men_living_in_a_site_use_it_militarily() -> None:
    assert ("st-oda-church", "militarily_used") in pairs(
        "In April 2022, fighters of the Grey Legion were living in the Church of Saint Oda.\n"
    )
    assert ("st-oda-church", "militarily_used") in pairs(
        "In April 2022 soldiers holed up inside the Church of Saint Oda for a week.\n"
    )


def test_a_site_used_as_cover_for_arms_or_holding_them_is_military_use() -> None:
    assert ("st-oda-church", "militarily_used") in pairs(
        "In April 2022 the Church of Saint Oda was used as a cover for tanks by the Grey Legion.\n"
    )
    assert ("st-oda-church", "militarily_used") in pairs(
        "Villagers said in April 2022 that weapons were being hidden at the Church of Saint Oda.\n"
    )


def test_civilians_sheltering_or_art_hidden_is_no_military_use() -> None:
    assert ("st-oda-church", "militarily_used") not in pairs(
        "In April 2022 families were living in the Church of Saint Oda.\n"
    )
    assert ("st-oda-church", "militarily_used") not in pairs(
        "In April 2022 the Church of Saint Oda was used as a shelter for families.\n"
    )
    assert ("velmar-museum", "militarily_used") not in pairs(
        "In April 2022 paintings were hidden in the Velmar Art Museum's basement.\n"
    )


def test_a_place_excepted_from_a_capture_is_not_captured() -> None:
    found = pairs(
        "By May 2022 the Grey Legion had captured every village of the valley, with the "
        "exception of Velmar itself.\n"
    )
    assert ("velmar", "captured") not in found
    assert ("droska", "captured") in pairs(
        "By May 2022 the Grey Legion had captured Droska, except the hills above it.\n"
    )


def test_a_weapon_aimed_at_a_site_is_possible_damage() -> None:
    found = pairs("On 3 May 2022 the Grey Legion fired a rocket at the Church of Saint Oda.\n")
    assert ("st-oda-church", "possibly_damaged") in found


def test_a_weapon_aimed_at_a_site_the_article_tells_harmed_is_that_harm() -> None:
    found = pairs(
        "On 3 May 2022 the Grey Legion fired a rocket at the Church of Saint Oda.\n"
        "The Church of Saint Oda was badly burned in the strike.\n"
    )
    assert ("st-oda-church", "severely_damaged") in found
    assert ("st-oda-church", "possibly_damaged") not in found


def test_an_infobox_condition_field_tells_the_pages_site_state() -> None:
    text = (
        "Church of Saint Oda\n"
        "- Location: Velmar\n"
        "- Condition: Reportedly destroyed by shelling in 2022\n\n"
        "The Church of Saint Oda is a stone church of the 14th century.\n"
    )
    assert ("st-oda-church", "destroyed") in pairs(text, title="Church of Saint Oda")


def test_an_infobox_result_field_still_claims_nothing() -> None:
    text = (
        "Battle of Velmar\n"
        "- Result: Velmar captured by the Grey Legion\n\n"
        "The battle was fought for the hills in 2022.\n"
    )
    assert ("velmar", "captured") not in pairs(text, title="Battle of Velmar")


KESSA = Gazetteer.from_entries(
    [
        Entry("site", "kessa", 1, "Kessa", ("Kessa",), site_kind="village"),
        Entry(
            "site",
            "kessa-temple",
            2,
            "Kessa temple",
            ("Kessa temple", "Temple of Kessa"),
            site_kind="temple",
            parent_id=1,
        ),
    ]
)
# an encyclopedia page's head: its title, a caption and a location row name the temple first
KESSA_HEAD = (
    "Kessa (archaeological site)\n\nKessa temple\n"
    "The remains of the Kessa temple before 2018\nLocation Kessa village, Dalmar\n\n"
)


def kessa_pairs(sentence: str) -> set[tuple[str | None, str | None]]:
    found = extract(
        KESSA_HEAD + sentence, published=PUBLISHED, gazetteer=KESSA, title="Kessa temple"
    )
    return {(c.site.key if c.site else c.mention, c.event_type) for c in found}


def test_a_monument_described_after_a_copula_is_the_named_site() -> None:
    found = kessa_pairs(
        "The Kessa temple is a destroyed Bronze Age hill temple noted for its reliefs."
    )
    assert ("kessa-temple", "destroyed") in found
    assert ("Bronze Age hill temple", "destroyed") not in found


def test_a_monument_of_another_kind_after_a_copula_stays_apart() -> None:
    found = kessa_pairs(
        "The Kessa temple is a copy of a destroyed Bronze Age hill mosque noted for its reliefs."
    )
    assert ("kessa-temple", "destroyed") not in found


PILLAR = Gazetteer.from_entries(
    [
        Entry("site", "st-oda-church", 3, "Church of Saint Oda", ("Church of Saint Oda",)),
        Entry(
            "site",
            "oda-column",
            5,
            "Column of Saint Oda",
            ("Column of Saint Oda",),
            site_kind="column",
            parent_id=3,
        ),
        Entry("actor", "grey-legion", 10, "Grey Legion", ("Grey Legion",)),
    ]
)


def pillar_pairs(text: str) -> set[tuple[str | None, str | None]]:
    found = extract(text, published=PUBLISHED, gazetteer=PILLAR, title="Church of Saint Oda")
    return {(c.site.key if c.site else c.mention, c.event_type) for c in found}


def test_the_rest_of_a_whole_after_its_part_is_the_whole() -> None:
    found = pillar_pairs(
        "In May 2022 the Grey Legion shelled the church, destroying the Column of Saint Oda "
        "and damaging the rest of the ruins.\n"
    )
    assert ("oda-column", "destroyed") in found
    assert ("st-oda-church", "damaged") in found
    assert ("oda-column", "damaged") not in found
    assert ("st-oda-church", "destroyed") not in found


def test_the_city_in_an_article_about_a_museum_is_the_town_it_stands_in() -> None:
    text = (
        "The Velmar Art Museum holds paintings of the coast. It stands in Velmar.\n"
        "In November 2022 the city was liberated by the Eastern Guard from the Grey Legion.\n"
    )
    found = pairs(text, title="Velmar Art Museum")
    assert ("velmar", "captured") in found
    assert ("velmar-museum", "captured") not in found


def test_the_city_around_a_museum_of_no_stored_town_stays_unread() -> None:
    text = (
        "The Velmar Art Museum holds paintings of the coast.\n"
        "In November 2022 the city was liberated by the Eastern Guard from the Grey Legion.\n"
    )
    found = pairs(text, title="Velmar Art Museum")
    assert ("velmar-museum", "captured") not in found
    assert ("droska", "captured") not in found


def test_a_town_occupied_with_no_agent_is_captured() -> None:
    found = pairs("In 2022 the Velmar Art Museum was looted while Velmar was occupied.\n")
    assert ("velmar", "captured") in found
    assert ("velmar-museum", "looted") in found


def test_seats_occupied_in_a_church_are_no_capture() -> None:
    found = pairs(
        "At Easter 2022 all the seats of the Church of Saint Oda were occupied at the service.\n"
    )
    assert ("st-oda-church", "captured") not in found


def test_an_undated_deed_inside_a_story_of_the_middle_ages_is_history() -> None:
    found = pairs(
        "When the Mongols invaded the valley in the 13th century, they spared Velmar for its "
        "church, built by a general whose army had conquered the city of Droska.\n"
    )
    assert ("droska", "captured") not in found


def test_a_buildings_old_date_tells_no_story_of_its_time() -> None:
    found = pairs(
        "The Church of Saint Oda, built in the 13th century, was shelled by the Grey Legion.\n"
    )
    assert ("st-oda-church", "damaged") in found
