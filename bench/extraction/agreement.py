"""How far two analysts agree: one analyst's annotations scored against another's.

    .venv/bin/python -m bench.extraction.agreement --gold DIR --other DIR [--verbose]

`--gold` is a set folder (texts and the first analyst's `NN-slug.json`); `--other` holds a
second analyst's `NN-slug.json` for some or all of those texts, written without seeing the
first's. The second analyst's claims are scored as if an extractor had proposed them, with
the extractor's own scorer (bench/extraction/scoring.py): F1 on (site, event type), dates
inside, speaker and stance. The pair F1 is the same whichever analyst comes first; the date
share is not (an interval is inside another, not the reverse), so both directions are
printed. Where people agree less than the extractor's goals ask, the goals cannot be read
as a machine's shortfall alone.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from bench.extraction.__main__ import misses
from bench.extraction.gold_set import (
    GoldArticle,
    GoldClaim,
    read_gold_set,
    read_other_annotations,
)
from bench.extraction.scoring import ArticleScore, Proposal, Totals, score_article, total


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.extraction.agreement", description=__doc__
    )
    parser.add_argument("--gold", type=Path, required=True, help="the first analyst's folder")
    parser.add_argument("--other", type=Path, required=True, help="the second analyst's folder")
    parser.add_argument("--verbose", action="store_true", help="list each article's differences")
    args = parser.parse_args(argv)
    first, second = paired_articles(args.gold, args.other)
    forward = scores_for(first, second)
    backward = scores_for(second, first)
    print(f"Agreement of {args.other} with {args.gold}, {len(first)} texts")
    print(report(total(forward), total(backward)))
    if args.verbose:
        print("(missed: the first analyst's pairs the second lacks; wrong: the reverse)")
        for score in forward:
            print(misses(score))


def paired_articles(gold: Path, other: Path) -> tuple[list[GoldArticle], list[GoldArticle]]:
    """The texts of `gold` that `other` annotated too, read once with each analyst's file."""
    seconds = read_other_annotations(gold, other)
    annotated = {article.slug for article in seconds}
    return [a for a in read_gold_set(gold) if a.slug in annotated], seconds


def proposals_of(article: GoldArticle) -> list[Proposal]:
    return [proposal_of(claim) for claim in article.claims]


def proposal_of(claim: GoldClaim) -> Proposal:
    """An analyst's claim as the scorer reads a candidate: the date as the EDTF interval
    of its two ends, open where the analyst left an end open."""
    return Proposal(
        site_key=claim.site,
        site_names=(),
        mention=claim.mention,
        event_type=claim.event_type,
        date=_interval(claim),
        speaker=claim.speaker,
        speaker_key=claim.speaker_key,
        stance=claim.stance,
        quote_start=claim.quote_start,
        quote_end=claim.quote_end,
    )


def _interval(claim: GoldClaim) -> str | None:
    if claim.earliest is None and claim.latest is None:
        return None
    if claim.earliest == claim.latest:
        return claim.earliest.isoformat() if claim.earliest else None
    start = claim.earliest.isoformat() if claim.earliest else ".."
    end = claim.latest.isoformat() if claim.latest else ".."
    return f"{start}/{end}"


def report(forward: Totals, backward: Totals) -> str:
    rows = [
        ("pairs agreed (site, event type)", f"{forward.true_pairs}"),
        ("pairs only the first analyst has", f"{forward.missed_pairs}"),
        ("pairs only the second analyst has", f"{forward.false_pairs}"),
        ("F1, (site, event type)", _share(forward.f1)),
        ("dates: second's inside first's", _share(forward.dates_share)),
        ("dates: first's inside second's", _share(backward.dates_share)),
        ("speaker agreement, pairs agreed", _share(forward.speaker_accuracy)),
        ("stance agreement, pairs agreed", _share(forward.stance_accuracy)),
    ]
    return "\n".join(f"{label:<40}{value:>8}" for label, value in rows)


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def scores_for(first: Sequence[GoldArticle], second: Sequence[GoldArticle]) -> list[ArticleScore]:
    """The second analyst's claims scored against the first's, article by article."""
    return [score_article(a, proposals_of(b)) for a, b in zip(first, second, strict=True)]


if __name__ == "__main__":
    main()
