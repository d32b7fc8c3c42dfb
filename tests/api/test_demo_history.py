"""The demo data answers the analyst's first questions, through the API."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from heritage.demo import load_demo


@pytest.fixture
def demo(client: FlaskClient, session: Session) -> FlaskClient:
    load_demo(session)
    session.commit()
    return client


def find_site(client: FlaskClient, query: str) -> dict[str, Any]:
    found = client.get("/api/v1/sites", query_string={"q": query}).get_json()
    assert len(found) >= 1, query
    site: dict[str, Any] = found[0]
    return site


def history(client: FlaskClient, site_id: int, **query: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/sites/{site_id}/history", query_string=query)
    assert response.status_code == 200, response.get_json()
    document: dict[str, Any] = response.get_json()
    return document


def test_temple_of_bel_is_found_by_search(demo: FlaskClient) -> None:
    found = demo.get("/api/v1/sites", query_string={"q": "temple of bel"}).get_json()
    assert [site["name"] for site in found] == ["Temple of Bel"]


@pytest.mark.parametrize("query", ["tadmur", "تدمر", "TADMOR"])
def test_the_modern_town_is_found_by_any_spelling(demo: FlaskClient, query: str) -> None:
    found = demo.get("/api/v1/sites", query_string={"q": query}).get_json()
    assert "town" in {site["kind"] for site in found}


@pytest.mark.parametrize(
    ("query", "expected"),
    [("qaws al-nasr", "Monumental Arch"), ("mabad bal shamin", "Temple of Baalshamin")],
)
def test_a_name_with_diacritics_is_found_without_them(
    demo: FlaskClient, query: str, expected: str
) -> None:
    # Stored as "Qaws al-Naṣr" and "Maʿbad Baʿl Shamīn".
    found = demo.get("/api/v1/sites", query_string={"q": query}).get_json()
    assert [site["name"] for site in found] == [expected]


def test_temple_history_inherits_the_capture_and_shows_the_destruction(demo: FlaskClient) -> None:
    temple = find_site(demo, "temple of bel")
    document = history(demo, temple["id"])
    captures = [e for e in document["events"] if e["type"] == "captured"]
    may_2015 = [e for e in captures if e["date"]["earliest"].startswith("2015-05")]
    assert may_2015 and all(e["inherited"] for e in may_2015)
    assert any("Islamic State" in a["name"] for a in may_2015[0]["actors"])
    destroyed = [e for e in document["events"] if e["type"] == "destroyed"]
    assert len(destroyed) == 1 and not destroyed[0]["inherited"]
    assert destroyed[0]["date"]["earliest"].startswith("2015-08")
    assert destroyed[0]["claims"], "the destruction is traced to claims"
    for claim in destroyed[0]["claims"]:
        assert claim["article"]["url"].startswith("http")
        assert claim["article"]["publisher"]["name"]
    earliest = [e["date"]["earliest"] for e in document["events"]]
    assert earliest == sorted(earliest)


def test_temple_state_on_two_days(demo: FlaskClient) -> None:
    temple = find_site(demo, "temple of bel")
    september = history(demo, temple["id"], at="2015-09-01")["state_at"]
    assert "Islamic State" in september["controlled_by"]["name"]
    assert september["condition"] == "destroyed"
    april = history(demo, temple["id"], at="2016-04-15")["state_at"]
    assert april["controlled_by"]["name"] == "Syrian government forces"
    assert april["condition"] == "destroyed"


def test_seed_article_carries_claims_from_five_speakers(demo: FlaskClient) -> None:
    articles = demo.get("/api/v1/articles", query_string={"from": "2016-03-27", "to": "2016-03-27"})
    seed = [a for a in articles.get_json() if "Palmyra" in a["title"] and "aljazeera" in a["url"]]
    assert len(seed) == 1
    claims = demo.get(f"/api/v1/articles/{seed[0]['id']}").get_json()["claims"]
    speakers = Counter(claim["speaker_id"] for claim in claims)
    assert len(speakers) >= 5


def test_some_demo_claims_contradict_each_other_on_a_date(demo: FlaskClient) -> None:
    flagged = []
    for site in demo.get("/api/v1/sites?page_size=100").get_json():
        for event in history(demo, site["id"])["events"]:
            flagged += [f for f in event["flags"] if f["kind"] == "date_conflict"]
    assert flagged
