"""The seed article, published 27 March 2016, read with the demo database's names: the
checks of issue 19. They run on the seed itself where shared/seed is beside the checkout
(skipped, saying so, where it is not) and always on the same facts retold in the project's
own words, whose sentences the rules have not been written against."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from heritage.demo import load_demo
from heritage.extraction.candidates import Candidate, extract
from heritage.extraction.gazetteer import load_gazetteer
from tests.heritage.extraction.helpers import RETOLD, one, seed_path

PUBLISHED = dt.date(2016, 3, 27)


@dataclass(frozen=True)
class Anchors:
    """Where each claim's sentence starts or ends in one telling of the article."""

    text: str
    lede: str
    lede_end: str
    observatory: str
    isil_in_may: str
    monuments: str
    prison: str
    hypotheticals: tuple[str, ...]


def _seed() -> Anchors:
    path = seed_path()
    if path is None:
        pytest.skip("shared/seed/ is not beside this checkout: the retold text is checked")
    return Anchors(
        path.read_text("utf-8"),
        lede="Syrian government forces, backed",
        lede_end="state media and a monitoring group said.",
        observatory="The Britain-based Syrian Observatory",
        isil_in_may="In May, ISIL took Palmyra",
        monuments="some of its best-known monuments",
        prison="The group also destroyed the infamous Tadmur prison",
        hypotheticals=("ISIL may try to plant IEDs", "Capturing the city will be seen"),
    )


def _retold() -> Anchors:
    return Anchors(
        RETOLD.read_text("utf-8"),
        lede="Syrian government forces, backed",
        lede_end="according to state media and a monitoring group.",
        observatory="The Syrian Observatory for Human Rights, a monitor",
        isil_in_may="In May, ISIL overran Palmyra",
        monuments="several of its most famous monuments",
        prison="The group also destroyed the notorious Tadmur prison",
        hypotheticals=("it may have done so again", "opening the way to the eastern desert"),
    )


@pytest.fixture(params=["seed", "retold"])
def article(request: pytest.FixtureRequest) -> Anchors:
    return _seed() if request.param == "seed" else _retold()


@pytest.fixture
def seed_claims(session: Session, article: Anchors) -> list[Candidate]:
    load_demo(session)
    found = extract(article.text, published=PUBLISHED, gazetteer=load_gazetteer(session))
    for candidate in found:
        assert article.text[candidate.quote_start : candidate.quote_end] == candidate.quote
    return found


def test_recapture_by_government_forces_backed_by_russian_air_power(
    seed_claims: list[Candidate], article: Anchors
) -> None:
    lede = one(
        seed_claims,
        site="palmyra",
        event_type="captured",
        actor="syrian-government-forces",
        quote_start=article.text.index(article.lede),
    )
    assert lede.actor_role == "controller"
    assert lede.date == "2016-03-27"
    assert lede.stance == "affirms"
    assert lede.quote.endswith(article.lede_end)
    support = one(seed_claims, quote_start=lede.quote_start, actor="russian-aerospace-forces")
    assert (support.event_type, support.actor_role) == ("captured", "supporter")


def test_state_television_affirms_complete_control(seed_claims: list[Candidate]) -> None:
    claim = one(seed_claims, event_type="captured", speaker_key="syrian-state-television")
    assert claim.site is not None and claim.site.key == "palmyra"
    assert claim.speaker == "a military source"
    assert claim.speaker_affiliation == "Syrian state television"
    assert claim.stance == "affirms"
    assert claim.date == "2016-03-27"
    assert "complete control over the city of Palmyra" in claim.quote


def test_observatory_disputes_full_control(seed_claims: list[Candidate], article: Anchors) -> None:
    claim = one(seed_claims, event_type="captured", speaker_key="sohr")
    assert claim.site is not None and claim.site.key == "palmyra"
    assert claim.speaker == "Syrian Observatory for Human Rights"
    assert claim.stance == "disputes"
    assert claim.date == "2016-03-27"  # "on Sunday morning", published on a Sunday
    assert claim.quote.startswith(article.observatory)
    assert "gunfire could still be heard" in claim.quote


def test_isil_took_palmyra_in_may_2015(seed_claims: list[Candidate], article: Anchors) -> None:
    claim = one(seed_claims, site="palmyra", event_type="captured", actor="isil")
    assert claim.actor_role == "controller"
    assert claim.date == "2015-05"
    assert claim.speaker is None
    assert claim.quote.startswith(article.isil_in_may)


def test_unnamed_monuments_demolished_later_stay_unnamed(
    seed_claims: list[Candidate], article: Anchors
) -> None:
    claim = one(seed_claims, event_type="destroyed", mention=article.monuments)
    assert claim.site is None
    assert claim.actor is not None and claim.actor.key == "isil"
    # "in May … and later demolished": from May on; "in May … and then blew up": May.
    assert claim.date in ("2015-05/2016-03-27", "2015-05")


def test_isil_destroyed_tadmur_prison(seed_claims: list[Candidate], article: Anchors) -> None:
    claim = one(seed_claims, site="tadmur-prison", event_type="destroyed")
    assert claim.actor is not None and claim.actor.key == "isil"  # "the group"
    assert claim.actor_role == "perpetrator"
    assert claim.speaker is None
    assert claim.stance == "affirms"
    assert claim.quote_start == article.text.index(article.prison)


def test_booby_traps_in_the_city_from_sources_speaking_to_al_jazeera(
    seed_claims: list[Candidate],
) -> None:
    claim = one(seed_claims, event_type="booby_trapped")
    assert claim.site is not None and claim.site.key == "palmyra"  # "the city's neighbourhoods"
    assert claim.actor is None  # the army clears the traps; the text does not say who laid them
    assert claim.speaker == "sources"
    assert claim.speaker_affiliation == "Al Jazeera"
    assert claim.quote.endswith("sources told Al Jazeera.")


def test_hypothetical_sentences_give_no_claim(
    seed_claims: list[Candidate], article: Anchors
) -> None:
    quotes = " ".join(claim.quote for claim in seed_claims)
    for sentence in article.hypotheticals:
        assert sentence in article.text
        assert sentence not in quotes


def test_every_claim_is_well_formed(seed_claims: list[Candidate]) -> None:
    from heritage.dates import parse_date
    from heritage.vocab import ActorRole, EventType, Stance, is_value

    for claim in seed_claims:
        assert is_value(claim.event_type, EventType)
        assert is_value(claim.stance, Stance)
        assert claim.actor_role is None or is_value(claim.actor_role, ActorRole)
        assert claim.date is None or parse_date(claim.date).edtf == claim.date
        assert 0 <= claim.score <= 1
        assert claim.site is not None or claim.mention
