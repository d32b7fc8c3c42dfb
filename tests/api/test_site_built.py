"""When a site was built: typed in EDTF (years before AD 1 included), served with its first
and last day in the site's document, its history and every export, editable like every
field, and refused by the API and the import alike when it is not a date."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from tests.api.conftest import snapshot
from tests.api.helpers import created, patch

BEL = {"edtf": "0032", "earliest": "0032-01-01", "latest": "0032-12-31"}
BEFORE_CHRIST = {"edtf": "-0031", "earliest": "-0031-01-01", "latest": "-0031-12-31"}


def site_path(site: dict[str, Any]) -> str:
    return f"/api/v1/sites/{site['id']}"


def test_a_site_is_created_with_when_it_was_built_and_served_with_its_bounds(
    client: FlaskClient,
) -> None:
    temple = created(client, "sites", {"name": "Temple of Bel", "kind": "temple", "built": "0032"})

    assert temple["built"] == BEL
    assert client.get(site_path(temple)).get_json()["built"] == BEL
    history = client.get(f"{site_path(temple)}/history").get_json()
    assert history["site"]["built"] == BEL


def test_a_site_without_a_built_date_says_null(client: FlaskClient) -> None:
    prison = created(client, "sites", {"name": "Tadmur prison", "kind": "prison"})

    assert prison["built"] is None
    assert client.get(f"{site_path(prison)}/history").get_json()["site"]["built"] is None


@pytest.mark.parametrize(
    ("typed", "earliest", "latest"),
    [
        ("-0031", "-0031-01-01", "-0031-12-31"),  # 32 BC
        ("0000", "0000-01-01", "0000-12-31"),  # 1 BC
        ("01XX", "0100-01-01", "0199-12-31"),  # the 2nd century, as EDTF writes it
        ("0193/0211", "0193-01-01", "0211-12-31"),  # under Septimius Severus
        ("-0100/0050", "-0100-01-01", "0050-12-31"),
        ("0130~", "0130-01-01", "0130-12-31"),
        ("-0032-02-29", "-0032-02-29", "-0032-02-29"),  # 33 BC was a leap year
        ("../0103", "-9999-01-01", "0103-12-31"),
    ],
)
def test_any_era_is_accepted(client: FlaskClient, typed: str, earliest: str, latest: str) -> None:
    site = created(client, "sites", {"name": "Ruin", "kind": "temple", "built": typed})

    assert site["built"] == {"edtf": typed, "earliest": earliest, "latest": latest}


def test_the_built_date_is_changed_and_cleared(client: FlaskClient) -> None:
    temple = created(client, "sites", {"name": "Temple of Bel", "kind": "temple"})
    path = site_path(temple)

    changed = patch(client, path, {"built": "-0031"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["built"] == BEFORE_CHRIST
    assert client.get(f"{path}/history").get_json()["site"]["built"] == BEFORE_CHRIST

    untouched = patch(client, path, {"description": "The sanctuary of Bel."})
    assert untouched.get_json()["built"] == BEFORE_CHRIST

    replaced = patch(client, path, {"built": "0032"})
    assert replaced.get_json()["built"] == BEL

    cleared = patch(client, path, {"built": None})
    assert cleared.get_json()["built"] is None
    assert client.get(f"{path}/history").get_json()["site"]["built"] is None


@pytest.mark.parametrize(
    "typed",
    [
        "32 BC",  # words: EDTF writes -0031
        "0032-13",  # no thirteenth month
        "-0031-02-29",  # 32 BC was no leap year
        "0211/0193",  # ends before it starts
        "Y-12000",  # before the calendar the bounds are kept in
        "",
        " ",
    ],
)
def test_a_built_date_that_is_no_date_is_refused_naming_the_field(
    client: FlaskClient, engine: Engine, typed: str
) -> None:
    temple = created(client, "sites", {"name": "Temple of Bel", "kind": "temple", "built": "0032"})
    before = snapshot(engine)

    for response in (
        client.post("/api/v1/sites", json={"name": "Ruin", "kind": "temple", "built": typed}),
        patch(client, site_path(temple), {"built": typed}),
    ):
        assert response.status_code == 422
        assert response.mimetype == "application/problem+json"
        assert list(response.get_json()["errors"]) == ["built"]
    assert snapshot(engine) == before
    assert client.get(site_path(temple)).get_json()["built"] == BEL


def test_a_built_date_that_is_not_text_is_refused(client: FlaskClient) -> None:
    response = client.post("/api/v1/sites", json={"name": "Ruin", "kind": "temple", "built": 32})

    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["built"]


def test_the_site_revisions_record_the_change(client: FlaskClient) -> None:
    temple = created(client, "sites", {"name": "Temple of Bel", "kind": "temple"})
    patch(client, site_path(temple), {"built": "-0031"})

    revisions = client.get(f"{site_path(temple)}/revisions").get_json()

    assert revisions[-1]["changes"]["built"] == [None, "-0031"]


# --- import and export ---------------------------------------------------------------------


def imported(client: FlaskClient, layout: str, content: str) -> dict[str, Any]:
    response = client.post("/api/v1/imports", json={"format": layout, "content": content})
    assert response.status_code == 200, response.get_json()
    report: dict[str, Any] = response.get_json()
    return report


def exported(client: FlaskClient, name: str) -> str:
    response = client.get(f"/api/v1/exports/{name}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def jsonl(*records: dict[str, Any]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def test_the_interchange_format_round_trips_the_built_date(client: FlaskClient) -> None:
    # Changing stored records by file is the command line's (tests/heritage/test_site_built.py).
    content = jsonl(
        {"type": "site", "key": "palmyra", "name": "Palmyra", "kind": "city"},
        {"type": "site", "key": "bel", "name": "Bel", "kind": "temple", "built": "0032"},
        {"type": "site", "key": "nabu", "name": "Nabu", "kind": "temple", "built": "-0031~"},
    )
    assert imported(client, "jsonl", content)["created"] == {"site": 3}

    export = exported(client, "records.jsonl")
    sites = {r["key"]: r for r in map(json.loads, export.splitlines())}
    assert sites["bel"]["built"] == "0032" and sites["nabu"]["built"] == "-0031~"
    assert "built" not in sites["palmyra"]  # empty fields are left out, as for the others

    again = imported(client, "jsonl", export)
    assert again["ok"] and again["updated"] == {} and again["created"] == {}
    assert again["unchanged"] == {"site": 3}


SITES_CSV = "key,name,kind,built\nbel,Temple of Bel,temple,0032\narch,Monumental Arch,arch,\n"


def test_the_sites_sheet_takes_a_built_column(client: FlaskClient) -> None:
    assert imported(client, "sites-csv", SITES_CSV)["created"] == {"site": 2}
    sites = {s["name"]: s for s in client.get("/api/v1/sites").get_json()}
    assert sites["Temple of Bel"]["built"] == BEL
    assert sites["Monumental Arch"]["built"] is None

    assert imported(client, "sites-csv", SITES_CSV)["unchanged"] == {"site": 2}
    # The export's records read back as the sheet wrote them: nothing to change.
    assert imported(client, "jsonl", exported(client, "records.jsonl"))["unchanged"] == {"site": 2}


@pytest.mark.parametrize(
    ("layout", "content", "line"),
    [
        ("sites-csv", "key,name,kind,built\nbel,Temple of Bel,temple,32 BC\n", 2),
        (
            "jsonl",
            jsonl(
                {"type": "site", "key": "palmyra", "name": "Palmyra", "kind": "city"},
                {"type": "site", "key": "bel", "name": "Bel", "kind": "temple", "built": "0032-13"},
            ),
            2,
        ),
    ],
)
def test_an_import_names_the_line_and_the_built_field_and_stores_nothing(
    client: FlaskClient, engine: Engine, layout: str, content: str, line: int
) -> None:
    created(client, "sites", {"name": "Temple of Bel", "kind": "temple", "key": "bel"})
    before = snapshot(engine)

    response = client.post("/api/v1/imports", json={"format": layout, "content": content})

    report = response.get_json()
    assert report["ok"] is False
    assert [(p["line"], p["field"]) for p in report["problems"]] == [(line, "built")]
    assert snapshot(engine) == before


def test_the_geojson_export_gives_the_built_date_and_its_bounds(client: FlaskClient) -> None:
    created(client, "sites", {"name": "Temple of Nabu", "kind": "temple", "built": "-0031~"})
    created(client, "sites", {"name": "Tadmur prison", "kind": "prison"})

    features = json.loads(exported(client, "sites.geojson"))["features"]

    properties = {f["properties"]["name"]: f["properties"] for f in features}
    nabu, prison = properties["Temple of Nabu"], properties["Tadmur prison"]
    assert (nabu["built"], nabu["built_earliest"], nabu["built_latest"]) == (
        "-0031~",
        "-0031-01-01",
        "-0031-12-31",
    )
    assert (prison["built"], prison["built_earliest"], prison["built_latest"]) == (None,) * 3


def test_the_openapi_document_describes_the_built_field(client: FlaskClient) -> None:
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]

    assert schemas["SiteInput"]["properties"]["built"]["type"] == "string"
    assert "-0031" in schemas["SiteInput"]["properties"]["built"]["description"]
    assert schemas["Site"]["properties"]["built"]["type"] == "object"
