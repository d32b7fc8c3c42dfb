"""Actors: armed forces, groups and authorities."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.blueprint import Blueprint, db_session, page_items
from api.schemas import ActorInputSchema, ActorSchema, ActorUpdateSchema, SearchQuerySchema
from heritage.models import Actor
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
            q=query.get("q"),
            page=pagination_parameters.page,
            page_size=pagination_parameters.page_size,
        )
        return page_items(page, pagination_parameters)

    @blp.arguments(ActorInputSchema)
    @blp.response(201, ActorSchema)
    def post(self, data: dict[str, Any]) -> Actor:
        """Create an actor"""
        session = db_session()
        actor = actors.create_actor(session, data)
        session.commit()
        return actor


@blp.route("/<int:actor_id>")
class ActorById(MethodView):
    @blp.response(200, ActorSchema)
    def get(self, actor_id: int) -> Actor:
        """Read an actor"""
        return actors.get_actor(db_session(), actor_id)

    @blp.arguments(ActorUpdateSchema(partial=True))
    @blp.response(200, ActorSchema)
    def patch(self, data: dict[str, Any], actor_id: int) -> Actor:
        """Update an actor"""
        session = db_session()
        actor = actors.update_actor(session, actor_id, data)
        session.commit()
        return actor
