"""The change feed: everything created, changed, published, retracted or deleted."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.blueprint import Blueprint, current_principal, db_session
from api.schemas import ChangeSchema, ChangesQuerySchema
from heritage.services import changes

blp = Blueprint("changes", __name__, description="The change feed, in commit order.")


@blp.route("")
class Changes(MethodView):
    @blp.arguments(ChangesQuerySchema, location="query")
    @blp.response(200, ChangeSchema(many=True))
    @blp.alt_response(410, response="GONE")
    def get(self, query: dict[str, Any]) -> Any:
        """Read changes after a cursor

        In commit order, at most `limit`. Pass the last entry's `cursor` as `since` to
        read on: no change is skipped or repeated. `Link: rel="next"` gives that URL.
        Clients below editor see changes to public records only, and their cursors
        count only those. A cursor from before the database was restored from a backup
        is answered 410: resynchronise from a full export."""
        entries = changes.changes_since(
            db_session(), current_principal(), query.get("since"), query["limit"]
        )
        headers = {}
        if entries:
            headers["Link"] = f'</api/v1/changes?since={entries[-1]["cursor"]}>; rel="next"'
        return entries, 200, headers
