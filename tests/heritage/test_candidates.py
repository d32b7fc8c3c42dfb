"""Candidate claims: extracted from an article's archived text and stored for review, then
accepted (as proposed or edited) into draft claims, or rejected; counted per extractor
version for admins. Nothing is published, or even a claim, before a person decides."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.demo import load_demo
from heritage.errors import Conflict, Forbidden, InvalidInput, StaleVersion
from heritage.extraction.candidates import EXTRACTOR_VERSION
from heritage.models import Article, Claim, ClaimCandidate, Event, Site, Source
from heritage.services import candidates
from heritage.vocab import CandidateStatus, Status
from tests.heritage import builders
from tests.heritage.extraction.helpers import RETOLD, archive_retold

TEXT = RETOLD.read_text("utf-8")


@pytest.fixture
def article(session: Session) -> Article:
    load_demo(session)
    made = archive_retold(session)
    session.flush()
    return made


@pytest.fixture
def editor(session: Session) -> Principal:
    return builders.user(session, "editor")


def site_id(session: Session, key: str) -> int:
    found = session.scalar(select(Site.id).where(Site.key == key))
    assert found is not None
    return found


def count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def the_candidate(run: candidates.ExtractionRun, **wanted: Any) -> ClaimCandidate:
    return next(
        c
        for c in run.candidates
        if all(getattr(c, name) == value for name, value in wanted.items())
    )


def test_extraction_stores_the_articles_candidates_for_review(
    session: Session, article: Article, editor: Principal
) -> None:
    claims_before = count(session, Claim)
    run = candidates.extract_candidates(session, editor, article.id)
    assert run.extractor_version == EXTRACTOR_VERSION
    assert run.proposed == len(run.candidates) >= 5
    for candidate in run.candidates:
        assert candidate.status == CandidateStatus.PENDING
        assert candidate.extractor_version == EXTRACTOR_VERSION
        assert 0 <= candidate.score <= 1
        assert TEXT[candidate.quote_start : candidate.quote_end] == candidate.quote
    prison = the_candidate(run, site_id=site_id(session, "tadmur-prison"), event_type="destroyed")
    assert prison.actor is not None and prison.actor.key == "isil"
    assert prison.actor_role == "perpetrator"
    assert prison.date_edtf == "2015-05"
    # The demo holds the prison's destruction (30 May 2015): the candidate speaks of it.
    assert prison.event is not None and prison.event.type == "destroyed"
    disputed = the_candidate(run, stance="disputes")
    assert disputed.speaker is not None and disputed.speaker.key == "sohr"
    unnamed = the_candidate(run, site_id=None)
    assert unnamed.mention and "monuments" in unnamed.mention
    assert count(session, Claim) == claims_before  # proposals are not claims


def test_extracting_again_replaces_what_is_pending_and_keeps_decisions(
    session: Session, article: Article, editor: Principal
) -> None:
    first = candidates.extract_candidates(session, editor, article.id)
    rejected = first.candidates[0]
    candidates.reject_candidate(session, editor, rejected.id, "Restates the headline.")
    again = candidates.extract_candidates(session, editor, article.id)
    assert again.already_decided == 1
    assert again.proposed == first.proposed - 1
    assert count(session, ClaimCandidate) == first.proposed  # the old pending ones are gone
    assert rejected.quote_start not in {
        c.quote_start
        for c in again.candidates
        if c.event_type == rejected.event_type
        and c.actor_id == rejected.actor_id
        and c.stance == rejected.stance
    }


def test_accepting_makes_a_draft_claim_on_the_matched_event(
    session: Session, article: Article, editor: Principal
) -> None:
    run = candidates.extract_candidates(session, editor, article.id)
    prison = the_candidate(run, site_id=site_id(session, "tadmur-prison"), event_type="destroyed")
    events_before = count(session, Event)
    accepted = candidates.accept_candidate(session, editor, prison.id)
    claim = accepted.claim
    assert claim.status == Status.DRAFT  # a person still sends it to review
    assert claim.event_id == prison.event_id and not accepted.event_created
    assert count(session, Event) == events_before
    assert (claim.quote_start, claim.quote_end) == (prison.quote_start, prison.quote_end)
    assert claim.quote == prison.quote
    assert claim.stance == "affirms" and claim.speaker_id is None  # the article's own voice
    assert claim.stated_date_edtf == "2015-05"
    assert prison.status == CandidateStatus.ACCEPTED and prison.claim_id == claim.id
    assert prison.decided_by_id == editor.user_id and prison.decided_at is not None


def test_accepting_with_changes_counts_as_edited_and_makes_a_new_event(
    session: Session, article: Article, editor: Principal
) -> None:
    run = candidates.extract_candidates(session, editor, article.id)
    unnamed = the_candidate(run, site_id=None)
    temple = site_id(session, "temple-of-bel")
    accepted = candidates.accept_candidate(
        session, editor, unnamed.id, {"site_id": temple, "event_type": "damaged"}
    )
    assert accepted.event_created
    assert accepted.event.status == Status.DRAFT
    assert [link.site_id for link in accepted.event.sites] == [temple]
    assert accepted.event.type == "damaged" and accepted.event.date_edtf == "2015-05"
    assert [(a.actor.key, a.role) for a in accepted.event.actors] == [("isil", "perpetrator")]
    assert unnamed.status == CandidateStatus.EDITED
    # The proposal stays as the extractor made it: the claim holds the editor's version.
    assert unnamed.site_id is None and unnamed.event_type == "destroyed"


def test_an_unknown_speaker_becomes_a_new_source_once(
    session: Session, article: Article, editor: Principal
) -> None:
    run = candidates.extract_candidates(session, editor, article.id)
    unknown = [c for c in run.candidates if c.speaker_name and c.speaker_id is None]
    assert len(unknown) >= 2 and unknown[0].speaker_name == unknown[1].speaker_name
    first = candidates.accept_candidate(session, editor, unknown[0].id)
    assert first.speaker_created is not None
    assert first.speaker_created.name == unknown[0].speaker_name
    assert first.claim.speaker_id == first.speaker_created.id
    second = candidates.accept_candidate(session, editor, unknown[1].id)
    assert second.speaker_created is None  # found by its name this time
    assert second.claim.speaker_id == first.speaker_created.id


def test_an_unknown_speaker_made_the_articles_voice_counts_as_an_edit(
    session: Session, article: Article, editor: Principal
) -> None:
    run = candidates.extract_candidates(session, editor, article.id)
    unknown = next(c for c in run.candidates if c.speaker_name and c.speaker_id is None)
    sources_before = count(session, Source)
    accepted = candidates.accept_candidate(session, editor, unknown.id, {"speaker_id": None})
    assert accepted.claim.speaker_id is None and accepted.speaker_created is None
    assert count(session, Source) == sources_before
    assert unknown.status == CandidateStatus.EDITED


def test_refused_acceptances_name_the_field_and_store_nothing(
    session: Session, article: Article, editor: Principal
) -> None:
    run = candidates.extract_candidates(session, editor, article.id)
    unnamed = the_candidate(run, site_id=None)
    before = (count(session, Claim), count(session, Event), count(session, Source))
    with pytest.raises(InvalidInput) as refused:
        candidates.accept_candidate(session, editor, unnamed.id)
    assert set(refused.value.errors) == {"site_id"}
    bad_changes: list[tuple[dict[str, Any], str]] = [
        ({"event_type": "exploded"}, "event_type"),
        ({"date": "last spring"}, "date"),
        ({"site_id": 999_999}, "site_id"),
        ({"stance": "maybe"}, "stance"),
        ({"quote_start": 10, "quote_end": 5}, "quote_start"),
        ({"quote_end": len(TEXT) + 1}, "quote_start"),
        ({"actor_role": None}, "actor_role"),
    ]
    prison = the_candidate(run, event_type="destroyed", site_id=site_id(session, "tadmur-prison"))
    for changes, field in bad_changes:
        with pytest.raises(InvalidInput) as refused:
            candidates.accept_candidate(session, editor, prison.id, changes)  # type: ignore[arg-type]
        assert field in refused.value.errors, changes
    assert (count(session, Claim), count(session, Event), count(session, Source)) == before
    assert unnamed.status == prison.status == CandidateStatus.PENDING


def test_a_claim_without_an_actor_is_accepted_onto_its_event(
    session: Session, article: Article, editor: Principal
) -> None:
    run = candidates.extract_candidates(session, editor, article.id)
    disputed = the_candidate(run, stance="disputes")
    assert disputed.actor_id is None and disputed.actor_role is None
    event = the_candidate(run, event_type="captured", date_edtf="2016-03-27", stance="affirms")
    accepted = candidates.accept_candidate(
        session, editor, disputed.id, {"event_id": event.event_id or 0}
    )
    assert accepted.claim.stance == "disputes"
    assert accepted.claim.speaker_id == disputed.speaker_id
    assert accepted.claim.stated_actor_id is None


def test_a_decided_candidate_cannot_be_decided_again(
    session: Session, article: Article, editor: Principal
) -> None:
    run = candidates.extract_candidates(session, editor, article.id)
    first = run.candidates[0]
    candidates.reject_candidate(session, editor, first.id, "  ")
    assert first.status == CandidateStatus.REJECTED and first.reason is None
    with pytest.raises(Conflict):
        candidates.accept_candidate(session, editor, first.id)
    with pytest.raises(Conflict):
        candidates.reject_candidate(session, editor, first.id)
    second = run.candidates[1]
    with pytest.raises(StaleVersion):  # read at another version
        candidates.reject_candidate(session, editor, second.id, expected_version=7)


def test_a_changed_text_makes_its_candidates_stale(
    session: Session, article: Article, editor: Principal
) -> None:
    run = candidates.extract_candidates(session, editor, article.id)
    article.text_sha256 = "0" * 64  # as if the text had been replaced since
    with pytest.raises(Conflict) as refused:
        candidates.accept_candidate(session, editor, run.candidates[0].id)
    assert refused.value.field == "quote_start"


def test_an_article_without_text_is_refused(session: Session, editor: Principal) -> None:
    load_demo(session)
    bare = session.scalar(select(Article).where(Article.text.is_(None)))
    assert bare is not None
    with pytest.raises(InvalidInput) as refused:
        candidates.extract_candidates(session, editor, bare.id)
    assert set(refused.value.errors) == {"text"}
    assert count(session, ClaimCandidate) == 0


def test_only_the_team_handles_candidates_and_only_admins_see_rates(
    session: Session, article: Article, editor: Principal
) -> None:
    viewer = builders.user(session, "viewer")
    with pytest.raises(Forbidden):
        candidates.extract_candidates(session, viewer, article.id)
    run = candidates.extract_candidates(session, editor, article.id)
    with pytest.raises(Forbidden):
        candidates.accept_candidate(session, viewer, run.candidates[0].id)
    with pytest.raises(Forbidden):
        candidates.acceptance_rates(session, editor)


def test_acceptance_rate_per_extractor_version(
    session: Session, article: Article, editor: Principal
) -> None:
    run = candidates.extract_candidates(session, editor, article.id)
    prison = the_candidate(run, event_type="destroyed", site_id=site_id(session, "tadmur-prison"))
    candidates.accept_candidate(session, editor, prison.id)
    others = [c for c in run.candidates if c is not prison]
    candidates.accept_candidate(session, editor, others[0].id, {"stance": "disputes"})
    candidates.reject_candidate(session, editor, others[1].id)
    # An older version's decisions are counted apart.
    old = ClaimCandidate(
        **{
            column: getattr(others[2], column)
            for column in ("article_id", "text_sha256", "score", "stance", "quote")
            + ("quote_start", "quote_end", "caption")
        },
        extractor_version="rules-0",
        status=CandidateStatus.REJECTED.value,
        decided_at=dt.datetime.now(dt.UTC),
    )
    session.add(old)
    session.flush()
    admin = builders.user(session, "admin")
    rates = {rate.extractor_version: rate for rate in candidates.acceptance_rates(session, admin)}
    current = rates[EXTRACTOR_VERSION]
    assert (current.accepted, current.edited, current.rejected) == (1, 1, 1)
    assert current.pending == len(run.candidates) - 3
    assert current.acceptance_rate == pytest.approx(2 / 3)
    assert rates["rules-0"].acceptance_rate == 0.0
    assert list(rates)[0] == "rules-0"  # the newest version first: rules-0 was added last here


def test_the_desk_lists_articles_awaiting_decisions(
    session: Session, article: Article, editor: Principal
) -> None:
    assert candidates.articles_awaiting_decisions(session, editor) == []
    run = candidates.extract_candidates(session, editor, article.id)
    assert candidates.articles_awaiting_decisions(session, editor) == [(article, run.proposed)]
    for candidate in run.candidates:
        candidates.reject_candidate(session, editor, candidate.id)
    assert candidates.articles_awaiting_decisions(session, editor) == []
