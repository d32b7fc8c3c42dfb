"""What the domain says stays the English text clients read, and can still be translated
where it is shown (heritage.messages)."""

from __future__ import annotations

import pickle

import orjson
import pytest

from heritage.dates import parse_date
from heritage.errors import InvalidInput
from heritage.messages import N_, Message, record_word, translate

ARABIC = {
    "At most %(count)s characters.": "%(count)s حرف على الأكثر.",
    "%(Record_type)s %(id)s is retracted: it stays as it was.": (
        "السجل (%(Record_type)s %(id)s) مسحوب."
    ),
    "site": "موقع",
    "'%(text)s' is not a valid EDTF date.": "«%(text)s» ليس تاريخًا صالحًا بصيغة EDTF.",
}


def arabic(template: str) -> str:
    return ARABIC.get(template, template)


def test_a_message_is_its_english_text_wherever_it_is_stored_or_sent() -> None:
    message = N_("At most %(count)s characters.", count=300)

    assert message == "At most 300 characters."
    assert orjson.dumps({"name": [message]}) == b'{"name":["At most 300 characters."]}'
    assert pickle.loads(pickle.dumps(message)).template == message.template
    assert str(InvalidInput.field("name", message)) == "name: At most 300 characters."


def test_a_message_is_translated_with_its_parameters_translated_too() -> None:
    retracted = N_(
        "%(Record_type)s %(id)s is retracted: it stays as it was.",
        Record_type=record_word("site").capitalize(),
        id=3,
    )

    assert retracted == "Site 3 is retracted: it stays as it was."
    assert translate(retracted, arabic) == "السجل (موقع 3) مسحوب."
    assert translate(retracted, lambda text: text) == retracted


def test_text_that_is_not_a_message_is_shown_as_it_is() -> None:
    assert translate("Refused.", arabic) == "Refused."
    assert isinstance(N_("Required."), Message)


def test_a_refused_date_keeps_its_message_to_translate() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_date("2015-13-45", "date")

    (message,) = refused.value.errors["date"]
    assert message == "'2015-13-45' is not a valid EDTF date."
    assert translate(message, arabic) == "«2015-13-45» ليس تاريخًا صالحًا بصيغة EDTF."


def test_a_message_naming_dates_says_their_edtf_and_a_translation_may_write_them() -> None:
    first, second = parse_date("2015-07"), parse_date("2015-08-23")
    message = N_(
        "Stated dates %(first)s and %(second)s do not overlap.", first=first, second=second
    )

    assert message == "Stated dates 2015-07 and 2015-08-23 do not overlap."
    assert pickle.loads(pickle.dumps(message)).params == {"first": first, "second": second}
    # Without a way to write them, the dates keep their EDTF; with one, they read as it says.
    assert translate(message, lambda text: text) == message
    months: dict[object, str] = {first: "July 2015", second: "23 August 2015"}
    assert translate(message, lambda text: text, lambda date: months.get(date, date)) == (
        "Stated dates July 2015 and 23 August 2015 do not overlap."
    )
