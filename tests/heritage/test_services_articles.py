"""Articles are stored once, and claims quote them exactly."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.errors import Conflict, InvalidInput
from heritage.models import Article, Claim, Event
from heritage.services import articles, claims
from heritage.services.articles import text_digest
from tests.heritage import builders as b

TEXT = (
    "Syrian government forces recaptured Palmyra on Sunday. "
    "State television quoted a military source as saying the army had taken the citadel."
)
QUOTE = "the army had taken the citadel"
Recapture = tuple[Article, Event, Article]  # archived article, event, article without text


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


# Articles


def test_an_archived_article_keeps_its_text_digest_and_capture_time(session: Session) -> None:
    publisher = b.source(session, "Al Jazeera")
    article = b.article(session, publisher, "2016-03-27", text=TEXT)
    assert article.text_sha256 == text_digest(TEXT)
    assert article.captured_at is not None
    assert article.url_key == "//news.example.org/story/" + article.url.rsplit("/", 1)[1]


def test_an_article_without_text_has_no_digest(session: Session) -> None:
    article = b.article(session, b.source(session, "Al Jazeera"))
    assert (article.text, article.text_sha256, article.captured_at) == (None, None, None)


@pytest.mark.parametrize(
    "spelling",
    [
        "http://www.aljazeera.com/news/2016/3/27/palmyra-recaptured/",
        "https://aljazeera.com/news/2016/3/27/palmyra-recaptured?utm_source=twitter",
        "https://ALJAZEERA.com/news/2016/3/27/palmyra-recaptured#comments",
    ],
)
def test_the_same_article_under_another_spelling_of_its_url_is_refused(
    session: Session, spelling: str
) -> None:
    publisher = b.source(session, "Al Jazeera")
    first = b.article(
        session, publisher, url="https://www.aljazeera.com/news/2016/3/27/palmyra-recaptured"
    )
    with pytest.raises(Conflict) as refused:
        b.article(session, publisher, url=spelling)
    assert refused.value.existing == ("article", first.id)
    assert refused.value.field == "url"
    assert count(session, Article) == 1


def test_the_same_text_under_another_url_is_refused(session: Session) -> None:
    first = b.article(session, b.source(session, "AFP"), text=TEXT)
    with pytest.raises(Conflict) as refused:
        b.article(session, b.source(session, "France 24"), text=TEXT)
    assert refused.value.existing == ("article", first.id)
    assert refused.value.field == "text"


def test_articles_with_different_urls_and_texts_are_both_stored(session: Session) -> None:
    publisher = b.source(session, "Al Jazeera")
    b.article(session, publisher, text=TEXT)
    b.article(session, publisher, text=TEXT + " Updated.")
    b.article(session, publisher)
    assert count(session, Article) == 3


def test_an_article_needs_a_web_url_a_date_a_publisher_and_a_title(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        articles.create_article(
            session,
            SYSTEM,
            {"title": "", "url": "aljazeera.com/x", "published": "2016-03-27", "language": "en"},
        )
    assert sorted(refused.value.errors) == ["published", "publisher_id", "title", "url"]


@pytest.mark.parametrize("url", ["https://aljazeera.com:abc/x", "https://[::1/x", "ftp://a.org/x"])
def test_an_article_url_that_is_not_a_web_address_is_refused(session: Session, url: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        b.article(session, b.source(session, "Al Jazeera"), url=url)
    assert sorted(refused.value.errors) == ["url"]


def test_an_article_with_an_unknown_publisher_is_refused(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        articles.create_article(
            session,
            SYSTEM,
            {
                "title": "Palmyra",
                "url": "https://example.org/a",
                "published": dt.date(2016, 3, 27),
                "publisher_id": 999_999,
            },
        )
    assert sorted(refused.value.errors) == ["publisher_id"]


def test_articles_are_listed_newest_first_and_by_publisher(session: Session) -> None:
    aljazeera = b.source(session, "Al Jazeera")
    sana = b.source(session, "SANA")
    old = b.article(session, aljazeera, "2015-05-21")
    new = b.article(session, aljazeera, "2016-03-27")
    b.article(session, sana, "2016-03-28")
    listed = articles.list_articles(session, ANONYMOUS, publisher_id=aljazeera.id)
    assert [a.id for a in listed.items] == [new.id, old.id]
    assert listed.total == 2
    ranged = articles.list_articles(
        session, ANONYMOUS, published_from=dt.date(2016, 1, 1), published_to=dt.date(2016, 3, 27)
    )
    assert [a.id for a in ranged.items] == [new.id]


# Claims and their quotes


@pytest.fixture
def recapture(session: Session) -> Recapture:
    palmyra = b.site(session, "Palmyra", "city")
    event = b.event(session, palmyra, "captured", "2016-03-27")
    publisher = b.source(session, "Al Jazeera")
    archived = b.article(session, publisher, "2016-03-27", text=TEXT)
    bare = b.article(session, publisher, "2016-03-28")
    return archived, event, bare


def test_a_quote_is_located_in_the_article_text_automatically(
    session: Session, recapture: Recapture
) -> None:
    archived, event, _ = recapture
    claim = b.claim(session, archived, event, quote=QUOTE)
    assert TEXT[claim.quote_start : claim.quote_end] == QUOTE
    assert claim.quote_start == TEXT.index(QUOTE)


def test_a_quote_that_is_not_in_the_article_is_refused(
    session: Session, recapture: Recapture
) -> None:
    archived, event, _ = recapture
    with pytest.raises(InvalidInput) as refused:
        b.claim(session, archived, event, quote="ISIL destroyed the citadel")
    assert sorted(refused.value.errors) == ["quote"]
    assert count(session, Claim) == 0


def test_offsets_that_frame_the_quote_are_kept(session: Session, recapture: Recapture) -> None:
    archived, event, _ = recapture
    start = TEXT.index(QUOTE)
    claim = b.claim(
        session, archived, event, quote=QUOTE, quote_start=start, quote_end=start + len(QUOTE)
    )
    assert (claim.quote_start, claim.quote_end) == (start, start + len(QUOTE))


@pytest.mark.parametrize(
    ("start_shift", "end_shift"), [(1, 1), (0, -1), (-1, 0), (10_000, 10_000 + len(QUOTE))]
)
def test_offsets_that_do_not_frame_the_quote_are_refused(
    session: Session, recapture: Recapture, start_shift: int, end_shift: int
) -> None:
    archived, event, _ = recapture
    start = TEXT.index(QUOTE)
    with pytest.raises(InvalidInput) as refused:
        b.claim(
            session,
            archived,
            event,
            quote=QUOTE,
            quote_start=start + start_shift,
            quote_end=start + len(QUOTE) + end_shift,
        )
    assert sorted(refused.value.errors) == ["quote_start"]


def test_offsets_into_an_article_without_archived_text_are_refused(
    session: Session, recapture: Recapture
) -> None:
    _, event, bare = recapture
    with pytest.raises(InvalidInput) as refused:
        b.claim(session, bare, event, quote=QUOTE, quote_start=0, quote_end=len(QUOTE))
    assert sorted(refused.value.errors) == ["quote_start"]


def test_a_quote_from_an_article_without_archived_text_has_no_offsets(
    session: Session, recapture: Recapture
) -> None:
    _, event, bare = recapture
    claim = b.claim(session, bare, event, quote=QUOTE)
    assert (claim.quote, claim.quote_start, claim.quote_end) == (QUOTE, None, None)


def test_offsets_without_a_quote_are_refused(session: Session, recapture: Recapture) -> None:
    archived, event, _ = recapture
    with pytest.raises(InvalidInput) as refused:
        b.claim(session, archived, event, quote_start=0, quote_end=5)
    assert sorted(refused.value.errors) == ["quote"]


def test_one_offset_alone_is_refused(session: Session, recapture: Recapture) -> None:
    archived, event, _ = recapture
    with pytest.raises(InvalidInput) as refused:
        b.claim(session, archived, event, quote=QUOTE, quote_start=TEXT.index(QUOTE))
    assert sorted(refused.value.errors) == ["quote_end"]


def test_changing_the_quote_moves_its_offsets(session: Session, recapture: Recapture) -> None:
    archived, event, _ = recapture
    claim = b.claim(session, archived, event, quote=QUOTE)
    claims.update_claim(session, SYSTEM, claim.id, {"quote": "recaptured Palmyra"})
    assert claim.quote_start == TEXT.index("recaptured Palmyra")
    assert claim.quote_end == claim.quote_start + len("recaptured Palmyra")


def test_updating_other_fields_keeps_the_quotes_offsets(
    session: Session, recapture: Recapture
) -> None:
    archived, event, _ = recapture
    claim = b.claim(session, archived, event, quote=QUOTE)
    claims.update_claim(session, SYSTEM, claim.id, {"summary": "The army took the citadel."})
    assert (claim.quote_start, claim.quote_end) == (
        TEXT.index(QUOTE),
        TEXT.index(QUOTE) + len(QUOTE),
    )


def test_a_claim_needs_a_known_article_event_and_stance(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        claims.create_claim(session, SYSTEM, {"article_id": 999_999, "stance": "maybe"})
    assert sorted(refused.value.errors) == ["article_id", "event_id", "stance"]


def test_an_invalid_stated_date_is_refused_under_its_own_field(
    session: Session, recapture: Recapture
) -> None:
    archived, event, _ = recapture
    with pytest.raises(InvalidInput) as refused:
        b.claim(session, archived, event, stated_date="last Sunday")
    assert sorted(refused.value.errors) == ["stated_date"]


def test_figures_must_be_named_finite_numbers(session: Session, recapture: Recapture) -> None:
    archived, event, _ = recapture
    claim = b.claim(session, archived, event, figures={"fighters_killed": 400})
    assert claim.figures == {"fighters_killed": 400}
    with pytest.raises(InvalidInput) as refused:
        b.claim(session, archived, event, figures={"fighters_killed": "400", "wounded": True})
    assert sorted(refused.value.errors) == ["figures.fighters_killed", "figures.wounded"]
