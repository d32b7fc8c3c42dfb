"""A small linear model over claim extraction, measured by leave-one-set-out (the protocol in
bench/extraction/README.md, "A trained model (experiment)").

    .venv/bin/python -m bench.extraction.train_model --loso

Two models, each a logistic regression trained in plain Python (fixed seed, sorted
iteration, so the same sets give the same weights):

- the *filter* reads each rules-8 candidate and keeps or drops it (for precision);
- the *proposer* reads each (sentence, gazetteer site, event type cued in the sentence) and
  adds the pair when the rules did not propose it for the article (for recall).

For each of the nine sets S, both are trained on the other eight, their thresholds chosen by
an inner leave-one-set-out over those eight, and S is scored with the scorer's own functions
in two arms: rules-8 alone, and rules-8 with the model. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.extraction.__main__ import run
from bench.extraction.gazetteer_db import build_gazetteer, fixtures_for
from bench.extraction.gold_set import GoldArticle, read_gold_set
from bench.extraction.scoring import (
    Proposal,
    Totals,
    pair_of,
    score_article,
    total,
)

HERE = Path(__file__).parent
SETS = (
    "gold",
    "heldout",
    "heldout2",
    "heldout3",
    "heldout4",
    "heldout5",
    "heldout6",
    "heldout7",
    "heldout8",
)
SEED = 19
EPOCHS = 30
L2 = 1e-3
RATE = 0.1
# probabilities tried as thresholds; the proposer's, trained with the positives weighted up,
# are high where a pair is likely, hence the fine steps near 1
THRESHOLDS = (*(round(0.05 * step, 2) for step in range(1, 20)), 0.97, 0.98, 0.99, 0.995)
WINDOW = 5  # tokens each side of the site

_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
_NEGATION = re.compile(
    r"\b(?:not|no|never|nor|without|denied|deny|denies|untouched|intact|spared|unharmed)\b"
)
_CONDITIONAL = re.compile(
    r"\b(?:if|unless|would|could|may|might|should|will|threat(?:en(?:ed|s)?)?|plan(?:ned|s)?"
    r"|feared?|risk)\b"
)
_YEAR = re.compile(r"\b(\d{3,4})\b")
_BC = re.compile(r"\b(?:bc|bce|century|centuries|ancient|built|founded|dynasty)\b")
Features = list[str]
# A proposer's reach: which sites a sentence may speak of ("sentence": those it names;
# "context": those, the ones named in the two sentences before, the title's and the site the
# article names most) and which event types ("cued": those the lexicon cues in the sentence;
# "all": every type of the vocabulary but the assessment and person-only ones read rarely).
PROPOSER_SCOPES = {
    "sentence/cued": ("sentence", "cued"),
    "context/cued": ("context", "cued"),
    "context/all": ("context", "all"),
}
PROPOSER_NEGATIVES = {"sentence/cued": 1.0, "context/cued": 1.0, "context/all": 0.2}


# ---------------------------------------------------------------- the data of one set


@dataclass
class Instance:
    """One thing a model decides on: its features, its label, and what it would propose."""

    features: Features
    label: bool
    article: int  # index of the article in its set
    proposal: Proposal
    pair: tuple[str, str] | None  # the pair it proposes, as the scorer reads it


@dataclass
class SetData:
    name: str
    articles: list[GoldArticle]
    rules: list[list[Proposal]]  # each article's rules-8 proposals
    filter_instances: list[Instance] = field(default_factory=list)
    # by proposer scope (PROPOSER_SCOPES): the (sentence, site, type) it reads
    proposer_instances: dict[str, list[Instance]] = field(default_factory=dict)


def load_set(name: str, proposers: bool = True) -> SetData:
    """One set's rules proposals and filter instances, and with `proposers` the proposer's."""
    from heritage.extraction.candidates import extract

    directory = HERE / name
    articles = read_gold_set(directory)
    with tempfile.TemporaryDirectory(prefix="train-model-") as workdir:
        gazetteer = build_gazetteer(Path(workdir), fixtures_for(directory))
    data = SetData(name, articles, [])
    for index, article in enumerate(articles):
        proposals = run(extract, article, gazetteer)
        data.rules.append(proposals)
        reading = ArticleReading(article, gazetteer, proposals)
        data.filter_instances += reading.filter_instances(index)
        if not proposers:
            continue
        for scope, (site_scope, type_scope) in PROPOSER_SCOPES.items():
            data.proposer_instances.setdefault(scope, [])
            data.proposer_instances[scope] += reading.proposer_instances(
                index, site_scope, type_scope
            )
    return data


class ArticleReading:
    """What the features of one article's instances read, found once."""

    def __init__(self, article: GoldArticle, gazetteer: Any, rules: Sequence[Proposal]):
        from heritage.extraction.events import find_cues
        from heritage.extraction.gazetteer import tokenize
        from heritage.extraction.sentences import mask_markup, split_sentences

        self.article = article
        self.text = mask_markup(article.text)
        self.lowered = self.text.lower()
        self.sentences = [s for s in split_sentences(self.text) if not s.skip]
        self.tokens = tokenize(self.text)
        self.site_matches = [
            (m.start, m.end, m.first_token, m.last_token, entry)
            for m in gazetteer.find(self.text, self.tokens)
            if (entry := m.best("site")) is not None
        ]
        self.cues = find_cues(self.text)
        self.rules = list(rules)
        self.rule_pairs = {pair_of(p, article) for p in rules} - {None}
        self.site_counts: dict[str, int] = {}
        for *_, entry in self.site_matches:
            self.site_counts[entry.key] = self.site_counts.get(entry.key, 0) + 1
        self.entries = {entry.key: entry for *_, entry in self.site_matches}
        self.main_site = (
            max(sorted(self.site_counts), key=lambda k: self.site_counts[k])
            if self.site_counts
            else None
        )
        title = (article.header.get("Title") or "").lower()
        self.title_sites = {e.key for *_, e in self.site_matches if e.name.lower() in title}

    def sentence_at(self, position: int) -> Any:
        for sentence in self.sentences:
            if sentence.start <= position < sentence.end:
                return sentence
        return None

    def gold_label(self, site_key: str | None, event_type: str, start: int, end: int) -> bool:
        """A gold claim of this (site, type) whose quote overlaps [start, end)."""
        for claim in self.article.claims:
            if claim.event_type != event_type:
                continue
            if site_key is None or (site_key != claim.site and site_key not in claim.also_sites):
                continue
            if claim.quote_start < end and start < claim.quote_end:
                return True
        return False

    def common(self, sentence: Any, event_type: str, site_key: str | None) -> Features:
        """Features of a (sentence, site, type): the sentence's words, cues, caption, old
        years, negation and conditional words, and where the site stands in the article."""
        words = _WORD.findall(self.lowered[sentence.start : sentence.end])
        features = ["bias", "type=" + event_type]
        features += sorted({"w=" + w for w in words})
        features += sorted({"wt=" + w + "|" + event_type for w in words})
        features += sorted({"bi=" + a + "_" + b for a, b in zip(words, words[1:], strict=False)})
        cue_types = sorted(
            {c.event_type.value for c in self.cues if sentence.start <= c.start < sentence.end}
        )
        features += ["cue=" + t for t in cue_types]
        features.append("cue_of_type" if event_type in cue_types else "no_cue_of_type")
        features.append(f"cues={min(len(cue_types), 3)}")
        if sentence.caption:
            features.append("caption")
        if sentence.first_in_paragraph:
            features.append("first_in_paragraph")
        if sentence.paragraph == 0:
            features.append("first_paragraph")
        sentence_text = self.lowered[sentence.start : sentence.end]
        years = [int(y) for y in _YEAR.findall(sentence_text)]
        if any(y < 1900 for y in years):
            features.append("year_before_1900")
        if any(y >= 1900 for y in years):
            features.append("modern_year")
        if _BC.search(sentence_text):
            features.append("history_word")
        if _NEGATION.search(sentence_text):
            features.append("negation")
        if _CONDITIONAL.search(sentence_text):
            features.append("conditional")
        if site_key is not None:
            count = self.site_counts.get(site_key, 0)
            features.append(f"site_named={min(count, 4)}")
            if site_key in self.title_sites:
                features.append("site_in_title")
        return features

    def window(self, first_token: int, last_token: int) -> Features:
        before = self.tokens[max(first_token - WINDOW, 0) : first_token]
        after = self.tokens[last_token : last_token + WINDOW]
        return [f"before={t.folded}" for t in before] + [f"after={t.folded}" for t in after]

    def filter_instances(self, index: int) -> list[Instance]:
        instances = []
        for proposal in self.rules:
            pair = pair_of(proposal, self.article)
            if pair is None:
                continue
            sentence = self.sentence_at(proposal.quote_start)
            if sentence is None:
                continue
            features = self.common(sentence, pair[1], proposal.site_key)
            features.append("has_site" if proposal.site_key else "mention_only")
            features.append("stance=" + proposal.stance)
            features.append("dated" if proposal.date else "undated")
            if proposal.date and re.match(r"^-|^[01]\d{3}|^\d{2,3}$", proposal.date):
                features.append("date_before_1900")
            features.append("speaker" if proposal.speaker else "own_voice")
            same_pair = sum(1 for p in self.rules if pair_of(p, self.article) == pair)
            features.append(f"same_pair={min(same_pair, 3)}")
            here = [
                m
                for m in self.site_matches
                if sentence.start <= m[0] < sentence.end and m[4].key == proposal.site_key
            ]
            if here:
                features += self.window(here[0][2], here[0][3])
            else:
                features.append("site_not_in_sentence")
            instances.append(
                Instance(
                    features=sorted(set(features)),
                    label=pair in gold_pair_keys(self.article),
                    article=index,
                    proposal=proposal,
                    pair=pair,
                )
            )
        return instances

    def proposer_instances(self, index: int, site_scope: str, type_scope: str) -> list[Instance]:
        from heritage.vocab import EventType

        instances = []
        for position, sentence in enumerate(self.sentences):
            cue_types = sorted(
                {c.event_type.value for c in self.cues if sentence.start <= c.start < sentence.end}
            )
            types = cue_types if type_scope == "cued" else sorted(t.value for t in EventType)
            if not types:
                continue
            named: dict[str, tuple[int, int, int, int, Any]] = {}
            for found in self.site_matches:
                if sentence.start <= found[0] < sentence.end:
                    named.setdefault(found[4].key, found)
            reach: dict[str, str] = {key: "site_in_sentence" for key in named}
            if site_scope == "context":
                before = self.sentences[max(position - 2, 0)].start
                for found in self.site_matches:
                    if before <= found[0] < sentence.start:
                        reach.setdefault(found[4].key, "site_before")
                for key in sorted(self.title_sites):
                    reach.setdefault(key, "site_of_title")
                if self.main_site is not None:
                    reach.setdefault(self.main_site, "site_main")
            for key in sorted(reach):
                entry = self.entries[key]
                for event_type in types:
                    proposal = Proposal(
                        site_key=key,
                        site_names=tuple(entry.names),
                        mention=None,
                        event_type=event_type,
                        date=None,
                        speaker=None,
                        speaker_key=None,
                        stance="affirms",
                        quote_start=sentence.start,
                        quote_end=sentence.end,
                    )
                    pair = pair_of(proposal, self.article)
                    features = self.common(sentence, event_type, key)
                    features.append(reach[key])
                    features.append(
                        reach[key] + "|" + ("cued" if event_type in cue_types else "uncued")
                    )
                    if key in named:
                        start, end, first_token, last_token, _ = named[key]
                        features += self.window(first_token, last_token)
                        features += self.between(sentence, start, end, event_type)
                    features.append("rules_pair" if pair in self.rule_pairs else "new_pair")
                    instances.append(
                        Instance(
                            features=sorted(set(features)),
                            label=self.gold_label(key, event_type, sentence.start, sentence.end),
                            article=index,
                            proposal=proposal,
                            pair=pair,
                        )
                    )
        return instances

    def between(self, sentence: Any, start: int, end: int, event_type: str) -> Features:
        """The nearest cue of the type: on which side of the site, and how far in words."""
        nearest = None
        for cue in self.cues:
            if cue.event_type.value != event_type or not sentence.start <= cue.start < sentence.end:
                continue
            gap = cue.start - end if cue.start >= end else start - cue.end
            if nearest is None or abs(gap) < abs(nearest[0]):
                nearest = (gap, "cue_after" if cue.start >= end else "cue_before")
        if nearest is None:
            return []
        span = (
            self.lowered[end : end + max(nearest[0], 0)]
            if nearest[1] == "cue_after"
            else self.lowered[max(start - nearest[0], 0) : start]
        )
        gap_words = len(_WORD.findall(span))
        bucket = (
            "0"
            if gap_words == 0
            else "1-3"
            if gap_words <= 3
            else "4-8"
            if gap_words <= 8
            else "9+"
        )
        return [nearest[1], f"gap={bucket}", f"{nearest[1]}|gap={bucket}"]


def gold_pair_keys(article: GoldArticle) -> set[tuple[str, str]]:
    from bench.extraction.scoring import gold_pairs

    return set(gold_pairs(article))


# ---------------------------------------------------------------- the model


@dataclass
class Model:
    """Logistic regression over sparse binary features."""

    weights: dict[str, float]
    # by id of an instance's feature list: the thresholds tried read each one many times
    cache: dict[int, float] = field(default_factory=dict, repr=False)

    def probability(self, features: list[str]) -> float:
        known = self.cache.get(id(features))
        if known is None:
            z = sum(self.weights.get(f, 0.0) for f in features)
            known = self.cache[id(features)] = 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
        return known


def train(
    instances: Sequence[Instance],
    seed: int = SEED,
    keep_negatives: float = 1.0,
    words: bool = True,
) -> Model:
    """Stochastic gradient descent on the log loss with L2, the positives weighted so that
    both classes weigh the same; the order of each epoch drawn from a fixed seed. With
    `keep_negatives` below 1, that share of the negatives is drawn (same seed) and trained
    on, for the proposer's tens of thousands of (sentence, site, type)."""
    rng = random.Random(seed)
    chosen = [
        i for i in instances if i.label or keep_negatives >= 1 or rng.random() < keep_negatives
    ]
    index_of: dict[str, int] = {}
    rows = [
        (
            sorted(
                {
                    index_of.setdefault(f, len(index_of))
                    for f in i.features
                    if words or not f.startswith(WORD_FEATURES)
                }
            ),
            i.label,
        )
        for i in chosen
    ]
    positives = sum(1 for _, label in rows if label)
    negatives = len(rows) - positives
    weight_of = {
        True: len(rows) / (2 * positives) if positives else 1.0,
        False: len(rows) / (2 * negatives) if negatives else 1.0,
    }
    weights = [0.0] * len(index_of)
    order = list(range(len(rows)))
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        rate = RATE / (1 + epoch * 0.2)
        for row in order:
            features, label = rows[row]
            z = sum(weights[f] for f in features)
            p = 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
            gradient = (p - (1.0 if label else 0.0)) * weight_of[label]
            for f in features:
                weights[f] -= rate * (gradient + L2 * weights[f])
    names = sorted(index_of)
    return Model({n: weights[index_of[n]] for n in names if abs(weights[index_of[n]]) > 1e-6})


# ---------------------------------------------------------------- applying and scoring


@dataclass(frozen=True)
class Variant:
    name: str
    use_filter: bool
    proposer: str | None  # a scope of PROPOSER_SCOPES
    words: bool = True  # False: the structural features only, no words of the text


VARIANTS = (
    Variant("filter", True, None),
    Variant("filter, structural", True, None, words=False),
    *(Variant(f"proposer {scope}", False, scope) for scope in PROPOSER_SCOPES),
    *(
        Variant(f"proposer {scope}, structural", False, scope, words=False)
        for scope in PROPOSER_SCOPES
    ),
    *(Variant(f"filter + proposer {scope}", True, scope) for scope in PROPOSER_SCOPES),
)
# the features that are words of the text (the rest say what the rules and the lexicon found)
WORD_FEATURES = ("w=", "wt=", "bi=", "before=", "after=")


def arm_proposals(
    data: SetData,
    filter_model: Model | None,
    filter_threshold: float,
    proposer_model: Model | None,
    proposer_threshold: float,
    scope: str | None = None,
) -> list[list[Proposal]]:
    """Each article's proposals: the rules' (less those the filter drops) and the
    proposer's new pairs."""
    kept: list[list[Proposal]] = [list(p) for p in data.rules]
    if filter_model is not None:
        dropped = {
            id(i.proposal)
            for i in data.filter_instances
            if filter_model.probability(i.features) < filter_threshold
        }
        kept = [[p for p in proposals if id(p) not in dropped] for proposals in kept]
    if proposer_model is not None and scope is not None:
        for instance in data.proposer_instances[scope]:
            if "rules_pair" in instance.features:
                continue
            if proposer_model.probability(instance.features) >= proposer_threshold:
                kept[instance.article].append(instance.proposal)
    return kept


def score(data: SetData, proposals: list[list[Proposal]]) -> Totals:
    return total(score_article(a, p) for a, p in zip(data.articles, proposals, strict=True))


def merged(totals: Iterable[Totals]) -> Totals:
    result = Totals()
    for one in totals:
        for name in ("articles", "true_pairs", "false_pairs", "missed_pairs", "matched"):
            setattr(result, name, getattr(result, name) + getattr(one, name))
    return result


def fit(sets: Sequence[SetData], variant: Variant) -> tuple[Model | None, Model | None]:
    filter_model = (
        train([i for s in sets for i in s.filter_instances], words=variant.words)
        if variant.use_filter
        else None
    )
    proposer_model = (
        train(
            [i for s in sets for i in s.proposer_instances[variant.proposer]],
            keep_negatives=PROPOSER_NEGATIVES[variant.proposer],
            words=variant.words,
        )
        if variant.proposer is not None
        else None
    )
    return filter_model, proposer_model


def choose_thresholds(sets: Sequence[SetData], variant: Variant) -> tuple[float, float]:
    """The thresholds that give the best micro F1 over an inner leave-one-set-out of
    `sets` (each inner set scored by models trained on the others)."""
    inner: list[tuple[SetData, Model | None, Model | None]] = []
    for held in sets:
        rest = [s for s in sets if s is not held]
        inner.append((held, *fit(rest, variant)))
    best: tuple[float, float, float] | None = None
    for ft, pt in grid(variant):
        f1 = (
            merged(
                score(h, arm_proposals(h, fm, ft, pm, pt, variant.proposer)) for h, fm, pm in inner
            ).f1
            or 0.0
        )
        if best is None or f1 > best[0] + 1e-12:
            best = (f1, ft, pt)
    assert best is not None
    return best[1], best[2]


def grid(variant: Variant) -> list[tuple[float, float]]:
    """(keep threshold, add threshold) pairs tried, the most conservative first: a tie
    keeps the rules as they are."""
    filter_grid = (0.0, *THRESHOLDS) if variant.use_filter else (0.0,)
    proposer_grid = (1.01, *reversed(THRESHOLDS)) if variant.proposer is not None else (1.01,)
    return [(ft, pt) for ft in filter_grid for pt in proposer_grid]


def loso(sets: Sequence[SetData], variant: Variant, log: Callable[[str], None]) -> None:
    rules_totals, model_totals, oracle_totals = [], [], []
    ranked_filter: list[tuple[float, bool]] = []  # out of fold: (probability, right)
    ranked_new: list[tuple[float, bool, str, int, Any]] = []
    log(f"\n### {variant.name}")
    log("| set | rules-8 P | R | F1 | + model P | R | F1 | ΔF1 | thresholds |")
    log("|---|---|---|---|---|---|---|---|---|")
    for held in sets:
        rest = [s for s in sets if s is not held]
        ft, pt = choose_thresholds(rest, variant)
        fm, pm = fit(rest, variant)
        base = score(held, held.rules)
        with_model = score(held, arm_proposals(held, fm, ft, pm, pt, variant.proposer))
        rules_totals.append(base)
        model_totals.append(with_model)
        # not admissible (chosen on S itself): how much the scores could give at best
        oracle = max(
            (
                score(held, arm_proposals(held, fm, f, pm, p, variant.proposer))
                for f, p in grid(variant)
            ),
            key=lambda t: t.f1 or 0.0,
        )
        oracle_totals.append(oracle)
        if fm is not None:
            ranked_filter += [(fm.probability(i.features), i.label) for i in held.filter_instances]
        if pm is not None and variant.proposer is not None:
            ranked_new += [
                (pm.probability(i.features), i.label, held.name, i.article, i.pair)
                for i in held.proposer_instances[variant.proposer]
                if "new_pair" in i.features
            ]
        note = f"{_thresholds(variant, ft, pt)}; best on S {_share(oracle.f1)}"
        log(_row(held.name, base, with_model, note))
    log(
        _row(
            "**micro, nine sets**",
            merged(rules_totals),
            merged(model_totals),
            f"best on each S {_share(merged(oracle_totals).f1)}",
        )
    )
    if ranked_filter:
        log(
            f"\nfilter, out of fold: AUC {_share(auc(ranked_filter))} over "
            f"{len(ranked_filter)} rules candidates ({sum(r for _, r in ranked_filter)} right)"
        )
    if ranked_new:
        # a pair proposed several times counts once, at its highest probability
        best_of: dict[tuple[str, int, Any], tuple[float, bool]] = {}
        for probability, label, name, article, pair in ranked_new:
            key = (name, article, pair)
            old = best_of.get(key, (-1.0, False))
            best_of[key] = (max(old[0], probability), old[1] or label)
        pairs = sorted(best_of.values(), key=lambda x: -x[0])
        tops = ", ".join(
            f"top {k}: {sum(label for _, label in pairs[:k])} right" for k in (5, 10, 20, 40)
        )
        log(
            f"\nproposer, out of fold, pairs new to the rules: AUC {_share(auc(pairs))} over "
            f"{len(pairs)} pairs ({sum(label for _, label in pairs)} gold); {tops}"
        )


def auc(ranked: Sequence[tuple[float, bool]]) -> float | None:
    """The chance that a right item outscores a wrong one (ties count half)."""
    right = [p for p, label in ranked if label]
    wrong = [p for p, label in ranked if not label]
    if not right or not wrong:
        return None
    wins = sum((r > w) + 0.5 * (r == w) for r in right for w in wrong)
    return wins / (len(right) * len(wrong))


def _thresholds(variant: Variant, ft: float, pt: float) -> str:
    parts = []
    if variant.use_filter:
        parts.append(f"keep ≥ {ft:.2f}")
    if variant.proposer is not None:
        parts.append(f"add ≥ {pt:.2f}")
    return ", ".join(parts)


def _row(name: str, base: Totals, with_model: Totals, note: str) -> str:
    def cells(t: Totals) -> str:
        return " | ".join(_share(v) for v in (t.precision, t.recall, t.f1))

    delta = (with_model.f1 or 0.0) - (base.f1 or 0.0)
    return f"| {name} | {cells(base)} | {cells(with_model)} | {delta:+.3f} | {note} |"


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction.train_model")
    parser.add_argument("--loso", action="store_true", help="leave-one-set-out figures")
    parser.add_argument("--variant", choices=[v.name for v in VARIANTS], action="append")
    args = parser.parse_args(argv)
    sets = [load_set(name) for name in SETS]
    for data in sets:
        print(
            f"{data.name}: {len(data.articles)} texts, {len(data.filter_instances)} rules "
            f"candidates ({sum(i.label for i in data.filter_instances)} right), "
        )
        for scope, instances in data.proposer_instances.items():
            new_pairs = {
                (i.article, i.pair) for i in instances if i.label and "new_pair" in i.features
            }
            print(
                f"    proposer {scope}: {len(instances)} (sentence, site, type), "
                f"{sum(i.label for i in instances)} positive, "
                f"{sum(i.label for i in instances if 'new_pair' in i.features)} of them "
                f"new to the rules ({len(new_pairs)} pairs)"
            )
    if args.loso:
        chosen = [v for v in VARIANTS if not args.variant or v.name in args.variant]
        for variant in chosen:
            loso(sets, variant, print)


if __name__ == "__main__":
    main()
