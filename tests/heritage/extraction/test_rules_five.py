"""The general rules of rules-5, each on a short text in our own words (the made-up town of
Velor and its monuments): what the third held-out set showed the rules miss on unseen
encyclopedia text (a site named only in the title, then "the mosque"; a misspelt name; a
second mosque of the town; events the cues did not read; severity; words read as places),
written as mechanisms that should hold on the next article, each with a plausible wrong
reading it must not make."""

from __future__ import annotations

import datetime as dt

from heritage.extraction.candidates import extract
from heritage.extraction.dates import find_dates
from heritage.extraction.gazetteer import Entry, Gazetteer

PUBLISHED = dt.date(2021, 6, 30)


def velor_gazetteer() -> Gazetteer:
    """A made-up town, two mosques of one name, a monastery, a church and a palace."""
    return Gazetteer.from_entries(
        [
            Entry("site", "velor", 1, "Velor", ("Velor",), site_kind="city"),
            Entry(
                "site",
                "upper-ismat",
                2,
                "Upper Ismat Mosque",
                ("Upper Ismat Mosque", "Yukar Ismat Mosque"),
                site_kind="mosque",
            ),
            Entry(
                "site",
                "lower-ismat",
                3,
                "Lower Ismat Mosque",
                ("Lower Ismat Mosque", "Ashag Ismat Mosque"),
                site_kind="mosque",
            ),
            Entry(
                "site",
                "qastellan",
                4,
                "Deir Qastellan Monastery",
                ("Deir Qastellan Monastery",),
                site_kind="monastery",
            ),
            Entry(
                "site",
                "teodor-church",
                5,
                "Church of Saint Teodor",
                ("Church of Saint Teodor", "Saint Teodor Church"),
                site_kind="church",
            ),
            Entry("site", "hazar-palace", 6, "Hazar Palace", ("Hazar Palace",), site_kind="palace"),
            Entry("actor", "north-army", 10, "Northern Army", ("Northern Army",)),
        ]
    )


def velor(text: str, title: str | None = None) -> set[tuple[str | None, str | None]]:
    found = extract(text, published=PUBLISHED, gazetteer=velor_gazetteer(), title=title)
    for candidate in found:
        assert text[candidate.quote_start : candidate.quote_end] == candidate.quote
    return {(c.site.key if c.site else c.mention, c.event_type) for c in found}


def velor_dates(text: str, title: str | None = None) -> dict[str | None, str | None]:
    found = extract(text, published=PUBLISHED, gazetteer=velor_gazetteer(), title=title)
    return {c.event_type: c.date for c in found}


# the article's site for generic nouns and named parts


def test_the_mosque_is_the_title_site_even_after_another_mosque_is_named() -> None:
    found = velor(
        "The Lower Ismat Mosque stands below the Upper Ismat Mosque, its twin. In 2003 the "
        "mosque was badly damaged by shelling.",
        title="Lower Ismat Mosque",
    )
    assert found == {("lower-ismat", "severely_damaged")}


def test_the_mosque_without_a_title_is_the_one_named_last() -> None:
    found = velor(
        "The Lower Ismat Mosque stands below the Upper Ismat Mosque. In 2003 the mosque was "
        "badly damaged by shelling."
    )
    assert found == {("upper-ismat", "severely_damaged")}


def test_a_named_part_spelt_one_letter_off_is_the_site_it_shares_a_name_with() -> None:
    found = velor(
        "The shrine of Qastelan was set on fire in June 2015 by the Northern Army.",
        title="Deir Qastellan Monastery",
    )
    assert found == {("qastellan", "damaged")}


def test_a_name_two_letters_off_is_not_the_site() -> None:
    found = velor(
        "The shrine of Qastenbar was set on fire in June 2015 by the Northern Army.",
        title="Deir Qastellan Monastery",
    )
    assert ("qastellan", "damaged") not in found


def test_a_collection_named_after_a_town_is_not_the_town() -> None:
    found = velor("In 2013 the Velor Archives were burned by the Northern Army.", title="Velor")
    assert ("velor", "damaged") not in found


def test_all_of_the_monasterys_buildings_are_the_monastery() -> None:
    found = velor(
        "In 2015 the frescoes were defaced in all of the monastery's buildings.",
        title="Deir Qastellan Monastery",
    )
    assert found == {("qastellan", "vandalised")}


def test_the_monastery_and_the_tomb_are_the_title_site() -> None:
    found = velor(
        "The monastery was burned in 2015. Work restoring the monastery and the tomb ended in "
        "2019.",
        title="Deir Qastellan Monastery",
    )
    assert found == {("qastellan", "damaged"), ("qastellan", "restored")}


def test_rebuilt_as_a_mosque_names_no_place() -> None:
    found = velor("The Hazar Palace burned in 2016 and was later rebuilt as a mosque.")
    assert all(site not in ("a mosque", "mosque") for site, _ in found)


def test_it_after_an_opening_adverb_is_the_article_site() -> None:
    found = velor(
        "The church was guarded by soldiers after 2001. However, it was heavily damaged by "
        "arson during the riots of 2004.",
        title="Church of Saint Teodor",
    )
    assert found == {("teodor-church", "severely_damaged")}


def test_it_with_no_title_and_no_site_before_is_no_place() -> None:
    found = velor("The building served as a school. However, it was heavily damaged in 2004.")
    assert found == set()


def test_it_as_the_subject_wins_over_what_a_participle_after_it_names() -> None:
    found = velor(
        "The Hazar Palace was restored in 1990 after a fire. It was destroyed again by an "
        "airstrike in 2021, leaving the tower partially destroyed."
    )
    assert ("hazar-palace", "destroyed") in found


def test_an_abandonment_in_a_sentence_about_it_is_the_article_site() -> None:
    found = velor(
        "The monks returned in 1920; it has stood since then, but for a four-year abandonment "
        "after the invasion of 2014.",
        title="Deir Qastellan Monastery",
    )
    assert found == {("qastellan", "evacuated")}


def test_a_plan_that_was_abandoned_evacuates_nothing() -> None:
    found = velor("In 2019 the plan to move the Hazar Palace collection was abandoned.")
    assert ("hazar-palace", "evacuated") not in found


def test_a_site_that_is_under_the_control_of_a_force_is_captured() -> None:
    found = velor(
        "Lower Ismat Mosque (locally 'the mosque below') is an old mosque located in Velor, in "
        "the hills of the north, but is currently under control of the Northern Army since "
        "the occupation of Velor on 2 May 1994."
    )
    assert ("lower-ismat", "captured") in found
    assert ("velor", "captured") in found


def test_a_site_near_a_town_under_control_is_not_captured() -> None:
    found = velor(
        "Lower Ismat Mosque was built in 1880, two centuries before Velor came under the "
        "control of the Northern Army."
    )
    assert ("lower-ismat", "captured") not in found


def test_a_since_clause_inside_a_condition_tells_a_past_fact() -> None:
    found = velor(
        "If the report is confirmed, it would be the second palace lost since the Northern "
        "Army seized Velor in May."
    )
    assert found == {("velor", "captured")}


def test_a_condition_with_no_past_clause_claims_nothing() -> None:
    found = velor("If the Northern Army seizes Velor, it would destroy the Hazar Palace.")
    assert found == set()


# places counted in bulk, agents, words that are no places


def test_monuments_counted_in_bulk_with_their_adjectives_are_one_place() -> None:
    found = velor(
        "Around 60 Armenian churches and chapels were destroyed or damaged between 1990 and 1994."
    )
    assert found == {("60 Armenian churches and chapels", "damaged")}


def test_who_rebuilt_a_church_is_no_place() -> None:
    found = velor(
        "Some of the burned churches have since been rebuilt by the town council in "
        "cooperation with the Armenian Apostolic Church."
    )
    assert found == {("Some of the burned churches", "restored")}


def test_the_destroyed_mosque_alone_is_a_claim_of_destruction() -> None:
    found = velor("The destroyed mosque of Velor stood empty for ten years.")
    assert "destroyed" in {event for _, event in found}


def test_a_row_of_an_infobox_table_claims_nothing() -> None:
    found = velor(
        "Hazar Palace\nBuilt | 1650 |\nDemolished | By the Northern Army in 2021 |\nThe palace "
        "stands on a hill above the town of Velor."
    )
    assert found == set()


# events


def test_a_renovation_after_damage_is_a_restoration() -> None:
    found = velor(
        "The Hazar Palace was heavily damaged in 1994. It was renovated in 2008 by the town.",
    )
    assert ("hazar-palace", "restored") in found


def test_an_undated_renovation_with_no_harm_told_is_upkeep() -> None:
    # dated from 1900 on, it is a claim (the guide, 3.2; test_rules_nine.py)
    assert velor("The Hazar Palace has been renovated several times.") == set()


def test_a_monastery_abandoned_by_its_monks_is_evacuated() -> None:
    found = velor("In 2014 the Deir Qastellan Monastery was abandoned as the front came close.")
    assert found == {("qastellan", "evacuated")}


def test_experts_visiting_to_assess_the_damage_is_an_assessment() -> None:
    found = velor(
        "A team of engineers visited the Church of Saint Teodor in 2019 to assess the damage."
    )
    assert found == {("teodor-church", "assessed")}


def test_passers_by_looking_at_the_damage_is_no_assessment() -> None:
    found = velor("People inspect the damage done to the Church of Saint Teodor in 2019.")
    assert ("teodor-church", "assessed") not in found


def test_a_site_found_reduced_to_rubble_is_assessed_and_destroyed() -> None:
    found = velor(
        "After the Northern Army took the town in 2017, soldiers found the Hazar Palace "
        "reduced to rubble."
    )
    assert {("hazar-palace", "assessed"), ("hazar-palace", "destroyed")} <= found


def test_a_site_hit_by_a_shell_that_failed_to_explode_is_possibly_damaged() -> None:
    found = velor(
        "The Church of Saint Teodor was hit once more in 2020 by a shell, which failed to explode."
    )
    assert found == {("teodor-church", "possibly_damaged")}


def test_a_site_hit_by_a_shell_that_exploded_is_damaged() -> None:
    found = velor("The Church of Saint Teodor was hit once more in 2020 by a shell.")
    assert found == {("teodor-church", "damaged")}


def test_may_have_been_damaged_is_possible_damage() -> None:
    found = velor("The Hazar Palace may have been damaged by the shelling of March 2020.")
    assert found == {("hazar-palace", "possibly_damaged")}


def test_could_be_damaged_by_a_coming_storm_is_no_claim() -> None:
    assert velor("The Hazar Palace could be damaged by the coming floods.") == set()


def test_grounds_used_to_fire_rockets_are_military_use() -> None:
    found = velor(
        "A priest said that gunmen had used the grounds of the Church of Saint Teodor to fire "
        "rockets in 2014."
    )
    assert ("teodor-church", "militarily_used") in found


def test_grounds_used_to_hold_prayers_are_no_military_use() -> None:
    found = velor("The faithful used the grounds of the Church of Saint Teodor to hold prayers.")
    assert found == set()


def test_a_building_in_a_semi_destroyed_state_is_severely_damaged() -> None:
    found = velor("By 2006 the Hazar Palace was in a semi-destroyed state.")
    assert found == {("hazar-palace", "severely_damaged")}


def test_destroyed_or_damaged_affirms_the_weaker() -> None:
    found = velor("The Hazar Palace was destroyed or damaged in the shelling of 1993.")
    assert found == {("hazar-palace", "damaged")}


def test_a_building_in_a_churchs_compound_destroyed_is_damage_to_the_church() -> None:
    found = velor(
        "In May 2021 a building in the compound of the Church of Saint Teodor was destroyed "
        "by an airstrike."
    )
    assert found == {("teodor-church", "damaged")}


def test_a_sites_fittings_destroyed_are_damage_to_it() -> None:
    found = velor(
        "The Church of Saint Teodor was damaged in July 2014, when its water pipes were "
        "destroyed by shells."
    )
    assert found == {("teodor-church", "damaged")}


def test_a_churchs_dome_destroyed_is_still_severe_damage() -> None:
    found = velor("The Church of Saint Teodor was shelled. The dome was destroyed in 2014.")
    assert ("teodor-church", "severely_damaged") in found


# history and nature


def test_a_destruction_dated_before_modern_times_is_history() -> None:
    assert velor("The Hazar Palace was destroyed by the Crusaders in 1187.") == set()


def test_a_destruction_in_a_past_century_is_history() -> None:
    assert velor("The Hazar Palace was destroyed in the 13th century by a rival emir.") == set()


def test_an_event_told_later_than_a_historic_one_is_history_too() -> None:
    found = velor(
        "The Hazar Palace was destroyed by the Crusaders in 1187. It was rebuilt again by "
        "the Mamluks forty years later."
    )
    assert found == set()


def test_a_modern_date_ends_the_history_told_before() -> None:
    found = velor(
        "The Hazar Palace was destroyed by the Crusaders in 1187. In 2015 the Hazar Palace was "
        "shelled and then repaired again."
    )
    assert found == {("hazar-palace", "damaged"), ("hazar-palace", "restored")}


def test_a_destruction_of_our_time_is_a_claim() -> None:
    assert velor("The Hazar Palace was destroyed by the Northern Army in 2016.") == {
        ("hazar-palace", "destroyed")
    }


def test_a_destruction_by_an_earthquake_is_no_ones_deed() -> None:
    assert velor("The Hazar Palace was destroyed by an earthquake in 1966.") == set()


# dates


def test_a_world_war_dates_an_event_by_its_first_and_last_days() -> None:
    (mention,) = find_dates("It was shelled during World War I.", PUBLISHED)
    assert mention.edtf == "1914-07-28/1918-11-11"
    (mention,) = find_dates("It burned in the Second World War.", PUBLISHED)
    assert mention.edtf == "1939-09-01/1945-09-02"


def test_damage_during_a_world_war_takes_the_war_not_a_later_year() -> None:
    dates = velor_dates("Badly damaged during World War I, the Hazar Palace was restored in 1925.")
    assert dates["severely_damaged"] == "1914-07-28/1918-11-11"
    assert dates["restored"] == "1925"
