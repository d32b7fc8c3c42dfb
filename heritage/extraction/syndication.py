"""Near copies: whether a new article's text repeats a stored one (a wire story republished
by many outlets), so that the editor can record the stored article's originating source as
the new one's `syndicated_from`, and grading counts the two as one source. Nothing here
sets it: the proposal goes to the editor.

How. A text is folded as search folds it (heritage.text.fold: case, diacritics, Arabic
spelling variants), cut into words, and read as the set of its SHINGLE_WORDS-word shingles,
each hashed to 64 bits (BLAKE2b); two texts' likeness is the Jaccard index of those sets.
A MinHash signature of SIGNATURE_SIZE values summarises a set: two signatures agree at a
position with probability equal to the sets' Jaccard index (Broder 1997). It is made with
one hash per shingle (one permutation hashing, Li, Owen and Zhang 2012): a shingle's hash
falls in one of SIGNATURE_SIZE bins, each bin keeps its least hash, and a bin no shingle
fell in borrows the value of the first filled bin on its own fixed list of the others
(optimal densification, Shrivastava 2017), so short texts have full signatures too. That
is one hash a shingle instead of one per shingle and position: about a millisecond a text.

The signature cut into BANDS bands of ROWS values gives one bucket per band (LSH banding),
stored in `article_buckets`: a stored text sharing a bucket with the new one is a
candidate; its stored signature's estimate says whether it is worth reading, and the exact
Jaccard index of the two texts decides against THRESHOLD. Texts
at Jaccard s share a bucket with probability 1 - (1 - s**ROWS)**BANDS: 0.996 at 0.3, 0.45 at
0.1, 0.02 at 0.02 (what independent reports of one event measure), so the index misses
almost no pair above the threshold and fetches few texts below it.

THRESHOLD is measured by `python -m bench.syndication` on the seed article edited as outlets
edit wire copy (a new headline, a paragraph dropped, agency boilerplate added, a spelling
changed, the story cut) against texts on the same events written independently; the
figures are in bench/README.md.

Why not `datasketch`: it needs NumPy and SciPy for what is sixty lines here, and the index
stores hash values, which must not change with a library's internals: the hashing below is
fixed by its definition, and SCHEME names it, so a changed scheme re-indexes every text.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from heritage.models import Article, Source
from heritage.models.syndication import ArticleBucket, ArticleSignature
from heritage.text import fold

SHINGLE_WORDS = 5
BANDS = 60
ROWS = 2
SIGNATURE_SIZE = BANDS * ROWS
# The exact Jaccard index of two texts' shingle sets from which one is proposed as a copy of
# the other: on the bench, copies (the seed cut to half a story, then edited) measured 0.35
# to 0.97, and texts on the same events written independently at most 0.023.
THRESHOLD = 0.3
SCHEME = f"oph-w{SHINGLE_WORDS}-b{BANDS}r{ROWS}-v1"

_WORD = re.compile(r"\w+")
_INDEX_CHUNK = 200  # stored texts read at once while indexing
# How far below THRESHOLD a stored signature's estimate may be for the text to be read and
# compared exactly: over three standard errors of a 120-value estimate (0.042 at 0.3).
_ESTIMATE_MARGIN = 0.15


def _hash64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def _borrowing_order(empty: int) -> tuple[int, ...]:
    """The bins an empty bin borrows from, in a fixed pseudo-random order of its own."""
    others = [other for other in range(SIGNATURE_SIZE) if other != empty]
    return tuple(sorted(others, key=lambda other: _hash64(f"{empty}:{other}".encode())))


_BORROWING = tuple(_borrowing_order(empty) for empty in range(SIGNATURE_SIZE))


@functools.lru_cache(maxsize=65_536)
def _folded_words(token: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(token)))


def words(text: str) -> list[str]:
    """The text's words folded as search folds them. Folding works letter by letter, so it
    folds each space-separated token alone: a news vocabulary repeats, and the cache of
    tokens makes a text ten times quicker to fold than folding it whole."""
    return [word for token in text.split() for word in _folded_words(token)]


def shingles(text: str) -> frozenset[int]:
    """The hashes of the text's SHINGLE_WORDS-word sequences, folded as search folds it; a
    text shorter than that is one shingle of all its words, an empty text none."""
    folded = words(text)
    if not folded:
        return frozenset()
    width = min(SHINGLE_WORDS, len(folded))
    return frozenset(
        _hash64(" ".join(folded[i : i + width]).encode()) for i in range(len(folded) - width + 1)
    )


def signature(shingle_set: frozenset[int]) -> tuple[int, ...]:
    """The MinHash signature of a non-empty shingle set: each bin's least hash (the hash's
    remainder by SIGNATURE_SIZE picks its bin), an empty bin's borrowed."""
    if not shingle_set:
        raise ValueError("an empty set has no signature")
    bins: list[int | None] = [None] * SIGNATURE_SIZE
    for value in shingle_set:
        rank, position = divmod(value, SIGNATURE_SIZE)
        kept = bins[position]
        if kept is None or rank < kept:
            bins[position] = rank
    return tuple(
        value if value is not None else _borrowed(bins, position)
        for position, value in enumerate(bins)
    )


def _borrowed(bins: list[int | None], empty: int) -> int:
    return next(value for other in _BORROWING[empty] if (value := bins[other]) is not None)


def buckets(minhash: tuple[int, ...]) -> frozenset[int]:
    """One bucket per band of the signature: a signed 64-bit hash of the band's number and
    values (a BIGINT in either database); none for the empty signature of a text without
    words."""
    if not minhash:
        return frozenset()
    found = set()
    for band in range(BANDS):
        values = minhash[band * ROWS : (band + 1) * ROWS]
        data = b"".join(value.to_bytes(8, "big") for value in (band, *values))
        digest = hashlib.blake2b(data, digest_size=8).digest()
        found.add(int.from_bytes(digest, "big", signed=True))
    return frozenset(found)


def estimated_jaccard(first: tuple[int, ...], second: tuple[int, ...]) -> float:
    """The Jaccard index that two signatures estimate: the share of positions they agree on."""
    return sum(a == b for a, b in zip(first, second, strict=True)) / SIGNATURE_SIZE


def jaccard(first: frozenset[int], second: frozenset[int]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def text_buckets(text: str) -> frozenset[int]:
    found = shingles(text)
    return buckets(signature(found)) if found else frozenset()


def _unpacked(stored: bytes) -> tuple[int, ...]:
    return tuple(int.from_bytes(stored[i : i + 8], "big") for i in range(0, len(stored), 8))


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
        found = shingles(text or "")
        minhash = signature(found) if found else ()
        signature_rows.append(
            {
                "article_id": article_id,
                "text_sha256": digest,
                "scheme": SCHEME,
                "minhash": b"".join(value.to_bytes(8, "big") for value in minhash),
            }
        )
        bucket_rows.extend(
            {"article_id": article_id, "bucket": bucket} for bucket in buckets(minhash)
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
    minhash = signature(found)
    sharing = (
        select(ArticleBucket.article_id)
        .where(ArticleBucket.bucket.in_(buckets(minhash)))
        .distinct()
    )
    others = [Article.id != own_id] if own_id is not None else []
    signed = session.execute(
        select(ArticleSignature.article_id, ArticleSignature.minhash)
        .join(Article, Article.id == ArticleSignature.article_id)
        .where(ArticleSignature.article_id.in_(sharing), Article.deleted_at.is_(None), *others)
    )
    worth_reading = [
        article_id
        for article_id, stored in signed
        if len(stored) == 8 * SIGNATURE_SIZE
        and estimated_jaccard(minhash, _unpacked(stored)) >= THRESHOLD - _ESTIMATE_MARGIN
    ]
    stored_texts = session.execute(
        select(Article.id, Article.text).where(Article.id.in_(worth_reading))
    )
    alike = [
        (article_id, jaccard(found, shingles(other or ""))) for article_id, other in stored_texts
    ]
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
    source_name: str


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
    source_id = chosen.syndicated_from_id or chosen.publisher_id
    return SyndicationProposal(
        article_id=chosen.id,
        similarity=candidates[chosen.id],
        source_id=source_id,
        source_name=session.scalar(select(Source.name).where(Source.id == source_id)) or "",
    )
