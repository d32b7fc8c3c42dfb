"""A new article whose text is a near copy of a stored one (a wire story republished) is
proposed as syndicated from the stored article's originating source; an article of its
own is not. The threshold's figures are bench/syndication.py's; these tests use its pairs."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench.syndication import COPIES, UNRELATED, all_three, seed_text
from heritage.auth import SYSTEM
from heritage.extraction import syndication as s
from heritage.models import ArticleBucket, ArticleSignature
from heritage.services import articles
from tests.heritage import builders as b

SEED = seed_text()
MARCH_27 = dt.date(2016, 3, 27)


@pytest.mark.parametrize("edit", list(COPIES))
def test_each_edited_copy_of_the_seed_is_past_the_threshold(edit: str) -> None:
    similarity = s.jaccard(s.shingles(SEED), s.shingles(COPIES[edit](SEED)))
    assert similarity >= s.THRESHOLD


@pytest.mark.parametrize("title", list(UNRELATED))
def test_a_report_of_its_own_on_the_same_events_is_far_below_it(title: str) -> None:
    assert s.jaccard(s.shingles(SEED), s.shingles(UNRELATED[title])) < s.THRESHOLD / 10


def test_texts_are_compared_folded_as_search_folds_them() -> None:
    plain = "Fighters entered Tadmur and the Temple of Bel on Sunday, the Observatory said"
    varied = "FIGHTERS entered Tadmūr and the temple of Bel on Sunday — the Observatory said!"
    assert s.shingles(plain) == s.shingles(varied)
    assert s.shingles("دخل المقاتلون مدينة تدمر الأثرية يوم الأحد") == s.shingles(
        "دخل المقاتلون مدينة تدمر الاثرية يوم الاحد"
    )


def test_the_signature_estimates_the_jaccard_index() -> None:
    copy = all_three(SEED)
    first, second = s.shingles(SEED), s.shingles(copy)
    estimate = s.estimated_jaccard(s.signature(first), s.signature(second))
    assert abs(estimate - s.jaccard(first, second)) < 0.15  # 3 standard errors at 120 values


def test_a_text_shorter_than_a_shingle_still_has_a_full_signature() -> None:
    assert len(s.signature(s.shingles("Palmyra retaken"))) == s.SIGNATURE_SIZE
    assert s.shingles("  — ") == frozenset()


def test_the_wire_copy_of_a_stored_seed_is_found(session: Session) -> None:
    seed = b.article(session, b.source(session, "Al Jazeera"), MARCH_27, text=SEED)
    b.article(session, b.source(session, "Reuters"), MARCH_27, text=UNRELATED["Aleppo minaret"])
    [(found, similarity)] = s.syndication_candidates(session, all_three(SEED))
    assert found == seed.id
    assert similarity == pytest.approx(s.jaccard(s.shingles(SEED), s.shingles(all_three(SEED))))


def test_an_unrelated_article_finds_no_copy(session: Session) -> None:
    b.article(session, b.source(session, "Al Jazeera"), MARCH_27, text=SEED)
    independent = UNRELATED["same recapture, reported independently"]
    assert s.syndication_candidates(session, independent) == []
    assert s.syndication_candidates(session, "") == []


def test_the_proposal_is_the_earlier_articles_originating_source(session: Session) -> None:
    afp, outlet = b.source(session, "AFP"), b.source(session, "Daily Outlet")
    stored = b.article(session, outlet, MARCH_27, text=SEED, syndicated_from=afp)
    proposal = s.propose_syndicated_from(session, all_three(SEED), MARCH_27)
    assert proposal is not None
    assert (proposal.article_id, proposal.source_id) == (stored.id, afp.id)


def test_without_a_syndication_the_publisher_is_the_origin(session: Session) -> None:
    al_jazeera = b.source(session, "Al Jazeera")
    stored = b.article(session, al_jazeera, MARCH_27, text=SEED)
    proposal = s.propose_syndicated_from(session, all_three(SEED), MARCH_27 + dt.timedelta(1))
    similarity = s.jaccard(s.shingles(SEED), s.shingles(all_three(SEED)))
    assert proposal == s.SyndicationProposal(stored.id, similarity, al_jazeera.id, "Al Jazeera")


def test_the_earliest_of_several_copies_is_proposed(session: Session) -> None:
    later = b.article(session, b.source(session, "Outlet B"), MARCH_27, text=SEED)
    first = b.article(
        session, b.source(session, "Outlet A"), MARCH_27 - dt.timedelta(1), text=SEED + " Update."
    )
    proposal = s.propose_syndicated_from(session, all_three(SEED), MARCH_27)
    assert proposal is not None and proposal.article_id == first.id != later.id


def test_a_copy_of_a_later_article_is_not_proposed(session: Session) -> None:
    b.article(session, b.source(session, "Al Jazeera"), MARCH_27, text=SEED)
    earlier = MARCH_27 - dt.timedelta(days=1)
    assert s.propose_syndicated_from(session, all_three(SEED), earlier) is None


def test_a_deleted_article_is_not_proposed(session: Session) -> None:
    stored = b.article(session, b.source(session, "Al Jazeera"), MARCH_27, text=SEED)
    articles.delete_article(session, SYSTEM, stored.id)
    assert s.syndication_candidates(session, all_three(SEED)) == []


def test_a_replaced_text_is_indexed_again(session: Session) -> None:
    stored = b.article(session, b.source(session, "Al Jazeera"), MARCH_27, text=SEED)
    assert [found for found, _ in s.syndication_candidates(session, all_three(SEED))] == [stored.id]
    articles.update_article(session, SYSTEM, stored.id, {"text": UNRELATED["Museum evacuated"]})
    assert s.syndication_candidates(session, all_three(SEED)) == []
    museum = s.syndication_candidates(session, UNRELATED["Museum evacuated"])
    assert museum == [(stored.id, 1.0)]


def test_the_index_holds_each_text_once_and_drops_a_removed_one(session: Session) -> None:
    stored = b.article(session, b.source(session, "Al Jazeera"), MARCH_27, text=SEED)
    assert s.index_articles(session) == 1
    assert s.index_articles(session) == 0  # up to date
    buckets = session.scalar(select(func.count()).select_from(ArticleBucket))
    assert buckets == len(s.buckets(s.signature(s.shingles(SEED))))
    articles.update_article(session, SYSTEM, stored.id, {"text": None})
    s.index_articles(session)
    assert session.scalar(select(func.count()).select_from(ArticleSignature)) == 0
    assert session.scalar(select(func.count()).select_from(ArticleBucket)) == 0


def test_a_stored_text_without_words_is_indexed_and_never_proposed(session: Session) -> None:
    b.article(session, b.source(session, "Al Jazeera"), MARCH_27, text="— … —")
    assert s.index_articles(session) == 1
    assert session.scalar(select(func.count()).select_from(ArticleBucket)) == 0
    assert s.syndication_candidates(session, "— … —") == []
    assert s.syndication_candidates(session, SEED) == []
