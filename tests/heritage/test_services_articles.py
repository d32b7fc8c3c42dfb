"""Articles are stored once, and claims quote them exactly."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from heritage.models import Article, Claim, Event
from heritage.services import articles, changes, claims, events, records
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


# Changing and deleting articles


def test_an_update_changes_the_fields_sent_and_the_trail_has_old_and_new(
    session: Session,
) -> None:
    editor = b.user(session, "editor")
    article = b.article(session, b.source(session, "SANA"), "2016-03-27", title="Palmyra")
    other_publisher = b.source(session, "Al Jazeera")
    articles.update_article(
        session,
        editor,
        article.id,
        {
            "title": "  Palmyra retaken  ",
            "url": "https://WWW.aljazeera.com/news/palmyra?utm_source=x",
            "published": dt.date(2016, 3, 28),
            "language": "ar",
            "publisher_id": other_publisher.id,
        },
        article.version,
    )
    stored = articles.get_article(session, ANONYMOUS, article.id)
    assert (stored.title, stored.published, stored.language) == (
        "Palmyra retaken",
        dt.date(2016, 3, 28),
        "ar",
    )
    assert stored.url_key == "//aljazeera.com/news/palmyra"
    assert stored.publisher_id == other_publisher.id
    assert stored.text is None  # not sent, left as it was
    (created, updated) = changes.record_revisions(session, editor, "article", article.id)
    assert created["action"] == "created" and updated["action"] == "updated"
    assert updated["changes"]["title"] == ["Palmyra", "Palmyra retaken"]
    assert updated["changes"]["published"] == ["2016-03-27", "2016-03-28"]
    assert sorted(updated["changes"]) == ["language", "published", "publisher_id", "title", "url"]


def test_an_update_may_not_take_another_articles_url_or_text(session: Session) -> None:
    publisher = b.source(session, "AFP")
    first = b.article(session, publisher, url="https://afp.com/palmyra", text=TEXT)
    second = b.article(session, publisher, url="https://afp.com/tadmur")
    before = records.snapshot(second)
    with pytest.raises(Conflict) as same_url:
        articles.update_article(session, SYSTEM, second.id, {"url": "http://www.afp.com/palmyra/"})
    assert (same_url.value.field, same_url.value.existing) == ("url", ("article", first.id))
    with pytest.raises(Conflict) as same_text:
        articles.update_article(session, SYSTEM, second.id, {"text": TEXT})
    assert (same_text.value.field, same_text.value.existing) == ("text", ("article", first.id))
    session.expire_all()
    assert records.snapshot(second) == before


def test_an_article_keeps_its_own_url_and_text_without_conflict(session: Session) -> None:
    article = b.article(session, b.source(session, "AFP"), text=TEXT)
    captured = article.captured_at
    articles.update_article(session, SYSTEM, article.id, {"url": article.url, "text": TEXT})
    assert (article.text, article.captured_at) == (TEXT, captured)
    trail = changes.record_revisions(session, SYSTEM, "article", article.id)
    assert [r["action"] for r in trail] == ["created"]  # nothing changed


def test_text_may_be_archived_after_the_article_was_stored(session: Session) -> None:
    article = b.article(session, b.source(session, "AFP"))
    captured = dt.datetime(2016, 3, 28, 9, 30, tzinfo=dt.UTC)
    articles.update_article(session, SYSTEM, article.id, {"text": TEXT, "captured_at": captured})
    assert (article.text, article.text_sha256) == (TEXT, text_digest(TEXT))
    assert article.captured_at is not None
    assert article.captured_at.replace(tzinfo=dt.UTC) == captured
    (_, archived) = changes.record_revisions(session, SYSTEM, "article", article.id)
    assert archived["changes"]["text_sha256"] == [None, text_digest(TEXT)]
    assert "text" not in archived["changes"]  # the digest stands for it in the trail


def test_unquoted_text_may_be_replaced_and_removed(session: Session, recapture: Recapture) -> None:
    archived, event, _ = recapture
    b.claim(session, archived, event)  # a claim without a quote holds nothing in the text
    articles.update_article(session, SYSTEM, archived.id, {"text": TEXT + " Corrected."})
    assert archived.text_sha256 == text_digest(TEXT + " Corrected.")
    articles.update_article(session, SYSTEM, archived.id, {"text": None})
    assert (archived.text, archived.text_sha256, archived.captured_at) == (None, None, None)


def test_text_that_a_claim_quotes_by_offset_stays_as_it_was(
    session: Session, recapture: Recapture
) -> None:
    archived, event, _ = recapture
    claim = b.claim(session, archived, event, quote=QUOTE)
    session.commit()
    session.expire_all()  # as stored, as the comparison reads it again
    before = records.snapshot(archived)
    moment = dt.datetime(2016, 4, 1, tzinfo=dt.UTC)
    for change in (
        {"text": TEXT.replace("citadel", "castle")},
        {"text": None},
        {"text": TEXT, "captured_at": moment},
    ):
        with pytest.raises(Conflict) as refused:
            articles.update_article(session, SYSTEM, archived.id, change)
        assert refused.value.field == "text"
        (quoting,) = refused.value.referenced_by
        assert (quoting.resource, quoting.count, quoting.ids) == ("claim", 1, (claim.id,))
        session.rollback()
    session.expire_all()
    assert records.snapshot(archived) == before
    assert archived.text == TEXT
    # The rest of the article may still change.
    articles.update_article(session, SYSTEM, archived.id, {"title": "Palmyra recaptured"})
    assert archived.title == "Palmyra recaptured"


@pytest.fixture
def deleted_quote(session: Session, recapture: Recapture) -> tuple[Article, Event, Claim]:
    """The archived article, its event, and a draft claim that quoted it, deleted."""
    archived, event, _ = recapture
    claim = b.claim(session, archived, event, quote=QUOTE, status="draft")
    claims.delete_claim(session, SYSTEM, claim.id)
    return archived, event, claim


def test_a_deleted_claim_still_holds_the_text_it_quoted(
    session: Session, deleted_quote: tuple[Article, Event, Claim]
) -> None:
    """Its restore would bring back offsets into the text, and its trail points there."""
    archived, _, claim = deleted_quote
    with pytest.raises(Conflict) as refused:
        articles.update_article(session, SYSTEM, archived.id, {"text": TEXT + " More."})
    assert refused.value.referenced_by[0].ids == (claim.id,)


def test_a_bad_update_names_each_wrong_field_and_changes_nothing(session: Session) -> None:
    article = b.article(session, b.source(session, "AFP"), text=TEXT)
    session.commit()
    session.expire_all()  # as stored, as the comparison reads it again
    before = records.snapshot(article)
    with pytest.raises(InvalidInput) as refused:
        articles.update_article(
            session,
            SYSTEM,
            article.id,
            {
                "title": " ",
                "url": "ftp://afp.com/palmyra",
                "published": "yesterday",
                "language": "English!",
                "publisher_id": None,
                "syndicated_from_id": 999_999,
            },
        )
    assert sorted(refused.value.errors) == [
        "language",
        "published",
        "publisher_id",
        "syndicated_from_id",
        "title",
        "url",
    ]
    with pytest.raises(InvalidInput) as undated:
        articles.update_article(
            session, SYSTEM, article.id, {"captured_at": dt.datetime(2016, 1, 1, tzinfo=dt.UTC)}
        )
    assert sorted(undated.value.errors) == ["captured_at"]
    session.rollback()
    session.expire_all()
    assert records.snapshot(article) == before
    assert len(changes.record_revisions(session, SYSTEM, "article", article.id)) == 1


def test_only_editors_change_and_delete_articles(session: Session) -> None:
    article = b.article(session, b.source(session, "AFP"))
    viewer = b.user(session, "viewer")
    with pytest.raises(Forbidden):
        articles.update_article(session, viewer, article.id, {"title": "X"}, article.version)
    with pytest.raises(Forbidden):
        articles.delete_article(session, viewer, article.id, article.version)
    with pytest.raises(Unauthenticated):
        articles.delete_article(session, ANONYMOUS, article.id, article.version)
    articles.delete_article(session, b.user(session, "editor"), article.id, article.version)


def test_a_new_publisher_or_agency_regrades_the_events_of_its_claims(session: Session) -> None:
    event = b.event(session, b.site(session))
    afp, sana = b.source(session, "AFP"), b.source(session, "SANA")
    b.reported(session, event, afp)
    second = b.reported(session, event, sana)
    session.expire(event)
    assert event.grade == "fair"  # two independent sources
    articles.update_article(session, SYSTEM, second.article_id, {"syndicated_from_id": afp.id})
    session.expire(event)
    assert event.grade == "weak"  # SANA republished AFP's story: one source
    articles.update_article(session, SYSTEM, second.article_id, {"syndicated_from_id": None})
    session.expire(event)
    assert event.grade == "fair"
    articles.update_article(session, SYSTEM, second.article_id, {"publisher_id": afp.id})
    session.expire(event)
    assert event.grade == "weak"


def test_an_article_with_claims_is_not_deleted(session: Session, recapture: Recapture) -> None:
    archived, event, _ = recapture
    draft = b.claim(session, archived, event, status="draft")
    retracted = b.claim(session, archived, event, status="retracted")
    with pytest.raises(Conflict) as refused:
        articles.delete_article(session, SYSTEM, archived.id)
    (held,) = refused.value.referenced_by
    assert (held.resource, held.field, held.count) == ("claim", "article_id", 2)
    assert held.ids == (draft.id, retracted.id)
    assert articles.get_article(session, ANONYMOUS, archived.id).deleted_at is None


def test_a_deleted_article_leaves_reads_keeps_its_url_and_comes_back(
    session: Session, deleted_quote: tuple[Article, Event, Claim]
) -> None:
    archived, event, claim = deleted_quote
    articles.delete_article(session, SYSTEM, archived.id)
    with pytest.raises(NotFound):
        articles.get_article(session, SYSTEM, archived.id)
    with pytest.raises(NotFound):
        articles.update_article(session, SYSTEM, archived.id, {"title": "X"})
    assert archived.id not in [a.id for a in articles.list_articles(session, SYSTEM).items]
    with pytest.raises(InvalidInput) as refused:  # nothing new may quote it
        b.claim(session, archived, event)
    assert sorted(refused.value.errors) == ["article_id"]
    with pytest.raises(Conflict) as taken:  # its URL waits for a restore
        b.article(session, b.source(session, "Elsewhere"), url=archived.url)
    assert taken.value.existing == ("article", archived.id)
    # The claim cannot come back quoting a tombstone; the article first, then the claim.
    with pytest.raises(Conflict) as dangling:
        records.restore(session, SYSTEM, "claim", claim.id)
    assert list(dangling.value.errors) == ["article_id"]
    records.restore(session, SYSTEM, "article", archived.id)
    records.restore(session, SYSTEM, "claim", claim.id)
    assert [c.id for c in articles.article_claims(session, SYSTEM, archived.id, True)] == [claim.id]
    trail = changes.record_revisions(session, SYSTEM, "article", archived.id)
    assert [r["action"] for r in trail] == ["created", "deleted", "restored"]


def test_claims_of_a_deleted_event_come_back_only_with_their_article(
    session: Session, recapture: Recapture
) -> None:
    archived, _, _ = recapture
    event = b.event(session, b.site(session, "Tadmur"), status="draft")
    claim = b.claim(session, archived, event, status="draft")
    events.delete_event(session, SYSTEM, event.id)
    articles.delete_article(session, SYSTEM, archived.id)  # the claim went with its event
    with pytest.raises(Conflict) as refused:
        records.restore(session, SYSTEM, "event", event.id)
    assert refused.value.errors == {
        "claims": [
            f"Article {archived.id} is deleted (through claim {claim.id}): restore it first."
        ]
    }
    records.restore(session, SYSTEM, "article", archived.id)
    records.restore(session, SYSTEM, "event", event.id)
    assert claims.get_claim(session, SYSTEM, claim.id).article_id == archived.id
