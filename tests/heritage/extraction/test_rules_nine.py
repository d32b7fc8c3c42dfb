"""Rules-9: the annotation guide's type table (bench/extraction/GUIDELINES.md 3.1 and 3.2)
read row by row, each row's wording tried on sentences in our own words about the made-up
town of Velmar; the rows the rules did not yet read, each with a reading it must not make."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.heritage.extraction.helpers import checked, pairs_of, velmar_gazetteer

PUBLISHED = dt.date(2023, 3, 14)


def pairs(text: str) -> set[tuple[str | None, str | None]]:
    return pairs_of(checked(text, velmar_gazetteer(), PUBLISHED))


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # damaged: "hit" with no severity, in the passive as in the active
        ("The Church of Saint Oda was hit in May 2022.", ("st-oda-church", "damaged")),
        (
            "A shell landed in the courtyard of the Church of Saint Oda in May 2022.",
            ("st-oda-church", "damaged"),
        ),
        # possibly damaged: a hit that did not explode
        (
            "A shell that did not explode landed in the courtyard of the Church of Saint Oda "
            "in May 2022.",
            ("st-oda-church", "possibly_damaged"),
        ),
        # looted: material stripped from the site
        (
            "Copper was stripped from the dome of the Church of Saint Oda in May 2022.",
            ("st-oda-church", "looted"),
        ),
        (
            "By June 2022 the Velmar Art Museum had been stripped of its paintings.",
            ("velmar-museum", "looted"),
        ),
        # militarily used: armed men or arms put in the site, in the passive
        (
            "Grey Legion tanks were parked in the courtyard of the Church of Saint Oda in "
            "May 2022.",
            ("st-oda-church", "militarily_used"),
        ),
        # contested: a fight for the site with no outcome told
        (
            "The Grey Legion and the army battled for Velmar in May 2022.",
            ("velmar", "contested"),
        ),
        # besieged: cut off by the besieger
        ("Velmar was cut off by the Grey Legion in May 2022.", ("velmar", "besieged")),
        # restored: conservation is work on the site, and a grant for it counts
        (
            "Conservation work on the Church of Saint Oda is under way.",
            ("st-oda-church", "restored"),
        ),
        (
            "A grant for the conservation of the Church of Saint Oda was awarded in 2022.",
            ("st-oda-church", "restored"),
        ),
        ("The Church of Saint Oda was conserved in 2022.", ("st-oda-church", "restored")),
        # a dated renovation from 1900 on is a claim with no harm told (3.2)
        (
            "The Church of Saint Oda was renovated throughout in 1998.",
            ("st-oda-church", "restored"),
        ),
        # assessed: an inventory of losses, satellite imagery of the site's state
        (
            "The Velmar Art Museum published an inventory of its losses in June 2022.",
            ("velmar-museum", "assessed"),
        ),
        (
            "Satellite imagery analysed in June 2022 shows the condition of the Church of "
            "Saint Oda.",
            ("st-oda-church", "assessed"),
        ),
    ],
)
def test_a_row_of_the_guides_type_table_is_read(text: str, pair: tuple[str, str]) -> None:
    assert pair in pairs(text)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # people hit are no site hit
        (
            "Two of our soldiers were hit near the Church of Saint Oda in May 2022.",
            ("st-oda-church", "damaged"),
        ),
        # a job's title is no conservation work
        (
            "The head of conservation at the Velmar Art Museum spoke in May 2022.",
            ("velmar-museum", "restored"),
        ),
        # work a site waits for is no claim (the guide's trap)
        ("The Church of Saint Oda is awaiting reconstruction.", ("st-oda-church", "restored")),
        ("The Church of Saint Oda is in need of repair.", ("st-oda-church", "restored")),
        # an undated renovation with no harm told is upkeep, no claim
        (
            "The Church of Saint Oda has undergone many renovations over the centuries.",
            ("st-oda-church", "restored"),
        ),
        # shells fired from a site did not land in it
        (
            "Shells were fired from the Church of Saint Oda in May 2022.",
            ("st-oda-church", "damaged"),
        ),
        # a town cut off from the sea by a storm is not besieged by anyone
        ("In May 2022 Velmar was cut off from the coast by floods.", ("velmar", "besieged")),
    ],
)
def test_a_reading_the_guide_rules_out_is_not_made(text: str, pair: tuple[str, str]) -> None:
    assert pair not in pairs(text)


def test_a_renovation_mending_harm_the_text_tells_stays_a_claim_undated() -> None:
    found = pairs(
        "The Church of Saint Oda was shelled in May 2022.\nThe church has since been renovated.\n"
    )
    assert ("st-oda-church", "damaged") in found
    assert ("st-oda-church", "restored") in found
