"""Scoring proposed claims against the gold set: pure functions, no database, no timing.

Every figure is defined in bench/extraction/README.md; the names here follow it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.extraction.gold_set import GoldArticle, GoldClaim
from heritage.dates import parse_date
from heritage.errors import InvalidInput
from heritage.text import fold

UNKNOWN = "?"  # prefix of the pair key of a place the gazetteer does not know
PairKey = tuple[str, str]  # (site key, or "?" + folded mention; event type)


@dataclass(frozen=True)
class Proposal:
    """What the scorer reads of one candidate (heritage.extraction.candidates.Candidate)."""

    site_key: str | None
    site_names: tuple[str, ...]
    mention: str | None
    event_type: str | None
    date: str | None
    speaker: str | None
    speaker_key: str | None
    stance: str
    quote_start: int
    quote_end: int


def proposal_from_candidate(candidate: Any) -> Proposal:
    """Read a Candidate of the extraction contract (attribute access only, so this module
    does not import heritage.extraction and the scoring is tested without it)."""
    site = candidate.site
    speaker_source = getattr(candidate, "speaker_source", None)
    return Proposal(
        site_key=site.key if site is not None else None,
        site_names=tuple(site.names) if site is not None else (),
        mention=candidate.mention,
        event_type=candidate.event_type,
        date=candidate.date,
        speaker=candidate.speaker,
        speaker_key=speaker_source.key if speaker_source is not None else None,
        stance=candidate.stance,
        quote_start=candidate.quote_start,
        quote_end=candidate.quote_end,
    )


@dataclass
class ArticleScore:
    slug: str
    true_pairs: set[PairKey] = field(default_factory=set)
    false_pairs: set[PairKey] = field(default_factory=set)
    missed_pairs: set[PairKey] = field(default_factory=set)
    matched: int = 0  # proposals whose pair is a gold pair
    dates_inside: int = 0
    speakers_right: int = 0
    stances_right: int = 0
    without_pair: int = 0  # proposals with no event type, or neither site nor mention
    unknown_mentions: set[str] = field(default_factory=set)  # folded, proposed with no site
    gold_unknowns: int = 0
    gold_unknowns_found: int = 0
    invented: list[str] = field(default_factory=list)  # site keys


@dataclass
class Totals:
    articles: int = 0
    true_pairs: int = 0
    false_pairs: int = 0
    missed_pairs: int = 0
    matched: int = 0
    dates_inside: int = 0
    speakers_right: int = 0
    stances_right: int = 0
    without_pair: int = 0
    unknown_mentions: int = 0
    gold_unknowns: int = 0
    gold_unknowns_found: int = 0
    invented: int = 0

    @property
    def precision(self) -> float | None:
        return _ratio(self.true_pairs, self.true_pairs + self.false_pairs)

    @property
    def recall(self) -> float | None:
        return _ratio(self.true_pairs, self.true_pairs + self.missed_pairs)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    @property
    def dates_share(self) -> float | None:
        return _ratio(self.dates_inside, self.matched)

    @property
    def speaker_accuracy(self) -> float | None:
        return _ratio(self.speakers_right, self.matched)

    @property
    def stance_accuracy(self) -> float | None:
        return _ratio(self.stances_right, self.matched)


def total(scores: Iterable[ArticleScore]) -> Totals:
    """Micro-averaged: counts summed over the articles, ratios taken once at the end."""
    totals = Totals()
    for score in scores:
        totals.articles += 1
        totals.true_pairs += len(score.true_pairs)
        totals.false_pairs += len(score.false_pairs)
        totals.missed_pairs += len(score.missed_pairs)
        totals.matched += score.matched
        totals.dates_inside += score.dates_inside
        totals.speakers_right += score.speakers_right
        totals.stances_right += score.stances_right
        totals.without_pair += score.without_pair
        totals.unknown_mentions += len(score.unknown_mentions)
        totals.gold_unknowns += score.gold_unknowns
        totals.gold_unknowns_found += score.gold_unknowns_found
        totals.invented += len(score.invented)
    return totals


def score_article(article: GoldArticle, proposals: Sequence[Proposal]) -> ArticleScore:
    """Compare one article's proposals with its gold claims."""
    score = ArticleScore(article.slug)
    gold = gold_pairs(article)
    proposed: set[PairKey] = set()
    for proposal in proposals:
        key = pair_of(proposal, article)
        if proposal.site_key is None and proposal.mention:
            score.unknown_mentions.add(fold(proposal.mention))
        if proposal.site_key is not None and is_invented(proposal, article):
            score.invented.append(proposal.site_key)
        if key is None:
            score.without_pair += 1
            continue
        proposed.add(key)
        if key not in gold:
            continue
        score.matched += 1
        claims = gold[key]
        if date_inside(proposal.date, claims):
            score.dates_inside += 1
        speaker_right, stance_right = attribution_right(proposal, claims)
        score.speakers_right += speaker_right
        score.stances_right += stance_right
    score.true_pairs = proposed & gold.keys()
    score.false_pairs = proposed - gold.keys()
    score.missed_pairs = gold.keys() - proposed
    unknowns = gold_unknown_mentions(article)
    score.gold_unknowns = len(unknowns)
    score.gold_unknowns_found = sum(
        any(_mentions_match(found, fold(unknown)) for found in score.unknown_mentions)
        for unknown in unknowns
    )
    return score


def gold_pairs(article: GoldArticle) -> dict[PairKey, list[GoldClaim]]:
    pairs: dict[PairKey, list[GoldClaim]] = {}
    for claim in article.claims:
        site = claim.site if claim.site is not None else UNKNOWN + fold(claim.mention or "")
        pairs.setdefault((site, claim.event_type), []).append(claim)
    return pairs


def pair_of(proposal: Proposal, article: GoldArticle) -> PairKey | None:
    """The proposal's (site, event type) pair. A site the gold names only as an accepted
    alternative (`also_sites`) counts as the gold's site; a proposal with no site counts as
    the gold's unknown place when their mentions match (one contains the other, folded)."""
    if not proposal.event_type:
        return None
    if proposal.site_key is not None:
        for claim in article.claims:
            if (
                claim.site is not None
                and proposal.site_key in claim.also_sites
                and claim.event_type == proposal.event_type
            ):
                return claim.site, proposal.event_type
        return proposal.site_key, proposal.event_type
    if not proposal.mention:
        return None
    mention = fold(proposal.mention)
    for claim in article.claims:
        same_type = claim.site is None and claim.event_type == proposal.event_type
        if same_type and _mentions_match(mention, fold(claim.mention or "")):
            return UNKNOWN + fold(claim.mention or ""), proposal.event_type
    return UNKNOWN + mention, proposal.event_type


def date_inside(edtf_text: str | None, claims: Sequence[GoldClaim]) -> bool:
    """Whether the proposed date's interval lies inside the interval of one of the gold
    claims of its pair (ends inclusive; an open gold end bounds nothing)."""
    if not edtf_text:
        return False
    try:
        proposed = parse_date(edtf_text)
    except InvalidInput:
        return False
    return any(
        (claim.earliest is None or claim.earliest <= proposed.earliest)
        and (claim.latest is None or proposed.latest <= claim.latest)
        for claim in claims
    )


def attribution_right(proposal: Proposal, claims: Sequence[GoldClaim]) -> tuple[bool, bool]:
    """(speaker right, stance right) against the gold claim the proposal quotes: the claim
    of its pair whose quote overlaps the proposal's quote most. A proposal overlapping none
    is judged against the pair's claims with its speaker (any of them), else all of them."""
    overlaps = [
        (min(proposal.quote_end, c.quote_end) - max(proposal.quote_start, c.quote_start), c)
        for c in claims
    ]
    best = max(overlaps, key=lambda pair: pair[0])
    if best[0] > 0:
        claim = best[1]
        return speaker_matches(proposal, claim), proposal.stance == claim.stance
    same_speaker = [claim for claim in claims if speaker_matches(proposal, claim)]
    judged = same_speaker or list(claims)
    return bool(same_speaker), any(proposal.stance == claim.stance for claim in judged)


def speaker_matches(proposal: Proposal, claim: GoldClaim) -> bool:
    """The article's own voice on both sides; or the same stored source; or the proposed
    name and one of the gold's names for the speaker equal or one inside the other, folded
    and without a leading "the"."""
    if claim.speaker is None or proposal.speaker is None:
        return claim.speaker is None and proposal.speaker is None
    if claim.speaker_key is not None and proposal.speaker_key == claim.speaker_key:
        return True
    said = _name(proposal.speaker)
    return any(_mentions_match(said, _name(name)) for name in claim.speaker_names)


def is_invented(proposal: Proposal, article: GoldArticle) -> bool:
    """A proposed site the gold does not list for the article and that the text does not
    name under any of the site's stored names (folded, as whole words)."""
    key = proposal.site_key
    if key is None or key in article.sites:
        return False
    if any(key == claim.site or key in claim.also_sites for claim in article.claims):
        return False
    text = fold(article.text)
    return not any(_names_in(fold(name), text) for name in proposal.site_names if name.strip())


def gold_unknown_mentions(article: GoldArticle) -> list[str]:
    """The places the analyst found that the gazetteer does not know: the article's list,
    and the mention of every claim with no site that is not an unnamed monument."""
    found: dict[str, str] = {fold(m): m for m in article.unknown_mentions}
    for claim in article.claims:
        if claim.site is None and not claim.unnamed and claim.mention:
            found.setdefault(fold(claim.mention), claim.mention)
    return list(found.values())


def _mentions_match(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


def _name(text: str) -> str:
    folded = fold(text)
    return folded[4:] if folded.startswith("the ") else folded


def _names_in(name: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text) is not None


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None
