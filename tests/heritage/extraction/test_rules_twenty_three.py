"""Rules-23, from held-out 21's misses after its one blind run: an unnamed monument's mention
leaves out its article ("a mosque" is "mosque", as the guide's 2.5.1 records it), but not a
count's ("a number of churches"); "it" after a verb, with no claim before, is the one site the
sentence before names. On texts in our own words about the made-up city of Qadira, each with a
reading it must not make."""

from __future__ import annotations

from tests.heritage.extraction.helpers import qadira_pairs as pairs


def test_an_unnamed_monument_s_mention_leaves_out_its_article() -> None:
    assert pairs("In May 2023 gunmen burned a mosque.") == {("mosque", "damaged")}
    assert pairs("In May 2023 gunmen burned a mosque in Qadira.") == {
        ("mosque in Qadira", "damaged")
    }
    # the article of a count stays
    assert pairs("In May 2023 gunmen burned a number of churches.") == {
        ("a number of churches", "damaged")
    }


def test_it_after_a_verb_is_the_site_the_sentence_before_names() -> None:
    text = (
        "The Temple of Oda was built in 1500. In 2003 an armoured unit used it as a command post."
    )
    assert pairs(text) == {("temple-of-oda", "militarily_used")}
    text = "The Temple of Oda was built in 1500. In 2003 soldiers looted it."
    assert pairs(text) == {("temple-of-oda", "looted")}
    # two sites before: "it" is neither
    text = "The Temple of Oda faces the Qadira Museum. In 2003 soldiers looted it."
    assert pairs(text) == set()
