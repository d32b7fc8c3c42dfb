"""The maps' land as a cached picture (api/web/base_maps.py): every site page points at the
base map of its snapped view, which is served with headers that keep it for good, the same
bytes each time, and with no marker in it, so it tells nobody where a restricted site is."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from heritage.auth import SYSTEM
from heritage.services import sites

EXACT_PRISON = {"latitude": 34.4123456, "longitude": 38.1654321, "certainty": "exact"}


def _site(session: Session, name: str, location: dict[str, object], **more: object) -> int:
    site = sites.create_site(
        session, SYSTEM, {"name": name, "kind": "temple", "location": location, **more}
    )
    session.commit()
    return site.id


def _base_url(client: FlaskClient, path: str) -> str:
    shown = client.get(path).get_data(as_text=True)
    found = re.search(r'<div class="map-layers"><img src="(/maps/base/[^"]+\.svg)"', shown)
    assert found is not None, path
    return found.group(1)


def test_a_site_page_lays_its_marker_over_a_base_map_kept_for_good(
    session: Session, anonymous: FlaskClient
) -> None:
    temple = _site(session, "Temple of Bel", {"latitude": 34.5503, "longitude": 38.2684})
    page = anonymous.get(f"/sites/{temple}").get_data(as_text=True)
    url = _base_url(anonymous, f"/sites/{temple}")

    first, second = anonymous.get(url), anonymous.get(url)
    assert first.status_code == 200 and first.mimetype == "image/svg+xml"
    assert first.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert first.headers["ETag"] and first.headers["ETag"] == second.headers["ETag"]
    assert first.data == second.data
    assert b'fill="#ece6d6"' in first.data  # land
    # The page holds the marker and none of the land.
    assert "<title>Temple of Bel</title></circle>" in page
    assert 'fill="#ece6d6"' not in page
    # A browser that has it asks again only to hear it has not changed.
    again = anonymous.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_neighbouring_sites_share_one_base_map(session: Session, anonymous: FlaskClient) -> None:
    temple = _site(session, "Temple of Bel", {"latitude": 34.5503, "longitude": 38.2684})
    tomb = _site(session, "Tower of Elahbel", {"latitude": 34.5450, "longitude": 38.2560})
    far = _site(session, "Great Mosque of Aleppo", {"latitude": 36.1993, "longitude": 37.1570})

    assert _base_url(anonymous, f"/sites/{temple}") == _base_url(anonymous, f"/sites/{tomb}")
    assert _base_url(anonymous, f"/sites/{temple}") != _base_url(anonymous, f"/sites/{far}")


def test_a_restricted_site_is_never_in_a_base_map(
    session: Session, anonymous: FlaskClient, editor: FlaskClient
) -> None:
    prison = _site(session, "Hidden prison", EXACT_PRISON, restricted=True)
    for reader in (anonymous, editor):
        for path in (f"/sites/{prison}", "/map", "/sites?q=hidden"):
            drawn = reader.get(_base_url(reader, path)).get_data(as_text=True)
            assert "Hidden prison" not in drawn and "<circle" not in drawn, path
    # The editor's page shows the exact point; the public's, the rounded one: the same
    # base map under both, as it holds no marker.
    assert _base_url(anonymous, f"/sites/{prison}") == _base_url(editor, f"/sites/{prison}")


@pytest.mark.parametrize(
    "key",
    [
        "34,30,42,38,320x221",  # a size no page draws
        "35,31,41,38,320x220",  # a view off the grid
        "34.0,30,42,38,320x220",  # the grid's view, spelt otherwise
        "34,30,42,nan,320x220",
        "34,30,42,inf,320x220",
        "42,30,34,38,320x220",  # west of its west
        "Palmyra",
    ],
)
def test_a_base_map_off_the_grid_is_not_drawn(anonymous: FlaskClient, key: str) -> None:
    assert anonymous.get(f"/maps/base/{key}.svg").status_code == 404
