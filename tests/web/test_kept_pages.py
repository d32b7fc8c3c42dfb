"""Pages kept for the public, and a site's record drawn once for each state of the data,
language and class of reader: what readers see still follows every write they may see, at
once, and the page around the record (who is signed in) stays each reader's own."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from api.document_cache import DOCUMENTS, DocumentCache
from heritage.auth import SYSTEM
from heritage.models import Site
from heritage.services import events, sites
from tests.web.test_public_pages import demo, editor_principal, id_of, page

__all__ = ["demo"]  # the fixture, used by name


def record_of(html: str) -> str:
    return html.split('<main id="main">', 1)[1].split("</main>", 1)[0]


def kept(app: Flask) -> DocumentCache[object]:
    cache: DocumentCache[object] = app.extensions[DOCUMENTS]
    return cache


def test_the_second_reader_gets_the_kept_record_and_a_childs_new_name_shows_at_once(
    app: Flask, demo: Session, anonymous: FlaskClient
) -> None:
    palmyra = id_of(demo, Site, "palmyra")
    first = anonymous.get(f"/sites/{palmyra}")
    assert first.status_code == 200 and "Set-Cookie" not in first.headers  # reading sets none
    hits = kept(app).hits
    assert page(app.test_client(), f"/sites/{palmyra}") == first.get_data(as_text=True)
    assert kept(app).hits == hits + 1

    # A child's rename moves no mark of its parent's history, yet the parent lists it.
    bel = demo.get(Site, id_of(demo, Site, "temple-of-bel"))
    assert bel is not None and "Temple of Bel" in first.get_data(as_text=True)
    sites.update_site(demo, SYSTEM, bel.id, {"name": "Sanctuary of Bel"}, bel.version)
    demo.commit()
    renamed = page(anonymous, f"/sites/{palmyra}")
    assert "Sanctuary of Bel" in renamed and "Temple of Bel" not in renamed


def test_the_page_around_a_kept_record_is_each_readers_own(
    app: Flask,
    demo: Session,
    people: dict[str, int],
    anonymous: FlaskClient,
    editor: FlaskClient,
) -> None:
    bel = id_of(demo, Site, "temple-of-bel")
    events.create_event(
        demo,
        editor_principal(demo, people),
        {"type": "looted", "date": "2016-01", "site_ids": [bel], "description": "Unchecked loot."},
    )
    demo.commit()

    public = page(anonymous, f"/sites/{bel}")
    assert "Sign in" in public and "Unchecked loot." not in public
    own = page(editor, f"/sites/{bel}")
    assert "Sign out" in own
    assert "Unchecked loot." in own
    again = page(anonymous, f"/sites/{bel}")
    assert "Sign out" not in again and "Unchecked loot." not in again
    assert record_of(again) == record_of(public)


def test_each_language_has_its_own_record_and_the_switch_is_remembered(
    demo: Session, anonymous: FlaskClient
) -> None:
    bel = id_of(demo, Site, "temple-of-bel")
    assert '<h2 id="names">Names</h2>' in page(anonymous, f"/sites/{bel}")
    arabic = page(anonymous, f"/sites/{bel}?lang=ar")
    assert 'dir="rtl"' in arabic and '<h2 id="names">Names</h2>' not in arabic
    # The choice stays in the session.
    assert record_of(page(anonymous, f"/sites/{bel}")) == record_of(arabic)


def test_a_missing_site_is_never_kept_as_a_page(demo: Session, anonymous: FlaskClient) -> None:
    page(anonymous, "/sites/999999", status=404)
    page(anonymous, "/sites/999999", status=404)


def test_a_browser_that_has_the_page_is_told_it_has_not_changed_until_the_public_data_does(
    demo: Session, people: dict[str, int], anonymous: FlaskClient, editor: FlaskClient
) -> None:
    for path in ("/", "/map", "/sites?kind=temple", f"/sites/{id_of(demo, Site, 'palmyra')}"):
        first = anonymous.get(path)
        etag = first.headers["ETag"]
        assert first.headers["Cache-Control"] == "no-cache"
        assert {"Cookie", "Accept-Language"} <= set(first.vary)
        again = anonymous.get(path, headers={"If-None-Match": etag})
        assert (again.status_code, again.get_data()) == (304, b""), path
        switched = anonymous.get(f"{path}{'&' if '?' in path else '?'}lang=ar")
        assert switched.headers["ETag"] != etag
        # It sets the reader's cookie (the language chosen): no shared cache may keep it.
        assert switched.headers["Cache-Control"] == "private, no-cache"
        anonymous.get("/?lang=en")
        # Signed-in readers' pages are theirs: drawn each time, never answered 304.
        own = editor.get(path, headers={"If-None-Match": etag})
        assert own.status_code == 200 and "ETag" not in own.headers, path
        assert own.headers["Cache-Control"] == "private, no-cache"

    anonymous.get("/?lang=en")
    before = anonymous.get("/sites?kind=temple").headers["ETag"]
    events.create_event(
        demo,
        editor_principal(demo, people),
        {"type": "looted", "date": "2016-01", "site_ids": [id_of(demo, Site, "palmyra")]},
    )
    demo.commit()
    # A draft: the public sees nothing new.
    assert anonymous.get("/sites?kind=temple").headers["ETag"] == before
    bel = demo.get(Site, id_of(demo, Site, "temple-of-bel"))
    assert bel is not None
    sites.update_site(demo, SYSTEM, bel.id, {"name": "Sanctuary of Bel"}, bel.version)
    demo.commit()
    changed = anonymous.get("/sites?kind=temple", headers={"If-None-Match": before})
    assert changed.status_code == 200 and "Sanctuary of Bel" in changed.get_data(as_text=True)
