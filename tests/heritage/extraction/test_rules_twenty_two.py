"""Rules-22, written before held-out 21 and 22 were read: on a page about one monument, "it"
is the monument its opening defines ("The Maqam X (Arabic: ...) is a Sufi shrine in Qadira. It
was destroyed"), stored or not, not the town the definition puts it in. On texts in our own
words about the made-up city of Qadira, each with a reading it must not make."""

from __future__ import annotations

from tests.heritage.extraction.helpers import qadira_pairs as pairs


def test_it_is_the_monument_the_page_defines_not_its_town() -> None:
    text = (
        "The Maqam Sheikh Nour (Arabic: x) is a Sufi shrine in Qadira. "
        "It was destroyed by shelling on 15 May 2023."
    )
    assert pairs(text) == {("Maqam Sheikh Nour", "destroyed")}
    text = "The Temple of Oda is a temple in Qadira. It was destroyed on 15 May 2023."
    assert pairs(text) == {("temple-of-oda", "destroyed")}


def test_a_page_defining_no_monument_gives_it_no_place() -> None:
    text = "Qadira Airport is a small airport in Qadira. It was destroyed on 15 May 2023."
    assert pairs(text) == set()
