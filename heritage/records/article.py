"""An article: a published report, with its archived text, that claims are quoted from."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from heritage.messages import N_
from heritage.models import Article
from heritage.records.definition import RecordDefinition, View
from heritage.records.fields import (
    Day,
    FieldErrors,
    LanguageTag,
    Moment,
    Reference,
    Text,
    Title,
    Url,
)


def _capture_time_dates_a_text(errors: FieldErrors, view: View) -> None:
    """A capture time dates the text sent with it; alone, it would re-date the evidence."""
    if view.data.get(view.path("captured_at")) is not None:
        errors.check(
            view.data.get(view.path("text")) is not None,
            view.path("captured_at"),
            N_("When the text sent with it was captured: send the text too."),
        )


ARTICLE = RecordDefinition(
    type="article",
    model=Article,
    natural_key="url",
    fields=(
        Url("url", required=True),
        Reference("publisher", service_name="publisher_id", record_type="source", required=True),
        Title("title", required=True),
        Day("published", required=True),
        LanguageTag("language", default="und", description="BCP 47 language tag: en, ar."),
        Reference(
            "syndicated_from",
            service_name="syndicated_from_id",
            record_type="source",
            description="The wire agency whose story this republishes.",
        ),
        Text(
            "text",
            max_length=2_000_000,
            may_be_blank=False,
            what=N_("The article's text"),
            description="The full text, archived with its SHA-256.",
        ),
        Moment("captured_at", description="When the text was captured; default: now."),
    ),
    rules=(_capture_time_dates_a_text,),
)


class ArticleInput(TypedDict, total=False):
    url: str
    publisher_id: int
    title: str
    published: dt.date
    language: str
    syndicated_from_id: int | None
    text: str | None
    captured_at: dt.datetime | None
