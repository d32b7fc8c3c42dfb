"""Rules-6: the ways English says each event type, read from their meaning (the lexicon in
heritage/extraction/lexicon.py), on sentences in our own words about the made-up town of
Qarvash and its monuments: several paraphrases each type must read, and the readings it must
not make (negation, hedges, history, a civilian building, a figurative use)."""

from __future__ import annotations

import datetime as dt

import pytest

from heritage.extraction.candidates import extract
from heritage.extraction.gazetteer import Entry, Gazetteer
from heritage.extraction.lexicon import LEXICON
from heritage.vocab import EventType

PUBLISHED = dt.date(2022, 5, 10)


def qarvash_gazetteer() -> Gazetteer:
    """A made-up town with a museum, a temple, a bridge, a citadel, a library and a tell."""
    return Gazetteer.from_entries(
        [
            Entry("site", "qarvash", 1, "Qarvash", ("Qarvash",), site_kind="city"),
            Entry(
                "site",
                "qarvash-museum",
                2,
                "Qarvash Museum",
                ("Qarvash Museum", "Museum of Qarvash"),
                site_kind="museum",
            ),
            Entry(
                "site",
                "anzu-temple",
                3,
                "Temple of Anzu",
                ("Temple of Anzu", "Anzu Temple"),
                site_kind="temple",
            ),
            Entry("site", "sirin-bridge", 4, "Sirin Bridge", ("Sirin Bridge",), site_kind="bridge"),
            Entry(
                "site",
                "qarvash-citadel",
                5,
                "Qarvash Citadel",
                ("Qarvash Citadel",),
                site_kind="citadel",
            ),
            Entry(
                "site", "mehr-library", 6, "Mehr Library", ("Mehr Library",), site_kind="library"
            ),
            Entry("site", "tell-dabra", 7, "Tell Dabra", ("Tell Dabra",), site_kind="tell"),
            Entry("actor", "black-banner", 10, "Black Banner Front", ("Black Banner Front",)),
            Entry("actor", "eastern-army", 11, "Eastern Army", ("Eastern Army",)),
        ]
    )


def read(text: str, title: str | None = None) -> set[tuple[str | None, str | None, str]]:
    found = extract(text, published=PUBLISHED, gazetteer=qarvash_gazetteer(), title=title)
    for candidate in found:
        assert text[candidate.quote_start : candidate.quote_end] == candidate.quote
    return {(c.site.key if c.site else c.mention, c.event_type, c.stance) for c in found}


def pairs(text: str, title: str | None = None) -> set[tuple[str | None, str | None]]:
    return {(site, event_type) for site, event_type, _ in read(text, title)}


def test_every_event_type_but_other_has_its_own_phrases() -> None:
    assert set(LEXICON) == set(EventType) - {EventType.OTHER}
    assert all(len(entries) >= 3 for entries in LEXICON.values())


PARAPHRASES = {
    EventType.DESTROYED: [
        ("Fighters blew the Temple of Anzu to pieces in March.", "anzu-temple"),
        ("By April the Temple of Anzu lay in ruins.", "anzu-temple"),
        ("The Sirin Bridge was wiped off the map in March.", "sirin-bridge"),
        ("In March the Mehr Library was burned to the ground.", "mehr-library"),
        ("The Qarvash Citadel was annihilated by artillery in March.", "qarvash-citadel"),
        ("Gunmen wrecked the Temple of Anzu in March.", "anzu-temple"),
        ("In March, the Temple of Anzu was reduced to rubble.", "anzu-temple"),
    ],
    EventType.SEVERELY_DAMAGED: [
        ("The Qarvash Museum was ravaged in March.", "qarvash-museum"),
        ("The Qarvash Museum was badly hit in March.", "qarvash-museum"),
        ("In March, half of the Temple of Anzu was destroyed.", "anzu-temple"),
        ("The Qarvash Museum sustained severe damage in March.", "qarvash-museum"),
        ("In March, a fire gutted the Mehr Library.", "mehr-library"),
    ],
    EventType.MODERATELY_DAMAGED: [
        ("In March, the Temple of Anzu suffered moderate damage.", "anzu-temple"),
        ("The Temple of Anzu was moderately damaged in March.", "anzu-temple"),
    ],
    EventType.POSSIBLY_DAMAGED: [
        ("The Temple of Anzu may have been destroyed in March.", "anzu-temple"),
        ("The Temple of Anzu could have been hit in March.", "anzu-temple"),
        ("The Sirin Bridge might have been shelled in March.", "sirin-bridge"),
    ],
    EventType.DAMAGED: [
        ("The Sirin Bridge sustained damage in March.", "sirin-bridge"),
        ("The Qarvash Citadel was bombarded in March.", "qarvash-citadel"),
        ("In March, the Qarvash Museum was set ablaze.", "qarvash-museum"),
        ("In March, the Mehr Library went up in flames.", "mehr-library"),
        ("In March, a shell landed on the Temple of Anzu.", "anzu-temple"),
        ("In March, the Temple of Anzu was hit during an air raid.", "anzu-temple"),
        ("In March, shrapnel damaged the facade of the Qarvash Museum.", "qarvash-museum"),
    ],
    EventType.LOOTED: [
        ("Dozens of artefacts went missing from the Qarvash Museum in March.", "qarvash-museum"),
        ("Gunmen ransacked the Qarvash Museum in March.", "qarvash-museum"),
        ("Thieves made off with manuscripts from the Mehr Library in March.", "mehr-library"),
        ("The Qarvash Museum was robbed in March.", "qarvash-museum"),
        ("The theft of statues from the Qarvash Museum was reported in March.", "qarvash-museum"),
        ("Looters broke into the Qarvash Museum in March.", "qarvash-museum"),
        ("In March, thieves emptied the display cases of the Qarvash Museum.", "qarvash-museum"),
        ("In March, the Mehr Library's rare books were carried off.", "mehr-library"),
        ("The Qarvash Museum lost much of its collection to looters in 2021.", "qarvash-museum"),
    ],
    EventType.VANDALISED: [
        ("Militants defaced the Temple of Anzu in March.", "anzu-temple"),
        ("Militants smashed artefacts in the Qarvash Museum in March.", "qarvash-museum"),
        ("Militants toppled statues at the Temple of Anzu in March.", "anzu-temple"),
        ("Gunmen hacked off the faces of the reliefs at the Temple of Anzu.", "anzu-temple"),
        ("The altar of the Temple of Anzu was smashed in 2021.", "anzu-temple"),
    ],
    EventType.BOOBY_TRAPPED: [
        ("Explosives were planted inside the Qarvash Citadel in March.", "qarvash-citadel"),
        ("The Qarvash Citadel was rigged with explosives in March.", "qarvash-citadel"),
        ("Fighters laid mines around the Temple of Anzu in March.", "anzu-temple"),
        ("In March, the Qarvash Citadel was mined.", "qarvash-citadel"),
    ],
    EventType.MILITARILY_USED: [
        (
            "The Eastern Army turned the Qarvash Citadel into a military base in March.",
            "qarvash-citadel",
        ),
        ("Fighters used the Qarvash Museum as a sniper nest in March.", "qarvash-museum"),
        ("The Qarvash Citadel was garrisoned by the Eastern Army in March.", "qarvash-citadel"),
        ("Fighters stored weapons in the Mehr Library in March.", "mehr-library"),
        (
            "In March, the Eastern Army stationed tanks inside the Qarvash Citadel.",
            "qarvash-citadel",
        ),
        ("In March, artillery fired from the Qarvash Citadel.", "qarvash-citadel"),
        (
            "In March, the Black Banner Front used the Temple of Anzu to stage public executions.",
            "anzu-temple",
        ),
    ],
    EventType.ILLEGALLY_EXCAVATED: [
        ("Looters dug illegally at Tell Dabra in March.", "tell-dabra"),
        ("Pits dug by looters cover Tell Dabra.", "tell-dabra"),
        ("In March, looters bulldozed Tell Dabra in search of antiquities.", "tell-dabra"),
        ("In March, looters dug hundreds of holes at Tell Dabra.", "tell-dabra"),
    ],
    EventType.CAPTURED: [
        ("Qarvash fell into the hands of the Black Banner Front in March.", "qarvash"),
        ("The Black Banner Front overran Qarvash in March.", "qarvash"),
        ("Eastern Army troops swept into Qarvash in March.", "qarvash"),
        ("In March, militants took the Qarvash Citadel.", "qarvash-citadel"),
        ("In March, the Qarvash Citadel was taken by the Black Banner Front.", "qarvash-citadel"),
        ("In March, the Eastern Army regained the Qarvash Citadel.", "qarvash-citadel"),
        ("The Qarvash Citadel changed hands in March.", "qarvash-citadel"),
        ("The Black Banner Front now controls the Qarvash Citadel.", "qarvash-citadel"),
        ("In 2021, the Black Banner Front lost control of Qarvash to the Eastern Army.", "qarvash"),
    ],
    EventType.BESIEGED: [
        ("Qarvash has been under siege since March.", "qarvash"),
        ("In March, the Eastern Army encircled Qarvash.", "qarvash"),
        ("In March, the Black Banner Front blockaded Qarvash.", "qarvash"),
    ],
    EventType.CONTESTED: [
        ("Clashes broke out around the Qarvash Citadel in March.", "qarvash-citadel"),
        ("The front line ran through the Sirin Bridge in March.", "sirin-bridge"),
        ("In March, heavy fighting took place around the Qarvash Citadel.", "qarvash-citadel"),
        ("In March, the Qarvash Citadel was the scene of fierce fighting.", "qarvash-citadel"),
        (
            "The Black Banner Front launched an assault on the Qarvash Citadel in March.",
            "qarvash-citadel",
        ),
    ],
    EventType.KILLED: [
        ("A guard at the Temple of Anzu was gunned down in March.", "anzu-temple"),
        ("The curator of the Qarvash Museum died in an airstrike in March.", "qarvash-museum"),
        (
            "The curator of the Qarvash Museum lost his life in the shelling in March.",
            "qarvash-museum",
        ),
    ],
    EventType.DETAINED: [
        ("The director of the Mehr Library was jailed in March.", "mehr-library"),
        ("Two guards of the Qarvash Museum were taken into custody in March.", "qarvash-museum"),
        ("The curator of the Qarvash Museum was arrested in March.", "qarvash-museum"),
    ],
    EventType.ABDUCTED: [
        ("The curator of the Qarvash Museum was kidnapped in March.", "qarvash-museum"),
        (
            "Two archaeologists working at Tell Dabra were seized by gunmen in March.",
            "tell-dabra",
        ),
        ("The curator of the Qarvash Museum was snatched in March.", "qarvash-museum"),
    ],
    EventType.EVACUATED: [
        ("The collections of the Qarvash Museum were moved to safety in March.", "qarvash-museum"),
        ("Staff of the Qarvash Museum hid the manuscripts in March.", "qarvash-museum"),
        ("The artefacts of the Qarvash Museum were evacuated in March.", "qarvash-museum"),
        ("Staff smuggled the manuscripts of the Mehr Library out to protect them.", "mehr-library"),
        (
            "Curators of the Qarvash Museum transferred its finest pieces to a bank vault.",
            "qarvash-museum",
        ),
    ],
    EventType.RESTORED: [
        ("The Qarvash Museum reopened to the public in March.", "qarvash-museum"),
        ("In March, the Sirin Bridge was reconstructed.", "sirin-bridge"),
        ("In March, workers repaired the dome of the Temple of Anzu.", "anzu-temple"),
    ],
    EventType.ASSESSED: [
        ("Experts assessed the damage to the Temple of Anzu in March.", "anzu-temple"),
        (
            "A UNESCO mission visited the Qarvash Citadel to assess its condition in March.",
            "qarvash-citadel",
        ),
        ("In March, experts surveyed the Qarvash Citadel.", "qarvash-citadel"),
    ],
}


@pytest.mark.parametrize(
    ("event_type", "text", "site"),
    [(event_type, text, site) for event_type, cases in PARAPHRASES.items() for text, site in cases],
)
def test_a_paraphrase_of_the_event_is_read(event_type: EventType, text: str, site: str) -> None:
    assert pairs(text) == {(site, event_type.value)}


def test_clearing_traps_says_they_were_laid() -> None:
    found = pairs("In March, engineers removed unexploded ordnance from the Qarvash Citadel.")
    assert found == {("qarvash-citadel", "demined"), ("qarvash-citadel", "booby_trapped")}


# the title's site for generic references, and what a collection holds for its institution


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Fighting reaches Qarvash Museum", "Gunmen ransacked the museum in March.", "looted"),
        (
            "Fighting reaches Qarvash Museum",
            "The building was hit by a rocket in March.",
            "damaged",
        ),
        ("Fighting reaches Qarvash Museum", "Dozens of artefacts went missing in March.", "looted"),
        ("Temple of Anzu damaged", "It was damaged by shelling in March.", "damaged"),
        ("Qarvash Museum looted", "Its collection was carted away in March.", "looted"),
        (
            "Qarvash Citadel held",
            "Fighters turned the fortress into a base in 2021.",
            "militarily_used",
        ),
        ("Sirin Bridge in Qarvash destroyed", "It was blown up in March.", "destroyed"),
    ],
)
def test_the_title_names_what_a_generic_reference_stands_for(
    title: str, text: str, expected: str
) -> None:
    site = {"Fighting": "qarvash-museum", "Temple": "anzu-temple", "Sirin": "sirin-bridge"}
    key = site.get(title.split()[0]) or (
        "qarvash-citadel" if "Citadel" in title else "qarvash-museum"
    )
    assert pairs(text, title) == {(key, expected)}


def test_things_a_museum_holds_stand_for_the_museum() -> None:
    text = "The Qarvash Museum holds Bronze Age tablets. Many of its pieces were stolen in March."
    assert pairs(text) == {("qarvash-museum", "looted")}
    text = "Fighters entered the Mehr Library in March. They burned thousands of books."
    assert pairs(text) == {("mehr-library", "vandalised")}


# what must not be read as a claim that something happened


@pytest.mark.parametrize(
    "text",
    [
        "The Temple of Anzu was not damaged in the fighting in March.",
        "There was no damage to the Temple of Anzu.",
        "The Temple of Anzu survived the shelling in March.",
        "The Temple of Anzu was spared in March.",
        "The Temple of Anzu escaped damage in March.",
        "The Qarvash Museum was left untouched by the fighting.",
        "The Qarvash Museum was never looted.",
    ],
)
def test_a_negated_event_is_no_claim_with_nothing_to_contradict(text: str) -> None:
    # the guide (7, `negation`); rules-10 (test_rules_ten.py) keeps it where the article
    # affirms the event, as its dispute
    assert read(text) == set()


def test_a_refuted_report_is_disputed() -> None:
    found = read("Rumours that the Qarvash Museum had been looted proved false.")
    assert found
    assert all(stance == "disputes" for _, _, stance in found)


@pytest.mark.parametrize(
    "text",
    [
        "The Temple of Anzu is feared to have been destroyed.",
        "The Temple of Anzu could be destroyed if the fighting goes on.",
        "Fighters threatened to blow up the Temple of Anzu.",
        "The Black Banner Front plans to take the Qarvash Citadel.",
        # history
        "The Temple of Anzu was destroyed by an earthquake in 1202.",
        "The Qarvash Citadel was besieged in 1402 by a Mongol army.",
        "The Temple of Anzu was looted in the 12th century.",
        "The Sirin Bridge was rebuilt in 1780.",
        "The Temple of Anzu was damaged during the Ottoman period.",
        "The Temple of Anzu was looted in antiquity.",
        "The Qarvash Citadel was captured by the Mongols.",
        "The Sirin Bridge was destroyed in 634 AD.",
        "The Temple of Anzu was plundered by Roman soldiers.",
        # attempts
        "The Eastern Army failed to retake Qarvash in March.",
        "The Black Banner Front tried to capture the Qarvash Citadel in March.",
        # a civilian building by a site, or in its town
        "A school in Qarvash was destroyed in March.",
        "Houses near the Sirin Bridge were damaged in March.",
        # figurative uses of the verbs
        "The news devastated the staff of the Qarvash Museum.",
        "The scandal wrecked the career of the director of the Qarvash Museum.",
        "The exhibition at the Qarvash Museum was a blockbuster that stole the show.",
        "The Qarvash Museum restored its opening hours in March.",
        # entering a town is not holding it
        "Eastern Army soldiers entered Qarvash in March.",
    ],
)
def test_no_claim_is_read(text: str) -> None:
    assert read(text) == set()


def test_a_hedged_report_stays_a_claim_of_the_event() -> None:
    assert pairs("The Temple of Anzu was reportedly looted in March.") == {
        ("anzu-temple", "looted")
    }


def test_surviving_one_blast_then_destroyed_is_no_dispute() -> None:
    text = "The Temple of Anzu survived the first explosion, but was then razed in March."
    assert read(text) == {("anzu-temple", "destroyed", "affirms")}


def test_a_month_opening_a_sentence_without_a_comma_leaves_it_the_subject() -> None:
    text = "The Qarvash Museum stands in the old town. In March it was looted."
    assert pairs(text) == {("qarvash-museum", "looted")}


def test_people_who_work_at_a_heritage_building_are_its_staff() -> None:
    assert pairs("Two employees of the Qarvash Museum were kidnapped in March.") == {
        ("qarvash-museum", "abducted")
    }
    assert read("Two employees of a bank in Qarvash were kidnapped in March.") == set()
