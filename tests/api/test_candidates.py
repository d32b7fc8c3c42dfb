"""The candidate claims' API: `POST /articles/{id}/extract` proposes them from the archived
text, `/candidates` reads and decides them; bad input gets problem+json naming the field and
stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from heritage.demo import load_demo
from heritage.models import Site, Source
from tests.api.conftest import snapshot
from tests.api.helpers import created, etag
from tests.heritage.extraction.helpers import RETOLD

TEXT = RETOLD.read_text("utf-8")


@pytest.fixture
def article(session: Session, client: FlaskClient) -> dict[str, Any]:
    load_demo(session)
    session.commit()
    publisher = session.scalar(select(Source.id).where(Source.key == "al-jazeera"))
    return created(
        client,
        "articles",
        {
            "publisher_id": publisher,
            "title": "Government troops retake Palmyra",
            "url": "https://example.org/palmyra-retaken-retold",
            "published": "2016-03-27",
            "language": "en",
            "text": TEXT,
            "captured_at": "2026-12-07T08:00:00Z",
        },
    )


def extract(client: FlaskClient, article_id: int) -> dict[str, Any]:
    response = client.post(f"/api/v1/articles/{article_id}/extract")
    assert response.status_code == 201, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def key_of(session: Session, key: str) -> int:
    found = session.scalar(select(Site.id).where(Site.key == key))
    assert found is not None
    return found


def test_extract_proposes_candidates_with_their_fields(
    client: FlaskClient, article: dict[str, Any], session: Session
) -> None:
    run = extract(client, article["id"])
    assert run["article_id"] == article["id"]
    assert run["proposed"] == len(run["candidates"]) >= 5
    prison = next(c for c in run["candidates"] if c["site"] and c["site"]["key"] == "tadmur-prison")
    assert prison["event_type"] == "destroyed" and prison["date"] == "2015-05"
    assert prison["actor"]["key"] == "isil" and prison["actor_role"] == "perpetrator"
    assert prison["status"] == "pending" and prison["extractor_version"] == run["extractor_version"]
    assert TEXT[prison["quote_start"] : prison["quote_end"]] == prison["quote"]
    assert prison["event_id"] is not None  # the demo's destruction of the prison
    disputed = next(c for c in run["candidates"] if c["stance"] == "disputes")
    assert disputed["speaker"]["key"] == "sohr"
    listed = client.get(f"/api/v1/candidates?article={article['id']}&status=pending")
    assert listed.status_code == 200
    assert [c["id"] for c in listed.get_json()] == [c["id"] for c in run["candidates"]][:25]


def test_accept_makes_a_draft_claim_and_reject_keeps_the_reason(
    client: FlaskClient, article: dict[str, Any]
) -> None:
    run = extract(client, article["id"])
    prison = next(c for c in run["candidates"] if c["site"] and c["site"]["key"] == "tadmur-prison")
    where = f"/api/v1/candidates/{prison['id']}"
    response = client.post(f"{where}/accept", headers={"If-Match": etag(client, where)})
    assert response.status_code == 201, response.get_json()
    accepted = response.get_json()
    assert accepted["claim"]["status"] == "draft"
    assert accepted["claim"]["event_id"] == prison["event_id"]
    assert accepted["claim"]["quote_start"] == prison["quote_start"]
    assert accepted["candidate"]["status"] == "accepted"
    assert accepted["candidate"]["claim_id"] == accepted["claim"]["id"]
    claim = client.get(f"/api/v1/claims/{accepted['claim']['id']}")
    assert claim.status_code == 200 and claim.get_json()["status"] == "draft"
    other = run["candidates"][0]
    rejected = client.post(
        f"/api/v1/candidates/{other['id']}/reject", json={"reason": "Restates the headline."}
    )
    assert rejected.status_code == 200
    assert rejected.get_json()["status"] == "rejected"
    assert rejected.get_json()["reason"] == "Restates the headline."
    again = client.post(f"/api/v1/candidates/{other['id']}/accept")
    assert again.status_code == 409
    assert "status" in again.get_json()["errors"]


def test_accept_with_changes_counts_as_edited(
    client: FlaskClient, article: dict[str, Any], session: Session
) -> None:
    run = extract(client, article["id"])
    unnamed = next(c for c in run["candidates"] if c["site"] is None)
    response = client.post(
        f"/api/v1/candidates/{unnamed['id']}/accept",
        json={"site_id": key_of(session, "temple-of-bel"), "event_type": "damaged"},
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["event_created"] is True and body["event"]["status"] == "draft"
    assert body["event"]["type"] == "damaged"
    assert body["candidate"]["status"] == "edited"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"event_type": "exploded"}, "event_type"),
        ({"stance": "perhaps"}, "stance"),
        ({"site_id": "one"}, "site_id"),
        ({"site_id": 0}, "site_id"),
        ({"date": "last spring"}, "date"),
        ({"site_id": 999_999}, "site_id"),
        ({"quote_start": -1}, "quote_start"),
        ({"speaker_id": 999_999}, "speaker_id"),
    ],
)
def test_bad_changes_name_the_field_and_store_nothing(
    client: FlaskClient,
    article: dict[str, Any],
    engine: Engine,
    changes: dict[str, Any],
    field: str,
) -> None:
    run = extract(client, article["id"])
    prison = next(c for c in run["candidates"] if c["site"] and c["site"]["key"] == "tadmur-prison")
    before = snapshot(engine)
    response = client.post(f"/api/v1/candidates/{prison['id']}/accept", json=changes)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]
    assert snapshot(engine) == before


def test_an_unknown_place_must_be_placed_before_accepting(
    client: FlaskClient, article: dict[str, Any], engine: Engine
) -> None:
    run = extract(client, article["id"])
    unnamed = next(c for c in run["candidates"] if c["site"] is None)
    before = snapshot(engine)
    response = client.post(f"/api/v1/candidates/{unnamed['id']}/accept")
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"site_id"}
    assert snapshot(engine) == before


def test_a_stale_if_match_is_refused(client: FlaskClient, article: dict[str, Any]) -> None:
    run = extract(client, article["id"])
    where = f"/api/v1/candidates/{run['candidates'][0]['id']}"
    tag = etag(client, where)
    assert client.post(f"{where}/reject", headers={"If-Match": tag}).status_code == 200
    stale = client.post(f"{where}/accept", headers={"If-Match": tag})
    assert stale.status_code in (409, 412)


def test_an_article_without_text_gets_a_field_error(
    client: FlaskClient, session: Session, engine: Engine
) -> None:
    load_demo(session)
    session.commit()
    bare = client.get("/api/v1/articles").get_json()[0]
    before = snapshot(engine)
    response = client.post(f"/api/v1/articles/{bare['id']}/extract")
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"text"}
    assert snapshot(engine) == before
    assert client.post("/api/v1/articles/999999/extract").status_code == 404


def test_who_may_do_what(
    client: FlaskClient,
    viewer: FlaskClient,
    anonymous: FlaskClient,
    admin: FlaskClient,
    article: dict[str, Any],
) -> None:
    assert anonymous.post(f"/api/v1/articles/{article['id']}/extract").status_code == 401
    assert viewer.post(f"/api/v1/articles/{article['id']}/extract").status_code == 403
    run = extract(client, article["id"])
    assert anonymous.get("/api/v1/candidates").status_code == 401
    assert viewer.get(f"/api/v1/candidates/{run['candidates'][0]['id']}").status_code == 403
    assert client.get("/api/v1/candidates/acceptance").status_code == 403
    client.post(f"/api/v1/candidates/{run['candidates'][0]['id']}/reject")
    rates = admin.get("/api/v1/candidates/acceptance")
    assert rates.status_code == 200
    [current] = rates.get_json()
    assert current["extractor_version"] == run["extractor_version"]
    assert (current["rejected"], current["acceptance_rate"]) == (1, 0.0)
    assert current["pending"] == run["proposed"] - 1


def test_markup_and_mixed_scripts_are_read_past_with_true_offsets(
    client: FlaskClient, session: Session
) -> None:
    load_demo(session)
    session.commit()
    publisher = session.scalar(select(Source.id).where(Source.key == "al-jazeera"))
    text = (
        "<p>ISIL fighters blew up the Temple of Bel in Palmyra on 30 August 2015.</p>"
        "<script>document.write('ISIL destroyed Tadmur prison')</script>\n\n"
        "وقال مسؤول إن تنظيم الدولة دمر معبد بل في تدمر. The Syrian Observatory for Human"
        " Rights said the temple's cella was still standing.\n"
    )
    made = created(
        client,
        "articles",
        {
            "publisher_id": publisher,
            "title": "Temple blown up",
            "url": "https://example.org/temple-markup",
            "published": "2015-08-31",
            "language": "en",
            "text": text,
            "captured_at": "2026-12-07T08:00:00Z",
        },
    )
    run = extract(client, made["id"])
    assert run["candidates"], run
    for candidate in run["candidates"]:
        assert text[candidate["quote_start"] : candidate["quote_end"]] == candidate["quote"]
        assert "<script" not in candidate["quote"]
        assert candidate["site"] is None or candidate["site"]["key"] != "tadmur-prison"
    bel = [c for c in run["candidates"] if c["site"] and c["site"]["key"] == "temple-of-bel"]
    assert {c["event_type"] for c in bel} >= {"destroyed"}
    assert any(c["date"] == "2015-08-30" for c in bel)
