"""Sites: search, create, read, update, delete, and each site's history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, request
from flask.views import MethodView

from api.blueprint import (
    Blueprint,
    current_principal,
    db_session,
    expected_version,
    page_items,
    validated_by_data,
    version_headers,
)
from api.record_inputs import SiteInputSchema
from api.resources.common import add_revision_routes
from api.schemas import (
    HistoryQuerySchema,
    HistorySchema,
    SiteQuerySchema,
    SiteSchema,
    SiteUpdateSchema,
    history_json,
)
from heritage.models import Site
from heritage.records import SiteInput
from heritage.services import history, sites

blp = Blueprint("sites", __name__, description="Heritage sites, their hierarchy and history.")


def _site_response(site: Site, status: int = 200) -> tuple[Site, int, dict[str, str]]:
    return site, status, version_headers(site)


@blp.route("")
class Sites(MethodView):
    @blp.arguments(SiteQuerySchema, location="query")
    @blp.response(200, SiteSchema(many=True))
    @blp.paginate()
    def get(self, query: dict[str, Any], pagination_parameters: Any) -> list[Site]:
        """List and search sites

        `q` matches any name or alias of a site, whatever the case, accents or Arabic
        spelling variants; `bbox` keeps sites whose point lies inside the box (for
        restricted sites, below editor, the generalised point)."""
        bbox = sites.parse_bbox(query["bbox"]) if "bbox" in query else None
        page = sites.list_sites(
            db_session(),
            current_principal(),
            q=query.get("q"),
            kind=query.get("kind"),
            parent_id=query.get("parent"),
            bbox=bbox,
            page=pagination_parameters.page,
            page_size=pagination_parameters.page_size,
        )
        return page_items(page, pagination_parameters)

    @blp.arguments(SiteInputSchema)
    @blp.response(201, SiteSchema)
    def post(self, data: SiteInput) -> Any:
        """Create a site"""
        session = db_session()
        site = sites.create_site(session, current_principal(), data)
        session.commit()
        return _site_response(site, 201)


@blp.route("/<int:site_id>")
class SiteById(MethodView):
    @blp.response(200, SiteSchema)
    def get(self, site_id: int) -> Any:
        """Read a site"""
        return _site_response(sites.get_site(db_session(), current_principal(), site_id))

    @blp.arguments(SiteUpdateSchema(partial=True))
    @blp.response(200, SiteSchema)
    def patch(self, data: SiteInput, site_id: int) -> Any:
        """Update a site

        Only the fields sent change; a list sent (names, identifiers, designations)
        replaces the stored one. Needs If-Match with the site's ETag."""
        session = db_session()
        site = sites.update_site(session, current_principal(), site_id, data, expected_version())
        session.commit()
        return _site_response(site)

    @blp.response(204)
    @blp.alt_response(409, response="CONFLICT")
    def delete(self, site_id: int) -> None:
        """Delete a site

        Leaves a tombstone an admin can restore. Refused with 409, naming them in
        `referenced_by`, while events refer to it or other sites lie inside it. Needs
        If-Match with the site's ETag."""
        session = db_session()
        sites.delete_site(session, current_principal(), site_id, expected_version())
        session.commit()


def history_shown(arguments: Mapping[str, Any]) -> int | None:
    """The site whose history mark validates a history request: with `include` it shows
    other sites' events too, which only the whole database's mark follows."""
    return None if "include" in request.args else int(arguments["site_id"])


@blp.route("/<int:site_id>/history")
class SiteHistory(MethodView):
    @validated_by_data("site-history", mark=history_shown)
    # An instance, not the class: webargs would build a schema per request.
    @blp.arguments(HistoryQuerySchema(), location="query")
    @blp.response(200, HistorySchema)
    def get(self, query: dict[str, Any], site_id: int) -> Response:
        """Read a site's history

        Its own events and its ancestors' control events (marked inherited), in date
        order, each with actors, grade, contradiction flags and claims; the control
        periods and condition timeline derived from them. Published records only,
        unless an editor asks for drafts. Its ETag changes with any change to the data
        this history can show the reader (below editor: to published data only), and
        not with changes to other sites': If-None-Match with it costs one small read
        while nothing it shows changed."""
        site_history = history.site_history(
            db_session(),
            current_principal(),
            site_id,
            at=query.get("at"),
            known_at=query.get("known_at"),
            include_descendants=query.get("include") == "descendants",
            include_drafts=query["include_drafts"],
        )
        return Response(history_json(site_history), mimetype="application/json")


add_revision_routes(blp, "site", SiteSchema)
