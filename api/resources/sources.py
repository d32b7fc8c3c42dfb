"""Sources: organisations and people who publish or speak."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.blueprint import (
    Blueprint,
    current_principal,
    db_session,
    expected_version,
    page_items,
    version_headers,
)
from api.record_inputs import SourceInputSchema
from api.resources.common import add_revision_routes
from api.schemas import SearchQuerySchema, SourceSchema, SourceUpdateSchema
from heritage.models import Source
from heritage.records import SourceInput
from heritage.services import sources

blp = Blueprint("sources", __name__, description="Organisations and people who publish or speak.")


@blp.route("")
class Sources(MethodView):
    @blp.arguments(SearchQuerySchema, location="query")
    @blp.response(200, SourceSchema(many=True))
    @blp.paginate()
    def get(self, query: dict[str, Any], pagination_parameters: Any) -> list[Source]:
        """List and search sources"""
        page = sources.list_sources(
            db_session(),
            current_principal(),
            q=query.get("q"),
            page=pagination_parameters.page,
            page_size=pagination_parameters.page_size,
        )
        return page_items(page, pagination_parameters)

    @blp.arguments(SourceInputSchema)
    @blp.response(201, SourceSchema)
    def post(self, data: SourceInput) -> Any:
        """Create a source"""
        session = db_session()
        source = sources.create_source(session, current_principal(), data)
        session.commit()
        return source, 201, version_headers(source)


@blp.route("/<int:source_id>")
class SourceById(MethodView):
    @blp.response(200, SourceSchema)
    def get(self, source_id: int) -> Any:
        """Read a source"""
        source = sources.get_source(db_session(), current_principal(), source_id)
        return source, 200, version_headers(source)

    @blp.arguments(SourceUpdateSchema(partial=True))
    @blp.response(200, SourceSchema)
    def patch(self, data: SourceInput, source_id: int) -> Any:
        """Update a source

        Changing its affiliation or the actor it speaks for regrades the events it has
        spoken about."""
        session = db_session()
        source = sources.update_source(
            session, current_principal(), source_id, data, expected_version()
        )
        session.commit()
        return source, 200, version_headers(source)

    @blp.response(204)
    @blp.alt_response(409, response="CONFLICT")
    def delete(self, source_id: int) -> None:
        """Delete a source

        Leaves a tombstone an admin can restore. Refused with 409, naming them in
        `referenced_by`, while an article has it as publisher or syndicated_from, a claim
        as its speaker, or another source as its affiliation. Needs If-Match with the
        source's ETag."""
        session = db_session()
        sources.delete_source(session, current_principal(), source_id, expected_version())
        session.commit()


add_revision_routes(blp, "source", SourceSchema)
