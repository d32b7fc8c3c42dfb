"""The maps' land and borders as cached pictures: one per snapped view, drawn once per
process and kept by the reader's browser for good, so a page carries only its markers.

A page lays its markers (heritage.maps.draw_markers, an inline SVG with the same viewBox)
over an <img> of the base map; the base holds no marker, so it tells nobody where a
restricted site is, and one picture serves every reader of every site in the view."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask import abort, make_response, request, url_for
from werkzeug.wrappers import Response

from api.web import blp
from heritage.maps import (
    LEAST_SPAN,
    Clustering,
    Marker,
    View,
    base_map_key,
    base_map_of_key,
    draw_base_map,
    draw_markers,
    snap_view,
    view_around,
)
from heritage.vocab import Condition

# A base map's address names its view and size, and the atlas is fixed for a release:
# the picture at an address never changes.
FOREVER = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class LayeredMap:
    """What a page shows of a map: the base map's address under the markers' SVG."""

    base_url: str
    markers_svg: str
    width: int
    height: int


def layered_map(
    markers: Sequence[Marker],
    *,
    width: int,
    height: int,
    title: str,
    condition_labels: Mapping[Condition | None, str],
    clustering: Clustering | None = None,
    least_span: float = LEAST_SPAN,
) -> LayeredMap:
    """The markers over the base map of their view (`least_span` degrees across at least),
    snapped to the grid so neighbouring sites share one picture; those that would overlap
    merged by `clustering`, if given."""
    view: View = snap_view(view_around(markers, least_span=least_span))
    return LayeredMap(
        base_url=url_for("web.base_map", key=base_map_key(view, width, height)),
        markers_svg=draw_markers(
            markers,
            view=view,
            width=width,
            height=height,
            title=title,
            condition_labels=condition_labels,
            clustering=clustering,
        ),
        width=width,
        height=height,
    )


@blp.get("/maps/base/<key>.svg")
def base_map(key: str) -> Response:
    try:
        view, width, height = base_map_of_key(key)
    except ValueError:
        abort(404)
    drawn = draw_base_map(view, width, height).encode()
    response = make_response(drawn)
    response.mimetype = "image/svg+xml"
    response.headers["Cache-Control"] = FOREVER
    response.set_etag(hashlib.sha256(drawn).hexdigest()[:32])
    return response.make_conditional(request)
