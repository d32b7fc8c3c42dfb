"""Histories already built are served again from memory under their ETag, and never once
the data has changed, whoever changed it, nor to a reader of another class."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api.app import create_app
from api.document_cache import DOCUMENTS, Document, DocumentCache
from api.resources import sites as sites_view
from heritage.auth import SYSTEM
from heritage.services import actors
from tests.api.conftest import World
from tests.api.test_history_etag import CHANGES
from tests.api.test_restricted import leaks, restricted_site


@pytest.fixture
def uncached(database_url: str) -> Iterator[FlaskClient]:
    """A reader of the same database through an app that keeps nothing."""
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "DOCUMENT_CACHE_MB": 0})
    yield app.test_client()
    app.extensions["heritage.engine"].dispose()


def documents(app: Flask) -> DocumentCache:
    cache: DocumentCache = app.extensions[DOCUMENTS]
    return cache


def test_the_next_reader_gets_the_kept_document_without_building_it(
    app: Flask, anonymous: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = anonymous.get(world["path"])
    assert first.status_code == 200
    assert (len(documents(app)), documents(app).misses) == (1, 1)

    def not_built(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the history was built again")

    monkeypatch.setattr(sites_view.history, "site_history", not_built)
    again = anonymous.get(world["path"])
    assert again.status_code == 200
    assert again.get_data() == first.get_data()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.mimetype == "application/json"
    assert documents(app).hits == 1
    # HEAD is answered from it too, without a body.
    head = anonymous.head(world["path"])
    assert (head.status_code, head.get_data()) == (200, b"")


@pytest.mark.parametrize("change", list(CHANGES))
def test_after_any_change_readers_get_the_new_document(
    change: str,
    client: FlaskClient,
    reviewer: FlaskClient,
    admin: FlaskClient,
    anonymous: FlaskClient,
    uncached: FlaskClient,
    world: World,
) -> None:
    readers = {"public": anonymous, "editor": client}
    for reader in readers.values():
        assert reader.get(world["path"]).status_code == 200  # kept
    CHANGES[change](client, reviewer, admin, world)
    for name, reader in readers.items():
        served = reader.get(world["path"])
        uncached.environ_base = dict(reader.environ_base)  # the same reader, no cache
        fresh = uncached.get(world["path"])
        assert served.status_code == fresh.status_code == 200, (name, change)
        assert served.get_json() == fresh.get_json(), (name, change)


def test_a_write_by_another_process_is_seen_at_once(
    app: Flask, anonymous: FlaskClient, world: World, session_factory: Any
) -> None:
    """Another worker (here: another engine's session) commits; this app's next reader
    gets the new document, because the kept one was kept under the old ETag."""
    before = anonymous.get(world["path"]).get_json()
    assert before["events"][0]["actors"][0]["name"] == "ISIL"
    with session_factory() as session:
        actors.update_actor(session, SYSTEM, world["isil"]["id"], {"name": "Daesh"})
        session.commit()
    after = anonymous.get(world["path"]).get_json()
    assert after["events"][0]["actors"][0]["name"] == "Daesh"
    assert documents(app).hits == 0


def test_a_document_kept_for_an_editor_never_reaches_the_public(
    app: Flask, client: FlaskClient, anonymous: FlaskClient, viewer: FlaskClient
) -> None:
    site = restricted_site(client)
    path = f"/api/v1/sites/{site['id']}/history"
    for_editor = client.get(path)
    assert leaks(for_editor.get_data(as_text=True))  # the exact point, for an editor
    for reader in (anonymous, viewer, anonymous):
        response = reader.get(path)
        assert response.status_code == 200
        assert not leaks(response.get_data(as_text=True))
    assert len(documents(app)) == 2  # one per class of reader
    assert documents(app).hits == 2  # the viewer and the second anonymous reader


def test_errors_are_not_kept(app: Flask, anonymous: FlaskClient, world: World) -> None:
    assert anonymous.get("/api/v1/sites/999999/history").status_code == 404
    assert anonymous.get(f"{world['path']}?at=yesterday").status_code == 422
    assert len(documents(app)) == 0


def test_no_cache_when_its_size_is_zero(uncached: FlaskClient) -> None:
    assert DOCUMENTS not in uncached.application.extensions


def document(size: int) -> Document:
    return Document(b"x" * size, "application/json")


def test_the_least_recently_used_documents_go_first_past_the_byte_limit() -> None:
    cache = DocumentCache(max_bytes=3_000)  # documents of up to 375 bytes are kept
    for tag in ("a", "b", "c"):
        cache.put(tag, document(300))
    assert cache.get("a") is not None  # now "b" is the least recently used, then "c"
    for tag in ("d", "e", "f", "g", "h"):
        cache.put(tag, document(375))
    assert (len(cache), cache.bytes_held) == (8, 2_775)  # under the limit: all kept
    cache.put("i", document(375))  # 3,150 bytes: "b" goes
    assert (len(cache), cache.bytes_held) == (8, 2_850)
    assert cache.get("b") is None
    cache.put("j", document(375))  # 3,225 bytes: "c" goes, "a" was used since
    assert cache.get("c") is None
    assert cache.get("a") is not None
    assert (len(cache), cache.bytes_held) == (8, 2_925)


def test_a_document_too_large_for_its_share_is_not_kept_and_evicts_nothing() -> None:
    cache = DocumentCache(max_bytes=8_000)
    cache.put("small", document(100))
    cache.put("large", document(1_001))  # more than an eighth of the cache
    assert cache.get("large") is None
    assert cache.get("small") is not None
    cache.put("small", document(200))  # the same ETag again replaces, never double counts
    assert (len(cache), cache.bytes_held) == (1, 200)
