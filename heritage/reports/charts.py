"""A report's charts as small hand-written SVG: events per week or month by category
(stacked bars) and the sites concerned by condition (a bar per condition). Deterministic:
the same counts give the same bytes (fixed sizes, rounded coordinates, no ids).

The pictures hold only shapes, numbers and period labels ("2015-08", "2015-W35"); their
words (the categories' and conditions' names, the legends) are the report's HTML text
beside them. WeasyPrint draws an SVG's <text> a letter at a time, without shaping, so an
Arabic word inside a picture would come apart into separate letters in the PDF; as HTML
text it is shaped, selectable and searchable like the rest of the report."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from heritage.maps import CONDITION_COLOURS
from heritage.reports.content import BucketCount
from heritage.vocab import Condition, EventCategory

# One colour per category (Okabe-Ito, told apart by most colour-blind readers).
CATEGORY_COLOURS: dict[EventCategory, str] = {
    EventCategory.DAMAGE: "#d55e00",
    EventCategory.CONTROL: "#0072b2",
    EventCategory.PERSON: "#cc79a7",
    EventCategory.PROTECTION: "#009e73",
    EventCategory.ASSESSMENT: "#e69f00",
    EventCategory.CONTEXT: "#999999",
}
_FONT = 'font-family="Report Sans, sans-serif"'
_INK = "#222"
_RULE = "#bbb"


def categories_shown(buckets: Sequence[BucketCount]) -> list[EventCategory]:
    """The categories with events in any bucket, in the vocabulary's order: the bars'
    segments from the bottom up, and the legend's entries."""
    return [c for c in EventCategory if any(b.by_category.get(c, 0) for b in buckets)]


def events_chart(
    buckets: Sequence[BucketCount], *, title: str, width: int = 640, height: int = 220
) -> str:
    """Stacked bars, one per bucket in the order given, a segment per category (coloured
    by CATEGORY_COLOURS), on a scale of whole numbers; each bucket labelled below."""
    shown = categories_shown(buckets)
    top = max((sum(b.by_category.values()) for b in buckets), default=0)
    scale_max = _round_up(top)
    left, right, upper, lower = 40, 10, 10, 24
    plot_w, plot_h = width - left - right, height - upper - lower
    parts = [_open(width, height, title)]
    for tick in _ticks(scale_max):
        y = upper + plot_h - plot_h * tick / scale_max
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{_RULE}" stroke-width="0.5"/>'
        )
        parts.append(_text(left - 4, y + 3, str(tick), anchor="end"))
    slot = plot_w / max(len(buckets), 1)
    bar = min(slot * 0.7, 48.0)
    # Every bucket labelled while labels fit (about 56 pixels each), else every n-th.
    label_every = 1 if slot >= 56 else -(-56 // int(max(slot, 1)))
    for index, bucket in enumerate(buckets):
        x = left + slot * index + (slot - bar) / 2
        y = upper + plot_h
        for category in shown:
            count = bucket.by_category.get(category, 0)
            if not count:
                continue
            h = plot_h * count / scale_max
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{CATEGORY_COLOURS[category]}"/>'
            )
        if index % label_every == 0:
            parts.append(
                _text(x + bar / 2, upper + plot_h + 14, bucket.label, anchor="middle", size=9)
            )
    parts.append(
        f'<line x1="{left}" y1="{upper + plot_h}" x2="{width - right}" y2="{upper + plot_h}" '
        f'stroke="{_INK}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def condition_bar(
    count: int, top: int, condition: Condition | None, *, right_to_left: bool = False
) -> str:
    """One row's bar of the sites-by-condition chart: `count` against the largest count
    `top`, in the condition's map colour, growing from the reading side (the right, right
    to left)."""
    width, height = 300, 12
    length = round(width * count / top, 1) if top else 0.0
    x = width - length if right_to_left else 0.0
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-hidden="true" class="bar">'
        f'<rect x="{x:.1f}" y="0" width="{length:.1f}" height="{height}" '
        f'fill="{CONDITION_COLOURS[condition]}"/></svg>'
    )


def swatch(colour: str) -> str:
    """A legend's square of `colour`."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10" height="10" '
        f'aria-hidden="true" class="swatch"><rect width="10" height="10" fill="{colour}"/></svg>'
    )


def _open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="chart">'
        f"<title>{escape(title)}</title>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 10) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" {_FONT} font-size="{size}" fill="{_INK}" '
        f'text-anchor="{anchor}">{escape(text)}</text>'
    )


def _round_up(top: int) -> int:
    """The scale's end: the first of 1, 2, 5 times a power of ten at least `top` (1 at least)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if factor * step >= top:
                return max(factor * step, 1)
        step *= 10


def _ticks(scale_max: int) -> list[int]:
    """0, a quarter, half, three quarters and the end of the scale, whole numbers only."""
    return sorted({round(scale_max * share / 4) for share in range(5)})
