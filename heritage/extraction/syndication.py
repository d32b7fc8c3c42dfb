"""Near copies: whether a new article's text repeats a stored one (a wire story republished
by many outlets), so that the editor can record the stored article's originating source as
the new one's `syndicated_from`, and grading counts the two as one source. Nothing here
sets it: the proposal goes to the editor.

How. A text is folded as search folds it (heritage.text.fold: case, diacritics, Arabic
spelling variants), cut into words, and read as the set of its SHINGLE_WORDS-word shingles;
two texts' likeness is the Jaccard index of those sets. A MinHash signature of PERMUTATIONS
hash values summarises a set (Broder 1997: two signatures agree at a position with
probability equal to the sets' Jaccard index). The signature cut into BANDS bands of ROWS
values gives one bucket per band (LSH banding), stored in `article_buckets`: a stored text
sharing a bucket with the new one is a candidate, and the exact Jaccard index of the two
texts decides against THRESHOLD. Texts at Jaccard s share a bucket with probability
1 - (1 - s**ROWS)**BANDS: 0.995 at 0.5, 0.27 at 0.2, 0.04 at 0.1, so the index misses almost
no pair above the threshold and fetches few texts below it.

THRESHOLD is measured by `python -m bench.syndication` on a seed article edited as outlets
edit wire copy (a new headline, a paragraph dropped, agency boilerplate added) against
texts on the same events written independently; bench/README.md keeps the figures.

Why not `datasketch`: it needs NumPy and SciPy for what is fifty lines here, and the index
stores hash values, which must not change with a library's internals: the hash family below
is fixed by its definition (BLAKE2b of the shingle, then (a*x + b) mod 2**61 - 1 with a and
b drawn from BLAKE2b of their position), and SCHEME names it, so a changed scheme re-indexes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from heritage.models import Article
from heritage.models.syndication import ArticleBucket, ArticleSignature
from heritage.text import fold

SHINGLE_WORDS = 5
BANDS = 40
ROWS = 3
PERMUTATIONS = BANDS * ROWS
# Exact Jaccard index of the 5-word shingle sets from which a text is proposed as a copy.
THRESHOLD = 0.5
SCHEME = f"minhash-w{SHINGLE_WORDS}-b{BANDS}r{ROWS}-v1"

_WORD = re.compile(r"\w+")
_PRIME = (1 << 61) - 1  # a Mersenne prime above every reduced 64-bit shingle hash
_INDEX_CHUNK = 200  # stored texts read at once while indexing


def _hash64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


# (a, b) of each hash function h(x) = (a*x + b) mod p, fixed by their position.
_FAMILY = tuple(
    (
        _hash64(f"heritage-minhash-a-{i}".encode()) % (_PRIME - 1) + 1,
        _hash64(f"heritage-minhash-b-{i}".encode()) % _PRIME,
    )
    for i in range(PERMUTATIONS)
)


def shingles(text: str) -> frozenset[int]:
    """The hashes of the text's SHINGLE_WORDS-word sequences, folded as search folds it; a
    text shorter than that is one shingle of all its words, an empty text none."""
    words = _WORD.findall(fold(text))
    if not words:
        return frozenset()
    width = min(SHINGLE_WORDS, len(words))
    return frozenset(
        _hash64(" ".join(words[i : i + width]).encode()) % _PRIME
        for i in range(len(words) - width + 1)
    )


def signature(shingle_set: frozenset[int]) -> tuple[int, ...]:
    """The MinHash signature of a non-empty shingle set: per hash function, its least value."""
    return tuple(min((a * x + b) % _PRIME for x in shingle_set) for a, b in _FAMILY)


def buckets(minhash: tuple[int, ...]) -> frozenset[int]:
    """One bucket per band of the signature: a signed 64-bit hash of the band's number and
    values (a BIGINT in either database)."""
    found = set()
    for band in range(BANDS):
        values = minhash[band * ROWS : (band + 1) * ROWS]
        data = b"".join(value.to_bytes(8, "big") for value in (band, *values))
        digest = hashlib.blake2b(data, digest_size=8).digest()
        found.add(int.from_bytes(digest, "big", signed=True))
    return frozenset(found)


def estimated_jaccard(first: tuple[int, ...], second: tuple[int, ...]) -> float:
    """The Jaccard index that two signatures estimate: the share of positions they agree on."""
    return sum(a == b for a, b in zip(first, second, strict=True)) / PERMUTATIONS


def jaccard(first: frozenset[int], second: frozenset[int]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def text_buckets(text: str) -> frozenset[int]:
    found = shingles(text)
    return buckets(signature(found)) if found else frozenset()


def index_articles(session: Session) -> int:
    """Bring the index up to date with the stored texts: index each text not indexed yet,
    changed since, or indexed by another scheme, and drop the signatures of texts removed.
    Flushes in the caller's transaction; returns how many texts it indexed."""
    removed = select(Article.id).where(Article.text_sha256.is_(None))
    session.execute(delete(ArticleBucket).where(ArticleBucket.article_id.in_(removed)))
    session.execute(delete(ArticleSignature).where(ArticleSignature.article_id.in_(removed)))
    stale = list(
        session.scalars(
            select(Article.id)
            .outerjoin(ArticleSignature, ArticleSignature.article_id == Article.id)
            .where(
                Article.text_sha256.is_not(None),
                or_(
                    ArticleSignature.article_id.is_(None),
                    ArticleSignature.text_sha256 != Article.text_sha256,
                    ArticleSignature.scheme != SCHEME,
                ),
            )
            .order_by(Article.id)
        )
    )
    for start in range(0, len(stale), _INDEX_CHUNK):
        _index_chunk(session, stale[start : start + _INDEX_CHUNK])
    return len(stale)


def _index_chunk(session: Session, article_ids: list[int]) -> None:
    session.execute(delete(ArticleBucket).where(ArticleBucket.article_id.in_(article_ids)))
    session.execute(delete(ArticleSignature).where(ArticleSignature.article_id.in_(article_ids)))
    rows = session.execute(
        select(Article.id, Article.text, Article.text_sha256).where(Article.id.in_(article_ids))
    )
    signature_rows: list[dict[str, object]] = []
    bucket_rows: list[dict[str, object]] = []
    for article_id, text, digest in rows:
        signature_rows.append({"article_id": article_id, "text_sha256": digest, "scheme": SCHEME})
        bucket_rows.extend(
            {"article_id": article_id, "bucket": bucket} for bucket in text_buckets(text or "")
        )
    if signature_rows:
        session.execute(insert(ArticleSignature), signature_rows)
    if bucket_rows:
        session.execute(insert(ArticleBucket), bucket_rows)


def syndication_candidates(
    session: Session, text: str, *, own_id: int | None = None
) -> list[tuple[int, float]]:
    """The live stored articles (other than `own_id`) whose text `text` is a near copy of:
    (article id, exact Jaccard index of their shingles), most alike first. Brings the index
    up to date first (see index_articles), so it writes in the caller's transaction."""
    found = shingles(text)
    if not found:
        return []
    index_articles(session)
    sharing = (
        select(ArticleBucket.article_id)
        .where(ArticleBucket.bucket.in_(buckets(signature(found))))
        .distinct()
    )
    others = [Article.id != own_id] if own_id is not None else []
    stored = session.execute(
        select(Article.id, Article.text).where(
            Article.id.in_(sharing), Article.deleted_at.is_(None), *others
        )
    )
    alike = [(article_id, jaccard(found, shingles(other or ""))) for article_id, other in stored]
    return sorted(
        ((article_id, similarity) for article_id, similarity in alike if similarity >= THRESHOLD),
        key=lambda pair: (-pair[1], pair[0]),
    )


@dataclass(frozen=True)
class SyndicationProposal:
    """The stored article a new one copies, and the source to propose as its
    `syndicated_from`: that article's own originating source (its syndicated_from, else its
    publisher), so that a copy of a copy still points at the agency."""

    article_id: int
    similarity: float
    source_id: int


def propose_syndicated_from(
    session: Session, text: str, published: dt.date, *, own_id: int | None = None
) -> SyndicationProposal | None:
    """The earliest-published stored article that `text`, published on `published`, is a
    near copy of, if any was published by then (a copy does not come before its original);
    among equally early ones the most alike."""
    candidates = dict(syndication_candidates(session, text, own_id=own_id))
    if not candidates:
        return None
    rows = session.execute(
        select(Article.id, Article.published, Article.syndicated_from_id, Article.publisher_id)
        .where(Article.id.in_(candidates), Article.published <= published)
        .order_by(Article.published, Article.id)
    ).all()
    if not rows:
        return None
    earliest = rows[0].published
    chosen = min(
        (row for row in rows if row.published == earliest),
        key=lambda row: (-candidates[row.id], row.id),
    )
    return SyndicationProposal(
        article_id=chosen.id,
        similarity=candidates[chosen.id],
        source_id=chosen.syndicated_from_id or chosen.publisher_id,
    )
