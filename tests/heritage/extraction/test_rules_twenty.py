"""Rules-20, from held-out 18's and 19's misses after their one blind run: "the shrine" is the
place the text named or defined before even when the tracker does not know it ("the Balili
mosque", "The Maqam X is a shrine"); a share destroyed ("nearly the entirety of") is severe
damage; a takeover is a capture; an assault or an offensive on a town, and the start of its
liberation, are fights for it; sites counted after "attacked" are its object; houses of
worship, religious centres and pagodas are kinds of monument; a video that "captures"
destruction takes no place. On texts in our own words about the made-up city of Qadira, each
with a reading it must not make."""

from __future__ import annotations

from tests.heritage.extraction.helpers import qadira_pairs as pairs


def test_the_shrine_is_the_unknown_place_the_text_defined_as_one() -> None:
    text = (
        "The Maqam Sheikh Nour (Arabic: x) is a Sufi shrine in Qadira. "
        "On 3 May 2023 the shrine was destroyed by shelling."
    )
    assert pairs(text) == {("Maqam Sheikh Nour", "destroyed")}


def test_the_mosque_is_the_unknown_place_named_before_with_its_noun_in_lower_case() -> None:
    text = (
        "The Abu Bakr ibn al-Walid mosque stands in Qadira. On 3 May 2023 the mosque was damaged."
    )
    assert pairs(text) == {("Abu Bakr ibn al-Walid mosque", "damaged")}
    # words of a kind are no name: "a Sufi mosque" stays unnamed
    text = "The Sufi mosque stands in Qadira. On 3 May 2023 the mosque was damaged."
    assert pairs(text) == {("the mosque", "damaged")}


def test_a_share_destroyed_is_severe_damage() -> None:
    text = "In May 2023 the Northern Front destroyed most of the Old Souk."
    assert pairs(text) == {("qadira-old-souk", "severely_damaged")}


def test_a_takeover_of_a_town_is_its_capture() -> None:
    text = "The takeover of Qadira by the Northern Front in May 2023 shocked the world."
    assert pairs(text) == {("qadira", "captured")}
    text = "In May 2023 the takeover of the museum's board by new trustees was announced."
    assert pairs(text) == set()


def test_an_assault_an_offensive_or_a_liberation_begun_is_a_fight() -> None:
    text = "The Northern Front's two-week May 2023 assault on Qadira killed many."
    assert pairs(text) == {("qadira", "contested")}
    text = "As government forces begin the liberation of Qadira in May 2023, officials spoke."
    assert pairs(text) == {("qadira", "contested")}
    # an assault on heritage, in words, is no fight for a place
    text = "The looting of the Qadira Museum in May 2023 was an assault on the heritage of all."
    assert pairs(text) == {("qadira-museum", "looted")}


def test_sites_counted_after_attacked_and_kinds_of_monument() -> None:
    assert pairs("In May 2023 the Northern Front attacked at least 30 temples.") == {
        ("30 temples", "possibly_damaged")
    }
    # attacks counted are not sites counted
    assert pairs("In 2022 there were a dozen attacks on Sufi shrines.") == set()
    text = "In May 2023 the Northern Front destroyed houses of worship in Qadira."
    assert pairs(text) == {("houses of worship", "destroyed")}
    text = "In May 2023 airstrikes caused major damage to religious centers."
    assert pairs(text) == {("religious centers", "severely_damaged")}
    assert pairs("In May 2023 shelling damaged two pagodas in Qadira.") == {
        ("two pagodas", "damaged")
    }


def test_a_video_that_captures_destruction_takes_no_place() -> None:
    text = "This video captures destruction at the Temple of Oda in May 2023."
    assert pairs(text) == {("temple-of-oda", "destroyed")}
    text = "In May 2023 the Temple of Oda's looting was captured on camera."
    assert pairs(text) == {("temple-of-oda", "looted")}
