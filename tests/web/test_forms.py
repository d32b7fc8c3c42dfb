"""The editors' forms: every record made and changed through its form, the service's
problems shown beside the fields they name with everything typed kept, dates read back as
they are typed, pickers, drafts that outlive a session, and stale saves merged."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import SYSTEM
from heritage.models import Actor, Article, Claim, Event, FormDraft, Site, Source
from heritage.services import sites
from tests.api.conftest import snapshot
from tests.heritage import builders as b
from tests.web.helpers import csrf_token, sign_in

World = dict[str, Any]


@pytest.fixture
def world(session: Session, people: dict[str, int]) -> World:
    """Palmyra with its temple (also named in Arabic), ISIL (alias داعش), a wire agency and
    one of its articles with its text, and a draft destruction of the temple."""
    palmyra = b.site(session, "Palmyra", "city")
    temple = b.site(
        session,
        "Temple of Bel",
        "temple",
        parent=palmyra,
        names=[{"name": "معبد بل", "lang": "ar"}],
    )
    isil = b.actor(session, "ISIL", aliases=["ISIS", "داعش"])
    wire = b.source(session, "Example Wire")
    article = b.article(
        session,
        wire,
        text="Witnesses said the temple 🏛 was blown up on Sunday by the militants.",
    )
    event = b.event(session, temple, "destroyed", "2015-08-30", status=None)
    session.commit()
    return {
        "palmyra": palmyra.id,
        "temple": temple.id,
        "isil": isil.id,
        "wire": wire.id,
        "article": article.id,
        "event": event.id,
    }


def page_text(response: Any) -> str:
    return unescape(response.get_data(as_text=True))


def post(client: FlaskClient, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data})


def field_block(html: str, name: str) -> str:
    """The markup of one field on a form page (its label, inputs and problems)."""
    found = re.search(
        rf'<(div|fieldset) class="field[^"]*" id="field-{re.escape(name)}".*?</\1>', html, re.S
    )
    assert found, f"no field {name}"
    return unescape(found.group(0))


def engine_of(app: Flask) -> Any:
    return app.extensions["heritage.engine"]


# --- Creating each record through its form -------------------------------------------------


def test_an_editor_creates_a_site_with_arabic_names_and_digits(
    editor: FlaskClient, session: Session, world: World
) -> None:
    response = post(
        editor,
        "/sites/new",
        {
            "name": "Baalshamin",
            "kind": "temple",
            "parent_id": str(world["palmyra"]),
            "names.0.name": "معبد بعل شمين",
            "names.0.lang": "ar",
            "location.latitude": "٣٤٫٥٥",
            "location.longitude": "38.27",
            "restricted": "0",
        },
    )

    assert response.status_code == 303, page_text(response)
    site = session.scalars(select(Site).where(Site.name == "Baalshamin")).one()
    assert response.headers["Location"].endswith(f"/sites/{site.id}/edit?saved=1")
    assert [n.name for n in site.names] == ["معبد بعل شمين"]
    assert (site.parent_id, round(site.latitude or 0, 2)) == (world["palmyra"], 34.55)


def test_an_editor_creates_an_actor_a_source_and_an_article(
    editor: FlaskClient, session: Session, world: World
) -> None:
    assert (
        post(editor, "/actors/new", {"name": "Syrian Army", "aliases": "SAA\nالجيش"}).status_code
        == 303
    )
    army = session.scalars(select(Actor).where(Actor.name == "Syrian Army")).one()
    assert [a.alias for a in army.aliases] == ["SAA", "الجيش"]

    response = post(
        editor,
        "/sources/new",
        # Without scripts, the picker's hidden input is empty and its number typed after it.
        {"name": "SANA", "kind": "organisation", "actor_id": ["", str(army.id)]},
    )
    assert response.status_code == 303, page_text(response)
    sana = session.scalars(select(Source).where(Source.name == "SANA")).one()
    assert sana.actor_id == army.id

    response = post(
        editor,
        "/articles/new",
        {
            "url": "https://sana.sy/en/?p=1",
            "publisher_id": str(sana.id),
            "title": "Palmyra recaptured",
            "published": "٢٠١٦-٠٣-٢٧",
            "language": "en",
            "text": "The army said\r\nit holds the city.",
        },
    )
    assert response.status_code == 303, page_text(response)
    article = session.scalars(select(Article).where(Article.title == "Palmyra recaptured")).one()
    # The browser's CRLF is the line break the editor typed: the text keeps it as LF.
    assert article.text == "The army said\nit holds the city."
    assert str(article.published) == "2016-03-27"


def test_an_editor_records_an_event_and_a_claim_quoted_from_the_text(
    editor: FlaskClient, session: Session, world: World
) -> None:
    response = post(
        editor,
        "/events/new",
        {
            "type": "damaged",
            "date": "٢٠١٥-٠٨-٢٣/٢٠١٥-٠٨-٣٠",
            "site_ids": [str(world["temple"]), str(world["palmyra"])],
            "actors.0.actor_id": str(world["isil"]),
            "actors.0.role": "perpetrator",
            "actors.1.actor_id": "",
            "actors.1.role": "",
        },
    )
    assert response.status_code == 303, page_text(response)
    event = session.scalars(select(Event).where(Event.type == "damaged")).one()
    assert event.date_edtf == "2015-08-23/2015-08-30"
    assert sorted(s.site_id for s in event.sites) == sorted([world["temple"], world["palmyra"]])

    form = f"/articles/{world['article']}/claims/new"
    page = page_text(editor.get(form))
    assert 'id="article-text"' in page and "the temple 🏛 was blown up" in page
    # The offsets the form's script fills in count code points: the emoji is one.
    text = session.get(Article, world["article"]).text  # type: ignore[union-attr]
    quote = "was blown up on Sunday"
    start = text.index(quote)
    response = post(
        editor,
        form,
        {
            "article_id": str(world["article"]),
            "event_id": str(event.id),
            "stance": "affirms",
            "speaker_id": str(world["wire"]),
            "quote": quote,
            "quote_start": str(start),
            "quote_end": str(start + len(quote)),
            "basis": "eyewitness",
            "stated_date": "2015-08-30",
            "stated_actor_id": str(world["isil"]),
        },
    )
    assert response.status_code == 303, page_text(response)
    claim = session.scalars(select(Claim).where(Claim.event_id == event.id)).one()
    assert (claim.quote, claim.quote_start, claim.speaker_id) == (quote, start, world["wire"])
    assert text[claim.quote_start : claim.quote_end] == quote  # type: ignore[misc]


def test_the_article_form_asks_for_the_text_after_the_date_with_the_language_prefilled(
    editor: FlaskClient,
) -> None:
    """An editor transcribes the date, then the text; the language (most often the editor's
    own) and the rarely named wire agency come after it, where Tab does not pass them."""
    html = editor.get("/articles/new").get_data(as_text=True)
    asked = re.findall(r'id="field-(\w+)"', html)
    transcribed = ["url", "publisher_id", "title", "published", "text"]
    assert asked == [*transcribed, "language", "syndicated_from_id"]
    assert 'value="en"' in field_block(html, "language")
    arabic = editor.get("/articles/new?lang=ar").get_data(as_text=True)
    assert 'value="ar"' in field_block(arabic, "language")


def test_a_publishers_usual_language_is_the_one_its_latest_articles_are_most_often_in(
    editor: FlaskClient, session: Session, world: World
) -> None:
    sana, new_wire = b.source(session, "SANA"), b.source(session, "New Wire")
    for language in ("en", "ar", "ar", "und"):
        b.article(session, sana, language=language)
    session.commit()

    def usual(publisher: object) -> str:
        response = editor.get(f"/forms/usual-language?publisher_id={publisher}")
        assert response.status_code == 200 and response.mimetype == "text/plain"
        return response.get_data(as_text=True)

    assert usual(sana.id) == "ar"
    assert usual(new_wire.id) == ""  # no article yet: nothing to say
    assert usual("x") == ""


# --- Problems named at their fields, everything typed kept, nothing stored ----------------


def test_an_invalid_site_is_named_at_its_fields_with_everything_typed_kept(
    app: Flask, editor: FlaskClient, world: World
) -> None:
    token = csrf_token(editor, "/sites/new")
    before = snapshot(engine_of(app))
    response = editor.post(
        "/sites/new",
        data={
            "csrf_token": token,
            "name": "Temple of Nabu",
            "kind": "temple",
            "names.0.name": "معبد نبو",
            "names.0.lang": "ar",
            "names.1.name": "Nabu",
            "names.1.lang": "not a language",
            "location.latitude": "95",
            "location.longitude": "38.27",
            "description": "Typed with care.\nTwo lines.",
        },
    )

    assert response.status_code == 422
    assert snapshot(engine_of(app)) == before
    html = response.get_data(as_text=True)
    names = field_block(html, "names")
    assert "names.1.lang" in names and "BCP 47" in names
    assert 'value="not a language" aria-invalid="true"' in names
    assert 'value="معبد نبو"' in names
    location = field_block(html, "location")
    assert "Must lie between -90 and 90" in location and 'value="95"' in location
    assert 'value="Temple of Nabu"' in field_block(html, "name")
    assert "Typed with care.\nTwo lines." in field_block(html, "description")
    assert 'role="alert"' in html


def test_an_event_naming_an_unknown_site_is_refused_at_that_site(
    app: Flask, editor: FlaskClient, world: World
) -> None:
    token = csrf_token(editor, "/events/new")
    before = snapshot(engine_of(app))
    response = editor.post(
        "/events/new",
        data={
            "csrf_token": token,
            "type": "destroyed",
            "date": "2015-08-3x",
            "site_ids": [str(world["temple"]), "999999"],
            "description": "kept",
        },
    )

    assert response.status_code == 422
    assert snapshot(engine_of(app)) == before
    html = response.get_data(as_text=True)
    assert "site_ids.1" in field_block(html, "site_ids")
    date = field_block(html, "date")
    assert 'value="2015-08-3x"' in date and 'aria-invalid="true"' in date
    # The sites picked so far are kept, by name.
    assert "Temple of Bel" in field_block(html, "site_ids")


def test_an_assessment_without_its_finding_names_the_missing_field(
    app: Flask, editor: FlaskClient, world: World
) -> None:
    response = post(
        editor,
        "/events/new",
        {"type": "assessed", "date": "2016-04", "site_ids": str(world["temple"])},
    )
    assert response.status_code == 422
    assert "Required for an assessment" in field_block(
        response.get_data(as_text=True), "condition_found"
    )


def test_a_quote_not_in_the_text_is_named_at_the_quote_and_nothing_is_stored(
    app: Flask, editor: FlaskClient, world: World
) -> None:
    form = f"/articles/{world['article']}/claims/new"
    token = csrf_token(editor, form)
    before = snapshot(engine_of(app))
    response = editor.post(
        form,
        data={
            "csrf_token": token,
            "event_id": str(world["event"]),
            "stance": "affirms",
            "quote": "the temple still stands",
            "quote_start": "3",
            "quote_end": "12",
        },
    )
    assert response.status_code == 422
    assert snapshot(engine_of(app)) == before
    quote = field_block(response.get_data(as_text=True), "quote")
    assert "The offsets do not frame the quote" in quote
    assert "the temple still stands" in quote


def test_a_duplicate_article_url_is_named_at_the_url(
    app: Flask, editor: FlaskClient, session: Session, world: World
) -> None:
    stored = session.get(Article, world["article"])
    assert stored is not None
    response = post(
        editor,
        "/articles/new",
        {
            "url": stored.url,
            "publisher_id": str(world["wire"]),
            "title": "Again",
            "published": "2015-09-02",
            "text": "Other words.",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Again"' in html
    assert "problems" in field_block(html, "url") or "already" in html


# --- The date's reading ---------------------------------------------------------------------


def test_the_date_reading_says_the_date_in_words_with_its_first_and_last_day(
    editor: FlaskClient,
) -> None:
    response = editor.get("/forms/date-reading", query_string={"value": "2015-08-23/2015-08-30"})
    text = page_text(response)
    assert response.status_code == 200
    assert "from 23 August 2015 to 30 August 2015" in text
    assert "2015-08-23" in text and "2015-08-30" in text

    approximate = page_text(editor.get("/forms/date-reading", query_string={"date": "2015-08~"}))
    assert "about August 2015" in approximate
    assert "2015-08-01" in approximate and "2015-08-31" in approximate


def test_the_date_reading_in_arabic_understands_arabic_indic_digits(
    editor: FlaskClient,
) -> None:
    editor.get("/?lang=ar")
    text = page_text(editor.get("/forms/date-reading", query_string={"value": "٢٠١٥-٠٨~"}))
    assert "حوالي" in text and "آب" in text  # about August (Levantine month name)
    assert "2015-08-01" in text and "2015-08-31" in text


def test_the_site_form_reads_when_it_was_built_even_before_ad_1(editor: FlaskClient) -> None:
    form = editor.get("/sites/new").get_data(as_text=True)
    assert "/forms/date-reading?historic=1" in form  # the built field asks for years and eras

    def reading(typed: str) -> str:
        query = {"historic": "1", "built": typed}
        return page_text(editor.get("/forms/date-reading", query_string=query))

    bc = reading("-0031")
    assert "32 BC" in bc and "-0031-01-01" in bc and "-0031-12-31" in bc
    assert "AD 100 to AD 199" in reading("01XX")
    assert "is not a date this tracker can read" in reading("32 BC")
    # An event's date stays in the common era: the same text is named invalid there.
    assert "is not a date" in page_text(
        editor.get("/forms/date-reading", query_string={"value": "-0031"})
    )


def test_an_invalid_date_is_named_before_saving(editor: FlaskClient) -> None:
    text = page_text(editor.get("/forms/date-reading", query_string={"value": "2015-13-45"}))
    assert "is not a date this tracker can read" in text and 'class="error"' in text
    editor.get("/?lang=ar")
    arabic = page_text(editor.get("/forms/date-reading", query_string={"value": "٢٠١٥-١٣"}))
    assert "ليس تاريخًا" in arabic


def test_a_form_shows_the_reading_of_the_date_it_was_sent_back_with(
    editor: FlaskClient, world: World
) -> None:
    response = post(editor, "/events/new", {"type": "destroyed", "date": "2015-08~"})
    assert response.status_code == 422  # no site
    assert "about August 2015" in page_text(response)


# --- Pickers --------------------------------------------------------------------------------


def test_the_site_picker_finds_a_site_by_its_arabic_name(editor: FlaskClient, world: World) -> None:
    response = editor.get("/pick/site", query_string={"q": "معبد", "field": "f-site_ids"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'data-id="{world["temple"]}"' in html and 'data-label="Temple of Bel"' in html
    assert f'id="pick-f-site_ids-{world["temple"]}"' in html
    assert html.count('role="option"') == 1 and 'data-label="Palmyra"' not in html
    assert "معبد بل · Palmyra" in html  # the name it matched by, and where it stands


def test_the_actor_picker_finds_an_actor_by_its_arabic_alias(
    editor: FlaskClient, world: World
) -> None:
    html = editor.get("/pick/actor", query_string={"q": "داعش"}).get_data(as_text=True)
    assert f'data-id="{world["isil"]}"' in html and 'data-label="ISIL"' in html


def test_the_source_and_event_pickers(editor: FlaskClient, world: World) -> None:
    sources = editor.get("/pick/source", query_string={"q": "wire"}).get_data(as_text=True)
    assert f'data-id="{world["wire"]}"' in sources
    found = editor.get("/pick/event", query_string={"q": "معبد بل"}).get_data(as_text=True)
    assert f'data-id="{world["event"]}"' in found and "destroyed 2015-08-30" in found
    nothing = page_text(editor.get("/pick/site", query_string={"q": "Nineveh"}))
    assert "Nothing matches “Nineveh”" in nothing and "data-id" not in nothing


def test_the_article_picker_finds_articles_by_their_publisher_or_their_address(
    editor: FlaskClient, session: Session, world: World
) -> None:
    wire = session.get(Source, world["wire"])
    assert wire is not None
    later = b.article(session, wire, "2015-09-05", title="Palmyra's arch destroyed")
    session.commit()
    stored = session.get(Article, world["article"])
    assert stored is not None

    by_publisher = page_text(editor.get("/pick/article", query_string={"q": "example wi"}))
    ids = re.findall(r'data-id="(\d+)"', by_publisher)
    assert ids == [str(later.id), str(world["article"])]  # the latest published first
    assert "Palmyra's arch destroyed" in by_publisher and "Example Wire · 2015-09-05" in (
        by_publisher
    )
    # An address however it is spelt: the scheme and www. do not count.
    address = stored.url.replace("https://", "http://www.")
    by_url = page_text(editor.get("/pick/article", query_string={"q": address}))
    assert re.findall(r'data-id="(\d+)"', by_url) == [str(world["article"])]


def test_a_claim_is_recorded_without_opening_its_article_first(
    editor: FlaskClient, session: Session, world: World
) -> None:
    html = editor.get("/claims/new").get_data(as_text=True)
    article_picker = field_block(html, "article_id")
    assert 'data-pick="/pick/article"' in article_picker
    assert re.search(r'<input id="f-article_id" type="text" role="combobox"[^>]* autofocus', html)

    response = post(
        editor,
        "/claims/new",
        {
            "article_id": str(world["article"]),
            "event_id": str(world["event"]),
            "stance": "affirms",
            "quote": "blown up on Sunday",  # typed: the service finds it in the text
            "then": "another",
        },
    )

    assert response.status_code == 303, page_text(response)
    claim = session.scalars(select(Claim).where(Claim.event_id == world["event"])).one()
    article = session.get(Article, world["article"])
    assert article is not None and article.text is not None and claim.quote_start is not None
    assert claim.article_id == world["article"]
    assert article.text[claim.quote_start : claim.quote_end] == "blown up on Sunday"
    # The next claim's form keeps the article and the event.
    following = page_text(editor.get(response.headers["Location"]))
    assert "Saved." in following
    assert f'name="article_id" value="{world["article"]}"' in following
    assert f'name="event_id" value="{world["event"]}"' in following


def test_picked_records_are_shown_by_name_when_a_form_opens(
    editor: FlaskClient, world: World
) -> None:
    html = page_text(editor.get(f"/events/{world['event']}/edit"))
    sites_picked = field_block(html, "site_ids")
    assert "Temple of Bel" in sites_picked
    assert f'name="site_ids" value="{world["temple"]}"' in sites_picked


# --- Save and add another -------------------------------------------------------------------


def test_save_and_add_another_opens_an_empty_form_of_the_same_kind(
    editor: FlaskClient, session: Session, world: World
) -> None:
    response = post(editor, "/actors/new", {"name": "Jabhat al-Nusra", "then": "another"})
    nusra = session.scalars(select(Actor).where(Actor.name == "Jabhat al-Nusra")).one()
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/actors/new?saved={nusra.id}")
    page = page_text(editor.get(response.headers["Location"]))
    assert "Saved." in page and f"/actors/{nusra.id}/edit" in page
    assert 'value="Jabhat al-Nusra"' not in page
    assert re.search(r'<input id="f-name"[^>]*autofocus', page)


def test_save_and_add_another_claim_keeps_the_article(
    editor: FlaskClient, session: Session, world: World
) -> None:
    form = f"/articles/{world['article']}/claims/new"
    response = post(
        editor,
        form,
        {"event_id": str(world["event"]), "stance": "affirms", "then": "another"},
    )
    assert response.status_code == 303, page_text(response)
    assert response.headers["Location"].split("?")[0].endswith(form)
    response = post(editor, form, {"event_id": str(world["event"]), "stance": "disputes"})
    assert response.status_code == 303, re.findall(
        r'class="problems.*?</ul>', page_text(response), re.S
    )
    stances = session.scalars(select(Claim.stance).where(Claim.article_id == world["article"]))
    assert sorted(stances) == ["affirms", "disputes"]


def test_a_form_can_be_filled_in_by_keyboard(editor: FlaskClient, world: World) -> None:
    """Every input has a label; the first field has the focus; Save is the first button, so
    Enter in a one-line input saves."""
    html = editor.get("/events/new").get_data(as_text=True)
    assert re.search(r'<select id="f-type" name="type" autofocus', html)
    for found in re.finditer(r'<(?:input|select|textarea) id="([^"]+)"', html):
        assert f'for="{found.group(1)}"' in html, found.group(1)
    buttons = re.findall(r'<button type="submit"[^>]*id="([^"]+)"', html)
    assert buttons[:2] == ["save", "save-another"]
    assert " style=" not in html and "<script>" not in html


def test_lists_say_a_vocabulary_in_the_readers_words_and_send_its_codes(
    editor: FlaskClient, world: World
) -> None:
    claim_form = f"/articles/{world['article']}/claims/new"
    english = editor.get("/events/new").get_data(as_text=True)
    assert '<option value="militarily_used">used by armed forces</option>' in english
    assert '<option value="controller">controller</option>' in english  # an actor's role
    assert '<option value="official_statement">official statement</option>' in (
        editor.get(claim_form).get_data(as_text=True)
    )
    assert '<option value="temple">Temple</option>' in editor.get("/sites/new").get_data(
        as_text=True
    )

    arabic = editor.get("/events/new?lang=ar").get_data(as_text=True)
    assert '<option value="captured">سيطرة</option>' in arabic
    assert '<option value="controller">مسيطر</option>' in arabic
    assert '<option value="official_statement">بيان رسمي</option>' in (
        editor.get(claim_form).get_data(as_text=True)
    )
    assert '<option value="temple">معبد</option>' in editor.get("/sites/new").get_data(as_text=True)


# --- Drafts ---------------------------------------------------------------------------------


def test_a_draft_outlives_the_session_and_is_restored_then_discarded_on_saving(
    app: Flask, editor: FlaskClient, session: Session, world: World
) -> None:
    token = csrf_token(editor, "/sites/new")
    kept = editor.post(
        "/drafts/sites/new",
        data={
            "csrf_token": token,
            "name": "Tetrapylon",
            "names.0.name": "التترابيلون",
            "description": "Half written…",
        },
    )
    assert kept.status_code == 204
    # The session ends (expired, or signed out); the editor signs in again.
    editor.post("/logout", data={"csrf_token": csrf_token(editor, "/")})
    assert editor.get("/sites/new").status_code == 302
    sign_in(editor, "editor")

    page = page_text(editor.get("/sites/new"))
    assert 'id="draft-notice"' in page and "Discard draft" in page
    # A closed browser, its cookies gone, finds it too.
    elsewhere = page_text(sign_in(app.test_client(), "editor").get("/sites/new"))
    assert 'value="Tetrapylon"' in elsewhere
    assert 'value="Tetrapylon"' in page and 'value="التترابيلون"' in page
    assert "Half written…" in page

    response = post(
        editor, "/sites/new", {"name": "Tetrapylon", "kind": "monument", "description": "Done"}
    )
    assert response.status_code == 303, page_text(response)
    assert session.scalars(select(FormDraft)).all() == []
    assert 'id="draft-notice"' not in page_text(editor.get("/sites/new"))


def test_discarding_a_draft_opens_the_form_as_stored(
    editor: FlaskClient, session: Session, world: World
) -> None:
    form = f"/sites/{world['temple']}/edit"
    post(editor, f"/drafts/sites/{world['temple']}", {"name": "Temple of Bal", "version": "1"})
    assert 'value="Temple of Bal"' in page_text(editor.get(form))

    response = post(editor, f"/drafts/sites/{world['temple']}/discard", {})
    assert response.status_code == 303 and response.headers["Location"].endswith(form)
    page = page_text(editor.get(form))
    assert 'value="Temple of Bel"' in page and 'id="draft-notice"' not in page


def test_drafts_are_each_editors_own(app: Flask, editor: FlaskClient, world: World) -> None:
    post(editor, "/drafts/actors/new", {"name": "Mine"})
    other = sign_in(app.test_client(), "reviewer")
    assert 'value="Mine"' not in page_text(other.get("/actors/new"))


def test_a_draft_with_a_bad_form_name_is_refused(editor: FlaskClient) -> None:
    assert post(editor, "/drafts/Not A Form", {"name": "x"}).status_code == 422
    # Discarding one never leads off the site.
    assert post(editor, "/drafts/evil.example/x/discard", {}).status_code == 404


# --- A stale save: both versions, and a merge ----------------------------------------------


def test_a_stale_edit_shows_both_versions_and_saves_only_the_merge(
    app: Flask, editor: FlaskClient, session: Session, world: World
) -> None:
    form = f"/sites/{world['temple']}/edit"
    token = csrf_token(editor, form)  # the editor opens the form at version 1
    temple = session.get(Site, world["temple"])
    assert temple is not None and temple.version == 1
    # Meanwhile someone else changes the name and the description.
    sites.update_site(
        session, SYSTEM, temple.id, {"name": "Temple of Bêl", "description": "Theirs"}
    )
    session.commit()

    mine = {
        "csrf_token": token,
        "version": "1",
        "name": "Temple of Bel",
        "kind": "temple",
        "parent_id": str(world["palmyra"]),
        "names.0.name": "معبد بل",
        "names.0.lang": "ar",
        "names.0.type": "alternative",
        "description": "Mine",
    }
    before = snapshot(engine_of(app))
    response = editor.post(form, data=mine)

    assert response.status_code == 409
    assert snapshot(engine_of(app)) == before  # nothing overwritten
    html = page_text(response)
    assert 'id="conflict-name"' in html and 'id="conflict-description"' in html
    assert 'id="conflict-kind"' not in html  # the same on both sides
    name = re.search(r'id="conflict-name".*?</fieldset>', html, re.S)
    assert name and "Temple of Bel" in name.group(0) and "Temple of Bêl" in name.group(0)
    assert 'name="version" value="2"' in html

    # Saving again without choosing is refused; choosing saves the merge.
    merging = {**mine, "version": "2", "merging": "1"}
    assert editor.post(form, data=merging).status_code == 409
    session.expire_all()
    assert session.get(Site, world["temple"]).description == "Theirs"  # type: ignore[union-attr]

    response = editor.post(
        form, data={**merging, "merge.name": "theirs", "merge.description": "yours"}
    )
    assert response.status_code == 303, page_text(response)
    session.expire_all()
    merged = session.get(Site, world["temple"])
    assert merged is not None
    assert (merged.name, merged.description, merged.version) == ("Temple of Bêl", "Mine", 3)


def test_a_draft_left_on_an_older_version_meets_the_merge(
    editor: FlaskClient, session: Session, world: World
) -> None:
    form = f"/actors/{world['isil']}/edit"
    post(editor, f"/drafts/actors/{world['isil']}", {"name": "ISIL (draft)", "version": "1"})
    actor = session.get(Actor, world["isil"])
    assert actor is not None
    from heritage.services import actors

    actors.update_actor(session, SYSTEM, actor.id, {"description": "Changed meanwhile"})
    session.commit()

    page = page_text(editor.get(form))
    assert 'name="version" value="1"' in page  # the version the draft was typed on
    response = post(editor, form, {"name": "ISIL (draft)", "version": "1", "description": ""})
    assert response.status_code == 409
    assert 'id="conflict-description"' in page_text(response)


# --- Who may use the forms -----------------------------------------------------------------

FORM_PAGES = [
    "/sites/new",
    "/actors/new",
    "/sources/new",
    "/articles/new",
    "/events/new",
    "/forms/date-reading?value=2015",
    "/pick/site?q=bel",
]


def test_viewers_and_the_anonymous_public_cannot_open_any_form(
    anonymous: FlaskClient, viewer: FlaskClient, world: World
) -> None:
    pages = [
        *FORM_PAGES,
        f"/sites/{world['temple']}/edit",
        f"/events/{world['event']}/edit",
        f"/articles/{world['article']}/claims/new",
    ]
    for path in pages:
        response = anonymous.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
        assert viewer.get(path).status_code == 403, path


def test_a_viewer_cannot_save_a_form_and_nothing_is_stored(
    app: Flask, viewer: FlaskClient, world: World
) -> None:
    before = snapshot(engine_of(app))
    response = viewer.post(
        "/actors/new", data={"csrf_token": csrf_token(viewer, "/"), "name": "Sneaky"}
    )
    assert response.status_code == 403
    assert snapshot(engine_of(app)) == before


def test_a_form_for_a_record_that_is_not_there_is_not_found(editor: FlaskClient) -> None:
    assert editor.get("/sites/999999/edit").status_code == 404
    assert editor.get("/articles/999999/claims/new").status_code == 404
    assert editor.get("/pick/users?q=a").status_code == 404


def test_hostile_text_is_shown_as_text(editor: FlaskClient, session: Session, world: World) -> None:
    b.actor(session, "<script>alert(1)</script>", aliases=["javascript:alert(1)"])
    session.commit()
    html = editor.get("/pick/actor", query_string={"q": "script"}).get_data(as_text=True)
    assert "<script>" not in html and "&lt;script&gt;" in html
    response = post(editor, "/actors/new", {"name": "<img src=x onerror=alert(1)>\u202e"})
    assert response.status_code == 422
    assert "<img src=x" not in response.get_data(as_text=True)


def test_an_editor_changing_a_published_event_is_told_why_with_the_form_kept(
    app: Flask, editor: FlaskClient, session: Session, world: World
) -> None:
    published = b.event(session, session.get(Site, world["temple"]), "looted", "2014")
    session.commit()
    form = f"/events/{published.id}/edit"
    token = csrf_token(editor, form)
    before = snapshot(engine_of(app))
    response = editor.post(
        form,
        data={
            "csrf_token": token,
            "version": str(published.version),
            "type": "looted",
            "date": "2014-05",
            "site_ids": str(world["temple"]),
            "description": "My change",
        },
    )
    assert response.status_code == 403
    assert snapshot(engine_of(app)) == before
    html = page_text(response)
    assert "reviewer" in html and "My change" in html and 'value="2014-05"' in html


def test_a_claim_is_edited_beside_its_articles_text(
    editor: FlaskClient, session: Session, world: World
) -> None:
    article = session.get(Article, world["article"])
    event = session.get(Event, world["event"])
    assert article is not None and event is not None
    claim = b.claim(session, article, event, status=None, quote="blown up")
    session.commit()
    form = f"/claims/{claim.id}/edit"
    page = page_text(editor.get(form))
    assert 'id="article-text"' in page and "blown up on Sunday" in page
    assert f'name="article_id" value="{article.id}"' in page
    assert 'name="quote_start" value="' in page

    response = post(
        editor,
        form,
        {
            "version": str(claim.version),
            "article_id": str(article.id),
            "event_id": str(event.id),
            "stance": "disputes",
            "quote": "Sunday",
            "quote_start": "",
            "quote_end": "",
        },
    )
    assert response.status_code == 303, page_text(response)
    session.expire_all()
    assert (claim.stance, claim.quote) == ("disputes", "Sunday")
    assert article.text[claim.quote_start : claim.quote_end] == "Sunday"  # type: ignore[index]


def test_the_forms_in_arabic_read_right_to_left_with_translated_labels(
    editor: FlaskClient, world: World
) -> None:
    html = page_text(editor.get("/events/new?lang=ar"))
    assert 'dir="rtl"' in html and "حدث جديد" in html and "حفظ وإضافة آخر" in html
    assert 'for="f-date">التاريخ (EDTF)' in html
    response = post(editor, "/events/new", {"type": "destroyed", "date": "٢٠١٥-٠٨~"})
    assert response.status_code == 422
    assert "لم يُحفظ شيء" in page_text(response)
    assert "حوالي آب 2015" in page_text(response)  # the reading, in Arabic


# --- Sending what was just recorded to review ----------------------------------------------


def saved_claims(editor: FlaskClient, session: Session, world: World) -> list[Claim]:
    """Two draft claims quoted from the world's article about its draft event, saved."""
    for stance in ("affirms", "disputes"):
        form = f"/articles/{world['article']}/claims/new"
        saved = post(editor, form, {"event_id": str(world["event"]), "stance": stance})
        assert saved.status_code == 303, page_text(saved)
    found = select(Claim).where(Claim.event_id == world["event"]).order_by(Claim.id)
    return list(session.scalars(found))


def statuses(session: Session, event_id: int) -> list[str]:
    session.expire_all()
    event = session.get(Event, event_id)
    assert event is not None
    claims = session.scalars(select(Claim).where(Claim.event_id == event_id).order_by(Claim.id))
    return [event.status, *(claim.status for claim in claims)]


def test_a_saved_claim_sends_its_event_and_the_events_draft_claims_to_review_together(
    editor: FlaskClient, session: Session, world: World
) -> None:
    first, second = saved_claims(editor, session, world)
    html = page_text(editor.get(f"/claims/{second.id}/edit?saved=1"))
    listed = re.search(r'id="drafts-listed">(.*?)</p>', html, re.S)
    assert listed is not None
    words = re.sub(r"<[^>]+>", "", listed.group(1))
    claims = f"Claim #{first.id}, Claim #{second.id}"
    assert words == f"Not yet sent to review: Event destroyed 2015-08-30, {claims}"
    sent_as = re.findall(r'name="record" value="([^"]+)"', html)

    sent = post(editor, f"/events/{world['event']}/submit", {"record": sent_as})

    assert sent.status_code == 303 and sent.headers["Location"] == f"/events/{world['event']}"
    assert statuses(session, world["event"]) == ["in_review"] * 3
    event_page = page_text(editor.get(f"/events/{world['event']}"))
    for said in (f"Event {world['event']}", f"Claim {first.id}", f"Claim {second.id}"):
        assert f"{said} is sent to review." in event_page
    # Nothing is left to send: the saved form no longer offers it.
    assert 'id="submit-drafts"' not in editor.get(f"/claims/{second.id}/edit?saved=1").text


def test_sending_drafts_changed_since_the_form_was_saved_sends_none_of_them(
    editor: FlaskClient, session: Session, world: World
) -> None:
    first, second = saved_claims(editor, session, world)
    html = page_text(editor.get(f"/events/{world['event']}/edit?saved=1"))
    sent_as = re.findall(r'name="record" value="([^"]+)"', html)
    assert sent_as[0].startswith(f"event:{world['event']}:") and len(sent_as) == 3
    edited = post(
        editor,
        f"/claims/{second.id}/edit",
        {"version": str(second.version), "stance": "affirms", "event_id": str(world["event"])},
    )
    assert edited.status_code == 303, page_text(edited)

    sent = post(editor, f"/events/{world['event']}/submit", {"record": sent_as})

    assert sent.status_code == 303
    assert statuses(session, world["event"]) == ["draft"] * 3
    assert "Nothing was sent to review" in page_text(editor.get(f"/events/{world['event']}"))


def test_sending_a_claim_of_another_event_with_this_one_is_refused(
    editor: FlaskClient, session: Session, world: World
) -> None:
    (claim, _) = saved_claims(editor, session, world)
    palmyra = session.get(Site, world["palmyra"])
    assert palmyra is not None
    other = b.event(session, palmyra, "looted", "2015", status=None)
    session.commit()
    forged = [f"event:{other.id}:{other.version}", f"claim:{claim.id}:{claim.version}"]

    sent = post(editor, f"/events/{other.id}/submit", {"record": forged})

    assert sent.status_code == 400
    assert statuses(session, world["event"]) == ["draft"] * 3
    assert statuses(session, other.id) == ["draft"]
