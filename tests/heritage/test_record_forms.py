"""A web form's text turned into service input (heritage.records.forms): what an editor
types, on any keyboard, reaches the service as the types it takes, and whatever is wrong is
named by the record's definition, field by field, as the API and the import name it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.orm import Session

from heritage.auth import SYSTEM
from heritage.errors import InvalidInput
from heritage.records import DEFINITIONS
from heritage.records.forms import form_fields, form_input, typed_form
from heritage.services import actors, articles, claims, events, sites, sources
from tests.heritage import builders as b


def posted(**fields: str | list[str]) -> dict[str, list[str]]:
    """A form as a browser posts it: dotted names spelled with __ here."""
    return {
        name.replace("__", "."): value if isinstance(value, list) else [value]
        for name, value in fields.items()
    }


def test_a_site_form_typed_on_an_arabic_keyboard_makes_the_site(session: Session) -> None:
    palmyra = b.site(session, "Palmyra", "city")
    form = posted(
        key="temple-of-bel",
        name="  Temple of Bel ",
        kind="temple",
        parent_id=str(palmyra.id),
        names__0__name="معبد بل",
        names__0__lang="ar",
        names__0__type="",
        names__1__name="",  # the form's spare row, left blank
        names__1__lang="",
        location__latitude="٣٤٫٥٥٠٣",
        location__longitude="38.2684",
        location__certainty="exact",
        identifiers__0__scheme="wikidata",
        identifiers__0__value="Q2365424",
        designations=["world_heritage", "world_heritage_in_danger"],
        description="Dedicated in AD 32.\n",
        restricted=["0", "on"],  # the hidden input, then the ticked box
    )

    site = sites.create_site(session, SYSTEM, form_input(DEFINITIONS["site"], form, creating=True))

    assert (site.name, site.parent_id, site.restricted) == ("Temple of Bel", palmyra.id, True)
    assert [(n.name, n.lang, n.type) for n in site.names] == [("معبد بل", "ar", "alternative")]
    assert (site.latitude, site.longitude) == (pytest.approx(34.5503), pytest.approx(38.2684))
    assert [(i.scheme, i.value) for i in site.identifiers] == [("wikidata", "Q2365424")]
    assert sorted(d.designation for d in site.designations) == [
        "world_heritage",
        "world_heritage_in_danger",
    ]
    assert site.description == "Dedicated in AD 32.\n"


def test_an_event_form_with_arabic_digits_and_repeated_sites(session: Session) -> None:
    temple, cella = b.site(session, "Temple of Bel"), b.site(session, "Cella")
    isil = b.actor(session, "ISIL")
    form = posted(
        type="destroyed",
        date="٢٠١٥-٠٨-٢٣/٢٠١٥-٠٨-٣٠",
        site_ids=[str(temple.id), f"{cella.id},"],
        actors__0__actor_id=f"{isil.id}",
        actors__0__role="perpetrator",
        actors__1__actor_id="",
        actors__1__role="",
        description="",
    )

    event = events.create_event(
        session, SYSTEM, form_input(DEFINITIONS["event"], form, creating=True)
    )

    assert (event.date_edtf, event.earliest, event.latest) == (
        "2015-08-23/2015-08-30",
        dt.date(2015, 8, 23),
        dt.date(2015, 8, 30),
    )
    assert sorted(s.site_id for s in event.sites) == sorted([temple.id, cella.id])
    assert [(a.actor_id, a.role) for a in event.actors] == [(isil.id, "perpetrator")]


def test_article_and_claim_forms_carry_days_offsets_and_references(session: Session) -> None:
    sana = b.source(session, "SANA")
    article_form = posted(
        url="https://sana.sy/en/?p=123",
        publisher_id=str(sana.id),
        title="Palmyra recaptured",
        published="٢٠١٦-٠٣-٢٧",
        language="en",
        text="The army said it holds the city.",
    )
    article = articles.create_article(
        session, SYSTEM, form_input(DEFINITIONS["article"], article_form, creating=True)
    )
    assert article.published == dt.date(2016, 3, 27)

    event = b.event(session, b.site(session), "captured", "2016-03-27")
    claim_form = posted(
        article_id=str(article.id),
        event_id=str(event.id),
        stance="affirms",
        speaker_id=str(sana.id),
        quote="it holds the city",
        quote_start="١٤",
        quote_end="31",
    )
    claim = claims.create_claim(
        session, SYSTEM, form_input(DEFINITIONS["claim"], claim_form, creating=True)
    )
    assert (claim.quote_start, claim.quote_end, claim.speaker_id) == (14, 31, sana.id)


def test_aliases_typed_one_per_line(session: Session) -> None:
    form = posted(name="Islamic State", aliases="ISIL\nISIS\n\n  Daesh \nداعش")

    actor = actors.create_actor(
        session, SYSTEM, form_input(DEFINITIONS["actor"], form, creating=True)
    )

    assert [a.alias for a in actor.aliases] == ["ISIL", "ISIS", "Daesh", "داعش"]


def test_a_blank_field_clears_it_on_an_existing_record_and_an_unsent_one_is_kept(
    session: Session,
) -> None:
    palmyra = b.site(session, "Palmyra", "city")
    temple = b.site(session, "Temple of Bel", "temple", parent=palmyra, description="Old text")
    form = posted(parent_id="", description="", restricted="0")

    data = form_input(DEFINITIONS["site"], form, creating=False)
    assert data == {"parent_id": None, "description": "", "restricted": False}
    sites.update_site(session, SYSTEM, temple.id, data, temple.version)

    assert (temple.parent_id, temple.description, temple.name) == (None, "", "Temple of Bel")


@pytest.mark.parametrize(
    ("record_type", "fields", "named"),
    [
        (
            "site",
            {"name": "X", "kind": "temple", "location__latitude": "north"},
            "location.latitude",
        ),
        ("site", {"name": "X", "kind": "temple", "parent_id": "Palmyra"}, "parent_id"),
        ("site", {"name": "X", "kind": "temple", "restricted": "perhaps"}, "restricted"),
        ("site", {"name": "", "kind": "temple"}, "name"),
        ("event", {"type": "destroyed", "date": "2015-13", "site_ids": "1"}, "date"),
        ("event", {"type": "destroyed", "date": "2015", "site_ids": "one"}, "site_ids.0"),
        (
            "event",
            {"type": "destroyed", "date": "2015", "site_ids": "1", "actors__0__role": "x"},
            "actors.0.actor_id",
        ),
        ("article", {"url": "https://a.example/1", "published": "27/03/2016"}, "published"),
        ("claim", {"stance": "affirms", "quote_start": "five"}, "quote_start"),
    ],
)
def test_what_a_form_cannot_turn_into_its_type_is_named_by_the_definition(
    session: Session, record_type: str, fields: dict[str, str], named: str
) -> None:
    create: dict[str, Any] = {
        "site": sites.create_site,
        "event": events.create_event,
        "article": articles.create_article,
        "claim": claims.create_claim,
    }
    data = form_input(DEFINITIONS[record_type], posted(**fields), creating=True)

    with pytest.raises(InvalidInput) as refused:
        create[record_type](session, SYSTEM, data)

    assert named in refused.value.errors


def test_a_form_is_read_from_the_pairs_a_browser_posts() -> None:
    pairs = [("site_ids", "3"), ("site_ids", "4"), ("date", "2015")]

    assert typed_form(pairs) == {"site_ids": ["3", "4"], "date": ["2015"]}
    assert form_input(DEFINITIONS["source"], typed_form([]), creating=True) == {}
    assert sources  # the source form has no field a browser must send


def test_a_forms_inputs_come_from_the_definition() -> None:
    inputs = {f.name: f for f in form_fields(DEFINITIONS["event"])}

    assert inputs["date"].input == "edtf" and inputs["date"].required
    assert inputs["site_ids"].input == "references" and inputs["site_ids"].record_type == "site"
    assert inputs["type"].choices[:2] == ("destroyed", "severely_damaged")
    assert inputs["description"].free_text and not inputs["date"].free_text
    site = {f.name: f for f in form_fields(DEFINITIONS["site"])}
    assert site["name"].free_text and site["name"].max_length == 300
    assert site["parent_id"].input == "reference" and site["parent_id"].record_type == "site"
