"""Reading the gold set: each text with its header, and the claims an analyst annotated.

A gold article is two files in one directory: `NN-slug.txt` (a header block of `Key: value`
lines, a blank line, then the text exactly as used) and `NN-slug.json` (the annotations;
bench/extraction/README.md describes both). A text kept outside the repository (the seed
article: its sentences never enter it) has a `Text:` header naming where it lies, below a
folder above the checkout, and no body; its quotes are given by their first and last words.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HEADER_FIELDS = ("Licence", "URL", "Title", "Publisher", "Published", "Trimming")


class GoldSetError(ValueError):
    """A gold file that is not well formed; the message names the file and what is wrong."""


class TextNotHere(GoldSetError):
    """A text kept outside the repository (`Text:` header) that no folder above holds."""


@dataclass(frozen=True)
class GoldActor:
    """An actor of a claim: a gazetteer key, or None with the words of the text."""

    actor: str | None
    mention: str | None
    role: str


@dataclass(frozen=True)
class GoldClaim:
    """One claim as the analyst records it. `site` is a gazetteer key, or None for a place
    the tracker does not know (then `mention` holds the words in the text) or an unnamed
    monument (`unnamed`). Dates are the interval the text supports, both ends inclusive;
    None at an end leaves it open."""

    site: str | None
    also_sites: tuple[str, ...]  # other keys a proposal may rightly give (Palmyra the town)
    mention: str | None
    unnamed: bool
    event_type: str
    earliest: dt.date | None
    latest: dt.date | None
    actors: tuple[GoldActor, ...]
    speaker: str | None
    speaker_aliases: tuple[str, ...]
    speaker_key: str | None
    stance: str
    quote: str
    quote_start: int
    quote_end: int

    @property
    def speaker_names(self) -> tuple[str, ...]:
        return (self.speaker, *self.speaker_aliases) if self.speaker else ()


@dataclass(frozen=True)
class GoldArticle:
    slug: str
    header: dict[str, str]
    text: str
    published: dt.date
    sites: frozenset[str]  # every gazetteer site the article names, claim or not
    unknown_mentions: tuple[str, ...]  # places it names that the gazetteer does not know
    claims: tuple[GoldClaim, ...]
    traps: tuple[dict[str, Any], ...]  # passages that are not claims, with why


def read_gold_set(directory: Path) -> list[GoldArticle]:
    """Every article of the gold set in `directory`, in file-name order, leaving out those
    whose text is kept outside the repository and is not here (texts_not_here names them)."""
    texts = sorted(directory.glob("*.txt"))
    if not texts:
        raise GoldSetError(f"{directory}: no gold texts (*.txt).")
    articles = []
    for path in texts:
        try:
            articles.append(read_gold_article(path))
        except TextNotHere:
            continue
    return articles


def read_other_annotations(directory: Path, annotations: Path) -> list[GoldArticle]:
    """The texts of the set in `directory` that another analyst's folder `annotations`
    annotated (its `NN-slug.json`, no texts), each read with that analyst's file."""
    articles = [
        read_gold_article(directory / f"{article.slug}.txt", annotations / f"{article.slug}.json")
        for article in read_gold_set(directory)
        if (annotations / f"{article.slug}.json").exists()
    ]
    if not articles:
        raise GoldSetError(f"{annotations}: annotates none of the texts of {directory}.")
    return articles


def texts_not_here(directory: Path) -> list[str]:
    """The gold texts kept outside the repository that no folder above `directory` holds."""
    missing = []
    for path in sorted(directory.glob("*.txt")):
        header, _ = split_header(path)
        if "Text" in header and external_text(header["Text"], path) is None:
            missing.append(path.stem)
    return missing


def external_text(reference: str, text_path: Path) -> str | None:
    """The text a `Text:` header names (a relative path, its first word), from the nearest
    folder above the gold file that holds it (CI lays shared/ beside the checkout; a
    worktree may sit deeper); None when none does."""
    relative = reference.split()[0]
    for folder in text_path.resolve().parents:
        candidate = folder / relative
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return None


def read_gold_article(text_path: Path, annotation_path: Path | None = None) -> GoldArticle:
    """The text and its annotations: `NN-slug.json` beside the text unless another
    analyst's file of the same text is given."""
    header, text = split_header(text_path)
    if "Text" in header:
        if text.strip():
            raise GoldSetError(f"{text_path.name}: a text kept elsewhere (Text:) has no body.")
        kept = external_text(header["Text"], text_path)
        if kept is None:
            raise TextNotHere(f"{text_path.name}: {header['Text'].split()[0]} is not here.")
        text = kept
    published = _date(header["Published"], f"{text_path.name}: Published")
    assert published is not None  # split_header requires the field
    annotation_path = annotation_path or text_path.with_suffix(".json")
    if not annotation_path.exists():
        raise GoldSetError(f"{text_path.name}: no annotation file {annotation_path.name}.")
    data = json.loads(annotation_path.read_text(encoding="utf-8"))
    where = annotation_path.name
    claims = tuple(
        _claim(raw, text, f"{where}: claim {number}")
        for number, raw in enumerate(data.get("claims", []), start=1)
    )
    traps = tuple(
        {**trap, "quote": quote_of(trap, text, f"{where}: trap {number}")}
        for number, trap in enumerate(data.get("traps", []), start=1)
    )
    return GoldArticle(
        slug=text_path.stem,
        header=header,
        text=text,
        published=published,
        sites=frozenset(data.get("sites", [])),
        unknown_mentions=tuple(data.get("unknown_mentions", [])),
        claims=claims,
        traps=traps,
    )


def split_header(text_path: Path) -> tuple[dict[str, str], str]:
    """The header's fields and the text after the blank line that ends the header."""
    raw = text_path.read_text(encoding="utf-8")
    head, separator, text = raw.partition("\n\n")
    if not separator:
        raise GoldSetError(f"{text_path.name}: no blank line after the header.")
    header: dict[str, str] = {}
    for line in head.splitlines():
        key, colon, value = line.partition(": ")
        if not colon or not value.strip():
            raise GoldSetError(f"{text_path.name}: header line {line!r} is not 'Key: value'.")
        header[key] = value.strip()
    missing = [field for field in HEADER_FIELDS if field not in header]
    if missing:
        raise GoldSetError(f"{text_path.name}: header lacks {', '.join(missing)}.")
    return header, text


def find_quote(text: str, quote: str, where: str) -> tuple[int, int]:
    """The quote's offsets in the text: its first occurrence, as the annotation gives no
    offsets (they are checked by finding the quote)."""
    start = text.find(quote) if quote else -1
    if start < 0:
        raise GoldSetError(f"{where}: quote {quote!r} is not in the text.")
    return start, start + len(quote)


def quote_of(raw: dict[str, Any], text: str, where: str) -> str:
    """An annotation's quote: `quote` as written, or (for a text kept outside the
    repository) the passage from the first occurrence of `quote_from` to the end of the
    first `quote_to` after it."""
    if "quote" in raw:
        find_quote(text, raw["quote"], where)
        return str(raw["quote"])
    start, _ = find_quote(text, raw["quote_from"], f"{where}: quote_from")
    end = text.find(raw["quote_to"], start)
    if end < 0:
        raise GoldSetError(f"{where}: quote_to {raw['quote_to']!r} is not after quote_from.")
    return text[start : end + len(raw["quote_to"])]


def _claim(raw: dict[str, Any], text: str, where: str) -> GoldClaim:
    quote = quote_of(raw, text, where)
    start, end = find_quote(text, quote, where)
    site = raw.get("site")
    mention = raw.get("mention")
    if site is None and not mention:
        raise GoldSetError(f"{where}: a claim with no site needs the mention in the text.")
    speaker = raw.get("speaker")
    return GoldClaim(
        site=site,
        also_sites=tuple(raw.get("also_sites", [])),
        mention=mention,
        unnamed=bool(raw.get("unnamed", False)),
        event_type=raw["event_type"],
        earliest=_date(raw.get("earliest"), f"{where}: earliest"),
        latest=_date(raw.get("latest"), f"{where}: latest"),
        actors=tuple(
            GoldActor(a.get("actor"), a.get("mention"), a["role"]) for a in raw.get("actors", [])
        ),
        speaker=speaker,
        speaker_aliases=tuple(raw.get("speaker_aliases", [])),
        speaker_key=raw.get("speaker_key"),
        stance=raw["stance"],
        quote=quote,
        quote_start=start,
        quote_end=end,
    )


def _date(value: str | None, where: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise GoldSetError(f"{where}: {value!r} is not a YYYY-MM-DD date.") from error
