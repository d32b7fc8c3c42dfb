"""Actors: armed forces, groups and authorities."""

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
from api.record_inputs import ActorInputSchema
from api.resources.common import add_revision_routes
from api.schemas import ActorSchema, ActorUpdateSchema, SearchQuerySchema
from heritage.models import Actor
from heritage.records import ActorInput
from heritage.services import actors

blp = Blueprint("actors", __name__, description="Armed forces, groups and authorities.")


@blp.route("")
class Actors(MethodView):
    @blp.arguments(SearchQuerySchema, location="query")
    @blp.response(200, ActorSchema(many=True))
    @blp.paginate()
    def get(self, query: dict[str, Any], pagination_parameters: Any) -> list[Actor]:
        """List and search actors

        `q` matches names and aliases (ISIS, Daesh and ISIL find the same actor)."""
        page = actors.list_actors(
            db_session(),
            current_principal(),
            q=query.get("q"),
            page=pagination_parameters.page,
            page_size=pagination_parameters.page_size,
        )
        return page_items(page, pagination_parameters)

    @blp.arguments(ActorInputSchema)
    @blp.response(201, ActorSchema)
    def post(self, data: ActorInput) -> Any:
        """Create an actor"""
        session = db_session()
        actor = actors.create_actor(session, current_principal(), data)
        session.commit()
        return actor, 201, version_headers(actor)


@blp.route("/<int:actor_id>")
class ActorById(MethodView):
    @blp.response(200, ActorSchema)
    def get(self, actor_id: int) -> Any:
        """Read an actor"""
        actor = actors.get_actor(db_session(), current_principal(), actor_id)
        return actor, 200, version_headers(actor)

    @blp.arguments(ActorUpdateSchema(partial=True))
    @blp.response(200, ActorSchema)
    def patch(self, data: ActorInput, actor_id: int) -> Any:
        """Update an actor"""
        session = db_session()
        actor = actors.update_actor(
            session, current_principal(), actor_id, data, expected_version()
        )
        session.commit()
        return actor, 200, version_headers(actor)

    @blp.response(204)
    @blp.alt_response(409, response="CONFLICT")
    def delete(self, actor_id: int) -> None:
        """Delete an actor

        Leaves a tombstone an admin can restore. Refused with 409, naming them in
        `referenced_by`, while an event names it among its actors, a claim as its stated
        actor, a source as the actor it speaks for, or another actor as what it is part
        of. Needs If-Match with the actor's ETag."""
        session = db_session()
        actors.delete_actor(session, current_principal(), actor_id, expected_version())
        session.commit()


add_revision_routes(blp, "actor", ActorSchema)
