"""Duplicates warned while typing: sites with a name close to the one typed, and the
stored article an URL or a text would repeat, so the editor links to it instead."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from heritage.auth import Principal
from heritage.models import Article, Site
from heritage.models.common import NAME_LENGTH
from heritage.services.articles import find_duplicate
from heritage.services.search_dialects import TRIGRAM, SearchDialect, search_dialect
from heritage.services.type_ahead import NAMED
from heritage.services.visibility import visible
from heritage.text import fold, is_web_url

MAX_SIMILAR = 20
# How alike two folded names must be to be worth a warning (rapidfuzz's 0-100 scale):
# Tadmor and Tadmur score 83, Palmyra and Palmira 86, Hama and Homs 50.
SIMILAR_SCORE = 80
# Names taken from the trigram index to be scored, per table of names: those sharing the
# most trigrams with the typed name. Scoring all 100,000 sites' names on every keystroke
# is what the index spares.
CANDIDATES = 200


@dataclass(frozen=True, slots=True)
class SimilarSite:
    """A stored site whose name (`name`: the one that is close, perhaps an alternative
    name) resembles the typed one; `score` from 0 to 100, 100 for the same folded name."""

    id: int
    name: str
    primary_name: str
    parent_name: str | None
    score: float


def similar_site_names(
    session: Session,
    principal: Principal,
    name: str,
    limit: int = 5,
    except_site_id: int | None = None,
) -> list[SimilarSite]:
    """Up to `limit` (at most MAX_SIMILAR) sites the principal may see with a name close
    to `name` once folded (SIMILAR_SCORE or more), closest first; each site once, by its
    closest name; never `except_site_id` (the site being edited). A name shorter than a
    trigram finds nothing."""
    folded = fold(name)
    limit = max(1, min(limit, MAX_SIMILAR))
    if not TRIGRAM <= len(folded) <= NAME_LENGTH:
        return []
    dialect = search_dialect(session)
    best: dict[int, tuple[float, str]] = {}
    for record_id, stored, stored_folded in _candidates(session, dialect, folded):
        score = name_likeness(folded, stored_folded)
        if record_id == except_site_id:
            continue
        if score and score > best.get(record_id, (0.0, ""))[0]:
            best[record_id] = (score, stored)
    if not best:
        return []
    parent = aliased(Site)
    rows = session.execute(
        select(Site.id, Site.name, parent.name)
        .outerjoin(parent, (parent.id == Site.parent_id) & visible(parent, principal, True))
        .where(Site.id.in_(best), visible(Site, principal, True))
    )
    found = [
        SimilarSite(site_id, best[site_id][1], primary, above, best[site_id][0])
        for site_id, primary, above in rows
    ]
    found.sort(key=lambda site: (-site.score, len(site.name), site.id))
    return found[:limit]


def name_likeness(folded: str, other: str) -> float:
    """How alike two folded names are, 0 to 100 (0 below SIMILAR_SCORE): the share of
    letters in common, in order (Krak / Crac des Chevaliers) or with the words sorted
    (Qasr al-Hayr / al-Hayr Qasr), whichever is higher."""
    return max(
        fuzz.ratio(folded, other, score_cutoff=SIMILAR_SCORE),
        fuzz.token_sort_ratio(folded, other, score_cutoff=SIMILAR_SCORE),
    )


def _candidates(
    session: Session, dialect: SearchDialect, folded: str
) -> list[tuple[int, str, str]]:
    """(site id, name, folded name) of the names sharing the most trigrams with `folded`."""
    rows: list[tuple[int, str, str]] = []
    for record_id, stored, stored_folded in NAMED["site"].names:
        model = stored_folded.class_
        nearest = dialect.sharing_trigrams(stored_folded, folded, CANDIDATES).subquery()
        found = session.execute(
            select(record_id, stored, stored_folded).where(model.id.in_(select(nearest.c[0])))
        )
        rows.extend((found_id, name, name_folded) for found_id, name, name_folded in found)
    return rows


def article_by_url(session: Session, url: str) -> Article | None:
    """The stored article with this URL, however it is spelt (heritage.text.normalise_url:
    scheme, `www.`, tracking parameters…), tombstones included, since a new one with its
    URL would be refused: the one to link to. None for text that is no web address."""
    if not is_web_url(url):
        return None
    found = find_duplicate(session, url.strip(), None)
    return None if found is None else session.get(Article, found[1])


def article_by_text(session: Session, text: str) -> Article | None:
    """The stored article whose archived text is this text (its SHA-256), tombstones
    included as for article_by_url. None for an empty text."""
    if not text:
        return None
    found = find_duplicate(session, None, text)
    return None if found is None else session.get(Article, found[1])
