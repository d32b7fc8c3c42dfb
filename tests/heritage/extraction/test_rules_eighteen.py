"""Rules-18, from heldout17's misses after its one blind run: destruction of a share of a place
("about 70% destroyed", "destroyed the Armenian half of the city") is severe damage, and a plan
("their plan was to rapidly take") is no deed; on texts in our own words about the made-up city
of Qadira, each with a reading it must not make."""

from __future__ import annotations

from heritage.extraction.gazetteer import Entry, Gazetteer
from tests.heritage.extraction.helpers import qadira_pairs as pairs


def test_a_share_destroyed_is_severe_damage() -> None:
    assert pairs("By May 2023 Qadira was about 70% destroyed by shelling.") == {
        ("qadira", "severely_damaged")
    }
    text = "In May 2023 the Northern Front destroyed the eastern half of Qadira."
    assert pairs(text) == {("qadira", "severely_damaged")}
    # all of it is all of it
    assert pairs("In May 2023 the Northern Front destroyed Qadira.") == {("qadira", "destroyed")}


def test_a_plan_to_take_a_place_is_no_capture() -> None:
    text = "Their plan was to rapidly take Qadira in May 2023, according to officials."
    assert pairs(text) == set()


def test_a_stored_name_with_a_possessive_is_found() -> None:
    # a text's "Sadr's" is read as "Sadr": a stored "Sadr's militia" must be read the same way
    gazetteer = Gazetteer.from_entries(
        [
            Entry("actor", "mahdi-army", 1, "Mahdi Army", ("Mahdi Army", "Sadr's militia")),
            Entry("site", "st-mary", 2, "St Mary's Church", ("St Mary's Church",)),
        ]
    )
    text = "Sadr’s militia held St Mary's Church."
    assert [(text[m.start : m.end], m.entries[0].key) for m in gazetteer.find(text)] == [
        ("Sadr’s militia", "mahdi-army"),
        ("St Mary's Church", "st-mary"),
    ]
