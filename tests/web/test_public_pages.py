"""The public pages, read as the public, a viewer and an editor would: the front page, finding
sites, the map, and the pages of sites, events, articles, actors and sources, on the Palmyra
demo data."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from api.web.public_drawing import (
    Passage,
    identifier_url,
    name_direction,
    quoted_passages,
    web_link,
)
from heritage.auth import SYSTEM, Principal
from heritage.demo import load_demo
from heritage.models import Actor, Article, Event, Site, SiteIdentifier, Source, User
from heritage.services import articles, claims, events, sites
from heritage.services.accounts import principal_of

PRISON_POINT = {"latitude": 34.4123456, "longitude": 38.1654321, "certainty": "exact"}
PAGE_BUDGET = 150_000  # bytes: a page stays light without the /map's coastlines


def page(client: FlaskClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def id_of(session: Session, model: Any, key: str) -> int:
    found = session.scalar(select(model.id).where(model.key == key))
    assert found is not None, key
    return int(found)


def editor_principal(session: Session, people: dict[str, int]) -> Principal:
    user = session.get(User, people["editor"])
    assert user is not None
    return principal_of(user)


@pytest.fixture
def demo(session: Session) -> Session:
    load_demo(session)
    session.commit()
    return session


def test_the_front_page_counts_links_and_lists_the_latest_events(
    demo: Session, anonymous: FlaskClient
) -> None:
    front = page(anonymous, "/")

    assert re.search(r"<strong>10</strong>\s*sites", front)
    assert re.search(r"<strong>14</strong>\s*published events", front)
    assert re.search(r"<strong>13</strong>\s*articles", front)
    assert 'href="/map"' in front and 'href="/sites"' in front
    assert 'action="/sites"' in front and 'name="q"' in front
    # The latest event first: the demining of April 2016, before the recapture.
    demining = front.index(f'href="/events/{id_of(demo, Event, "palmyra-demining-2016")}"')
    recapture = front.index(f'href="/events/{id_of(demo, Event, "palmyra-recaptured-2016")}"')
    assert demining < recapture
    assert "27 March 2016" in front


def test_a_visitor_finds_the_temple_of_bel_by_its_arabic_name_and_reads_its_claims(
    demo: Session, anonymous: FlaskClient
) -> None:
    bel = id_of(demo, Site, "temple-of-bel")
    front = page(anonymous, "/")
    form = re.search(r'<form class="search"[^>]*action="([^"]+)"', front)
    assert form is not None

    found = page(anonymous, f"{form.group(1)}?q={quote('معبد بل')}")
    assert "1 site found" in found
    assert f'href="/sites/{bel}"' in found

    temple = page(anonymous, f"/sites/{bel}")
    assert "<h1" in temple and "Temple of Bel</h1>" in temple
    bbc = id_of(demo, Source, "einar-bjorgo")
    article = demo.scalar(select(Article.id).where(Article.title.like("%Bel destroyed%")))
    assert "UNOSAT&#39;s manager told the BBC" in temple
    assert f'href="/sources/{bbc}"' in temple and "Einar Bjorgo" in temple
    assert f'href="/articles/{article}#claim-' in temple
    # The dissenting voice is there too, with the flag it raises.
    assert "Abdulkarim played the blast down" in temple
    assert "sources disagree on whether it happened" in temple
    assert "30 August 2015" in temple and "confirmed" in temple


def test_the_names_read_in_their_own_direction_and_arabic_readers_see_the_arabic_name(
    demo: Session, anonymous: FlaskClient
) -> None:
    bel = id_of(demo, Site, "temple-of-bel")
    english = page(anonymous, f"/sites/{bel}")
    assert '<span class="name" lang="ar" dir="rtl">معبد بل</span>' in english
    assert '<span class="name" lang="ar-Latn" dir="ltr">Ma‘bad Bal</span>' in english

    arabic = page(anonymous, f"/sites/{bel}?lang=ar")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<h1 lang="ar" dir="rtl">معبد بل</h1>' in arabic
    assert "2015" in arabic and "آب" in arabic  # the dates in Arabic words: August


def test_a_site_links_its_identifiers_and_lists_what_lies_inside_it(
    demo: Session, anonymous: FlaskClient
) -> None:
    palmyra = page(anonymous, f"/sites/{id_of(demo, Site, 'palmyra')}")

    assert 'href="https://www.wikidata.org/wiki/Q5747"' in palmyra
    assert 'href="https://pleiades.stoa.org/places/668331"' in palmyra
    assert 'href="https://whc.unesco.org/en/list/23"' in palmyra
    assert "World Heritage in Danger" in palmyra
    assert f'href="/sites/{id_of(demo, Site, "temple-of-bel")}"' in palmyra
    assert f'href="/sites?within={id_of(demo, Site, "palmyra")}&amp;subtree=1"' in palmyra


def test_the_time_axis_and_the_state_on_a_date_and_as_known_on_a_date(
    demo: Session, anonymous: FlaskClient
) -> None:
    bel = id_of(demo, Site, "temple-of-bel")
    temple = page(anonymous, f"/sites/{bel}")
    axis = re.search(r'<svg[^>]*class="time-axis".*?</svg>', temple, re.S)
    assert axis is not None
    assert axis.group(0).count("<rect") == 3  # ISIL, then the government; destroyed
    assert "<title>Islamic State of Iraq and the Levant</title>" in axis.group(0)
    assert "<title>destroyed</title>" in axis.group(0)

    before = page(anonymous, f"/sites/{bel}?at=2015-08-01")
    after = page(anonymous, f"/sites/{bel}?at=2015-09-10")
    state = re.compile(r'<dl class="state-at">(.*?)</dl>', re.S)
    before_state, after_state = state.search(before), state.search(after)
    assert before_state is not None and after_state is not None
    assert "Islamic State of Iraq and the Levant" in before_state.group(1)
    assert "no damage reported" in before_state.group(1)
    assert "destroyed" in after_state.group(1)

    known = page(anonymous, f"/sites/{bel}?known_at=2015-08-31")
    assert "The Observatory said late on Sunday" in known
    assert "UNOSAT&#39;s manager told the BBC" not in known  # published the day after
    assert 'value="2015-08-31"' in known


def test_a_date_that_is_not_one_is_named_next_to_its_picker(
    demo: Session, anonymous: FlaskClient
) -> None:
    bel = id_of(demo, Site, "temple-of-bel")
    shown = page(anonymous, f"/sites/{bel}?at=31/08/2015")

    assert 'aria-describedby="at-error"' in shown
    assert 'id="at-error">A day as year-month-day' in shown
    assert 'value="31/08/2015"' in shown  # what was typed stays in the field
    assert '<dl class="state-at">' not in shown


def test_sites_are_filtered_by_kind_condition_place_and_box(
    demo: Session, anonymous: FlaskClient
) -> None:
    palmyra = id_of(demo, Site, "palmyra")
    tower = f'href="/sites/{id_of(demo, Site, "tower-of-elahbel")}"'
    bel = f'href="/sites/{id_of(demo, Site, "temple-of-bel")}"'
    museum = f'href="/sites/{id_of(demo, Site, "palmyra-museum")}"'

    temples = page(anonymous, "/sites?kind=temple")
    assert "2 sites found" in temples and bel in temples and tower not in temples

    destroyed = page(anonymous, "/sites?condition=destroyed")
    assert bel in destroyed and tower in destroyed and museum not in destroyed

    children = page(anonymous, f"/sites?within={palmyra}")
    everything_inside = page(anonymous, f"/sites?within={palmyra}&subtree=1")
    assert bel in children and tower not in children
    assert bel in everything_inside and tower in everything_inside

    boxed = page(anonymous, "/sites?bbox=38.25,34.545,38.2505,34.56")
    assert "1 site found" in boxed and tower in boxed

    results = re.search(r'<ol class="site-list">.*?</ol>', page(anonymous, "/sites?q=tadmur"), re.S)
    assert results is not None  # any name or alias: Palmyra's transliteration, the town
    assert f'href="/sites/{palmyra}"' in results.group(0)


def test_bad_filters_are_named_next_to_their_field_and_kept(
    demo: Session, anonymous: FlaskClient
) -> None:
    shown = page(anonymous, "/sites?kind=spaceport&bbox=1,2&condition=melted&within=abc")

    for field in ("kind", "bbox", "condition", "within"):
        assert f'id="{field}-error"' in shown, field
    assert 'value="1,2"' in shown and 'value="abc"' in shown
    assert "sites found" not in shown


def test_the_list_is_paginated(session: Session, anonymous: FlaskClient) -> None:
    for number in range(30):
        sites.create_site(session, SYSTEM, {"name": f"Shrine {number:02}", "kind": "shrine"})
    session.commit()

    first = page(anonymous, "/sites?q=shrine")
    second = page(anonymous, "/sites?q=shrine&page=2")
    assert "30 sites found" in first and "Page 1 of 2" in first
    assert "Shrine 00" in first and "Shrine 29" not in first
    assert "Shrine 29" in second and "Shrine 00" not in second
    assert 'href="?q=shrine&amp;page=2"' in first


def _map_links(drawn: str) -> list[tuple[str, str]]:
    """Each point of a page's map: (where it links, its name)."""
    found = re.findall(
        r'<a href="([^"]*)"><circle [^>]*><title>([^<]*)</title></circle></a>', drawn
    )
    return [(html.unescape(href), html.unescape(name)) for href, name in found]


def test_sites_too_close_to_tell_apart_are_one_numbered_circle_that_opens_them(
    demo: Session, anonymous: FlaskClient
) -> None:
    drawn = page(anonymous, "/map")

    # The demo's nine placed sites lie within 4 km of each other: one circle on /map.
    [(href, name)] = _map_links(drawn)
    assert name == "9 sites; the worst condition: destroyed"
    assert re.search(r"<text [^>]*>9</text>", drawn)
    assert "9 of 10 sites have a known place" in drawn  # the museum has no recorded place
    # Its link lists those nine, on a map close enough to draw each on its own.
    assert href.startswith("/sites?bbox=")
    listed = page(anonymous, href)
    assert "9 sites found" in listed
    points = dict(_map_links(listed))
    assert len(points) == 9
    assert points[f"/sites/{id_of(demo, Site, 'temple-of-bel')}"] == "Temple of Bel"


def test_a_clusters_link_keeps_the_searchs_filters(demo: Session, anonymous: FlaskClient) -> None:
    drawn = page(anonymous, "/sites?kind=temple&page=1")

    [(href, name)] = _map_links(drawn)
    assert name == "2 sites; the worst condition: destroyed"
    assert href.startswith("/sites?kind=temple&bbox=")
    assert "2 sites found" in page(anonymous, href)


def test_the_cluster_names_are_arabic_for_arabic_readers(
    demo: Session, anonymous: FlaskClient
) -> None:
    [(_, name)] = _map_links(page(anonymous, "/map?lang=ar"))

    assert name == "9 مواقع؛ أسوأ حالة بينها: مدمَّر"


def test_the_map_shows_every_site_however_many(session: Session, anonymous: FlaskClient) -> None:
    """Beyond the 2,000 the search's map stops at: 2,050 sites spread over Syria."""
    rows = []
    for n in range(2050):
        latitude, longitude = 32.5 + (n % 50) * 0.09, 36.0 + (n // 50) * 0.1
        rows.append(
            {
                "name": f"Tell {n}",
                "name_folded": f"tell {n}",
                "kind": "tell",
                "latitude": latitude,
                "longitude": longitude,
                "public_latitude": latitude,
                "public_longitude": longitude,
                "location_certainty": "exact",
            }
        )
    session.execute(insert(Site), rows)
    session.commit()

    drawn = page(anonymous, "/map")

    assert "2050 of 2050 sites have a known place" in drawn
    counted = 0
    for href, name in _map_links(drawn):
        if href.startswith("/sites?bbox="):
            counted += int(name.split()[0])
        else:
            counted += 1
    assert counted == 2050
    assert len(drawn.encode()) < PAGE_BUDGET


def _restricted_prison(session: Session) -> tuple[int, int]:
    """The prison with an exact point it must not show the public, and a marker stone at
    the point the public is shown (its point rounded to 0.1°)."""
    prison = sites.create_site(
        session,
        SYSTEM,
        {"name": "Hidden prison", "kind": "prison", "location": PRISON_POINT, "restricted": True},
    )
    stone = sites.create_site(
        session,
        SYSTEM,
        {
            "name": "Marker stone",
            "kind": "monument",
            "location": {"latitude": 34.4, "longitude": 38.2},
        },
    )
    session.commit()
    return prison.id, stone.id


# A box holding the prison's exact and public points and the marker stone, and no other site.
AROUND_THE_PRISON = "38.1,34.3,38.3,34.45"


def test_a_restricted_site_shows_the_public_and_viewers_only_its_generalised_point(
    demo: Session, anonymous: FlaskClient, viewer: FlaskClient, editor: FlaskClient
) -> None:
    prison, stone = _restricted_prison(demo)
    paths = [
        "/",
        f"/sites/{prison}",
        "/sites?q=hidden",
        "/sites?kind=prison",
        "/sites?bbox=38.16,34.41,38.17,34.42",  # a box around the exact point finds nothing
        "/map",
    ]
    for reader in (anonymous, viewer):
        for path in paths:
            shown = page(reader, path)
            assert "34.4123" not in shown and "38.1654" not in shown, path
        assert "34.4, 38.2" in page(reader, f"/sites/{prison}")
        assert "withheld to protect it" in page(reader, f"/sites/{prison}")
        assert "0 sites found" in page(reader, "/sites?bbox=38.16,34.41,38.17,34.42")
        # On the maps, the prison stands exactly where the rounded point is: however close
        # the map, it is one circle with the marker stone, whose link names only that point.
        drawn = page(reader, f"/sites?bbox={AROUND_THE_PRISON}")
        assert _map_links(drawn) == [
            ("/sites?bbox=38.2,34.4,38.2,34.4", "2 sites; no damage reported")
        ]
        assert "2 sites found" in page(reader, "/sites?bbox=38.2,34.4,38.2,34.4")

    shown = page(editor, f"/sites/{prison}")
    assert "34.4123456, 38.1654321" in shown
    assert "withheld" not in shown
    assert set(_map_links(page(editor, f"/sites?bbox={AROUND_THE_PRISON}"))) == {
        (f"/sites/{prison}", "Hidden prison"),
        (f"/sites/{stone}", "Marker stone"),
    }
    assert "1 site found" in page(editor, "/sites?bbox=38.16,34.41,38.17,34.42")


def test_drafts_are_hidden_from_the_public_and_viewers_and_marked_for_editors(
    demo: Session,
    people: dict[str, int],
    anonymous: FlaskClient,
    viewer: FlaskClient,
    editor: FlaskClient,
) -> None:
    author = editor_principal(demo, people)
    bel = id_of(demo, Site, "temple-of-bel")
    draft = events.create_event(
        demo,
        author,
        {
            "type": "looted",
            "date": "2016-01",
            "site_ids": [bel],
            "description": "Unchecked: the gateway was stripped.",
        },
    )
    draft_claim = claims.create_claim(
        demo,
        author,
        {
            "article_id": _any_article(demo),
            "event_id": id_of(demo, Event, "temple-of-bel-destroyed-2015"),
            "summary": "A draft claim nobody has checked.",
            "stance": "affirms",
            "basis": "report",
        },
    )
    demo.commit()
    assert draft.status == "draft" and draft_claim.status == "draft"

    for reader in (anonymous, viewer):
        temple = page(reader, f"/sites/{bel}")
        assert "Unchecked: the gateway" not in temple
        assert "A draft claim nobody" not in temple
        assert "badge draft" not in temple
        page(reader, f"/events/{draft.id}", status=404)
        assert "A draft claim nobody" not in page(
            reader, f"/events/{id_of(demo, Event, 'temple-of-bel-destroyed-2015')}"
        )

    temple = page(editor, f"/sites/{bel}")
    assert "Unchecked: the gateway" in temple and "A draft claim nobody" in temple
    assert temple.count('<span class="badge draft">draft</span>') == 2
    assert '<span class="badge draft">draft</span>' in page(editor, f"/events/{draft.id}")


def _any_article(session: Session) -> int:
    found = session.scalar(select(Article.id).order_by(Article.id))
    assert found is not None
    return int(found)


HOSTILE = "<script>alert(1)</script>"
OVERRIDE = "\u202e"


def test_hostile_stored_text_is_shown_as_text_and_never_as_a_link(
    demo: Session, anonymous: FlaskClient
) -> None:
    site = sites.create_site(
        demo,
        SYSTEM,
        {
            "name": HOSTILE,
            "kind": "temple",
            "names": [{"name": f"{HOSTILE} ar", "lang": "ar", "type": "alternative"}],
            "description": f"{OVERRIDE}{HOSTILE} gnp.exe",
            "identifiers": [{"scheme": "wikidata", "value": "Q1"}],
            "location": {"latitude": 34.5, "longitude": 38.2},
        },
    )
    publisher = id_of(demo, Source, "bbc")
    text = f"Intro {HOSTILE} and the rest."
    article = articles.create_article(
        demo,
        SYSTEM,
        {
            "publisher_id": publisher,
            "title": HOSTILE,
            "url": "https://example.org/hostile",
            "published": dt.date(2015, 9, 2),
            "language": "en",
            "text": text,
            "captured_at": dt.datetime(2015, 9, 2, tzinfo=dt.UTC),
        },
    )
    event = events.create_event(
        demo,
        SYSTEM,
        {"type": "damaged", "date": "2015-09", "site_ids": [site.id], "status": "published"},
    )
    claims.create_claim(
        demo,
        SYSTEM,
        {
            "article_id": article.id,
            "event_id": event.id,
            "quote": HOSTILE,
            "summary": f"{OVERRIDE}{HOSTILE}",
            "stance": "affirms",
            "basis": "report",
            "status": "published",
        },
    )
    # What no form accepts, but an old import or a database edit could have stored.
    identifier = demo.scalar(select(SiteIdentifier).where(SiteIdentifier.site_id == site.id))
    assert identifier is not None
    identifier.value = "javascript:alert(1)"
    demo.get(Article, article.id).url = "javascript:alert(2)"  # type: ignore[union-attr]
    demo.commit()

    for path in (
        "/",
        f"/sites/{site.id}",
        "/sites?q=script",
        "/map",
        f"/events/{event.id}",
        f"/articles/{article.id}",
        f"/sources/{publisher}",
    ):
        shown = page(anonymous, path)
        assert HOSTILE not in shown, path
        assert "javascript:" not in re.findall(r'href="([^"]*)"', shown).__str__(), path
    temple = page(anonymous, f"/sites/{site.id}")
    assert html.escape(HOSTILE, quote=False) in temple
    # Names refuse bidirectional controls; in free text the override stays inside an
    # isolated element (dir="auto"): it cannot reverse the rest of the page.
    assert re.search(rf'dir="auto">[^<]*{OVERRIDE}', temple)
    assert '<span dir="ltr">javascript:alert(1)</span>' in temple
    shown = page(anonymous, f"/articles/{article.id}")
    assert '<span dir="ltr">javascript:alert(2)</span>' in shown
    assert "<mark" in shown and "&lt;script&gt;alert(1)&lt;/script&gt;</a></mark>" in shown


def test_an_articles_text_marks_each_quote_at_its_offsets(
    demo: Session, anonymous: FlaskClient
) -> None:
    opening, arabic, closing = "The temple is gone.", "دمر معبد بل بالكامل", "said the director."
    text = f"{opening} Witnesses added: «{arabic}», and the columns fell, {closing}"
    article = articles.create_article(
        demo,
        SYSTEM,
        {
            "publisher_id": id_of(demo, Source, "bbc"),
            "title": "Offsets",
            "url": "https://example.org/offsets",
            "published": dt.date(2015, 9, 2),
            "language": "en",
            "text": text,
            "captured_at": dt.datetime(2015, 9, 2, tzinfo=dt.UTC),
        },
    )
    event = id_of(demo, Event, "temple-of-bel-destroyed-2015")
    made = {}
    for quote_text in (opening, arabic, closing):
        made[quote_text] = claims.create_claim(
            demo,
            SYSTEM,
            {
                "article_id": article.id,
                "event_id": event,
                "quote": quote_text,
                "stance": "affirms",
                "basis": "report",
                "status": "published",
            },
        ).id
    demo.commit()
    assert text.startswith(opening) and text.endswith(closing)

    shown = page(anonymous, f"/articles/{article.id}")
    body = re.search(r'<div class="text"[^>]*>(.*?)</div>', shown, re.S)
    assert body is not None
    marked = body.group(1)

    def mark(quote_text: str) -> str:
        claim = made[quote_text]
        return f'<mark data-claims="{claim}"><a href="#claim-{claim}">{quote_text}</a></mark>'

    assert marked.startswith(mark(opening))
    assert marked.endswith(mark(closing))
    assert f"«{mark(arabic)}»" in marked
    assert re.sub(r"<[^>]+>", "", marked) == html.escape(text, quote=False)
    for claim in made.values():
        assert f'id="claim-{claim}"' in shown


def test_events_actors_and_sources_have_their_pages(demo: Session, anonymous: FlaskClient) -> None:
    bel_destroyed = id_of(demo, Event, "temple-of-bel-destroyed-2015")
    event = page(anonymous, f"/events/{bel_destroyed}")
    assert "destroyed" in event and "30 August 2015" in event
    assert f'href="/sites/{id_of(demo, Site, "temple-of-bel")}#event-{bel_destroyed}"' in event
    assert "UNOSAT&#39;s manager told the BBC" in event

    isil = id_of(demo, Actor, "isil")
    actor = page(anonymous, f"/actors/{isil}")
    assert "Islamic State of Iraq and the Levant" in actor and "ISIS" in actor
    assert f'href="/events/{bel_destroyed}"' in actor and "perpetrator" in actor

    bbc = id_of(demo, Source, "bbc")
    source = page(anonymous, f"/sources/{bbc}")
    assert "Palmyra&#39;s Temple of Bel destroyed, says UN" in source


def test_missing_and_deleted_records_are_pages_for_people(
    demo: Session, people: dict[str, int], anonymous: FlaskClient
) -> None:
    for path in ("/sites/999999", "/events/999999", "/articles/999999", "/actors/999999"):
        shown = page(anonymous, path, status=404)
        assert "There is nothing at this address." in shown
    gone = sites.create_site(demo, SYSTEM, {"name": "Razed shrine", "kind": "shrine"})
    demo.commit()
    sites.delete_site(demo, SYSTEM, gone.id)
    draft = events.create_event(
        demo,
        editor_principal(demo, people),
        {"type": "looted", "date": "2016", "site_ids": [id_of(demo, Site, "palmyra")]},
    )
    demo.commit()
    events.delete_event(demo, editor_principal(demo, people), draft.id, draft.version)
    demo.commit()

    assert "This record was deleted." in page(anonymous, f"/sites/{gone.id}", status=410)
    page(anonymous, f"/events/{draft.id}", status=404)  # a deleted draft was never public
    assert "لا يوجد شيء في هذا العنوان." in page(anonymous, "/sites/999999?lang=ar", status=404)
    too_large = "99999999999999999999"  # more than the database's integers hold
    page(anonymous, f"/sites/{too_large}", status=404)
    assert 'id="within-error"' in page(anonymous, f"/sites?within={too_large}")
    assert "2 sites found" in page(anonymous, f"/sites?kind=temple&page={too_large}&lang=en")


def test_pages_stay_light(demo: Session, anonymous: FlaskClient) -> None:
    bel = id_of(demo, Site, "temple-of-bel")
    paths = ["/", "/sites", f"/sites/{bel}", f"/sites/{id_of(demo, Site, 'palmyra')}"]
    paths += [f"/events/{id_of(demo, Event, 'temple-of-bel-destroyed-2015')}"]
    for path in paths:
        assert len(anonymous.get(path).data) < PAGE_BUDGET, path


@pytest.mark.parametrize("path", ["/", "/sites", "/map", "/sites?lang=ar"])
def test_public_pages_run_no_inline_script_or_style(
    demo: Session, anonymous: FlaskClient, path: str
) -> None:
    shown = page(anonymous, path)
    assert re.search(r"<script>|<script [^>]*>[^<]", shown) is None
    assert re.search(r"\sstyle=|<style", shown) is None


def test_overlapping_quotes_mark_each_run_with_every_claim_quoting_it() -> None:
    passages = quoted_passages("abcdef", [(1, 0, 4), (2, 2, 6), (3, 5, 99)])

    # Offsets beyond the text (claim 3) are not trusted; the text is kept whole.
    assert passages == [Passage("ab", (1,)), Passage("cd", (1, 2)), Passage("ef", (2,))]
    assert quoted_passages("plain", []) == [Passage("plain")]


def test_identifier_links_come_only_from_values_their_scheme_allows() -> None:
    assert identifier_url("wikidata", "Q5747") == "https://www.wikidata.org/wiki/Q5747"
    assert identifier_url("unesco", "1021bis") == "https://whc.unesco.org/en/list/1021bis"
    assert identifier_url("pleiades", "668331") == "https://pleiades.stoa.org/places/668331"
    assert identifier_url("wikidata", "javascript:alert(1)") is None
    assert identifier_url("myspace", "1") is None
    assert web_link("javascript:alert(1)") is None
    assert web_link("https://example.org/a") == "https://example.org/a"


def test_a_names_direction_follows_its_language_and_script() -> None:
    assert [name_direction(tag) for tag in ("ar", "fa", "ku-Arab", "ar-Latn", "en", "und")] == [
        "rtl",
        "rtl",
        "rtl",
        "ltr",
        "ltr",
        "auto",
    ]


def test_a_site_page_says_when_it_was_built_in_years_and_eras(
    demo: Session, anonymous: FlaskClient
) -> None:
    bel = id_of(demo, Site, "temple-of-bel")

    english = anonymous.get(f"/sites/{bel}").get_data(as_text=True)
    arabic = anonymous.get(f"/sites/{bel}?lang=ar").get_data(as_text=True)

    assert "built or dedicated AD 32" in english and "(0032)" in english
    assert "بُني أو كُرّس 32 م" in arabic
