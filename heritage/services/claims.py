"""Use cases for claims: what one article says about one event, and who inside it says so."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.dates import parse_date
from heritage.messages import N_
from heritage.models import Actor, Article, Claim, Event, Source
from heritage.records import CLAIM, ClaimInput, Naming
from heritage.records.fields import NO_CONTEXT
from heritage.services.common import (
    FieldErrors,
    Page,
    ensure_exists,
    ensure_unique_key,
    paginate,
)
from heritage.services.events import initial_status
from heritage.services.grades import refresh_grades
from heritage.services.records import (
    check_version,
    is_public,
    live,
    log_created,
    log_reopened,
    log_updated,
    refuse_deleting_published,
    reopen_for_review,
    require_editing,
    snapshot,
    stamp_created,
    stamp_updated,
    tombstone,
    visible,
)
from heritage.vocab import ClaimBasis, Status


def get_claim(session: Session, principal: Principal, claim_id: int) -> Claim:
    return live(session, Claim, claim_id, principal)


def locate_quote(
    errors: FieldErrors,
    text: str | None,
    quote: str | None,
    start: int | None,
    end: int | None,
) -> tuple[int, int] | None:
    """Where `quote` stands in the article's `text`: the offsets given, checked, or found by
    searching. Offsets come in pairs and only with a quote (the claim's definition)."""
    if quote is None:
        return None
    if text is None:
        if start is not None:
            errors.add(
                "quote_start", N_("The article has no archived text for offsets to point into.")
            )
        return None
    if start is not None and end is not None:
        if not (0 <= start < end <= len(text)) or text[start:end] != quote:
            errors.add(
                "quote_start", N_("The offsets do not frame the quote in the article's text.")
            )
            return None
        return start, end
    found = text.find(quote)
    if found < 0:
        errors.add("quote", N_("The quote does not appear in the article's text."))
        return None
    return found, found + len(quote)


def _validate(session: Session, data: ClaimInput, claim: Claim | None) -> tuple[int, int] | None:
    """Check the claim's fields, then locate its quote in the article's text: the offsets
    to store (None: no quote, or the article has no text)."""
    stored = None if claim is None else CLAIM.stored(claim)
    errors = CLAIM.check(data, Naming.SERVICE, NO_CONTEXT, stored=stored)
    for field, model in (
        ("article_id", Article),
        ("event_id", Event),
        ("speaker_id", Source),
        ("stated_actor_id", Actor),
    ):
        if field not in errors.errors:
            ensure_exists(session, errors, model, data.get(field), field)
    errors.raise_if_any()

    quote = data.get("quote", claim.quote if claim else None)
    article_id = data.get("article_id", claim.article_id if claim else None)
    text = session.scalar(select(Article.text).where(Article.id == article_id))
    quote_moves = claim is None or {"quote", "quote_start", "quote_end", "article_id"} & set(data)
    if not quote_moves:
        if claim is None or claim.quote_start is None or claim.quote_end is None:
            return None
        return claim.quote_start, claim.quote_end
    offsets = locate_quote(errors, text, quote, data.get("quote_start"), data.get("quote_end"))
    errors.raise_if_any()
    return offsets


def _apply(
    session: Session, claim: Claim, data: ClaimInput, offsets: tuple[int, int] | None
) -> None:
    if "key" in data:
        ensure_unique_key(session, Claim, data["key"], "claim", claim.id)
    fill_claim(claim, data, offsets)


def fill_claim(claim: Claim, data: ClaimInput, offsets: tuple[int, int] | None) -> None:
    """Set the claim's columns from validated input and the quote's located `offsets`,
    without queries."""
    if "key" in data:
        claim.key = data["key"]
    for field in ("article_id", "event_id", "speaker_id", "stance", "basis", "stated_actor_id"):
        if field in data:
            setattr(claim, field, data[field])
    if "quote" in data:
        claim.quote = data["quote"]
    claim.quote_start, claim.quote_end = offsets if offsets else (None, None)
    if "summary" in data:
        claim.summary = data["summary"] or ""
    if "figures" in data:
        claim.figures = dict(data["figures"] or {})
    if "stated_date" in data:
        stated = parse_date(data["stated_date"], "stated_date") if data["stated_date"] else None
        claim.stated_date_edtf = stated.edtf if stated else None
        claim.stated_earliest = stated.earliest if stated else None
        claim.stated_latest = stated.latest if stated else None


def create_claim(session: Session, principal: Principal, data: ClaimInput) -> Claim:
    require_editing(principal, None, "claim")
    status = initial_status(principal, data)
    offsets = _validate(session, data, None)
    claim = Claim(summary="", basis=ClaimBasis.REPORT.value, figures={}, status=status)
    _apply(session, claim, data, offsets)
    stamp_created(claim, principal)
    session.add(claim)
    session.flush()
    refresh_grades(session, [claim.event_id])
    log_created(session, principal, claim)
    return claim


def update_claim(
    session: Session,
    principal: Principal,
    claim_id: int,
    data: ClaimInput,
    expected_version: int | None = None,
) -> Claim:
    claim = get_claim(session, principal, claim_id)
    require_editing(principal, claim, "claim")
    check_version(principal, claim, expected_version)
    before = snapshot(claim)
    was_public = is_public(claim)
    previous_event = claim.event_id
    offsets = _validate(session, data, claim)
    _apply(session, claim, data, offsets)
    reopened = reopen_for_review(principal, claim)
    stamp_updated(claim, principal)
    session.flush()
    refresh_grades(session, {previous_event, claim.event_id})
    # Unreviewed content stays with editors; the public only learns the claim left view.
    log_updated(session, principal, claim, before, was_public=was_public and not reopened)
    if reopened:
        log_reopened(session, principal, claim)
    return claim


def delete_claim(
    session: Session, principal: Principal, claim_id: int, expected_version: int | None = None
) -> None:
    claim = get_claim(session, principal, claim_id)
    require_editing(principal, claim, "claim")
    check_version(principal, claim, expected_version)
    refuse_deleting_published(principal, claim, "claim")
    tombstone(session, principal, claim)
    refresh_grades(session, [claim.event_id])


def list_claims(
    session: Session,
    principal: Principal,
    *,
    include_drafts: bool = False,
    event_id: int | None = None,
    article_id: int | None = None,
    speaker_id: int | None = None,
    page: int = 1,
    page_size: int = 25,
) -> Page[Claim]:
    statement = select(Claim).where(visible(Claim, principal, include_drafts)).order_by(Claim.id)
    if event_id is not None:
        statement = statement.where(Claim.event_id == event_id)
    if article_id is not None:
        statement = statement.where(Claim.article_id == article_id)
    if speaker_id is not None:
        statement = statement.where(Claim.speaker_id == speaker_id)
    return paginate(session, statement, page, page_size)


def unpublished_statuses(
    session: Session, principal: Principal, event_ids: Sequence[int], claim_ids: Sequence[int]
) -> dict[tuple[str, int], str]:
    """For a reader who sees drafts, the review status of each of these events and claims
    that is not published ('event' | 'claim', id), in one query each (a history carries
    no status); for any other reader, nothing."""
    if not principal.sees_drafts:
        return {}
    statuses: dict[tuple[str, int], str] = {}
    for kind, model, ids in (("event", Event, event_ids), ("claim", Claim, claim_ids)):
        if ids:
            rows = session.execute(
                select(model.id, model.status).where(
                    model.id.in_(ids), model.status != Status.PUBLISHED
                )
            )
            statuses.update(((kind, record_id), status) for record_id, status in rows)
    return statuses
