"""Use cases for claims: what one article says about one event, and who inside it says so."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.dates import parse_date
from heritage.models import Actor, Article, Claim, Event, Source
from heritage.services.common import (
    FieldErrors,
    Page,
    check_key,
    check_vocabulary,
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
from heritage.vocab import ClaimBasis, Stance

MAX_QUOTE_LENGTH = 10_000
MAX_FIGURES = 50


def get_claim(session: Session, principal: Principal, claim_id: int) -> Claim:
    return live(session, Claim, claim_id, principal)


def locate_quote(
    errors: FieldErrors, text: str | None, quote: str | None, start: int | None, end: int | None
) -> tuple[int, int] | None:
    """Where the quote stands in the article's archived text.

    Without text there is nothing to check, and offsets would point at nothing. With text,
    given offsets must frame exactly the quote; without offsets, the first occurrence is used.
    """
    if quote is None:
        if start is not None or end is not None:
            errors.add("quote", "Offsets need the quote they locate.")
        return None
    if (start is None) != (end is None):
        errors.add("quote_start" if start is None else "quote_end", "Give both offsets or neither.")
        return None
    if text is None:
        if start is not None:
            errors.add("quote_start", "The article has no archived text for offsets to point into.")
        return None
    if start is not None and end is not None:
        if not (0 <= start < end <= len(text)) or text[start:end] != quote:
            errors.add("quote_start", "The offsets do not frame the quote in the article's text.")
            return None
        return start, end
    found = text.find(quote)
    if found < 0:
        errors.add("quote", "The quote does not appear in the article's text.")
        return None
    return found, found + len(quote)


def check_figures(errors: FieldErrors, figures: object) -> None:
    if not isinstance(figures, Mapping):
        errors.add("figures", 'An object of named numbers, such as {"fighters_killed": 400}.')
        return
    if len(figures) > MAX_FIGURES:
        errors.add("figures", f"At most {MAX_FIGURES} figures.")
    for name, value in figures.items():
        if not isinstance(name, str) or not name or len(name) > 100:
            errors.add("figures", f"'{name}' is not a figure name (1 to 100 characters).")
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            errors.add(f"figures.{name}", "A finite number.")


def _validate(
    session: Session, data: Mapping[str, Any], claim: Claim | None
) -> tuple[int, int] | None:
    errors = FieldErrors()
    creating = claim is None
    for field, model in (("article_id", Article), ("event_id", Event)):
        if creating and data.get(field) is None:
            errors.add(field, "Required.")
        elif field in data:
            ensure_exists(session, errors, model, data[field], field)
    ensure_exists(session, errors, Source, data.get("speaker_id"), "speaker_id")
    ensure_exists(session, errors, Actor, data.get("stated_actor_id"), "stated_actor_id")
    if "key" in data:
        check_key(errors, data["key"])
    if creating or "stance" in data:
        check_vocabulary(errors, "stance", data.get("stance"), Stance)
    if "basis" in data:
        check_vocabulary(errors, "basis", data["basis"], ClaimBasis)
    stated_date = data.get("stated_date")
    if stated_date is not None and not isinstance(stated_date, str):
        errors.add("stated_date", "An EDTF date string such as 2015-08-30, or null.")
    elif stated_date is not None:
        errors.capture(lambda: parse_date(stated_date, "stated_date"))
    if "figures" in data and data["figures"] is not None:
        check_figures(errors, data["figures"])
    quote = data.get("quote", claim.quote if claim else None)
    if quote is not None and (
        not isinstance(quote, str) or not quote or len(quote) > MAX_QUOTE_LENGTH
    ):
        errors.add("quote", f"A passage of 1 to {MAX_QUOTE_LENGTH} characters, or null.")
        quote = None
    errors.raise_if_any()

    article_id = data.get("article_id", claim.article_id if claim else None)
    text = session.scalar(select(Article.text).where(Article.id == article_id))
    quote_moves = creating or {"quote", "quote_start", "quote_end", "article_id"} & set(data)
    if not quote_moves:
        if claim is None or claim.quote_start is None or claim.quote_end is None:
            return None
        return claim.quote_start, claim.quote_end
    offsets = locate_quote(errors, text, quote, data.get("quote_start"), data.get("quote_end"))
    errors.raise_if_any()
    return offsets


def _apply(
    session: Session, claim: Claim, data: Mapping[str, Any], offsets: tuple[int, int] | None
) -> None:
    if "key" in data:
        ensure_unique_key(session, Claim, data["key"], "claim", claim.id)
    fill_claim(claim, data, offsets)


def fill_claim(claim: Claim, data: Mapping[str, Any], offsets: tuple[int, int] | None) -> None:
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


def create_claim(session: Session, principal: Principal, data: Mapping[str, Any]) -> Claim:
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
    data: Mapping[str, Any],
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
