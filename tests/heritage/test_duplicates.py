"""Duplicates warned while typing: a site name close to a stored one, an article's URL or
text stored already."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.models import Site
from heritage.services import articles, sites
from heritage.services.duplicates import (
    MAX_SIMILAR,
    SIMILAR_SCORE,
    article_by_text,
    article_by_url,
    similar_site_names,
)
from tests.heritage import builders as b


@pytest.fixture
def palmyra(session: Session) -> Site:
    city = b.site(
        session,
        "Palmyra",
        "city",
        names=[
            {"name": "Tadmur", "lang": "ar-Latn", "type": "transliteration"},
            {"name": "تَدْمُر", "lang": "ar", "type": "preferred"},
        ],
    )
    b.site(session, "Krak des Chevaliers", "castle", names=[{"name": "Qal'at al-Hosn"}])
    b.site(session, "Temple of Bel", "temple", parent=city)
    b.site(session, "Hama", "city")
    return city


def similar(session: Session, typed: str) -> list[tuple[str, str]]:
    return [(s.primary_name, s.name) for s in similar_site_names(session, ANONYMOUS, typed)]


def test_misspellings_and_spelling_variants_find_the_stored_site(
    session: Session, palmyra: Site
) -> None:
    assert similar(session, "Palmira") == [("Palmyra", "Palmyra")]
    assert similar(session, "Tadmor") == [("Palmyra", "Tadmur")]  # an alternative name
    assert similar(session, "تدمور") == [("Palmyra", "تَدْمُر")]
    assert similar(session, "Crac des Chevaliers") == [("Krak des Chevaliers",) * 2]
    assert similar(session, "Qalaat al-Husn") == [("Krak des Chevaliers", "Qal'at al-Hosn")]
    assert similar(session, "Temple of Baal") == [("Temple of Bel", "Temple of Bel")]


def test_the_same_name_scores_highest_and_tells_where_the_site_lies(
    session: Session, palmyra: Site
) -> None:
    [temple] = similar_site_names(session, ANONYMOUS, "TEMPLE OF BEL")
    assert (temple.score, temple.parent_name) == (100, "Palmyra")


def test_the_site_being_edited_is_not_its_own_duplicate(session: Session, palmyra: Site) -> None:
    assert similar_site_names(session, ANONYMOUS, "Palmyra", except_site_id=palmyra.id) == []
    assert [s.id for s in similar_site_names(session, ANONYMOUS, "Palmyra")] == [palmyra.id]


def test_different_names_are_not_warned_of(session: Session, palmyra: Site) -> None:
    for typed in ("Homs", "Apamea", "Palmyra Museum", "Tadmur Prison", "Aleppo Citadel"):
        assert similar(session, typed) == [], typed


def test_the_closest_come_first_each_site_once(session: Session) -> None:
    for name in ("Tell Brak", "Tell Barak", "Tell Braq", "Tall Brak"):
        b.site(session, name, "tell", names=[{"name": name.upper() + " MOUND"}])
    found = similar_site_names(session, ANONYMOUS, "Tell Brak")
    assert [s.primary_name for s in found][:1] == ["Tell Brak"]
    assert sorted(s.primary_name for s in found) == sorted(
        ["Tell Brak", "Tell Barak", "Tell Braq", "Tall Brak"]
    )
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert all(s.score >= SIMILAR_SCORE for s in found)


def test_deleted_sites_are_not_warned_of(session: Session, palmyra: Site) -> None:
    hama = similar_site_names(session, ANONYMOUS, "Hamah")[0]
    sites.delete_site(session, SYSTEM, hama.id)
    assert similar(session, "Hamah") == []


def test_short_empty_or_huge_names_and_limits(session: Session, palmyra: Site) -> None:
    for typed in ("", "  ", "pa", "تد", "x" * 100_000):
        assert similar_site_names(session, ANONYMOUS, typed) == []
    for number in range(MAX_SIMILAR + 5):
        b.site(session, f"Tell Brak {number:02}", "tell")
    assert len(similar_site_names(session, ANONYMOUS, "Tell Brak 1", limit=2)) == 2
    assert len(similar_site_names(session, ANONYMOUS, "Tell Brak 1", limit=500)) == MAX_SIMILAR
    assert len(similar_site_names(session, ANONYMOUS, "Tell Brak 1", limit=0)) == 1


def test_an_article_is_found_by_any_spelling_of_its_url(session: Session) -> None:
    sana = b.source(session, "SANA")
    stored = b.article(session, sana, url="https://www.sana.sy/en/?p=72544&utm_source=x")
    for typed in (
        "https://www.sana.sy/en/?p=72544&utm_source=x",
        "http://sana.sy/en?p=72544",
        "  HTTPS://SANA.SY/en/?p=72544#top ",
    ):
        assert article_by_url(session, typed) == stored, typed
    for typed in ("https://sana.sy/en/?p=72545", "", "sana.sy/en/?p=72544", "not a url", "http://"):
        assert article_by_url(session, typed) is None, typed


def test_an_article_is_found_by_its_archived_text(session: Session) -> None:
    sana = b.source(session, "SANA")
    text = "The army restored security and stability to Palmyra.\n"
    stored = b.article(session, sana, text=text)
    b.article(session, sana)  # no text
    assert article_by_text(session, text) == stored
    assert article_by_text(session, text.strip()) is None  # another text, byte for byte
    assert article_by_text(session, "") is None


def test_a_deleted_article_is_still_found_since_it_keeps_its_url_and_text(
    session: Session,
) -> None:
    # A new article with its URL or text would be refused: the editor links to it (an
    # admin may restore it) rather than meeting that refusal after typing the rest.
    sana = b.source(session, "SANA")
    stored = b.article(session, sana, url="https://sana.sy/a", text="Text.")
    articles.delete_article(session, SYSTEM, stored.id)
    assert article_by_url(session, "https://sana.sy/a") == stored
    assert article_by_text(session, "Text.") == stored
