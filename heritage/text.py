"""Text normalisation for search, the characters names and keys may not hold, and URL
normalisation for de-duplicating articles."""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import idna

from heritage.messages import N_

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


# Invisible characters a search looks through. The zero-width non-joiner separates words
# in Persian and Kurdish where others type a space (as Lucene's Persian filter reads it);
# the directional marks only place neutral characters beside them. The rest are refused in
# names (refused_character) but may come pasted into a query, or stored before that rule.
_INVISIBLE = {
    0x200C: " ",  # zero width non-joiner
    **dict.fromkeys([0x200E, 0x200F, 0x061C], None),  # left-to-right, right-to-left, Arabic marks
    **dict.fromkeys([0x200B, 0x200D, 0x2060, 0xFEFF], None),  # zero width space, joiner, ...
    **dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], None),  # bidi controls
}

# Cyrillic and Greek letters that look like a Latin one, folded to it (after casefold), so
# that `Tеmple` written with a Cyrillic е is found as Temple. From Unicode's confusables
# (UTS #39, confusables.txt): each Cyrillic or Greek letter listed as confusable with one
# Latin letter, in either of its cases, since the fold has no case (Т and т both fold to
# t: a Russian name stays found whatever its case). Left out: the letters whose two cases
# look like different Latin letters (Ν/ν: N and v; Υ/υ: Y and u; Σ/σ/ϲ: o and c). Unicode
# lists capital I as the look-alike `l`; here the I-like letters fold to i, as Latin I does.
# tests/heritage/test_text.py checks the table against the confusables data.
_LOOKALIKES = str.maketrans(
    {
        # Greek
        "α": "a", "β": "b", "γ": "y", "ε": "e", "ζ": "z", "η": "h", "ι": "i", "κ": "k",
        "μ": "m", "ο": "o", "ρ": "p", "τ": "t", "χ": "x", "ϝ": "f", "ϳ": "j", "ϻ": "m",
        "ᴦ": "r",
        # Cyrillic
        "а": "a", "в": "b", "г": "r", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ь": "b", "ѕ": "s", "і": "i",
        "ј": "j", "ѡ": "w", "ѵ": "v", "ү": "y", "һ": "h", "ҽ": "e", "ӏ": "i", "ԁ": "d",
        "ԍ": "g", "ԛ": "q", "ԝ": "w", "ꙇ": "i",
    }
)  # fmt: skip


def fold(text: str) -> str:
    """Case-, diacritics-, spelling-variant- and look-alike-insensitive form of `text`, for
    search: fold_spelling, past invisible characters, with Cyrillic and Greek look-alikes
    of Latin letters read as those letters."""
    return fold_spelling(text.translate(_INVISIBLE)).translate(_LOOKALIKES)


def fold_spelling(text: str) -> str:
    """Case-, diacritics- and spelling-variant-insensitive form of `text`: what `fold` was
    before it also read through invisible characters and look-alike letters (the migration
    that refolded stored names steps down with it).

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


# What names and keys may not hold: characters that change how a name is shown or
# matched without being seen. Bidirectional embeddings, overrides and isolates reorder the
# letters around them (a name that reads as one thing and sorts or matches as another);
# zero-width characters split or join a word invisibly; control characters (category Cc)
# have no place in a name. Allowed, since real names need them: the left-to-right,
# right-to-left and Arabic letter marks (U+200E, U+200F, U+061C), which reorder nothing and
# only place neutral characters, as mixed Arabic and Latin names need; and the zero-width
# non-joiner and joiner where a script's spelling needs them, by IDNA's rule for them (RFC
# 5892, appendix A: the non-joiner between letters it keeps from joining, as in Persian,
# Kurdish or Urdu, or after a virama; the joiner after a virama).
_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_JOINERS = "\u200c\u200d"
_KINDS = {
    **dict.fromkeys("\u202a\u202b\u202c\u202d\u202e", N_("a bidirectional override or embedding")),
    **dict.fromkeys("\u2066\u2067\u2068\u2069", N_("a bidirectional isolate")),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", N_("a zero-width character")),
}
_CONTROL = N_("a control character")
_JOINER_OUT_OF_PLACE = N_("a zero-width character where its script does not need it")


def refused_character(text: str) -> str | None:
    """Why `text` cannot be a name, alias or key: the first character of it that is a
    bidirectional control, a zero-width character out of place or a control character,
    described; None if it holds none. The one rule the API, the services and imports ask."""
    for found in _REFUSED.finditer(text):
        position = found.start()
        character = found.group()
        if character in _JOINERS and _joins_as_spelled(text, position):
            continue
        # Only the joiners are refused out of place: they are zero-width characters.
        kind = _JOINER_OUT_OF_PLACE if character in _JOINERS else _KINDS.get(character, _CONTROL)
        name = unicodedata.name(character, "")
        code = f"U+{ord(character):04X}{' ' + name if name else ''}"
        return N_(
            "Contains %(kind)s (%(character)s at character %(position)s). Names and keys may"
            " not hold bidirectional controls, zero-width or control characters.",
            kind=kind,
            character=code,
            position=position + 1,
        )
    return None


def _joins_as_spelled(text: str, position: int) -> bool:
    try:
        return bool(idna.valid_contextj(text, position))
    except (idna.IDNAError, ValueError):  # a text over IDNA's length limit; an unnamed neighbour
        return False


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
