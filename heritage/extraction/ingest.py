"""Articles loaded in bulk from JSON Lines (`heritage articles ingest FILE…`), one article a
line, through the article services: each archived with its text's SHA-256 and capture time,
none stored twice, and each new one checked for being a near copy of a stored one.

A line is an object with `publisher` (a source's key, or its name), `title`, `url`,
`published` (YYYY-MM-DD), optionally `language` (BCP 47; default `und`) and either `text`
(the article's text) or `html` (its saved page, whose main text is archived, captions
marked: heritage/extraction/html_text.py). Each line is written in a savepoint of its
own: a line refused leaves nothing of itself behind, and the lines before it stay.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.errors import Conflict, HeritageError, InvalidInput
from heritage.extraction.html_text import main_text
from heritage.extraction.syndication import SyndicationProposal, propose_syndicated_from
from heritage.models import Source
from heritage.records import ARTICLE, ArticleInput
from heritage.records.fields import Text
from heritage.services.articles import create_article, find_duplicate
from heritage.text import fold

FIELDS = ("publisher", "title", "url", "published", "language", "text", "html")
_TEXT_FIELD = ARTICLE.field("text")
_TEXT_LENGTH = _TEXT_FIELD.max_length if isinstance(_TEXT_FIELD, Text) else 0
# What the services call a field -> what a line calls it.
_LINE_NAMES = {"publisher_id": "publisher"}


class Outcome(StrEnum):
    CREATED = "created"
    STORED = "already stored"
    REFUSED = "refused"


@dataclass(frozen=True)
class LineResult:
    """What became of one line: the article made or found, or why it was refused (the
    field named as the line names it), and the syndication proposed for a new article."""

    line: int
    outcome: Outcome
    article_id: int | None = None
    field: str | None = None
    reason: str | None = None
    syndication: SyndicationProposal | None = None

    def describe(self) -> str:
        if self.outcome is Outcome.REFUSED:
            where = f"{self.field}: " if self.field else ""
            return f"line {self.line}: refused: {where}{self.reason}"
        if self.outcome is Outcome.STORED:
            return f"line {self.line}: already stored: article {self.article_id} ({self.reason})"
        said = f"line {self.line}: created article {self.article_id}"
        if self.syndication is not None:
            said += (
                f"; syndication proposed: article {self.syndication.article_id},"
                f" similarity {self.syndication.similarity:.2f}"
                f" (syndicated_from: source {self.syndication.source_id},"
                f" {self.syndication.source_name})"
            )
        return said


class _Refused(Exception):
    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


def ingest_lines(
    session: Session, principal: Principal, lines: Iterable[str | bytes]
) -> Iterator[LineResult]:
    """Ingest each non-blank line (numbered from 1), yielding its result as it is written;
    the caller commits (after each line, or at the end)."""
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            yield ingest_line(session, principal, number, raw)


def ingest_line(
    session: Session, principal: Principal, number: int, raw: str | bytes
) -> LineResult:
    """One line's article, created unless stored already; nothing of it if refused."""
    try:
        record = _read(raw)
        data = _article_input(session, record)
    except _Refused as refused:
        return LineResult(number, Outcome.REFUSED, field=refused.field, reason=refused.reason)
    duplicate = find_duplicate(session, data["url"], data.get("text"))
    if duplicate is not None:
        field, existing = duplicate
        return LineResult(number, Outcome.STORED, article_id=existing, reason=f"same {field}")
    text_field = "html" if record.get("html") is not None else "text"
    try:
        with session.begin_nested():
            article = create_article(session, principal, data)
            proposal = propose_syndicated_from(
                session, data["text"] or "", data["published"], own_id=article.id
            )
    except Conflict as conflict:  # stored meanwhile by another writer
        if conflict.existing is not None:
            existing = conflict.existing[1]
            reason = f"same {conflict.field or 'url or text'}"
            return LineResult(number, Outcome.STORED, article_id=existing, reason=reason)
        return LineResult(number, Outcome.REFUSED, field=conflict.field, reason=conflict.detail)
    except InvalidInput as invalid:
        field, messages = next(iter(invalid.errors.items()))
        field = text_field if field == "text" else _LINE_NAMES.get(field, field)
        reason = " ".join(messages)
        if field == text_field and len(data["text"] or "") > _TEXT_LENGTH:
            reason += f" This one has {len(data['text'] or ''):,}."
        if len(invalid.errors) > 1:
            reason += f" (and {len(invalid.errors) - 1} more: {invalid.detail})"
        return LineResult(number, Outcome.REFUSED, field=field, reason=reason)
    except HeritageError as error:
        return LineResult(number, Outcome.REFUSED, reason=error.detail)
    return LineResult(number, Outcome.CREATED, article_id=article.id, syndication=proposal)


def _read(raw: str | bytes) -> dict[str, Any]:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise _Refused(
                None, f"Not UTF-8 text ({error.reason} at byte {error.start})."
            ) from None
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as error:
        raise _Refused(None, f"Not JSON: {error.msg} at character {error.pos + 1}.") from None
    except RecursionError:
        raise _Refused(None, "Not an article: JSON nested thousands of levels deep.") from None
    if not isinstance(record, dict):
        raise _Refused(None, 'Not a JSON object: one article a line, as {"title": …}.')
    unknown = sorted(set(record) - set(FIELDS))
    if unknown:
        raise _Refused(unknown[0], f"Not a field of an article line ({', '.join(FIELDS)}).")
    return record


def _article_input(session: Session, record: dict[str, Any]) -> ArticleInput:
    """The service's input for a line: its publisher found, its text read from its page,
    its date read. What the record definition checks (lengths, URL, language) it checks."""
    data: dict[str, Any] = {
        "publisher_id": _publisher_id(session, record.get("publisher")),
        "text": _text(record),
    }
    for field in ("title", "url", "language"):
        if field in record:
            data[field] = record[field]
    if not isinstance(record.get("url"), str) or not record["url"].strip():
        raise _Refused("url", "Required, the article's web address.")
    data["published"] = _day(record.get("published"))
    return cast(ArticleInput, data)


def _publisher_id(session: Session, named: Any) -> int:
    if not isinstance(named, str) or not named.strip():
        raise _Refused("publisher", "Required, a stored source's key or name.")
    live = Source.deleted_at.is_(None)
    by_key = session.scalar(select(Source.id).where(Source.key == named.strip(), live))
    if by_key is not None:
        return by_key
    by_name = list(
        session.scalars(select(Source.id).where(Source.name_folded == fold(named), live))
    )
    if not by_name:
        raise _Refused(
            "publisher",
            f"No source has the key or name {named!r}: add the source first, then the article.",
        )
    if len(by_name) > 1:
        raise _Refused("publisher", f"{len(by_name)} sources are named {named!r}: give its key.")
    return by_name[0]


def _text(record: dict[str, Any]) -> str:
    text, page = record.get("text"), record.get("html")
    if text is not None and page is not None:
        raise _Refused("text", "Send the article's text or its page's html, not both.")
    if page is not None:
        if not isinstance(page, str):
            raise _Refused("html", "The page's HTML, as a string.")
        try:
            return main_text(page)
        except InvalidInput as invalid:
            raise _Refused("html", " ".join(invalid.errors["html"])) from None
    if not isinstance(text, str) or not text.strip():
        raise _Refused("text", "Required, the article's text (or its page as html).")
    return text


def _day(value: Any) -> dt.date:
    if value is None:
        raise _Refused(
            "published",
            "Required, the publication date (YYYY-MM-DD): relative dates in the text are"
            " read from it.",
        )
    try:
        if isinstance(value, str) and len(value) == 10:
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise _Refused("published", f"Not a date (YYYY-MM-DD): {value!r}.")
