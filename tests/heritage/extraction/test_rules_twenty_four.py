"""Rules-24, from held-out 22's misses after its one blind run: each item of a bulleted list is
its own sentence, and an item that tells no event of its own takes the event of the list's
lead ("This is a list of sites that were damaged ...:", "... including:"), headings between
passed over. On texts in our own words about the made-up city of Qadira, each with a reading it
must not make."""

from __future__ import annotations

from heritage.extraction.candidates import EXTRACTOR_VERSION
from heritage.extraction.sentences import split_sentences
from tests.heritage.extraction.helpers import qadira_pairs as pairs


def test_the_version_says_the_rules_changed() -> None:
    assert EXTRACTOR_VERSION == "rules-24"


def test_each_item_of_a_list_is_its_own_sentence() -> None:
    # items as long as a hard-wrapped line's, which used to run on into one sentence
    first = "• Temple of Oda, the oldest temple of the city, with its carved gate and towers"
    second = "• Qadira Museum, with the city's archive and its collection of coins and seals"
    text = f"Sites hit in May 2023 include\n  {first}\n  {second}"
    items = [text[s.start : s.end] for s in split_sentences(text)]
    assert items == ["Sites hit in May 2023 include", first, second]


def test_an_item_without_an_event_takes_the_list_s_lead() -> None:
    text = (
        "This is a list of sites that were damaged during the fighting of May 2023.\n\n"
        "Shelling\n\n"
        "  • Temple of Oda\n"
        "  • Qadira Museum"
    )
    assert pairs(text) == {("temple-of-oda", "damaged"), ("qadira-museum", "damaged")}


def test_an_item_with_its_own_event_keeps_it() -> None:
    text = (
        "Sites damaged in May 2023 include:\n  • Temple of Oda\n  • Qadira Museum, looted by gunmen"
    )
    assert pairs(text) == {("temple-of-oda", "damaged"), ("qadira-museum", "looted")}


def test_a_lead_that_is_no_list_or_tells_no_event_gives_nothing() -> None:
    # the line before tells an event but is no list's lead
    text = "Shells damaged the Temple of Oda in May 2023.\n  • Qadira Museum"
    assert pairs(text) == {("temple-of-oda", "damaged")}
    # a list's lead that tells no event
    text = "The museum's guide lists many places, including:\n  • Temple of Oda"
    assert pairs(text) == set()
