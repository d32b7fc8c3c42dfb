"""Claims: what one article says about one event, and who says it."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.blueprint import Blueprint, db_session, page_items
from api.schemas import ClaimInputSchema, ClaimQuerySchema, ClaimSchema, ClaimUpdateSchema
from heritage.models import Claim
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
            event_id=query.get("event"),
            article_id=query.get("article"),
            speaker_id=query.get("speaker"),
            page=pagination_parameters.page,
            page_size=pagination_parameters.page_size,
        )
        return page_items(page, pagination_parameters)

    @blp.arguments(ClaimInputSchema)
    @blp.response(201, ClaimSchema)
    def post(self, data: dict[str, Any]) -> Claim:
        """Create a claim

        When the article has archived text, the quote must stand in it; its offsets
        are found when not given."""
        session = db_session()
        claim = claims.create_claim(session, data)
        session.commit()
        return claim


@blp.route("/<int:claim_id>")
class ClaimById(MethodView):
    @blp.response(200, ClaimSchema)
    def get(self, claim_id: int) -> Claim:
        """Read a claim"""
        return claims.get_claim(db_session(), claim_id)

    @blp.arguments(ClaimUpdateSchema(partial=True))
    @blp.response(200, ClaimSchema)
    def patch(self, data: dict[str, Any], claim_id: int) -> Claim:
        """Update a claim"""
        session = db_session()
        claim = claims.update_claim(session, claim_id, data)
        session.commit()
        return claim

    @blp.response(204)
    def delete(self, claim_id: int) -> None:
        """Delete a claim"""
        session = db_session()
        claims.delete_claim(session, claim_id)
        session.commit()
