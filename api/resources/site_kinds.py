"""The site-kind vocabulary: read by anyone, extended by admins."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.blueprint import Blueprint, current_principal, db_session
from api.schemas import SiteKindSchema
from heritage.models import SiteKind
from heritage.services import site_kinds

blp = Blueprint(
    "site-kinds", __name__, description="The kinds a site may have, which admins extend."
)


@blp.route("")
class SiteKinds(MethodView):
    @blp.response(200, SiteKindSchema(many=True))
    def get(self) -> list[SiteKind]:
        """List the site kinds

        Each with its English and Arabic labels and its broader term; the seed follows the
        top-level classes of Historic England's Monument Types Thesaurus."""
        return site_kinds.list_site_kinds(db_session())

    @blp.arguments(SiteKindSchema)
    @blp.response(201, SiteKindSchema)
    def post(self, data: dict[str, Any]) -> SiteKind:
        """Add a site kind (admins)

        Sites, imports and forms accept it at once, with no migration."""
        session = db_session()
        kind = site_kinds.create_site_kind(session, current_principal(), data)
        session.commit()
        return kind
