"""A claim: what one source said in one article about one event, and where it says it."""

from __future__ import annotations

from typing import Any, TypedDict

from heritage.messages import N_
from heritage.models import Claim
from heritage.records.definition import RecordDefinition, View
from heritage.records.fields import (
    Choice,
    Edtf,
    FieldErrors,
    Figures,
    Key,
    Offset,
    Quote,
    Reference,
    Text,
)
from heritage.vocab import ClaimBasis, Stance, Status


def _offsets_frame_a_quote(errors: FieldErrors, view: View) -> None:
    """Offsets come in pairs, and only with the quote they locate (its place in the
    article's text is found, or checked, by the claims service)."""
    start = view.data.get(view.path("quote_start"))
    end = view.data.get(view.path("quote_end"))
    if (start is None) != (end is None):
        errors.add(
            view.path("quote_start" if start is None else "quote_end"),
            N_("Give both offsets or neither."),
        )
    elif start is not None and view.get("quote") is None:
        errors.add("quote", N_("Offsets need the quote they locate."))


CLAIM = RecordDefinition(
    type="claim",
    model=Claim,
    fields=(
        Key("key"),
        Reference("article", service_name="article_id", record_type="article", required=True),
        Reference("event", service_name="event_id", record_type="event", required=True),
        Choice("stance", required=True, vocabulary=Stance),
        Reference("speaker", service_name="speaker_id", record_type="source"),
        Quote("quote"),
        Offset("quote_start"),
        Offset("quote_end"),
        Text("summary", default=""),
        Choice("basis", vocabulary=ClaimBasis, default=ClaimBasis.REPORT.value),
        Edtf("stated_date"),
        Reference("stated_actor", service_name="stated_actor_id", record_type="actor"),
        Figures("figures", default={}),
        Choice("status", vocabulary=Status),
    ),
    rules=(_offsets_frame_a_quote,),
)


class ClaimInput(TypedDict, total=False):
    key: str | None
    article_id: int
    event_id: int
    stance: str
    speaker_id: int | None
    quote: str | None
    quote_start: int | None
    quote_end: int | None
    summary: str
    basis: str
    stated_date: str | None
    stated_actor_id: int | None
    figures: dict[str, Any]
    status: str
