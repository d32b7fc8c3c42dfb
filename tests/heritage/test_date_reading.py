"""A typed date read back in words (heritage.date_reading): what a form shows as an editor
types, in English and Arabic, with the first and last day the date means."""

from __future__ import annotations

import datetime as dt

import pytest

from heritage.date_reading import Language, read_date, typed_date, years_in_words
from heritage.dates import parse_historic_date


@pytest.mark.parametrize(
    ("typed", "english", "arabic", "first", "last"),
    [
        ("2015-08-23", "23 August 2015", "23 آب 2015", "2015-08-23", "2015-08-23"),
        ("2015-08~", "about August 2015", "حوالي آب 2015", "2015-08-01", "2015-08-31"),
        ("2015?", "2015 (uncertain)", "2015 (غير مؤكد)", "2015-01-01", "2015-12-31"),
        (
            "2015-08-23%",
            "about 23 August 2015 (uncertain)",
            "حوالي 23 آب 2015 (غير مؤكد)",
            "2015-08-23",
            "2015-08-23",
        ),
        (
            "2015-08-23/2015-08-30",
            "from 23 August 2015 to 30 August 2015",
            "من 23 آب 2015 إلى 30 آب 2015",
            "2015-08-23",
            "2015-08-30",
        ),
        (
            "2015~/2016-03",
            "from about 2015 to March 2016",
            "من حوالي 2015 إلى آذار 2016",
            "2015-01-01",
            "2016-03-31",
        ),
        (
            "2015-05-20/",
            "from 20 May 2015, end unknown",
            "من 20 أيار 2015، والنهاية غير معروفة",
            "2015-05-20",
            "9999-12-31",
        ),
        (
            "../2015-05-22",
            "any time until 22 May 2015",
            "في أي وقت حتى 22 أيار 2015",
            "0001-01-01",
            "2015-05-22",
        ),
        ("201X", "the 2010s", "من 2010 إلى 2019", "2010-01-01", "2019-12-31"),
        ("01XX", "the 2nd century", "القرن الثاني", "0100-01-01", "0199-12-31"),
        ("2015-08-XX", "August 2015", "آب 2015", "2015-08-01", "2015-08-31"),
    ],
)
def test_a_date_is_read_in_words_with_its_first_and_last_day(
    typed: str, english: str, arabic: str, first: str, last: str
) -> None:
    in_english, in_arabic = read_date(typed, "en"), read_date(typed, "ar")

    assert (in_english.words, in_arabic.words) == (english, arabic)
    assert in_english.date is not None and in_english.edtf == typed
    assert (in_english.date.earliest, in_english.date.latest) == (
        dt.date.fromisoformat(first),
        dt.date.fromisoformat(last),
    )


def test_dates_typed_on_an_arabic_keyboard_are_understood() -> None:
    assert typed_date(" ٢٠١٥-٠٨-٢٣ ") == "2015-08-23"  # Arabic-Indic digits
    assert typed_date("۲۰۱۵-۰۸") == "2015-08"  # Persian digits
    assert typed_date("٢٠١٥-٠٨؟") == "2015-08?"  # the Arabic question mark
    reading = read_date("٢٠١٥-٠٨-٢٣/٢٠١٥-٠٨-٣٠", "ar")
    assert reading.valid and reading.edtf == "2015-08-23/2015-08-30"
    assert reading.words == "من 23 آب 2015 إلى 30 آب 2015"


@pytest.mark.parametrize("typed", ["2015-13", "2015-02-30", "2016-01/2015", "23/08/2015", "soon"])
def test_what_is_not_a_date_is_named_before_saving(typed: str) -> None:
    says: list[tuple[Language, str]] = [
        ("en", f"“{typed}” is not a date"),
        ("ar", f"«{typed}» ليس تاريخًا"),
    ]
    for language, words in says:
        reading = read_date(typed, language)

        assert not reading.valid and reading.date is None
        assert reading.words.startswith(words)


def test_nothing_typed_is_no_date_rather_than_an_error() -> None:
    assert read_date("   ").words == "No date." and not read_date("").valid
    assert read_date("", "ar").words == "لا تاريخ."


@pytest.mark.parametrize(
    ("typed", "english", "arabic"),
    [
        ("0032", "AD 32", "32 م"),
        ("-0031", "32 BC", "32 ق.م"),
        ("-0031~", "about 32 BC", "حوالي 32 ق.م"),
        ("01XX", "AD 100 to AD 199", "من 100 م إلى 199 م"),
        ("-0100/0100", "101 BC to AD 100", "من 101 ق.م إلى 100 م"),
    ],
)
def test_a_date_before_ad_1_reads_in_years_and_eras(typed: str, english: str, arabic: str) -> None:
    built = parse_historic_date(typed).as_text()

    assert years_in_words(built) == english
    assert years_in_words(built, "ar") == arabic
