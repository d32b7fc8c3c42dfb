"""Search folding and URL identity: what makes two spellings the same to a user."""

from __future__ import annotations

import unicodedata

import pytest
from confusable_homoglyphs.confusables import confusables_data

from heritage.text import fold, is_web_url, like_pattern, normalise_url


def test_fold_ignores_case() -> None:
    assert fold("Temple of BEL") == fold("temple of bel") == "temple of bel"


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Baʿalšamîn", "baalsamin"),
        ("Qalʿat Ibn Maʿn", "qalat ibn man"),
        ("Mosquée des Omeyyades", "mosquee des omeyyades"),
        ("Ḥalab", "halab"),
        ("Tadmur", "tadmur"),
    ],
)
def test_fold_strips_latin_diacritics_and_transliteration_marks(written: str, folded: str) -> None:
    assert fold(written) == folded


@pytest.mark.parametrize("mark", ["ʿ", "ʾ", "ʼ", "'", "’", "‘", "`", "´"])
def test_fold_ignores_every_transliteration_mark(mark: str) -> None:
    assert fold(f"Ba{mark}al") == "baal"


def test_fold_strips_arabic_harakat() -> None:
    assert fold("تَدْمُر") == fold("تدمر") == "تدمر"


@pytest.mark.parametrize("alef", ["أ", "إ", "آ", "ٱ"])
def test_fold_treats_every_alef_variant_as_a_bare_alef(alef: str) -> None:
    assert fold(f"{alef}فاميا") == "افاميا"


def test_fold_treats_ta_marbuta_as_ha_and_alef_maqsura_as_ya() -> None:
    assert fold("قلعة") == fold("قلعه")
    assert fold("مصطفى") == fold("مصطفي")


def test_fold_drops_tatweel() -> None:
    assert fold("تـــدمر") == "تدمر"


def test_fold_collapses_whitespace() -> None:
    assert fold("  Temple \t of\n Bel ") == "temple of bel"


@pytest.mark.parametrize(
    "spoofed",
    [
        "T\u0435mple of Bel",  # Cyrillic е
        "\u0422\u0415\u041c\u0420LE OF BEL",  # Cyrillic Т, Е, М, Р
        "Temple \u03bff Bel",  # Greek ο
        "\u03a4\u0395MPLE \u039fF \u0392EL",  # Greek Τ, Ε, Ο, Β
        "T\u0435mpl\u0435 \u043ef B\u0435l",  # Cyrillic е and о
    ],
)
def test_fold_reads_cyrillic_and_greek_lookalikes_as_the_latin_letters(spoofed: str) -> None:
    assert fold(spoofed) == fold("Temple of Bel") == "temple of bel"


@pytest.mark.parametrize(
    ("spellings", "folded"),
    [
        (("Пальмира", "ПАЛЬМИРА", "пальмира"), "пaлbmиpa"),
        (("Παλμύρα", "ΠΑΛΜΥΡΑ", "παλμυρα"), "πaλmυpa"),
        (("Νίκη", "ΝΙΚΗ", "νίκη"), "νikh"),  # ν stays: Ν looks like N, ν like v
        (("Σύρος", "ΣΥΡΟΣ", "σύρος"), "συpoσ"),
    ],
)
def test_cyrillic_and_greek_names_fold_their_lookalikes_whatever_their_case(
    spellings: tuple[str, ...], folded: str
) -> None:
    assert {fold(spelling) for spelling in spellings} == {folded}


def _latin_lookalikes(letter: str) -> set[str]:
    """The Latin letters Unicode's confusables data lists `letter` as confusable with,
    as the fold writes them (capital I is listed as the look-alike l)."""
    return {
        "i" if glyph["c"] in "Il" else glyph["c"].casefold()
        for glyph in confusables_data.get(letter, [])
        if len(glyph["c"]) == 1 and glyph["c"].isascii() and glyph["c"].isalpha()
    }


def test_every_cyrillic_and_greek_lookalike_of_a_latin_letter_folds_to_it() -> None:
    """Checked against Unicode's confusables (confusables.txt, as confusable_homoglyphs
    ships it): each Cyrillic or Greek letter folds to the Latin letter it looks like, but
    for those whose capital and small letters look like two different Latin ones."""
    by_folded: dict[str, set[str]] = {}
    letters: dict[str, str] = {}
    for letter in confusables_data:
        if len(letter) != 1 or unicodedata.category(letter) not in ("Lu", "Ll"):
            continue
        if not unicodedata.name(letter).startswith(("CYRILLIC", "GREEK")):
            continue
        if lookalikes := _latin_lookalikes(letter):
            key = unicodedata.normalize("NFKD", letter)[0].casefold()
            by_folded.setdefault(key, set()).update(lookalikes)
            letters[letter] = key
    assert len(letters) > 60  # the data was found and read
    for letter, key in letters.items():
        lookalikes = by_folded[key]
        expected = next(iter(lookalikes)) if len(lookalikes) == 1 else key
        assert fold(letter) == expected, (letter, unicodedata.name(letter), lookalikes)


def test_fold_reads_through_invisible_characters() -> None:
    assert fold("Temple\u200e of\u200b Bel\u202e") == "temple of bel"
    assert fold("تخت\u200cجمشید") == fold("تخت جمشید")  # non-joiner as a space, as typed


def test_like_pattern_escapes_wildcards_in_the_query() -> None:
    assert like_pattern("100%_Bel") == "%100\\%\\_bel%"


def test_normalise_url_ignores_scheme_www_case_of_host_and_trailing_slash() -> None:
    assert (
        normalise_url("https://www.Aljazeera.com/news/2016/3/27/palmyra/")
        == normalise_url("http://aljazeera.com/news/2016/3/27/palmyra")
        == "//aljazeera.com/news/2016/3/27/palmyra"
    )


def test_normalise_url_drops_tracking_parameters_and_sorts_the_rest() -> None:
    assert normalise_url(
        "https://example.org/story?utm_source=tw&id=7&fbclid=abc&page=2&gclid=x&mc_cid=1"
    ) == normalise_url("https://example.org/story?page=2&id=7")


def test_normalise_url_drops_the_fragment_and_default_ports() -> None:
    assert normalise_url("https://example.org:443/story#comments") == normalise_url(
        "http://example.org:80/story"
    )


def test_normalise_url_keeps_what_names_a_different_page() -> None:
    base = normalise_url("https://example.org/story?id=7")
    assert normalise_url("https://example.org/story?id=8") != base
    assert normalise_url("https://example.org/other?id=7") != base
    assert normalise_url("https://example.org:8080/story?id=7") != base
    assert normalise_url("https://news.example.org/story?id=7") != base


def test_only_absolute_http_urls_are_web_urls() -> None:
    assert is_web_url("https://example.org/a")
    assert is_web_url("http://example.org")
    assert not is_web_url("ftp://example.org/a")
    assert not is_web_url("example.org/a")
    assert not is_web_url("https://")


@pytest.mark.parametrize(
    "url", ["http://example.org:abc/story", "http://example.org:99999/story", "http://[::1/story"]
)
def test_a_url_with_a_malformed_port_or_host_is_not_a_web_url(url: str) -> None:
    assert not is_web_url(url)
