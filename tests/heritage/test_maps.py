"""Maps drawn from the offline atlas (heritage.maps): land where the earth has land, sites
coloured by condition, hostile labels as text, the same bytes for the same sites, and sites
too close to tell apart merged into numbered clusters that link to exactly those sites."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ElementTree

import pytest

from heritage.maps import (
    CONDITION_COLOURS,
    LAND,
    LEAST_SPAN,
    Bounds,
    Cluster,
    Clustering,
    Marker,
    View,
    base_map_key,
    base_map_of_key,
    cluster_markers,
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


BAALSHAMIN = Marker(38.2699, 34.5534, "Baalshamin", Condition.SEVERELY_DAMAGED, "/sites/2")
PALMYRA = [BEL, BAALSHAMIN, UNKNOWN]  # within 0.02° of each other: a pixel or two apart
IN_WORDS = Clustering(
    label=lambda count, worst: f"{count} sites, the worst {worst or 'unknown'}",
    link=lambda bounds: "/sites?bbox=" + ",".join(repr(edge) for edge in bounds),
)


def _inside(marker: Marker, bounds: Bounds) -> bool:
    west, south, east, north = bounds
    return west <= marker.longitude <= east and south <= marker.latitude <= north


def test_sites_a_pixel_apart_become_one_cluster_of_their_count_and_worst_condition() -> None:
    shown = cluster_markers(
        [*PALMYRA, ALEPPO_MOSQUE, UMAYYAD], view=SYRIA, width=640, height=420, cell=24
    )

    [palmyra] = [item for item in shown if isinstance(item, Cluster)]
    assert palmyra.count == 3
    assert palmyra.condition is Condition.DESTROYED  # the worst of the three
    assert palmyra.bounds == (38.2684, 34.5503, 38.28, 34.56)
    assert palmyra.longitude == pytest.approx((38.2684 + 38.2699 + 38.28) / 3)
    assert palmyra.latitude == pytest.approx((34.5503 + 34.5534 + 34.56) / 3)
    # Sites far apart keep their own markers, links and names.
    assert {item for item in shown if isinstance(item, Marker)} == {ALEPPO_MOSQUE, UMAYYAD}


def test_a_cluster_is_a_link_named_in_words_with_its_count_drawn_over_it() -> None:
    svg = draw_markers(
        [*PALMYRA, ALEPPO_MOSQUE], view=SYRIA, width=640, height=420, clustering=IN_WORDS
    )
    root = ElementTree.fromstring(svg)

    assert root.get("role") == "group"  # of links: a picture holds no control
    links = {a.get("href"): a.findtext(f"{SVG}circle/{SVG}title") for a in root.iter(f"{SVG}a")}
    assert links == {"/sites?bbox=38.2684,34.5503,38.28,34.56": "3 sites, the worst destroyed"}
    [cluster] = [a.find(f"{SVG}circle") for a in root.iter(f"{SVG}a")]
    assert cluster is not None and cluster.get("fill") == CONDITION_COLOURS[Condition.DESTROYED]
    # Its count is written on it, hidden from screen readers (the link's name says it) and
    # letting clicks through to the link.
    [count] = [t for t in root.iter(f"{SVG}text") if t.text == "3"]
    assert (count.get("x"), float(count.get("y", "nan"))) == (
        cluster.get("cx"),
        pytest.approx(float(cluster.get("cy", "nan")) + 3.2),
    )
    [counts] = [g for g in root.iter(f"{SVG}g") if count in list(g)]
    assert counts.get("aria-hidden") == "true" and counts.get("pointer-events") == "none"
    # The legend still counts sites, not clusters.
    legend = [t.text for t in root.iter(f"{SVG}text") if t is not count]
    assert legend == [
        "severely damaged (2)",
        "destroyed (1)",
        "unknown (1)",
    ]


def test_every_cluster_count_is_readable_on_its_colour() -> None:
    """WCAG's 4.5:1 for small text, for the count on each condition's colour."""
    for condition in CONDITION_COLOURS:
        members = [Marker(38.27, 34.55, "a", condition), Marker(38.27, 34.55, "b", condition)]
        svg = draw_markers(members, view=SYRIA, width=640, height=420, clustering=IN_WORDS)
        root = ElementTree.fromstring(svg)
        [counts] = [g for g in root.iter(f"{SVG}g") if g.get("aria-hidden") == "true"]
        [count] = list(counts)
        ink = count.get("fill") or counts.get("fill")
        assert ink is not None
        assert _contrast(ink, CONDITION_COLOURS[condition]) >= 4.5, condition


def _contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        digits = colour[1:] if len(colour) == 7 else "".join(2 * d for d in colour[1:])
        channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_a_clusters_box_holds_exactly_the_sites_it_counts() -> None:
    """So the list its link opens finds the sites counted, no more and no fewer: sites
    strewn over a region, some on the very same point."""
    draw = random.Random(17)
    strewn = [
        Marker(draw.uniform(35.0, 42.0), draw.uniform(32.0, 37.0), f"site {n}") for n in range(1500)
    ]
    strewn += [Marker(38.3, 34.4, f"generalised {n}") for n in range(3)]
    view = snap_view(view_around(strewn))

    shown = cluster_markers(strewn, view=view, width=960, height=600, cell=24)

    clusters = [item for item in shown if isinstance(item, Cluster)]
    singles = [item for item in shown if isinstance(item, Marker)]
    assert clusters and singles
    assert sum(c.count for c in clusters) + len(singles) == len(strewn)
    for cluster in clusters:
        assert sum(_inside(marker, cluster.bounds) for marker in strewn) == cluster.count
    # Sites on one point are never split.
    [together] = [c for c in clusters if _inside(Marker(38.3, 34.4, ""), c.bounds)]
    assert together.count >= 3


def test_clusters_are_the_same_whatever_the_order_of_the_sites() -> None:
    draw = random.Random(3)
    strewn = [Marker(draw.uniform(36, 40), draw.uniform(33, 36), f"s{n}") for n in range(300)]
    shuffled = strewn[:]
    draw.shuffle(shuffled)

    assert draw_map(strewn, clustering=IN_WORDS) == draw_map(shuffled, clustering=IN_WORDS)


def test_cluster_names_and_links_are_text() -> None:
    hostile = Clustering(
        label=lambda count, worst: f"<script>alert({count})</script>",
        link=lambda bounds: 'javascript:"x"<&',
    )
    svg = draw_map(PALMYRA, view=SYRIA, clustering=hostile)

    root = ElementTree.fromstring(svg)
    assert not list(root.iter(f"{SVG}script"))
    [link] = list(root.iter(f"{SVG}a"))
    assert link.get("href") == 'javascript:"x"<&'
    assert link.findtext(f"{SVG}circle/{SVG}title") == "<script>alert(3)</script>"


def test_a_map_without_clustering_draws_every_site() -> None:
    svg = draw_map(PALMYRA, view=SYRIA)

    titles = [t.text for t in ElementTree.fromstring(svg).iter(f"{SVG}title")]
    assert sorted(titles) == ["Baalshamin", "Tadmur prison", "Temple of Bel"]


def test_a_map_without_links_is_a_picture() -> None:
    assert ElementTree.fromstring(draw_map([UMAYYAD, UNKNOWN])).get("role") == "img"


def test_a_close_view_snaps_to_a_fine_grid_that_reads_back_from_its_key() -> None:
    """A search's map of a box a few hundred metres across, anywhere on the earth."""
    draw = random.Random(5)
    for _ in range(200):
        longitude, latitude = draw.uniform(-179, 179), draw.uniform(-80, 80)
        close = view_around([Marker(longitude, latitude, "")], least_span=0.02)
        snapped = snap_view(close)

        assert snapped.east - snapped.west < 0.1 and snapped.north - snapped.south < 0.1
        assert snapped.west <= longitude <= snapped.east
        assert snapped.south <= latitude <= snapped.north
        assert base_map_of_key(base_map_key(snapped, 720, 420)) == (snapped, 720, 420)
