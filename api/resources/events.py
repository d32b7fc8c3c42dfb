"""Events: what happened at which sites, when, and who took part."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.blueprint import Blueprint, db_session, page_items
from api.schemas import EventInputSchema, EventQuerySchema, EventSchema, EventUpdateSchema
from heritage.models import Event
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
        range; `site` with `include=descendants` adds the sites inside it."""
        page = events.list_events(
            db_session(),
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
    def post(self, data: dict[str, Any]) -> Event:
        """Create an event"""
        session = db_session()
        event = events.create_event(session, data)
        session.commit()
        return events.get_event(session, event.id)


@blp.route("/<int:event_id>")
class EventById(MethodView):
    @blp.response(200, EventSchema)
    def get(self, event_id: int) -> Event:
        """Read an event"""
        return events.get_event(db_session(), event_id)

    @blp.arguments(EventUpdateSchema(partial=True))
    @blp.response(200, EventSchema)
    def patch(self, data: dict[str, Any], event_id: int) -> Event:
        """Update an event

        A `grade_override` needs its `grade_override_reason`; null removes it."""
        session = db_session()
        event = events.update_event(session, event_id, data)
        session.commit()
        return event

    @blp.response(204)
    def delete(self, event_id: int) -> None:
        """Delete an event and its claims"""
        session = db_session()
        events.delete_event(session, event_id)
        session.commit()
