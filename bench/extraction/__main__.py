"""Score the claim extractor on the gold set and time it.

    .venv/bin/python -m bench.extraction                 # the gold set in bench/extraction/gold
    .venv/bin/python -m bench.extraction --gold DIR --verbose
    .venv/bin/python -m bench.extraction --gold bench/extraction/heldout   # the held-out set

Loads the demo's Palmyra records and bench/extraction/gazetteer.jsonl (then the set's own
gazetteer.jsonl, if its folder has one) into a temporary SQLite database, builds the
gazetteer from it, runs heritage.extraction.candidates.extract on every gold text, and prints
each figure of bench/extraction/README.md beside its goal. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.extraction.gazetteer_db import build_gazetteer, fixtures_for
from bench.extraction.gold_set import (
    GoldArticle,
    read_gold_set,
    read_other_annotations,
    texts_not_here,
)
from bench.extraction.scoring import (
    ArticleScore,
    Totals,
    proposal_from_candidate,
    score_article,
    total,
)

GOLD = Path(__file__).with_name("gold")
SYNTHETIC_WORDS = 800

Extract = Callable[..., list[Any]]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__)
    parser.add_argument("--gold", type=Path, default=GOLD, help="directory of the gold set")
    parser.add_argument(
        "--fixture",
        type=Path,
        action="append",
        help="gazetteer fixture, loaded in the order given (repeatable); by default "
        "bench/extraction/gazetteer.jsonl, then the gold set folder's own gazetteer.jsonl",
    )
    parser.add_argument(
        "--annotations",
        type=Path,
        help="score against another analyst's NN-slug.json files in this folder (for the "
        "texts of --gold they annotate) instead of the set's own",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each speed test")
    parser.add_argument("--verbose", action="store_true", help="list each article's misses")
    args = parser.parse_args(argv)

    from heritage.extraction.candidates import EXTRACTOR_VERSION, extract

    if args.annotations:
        articles = read_other_annotations(args.gold, args.annotations)
    else:
        articles = read_gold_set(args.gold)
    fixtures = tuple(args.fixture) if args.fixture else fixtures_for(args.gold)
    with tempfile.TemporaryDirectory(prefix="bench-extraction-") as workdir:
        gazetteer = build_gazetteer(Path(workdir), fixtures)
    scores = [score_article(a, run(extract, a, gazetteer)) for a in articles]
    totals = total(scores)
    pin_to_one_core()
    gold_rate = articles_per_second(extract, articles, gazetteer, args.repeat)
    synthetic = synthetic_article(articles)
    # 20 extractions per timed run, so that one run lasts long enough to time well
    synthetic_rate = articles_per_second(extract, [synthetic] * 20, gazetteer, args.repeat)
    print(f"Extractor {EXTRACTOR_VERSION} on {len(articles)} gold articles ({args.gold})")
    if args.annotations:
        print(f"annotations: {args.annotations}")
    print("gazetteer: the demo, " + ", ".join(str(path) for path in fixtures))
    for slug in texts_not_here(args.gold):
        print(f"left out {slug}: its text is kept outside the repository and is not here")
    print(report(totals, gold_rate, synthetic_rate))
    if args.verbose:
        for score in scores:
            print(misses(score))


def run(extract: Extract, article: GoldArticle, gazetteer: Any) -> list[Any]:
    candidates = extract(
        article.text,
        published=article.published,
        gazetteer=gazetteer,
        title=article.header.get("Title"),
        publisher=article.header.get("Publisher"),
    )
    return [proposal_from_candidate(candidate) for candidate in candidates]


def pin_to_one_core() -> None:
    """The goal is per core: the timed runs stay on the first CPU this process may use."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def articles_per_second(
    extract: Extract, articles: Sequence[GoldArticle], gazetteer: Any, repeat: int
) -> float:
    """Median over `repeat` runs of (articles / wall time of extracting them all)."""
    rates = []
    for _ in range(max(repeat, 1)):
        started = time.perf_counter()
        for article in articles:
            run(extract, article, gazetteer)
        rates.append(len(articles) / (time.perf_counter() - started))
    return statistics.median(rates)


def synthetic_article(articles: Sequence[GoldArticle]) -> GoldArticle:
    """An 800-word article made of the gold texts' paragraphs in turn (the seed's first),
    so it holds real names, speakers and dates, published on the seed's date."""
    words: list[str] = []
    paragraphs: list[str] = []
    for article in articles:
        for paragraph in article.text.split("\n\n"):
            taken = paragraph.split()[: SYNTHETIC_WORDS - len(words)]
            if taken:
                paragraphs.append(" ".join(taken))
                words.extend(taken)
        if len(words) >= SYNTHETIC_WORDS:
            break
    return GoldArticle(
        slug="synthetic-800-words",
        header={"Title": "Synthetic", "Publisher": "bench"},
        text="\n\n".join(paragraphs),
        published=articles[0].published,
        sites=frozenset(),
        unknown_mentions=(),
        claims=(),
        traps=(),
    )


def report(totals: Totals, gold_rate: float, synthetic_rate: float) -> str:
    """One line per figure: its name, its value, its goal and whether the value meets it."""
    rows: list[tuple[str, str, str, bool | None]] = [
        ("precision, (site, event type)", _share(totals.precision), "(in F1)", None),
        ("recall, (site, event type)", _share(totals.recall), "(in F1)", None),
        ("F1, (site, event type)", _share(totals.f1), ">= 0.80", _at_least(totals.f1, 0.8)),
        (
            "dates inside the gold interval",
            _share(totals.dates_share),
            ">= 0.85",
            _at_least(totals.dates_share, 0.85),
        ),
        (
            "speaker accuracy",
            _share(totals.speaker_accuracy),
            ">= 0.80",
            _at_least(totals.speaker_accuracy, 0.8),
        ),
        ("stance accuracy", _share(totals.stance_accuracy), "(none set)", None),
        ("unknown mentions proposed", str(totals.unknown_mentions), "(reported)", None),
        (
            "gold unknown places found",
            f"{totals.gold_unknowns_found} of {totals.gold_unknowns}",
            "(reported)",
            None,
        ),
        ("invented sites", str(totals.invented), "0", totals.invented == 0),
        ("articles/s, gold texts, one core", f"{gold_rate:.1f}", "(reported)", None),
        (
            f"articles/s, {SYNTHETIC_WORDS}-word text, one core",
            f"{synthetic_rate:.1f}",
            ">= 20",
            synthetic_rate >= 20,
        ),
    ]
    width = max(len(name) for name, *_ in rows)
    lines = [
        f"{name:<{width}}  {value:>10}  goal {goal:<10}  {_verdict(met)}".rstrip()
        for name, value, goal, met in rows
    ]
    lines.append(
        f"pairs: {totals.true_pairs} right, {totals.false_pairs} wrong, "
        f"{totals.missed_pairs} missed; {totals.matched} matched candidates; "
        f"{totals.without_pair} candidates without a pair"
    )
    return "\n".join(lines)


def _at_least(value: float | None, goal: float) -> bool | None:
    return None if value is None else value >= goal


def _verdict(met: bool | None) -> str:
    return "" if met is None else ("met" if met else "NOT MET")


def misses(score: ArticleScore) -> str:
    parts = [f"{score.slug}:"]
    if score.missed_pairs:
        parts.append("  missed " + ", ".join(map(_pair, sorted(score.missed_pairs))))
    if score.false_pairs:
        parts.append("  wrong  " + ", ".join(map(_pair, sorted(score.false_pairs))))
    if score.invented:
        parts.append("  invented " + ", ".join(score.invented))
    return "\n".join(parts)


def _pair(pair: tuple[str, str]) -> str:
    return f"{pair[0]}/{pair[1]}"


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    main()
