"""The trained filter of train_model.py, trained on the rules' *blind* mistakes (the protocol in
bench/extraction/README.md, "Trained on the blind-era candidates").

    .venv/bin/python -m bench.extraction.blind_model

Each held-out set was first scored by the rules version that had not yet seen it. That
version's candidates on the set (its *blind-era* candidates) are read again here, with
today's annotations and fixtures, by running the old `heritage` package from a `git archive`
of its commit in a subprocess. Then, leaving one held-out set out at a time, the filter is
trained on the other ten sets' blind-era candidates (its threshold chosen by an inner
leave-one-set-out over those ten) and scored on the held-out set in three arms: the blind
rules alone, the blind rules with the filter, and the current rules with the same filter.
Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
# Each held-out set and the commit on main whose rules had not yet seen it (the earliest such
# version that bench/README.md's "On unseen text" table records a run of).
BLIND = {
    "heldout": ("rules-2", "438d96d"),
    "heldout2": ("rules-3", "3215a3c"),  # the merge of f1b
    "heldout3": ("rules-3", "3215a3c"),
    "heldout4": ("rules-5", "6746308"),  # the merge of f1d; rules-4 gave the same figures
    "heldout5": ("rules-5", "6746308"),
    "heldout6": ("rules-5", "6746308"),
    "heldout7": ("rules-6", "f1447ca"),  # the merge of f1e
    "heldout8": ("rules-7", "81a78ad"),  # the merge of f1f
    "heldout9": ("rules-8", "2c3692f"),
    "heldout10": ("rules-9", "8ec19b9"),
    "heldout11": ("rules-10", "65b69b3"),
}
CURRENT = "current"  # the working tree's own heritage package
CACHE = Path(tempfile.gettempdir()) / "heritage-blind-model"


# ---------------------------------------------------------------- reading the candidates


def dump_set(name: str, out: Path) -> None:
    """Write the filter's instances for one set as the `heritage` package first on sys.path
    reads it (run in a subprocess, the old package's folder put before the working tree)."""
    from bench.extraction.train_model import load_set

    data = load_set(name, proposers=False)
    positions = {
        id(p): (article, index)
        for article, proposals in enumerate(data.rules)
        for index, p in enumerate(proposals)
    }
    record = {
        "set": name,
        "rules": [[_proposal_record(p) for p in proposals] for proposals in data.rules],
        "instances": [
            {"features": i.features, "at": positions[id(i.proposal)]} for i in data.filter_instances
        ],
    }
    out.write_text(json.dumps(record), encoding="utf-8")


def _proposal_record(proposal: Any) -> dict[str, Any]:
    record = dataclasses.asdict(proposal)
    record["site_names"] = list(record["site_names"])
    return record


def blind_code(commit: str) -> Path:
    """The `heritage` package and migrations of `commit`, unpacked once."""
    directory = CACHE / "code" / commit
    if not (directory / "heritage").is_dir():
        directory.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", commit, "heritage", "migrations"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(directory)], input=archive, check=True)
    return directory


def read_candidates(name: str, commit: str) -> Any:
    """The set's filter data as the rules of `commit` (or CURRENT) propose it, cached."""
    from bench.extraction.gold_set import read_gold_set
    from bench.extraction.scoring import Proposal, pair_of
    from bench.extraction.train_model import Instance, SetData, gold_pair_keys

    out = CACHE / f"{name}-{commit}.json"
    if not out.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        path = [] if commit == CURRENT else [str(blind_code(commit))]
        program = (
            f"import sys; sys.path[:0] = {path!r}; "
            "from bench.extraction.blind_model import dump_set; "
            f"from pathlib import Path; dump_set({name!r}, Path({str(out)!r}))"
        )
        subprocess.run([sys.executable, "-c", program], cwd=ROOT, check=True)
    record = json.loads(out.read_text(encoding="utf-8"))
    articles = read_gold_set(HERE / name)
    rules = [
        [Proposal(**{**p, "site_names": tuple(p["site_names"])}) for p in proposals]
        for proposals in record["rules"]
    ]
    data = SetData(name, articles, rules)
    for raw in record["instances"]:
        article, index = raw["at"]
        proposal = rules[article][index]
        # pairs and labels read by today's scorer, as the figures are
        pair = pair_of(proposal, articles[article])
        data.filter_instances.append(
            Instance(
                features=raw["features"],
                label=pair in gold_pair_keys(articles[article]),
                article=article,
                proposal=proposal,
                pair=pair,
            )
        )
    return data


# ---------------------------------------------------------------- leave one set out


def loso(
    blind: Sequence[Any], current: Sequence[Any], words: bool, log: Callable[[str], None]
) -> None:
    from bench.extraction.train_model import (
        Variant,
        _row,
        _share,
        arm_proposals,
        auc,
        choose_thresholds,
        fit,
        merged,
        score,
    )

    variant = Variant("filter" if words else "filter, structural", True, None, words=words)
    blind_totals, filtered_totals, current_totals, current_filtered_totals = [], [], [], []
    # not admissible (each set's keep threshold chosen on the set itself): the most the
    # filter's scores could give
    best_totals, best_current_totals = [], []
    ranked: list[tuple[float, bool]] = []
    ranked_current: list[tuple[float, bool]] = []
    log(f"\n### {variant.name}, trained on the blind-era candidates of the other ten sets")
    log("| set | blind rules | P | R | F1 | + filter P | R | F1 | ΔF1 | keep ≥ | AUC |")
    log("|---|---|---|---|---|---|---|---|---|---|---|")
    current_rows = []
    for held, held_now in zip(blind, current, strict=True):
        rest = [s for s in blind if s is not held]
        keep, _ = choose_thresholds(rest, variant)
        filter_model, _ = fit(rest, variant)
        base = score(held, held.rules)
        filtered = score(held, arm_proposals(held, filter_model, keep, None, 1.01))
        now = score(held_now, held_now.rules)
        now_filtered = score(held_now, arm_proposals(held_now, filter_model, keep, None, 1.01))
        best_totals.append(best_on(held, filter_model))
        best_current_totals.append(best_on(held_now, filter_model))
        blind_totals.append(base)
        filtered_totals.append(filtered)
        current_totals.append(now)
        current_filtered_totals.append(now_filtered)
        assert filter_model is not None
        held_ranked = [
            (filter_model.probability(i.features), i.label) for i in held.filter_instances
        ]
        held_now_ranked = [
            (filter_model.probability(i.features), i.label) for i in held_now.filter_instances
        ]
        ranked += held_ranked
        ranked_current += held_now_ranked
        rules_name = BLIND[held.name][0]
        log(
            _row(
                f"{held.name} | {rules_name}",
                base,
                filtered,
                f"{keep:.2f} | {_share(auc(held_ranked))}",
            )
        )
        current_rows.append(
            _row(held.name, now, now_filtered, f"{keep:.2f} | {_share(auc(held_now_ranked))}")
        )
    log(
        _row(
            "**micro, eleven sets** | blind",
            merged(blind_totals),
            merged(filtered_totals),
            f"| {_share(auc(ranked))}",
        )
    )
    log(f"\nbest keep threshold on each set itself: micro F1 {_share(merged(best_totals).f1)}")
    log(
        f"out of fold: AUC {_share(auc(ranked))} over {len(ranked)} blind-era candidates "
        f"({sum(label for _, label in ranked)} right)"
    )
    log("\nthe same filters on the current rules' candidates:")
    log("| set | current P | R | F1 | + filter P | R | F1 | ΔF1 | keep ≥ | AUC |")
    log("|---|---|---|---|---|---|---|---|---|---|")
    for row in current_rows:
        log(row)
    log(
        _row(
            "**micro, eleven sets**",
            merged(current_totals),
            merged(current_filtered_totals),
            f"| {_share(auc(ranked_current))}",
        )
    )
    log(
        "\nbest keep threshold on each set itself: micro F1 "
        f"{_share(merged(best_current_totals).f1)}"
    )
    log(
        f"out of fold on the current rules: AUC {_share(auc(ranked_current))} over "
        f"{len(ranked_current)} candidates ({sum(label for _, label in ranked_current)} right)"
    )


def best_on(data: Any, filter_model: Any) -> Any:
    from bench.extraction.train_model import THRESHOLDS, arm_proposals, score

    return max(
        (
            score(data, arm_proposals(data, filter_model, keep, None, 1.01))
            for keep in (0.0, *THRESHOLDS)
        ),
        key=lambda t: t.f1 or 0.0,
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction.blind_model")
    parser.add_argument(
        "--structural", action="store_true", help="also the filter without the words of the text"
    )
    args = parser.parse_args(argv)
    blind, current = [], []
    for name, (rules_name, commit) in BLIND.items():
        data = read_candidates(name, commit)
        now = read_candidates(name, CURRENT)
        blind.append(data)
        current.append(now)
        for label, one in ((f"{rules_name} at {commit}", data), ("current rules", now)):
            right = sum(i.label for i in one.filter_instances)
            print(
                f"{name}, {label}: {len(one.articles)} texts, {len(one.filter_instances)} "
                f"candidates with a pair ({right} right)"
            )
    loso(blind, current, True, print)
    if args.structural:
        loso(blind, current, False, print)


if __name__ == "__main__":
    main()
