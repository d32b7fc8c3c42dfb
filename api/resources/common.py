"""Routes every edited resource shares: its revision trail, restoring its tombstones, and
for reviewed resources the review actions."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema

from api.blueprint import (
    Blueprint,
    current_principal,
    db_session,
    expected_version,
    version_headers,
)
from api.schemas import ReasonSchema, RevisionSchema
from heritage.models import Claim, Event
from heritage.services import changes, records, review
from heritage.vocab import RevisionAction


def add_revision_routes(blp: Blueprint, resource: str, schema: type[Schema]) -> None:
    @blp.route("/<int:record_id>/revisions", endpoint=f"{resource}_revisions")
    class Revisions(MethodView):
        @blp.response(200, RevisionSchema(many=True))
        def get(self, record_id: int) -> list[dict[str, Any]]:
            return changes.record_revisions(db_session(), current_principal(), resource, record_id)

        get.__doc__ = (
            f"Read the revision trail ({resource})\n\nEvery change, oldest first: who, when, each"
            " changed field's old and new value, and the reason given. It outlives deletion."
        )

    @blp.route("/<int:record_id>/restore", endpoint=f"{resource}_restore")
    class Restore(MethodView):
        @blp.response(200, schema)
        @blp.alt_response(409, response="CONFLICT")
        def post(self, record_id: int) -> Any:
            session = db_session()
            record = records.restore(session, current_principal(), resource, record_id)
            session.commit()
            return record, 200, version_headers(record)

        post.__doc__ = (
            f"Restore from deletion ({resource})\n\nAdmins only; its trail goes on. Refused"
            " with 409, naming each field, while it refers to deleted records: restore them"
            " first."
        )


REVIEW_ACTIONS = {
    "submit": (RevisionAction.SUBMITTED, "Submit for review", "An editor sends a draft to review."),
    "return": (
        RevisionAction.RETURNED,
        "Return to draft",
        "A reviewer sends it back to its editor, saying why.",
    ),
    "publish": (
        RevisionAction.PUBLISHED,
        "Publish",
        "A reviewer makes it public; not their own work (four eyes).",
    ),
    "retract": (
        RevisionAction.RETRACTED,
        "Retract",
        "A reviewer withdraws a published record, saying why; it is kept, never deleted.",
    ),
}


def add_review_routes(
    blp: Blueprint, model: type[Event] | type[Claim], schema: type[Schema]
) -> None:
    resource = records.RESOURCE_NAMES[model]
    for verb, (action, summary, description) in REVIEW_ACTIONS.items():

        def post(
            self: Any, data: dict[str, Any], record_id: int, action: RevisionAction = action
        ) -> Any:
            session = db_session()
            record = review.change_status(
                session,
                current_principal(),
                model,
                record_id,
                action,
                expected_version=expected_version(),
                reason=data.get("reason"),
            )
            session.commit()
            return record, 200, version_headers(record)

        post.__doc__ = f"{summary} ({resource})\n\n{description} Needs If-Match."
        view = type(f"{verb.capitalize()}{resource.capitalize()}", (MethodView,), {"post": post})
        # The reason is optional for submit and publish: no body means no reason.
        with_reason = blp.arguments(ReasonSchema, required=False)
        view.post = blp.response(200, schema)(with_reason(view.post))  # type: ignore[attr-defined]
        blp.route(f"/<int:record_id>/{verb}", endpoint=f"{resource}_{verb}")(view)
