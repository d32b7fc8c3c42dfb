"""Use cases for articles: each published document stored once, with its archived text."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from heritage.auth import Principal, require
from heritage.errors import Conflict, Referrers
from heritage.extraction.syndication import propose_syndicated_from
from heritage.messages import N_
from heritage.models import Article, Claim, Source
from heritage.records import ARTICLE, ArticleInput, Naming
from heritage.records.fields import NO_CONTEXT
from heritage.services.common import Page, ensure_exists, paginate
from heritage.services.grades import refresh_grades
from heritage.services.records import (
    check_version,
    live,
    log_created,
    require_editing,
    save_changes,
    stamp_created,
    tombstone,
    visible,
)
from heritage.services.references import IDS_NAMED, describe_referrers, ensure_unreferenced
from heritage.text import normalise_url
from heritage.vocab import Role


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


def find_duplicate(
    session: Session, url: str | None, text: str | None, own_id: int | None = None
) -> tuple[str, int] | None:
    """The stored article (tombstones included: they keep their URL and text for a restore)
    that one with this URL or text would repeat, other than `own_id`: (field, its id)."""
    others = [Article.id != own_id] if own_id is not None else []
    if url is not None:
        existing = session.scalar(
            select(Article.id).where(Article.url_key == normalise_url(url), *others)
        )
        if existing is not None:
            return "url", existing
    if text:
        existing = session.scalar(
            select(Article.id).where(Article.text_sha256 == text_digest(text), *others)
        )
        if existing is not None:
            return "text", existing
    return None


def _validate(session: Session, data: ArticleInput, article: Article | None) -> None:
    """Check every field present in `data` (all required ones when creating)."""
    stored = None if article is None else ARTICLE.stored(article)
    errors = ARTICLE.check(data, Naming.SERVICE, NO_CONTEXT, stored=stored)
    ensure_exists(session, errors, Source, data.get("publisher_id"), "publisher_id")
    ensure_exists(session, errors, Source, data.get("syndicated_from_id"), "syndicated_from_id")
    errors.raise_if_any()


def _ensure_not_stored(session: Session, data: ArticleInput, own_id: int | None) -> None:
    """The same URL (after normalisation) or the same text is one article, stored once."""
    url = data["url"].strip() if "url" in data else None
    duplicate = find_duplicate(session, url, data.get("text"), own_id)
    if duplicate is not None:
        field, existing = duplicate
        raise Conflict(
            N_(
                "This article is stored already (article %(id)s, same %(field)s).",
                id=existing,
                field=field,
            ),
            existing=("article", existing),
            field=field,
        )


def create_article(session: Session, principal: Principal, data: ArticleInput) -> Article:
    require_editing(principal, None, "article")
    _validate(session, data, None)
    _ensure_not_stored(session, data, None)
    article = new_article(data)
    stamp_created(article, principal)
    session.add(article)
    session.flush()
    log_created(session, principal, article)
    return article


def new_article(data: ArticleInput) -> Article:
    """The article for validated input, without queries (a bulk load makes many at once)."""
    article = Article(language="und")
    fill_article(article, data)
    return article


def replaces_archive(article: Article, data: ArticleInput) -> bool:
    """Whether `data` changes the archived copy: its text, or when it was captured."""
    return "text" in data and (data["text"] != article.text or data.get("captured_at") is not None)


def fill_article(article: Article, data: ArticleInput) -> None:
    """Set the article's columns from validated input, without queries. A text sent comes
    with its digest and its capture time (`captured_at`, or now); sending the stored text
    again without a capture time changes nothing."""
    for field in ("publisher_id", "syndicated_from_id", "published"):
        if field in data:
            setattr(article, field, data[field])
    if "title" in data:
        article.title = data["title"].strip()
    if "url" in data:
        article.url = data["url"].strip()
        article.url_key = normalise_url(article.url)
    if "language" in data:
        article.language = data["language"]
    if replaces_archive(article, data):
        text = data["text"]
        article.text = text
        article.text_sha256 = None if text is None else text_digest(text)
        captured = data.get("captured_at") or dt.datetime.now(dt.UTC)
        article.captured_at = None if text is None else captured


def ensure_text_unquoted(session: Session, article: Article) -> None:
    """Refuse to replace or remove archived text that claims quote by offset: the text is
    the evidence their offsets (and their revision trail) point into. Claims deleted or
    under a deleted event count too, since a restore brings their offsets back."""
    quoting = list(
        session.scalars(
            select(Claim.id)
            .where(Claim.article_id == article.id, Claim.quote_start.is_not(None))
            .order_by(Claim.id)
        )
    )
    if quoting:
        found = Referrers("claim", "quote_start", len(quoting), tuple(quoting[:IDS_NAMED]))
        raise Conflict(
            N_(
                "The text of article %(id)s is quoted by %(claims)s: archived text that"
                " claims quote by offset stays as it was.",
                id=article.id,
                claims=describe_referrers([found]),
            ),
            field="text",
            referenced_by=[found],
        )


def update_article(
    session: Session,
    principal: Principal,
    article_id: int,
    data: ArticleInput,
    expected_version: int | None = None,
) -> Article:
    """Change the fields present in `data`: title, URL, publication date, language,
    publisher, syndicated_from, and the archived text with its capture time.

    The URL and the text stay unique as on creation (409 naming the stored article). The
    archived text is evidence: it may be added to an article stored without one, and
    replaced or removed only while no claim quotes it by offset (else 409 naming the
    claims); the revision trail keeps the SHA-256 of each text, not the text. Quotes
    recorded while the article had no text keep no offsets and are not checked against
    a text added later. A new publisher or syndicated_from regrades the events of its
    claims (independence counts the originating source)."""
    article = get_article(session, principal, article_id)
    require_editing(principal, article, "article")
    check_version(principal, article, expected_version)
    _validate(session, data, article)
    _ensure_not_stored(session, data, article.id)
    if replaces_archive(article, data):
        ensure_text_unquoted(session, article)
    regrade = any(
        field in data and data[field] != getattr(article, field)
        for field in ("publisher_id", "syndicated_from_id")
    )
    save_changes(session, principal, article, lambda changed: fill_article(changed, data))
    if regrade:
        events = select(Claim.event_id).where(Claim.article_id == article.id).distinct()
        refresh_grades(session, list(session.scalars(events)))
    return article


def delete_article(
    session: Session, principal: Principal, article_id: int, expected_version: int | None = None
) -> None:
    """Leave a tombstone, which keeps its URL and text taken until an admin restores it;
    refused while live claims (drafts and retracted ones included) are made in it."""
    article = get_article(session, principal, article_id)
    require_editing(principal, article, "article")
    check_version(principal, article, expected_version)
    ensure_unreferenced(session, article, "article")
    tombstone(session, principal, article)


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


@dataclass(frozen=True)
class NearCopy:
    """A stored article whose text an article's nearly repeats (a wire story republished),
    how alike the two texts are (the Jaccard index of their word shingles, from
    heritage.extraction.syndication.THRESHOLD up to 1) and the source proposed as the
    article's `syndicated_from`: the stored article's own originating source."""

    original: Article
    likeness: float
    source: Source


def near_copies(session: Session, principal: Principal, article_id: int) -> list[NearCopy]:
    """The syndication proposed for an article, for an editor to confirm by setting its
    `syndicated_from` (update_article): at most one, the earliest-published stored article
    its text is a near copy of (heritage.extraction.syndication.propose_syndicated_from).
    None while the article has no text, once it has a `syndicated_from` (confirmed, or set
    otherwise), or when the source proposed is its own publisher (a publisher's story
    repeated by itself names no agency). Brings the index of texts up to date in the
    caller's transaction, which a reader may commit to keep it (it writes no revision)."""
    require(principal, Role.EDITOR, N_("read the near copies of articles"))
    article = get_article(session, principal, article_id)
    if not article.text or article.syndicated_from_id is not None:
        return []
    try:
        with session.begin_nested():
            proposal = propose_syndicated_from(
                session, article.text, article.published, own_id=article.id
            )
    except IntegrityError:
        # Another transaction indexed the same texts meanwhile: theirs is committed, and
        # this read finds the index up to date.
        proposal = propose_syndicated_from(
            session, article.text, article.published, own_id=article.id
        )
    if proposal is None or proposal.source_id == article.publisher_id:
        return []
    original = session.get(Article, proposal.article_id)
    source = session.get(Source, proposal.source_id)
    if original is None or source is None:
        return []
    return [NearCopy(original, proposal.similarity, source)]
