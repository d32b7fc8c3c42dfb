"""Use cases for candidate claims: the extractor proposes them from an article's archived
text, and an editor accepts, edits or rejects each. Nothing the extractor proposes is
published, or even a claim, until a person accepts it; an accepted candidate becomes a
draft claim (and, when no stored event matches, a draft event) through the same services
as a claim typed by hand, so review, revisions and grading apply unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritage.auth import Principal, require
from heritage.dates import parse_date
from heritage.errors import Conflict, InvalidInput, NotFound, StaleVersion
from heritage.extraction.candidates import EXTRACTOR_VERSION, Candidate, extract
from heritage.extraction.gazetteer import load_gazetteer
from heritage.messages import N_
from heritage.models import Actor, Article, Claim, ClaimCandidate, Event, EventSite, Site, Source
from heritage.records import ClaimInput, EventInput, SourceInput
from heritage.services.articles import get_article
from heritage.services.claims import create_claim
from heritage.services.common import FieldErrors, Page, check_vocabulary, ensure_exists, paginate
from heritage.services.events import create_event
from heritage.services.sources import create_source
from heritage.vocab import ActorRole, CandidateStatus, EventType, Role, SourceKind, Stance, Status

DECIDED = (CandidateStatus.ACCEPTED, CandidateStatus.EDITED, CandidateStatus.REJECTED)


@dataclass(frozen=True)
class ExtractionRun:
    """What one extraction left to decide: the article's pending candidates, in text order,
    how many of them this run proposed anew, and how many it found already decided."""

    article: Article
    extractor_version: str
    candidates: Sequence[ClaimCandidate]
    proposed: int
    already_decided: int


class CandidateChanges(TypedDict, total=False):
    """What an editor changed before accepting; a key left out keeps the proposal's value.
    `event_id` picks a stored event instead of the one matched or proposed; `speaker_id`
    None is the article's own voice."""

    event_id: int | None
    site_id: int
    event_type: str
    date: str
    actor_id: int | None
    actor_role: str | None
    speaker_id: int | None
    stance: str
    quote_start: int
    quote_end: int


@dataclass(frozen=True)
class Acceptance:
    """An accepted candidate and what it became: a draft claim on a stored or new event,
    with the speaker's source created when the tracker did not know it."""

    candidate: ClaimCandidate
    claim: Claim
    event: Event
    event_created: bool
    speaker_created: Source | None


@dataclass(frozen=True)
class VersionRate:
    """How people received one extractor version's candidates."""

    extractor_version: str
    pending: int
    accepted: int
    edited: int
    rejected: int

    @property
    def decided(self) -> int:
        return self.accepted + self.edited + self.rejected

    @property
    def acceptance_rate(self) -> float | None:
        """Accepted, as proposed or after an edit, among those decided (None before any)."""
        return (self.accepted + self.edited) / self.decided if self.decided else None


def _require_editor(principal: Principal) -> None:
    require(principal, Role.EDITOR, N_("review candidate claims"))


# --- Extraction ------------------------------------------------------------------------------


def extract_candidates(session: Session, principal: Principal, article_id: int) -> ExtractionRun:
    """Propose the claims of an article's archived text and store them for review.

    Running it again replaces the candidates still pending (those of an earlier text or
    extractor version included) and never proposes again what a person already decided
    for the same text: the same words read as the same claim."""
    _require_editor(principal)
    article = get_article(session, principal, article_id)
    if article.text is None or article.text_sha256 is None:
        raise InvalidInput.field(
            "text",
            N_("The article has no archived text to extract claims from: add its text first."),
        )
    # Two editors extracting at once would each keep their own pending set: the second
    # waits for the first here (PostgreSQL; SQLite writes one transaction at a time).
    session.execute(select(Article.id).where(Article.id == article.id).with_for_update())
    found = extract(
        article.text,
        published=article.published,
        gazetteer=load_gazetteer(session),
        title=article.title,
        publisher=article.publisher.name,
    )
    stored = session.scalars(
        select(ClaimCandidate).where(ClaimCandidate.article_id == article.id)
    ).all()
    decided = {
        _identity(row)
        for row in stored
        if row.status != CandidateStatus.PENDING and row.text_sha256 == article.text_sha256
    }
    for row in stored:
        if row.status == CandidateStatus.PENDING:
            session.delete(row)
    session.flush()
    fresh = []
    for candidate in found:
        row = _stored(session, principal, article, candidate)
        if _identity(row) in decided:
            continue
        session.add(row)
        fresh.append(row)
    session.flush()
    return ExtractionRun(
        article=article,
        extractor_version=EXTRACTOR_VERSION,
        candidates=fresh,
        proposed=len(fresh),
        already_decided=len(found) - len(fresh),
    )


def _identity(row: ClaimCandidate) -> tuple[object, ...]:
    """The claim a candidate reads, whichever extractor read it."""
    return (
        row.quote_start,
        row.quote_end,
        row.site_id if row.site_id is not None else row.mention,
        row.event_type,
        row.actor_id,
        row.actor_role,
        row.stance,
    )


def _stored(
    session: Session, principal: Principal, article: Article, candidate: Candidate
) -> ClaimCandidate:
    site_id = candidate.site.id if candidate.site else None
    return ClaimCandidate(
        article_id=article.id,
        text_sha256=article.text_sha256,
        extractor_version=EXTRACTOR_VERSION,
        score=min(1.0, max(0.0, candidate.score)),
        site_id=site_id,
        mention=candidate.mention,
        event_type=candidate.event_type,
        date_edtf=candidate.date,
        actor_id=candidate.actor.id if candidate.actor else None,
        actor_role=candidate.actor_role if candidate.actor else None,
        speaker_name=candidate.speaker,
        speaker_id=candidate.speaker_source.id if candidate.speaker_source else None,
        speaker_affiliation=candidate.speaker_affiliation,
        stance=candidate.stance,
        quote=candidate.quote,
        quote_start=candidate.quote_start,
        quote_end=candidate.quote_end,
        caption=candidate.caption,
        event_id=_matching_event(session, site_id, candidate.event_type, candidate.date),
        status=CandidateStatus.PENDING.value,
        created_by_id=principal.user_id,
    )


def _matching_event(
    session: Session, site_id: int | None, event_type: str | None, date_edtf: str | None
) -> int | None:
    """A live event of the same site and type whose dates overlap the stated ones: the
    event the claim most likely speaks of (the published one first, then the oldest)."""
    if site_id is None or event_type is None or date_edtf is None:
        return None
    try:
        stated = parse_date(date_edtf)
    except InvalidInput:
        return None
    return session.scalar(
        select(Event.id)
        .join(EventSite, EventSite.event_id == Event.id)
        .where(
            EventSite.site_id == site_id,
            Event.type == event_type,
            Event.deleted_at.is_(None),
            Event.status != Status.RETRACTED.value,
            Event.earliest <= stated.latest,
            Event.latest >= stated.earliest,
        )
        .order_by((Event.status == Status.PUBLISHED.value).desc(), Event.id)
        .limit(1)
    )


# --- Reading ---------------------------------------------------------------------------------


def get_candidate(session: Session, principal: Principal, candidate_id: int) -> ClaimCandidate:
    _require_editor(principal)
    candidate = session.get(ClaimCandidate, candidate_id)
    if candidate is None or candidate.article.deleted_at is not None:
        raise NotFound("candidate", candidate_id)
    return candidate


def list_candidates(
    session: Session,
    principal: Principal,
    *,
    article_id: int | None = None,
    status: str | None = None,
    extractor_version: str | None = None,
    page: int = 1,
    page_size: int = 50,
) -> Page[ClaimCandidate]:
    """Candidates of live articles, an article's in text order, the rest by article."""
    _require_editor(principal)
    if status is not None:  # none asked: every status
        errors = FieldErrors()
        check_vocabulary(errors, "status", status, CandidateStatus)
        errors.raise_if_any()
    statement = (
        select(ClaimCandidate)
        .join(Article, Article.id == ClaimCandidate.article_id)
        .where(Article.deleted_at.is_(None))
    )
    if article_id is not None:
        get_article(session, principal, article_id)
        statement = statement.where(ClaimCandidate.article_id == article_id)
    if status is not None:
        statement = statement.where(ClaimCandidate.status == status)
    if extractor_version is not None:
        statement = statement.where(ClaimCandidate.extractor_version == extractor_version)
    statement = statement.order_by(
        ClaimCandidate.article_id, ClaimCandidate.quote_start, ClaimCandidate.id
    )
    return paginate(session, statement, page, page_size)


def articles_awaiting_decisions(
    session: Session, principal: Principal, limit: int = 50
) -> list[tuple[Article, int]]:
    """Articles with pending candidates and how many, the most recently extracted first:
    what the review desk lists."""
    _require_editor(principal)
    latest = func.max(ClaimCandidate.id)
    rows = session.execute(
        select(Article, func.count(ClaimCandidate.id))
        .join(ClaimCandidate, ClaimCandidate.article_id == Article.id)
        .where(
            ClaimCandidate.status == CandidateStatus.PENDING.value,
            Article.deleted_at.is_(None),
        )
        .group_by(Article.id)
        .order_by(latest.desc())
        .limit(limit)
    ).all()
    return [(article, count) for article, count in rows]


def acceptance_rates(session: Session, principal: Principal) -> list[VersionRate]:
    """Each extractor version's candidates by what people made of them, the newest version
    (the one whose first candidate came last) first."""
    require(principal, Role.ADMIN, N_("see the extractor's acceptance rates"))
    counts: dict[str, dict[str, int]] = {}
    first_seen: dict[str, int] = {}
    for version, status, count, first in session.execute(
        select(
            ClaimCandidate.extractor_version,
            ClaimCandidate.status,
            func.count(),
            func.min(ClaimCandidate.id),
        ).group_by(ClaimCandidate.extractor_version, ClaimCandidate.status)
    ):
        counts.setdefault(version, {})[status] = count
        first_seen[version] = min(first, first_seen.get(version, first))
    return [
        VersionRate(
            extractor_version=version,
            pending=by_status.get(CandidateStatus.PENDING, 0),
            accepted=by_status.get(CandidateStatus.ACCEPTED, 0),
            edited=by_status.get(CandidateStatus.EDITED, 0),
            rejected=by_status.get(CandidateStatus.REJECTED, 0),
        )
        for version, by_status in sorted(
            counts.items(), key=lambda item: first_seen[item[0]], reverse=True
        )
    ]


# --- Decisions -------------------------------------------------------------------------------


def _pending(
    session: Session, principal: Principal, candidate_id: int, expected_version: int | None
) -> ClaimCandidate:
    candidate = get_candidate(session, principal, candidate_id)
    if candidate.status != CandidateStatus.PENDING:
        already = (
            N_("Candidate %(id)s was already rejected.", id=candidate.id)
            if candidate.status == CandidateStatus.REJECTED
            else N_("Candidate %(id)s was already accepted.", id=candidate.id)
        )
        raise Conflict(already, field="status")
    if expected_version is not None and candidate.version != expected_version:
        raise StaleVersion(
            N_(
                "Candidate %(id)s is at version %(version)s, not %(expected)s: read it again.",
                id=candidate.id,
                version=candidate.version,
                expected=expected_version,
            )
        )
    if candidate.text_sha256 != candidate.article.text_sha256:
        raise Conflict(
            N_(
                "The article's text changed since candidate %(id)s was read from it:"
                " extract the claims again.",
                id=candidate.id,
            ),
            field="quote_start",
        )
    return candidate


def _decide(candidate: ClaimCandidate, principal: Principal, status: CandidateStatus) -> None:
    candidate.status = status.value
    candidate.decided_at = dt.datetime.now(dt.UTC)
    candidate.decided_by_id = principal.user_id


def reject_candidate(
    session: Session,
    principal: Principal,
    candidate_id: int,
    reason: str | None = None,
    expected_version: int | None = None,
) -> ClaimCandidate:
    candidate = _pending(session, principal, candidate_id, expected_version)
    _decide(candidate, principal, CandidateStatus.REJECTED)
    candidate.reason = (reason or "").strip() or None
    session.flush()
    return candidate


def accept_candidate(
    session: Session,
    principal: Principal,
    candidate_id: int,
    changes: CandidateChanges | None = None,
    expected_version: int | None = None,
) -> Acceptance:
    """Turn a candidate into a draft claim, with the editor's changes if any (then it
    counts as edited). The claim's event is the one picked, else the one matched, else a
    new draft event of the candidate's site, type, date and actor."""
    candidate = _pending(session, principal, candidate_id, expected_version)
    changes = changes or {}
    proposed = _proposal(candidate)
    chosen = _checked(session, candidate, _Chosen(**{**proposed, **changes}))
    # The text's unknown speaker (a new source) turned into the article's own voice is a
    # change too, though both have no source id.
    silenced = (
        "speaker_id" in changes
        and changes["speaker_id"] is None
        and candidate.speaker_id is None
        and candidate.speaker_name is not None
    )
    edited = silenced or any(proposed[name] != value for name, value in changes.items())
    event_created = chosen.event_id is None
    event = (
        session.get_one(Event, chosen.event_id)
        if chosen.event_id is not None
        else create_event(session, principal, _event_input(chosen))
    )
    speaker_created = None
    speaker_id = chosen.speaker_id
    if "speaker_id" not in changes and speaker_id is None and candidate.speaker_name:
        speaker_id, speaker_created = _speaker_source(session, principal, candidate)
    text = candidate.article.text or ""
    claim_input: ClaimInput = {
        "article_id": candidate.article_id,
        "event_id": event.id,
        "stance": chosen.stance,
        "speaker_id": speaker_id,
        "quote": text[chosen.quote_start : chosen.quote_end],
        "quote_start": chosen.quote_start,
        "quote_end": chosen.quote_end,
        "stated_date": chosen.date,
        "stated_actor_id": chosen.actor_id,
    }
    claim = create_claim(session, principal, claim_input)
    _decide(candidate, principal, CandidateStatus.EDITED if edited else CandidateStatus.ACCEPTED)
    candidate.claim_id = claim.id
    session.flush()
    return Acceptance(candidate, claim, event, event_created, speaker_created)


@dataclass(frozen=True)
class _Chosen:
    """The candidate's values with the editor's changes applied."""

    event_id: int | None
    site_id: int | None
    event_type: str | None
    date: str | None
    actor_id: int | None
    actor_role: str | None
    speaker_id: int | None
    stance: str
    quote_start: int
    quote_end: int


def _proposal(candidate: ClaimCandidate) -> dict[str, Any]:
    """The candidate's values under the names of CandidateChanges."""
    return {
        "event_id": candidate.event_id,
        "site_id": candidate.site_id,
        "event_type": candidate.event_type,
        "date": candidate.date_edtf,
        "actor_id": candidate.actor_id,
        "actor_role": candidate.actor_role,
        "speaker_id": candidate.speaker_id,
        "stance": candidate.stance,
        "quote_start": candidate.quote_start,
        "quote_end": candidate.quote_end,
    }


def _checked(session: Session, candidate: ClaimCandidate, chosen: _Chosen) -> _Chosen:
    errors = FieldErrors()
    for field, value, vocabulary in (
        ("event_type", chosen.event_type, EventType),
        ("actor_role", chosen.actor_role, ActorRole),
        ("stance", chosen.stance, Stance),
    ):
        if value is not None or field == "stance":
            check_vocabulary(errors, field, value, vocabulary)
    if chosen.date is not None:
        errors.capture(lambda: parse_date(chosen.date or "", "date"))
    for model, field, identifier in (
        (Event, "event_id", chosen.event_id),
        (Site, "site_id", chosen.site_id),
        (Actor, "actor_id", chosen.actor_id),
        (Source, "speaker_id", chosen.speaker_id),
    ):
        ensure_exists(session, errors, model, identifier, field)
    text = candidate.article.text or ""
    errors.check(
        0 <= chosen.quote_start < chosen.quote_end <= len(text),
        "quote_start",
        N_("The quote's offsets must frame some of the article's text."),
    )
    if chosen.event_id is None:  # a new event: it needs what an event needs
        if chosen.site_id is None:
            errors.add(
                "site_id",
                N_("The text names no site the tracker knows: pick the site, or an event."),
            )
        if chosen.event_type is None:
            errors.add("event_type", N_("Say what happened: pick the event's type."))
        if chosen.date is None:
            errors.add(
                "date",
                N_("The text gives no date for this event: give one (EDTF), or pick an event."),
            )
    if chosen.actor_id is not None and chosen.actor_role is None:
        errors.add(
            "actor_role", N_("Say what the actor did: perpetrator, controller or supporter.")
        )
    errors.raise_if_any()
    return chosen


def _event_input(chosen: _Chosen) -> EventInput:
    data: EventInput = {
        "type": chosen.event_type or "",
        "date": chosen.date or "",
        "site_ids": [chosen.site_id] if chosen.site_id is not None else [],
        "actors": [],
    }
    if chosen.actor_id is not None and chosen.actor_role is not None:
        data["actors"] = [{"actor_id": chosen.actor_id, "role": chosen.actor_role}]
    return data


def _speaker_source(
    session: Session, principal: Principal, candidate: ClaimCandidate
) -> tuple[int, Source | None]:
    """The stored source the text's speaker is, found by name, or a new one: a person when
    the text gives their organisation (which becomes the affiliation if stored), else an
    organisation. The editor corrects the kind on the source's page if need be."""
    name = (candidate.speaker_name or "").strip()
    known = session.scalar(
        select(Source.id)
        .where(func.lower(Source.name) == name.lower(), Source.deleted_at.is_(None))
        .order_by(Source.id)
        .limit(1)
    )
    if known is not None:
        return known, None
    affiliation_id = None
    if candidate.speaker_affiliation:
        affiliation_id = session.scalar(
            select(Source.id)
            .where(
                func.lower(Source.name) == candidate.speaker_affiliation.strip().lower(),
                Source.deleted_at.is_(None),
            )
            .order_by(Source.id)
            .limit(1)
        )
    data: SourceInput = {
        "name": name,
        "kind": (
            SourceKind.PERSON if candidate.speaker_affiliation else SourceKind.ORGANISATION
        ).value,
        "affiliation_id": affiliation_id,
    }
    source = create_source(session, principal, data)
    return source.id, source
