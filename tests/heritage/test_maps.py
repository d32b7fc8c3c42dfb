"""Maps drawn from the offline atlas (heritage.maps): land where the earth has land, sites
coloured by condition, hostile labels as text, the same bytes for the same sites."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest

from heritage.maps import (
    CONDITION_COLOURS,
    LAND,
    LEAST_SPAN,
    Marker,
    View,
    base_map_key,
    base_map_of_key,
    draw_base_map,
    draw_map,
    draw_markers,
    snap_view,
    view_around,
)
from heritage.vocab import Condition

SVG = "{http://www.w3.org/2000/svg}"
BEL = Marker(38.2684, 34.5503, "Temple of Bel", Condition.DESTROYED, "/sites/1")
ALEPPO_MOSQUE = Marker(37.1570, 36.1993, "Great Mosque of Aleppo", Condition.SEVERELY_DAMAGED)
UMAYYAD = Marker(36.3066, 33.5115, "Umayyad Mosque", Condition.INTACT)
UNKNOWN = Marker(38.2800, 34.5600, "Tadmur prison")
SYRIA = View(32.0, 32.0, 42.5, 37.5)


def polygons(svg: str, fill: str) -> list[list[tuple[float, float]]]:
    """The rings of the path filled with `fill`, as lists of points."""
    root = ElementTree.fromstring(svg)
    [path] = [p for p in root.iter(f"{SVG}path") if p.get("fill") == fill]
    rings = []
    for ring in re.findall(r"M([^MZ]*)Z", path.get("d", "")):
        pairs = (point.split() for point in ring.split("L"))
        rings.append([(float(x), float(y)) for x, y in pairs])
    return rings


def inside(point: tuple[float, float], rings: list[list[tuple[float, float]]]) -> bool:
    """Even-odd rule, as the path is filled: lakes and islands in lakes come out right."""
    x, y = point
    crossings = 0
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                crossings += 1
    return crossings % 2 == 1


def pixel(svg: str) -> tuple[float, float]:
    """Where the map put its one marker, read back from its circle."""
    root = ElementTree.fromstring(svg)
    [circle] = [c for c in root.iter(f"{SVG}circle") if c.find(f"{SVG}title") is not None]
    return float(circle.get("cx", "nan")), float(circle.get("cy", "nan"))


@pytest.mark.parametrize(
    ("longitude", "latitude", "is_land"),
    [
        (38.2684, 34.5503, True),  # Palmyra, in the desert
        (36.2765, 33.5138, True),  # Damascus
        (34.6000, 34.2000, False),  # the sea between Cyprus and Lebanon
        (34.6000, 32.5000, False),  # off Haifa
        (33.3000, 35.1500, True),  # Cyprus, an island
    ],
)
def test_land_is_drawn_where_the_atlas_has_land(
    longitude: float, latitude: float, is_land: bool
) -> None:
    probe = Marker(longitude, latitude, "probe")
    svg = draw_map([probe], view=SYRIA)

    assert inside(pixel(svg), polygons(svg, LAND)) is is_land


def test_each_site_is_coloured_by_its_condition_and_the_legend_counts_them() -> None:
    svg = draw_map(
        [
            BEL,
            ALEPPO_MOSQUE,
            UMAYYAD,
            UNKNOWN,
            Marker(38.26, 34.55, "Baalshamin", Condition.DESTROYED),
        ]
    )
    root = ElementTree.fromstring(svg)

    points = {
        c.findtext(f"{SVG}title"): c.get("fill")
        for c in root.iter(f"{SVG}circle")
        if c.find(f"{SVG}title") is not None
    }
    assert points == {
        "Temple of Bel": CONDITION_COLOURS[Condition.DESTROYED],
        "Baalshamin": CONDITION_COLOURS[Condition.DESTROYED],
        "Great Mosque of Aleppo": CONDITION_COLOURS[Condition.SEVERELY_DAMAGED],
        "Umayyad Mosque": CONDITION_COLOURS[Condition.INTACT],
        "Tadmur prison": CONDITION_COLOURS[None],
    }
    legend = [t.text for t in root.iter(f"{SVG}text")][:-1]  # the attribution last
    assert legend == ["intact (1)", "severely damaged (1)", "destroyed (2)", "unknown (1)"]
    # The worst drawn last, on top of the others where they overlap.
    drawn = [
        c.findtext(f"{SVG}title")
        for c in root.iter(f"{SVG}circle")
        if c.find(f"{SVG}title") is not None
    ]
    assert drawn[-2:] == ["Baalshamin", "Temple of Bel"]


def test_legend_labels_come_from_the_caller_in_the_readers_language() -> None:
    svg = draw_map([BEL], condition_labels={Condition.DESTROYED: "مدمّر"})

    assert "مدمّر (1)" in svg


def test_hostile_labels_and_links_are_text_and_the_map_asks_for_nothing() -> None:
    hostile = Marker(38.27, 34.55, '<script>alert(1)</script>"\u202e', href='javascript:"x"<')
    svg = draw_map([hostile], title="<b>Palmyra</b>")

    root = ElementTree.fromstring(svg)  # well-formed: nothing broke out of its attribute
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    assert root.findtext(f"{SVG}title") == "<b>Palmyra</b>"
    assert [t.text for t in root.iter(f"{SVG}title")] == ["<b>Palmyra</b>", hostile.label]
    # No address outside the document: no tile, font or image to fetch.
    assert re.findall(r"https?://[^\"]*", svg) == ["http://www.w3.org/2000/svg"]


def test_the_same_sites_in_any_order_give_the_same_bytes() -> None:
    sites = [BEL, ALEPPO_MOSQUE, UMAYYAD, UNKNOWN]

    assert draw_map(sites) == draw_map(list(reversed(sites)))


def test_the_view_holds_every_site_and_shows_a_lone_site_in_its_surroundings() -> None:
    lone = view_around([BEL])
    assert lone.east - lone.west == pytest.approx(LEAST_SPAN)
    assert lone.north - lone.south == pytest.approx(LEAST_SPAN)

    spread = view_around([BEL, ALEPPO_MOSQUE, UMAYYAD, Marker(float("nan"), 0.0, "unplaced")])
    assert spread.west < UMAYYAD.longitude < BEL.longitude < spread.east
    assert spread.south < UMAYYAD.latitude < ALEPPO_MOSQUE.latitude < spread.north
    assert view_around([]) == View(-180.0, -60.0, 180.0, 84.0)


def test_a_regional_map_stays_small() -> None:
    svg = draw_map([BEL, ALEPPO_MOSQUE, UMAYYAD], width=900, height=600)

    assert len(svg.encode()) < 60_000


def test_the_base_map_and_its_markers_make_the_whole_map() -> None:
    view = snap_view(view_around([BEL, ALEPPO_MOSQUE]))
    whole = draw_map([BEL, ALEPPO_MOSQUE], view=view, width=320, height=220)
    base = draw_base_map(view, 320, 220)
    markers = draw_markers([BEL, ALEPPO_MOSQUE], view=view, width=320, height=220)

    assert polygons(base, LAND) == polygons(whole, LAND)
    assert "<circle" not in base and "Temple of Bel" not in base
    assert LAND not in markers
    assert re.findall(r"<circle[^>]*>", markers) == re.findall(r"<circle[^>]*>", whole)
    assert base == draw_base_map(view, 320, 220)


def test_a_snapped_view_holds_the_view_and_is_named_by_its_key() -> None:
    view = view_around([BEL])
    snapped = snap_view(view)

    assert snapped.west <= view.west and snapped.east >= view.east
    assert snapped.south <= view.south and snapped.north >= view.north
    assert snap_view(snapped) == snapped
    assert base_map_of_key(base_map_key(snapped, 320, 220)) == (snapped, 320, 220)
    with pytest.raises(ValueError, match="not a base map"):
        base_map_of_key(base_map_key(view, 320, 220))  # off the grid
