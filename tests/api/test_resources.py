"""The resources as a client uses them: create, read, update, list, filter, paginate."""

from __future__ import annotations

import json

from flask.testing import FlaskClient

from tests.api.helpers import city_with_temple, created, delete, patch, published


def test_site_round_trip_with_names_location_and_identifiers(client: FlaskClient) -> None:
    site = created(
        client,
        "sites",
        {
            "key": "palmyra",
            "name": "Palmyra",
            "kind": "city",
            "names": [
                {"name": "تدمر", "lang": "ar", "type": "alternative"},
                {"name": "Tadmor", "lang": "ar-Latn", "type": "transliteration"},
            ],
            "location": {"latitude": 34.5505, "longitude": 38.2684, "certainty": "approximate"},
            "identifiers": [
                {"scheme": "wikidata", "value": "Q5747"},
                {"scheme": "unesco", "value": "23"},
            ],
            "designations": ["world_heritage", "world_heritage_in_danger"],
        },
    )
    read = client.get(f"/api/v1/sites/{site['id']}").get_json()
    assert read == site
    assert read["location"] == {
        "latitude": 34.5505,
        "longitude": 38.2684,
        "certainty": "approximate",
        "generalised": False,
    }
    assert [n["name"] for n in read["names"]] == ["تدمر", "Tadmor"]
    updated = patch(client, f"/api/v1/sites/{site['id']}", {"location": None, "designations": []})
    assert updated.status_code == 200
    assert updated.get_json()["location"] is None
    assert updated.get_json()["designations"] == []
    assert updated.get_json()["identifiers"] == site["identifiers"]


def test_site_search_ignores_case_diacritics_and_finds_arabic(client: FlaskClient) -> None:
    created(
        client,
        "sites",
        {"name": "Tadmur", "kind": "town", "names": [{"name": "تَدْمُر", "lang": "ar"}]},
    )
    created(client, "sites", {"name": "Temple of Baalšamîn", "kind": "temple"})
    created(client, "sites", {"name": "Aleppo", "kind": "city"})

    def names(query: str) -> list[str]:
        response = client.get("/api/v1/sites", query_string={"q": query})
        return [site["name"] for site in response.get_json()]

    assert names("TADMUR") == ["Tadmur"]
    assert names("تدمر") == ["Tadmur"]
    assert names("baalsamin") == ["Temple of Baalšamîn"]
    assert names("nowhere") == []


def test_site_filters_by_kind_parent_and_bbox(client: FlaskClient) -> None:
    world = city_with_temple(client)
    patch(
        client,
        f"/api/v1/sites/{world['temple']['id']}",
        {"location": {"latitude": 34.547, "longitude": 38.274}},
    )
    created(
        client,
        "sites",
        {
            "name": "Umayyad Mosque",
            "kind": "mosque",
            "location": {"latitude": 36.199, "longitude": 37.157},
        },
    )
    by_kind = client.get("/api/v1/sites?kind=temple").get_json()
    assert [s["name"] for s in by_kind] == ["Temple of Bel"]
    children = client.get(f"/api/v1/sites?parent={world['city']['id']}").get_json()
    assert [s["name"] for s in children] == ["Temple of Bel"]
    boxed = client.get("/api/v1/sites?bbox=38.0,34.0,39.0,35.0").get_json()
    assert [s["name"] for s in boxed] == ["Temple of Bel"]


def test_lists_are_paginated_with_headers(client: FlaskClient) -> None:
    for index in range(7):
        created(client, "actors", {"name": f"Brigade {index}"})
    response = client.get("/api/v1/actors?page=2&page_size=3")
    assert [a["name"] for a in response.get_json()] == ["Brigade 3", "Brigade 4", "Brigade 5"]
    pagination = json.loads(response.headers["X-Pagination"])
    assert pagination["total"] == 7
    assert pagination["total_pages"] == 3
    links = response.headers["Link"]
    assert 'page=3&page_size=3>; rel="next"' in links
    assert 'page=1&page_size=3>; rel="prev"' in links
    assert 'rel="last"' in links


def test_get_has_an_etag_and_if_none_match_gives_304(client: FlaskClient) -> None:
    world = city_with_temple(client)
    path = f"/api/v1/sites/{world['temple']['id']}/history"
    first = client.get(path)
    etag = first.headers["ETag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    patch(client, f"/api/v1/sites/{world['temple']['id']}", {"description": "Changed."})
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_actor_aliases_are_searchable(client: FlaskClient) -> None:
    isil = created(
        client,
        "actors",
        {"name": "Islamic State of Iraq and the Levant", "aliases": ["ISIL", "ISIS", "Daesh"]},
    )
    created(client, "actors", {"name": "Syrian government forces"})
    found = client.get("/api/v1/actors?q=daesh").get_json()
    assert [a["id"] for a in found] == [isil["id"]]
    assert found[0]["aliases"] == ["ISIL", "ISIS", "Daesh"]


def test_actor_part_of_cycle_is_refused(client: FlaskClient) -> None:
    forces = created(client, "actors", {"name": "Syrian government forces"})
    army = created(client, "actors", {"name": "Syrian Arab Army", "part_of_id": forces["id"]})
    response = patch(client, f"/api/v1/actors/{forces['id']}", {"part_of_id": army["id"]})
    assert response.status_code == 422
    assert "part_of_id" in response.get_json()["errors"]


def test_sources_with_affiliation(client: FlaskClient) -> None:
    sohr = created(
        client, "sources", {"name": "Syrian Observatory for Human Rights", "kind": "organisation"}
    )
    rami = created(
        client,
        "sources",
        {"name": "Rami Abdulrahman", "kind": "person", "affiliation_id": sohr["id"]},
    )
    assert client.get(f"/api/v1/sources/{rami['id']}").get_json()["affiliation_id"] == sohr["id"]
    assert [s["name"] for s in client.get("/api/v1/sources?q=observatory").get_json()] == [
        "Syrian Observatory for Human Rights"
    ]


def test_article_keeps_its_text_digest_and_lists_its_claims(client: FlaskClient) -> None:
    world = city_with_temple(client)
    article = world["article"]
    assert len(article["text_sha256"]) == 64
    assert article["captured_at"] is not None
    event = created(
        client,
        "events",
        {"type": "destroyed", "date": "2015-08-30", "site_ids": [world["temple"]["id"]]},
    )
    claim = created(
        client,
        "claims",
        {
            "article_id": article["id"],
            "event_id": event["id"],
            "stance": "affirms",
            "quote": "blown up on Sunday",
            "stated_date": "2015-08-30",
        },
    )
    detail = client.get(f"/api/v1/articles/{article['id']}?include_drafts=true").get_json()
    assert detail["text"][claim["quote_start"] : claim["quote_end"]] == "blown up on Sunday"
    assert [c["id"] for c in detail["claims"]] == [claim["id"]]
    assert detail["text"].startswith("Witnesses")
    # The claim is a draft: the public reads the article without it.
    assert client.get(f"/api/v1/articles/{article['id']}").get_json()["claims"] == []


def test_articles_filter_by_publisher_and_dates(client: FlaskClient) -> None:
    world = city_with_temple(client)
    other = created(client, "sources", {"name": "Other", "kind": "organisation"})
    created(
        client,
        "articles",
        {
            "publisher_id": other["id"],
            "title": "Later",
            "url": "https://other.example/later",
            "published": "2016-03-27",
        },
    )
    by_publisher = client.get(f"/api/v1/articles?publisher={other['id']}").get_json()
    assert [a["title"] for a in by_publisher] == ["Later"]
    in_2015 = client.get("/api/v1/articles?from=2015-01-01&to=2015-12-31").get_json()
    assert [a["id"] for a in in_2015] == [world["article"]["id"]]


def test_event_lifecycle_and_filters(client: FlaskClient, reviewer: FlaskClient) -> None:
    world = city_with_temple(client)
    capture = created(
        client,
        "events",
        {
            "type": "captured",
            "date": "2015-05-20/2015-05-21",
            "site_ids": [world["city"]["id"]],
            "actors": [{"actor_id": world["isil"]["id"], "role": "controller"}],
        },
    )
    assert capture["category"] == "control"
    assert capture["date"] == {
        "edtf": "2015-05-20/2015-05-21",
        "earliest": "2015-05-20",
        "latest": "2015-05-21",
    }
    assert capture["actors"] == [
        {"actor_id": world["isil"]["id"], "name": "ISIL", "role": "controller"}
    ]
    destroyed = created(
        client,
        "events",
        {"type": "destroyed", "date": "2015-08", "site_ids": [world["temple"]["id"]]},
    )

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/v1/events?include_drafts=true&{query}")
        return [e["id"] for e in response.get_json()]

    assert client.get("/api/v1/events").get_json() == []  # drafts are not public

    assert ids("from=2015-08-15&to=2015-09-30") == [destroyed["id"]]  # overlap, not containment
    assert ids("category=control") == [capture["id"]]
    assert ids(f"actor={world['isil']['id']}") == [capture["id"]]
    assert ids(f"site={world['city']['id']}") == [capture["id"]]
    assert ids(f"site={world['city']['id']}&include=descendants") == [
        capture["id"],
        destroyed["id"],
    ]
    assert ids("grade=discounted") == [capture["id"], destroyed["id"]]

    override = {"grade_override": "confirmed", "grade_override_reason": "Imagery."}
    assert patch(client, f"/api/v1/events/{destroyed['id']}", override).status_code == 403
    patched = patch(
        reviewer,
        f"/api/v1/events/{destroyed['id']}",
        {
            "grade_override": "confirmed",
            "grade_override_reason": "Satellite imagery seen by the reviewer.",
        },
    )
    assert patched.get_json()["grade"] == "confirmed"
    assert (
        patch(reviewer, f"/api/v1/events/{destroyed['id']}", {"grade_override": "weak"}).status_code
        == 422
    )
    assert delete(client, f"/api/v1/events/{destroyed['id']}").status_code == 204
    assert client.get(f"/api/v1/events/{destroyed['id']}").status_code == 404


def test_claim_lifecycle_regrades_the_event(client: FlaskClient, reviewer: FlaskClient) -> None:
    world = city_with_temple(client)
    event = published(
        client,
        reviewer,
        "events",
        {"type": "destroyed", "date": "2015-08-30", "site_ids": [world["temple"]["id"]]},
    )
    claim = published(
        client,
        reviewer,
        "claims",
        {
            "article_id": world["article"]["id"],
            "event_id": event["id"],
            "stance": "affirms",
            "figures": {"columns_left": 4},
        },
    )
    assert client.get(f"/api/v1/events/{event['id']}").get_json()["grade"] == "weak"
    assert client.get(f"/api/v1/claims?event={event['id']}").get_json()[0]["figures"] == {
        "columns_left": 4.0
    }
    # A published claim changes under a reviewer's hand only.
    assert patch(client, f"/api/v1/claims/{claim['id']}", {"stance": "disputes"}).status_code == 403
    disputed = patch(reviewer, f"/api/v1/claims/{claim['id']}", {"stance": "disputes"})
    assert disputed.status_code == 200
    assert client.get(f"/api/v1/events/{event['id']}").get_json()["grade"] == "discounted"
    assert delete(reviewer, f"/api/v1/claims/{claim['id']}").status_code == 204
    assert client.get(f"/api/v1/claims/{claim['id']}").status_code == 404
