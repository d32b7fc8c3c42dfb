"""Rules-11, from heldout10's misses (read after its one blind run): records of several
speakers (a debate, written questions and answers), a place the text named before that the
tracker does not know, and sites counted in bulk; on texts in our own words about the
made-up city of Qadira, each with a reading it must not make."""

from __future__ import annotations

import datetime as dt

from heritage.extraction.candidates import Candidate
from heritage.extraction.speakers import speaking_turns
from tests.heritage.extraction.helpers import QADIRA, checked, pairs_of

PUBLISHED = dt.date(2023, 6, 15)


def candidates(text: str) -> list[Candidate]:
    return checked(text, QADIRA, PUBLISHED)


def pairs(text: str) -> set[tuple[str | None, str | None]]:
    return pairs_of(candidates(text))


# a record of several speakers: each speaks in their turn

DEBATE = (
    "Qadira: Heritage\n\n"
    "Lord Hallam (Con)\n\n"
    "My Lords, the Qadira Museum was looted in May 2023. What help will be given?\n\n"
    "Baroness Orme of Tenby (Lab)\n\n"
    "My Lords, the Citadel of Qadira was shelled on 3 May 2023. We will help.\n"
)


def test_each_turn_of_a_debate_is_its_speakers() -> None:
    speakers = {c.site.key: c.speaker for c in candidates(DEBATE) if c.site}
    assert speakers == {"qadira-museum": "Lord Hallam", "qadira-citadel": "Baroness Orme of Tenby"}


def test_turns_are_read_in_each_way_a_record_prints_them() -> None:
    glued = "§ Lord HallamMy Lords, it burned.\n§ Baroness OrmeMy Lords, it did.\n"
    colons = "Asked by Lord Hallam: To ask about it.\nLord Orme of Tenby: It burned.\n"
    answered = (
        "Asked by: Lord Hallam (Con)\nTo ask about it.\n"
        "Answered by Baroness Orme - Minister of State\nIt burned.\n"
    )
    assert [t.name for t in speaking_turns(glued)] == ["Lord Hallam", "Baroness Orme"]
    assert [t.name for t in speaking_turns(colons)] == ["Lord Hallam", "Lord Orme of Tenby"]
    assert [t.name for t in speaking_turns(answered)] == ["Lord Hallam", "Baroness Orme"]


def test_a_single_heading_is_the_articles_own_voice() -> None:
    speech = (
        "The Minister for Culture (Mr Hallam)\n\nThe Citadel of Qadira was shelled on 3 May 2023.\n"
    )
    assert speaking_turns(speech) == []
    (claim,) = candidates(speech)
    assert claim.speaker is None


def test_an_article_has_no_turns() -> None:
    article = (
        "Fighting in Qadira\n\n"
        "President Hallam said on Sunday that the Citadel of Qadira was shelled.\n"
        "Minister of Culture Orme visited the Qadira Museum.\n"
    )
    assert speaking_turns(article) == []


# a place the tracker does not know, named before "the cemetery"


def test_the_kind_noun_is_the_unknown_place_named_before() -> None:
    found = pairs(
        "The Qadira War Cemetery holds 3,000 graves.\n"
        "Reports say the cemetery was damaged by bulldozers in May 2023.\n"
    )
    assert ("Qadira War Cemetery", "damaged") in found


def test_a_headlines_capitals_name_nothing() -> None:
    found = pairs(
        "Fighters Destroy More Qadira Shrines\n\n"
        "Witnesses said the shrines were torn down on Sunday.\n"
    )
    assert all(site != "Qadira Shrines" for site, _kind in found)


# sites counted in bulk


def test_places_of_interest_and_whole_towns_are_bulk_claims() -> None:
    assert ("4,000 places of historic and archaeological interest", "captured") in pairs(
        "The Northern Front captured more than 4,000 places of historic and archaeological "
        "interest in May 2023."
    )
    found = pairs("Whole towns have been destroyed in the region since May 2023.")
    assert ("Whole towns", "destroyed") in found
    assert ("Whole", "destroyed") not in found


def test_damage_to_counted_sites_is_theirs() -> None:
    assert ("476 cultural sites", "damaged") in pairs(
        "UNESCO has verified damage to 476 cultural sites in the region since May 2023."
    )
