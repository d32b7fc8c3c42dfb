"""The GeoJSON export of sites: valid RFC 7946, each site's current control and condition as
its history derives them, restricted points generalised, drafts kept from the public."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM, Principal
from heritage.demo import load_demo
from heritage.interchange import geojson
from heritage.interchange.filters import ExportFilter
from heritage.interchange.geojson import export_sites_geojson
from heritage.models import Site, Source
from heritage.services import sites
from heritage.services.history import site_history
from tests.heritage import builders as b

BEL_EXACT = [38.27393, 34.54738]  # [lon, lat], as the demo stores it


def export(
    session: Session,
    principal: Principal = ANONYMOUS,
    selection: ExportFilter = geojson.EVERYTHING,
    **options: Any,
) -> tuple[str, dict[str, Any]]:
    out = io.StringIO()
    count = export_sites_geojson(session, principal, out, selection, **options)
    document = json.loads(out.getvalue())
    assert count == len(document["features"])
    return out.getvalue(), document


def by_key(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {feature["properties"]["key"]: feature for feature in document["features"]}


def site_id(session: Session, key: str) -> int:
    found = session.scalar(select(Site.id).where(Site.key == key))
    assert found is not None
    return found


@pytest.fixture
def demo(session: Session) -> Session:
    load_demo(session)
    return session


# A schema for what RFC 7946 requires of our output (points or null geometry only).
FEATURE_COLLECTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "features"],
    "not": {"required": ["crs"]},
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["integer", "string"]},
                    "properties": {"type": "object"},
                    "geometry": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["type", "coordinates"],
                                "properties": {
                                    "type": {"const": "Point"},
                                    "coordinates": {
                                        "type": "array",
                                        "minItems": 2,
                                        "maxItems": 2,
                                        "prefixItems": [
                                            {"type": "number", "minimum": -180, "maximum": 180},
                                            {"type": "number", "minimum": -90, "maximum": 90},
                                        ],
                                    },
                                },
                            },
                        ]
                    },
                },
            },
        },
    },
}


def test_the_export_is_a_valid_feature_collection(demo: Session) -> None:
    _, document = export(demo)
    assert document["type"] == "FeatureCollection"
    assert "crs" not in document  # RFC 7946 dropped it: coordinates are WGS 84
    assert len(document["features"]) == len(demo.scalars(select(Site.id)).all()) == 10
    for feature in document["features"]:
        assert feature["type"] == "Feature"
        geometry = feature["geometry"]
        if geometry is not None:
            assert geometry["type"] == "Point"
            longitude, latitude = geometry["coordinates"]
            assert -180 <= longitude <= 180 and -90 <= latitude <= 90
    try:
        import jsonschema
    except ImportError:  # the checks above stand in for it
        return
    jsonschema.validate(document, FEATURE_COLLECTION_SCHEMA)


def test_points_are_longitude_first_and_unlocated_sites_have_null_geometry(
    demo: Session,
) -> None:
    features = by_key(export(demo)[1])
    assert features["temple-of-bel"]["geometry"]["coordinates"] == BEL_EXACT
    assert features["palmyra-museum"]["geometry"] is None
    assert features["palmyra-museum"]["properties"]["location_certainty"] is None


def test_the_temple_of_bel_is_held_by_the_government_and_destroyed(demo: Session) -> None:
    bel = by_key(export(demo)[1])["temple-of-bel"]["properties"]
    assert bel["controlled_by"] == "Syrian government forces"
    assert bel["controlled_since"] == "2016-03-27"  # inherited from the city's recapture
    assert bel["condition"] == "destroyed"
    assert bel["condition_since"] == "2015-08-30"
    assert bel["parent_id"] == site_id(demo, "palmyra")
    assert "معبد بل (ar)" in bel["alt_names"]
    assert bel["designations"] == "world_heritage; world_heritage_in_danger"


def test_every_site_shows_the_state_its_history_ends_in(demo: Session) -> None:
    for key, feature in by_key(export(demo)[1]).items():
        history = site_history(demo, ANONYMOUS, site_id(demo, key))
        open_periods = [period for period in history.control_periods if period.end is None]
        expected_holder = open_periods[-1].actor.name if open_periods else None
        timeline = history.condition_timeline
        condition = timeline[-1].state if timeline else None
        properties = feature["properties"]
        assert properties["controlled_by"] == expected_holder, key
        assert properties["condition"] == condition, key
        last = history.events[-1].date.edtf if history.events else None
        assert properties["last_event_date"] == last, key


@pytest.mark.parametrize("role", [None, "viewer"])
def test_the_public_never_sees_a_restricted_sites_exact_point(
    demo: Session, role: str | None
) -> None:
    principal = b.user(demo, role) if role else ANONYMOUS
    sites.update_site(demo, SYSTEM, site_id(demo, "temple-of-bel"), {"restricted": True})
    text, document = export(demo, principal)
    bel = by_key(document)["temple-of-bel"]
    assert bel["geometry"]["coordinates"] == [38.3, 34.5]
    assert bel["properties"]["generalised"] is True
    assert bel["properties"]["location_certainty"] == "approximate"
    assert "34.54738" not in text and "38.27393" not in text


def test_editors_see_a_restricted_sites_exact_point(demo: Session) -> None:
    sites.update_site(demo, SYSTEM, site_id(demo, "temple-of-bel"), {"restricted": True})
    bel = by_key(export(demo, b.user(demo, "editor"))[1])["temple-of-bel"]
    assert bel["geometry"]["coordinates"] == BEL_EXACT
    assert bel["properties"]["restricted"] is True


def test_draft_events_do_not_move_the_public_map(demo: Session) -> None:
    temple = demo.get_one(Site, site_id(demo, "temple-of-bel"))
    restoration = b.event(demo, temple, "restored", "2019-02", status=None)  # a draft
    b.reported(demo, restoration, demo.scalars(select(Source)).first(), "2019-03-01")
    public = by_key(export(demo)[1])["temple-of-bel"]["properties"]
    assert public["condition"] == "destroyed"
    assert public["events"] == 1
    editor = b.user(demo, "editor")
    assert by_key(export(demo, editor)[1])["temple-of-bel"]["properties"]["condition"] == (
        "destroyed"
    )
    drafts = by_key(export(demo, editor, include_drafts=True)[1])["temple-of-bel"]
    assert drafts["properties"]["condition"] == "restored"
    # The flag is an editor's: the public asking for drafts still gets published data only.
    anonymous = by_key(export(demo, include_drafts=True)[1])["temple-of-bel"]
    assert anonymous["properties"]["condition"] == "destroyed"


def test_a_site_filter_exports_the_site_and_what_lies_inside_it(demo: Session) -> None:
    selection = ExportFilter(site_id=site_id(demo, "valley-of-the-tombs"))
    assert set(by_key(export(demo, selection=selection)[1])) == {
        "valley-of-the-tombs",
        "tower-of-elahbel",
    }


def test_a_date_range_keeps_sites_with_an_event_in_it(demo: Session) -> None:
    import datetime as dt

    selection = ExportFilter(date_from=dt.date(2015, 10, 1), date_to=dt.date(2015, 10, 31))
    keys = set(by_key(export(demo, selection=selection)[1]))
    # The arch fell on 4 October; the booby-trapping and the museum's vandalism span it.
    assert keys == {"monumental-arch", "palmyra", "tadmur", "palmyra-museum"}


@contextmanager
def counted(session: Session) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_queries_grow_with_batches_not_with_sites(
    demo: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(geojson, "BATCH_SIZE", 4)
    with counted(demo) as few:
        export(demo)
    palmyra = demo.get_one(Site, site_id(demo, "palmyra"))
    for index in range(2):  # two more sites fill the last batch of the demo's ten
        b.site(demo, f"Tomb {index}", "tomb", parent=palmyra)
    with counted(demo) as more:
        assert len(export(demo)[1]["features"]) == 12
    assert len(more) == len(few)


def test_sites_that_share_a_citys_captures_and_one_with_its_own_agree_with_their_histories(
    session: Session,
) -> None:
    """The export works out what a city passes down once for all the sites below it; a site
    with a capture of its own still merges it with what it inherits."""
    wire = b.source(session, "Wire")
    isil, army, militia = (
        b.actor(session, "ISIL"),
        b.actor(session, "Army"),
        b.actor(session, "Militia"),
    )
    city = b.site(session, "City")
    quarter = b.site(session, "Old quarter", "settlement", parent=city)
    mosque = b.site(session, "Mosque", "mosque", parent=quarter)
    minaret = b.site(session, "Minaret", "minaret", parent=mosque)
    citadel = b.site(session, "Citadel", "citadel", parent=city)
    for at, date, holder in (
        (city, "2015-05-21", isil),
        (city, "/2016-03-27", army),  # certain only on its last day
        (quarter, "2016-01", militia),
        (citadel, "2016-06-01", isil),
    ):
        b.reported(
            session, b.event(session, at, "captured", date, actors=[(holder, "controller")]), wire
        )
    b.reported(session, b.event(session, minaret, "damaged", "2012-10"), wire)
    features = by_key_name(export(session)[1])
    for site in (city, quarter, mosque, minaret, citadel):
        history = site_history(session, ANONYMOUS, site.id)
        open_periods = [period for period in history.control_periods if period.end is None]
        expected = open_periods[-1].actor.name if open_periods else None
        assert features[site.name]["properties"]["controlled_by"] == expected, site.name
        last = history.events[-1].date.edtf if history.events else None
        assert features[site.name]["properties"]["last_event_date"] == last, site.name
    assert features["Minaret"]["properties"]["controlled_by"] == "Army"
    assert features["Minaret"]["properties"]["condition"] == "damaged"
    assert features["Citadel"]["properties"]["controlled_by"] == "ISIL"


def by_key_name(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {feature["properties"]["name"]: feature for feature in document["features"]}
