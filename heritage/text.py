"""Text normalisation for search, and URL normalisation for de-duplicating articles."""

from __future__ import annotations

import functools
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Arabic letters that spelling varies between; folded so that a query finds either form.
_ARABIC_FOLDS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ـ": None,  # tatweel, a purely typographic stretch
    }
)
# Transliteration marks (ʿayn, hamza, apostrophes) that people type or omit at will.
_IGNORED_MARKS = dict.fromkeys(map(ord, "ʿʾʼ'’‘`´"), None)


def fold(text: str) -> str:
    """Case-, diacritics- and spelling-variant-insensitive form of `text`, for search.

    Decomposition strips Latin accents (Baʿalšamîn -> baalsamin) and Arabic harakat alike,
    since both are combining marks.
    """
    # Marks go before decomposition too: NFKD turns the acute accent ´ into a space and a
    # combining mark, which would split "Ba´al" in two.
    decomposed = unicodedata.normalize("NFKD", text.translate(_IGNORED_MARKS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.translate(_ARABIC_FOLDS).translate(_IGNORED_MARKS)
    return " ".join(bare.casefold().split())


def like_pattern(query: str) -> str:
    """A LIKE pattern matching folded text that contains the folded query."""
    escaped = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


# Imports meet each article's URL several times (its line, then every claim citing it).
@functools.lru_cache(maxsize=65_536)
def normalise_url(url: str) -> str:
    """The identity of an article's URL: scheme, `www.`, default ports, fragments,
    tracking parameters, parameter order and a trailing slash do not make a new article."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = parts.path.rstrip("/") or "/"
    query = urlencode(
        sorted(
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith(_TRACKING_PARAMS)
        )
    )
    return urlunsplit(("", netloc, path, query, ""))


def is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 -- raises on a port that is not a number from 0 to 65535
    except ValueError:  # also an unclosed IPv6 bracket
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
