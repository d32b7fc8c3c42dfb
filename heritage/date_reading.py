"""An EDTF date read back in words, in English or Arabic, with the first and last day it
means: what a form shows while an editor types a date, and how a report writes one.

Dates are typed as they come: with Arabic-Indic or Persian digits, the Arabic question mark
or percent sign. `typed_date` turns those into the EDTF that heritage.dates parses; every
other character is left for the parser to judge, so a form never accepts what the API
refuses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from babel.dates import format_date, format_skeleton

from heritage.dates import (
    OPEN_END,
    OPEN_START,
    DateText,
    EdtfDate,
    parse_date,
    parse_historic_date,
)
from heritage.errors import InvalidInput

Language = Literal["en", "ar"]
LANGUAGES: tuple[Language, ...] = ("en", "ar")

# Day and month names as written where the data comes from: British English, and the
# Levantine month names (كانون الثاني, شباط, ...) used in Syria and Iraq.
_LOCALES: dict[Language, str] = {"en": "en_GB", "ar": "ar_SY"}


def babel_locale(language: Language) -> str:
    """The Babel locale that writes dates and numbers in `language`, so that the web app's
    dates and a report's read alike (آب, not أغسطس, in both)."""
    return _LOCALES[language]


_TYPED = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹؟٪",  # Arabic-Indic, then Persian digits; ؟ and ٪
    "01234567890123456789?%",
)

_PHRASES: dict[Language, dict[str, str]] = {
    "en": {
        "between": "from {first} to {last}",
        "until": "until {last}, start unknown",
        "until_open": "any time until {last}",
        "from": "from {first}, end unknown",
        "from_open": "from {first} onwards",
        "approximate": "about {date}",
        "uncertain": "{date} (uncertain)",
        "both": "about {date} (uncertain)",
        "decade": "the {year}s",
        "century": "the {ordinal} century",
        "invalid": "“{text}” is not a date this tracker can read (EDTF).",
        "empty": "No date.",
        "ad": "AD {year}",
        "bc": "{year} BC",
        "years": "{first} to {last}",
    },
    "ar": {
        "between": "من {first} إلى {last}",
        "until": "حتى {last}، والبداية غير معروفة",
        "until_open": "في أي وقت حتى {last}",
        "from": "من {first}، والنهاية غير معروفة",
        "from_open": "من {first} فصاعدًا",
        "approximate": "حوالي {date}",
        "uncertain": "{date} (غير مؤكد)",
        "both": "حوالي {date} (غير مؤكد)",
        "decade": "من {year} إلى {last_year}",
        "century": "القرن {ordinal}",
        "invalid": "«{text}» ليس تاريخًا يمكن قراءته (EDTF).",
        "empty": "لا تاريخ.",
        "ad": "{year} م",
        "bc": "{year} ق.م",
        "years": "من {first} إلى {last}",
    },
}
_ARABIC_CENTURIES = (
    "الأول",
    "الثاني",
    "الثالث",
    "الرابع",
    "الخامس",
    "السادس",
    "السابع",
    "الثامن",
    "التاسع",
    "العاشر",
    "الحادي عشر",
    "الثاني عشر",
    "الثالث عشر",
    "الرابع عشر",
    "الخامس عشر",
    "السادس عشر",
    "السابع عشر",
    "الثامن عشر",
    "التاسع عشر",
    "العشرون",
    "الحادي والعشرون",
)


@dataclass(frozen=True)
class DateReading:
    """What a typed date means: `date` (None if it is not one) and `words` saying it, or why
    not. `edtf` is what was typed, as the tracker stores it."""

    edtf: str
    date: EdtfDate | None
    words: str

    @property
    def valid(self) -> bool:
        return self.date is not None


def typed_date(text: str) -> str:
    """A date as typed, with the digits and marks of Arabic keyboards made EDTF's."""
    return text.translate(_TYPED).strip()


def read_date(text: str, language: Language = "en") -> DateReading:
    """Read a typed date: the EDTF it stands for, its first and last day, and the words."""
    phrases = _PHRASES[language]
    edtf_text = typed_date(text)
    if not edtf_text:
        return DateReading(edtf_text, None, phrases["empty"])
    try:
        date = parse_date(edtf_text)
    except InvalidInput:
        return DateReading(edtf_text, None, phrases["invalid"].format(text=edtf_text))
    return DateReading(edtf_text, date, date_in_words(date, language))


@dataclass(frozen=True)
class HistoricReading:
    """What a typed date of any era means (a site's `built`): `date` with its first and
    last day as ISO text (None if it is not a date) and `words` in years and eras."""

    edtf: str
    date: DateText | None
    words: str


def read_historic_date(text: str, language: Language = "en") -> HistoricReading:
    """Read a typed date that may lie before AD 1, as `read_date` reads event dates."""
    phrases = _PHRASES[language]
    edtf_text = typed_date(text)
    if not edtf_text:
        return HistoricReading(edtf_text, None, phrases["empty"])
    try:
        date = parse_historic_date(edtf_text).as_text()
    except InvalidInput:
        return HistoricReading(edtf_text, None, phrases["invalid"].format(text=edtf_text))
    return HistoricReading(edtf_text, date, years_in_words(date, language))


def date_in_words(date: EdtfDate, language: Language = "en") -> str:
    """A parsed date in words: its span at the precision it was given, and how sure; an
    interval says each end at its own precision and certainty."""
    start, slash, end = date.edtf.partition("/")
    if slash:
        return _interval_words(date, start, end, language)
    return _qualified(_span_words(date.earliest, date.latest, language), date.edtf, language)


def years_in_words(date: DateText, language: Language = "en") -> str:
    """A date that may lie before AD 1 (a site's `built`) in years and eras: `AD 32`,
    `32 BC`, `AD 193 to AD 211` (`01XX`: `AD 100 to AD 199`), with its qualifiers."""
    first, last = (_era_year(day, language) for day in (date.earliest, date.latest))
    words = first if first == last else _PHRASES[language]["years"].format(first=first, last=last)
    return _qualified(words, date.edtf, language)


def _era_year(iso_day: str, language: Language) -> str:
    """The year of an ISO 8601 day with a signed year (`-0031-01-01`: year -31, 32 BC)."""
    year = int(iso_day[: iso_day.index("-", 1)])
    if year > 0:
        return _PHRASES[language]["ad"].format(year=year)
    return _PHRASES[language]["bc"].format(year=1 - year)


def _qualified(words: str, edtf_text: str, language: Language) -> str:
    """`words` with what the EDTF's qualifiers say: ~ approximate, ? uncertain, % both."""
    phrases = _PHRASES[language]
    approximate, uncertain = "~" in edtf_text, "?" in edtf_text
    if "%" in edtf_text or (approximate and uncertain):
        return phrases["both"].format(date=words)
    if approximate:
        return phrases["approximate"].format(date=words)
    if uncertain:
        return phrases["uncertain"].format(date=words)
    return words


def _interval_words(date: EdtfDate, start: str, end: str, language: Language) -> str:
    phrases = _PHRASES[language]
    if date.earliest == OPEN_START:
        last = _side_words(end, language)
        return phrases["until_open" if start == ".." else "until"].format(last=last)
    if date.latest == OPEN_END:
        first = _side_words(start, language)
        return phrases["from_open" if end == ".." else "from"].format(first=first)
    return phrases["between"].format(
        first=_side_words(start, language), last=_side_words(end, language)
    )


def _side_words(side: str, language: Language) -> str:
    """One end of an interval, at its own precision and certainty."""
    bounds = parse_date(side.replace("~", "").replace("?", "").replace("%", ""))
    return _qualified(_span_words(bounds.earliest, bounds.latest, language), side, language)


def _span_words(first: dt.date, last: dt.date, language: Language) -> str:
    """The days from `first` to `last`, said as the day, month, year, decade or century
    they make up, else as the two days."""
    locale = babel_locale(language)
    phrases = _PHRASES[language]
    if first == last:
        return format_date(first, "long", locale=locale)
    whole_years = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)
    if first.year == last.year:
        if whole_years:
            return str(first.year)
        if first.month == last.month and first.day == 1 and (last + dt.timedelta(1)).day == 1:
            return format_skeleton("yMMMM", first, locale=locale)
    if whole_years and first.year % 10 == 0 and last.year == first.year + 9:
        return phrases["decade"].format(year=first.year, last_year=last.year)
    if whole_years and first.year % 100 == 0 and last.year == first.year + 99:
        return phrases["century"].format(ordinal=_century(first.year // 100 + 1, language))
    return phrases["between"].format(
        first=format_date(first, "long", locale=locale),
        last=format_date(last, "long", locale=locale),
    )


def _century(number: int, language: Language) -> str:
    if language == "ar" and number <= len(_ARABIC_CENTURIES):
        return _ARABIC_CENTURIES[number - 1]
    if language == "ar":
        return str(number)
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
