"""Candidate claims from short texts: speakers, stance, conditionals, places the tracker does
not know, unnamed monuments, aliases, captions and hostile input."""

from __future__ import annotations

import datetime as dt

from heritage.extraction.candidates import extract
from heritage.extraction.gazetteer import Entry, Gazetteer
from heritage.extraction.sentences import MAX_SENTENCE
from tests.heritage.extraction.helpers import claims, demo_gazetteer, one, small_gazetteer

# speakers


def test_according_to_a_stored_source_with_its_organisation() -> None:
    (claim,) = claims(
        "Daesh militants blew up the Temple of Bel on Sunday, according to Maamoun"
        " Abdulkarim, the head of antiquities."
    )
    assert claim.speaker == "Maamoun Abdulkarim"
    assert claim.speaker_source is not None and claim.speaker_source.key == "abdulkarim"
    assert claim.speaker_affiliation == "Directorate-General of Antiquities and Museums"


def test_organisation_said_with_its_description_left_out() -> None:
    (claim,) = claims(
        "The Britain-based Syrian Observatory for Human Rights said ISIS had blown up the"
        " Temple of Bel."
    )
    assert claim.speaker == "Syrian Observatory for Human Rights"
    assert claim.speaker_source is not None and claim.speaker_source.key == "sohr"


def test_director_in_apposition_speaks_for_the_group_named_before() -> None:
    found = claims(
        "The Syrian Observatory for Human Rights said the city had fallen.\n\n"
        "The group's director, Rami Abdulrahman, said that ISIL had destroyed the Temple of Bel."
    )
    claim = one(found, site="temple-of-bel")
    assert claim.speaker == "Rami Abdulrahman"
    assert claim.speaker_affiliation == "Syrian Observatory for Human Rights"


def test_unnamed_speaker_relayed_by_an_outlet() -> None:
    (claim,) = claims("SANA quoted a military source as saying the army had recaptured Palmyra.")
    assert claim.speaker == "a military source"
    assert claim.speaker_source is not None and claim.speaker_source.key == "sana"
    assert claim.speaker_affiliation == "SANA"


def test_quotation_attributed_after_it_and_going_on() -> None:
    found = claims(
        "“They blew up the Temple of Bel,” said Maamoun Abdulkarim. “The museum was looted.”"
    )
    destroyed = one(found, site="temple-of-bel")
    assert destroyed.speaker == "Maamoun Abdulkarim"
    looted = one(found, event_type="looted")
    assert looted.speaker == "Maamoun Abdulkarim"
    assert (looted.site, looted.mention) == (None, "The museum")


def test_reporter_of_an_outlet_and_a_pronoun_after_them() -> None:
    found = claims(
        "Al Jazeera's Omar al-Saleh, reporting from the border, said ISIL had looted Palmyra.\n\n"
        "He said ISIL had also destroyed the Temple of Bel."
    )
    looted = one(found, event_type="looted")
    assert (looted.speaker, looted.speaker_affiliation) == ("Omar al-Saleh", "Al Jazeera")
    destroyed = one(found, event_type="destroyed")
    assert destroyed.speaker == "Omar al-Saleh"


def test_the_articles_own_voice_has_no_speaker() -> None:
    (claim,) = claims("ISIL destroyed the Temple of Bel in August 2015.")
    assert claim.speaker is None and claim.speaker_source is None
    assert claim.date == "2015-08"


def test_a_newspaper_named_like_a_word_speaks_only_capitalised() -> None:
    (claim,) = claims("Militants looted the Temple of Bel at dawn, Dawn reported.")
    assert claim.speaker_source is not None and claim.speaker_source.key == "dawn"
    assert claims("Militants looted the Temple of Bel at dawn.")[0].speaker is None


# stance


def test_denial_disputes() -> None:
    (claim,) = claims("Maamoun Abdulkarim denied that the Temple of Bel had been destroyed.")
    assert (claim.site and claim.site.key, claim.event_type) == ("temple-of-bel", "destroyed")
    assert claim.stance == "disputes"


def test_still_standing_disputes_destruction() -> None:
    (claim,) = claims("The Temple of Bel was still standing on Monday, residents said.")
    assert (claim.event_type, claim.stance, claim.speaker) == ("destroyed", "disputes", "residents")
    assert claim.date == "2016-03-21"


def test_negated_cue_disputes() -> None:
    (claim,) = claims("The Temple of Bel was not destroyed, officials said.")
    assert claim.stance == "disputes"


def test_fighting_goes_on_against_complete_control() -> None:
    found = claims(
        "The army said it had taken complete control of Palmyra. The Syrian Observatory for"
        " Human Rights said clashes were still going on in the city."
    )
    affirms = one(found, stance="affirms")
    disputes = one(found, stance="disputes")
    assert affirms.event_type == disputes.event_type == "captured"
    assert affirms.site is not None and disputes.site is not None
    assert affirms.site.key == disputes.site.key == "palmyra"
    assert disputes.speaker_source is not None and disputes.speaker_source.key == "sohr"


# conditional and hypothetical sentences


def test_conditionals_and_hypotheticals_are_no_claims() -> None:
    for sentence in (
        "If the destruction of the Temple of Bel is confirmed, it would be a great loss.",
        "The Temple of Bel could be destroyed if the fighting reaches it.",
        "ISIL may blow up the Temple of Bel.",
        "Experts fear that ISIL will destroy the Temple of Bel.",
        "ISIL threatened to destroy the Temple of Bel.",
        "Was the Temple of Bel destroyed?",
        "The Temple of Bel is feared to have been destroyed.",
    ):
        assert claims(sentence) == [], sentence


def test_could_still_be_heard_is_a_claim() -> None:
    found = claims(
        "The army took control of Palmyra. Gunfire could still be heard in the city on Sunday."
    )
    assert one(found, stance="disputes").date == "2016-03-27"


# places


def test_place_the_tracker_does_not_know_is_a_mention_without_site() -> None:
    (claim,) = claims("ISIS blew up the Mar Elian monastery in al-Qaryatain in August.")
    assert (claim.site, claim.mention) == (None, "Mar Elian monastery")
    assert claim.date == "2015-08"


def test_known_name_before_a_building_is_another_place() -> None:
    (claim,) = claims("ISIL fighters looted the Palmyra museum.")
    assert (claim.site, claim.mention) == (None, "Palmyra museum")


def test_unnamed_monuments_stay_unnamed() -> None:
    (claim,) = claims("Islamic State fighters destroyed two temples in Tadmor last week.")
    assert (claim.site, claim.mention) == (None, "two temples")
    assert claim.actor is not None and claim.actor.key == "isil"
    assert claim.date == "2016-03-14/2016-03-20"


def test_sites_coordinated_in_one_clause_each_get_a_claim() -> None:
    found = claims("ISIL blew up the Temple of Bel and the Temple of Baalshamin in 2015.")
    assert sorted(c.site.key for c in found if c.site) == ["baalshamin", "temple-of-bel"]
    assert all(c.date == "2015" for c in found)


def test_the_city_is_the_site_the_article_is_about() -> None:
    found = claims(
        "ISIL took Palmyra in May 2015. Fighters later laid mines across the city, activists said."
    )
    claim = one(found, event_type="booby_trapped")
    assert claim.site is not None and claim.site.key == "palmyra"
    assert claim.mention == "the city"


# aliases and scripts


def test_aliases_and_transliterations() -> None:
    assert one(claims("Daesh razed Tadmor."), event_type="destroyed").site.key == "palmyra"  # type: ignore[union-attr]
    (claim,) = claims("Baʿalšamîn temple was blown up by ISIS.")
    assert claim.site is not None and claim.site.key == "baalshamin"
    assert claim.actor is not None and claim.actor.key == "isil"


def test_acronym_matches_only_in_capitals() -> None:
    (claim,) = claims("This is the day IS destroyed the Temple of Bel.")
    assert claim.actor is not None and claim.actor.key == "isil"
    assert claims("It is said the Temple of Bel is destroyed now.")[0].actor is None


def test_mixed_arabic_and_english() -> None:
    text = "داعش دمر معبد بل في تدمر.\nThe Syrian army recaptured تدمر on Sunday."
    found = claims(text)
    destroyed = one(found, event_type="destroyed")
    assert destroyed.site is not None and destroyed.site.key == "temple-of-bel"
    captured = one(found, event_type="captured")
    assert captured.site is not None and captured.site.key == "palmyra"
    assert captured.mention == "تدمر"
    assert (captured.actor and captured.actor.key, captured.date) == ("saa", "2016-03-27")


def test_arabic_clitic_before_a_name() -> None:
    (claim,) = claims("The army recaptured بتدمر the city.")
    assert claim.site is not None and claim.site.key == "palmyra"


# captions


def test_caption_claims_carry_no_event_date() -> None:
    text = (
        "ISIL blew up the Temple of Bel in late August.\n\n"
        "Photo: The Temple of Bel, destroyed by IS, in an image released on 31 August 2015 (AFP)"
    )
    found = claims(text, published="2015-09-02")
    caption = one(found, caption=True)
    assert caption.date is None
    story = one(found, caption=False)
    assert story.date == "2015-08-21/2015-08-31"


# hostile input


def test_empty_text_gives_nothing() -> None:
    assert claims("") == []
    assert claims("   \n\n  ") == []


def test_html_scripts_are_read_past_and_offsets_stay_exact() -> None:
    text = (
        "<html><head><script>var s = 'ISIL destroyed the Temple of Baalshamin';</script></head>"
        "<body><p>ISIL destroyed the <b>Temple of Bel</b> on Sunday.</p></body></html>"
    )
    (claim,) = claims(text)
    assert claim.site is not None and claim.site.key == "temple-of-bel"
    assert text[claim.quote_start : claim.quote_end] == claim.quote
    assert "<b>Temple of Bel</b>" in claim.quote


def test_a_long_text_of_repeated_junk_is_read_through() -> None:
    text = ("Lorem ipsum dolor sit amet. " * 20_000) + "ISIL destroyed the Temple of Bel."
    (claim,) = extract(text, published=dt.date(2016, 3, 27), gazetteer=small_gazetteer())
    assert claim.quote == "ISIL destroyed the Temple of Bel."


# stories told year by year, headings, lists


def test_month_without_year_in_the_year_the_story_reached() -> None:
    found = claims(
        "On 30 August 2015, ISIL destroyed the Temple of Bel. In early September, the group"
        " destroyed three tower tombs, including the Tower of Elahbel.",
        published="2017-03-10",
        gazetteer=demo_gazetteer(),
    )
    tombs = one(found, mention="three tower tombs")
    assert tombs.date == "2015-09-01/2015-09-10"
    tower = one(found, site="tower-of-elahbel")
    assert (tower.event_type, tower.date) == ("destroyed", "2015-09-01/2015-09-10")
    assert tower.actor is not None and tower.actor.key == "isil"


def test_a_topic_heading_claims_nothing() -> None:
    found = claims("Destruction of Palmyra\n\nISIL blew up the Temple of Bel in 2015.")
    assert [c.site.key for c in found if c.site] == ["temple-of-bel"]


def test_heritage_staff_killed_where_the_article_is() -> None:
    found = claims(
        "ISIL took Palmyra in May 2015. Khaled al-Asaad, the retired head of antiquities, was"
        " beheaded by ISIL on 18 August 2015."
    )
    killed = one(found, event_type="killed")
    assert killed.site is not None and killed.site.key == "palmyra"
    assert (killed.date, killed.actor and killed.actor.key) == ("2015-08-18", "isil")
    assert claims("Four soldiers were killed near Palmyra on Sunday.") == []


def test_a_date_runs_on_in_its_paragraph_not_into_the_next() -> None:
    found = claims(
        "On 5 October 2015, militants blew up the Temple of Bel. ISIL then looted Palmyra.\n\n"
        "The Temple of Baalshamin was damaged. Nobody knows when.",
        published="2017-03-10",
    )
    assert one(found, event_type="looted").date == "2015-10-05"
    # undated, it happened before the publication: the date before stays in its paragraph
    assert one(found, site="baalshamin").date == "../2017-03-10"


def test_a_place_named_in_another_clause_of_the_sentence() -> None:
    (claim,) = claims(
        "The ministry said that militants assaulted the historic city of Hatra and bulldozed it.",
        published="2015-03-08",
    )
    assert (claim.site, claim.mention, claim.event_type) == (None, "Hatra", "destroyed")
    assert claim.speaker == "ministry"


def test_without_publication_date_relative_dates_are_null() -> None:
    found = extract(
        "ISIL took Palmyra on Sunday. On 30 August 2015, ISIL blew up the Temple of Bel.",
        published=None,
        gazetteer=small_gazetteer(),
    )
    assert [(c.site.key if c.site else None, c.date) for c in found] == [
        ("palmyra", None),
        ("temple-of-bel", "2015-08-30"),
    ]


def test_the_publisher_speaking_of_itself_is_the_articles_voice() -> None:
    text = "ISIL blew up the Temple of Bel, Dawn reported."
    gazetteer = small_gazetteer()
    (own,) = extract(text, published=dt.date(2015, 9, 1), gazetteer=gazetteer, publisher="Dawn")
    assert own.speaker is None
    (quoted,) = extract(text, published=dt.date(2015, 9, 1), gazetteer=gazetteer, publisher="BBC")
    assert quoted.speaker == "Dawn"


def test_places_the_tracker_does_not_know_in_reference_prose() -> None:
    found = claims(
        "The minaret of the Umayyad Mosque of Aleppo was destroyed on 24 April 2013.\n\n"
        "Much of the Old City of Aleppo was damaged in the fighting. Apamea has also been"
        " extensively looted. The ancient Crac des Chevaliers, a UNESCO site, was hit by"
        " airstrikes in July 2013. It was recaptured by the Syrian army in March 2014.",
        published="2016-01-10",
    )
    assert all(claim.site is None for claim in found)  # none of them is stored: none invented
    assert one(found, event_type="destroyed").mention == "Umayyad Mosque of Aleppo"
    assert one(found, mention="Old City of Aleppo").event_type == "damaged"
    apamea = one(found, mention="Apamea")
    assert (apamea.event_type, apamea.date) == ("looted", "../2016-01-10")  # by publication
    crac = one(found, mention="Crac des Chevaliers", event_type="damaged")
    assert crac.date == "2013-07"
    recaptured = one(found, mention="Crac des Chevaliers", event_type="captured")
    assert recaptured.actor is not None and recaptured.actor.key == "saa"


def test_officials_speaking_through_an_agency() -> None:
    (claim,) = claims(
        "Daesh blew up the Temple of Bel, antiquities officials said on Friday, according to SANA.",
        published="2015-09-05",
    )
    assert (claim.speaker, claim.speaker_affiliation) == ("antiquities officials", "SANA")
    assert claim.speaker_source is not None and claim.speaker_source.key == "sana"


def test_a_stored_person_by_surname() -> None:
    (claim,) = claims("Abdulkarim said ISIL had destroyed the Temple of Bel.")
    assert claim.speaker == "Abdulkarim"
    assert claim.speaker_source is not None and claim.speaker_source.key == "abdulkarim"


def test_denied_strike_disputes_the_damage() -> None:
    (claim,) = claims("Russia denied that its aircraft had struck the Temple of Bel.")
    assert (claim.event_type, claim.stance, claim.speaker) == ("damaged", "disputes", "Russia")


def test_the_side_driven_out_is_no_controller() -> None:
    (claim,) = claims("ISIL fighters were driven out of Palmyra.")
    assert (claim.event_type, claim.actor) == ("captured", None)


def test_a_photo_described_in_the_text_is_a_caption() -> None:
    (claim,) = claims("A photo released by SANA on 27 March shows the damaged Temple of Bel.")
    assert claim.caption and claim.date is None


def test_caption_lines_marked_by_html_text_stand_apart() -> None:
    long_caption = (
        "[Caption] The Temple of Bel, which ISIL destroyed on 30 August 2015, in a picture taken"
        " in March 2014 by a visitor to the site"
    )
    text = (
        "ISIL blew up the Temple of Bel in late August 2015, the Syrian Observatory for Human"
        f" Rights said.\n{long_caption}\nThe group later looted Palmyra, activists said."
    )
    found = claims(text, published="2015-09-20")
    caption = one(found, caption=True)
    assert caption.quote == long_caption and caption.date is None
    looted = one(found, event_type="looted")
    assert (looted.caption, looted.speaker) == (False, "activists")


def test_encyclopedia_citations_and_abbreviations_part_sentences_rightly() -> None:
    found = claims(
        "ISIL blew up the Temple of Bel in August 2015.[12] Dr. Abdulkarim said the group"
        " later looted Palmyra.[13][14]",
        published="2017-01-01",
    )
    destroyed = one(found, event_type="destroyed")
    assert destroyed.quote == "ISIL blew up the Temple of Bel in August 2015."
    looted = one(found, event_type="looted")
    assert looted.quote.startswith("Dr. Abdulkarim said")
    assert looted.speaker_source is not None and looted.speaker_source.key == "abdulkarim"


def test_a_run_on_text_is_read_in_pieces_of_bounded_length() -> None:
    text = "ISIL destroyed the Temple of Bel, he said, " * 5000  # no full stop anywhere
    found = extract(text, published=dt.date(2016, 3, 27), gazetteer=small_gazetteer())
    assert found
    for claim in found:
        assert text[claim.quote_start : claim.quote_end] == claim.quote
        assert len(claim.quote) <= MAX_SENTENCE


def test_other_wars_other_names() -> None:
    gazetteer = Gazetteer.from_entries(
        [
            Entry("actor", "taliban", 1, "Taliban", ("the Taliban",)),
            Entry("actor", "ansar-dine", 2, "Ansar Dine", ()),
            Entry("actor", "ru", 3, "Russian Armed Forces", ("Russian forces",)),
            Entry("site", "bamiyan", 4, "Buddhas of Bamiyan", ("Bamiyan Buddhas",)),
        ]
    )
    text = (
        "In March 2001, the Taliban dynamited the Buddhas of Bamiyan after declaring them idols."
        "\n\nIn 2012, Ansar Dine destroyed several mausoleums in Timbuktu, including the tomb of"
        " Sidi Mahmoud.\n\nRussian missiles struck the Transfiguration Cathedral in Odesa on"
        " Sunday, Ukrainian officials said."
    )
    found = claims(text, published="2023-07-24", gazetteer=gazetteer)
    bamiyan = one(found, site="bamiyan")
    assert (bamiyan.event_type, bamiyan.date, bamiyan.actor_role) == (
        "destroyed",
        "2001-03",
        "perpetrator",
    )
    assert one(found, mention="several mausoleums").actor.key == "ansar-dine"  # type: ignore[union-attr]
    assert one(found, mention="tomb of Sidi Mahmoud").site is None
    cathedral = one(found, mention="Transfiguration Cathedral")
    assert (cathedral.event_type, cathedral.date) == ("damaged", "2023-07-23")
    assert cathedral.actor is not None and cathedral.actor.key == "ru"
    assert cathedral.speaker == "Ukrainian officials"


def test_arabic_speaker_verb_first_and_according_to() -> None:
    (said,) = claims("قال المرصد السوري لحقوق الإنسان إن داعش فجر معبد بل.")
    assert said.site is not None and said.site.key == "temple-of-bel"
    assert (said.event_type, said.speaker) == ("destroyed", "المرصد السوري لحقوق الإنسان")
    (according,) = claims("دمر التنظيم معبد بل بحسب وكالة سانا.")
    assert according.speaker == "وكالة سانا"
    (denied,) = claims("نفى المسؤول أن داعش دمر معبد بل.")
    assert denied.stance == "disputes"
