"""Names that read as one thing and are another: bidirectional controls, zero-width and
control characters are refused in names, aliases and keys (422 naming the field, nothing
stored), and a name spelled with Cyrillic or Greek look-alikes is found by its Latin
spelling (heritage.text)."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from tests.api.conftest import snapshot
from tests.api.helpers import created

PROBLEM = "application/problem+json"

# One of each kind refused, inside a name ("Temple{}of Bel").
REFUSED = {
    "right-to-left override": "\u202e",
    "left-to-right embedding": "\u202a",
    "pop directional formatting": "\u202c",
    "first strong isolate": "\u2068",
    "pop directional isolate": "\u2069",
    "zero width space": "\u200b",
    "zero width non-joiner between Latin letters": "\u200c",
    "zero width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "start of heading": "\x01",
    "tab": "\t",
    "escape": "\x1b",
    "delete": "\x7f",
    "next line (C1)": "\x85",
}


def name_with(character: str) -> str:
    return f"Temple{character}of Bel"


# Where a name goes: (path, body with the name at NAME, the field the problem names).
NAME = object()
PLACES: dict[str, tuple[str, dict[str, Any], str]] = {
    "site name": ("sites", {"name": NAME, "kind": "temple"}, "name"),
    "site's other name": (
        "sites",
        {"name": "Temple of Bel", "kind": "temple", "names": [{"name": NAME, "lang": "en"}]},
        "names.0.name",
    ),
    "actor name": ("actors", {"name": NAME}, "name"),
    "actor alias": ("actors", {"name": "ISIL", "aliases": ["ISIS", NAME]}, "aliases.1"),
    "source name": ("sources", {"name": NAME, "kind": "organisation"}, "name"),
}


def filled(body: dict[str, Any], name: str) -> dict[str, Any]:
    def fill(value: Any) -> Any:
        if value is NAME:
            return name
        if isinstance(value, dict):
            return {key: fill(item) for key, item in value.items()}
        if isinstance(value, list):
            return [fill(item) for item in value]
        return value

    return fill(body)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("kind", REFUSED)
def test_a_name_with_a_hidden_character_is_refused_naming_its_field(
    client: FlaskClient, engine: Engine, place: str, kind: str
) -> None:
    path, body, field = PLACES[place]
    before = snapshot(engine)

    response = client.post(f"/api/v1/{path}", json=filled(body, name_with(REFUSED[kind])))

    assert response.status_code == 422, response.get_json()
    assert response.mimetype == PROBLEM
    errors = response.get_json()["errors"]
    assert list(errors) == [field]
    assert f"U+{ord(REFUSED[kind]):04X}" in errors[field][0]
    assert snapshot(engine) == before


@pytest.mark.parametrize("kind", ["right-to-left override", "zero width space", "escape"])
def test_renaming_to_a_name_with_a_hidden_character_keeps_the_old_name(
    client: FlaskClient, engine: Engine, kind: str
) -> None:
    site = created(client, "sites", {"name": "Temple of Bel", "kind": "temple"})
    path = f"/api/v1/sites/{site['id']}"
    before = snapshot(engine)

    response = client.patch(
        path,
        json={"name": name_with(REFUSED[kind])},
        headers={"If-Match": client.get(path).headers["ETag"]},
    )

    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["name"]
    assert snapshot(engine) == before
    assert client.get(path).get_json()["name"] == "Temple of Bel"


def test_a_key_ending_in_a_newline_is_refused(client: FlaskClient, engine: Engine) -> None:
    """Keys are lowercase letters, digits and hyphens: a final newline once slipped past
    the pattern's `$` and was stored with the key."""
    before = snapshot(engine)

    response = client.post(
        "/api/v1/sites", json={"name": "Palmyra", "kind": "city", "key": "palmyra\n"}
    )

    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["key"]
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    "name",
    [
        "تخت\u200cجمشید",  # Takht-e Jamshid (Persian): the non-joiner keeps تخت apart
        "قەڵای\u200cهەولێر",  # Erbil Citadel (Sorani Kurdish)
        "قلعة حلب\u200f (Aleppo)",  # a right-to-left mark before Latin text
        "Citadel\u200e of Aleppo",  # a left-to-right mark
        "المسجد\u061c الأموي",  # the Arabic letter mark
    ],
)
def test_names_keep_the_marks_their_scripts_need_and_are_found_without_them(
    client: FlaskClient, name: str
) -> None:
    site = created(client, "sites", {"name": name, "kind": "citadel"})
    assert site["name"] == name

    typed = name.replace("\u200c", " ").translate(dict.fromkeys([0x200E, 0x200F, 0x061C]))
    found = client.get("/api/v1/sites", query_string={"q": typed}).get_json()
    assert [s["id"] for s in found] == [site["id"]]


def test_a_search_for_temple_finds_a_temple_spelled_with_a_cyrillic_e(
    client: FlaskClient,
) -> None:
    lookalike = created(client, "sites", {"name": "T\u0435mple of Bel", "kind": "temple"})
    created(client, "sites", {"name": "Palmyra", "kind": "city"})

    found = client.get("/api/v1/sites", query_string={"q": "Temple"}).get_json()

    assert [site["name"] for site in found] == ["T\u0435mple of Bel"]
    assert found[0]["id"] == lookalike["id"]


def test_a_search_for_isis_finds_an_actor_whose_alias_is_spelled_in_greek_and_cyrillic(
    client: FlaskClient,
) -> None:
    actor = created(client, "actors", {"name": "ISIL", "aliases": ["\u0399S\u0399\u0405"]})

    found = client.get("/api/v1/actors", query_string={"q": "isis"}).get_json()

    assert [a["id"] for a in found] == [actor["id"]]
