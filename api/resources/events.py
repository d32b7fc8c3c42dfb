"""Events: what happened at which sites, when, and who took part."""

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
from api.record_inputs import EventInputSchema
from api.resources.common import add_review_routes, add_revision_routes
from api.schemas import EventQuerySchema, EventSchema, EventUpdateSchema
from heritage.models import Event
from heritage.records import EventInput
from heritage.services import events

blp = Blueprint("events", __name__, description="Damage, control, person and protection events.")


@blp.route("")
class Events(MethodView):
    @blp.arguments(EventQuerySchema, location="query")
    @blp.response(200, EventSchema(many=True))
    @blp.paginate()
    def get(self, query: dict[str, Any], pagination_parameters: Any) -> list[Event]:
        """List events

        In date order. `from`/`to` keep every event whose date interval overlaps the
        range; `site` with `include=descendants` adds the sites inside it. Published
        events only, unless an editor asks for drafts or a status."""
        page = events.list_events(
            db_session(),
            current_principal(),
            include_drafts=query["include_drafts"],
            status=query.get("status"),
            site_id=query.get("site"),
            include_descendants=query.get("include") == "descendants",
            category=query.get("category"),
            event_type=query.get("type"),
            actor_id=query.get("actor"),
            date_from=query.get("date_from"),
            date_to=query.get("date_to"),
            grade=query.get("grade"),
            page=pagination_parameters.page,
            page_size=pagination_parameters.page_size,
        )
        return page_items(page, pagination_parameters)

    @blp.arguments(EventInputSchema)
    @blp.response(201, EventSchema)
    def post(self, data: EventInput) -> Any:
        """Create an event

        It starts as a draft: submit it for review, and a reviewer publishes it."""
        session, principal = db_session(), current_principal()
        event = events.create_event(session, principal, data)
        session.commit()
        return events.get_event(session, principal, event.id), 201, version_headers(event)


@blp.route("/<int:event_id>")
class EventById(MethodView):
    @blp.response(200, EventSchema)
    def get(self, event_id: int) -> Any:
        """Read an event"""
        event = events.get_event(db_session(), current_principal(), event_id)
        return event, 200, version_headers(event)

    @blp.arguments(EventUpdateSchema(partial=True))
    @blp.response(200, EventSchema)
    def patch(self, data: EventInput, event_id: int) -> Any:
        """Update an event

        Needs If-Match. A `grade_override` (reviewers) needs its `grade_override_reason`;
        null removes it. A published event changes under a reviewer's hand only."""
        session = db_session()
        event = events.update_event(
            session, current_principal(), event_id, data, expected_version()
        )
        session.commit()
        return event, 200, version_headers(event)

    @blp.response(204)
    def delete(self, event_id: int) -> None:
        """Delete an event

        Leaves a tombstone an admin can restore; its claims leave every read with it.
        Needs If-Match."""
        session = db_session()
        events.delete_event(session, current_principal(), event_id, expected_version())
        session.commit()


add_revision_routes(blp, "event", EventSchema)
add_review_routes(blp, Event, EventSchema)
