"""The reviewer's desk, the revision history of any record, and the recent changes.

Publishing and returning go through the same service as the API's review routes
(heritage.services.review.change_status), so four eyes, the reason a return needs and the
version check hold exactly as they do there. The team (editors and above) reads the desk,
as the API lets them list what is in review and read its unpublished changes; only
reviewers see its buttons and may send its forms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from werkzeug.wrappers import Response

from api.database import db_session
from api.web import blp
from api.web.public_words import STATUSES
from api.web.sign_in import requires, web_principal
from heritage.errors import Conflict, Forbidden, InvalidInput, NotFound, StaleVersion
from heritage.models import Claim, Event
from heritage.services import candidates, changes, review
from heritage.services.common import Page
from heritage.services.records import MODELS_BY_RESOURCE
from heritage.vocab import RevisionAction, Role

PAGE_SIZE = 20
REVIEWED: dict[str, type[Event] | type[Claim]] = {"event": Event, "claim": Claim}
ACTIONS = {"publish": RevisionAction.PUBLISHED, "return": RevisionAction.RETURNED}

RESOURCE_LABELS = {
    "site": lazy_gettext("Site"),
    "actor": lazy_gettext("Actor"),
    "source": lazy_gettext("Source"),
    "article": lazy_gettext("Article"),
    "event": lazy_gettext("Event"),
    "claim": lazy_gettext("Claim"),
}

# The revision trail names fields as the models do (date_edtf, earliest, quote_start…);
# a reader is shown what the forms call them. A field missing here is shown by its name.
FIELD_LABELS = {
    "key": lazy_gettext("Key"),
    "name": lazy_gettext("Name"),
    "kind": lazy_gettext("Kind"),
    "parent_id": lazy_gettext("Part of site"),
    "latitude": lazy_gettext("Latitude"),
    "longitude": lazy_gettext("Longitude"),
    "location_certainty": lazy_gettext("Location certainty"),
    "description": lazy_gettext("Description"),
    "restricted": lazy_gettext("Restricted location"),
    "names": lazy_gettext("Names"),
    "lang": lazy_gettext("Language"),
    "type": lazy_gettext("Type"),
    "identifiers": lazy_gettext("Identifiers"),
    "scheme": lazy_gettext("Scheme"),
    "value": lazy_gettext("Value"),
    "designations": lazy_gettext("Designations"),
    "designation": lazy_gettext("Designation"),
    "part_of_id": lazy_gettext("Part of"),
    "aliases": lazy_gettext("Aliases"),
    "alias": lazy_gettext("Alias"),
    "affiliation_id": lazy_gettext("Affiliation"),
    "actor_id": lazy_gettext("Actor"),
    "publisher_id": lazy_gettext("Publisher"),
    "syndicated_from_id": lazy_gettext("Syndicated from"),
    "title": lazy_gettext("Title"),
    "url": lazy_gettext("Address (URL)"),
    "published": lazy_gettext("Publication date"),
    "language": lazy_gettext("Language"),
    "text_sha256": lazy_gettext("Archived text (SHA-256)"),
    "captured_at": lazy_gettext("Captured at"),
    "category": lazy_gettext("Category"),
    "date_edtf": lazy_gettext("Date"),
    "earliest": lazy_gettext("Earliest day"),
    "latest": lazy_gettext("Latest day"),
    "condition_found": lazy_gettext("Condition found"),
    "grade_override": lazy_gettext("Grade set by a reviewer"),
    "grade_override_reason": lazy_gettext("Reason for the grade"),
    "sites": lazy_gettext("Sites"),
    "site_id": lazy_gettext("Site"),
    "actors": lazy_gettext("Actors"),
    "role": lazy_gettext("Role"),
    "article_id": lazy_gettext("Article"),
    "event_id": lazy_gettext("Event"),
    "speaker_id": lazy_gettext("Speaker"),
    "quote": lazy_gettext("Quote"),
    "quote_start": lazy_gettext("Quote starts at character"),
    "quote_end": lazy_gettext("Quote ends at character"),
    "summary": lazy_gettext("Summary"),
    "stance": lazy_gettext("Stance"),
    "basis": lazy_gettext("Basis"),
    "stated_date_edtf": lazy_gettext("Date as stated"),
    "stated_earliest": lazy_gettext("Earliest day as stated"),
    "stated_latest": lazy_gettext("Latest day as stated"),
    "stated_actor_id": lazy_gettext("Actor as stated"),
    "figures": lazy_gettext("Figures"),
    "status": lazy_gettext("Review status"),
    "status_reason": lazy_gettext("Reason given"),
}

ACTION_LABELS = {
    RevisionAction.CREATED.value: lazy_gettext("created"),
    RevisionAction.UPDATED.value: lazy_gettext("changed"),
    RevisionAction.DELETED.value: lazy_gettext("deleted"),
    RevisionAction.RESTORED.value: lazy_gettext("restored"),
    RevisionAction.SUBMITTED.value: lazy_gettext("submitted for review"),
    RevisionAction.RETURNED.value: lazy_gettext("returned to its editor"),
    RevisionAction.PUBLISHED.value: lazy_gettext("published"),
    RevisionAction.RETRACTED.value: lazy_gettext("retracted"),
    RevisionAction.GRADE_OVERRIDDEN.value: lazy_gettext("grade set by a reviewer"),
}


def field_label(field: str) -> str:
    label = FIELD_LABELS.get(field)
    return str(label) if label is not None else field


def shown_value(value: Any, names: Mapping[tuple[str, int], str], field: str = "") -> str:
    """A stored value as one line of text: lists item by item, rows as `label: value`, and
    a reference by the name of what it refers to (its id if it has none to show)."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return "; ".join(shown_value(item, names, field) for item in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{field_label(key)}: {shown_value(item, names, key)}" for key, item in value.items()
        )
    if field == "status" and value in STATUSES:
        return str(STATUSES[value])
    if field in changes.REFERENCE_FIELDS and type(value) is int:
        name = names.get((changes.REFERENCE_FIELDS[field], value))
        return f"{name} (#{value})" if name else f"#{value}"
    return str(value)


def diff_rows(
    changed: Sequence[review.FieldChange] | Mapping[str, Sequence[Any]],
) -> list[tuple[str, Any, Any]]:
    """(field, old, new) of a reviewer's changes or of a revision's {field: [old, new]}."""
    if isinstance(changed, Mapping):
        return [(field, old, new) for field, (old, new) in changed.items()]
    return [(change.field, change.published, change.proposed) for change in changed]


@blp.app_context_processor
def _review_helpers() -> dict[str, Any]:
    return {
        "diff_rows": diff_rows,
        "field_label": field_label,
        "shown_value": shown_value,
        "resource_label": lambda resource: str(RESOURCE_LABELS.get(resource, resource)),
        "action_label": lambda action: str(ACTION_LABELS.get(action, action)),
    }


def _desk(status: int = 200, refused: dict[str, Any] | None = None) -> tuple[str, int]:
    """The desk, with `refused` (the item, its message and field errors) shown in place."""
    session = db_session()
    principal = web_principal()
    page = request.args.get("page", 1, type=int)
    waiting = review.awaiting_review(session, principal, page=page, page_size=PAGE_SIZE)
    if refused:
        # A record acted on meanwhile has left the desk: its refusal goes above the rest.
        refused["in_place"] = any(
            (item.resource, item.record.id) == (refused["resource"], refused["id"])
            for item in waiting.items
        )
    names = changes.referenced_names(
        session,
        ({c.field: [c.published, c.proposed] for c in item.changes} for item in waiting.items),
    )
    return (
        render_template(
            "review/desk.html",
            waiting=waiting,
            names=names,
            may_act=principal.has(Role.REVIEWER),
            refused=refused or {},
            pages=_page_count(waiting.total, waiting.page_size),
            awaiting_candidates=candidates.articles_awaiting_decisions(session, principal),
            extractor_rates=(
                candidates.acceptance_rates(session, principal)
                if principal.has(Role.ADMIN)
                else None
            ),
        ),
        status,
    )


def _page_count(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


@blp.get("/review")
@requires(Role.EDITOR)
def review_desk() -> tuple[str, int]:
    return _desk()


def _refusal_message(error: Exception, action: RevisionAction) -> str:
    return str(_refusal_text(error, action))


def _refusal_text(error: Exception, action: RevisionAction) -> Any:
    if isinstance(error, Forbidden) and action == RevisionAction.PUBLISHED:
        return _(
            "You wrote or last changed this record: another reviewer must publish it"
            " (four eyes). Nothing was changed."
        )
    if isinstance(error, StaleVersion):
        return _(
            "Someone changed this record after you opened the desk. Nothing was changed:"
            " read its changes again below."
        )
    if isinstance(error, Conflict):
        return _(
            "This record is no longer in review: someone acted on it after you opened the"
            " desk. Nothing was changed."
        )
    if isinstance(error, InvalidInput):
        return _("Nothing was changed: see the reason below.")
    return _("Refused. Nothing was changed.")


@blp.post("/review/<resource>/<int:record_id>/<verb>")
@requires(Role.REVIEWER)
def review_act(resource: str, record_id: int, verb: str) -> Response | tuple[str, int]:
    model = REVIEWED.get(resource)
    action = ACTIONS.get(verb)
    if model is None or action is None:
        abort(404)
    session = db_session()
    reason = request.form.get("reason", "")
    try:
        review.change_status(
            session,
            web_principal(),
            model,
            record_id,
            action,
            expected_version=request.form.get("version", type=int),
            reason=reason if action == RevisionAction.RETURNED else None,
        )
    except NotFound:
        abort(404)
    except (Forbidden, Conflict, StaleVersion, InvalidInput) as error:
        session.rollback()
        status = {Forbidden: 403, Conflict: 409, StaleVersion: 412, InvalidInput: 422}
        code = next(code for kind, code in status.items() if isinstance(error, kind))
        refused = {
            "resource": resource,
            "id": record_id,
            "message": _refusal_message(error, action),
            "reason": reason,
            "reason_error": (
                _("Say why you return it: its editor reads this.")
                if isinstance(error, InvalidInput)
                else None
            ),
        }
        return _desk(code, refused)
    session.commit()
    if action == RevisionAction.PUBLISHED:
        flash(_("%(record)s %(id)s is published.", record=RESOURCE_LABELS[resource], id=record_id))
    else:
        flash(
            _(
                "%(record)s %(id)s is returned to its editor with your reason.",
                record=RESOURCE_LABELS[resource],
                id=record_id,
            )
        )
    return redirect(url_for("web.review_desk"), code=303)


@blp.post("/submit/<resource>/<int:record_id>")
@requires(Role.EDITOR)
def submit_for_review(resource: str, record_id: int) -> Response:
    """An editor sends a draft event or claim to the reviewers, as the API's submit does;
    back on the event's page, a message says what happened."""
    model = REVIEWED.get(resource)
    if model is None:
        abort(404)
    session = db_session()
    try:
        review.change_status(
            session,
            web_principal(),
            model,
            record_id,
            RevisionAction.SUBMITTED,
            expected_version=request.form.get("version", type=int),
        )
    except NotFound:
        abort(404)
    except (Forbidden, Conflict, StaleVersion) as error:
        session.rollback()
        flash(_refusal_message(error, RevisionAction.SUBMITTED), "error")
    else:
        session.commit()
        label = RESOURCE_LABELS[resource]
        flash(_("%(record)s %(id)s is sent to review.", record=label, id=record_id))
    return redirect(_page_of(model, record_id), code=303)


def _page_of(model: type[Event] | type[Claim], record_id: int) -> str:
    """The event's page, which shows the event and its claims."""
    if model is Event:
        return url_for("web.event_page", event_id=record_id)
    claim = db_session().get(Claim, record_id)
    if claim is None:
        abort(404)
    return url_for("web.event_page", event_id=claim.event_id)


@blp.get("/history/<resource>/<int:record_id>")
def record_history(resource: str, record_id: int) -> str:
    """Every revision of a record with its changed fields, as the API's revisions route
    gives them to this reader (the public reads the revisions made while it was public)."""
    if resource not in MODELS_BY_RESOURCE:
        abort(404)
    session = db_session()
    try:
        trail = changes.record_revisions(session, web_principal(), resource, record_id)
    except NotFound:
        abort(404)
    names = changes.referenced_names(session, (revision["changes"] for revision in trail))
    return render_template(
        "review/history.html", resource=resource, record_id=record_id, trail=trail, names=names
    )


@blp.get("/changes")
def recent_changes() -> tuple[str, int]:
    """The change feed newest first, as the API's feed serves it to this reader: drafts
    and who made each change for the team, public revisions only for everyone else."""
    resource = request.args.get("resource") or None
    page = request.args.get("page", 1, type=int)
    session = db_session()
    found: Page[dict[str, Any]] | None = None
    names: dict[tuple[str, int], str] = {}
    status = 200
    try:
        found = changes.recent_changes(
            session, web_principal(), resource=resource, page=page, page_size=PAGE_SIZE
        )
    except InvalidInput:
        status = 422
    else:
        names = changes.referenced_names(session, (revision["changes"] for revision in found.items))
    return (
        render_template(
            "review/changes.html",
            found=found,
            resource=resource,
            resources=RESOURCE_LABELS,
            names=names,
            pages=_page_count(found.total, found.page_size) if found else 1,
        ),
        status,
    )
