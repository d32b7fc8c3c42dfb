"""A refused form speaks the reader's language: what the services say is wrong (a length
bound, a date, a duplicate key, a stale or forbidden save) is shown in Arabic beside the
field it names on the Arabic interface, while the API keeps saying it in English; and
every message the services can say has its Arabic translation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from babel.support import Translations
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import api.web
import heritage
from heritage.auth import SYSTEM
from heritage.messages import Message, translate
from heritage.models import Site
from heritage.models.common import NAME_LENGTH
from heritage.records import DEFINITIONS
from heritage.records.fields import Context, Naming
from heritage.services import sites
from tests.heritage import builders as b
from tests.web.helpers import csrf_token
from tests.web.test_forms import World, field_block, page_text, post

TRANSLATIONS = Path(api.web.__file__).parent / "translations"
CATALOG = TRANSLATIONS / "ar" / "LC_MESSAGES" / "messages.po"


@pytest.fixture
def world(session: Session, people: dict[str, int]) -> World:
    """Palmyra and its temple."""
    palmyra = b.site(session, "Palmyra", "city")
    temple = b.site(session, "Temple of Bel", "temple", parent=palmyra)
    session.commit()
    return {"palmyra": palmyra.id, "temple": temple.id}


def in_arabic(client: FlaskClient) -> FlaskClient:
    client.get("/?lang=ar")  # the reader's choice, remembered in the session
    return client


def test_a_name_too_long_is_refused_in_arabic_at_the_name(
    editor: FlaskClient, world: World
) -> None:
    response = post(
        in_arabic(editor), "/sites/new", {"name": "ب" * (NAME_LENGTH + 1), "kind": "temple"}
    )

    assert response.status_code == 422
    name = field_block(response.get_data(as_text=True), "name")
    assert f"{NAME_LENGTH} حرف على الأكثر." in name
    assert "At most" not in page_text(response)


def test_an_invalid_date_is_refused_in_arabic_at_the_date(
    editor: FlaskClient, world: World
) -> None:
    response = post(
        in_arabic(editor),
        "/events/new",
        {"type": "destroyed", "date": "2015-13-45", "site_ids": str(world["temple"])},
    )

    assert response.status_code == 422
    date = field_block(response.get_data(as_text=True), "date")
    assert "«2015-13-45» ليس تاريخًا صالحًا بصيغة EDTF." in date
    assert "is not a valid EDTF date" not in page_text(response)


def test_a_duplicate_key_is_refused_in_arabic_at_the_key(
    editor: FlaskClient, session: Session, world: World
) -> None:
    temple = session.get(Site, world["temple"])
    assert temple is not None
    sites.update_site(session, SYSTEM, temple.id, {"key": "temple-of-bel"})
    session.commit()

    response = post(
        in_arabic(editor), "/sites/new", {"name": "Bel", "kind": "temple", "key": "temple-of-bel"}
    )

    assert response.status_code == 422
    key = field_block(response.get_data(as_text=True), "key")
    assert "يوجد من قبل سجل من نوع موقع بالمفتاح «temple-of-bel»." in key


def test_an_unknown_site_and_a_stored_article_are_refused_in_arabic(
    editor: FlaskClient, session: Session, world: World
) -> None:
    wire = b.source(session, "Example Wire")
    stored = b.article(session, wire, text="The temple was blown up.")
    session.commit()
    in_arabic(editor)

    event = post(
        editor,
        "/events/new",
        {"type": "destroyed", "date": "2015-08", "site_ids": [str(world["temple"]), "999999"]},
    )
    article = post(
        editor,
        "/articles/new",
        {
            "url": stored.url,
            "publisher_id": str(wire.id),
            "title": "Again",
            "published": "2015-09-02",
            "text": "Other words.",
        },
    )

    assert event.status_code == 422
    sites_field = field_block(event.get_data(as_text=True), "site_ids")
    assert "لا يوجد سجل من نوع موقع بالمعرّف 999999." in sites_field
    assert article.status_code == 422
    url = field_block(article.get_data(as_text=True), "url")
    assert f"هذا المقال محفوظ من قبل (المقال {stored.id}، بالقيمة نفسها في الحقل url)." in url


def test_a_stale_save_in_arabic_shows_both_versions_and_asks_in_arabic(
    editor: FlaskClient, session: Session, world: World
) -> None:
    form = f"/sites/{world['temple']}/edit"
    token = csrf_token(in_arabic(editor), form)  # read at version 1
    sites.update_site(session, SYSTEM, world["temple"], {"description": "Theirs"})
    session.commit()
    mine = {
        "csrf_token": token,
        "version": "1",
        "name": "Temple of Bel",
        "kind": "temple",
        "parent_id": str(world["palmyra"]),
        "description": "Mine",
    }

    stale = editor.post(form, data=mine)
    unchosen = editor.post(form, data={**mine, "version": "2", "merging": "1"})

    assert stale.status_code == 409
    assert "حفظ شخص آخر هذا السجل بينما كنت تعدّله" in page_text(stale)
    assert unchosen.status_code == 409
    description = field_block(unchosen.get_data(as_text=True), "description")
    assert "اختر النسخة التي تريد الإبقاء عليها." in description


def test_a_published_event_refused_to_an_editor_says_why_in_arabic(
    editor: FlaskClient, session: Session, world: World
) -> None:
    published = b.event(session, session.get(Site, world["temple"]), "looted", "2014")
    session.commit()
    form = f"/events/{published.id}/edit"
    data = {
        "csrf_token": csrf_token(in_arabic(editor), form),
        "version": str(published.version),
        "type": "looted",
        "date": "2014-05",
        "site_ids": str(world["temple"]),
    }

    response = editor.post(form, data=data)

    assert response.status_code == 403
    assert "يتطلب «تغيير حدث منشور» دور مُراجع، ودورك محرّر." in page_text(response)


# --- Every message the services can say has its translation ------------------------------


def _arabic() -> Translations:
    return Translations.load(str(TRANSLATIONS), ["ar"])


def test_every_message_marked_in_the_services_has_its_arabic_translation() -> None:
    with CATALOG.open("rb") as stored:
        catalog = read_po(stored)
    root = Path(heritage.__file__).parent
    marked = {
        found[2] for found in extract_from_dir(root, [("**.py", "python")], keywords={"N_": None})
    }

    untranslated = sorted(text for text in marked if not (text in catalog and catalog[text].string))
    assert untranslated == []
    # Each translation keeps its placeholders (pybabel compile would refuse it otherwise).
    assert [(m.id, errors) for m, errors in catalog.check() if m.id in marked] == []
    assert len(marked) >= 80


# Values of every wrong kind, tried on every field of every record: what a form can send.
WRONG_VALUES: list[Any] = [
    None,
    True,
    -1,
    2**40,
    1.5,
    "",
    "   ",
    "a\u202eb",
    "not a date~~",
    "2015-13-45",
    "-0031-02-29",
    "HTTP://",
    [],
    [1, 1],
    ["x", "x"],
    [{}],
    [{"name": None}, {"name": "a", "lang": "?"}],
    [{"scheme": "wikidata", "value": "x"}, {"scheme": "wikidata", "value": "Q1"}],
    [{"actor_id": 1, "role": "x"}, {"actor_id": 1, "role": "x"}],
    {"latitude": 100, "longitude": "x", "certainty": "?"},
    {"": "x", "n": float("inf")},
]


def _long_value(field: Any) -> str:
    return "x" * (getattr(field, "max_length", 1000) + 1)


@pytest.mark.parametrize("record_type", sorted(DEFINITIONS))
def test_every_problem_a_records_form_can_meet_is_said_in_arabic(record_type: str) -> None:
    definition = DEFINITIONS[record_type]
    context = Context(site_kinds=frozenset({"temple"}))
    said: set[str] = set()
    said |= {m for ms in definition.check({}, Naming.SERVICE, context).errors.values() for m in ms}
    for field in definition.fields:
        for value in [*WRONG_VALUES, _long_value(field)]:
            data = {field.service_name: value}
            for stored in (None, {}):
                found = definition.check(data, Naming.SERVICE, context, stored=stored)
                said |= {m for messages in found.errors.values() for m in messages}
    arabic = _arabic()

    assert said
    not_marked = sorted(m for m in said if not isinstance(m, Message))
    untranslated = sorted(m for m in said if translate(m, arabic.ugettext) == m)
    assert not_marked == []
    assert untranslated == []
