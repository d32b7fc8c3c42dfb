"""Claims: what one article says about one event, and who says it."""

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
from api.record_inputs import ClaimInputSchema
from api.resources.common import add_review_routes, add_revision_routes
from api.schemas import ClaimQuerySchema, ClaimSchema, ClaimUpdateSchema
from heritage.models import Claim
from heritage.records import ClaimInput
from heritage.services import claims

blp = Blueprint("claims", __name__, description="Who said what about an event, in which article.")


@blp.route("")
class Claims(MethodView):
    @blp.arguments(ClaimQuerySchema, location="query")
    @blp.response(200, ClaimSchema(many=True))
    @blp.paginate()
    def get(self, query: dict[str, Any], pagination_parameters: Any) -> list[Claim]:
        """List claims, by event, article or speaker"""
        page = claims.list_claims(
            db_session(),
            current_principal(),
            include_drafts=query["include_drafts"],
            event_id=query.get("event"),
            article_id=query.get("article"),
            speaker_id=query.get("speaker"),
            page=pagination_parameters.page,
            page_size=pagination_parameters.page_size,
        )
        return page_items(page, pagination_parameters)

    @blp.arguments(ClaimInputSchema)
    @blp.response(201, ClaimSchema)
    def post(self, data: ClaimInput) -> Any:
        """Create a claim

        It starts as a draft. When the article has archived text, the quote must stand
        in it; its offsets are found when not given."""
        session = db_session()
        claim = claims.create_claim(session, current_principal(), data)
        session.commit()
        return claim, 201, version_headers(claim)


@blp.route("/<int:claim_id>")
class ClaimById(MethodView):
    @blp.response(200, ClaimSchema)
    def get(self, claim_id: int) -> Any:
        """Read a claim"""
        claim = claims.get_claim(db_session(), current_principal(), claim_id)
        return claim, 200, version_headers(claim)

    @blp.arguments(ClaimUpdateSchema(partial=True))
    @blp.response(200, ClaimSchema)
    def patch(self, data: ClaimInput, claim_id: int) -> Any:
        """Update a claim

        Needs If-Match; a published claim changes under a reviewer's hand only."""
        session = db_session()
        claim = claims.update_claim(
            session, current_principal(), claim_id, data, expected_version()
        )
        session.commit()
        return claim, 200, version_headers(claim)

    @blp.response(204)
    def delete(self, claim_id: int) -> None:
        """Delete a claim

        Leaves a tombstone an admin can restore. Needs If-Match."""
        session = db_session()
        claims.delete_claim(session, current_principal(), claim_id, expected_version())
        session.commit()


add_revision_routes(blp, "claim", ClaimSchema)
add_review_routes(blp, Claim, ClaimSchema)
