"""Use cases for articles: each published document stored once, with its archived text."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.errors import Conflict
from heritage.models import Article, Claim, Source
from heritage.services.common import (
    LANGUAGE_TAG,
    FieldErrors,
    Page,
    ensure_exists,
    paginate,
    require_text,
)
from heritage.services.records import live, log_created, require_editing, stamp_created, visible
from heritage.text import is_web_url, normalise_url

MAX_TEXT_LENGTH = 2_000_000


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def get_article(session: Session, principal: Principal, article_id: int) -> Article:
    return live(session, Article, article_id, principal)


def article_claims(
    session: Session, principal: Principal, article_id: int, include_drafts: bool = False
) -> list[Claim]:
    """The article's claims the principal may see, in the order they appear in its text."""
    return list(
        session.scalars(
            select(Claim)
            .where(Claim.article_id == article_id, visible(Claim, principal, include_drafts))
            .order_by(Claim.quote_start, Claim.id)
        )
    )


def find_duplicate(session: Session, url: str, text: str | None) -> tuple[str, int] | None:
    """The stored article this one would repeat, by URL or by text: (field, id)."""
    existing = session.scalar(select(Article.id).where(Article.url_key == normalise_url(url)))
    if existing is not None:
        return "url", existing
    if text:
        existing = session.scalar(
            select(Article.id).where(Article.text_sha256 == text_digest(text))
        )
        if existing is not None:
            return "text", existing
    return None


def create_article(session: Session, principal: Principal, data: Mapping[str, Any]) -> Article:
    require_editing(principal, None, "article")
    errors = FieldErrors()
    title = require_text(errors, data, "title", 500)
    url = require_text(errors, data, "url", 2000)
    if url is not None and not is_web_url(url):
        errors.add("url", "An absolute http or https URL.")
    if not isinstance(data.get("published"), dt.date):
        errors.add("published", "Required, a date (YYYY-MM-DD).")
    language = data.get("language", "und")
    if not isinstance(language, str) or not LANGUAGE_TAG.match(language):
        errors.add("language", "A BCP 47 language tag such as en or ar.")
    if data.get("publisher_id") is None:
        errors.add("publisher_id", "Required.")
    ensure_exists(session, errors, Source, data.get("publisher_id"), "publisher_id")
    ensure_exists(session, errors, Source, data.get("syndicated_from_id"), "syndicated_from_id")
    text = data.get("text")
    if text is not None and (not isinstance(text, str) or not text.strip()):
        errors.add("text", "The article's text, or null.")
    elif text is not None and len(text) > MAX_TEXT_LENGTH:
        errors.add("text", f"At most {MAX_TEXT_LENGTH} characters.")
    errors.raise_if_any()
    assert url is not None and title is not None

    duplicate = find_duplicate(session, url, text)
    if duplicate is not None:
        field, existing = duplicate
        raise Conflict(
            f"This article is stored already (article {existing}, same {field}).",
            existing=("article", existing),
            field=field,
        )
    article = new_article(data)
    stamp_created(article, principal)
    session.add(article)
    session.flush()
    log_created(session, principal, article)
    return article


def new_article(data: Mapping[str, Any]) -> Article:
    """The article for validated input, without queries (a bulk load makes many at once)."""
    text = data.get("text")
    article = Article(
        publisher_id=data["publisher_id"],
        syndicated_from_id=data.get("syndicated_from_id"),
        title=data["title"].strip(),
        url=data["url"].strip(),
        url_key=normalise_url(data["url"].strip()),
        published=data["published"],
        language=data.get("language", "und"),
    )
    if text is not None:
        article.text = text
        article.text_sha256 = text_digest(text)
        article.captured_at = data.get("captured_at") or dt.datetime.now(dt.UTC)
    return article


def list_articles(
    session: Session,
    principal: Principal,
    *,
    publisher_id: int | None = None,
    published_from: dt.date | None = None,
    published_to: dt.date | None = None,
    page: int = 1,
    page_size: int = 25,
) -> Page[Article]:
    statement = (
        select(Article)
        .where(Article.deleted_at.is_(None))
        .order_by(Article.published.desc(), Article.id.desc())
    )
    if publisher_id is not None:
        statement = statement.where(Article.publisher_id == publisher_id)
    if published_from is not None:
        statement = statement.where(Article.published >= published_from)
    if published_to is not None:
        statement = statement.where(Article.published <= published_to)
    return paginate(session, statement, page, page_size)
