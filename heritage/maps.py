"""Maps drawn as SVG from the offline atlas (heritage/atlas: Natural Earth's land and
borders): sites as points coloured by their condition, for pages and reports. No tile server,
no script, no request; the same markers give the same bytes, so an issued report is
reproducible. Markers that would overlap at the drawn size can be merged into numbered
clusters (Clustering), so a map of thousands of sites stays readable and light."""

from __future__ import annotations

import functools
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Any

from heritage.vocab import Condition

# The colour of each condition, from intact to destroyed (ColorBrewer RdYlGn, reversed, with
# its darkest red for destroyed): ordered so that worse reads as darker and warmer, and
# readable by most colour-blind readers as a lightness ramp. Grey: no condition known.
CONDITION_COLOURS: dict[Condition | None, str] = {
    Condition.INTACT: "#1a9850",
    Condition.RESTORED: "#66bd63",
    Condition.POSSIBLY_DAMAGED: "#fee08b",
    Condition.DAMAGED: "#fdae61",
    Condition.MODERATELY_DAMAGED: "#f46d43",
    Condition.SEVERELY_DAMAGED: "#d73027",
    Condition.DESTROYED: "#67001f",
    None: "#8c8c8c",
}
# Drawn last, so on top where points overlap: the worst news stays visible.
_DRAWING_ORDER = {condition: rank for rank, condition in enumerate(CONDITION_COLOURS)}
_DRAWING_ORDER[None] = -1

LAND = "#ece6d6"
SEA = "#dfeaf2"
BORDER = "#9a9080"
# A view spans at least this many degrees, so one site alone still shows its surroundings.
LEAST_SPAN = 6.0
# A marker's radius in pixels; a cluster's grows with the digits of its count.
MARKER_RADIUS = 5

# (west, south, east, north) in degrees.
Bounds = tuple[float, float, float, float]


@dataclass(frozen=True)
class Marker:
    """One site on a map. `label` is shown as the point's tooltip; `href` links it."""

    longitude: float
    latitude: float
    label: str
    condition: Condition | None = None
    href: str | None = None


@dataclass(frozen=True)
class View:
    """The part of the earth a map shows, in degrees."""

    west: float
    south: float
    east: float
    north: float


WORLD = View(-180.0, -60.0, 180.0, 84.0)


@dataclass(frozen=True)
class Cluster:
    """Markers drawn as one because they would overlap: `count` of them, drawn at the mean
    of their points in the colour of the worst `condition` among them, their points all
    inside `bounds`. Everything about it comes from the markers' points, so it shows no
    more than they do."""

    longitude: float
    latitude: float
    count: int
    condition: Condition | None
    bounds: Bounds


@dataclass(frozen=True)
class Clustering:
    """How a map merges markers that would overlap: those whose points fall in the same
    square of `cell` pixels (a grid over the drawn map) become one Cluster, named by
    `label(count, worst condition)` (in the reader's language) and linked to
    `link(bounds)` when given, an address that shows the cluster's sites closer."""

    label: Callable[[int, Condition | None], str]
    link: Callable[[Bounds], str] | None = None
    cell: float = 24.0


def view_around(
    markers: Iterable[Marker], *, margin: float = 0.15, least_span: float = LEAST_SPAN
) -> View:
    """The smallest view holding every marker, widened by `margin` of its span on each side
    and to `least_span` degrees at least; the whole world when there is no marker."""
    longitudes = [m.longitude for m in markers if _placed(m)]
    latitudes = [m.latitude for m in markers if _placed(m)]
    if not longitudes:
        return WORLD
    west, east = _widened(min(longitudes), max(longitudes), margin, least_span, -180.0, 180.0)
    south, north = _widened(min(latitudes), max(latitudes), margin, least_span, -85.0, 85.0)
    return View(west, south, east, north)


def draw_map(
    markers: Sequence[Marker],
    *,
    width: int = 640,
    height: int = 420,
    view: View | None = None,
    title: str = "",
    condition_labels: Mapping[Condition | None, str] | None = None,
    clustering: Clustering | None = None,
    legend: bool = True,
) -> str:
    """The map as one SVG document: land, borders, the markers coloured by condition (those
    that would overlap merged by `clustering`, when given), and a legend counting the
    sites of each condition shown (`condition_labels` names them, in the reader's
    language; by default their codes in words). For reports; pages draw the same map in two
    layers (draw_base_map, cached, under draw_markers). `legend=False` leaves the legend
    out, for a PDF that gives it as text beside the map (WeasyPrint draws an SVG's text a
    letter at a time, which breaks Arabic's joined letters)."""
    view = view or view_around(markers)
    layer = _markers_layer(markers, view, width, height, condition_labels, clustering, legend)
    return "".join(
        [
            _svg_open(width, height, _links(layer)),
            f"<title>{escape(title)}</title>" if title else "",
            _base_layer(view, width, height),
            layer,
            _credit(width, height),
            "</svg>",
        ]
    )


def draw_base_map(view: View, width: int, height: int) -> str:
    """The map's land, borders and the atlas's credit, with no marker: the same for every
    site in the view, so pages serve it once as a cached picture (see snap_view)."""
    return _cached_base_map(view, width, height)


def draw_markers(
    markers: Sequence[Marker],
    *,
    view: View,
    width: int,
    height: int,
    title: str = "",
    condition_labels: Mapping[Condition | None, str] | None = None,
    clustering: Clustering | None = None,
) -> str:
    """The markers and their legend alone, transparent, with the viewBox of
    draw_base_map(view, width, height): laid over it, each point falls where draw_map
    puts it."""
    layer = _markers_layer(markers, view, width, height, condition_labels, clustering)
    return "".join(
        [
            _svg_open(width, height, _links(layer)),
            f"<title>{escape(title)}</title>" if title else "",
            layer,
            "</svg>",
        ]
    )


# The grid views are snapped to, coarser as they grow: a view of span s snaps to the first
# step at least s / 4 degrees, so neighbouring sites share one base map while a view grows
# by at most one step on each side. The steps below a degree are powers of two, so the
# grid's edges are exact binary fractions that read back unchanged from their key.
_GRID_STEPS = (
    1 / 128,
    1 / 64,
    1 / 32,
    1 / 16,
    0.125,
    0.25,
    0.5,
    1.0,
    2.0,
    5.0,
    10.0,
    20.0,
    45.0,
    90.0,
)
_BASE_SIZES = ((320, 220), (720, 420), (960, 600), (640, 420))


def snap_view(view: View) -> View:
    """`view` widened outwards to the grid, within the world's edges (the whole world
    stays as it is)."""
    if view == WORLD:
        return view
    span = max(view.east - view.west, view.north - view.south)
    step = next((s for s in _GRID_STEPS if s >= span / 4), _GRID_STEPS[-1])
    return View(
        max(math.floor(view.west / step) * step, -180.0),
        max(math.floor(view.south / step) * step, -90.0),
        min(math.ceil(view.east / step) * step, 180.0),
        min(math.ceil(view.north / step) * step, 90.0),
    )


def base_map_key(view: View, width: int, height: int) -> str:
    """A name for a snapped view drawn at width x height, as it goes into an address:
    `west,south,east,north,WIDTHxHEIGHT`."""
    edges = (view.west, view.south, view.east, view.north)
    return ",".join(f"{edge:.12g}" for edge in edges) + f",{width}x{height}"


def base_map_of_key(key: str) -> tuple[View, int, int]:
    """The view and size a base_map_key names. ValueError for any other text, and for a
    view off the grid or a size pages do not draw: so the base maps a process can be asked
    to draw, and cache, are few."""
    try:
        *edges, size = key.split(",")
        west, south, east, north = (float(edge) for edge in edges)
        width, height = (int(side) for side in size.split("x"))
    except ValueError:
        raise ValueError(f"not a base map: {key!r}") from None
    view = View(west, south, east, north)
    if not all(math.isfinite(edge) for edge in (west, south, east, north)):
        raise ValueError(f"not a base map: {key!r}")
    if (width, height) not in _BASE_SIZES or not west < east or not south < north:
        raise ValueError(f"not a base map: {key!r}")
    if snap_view(view) != view or base_map_key(view, width, height) != key:
        raise ValueError(f"not a base map: {key!r}")
    return view, width, height


@functools.lru_cache(maxsize=256)
def _cached_base_map(view: View, width: int, height: int) -> str:
    return "".join(
        [
            _svg_open(width, height),
            _base_layer(view, width, height),
            _credit(width, height),
            "</svg>",
        ]
    )


def _svg_open(width: int, height: int, links: bool = False) -> str:
    """A map is a picture to assistive technology, unless its points are links: then a
    group of them (a picture holds no control: axe's nested-interactive)."""
    role = "group" if links else "img"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="{role}" class="site-map">'
    )


def _links(layer: str) -> bool:
    return "<a href=" in layer


def _base_layer(view: View, width: int, height: int) -> str:
    projection = _Projection(view, width, height)
    return "".join(
        [
            f'<rect width="{width}" height="{height}" fill="{SEA}"/>',
            f'<path d="{_land_path(projection)}" fill="{LAND}" stroke="none"/>',
            f'<path d="{_borders_path(projection)}" fill="none" stroke="{BORDER}" '
            'stroke-width="0.8" stroke-dasharray="3 2"/>',
        ]
    )


def _credit(width: int, height: int) -> str:
    return (
        f'<text x="{width - 4}" y="{height - 4}" font-size="9" fill="#555" '
        'text-anchor="end">Natural Earth</text>'
    )


def _markers_layer(
    markers: Sequence[Marker],
    view: View,
    width: int,
    height: int,
    condition_labels: Mapping[Condition | None, str] | None,
    clustering: Clustering | None = None,
    legend: bool = True,
) -> str:
    projection = _Projection(view, width, height)
    shown: Sequence[Marker | Cluster] = markers
    if clustering is not None:
        shown = cluster_markers(
            markers, view=view, width=width, height=height, cell=clustering.cell
        )
    return "".join(
        [
            _marker_elements(shown, projection, clustering),
            _legend(markers, height, condition_labels or {}) if legend else "",
        ]
    )


def cluster_markers(
    markers: Sequence[Marker], *, view: View, width: int, height: int, cell: float
) -> list[Marker | Cluster]:
    """The markers as a map of `view` drawn at width x height shows them: alone in their
    square of a `cell`-pixel grid, a marker stays itself; two or more in one square become a
    Cluster. Unplaced markers are left out. A grid rather than distances between points
    (as Leaflet.markercluster and Supercluster measure): squares do not overlap, so the
    box of a cluster's points holds no point of another, and an address showing the box
    lists exactly the sites counted, whatever the order the markers came in."""
    projection = _Projection(view, width, height)
    squares: defaultdict[tuple[int, int], list[Marker]] = defaultdict(list)
    for marker in sorted(filter(_placed, markers), key=_marker_order):
        x, y = projection.point(marker.longitude, marker.latitude)
        squares[(math.floor(x / cell), math.floor(y / cell))].append(marker)
    shown: list[Marker | Cluster] = []
    for square in sorted(squares):
        members = squares[square]
        if len(members) == 1:
            shown.append(members[0])
            continue
        longitudes = [m.longitude for m in members]
        latitudes = [m.latitude for m in members]
        shown.append(
            Cluster(
                longitude=math.fsum(longitudes) / len(members),
                latitude=math.fsum(latitudes) / len(members),
                count=len(members),
                condition=max((m.condition for m in members), key=_DRAWING_ORDER.__getitem__),
                bounds=(min(longitudes), min(latitudes), max(longitudes), max(latitudes)),
            )
        )
    return shown


class _Projection:
    """Equirectangular, its east-west scale that of the view's middle latitude, fitted into
    width x height and centred: faithful enough for the region of a conflict."""

    def __init__(self, view: View, width: int, height: int) -> None:
        self.view = view
        self.width, self.height = width, height
        self.aspect = math.cos(math.radians((view.south + view.north) / 2))
        span_x = max((view.east - view.west) * self.aspect, 1e-9)
        span_y = max(view.north - view.south, 1e-9)
        self.scale = min(width / span_x, height / span_y)
        self.offset_x = (width - span_x * self.scale) / 2
        self.offset_y = (height - span_y * self.scale) / 2

    def point(self, longitude: float, latitude: float) -> tuple[float, float]:
        x = self.offset_x + (longitude - self.view.west) * self.aspect * self.scale
        y = self.offset_y + (self.view.north - latitude) * self.scale
        return x, y

    def sees(self, bounds: tuple[float, float, float, float]) -> bool:
        """Whether a box of (west, south, east, north) may show in this view."""
        west, south, east, north = bounds
        x0, y0 = self.point(west, north)
        x1, y1 = self.point(east, south)
        return x1 >= 0 and x0 <= self.width and y1 >= 0 and y0 <= self.height


# Where lines are clipped: a little beyond the picture, so no clipped edge shows.
_PAD = 4.0
# The smallest step a line keeps, in pixels.
_DETAIL = 1.0


def _land_path(projection: _Projection) -> str:
    rings = []
    for ring, bounds in _atlas().land_rings:
        if not projection.sees(bounds):
            continue
        clipped = _clip_ring([projection.point(*p) for p in ring], projection)
        if len(clipped) >= 3:
            rings.append("M" + _coordinates(clipped) + "Z")
    return "".join(rings)


def _borders_path(projection: _Projection) -> str:
    lines = []
    for line, bounds in _atlas().borders:
        if not projection.sees(bounds):
            continue
        for run in _runs_inside([projection.point(*p) for p in line], projection):
            if len(run) >= 2:
                lines.append("M" + _coordinates(run))
    return "".join(lines)


def _marker_elements(
    shown: Sequence[Marker | Cluster], projection: _Projection, clustering: Clustering | None
) -> str:
    """The points, worst condition drawn last, then the clusters' counts over them (hidden
    from screen readers, which read each cluster's name, and letting clicks through to
    its link)."""
    points: list[str] = []
    counts: list[str] = []
    for item in sorted(shown, key=_shown_order):
        if isinstance(item, Marker):
            if not _placed(item):
                continue
            x, y = projection.point(item.longitude, item.latitude)
            element = _circle(x, y, MARKER_RADIUS, item.condition, item.label)
            href = item.href
        else:
            assert clustering is not None
            x, y = projection.point(item.longitude, item.latitude)
            digits = len(str(item.count))
            label = clustering.label(item.count, item.condition)
            element = _circle(x, y, MARKER_RADIUS + 1 + 2 * digits, item.condition, label)
            href = clustering.link(item.bounds) if clustering.link else None
            # The counts' group writes in light ink; a light colour asks for dark.
            ink = "" if _COUNT_INK[item.condition] == _LIGHT_INK else f' fill="{_DARK_INK}"'
            counts.append(f'<text x="{x:.1f}" y="{y + 3.2:.1f}"{ink}>{item.count}</text>')
        points.append(f'<a href="{escape(href)}">{element}</a>' if href else element)
    if not points:
        return ""
    drawn = f'<g stroke="#fff" stroke-width="1.2">{"".join(points)}</g>'
    if counts:
        drawn += (
            f'<g font-size="9" font-family="sans-serif" text-anchor="middle"'
            f' fill="{_LIGHT_INK}" pointer-events="none" aria-hidden="true">'
            f"{''.join(counts)}</g>"
        )
    return drawn


def _circle(x: float, y: float, radius: int, condition: Condition | None, label: str) -> str:
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{CONDITION_COLOURS[condition]}">'
        f"<title>{escape(label)}</title></circle>"
    )


def _marker_order(marker: Marker) -> tuple[int, str, float, float]:
    return (_DRAWING_ORDER[marker.condition], marker.label, marker.longitude, marker.latitude)


def _shown_order(item: Marker | Cluster) -> tuple[int, int, str, float, float]:
    """Worse conditions later, so on top; of one condition, clusters over single sites."""
    if isinstance(item, Marker):
        return (_DRAWING_ORDER[item.condition], 0, item.label, item.longitude, item.latitude)
    return (_DRAWING_ORDER[item.condition], 1, "", item.longitude, item.latitude)


def _relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a #rrggbb or #rgb colour."""
    if len(colour) == 4:
        colour = "#" + "".join(2 * digit for digit in colour[1:])
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    lighter, darker = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


_LIGHT_INK, _DARK_INK = "#fff", "#000"
# A cluster's count in whichever of white or near-black reads better on its colour.
_COUNT_INK = {
    condition: max((_LIGHT_INK, _DARK_INK), key=lambda ink: _contrast(ink, colour))
    for condition, colour in CONDITION_COLOURS.items()
}


def _legend(markers: Sequence[Marker], height: int, labels: Mapping[Condition | None, str]) -> str:
    shown = Counter(m.condition for m in markers if _placed(m))
    rows = [c for c in CONDITION_COLOURS if c in shown]
    if not rows:
        return ""
    line = 16
    top = height - 8 - line * len(rows)
    items = [
        f'<rect x="4" y="{top - 6}" width="170" height="{line * len(rows) + 8}" '
        'fill="#fff" fill-opacity="0.85" rx="3"/>'
    ]
    for index, condition in enumerate(rows):
        y = top + index * line + 6
        label = labels.get(condition) or (condition.replace("_", " ") if condition else "unknown")
        items.append(
            f'<circle cx="14" cy="{y}" r="5" fill="{CONDITION_COLOURS[condition]}"/>'
            f'<text x="24" y="{y + 4}" font-size="11" fill="#222">'
            f"{escape(label)} ({shown[condition]})</text>"
        )
    return f'<g class="legend">{"".join(items)}</g>'


def _coordinates(points: Sequence[tuple[float, float]]) -> str:
    """Points to one decimal, dropping each within a pixel of the last one kept: the
    atlas's detail that no reader could see (a world map keeps a thirtieth of it)."""
    kept: list[tuple[float, float]] = []
    for x, y in points:
        if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= _DETAIL:
            kept.append((x, y))
    return "L".join(f"{x:.1f} {y:.1f}" for x, y in kept)


def _clip_ring(
    points: list[tuple[float, float]], projection: _Projection
) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against the padded picture: the ring's part that can show, still
    a closed ring (edges along the border fall outside the picture)."""
    for axis, limit, keep_above in (
        (0, -_PAD, True),
        (0, projection.width + _PAD, False),
        (1, -_PAD, True),
        (1, projection.height + _PAD, False),
    ):
        points = _clip_half(points, axis, limit, keep_above)
    return points


def _clip_half(
    points: list[tuple[float, float]], axis: int, limit: float, keep_above: bool
) -> list[tuple[float, float]]:
    """The ring's part on one side of the line where coordinate `axis` is `limit`."""

    def inside(point: tuple[float, float]) -> bool:
        return point[axis] >= limit if keep_above else point[axis] <= limit

    def crossing(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
        share = (limit - a[axis]) / (b[axis] - a[axis])
        other = 1 - axis
        moved = a[other] + share * (b[other] - a[other])
        return (limit, moved) if axis == 0 else (moved, limit)

    clipped: list[tuple[float, float]] = []
    previous = points[-1] if points else (0.0, 0.0)
    for current in points:
        if inside(current):
            if not inside(previous):
                clipped.append(crossing(previous, current))
            clipped.append(current)
        elif inside(previous):
            clipped.append(crossing(previous, current))
        previous = current
    return clipped


def _runs_inside(
    points: list[tuple[float, float]], projection: _Projection
) -> list[list[tuple[float, float]]]:
    """The stretches of a line inside the padded picture, each with its first point beyond."""

    def inside(p: tuple[float, float]) -> bool:
        return (
            -_PAD <= p[0] <= projection.width + _PAD and -_PAD <= p[1] <= projection.height + _PAD
        )

    runs: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for index, point in enumerate(points):
        if inside(point):
            if not current and index > 0:
                current.append(points[index - 1])
            current.append(point)
        elif current:
            current.append(point)
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _placed(marker: Marker) -> bool:
    return math.isfinite(marker.longitude) and math.isfinite(marker.latitude)


def _widened(
    low: float, high: float, margin: float, least_span: float, floor: float, ceiling: float
) -> tuple[float, float]:
    pad = max((high - low) * margin, (least_span - (high - low)) / 2, 0.0)
    return max(low - pad, floor), min(high + pad, ceiling)


Line = list[tuple[float, float]]


@dataclass(frozen=True)
class _Atlas:
    land_rings: list[tuple[Line, Bounds]]
    # Arcs shared by two countries: the borders (coasts are the land's outline).
    borders: list[tuple[Line, Bounds]]


@functools.cache
def _atlas() -> _Atlas:
    """The atlas's TopoJSON decoded once per process (TopoJSON specification 1.0: arcs
    quantised and delta-encoded; a negative index ~i is arc i reversed)."""
    topology = json.loads(
        resources.files("heritage").joinpath("atlas/countries-50m.json").read_bytes()
    )
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs: list[Line] = []
    for encoded in topology["arcs"]:
        x = y = 0
        arc = []
        for dx, dy in encoded:
            x += dx
            y += dy
            arc.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(arc)

    def ring_of(indices: list[int]) -> Line:
        ring: Line = []
        for index in indices:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            ring.extend(arc if not ring else arc[1:])
        return ring

    land_rings = [
        (ring, _bounds(ring))
        for geometry in topology["objects"]["land"]["geometries"]
        for polygon in _polygons(geometry)
        for ring in (ring_of(indices) for indices in polygon)
    ]
    used_by: Counter[int] = Counter()
    for geometry in topology["objects"]["countries"]["geometries"]:
        for arc_index in {
            index if index >= 0 else ~index
            for polygon in _polygons(geometry)
            for indices in polygon
            for index in indices
        }:
            used_by[arc_index] += 1
    borders = [
        (arcs[index], _bounds(arcs[index])) for index, count in sorted(used_by.items()) if count > 1
    ]
    return _Atlas(land_rings, borders)


def _polygons(geometry: Mapping[str, Any]) -> list[list[list[int]]]:
    """A geometry's polygons, each a list of rings of arc indices."""
    arcs: list[Any] = geometry.get("arcs") or []
    if geometry["type"] == "Polygon":
        return [arcs]
    if geometry["type"] == "MultiPolygon":
        return arcs
    return []


def _bounds(line: Line) -> Bounds:
    longitudes = [p[0] for p in line]
    latitudes = [p[1] for p in line]
    return min(longitudes), min(latitudes), max(longitudes), max(latitudes)
