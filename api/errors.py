"""Every error as application/problem+json (RFC 9457); domain errors mapped in one table."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

import orjson
from flask import Flask, Response, current_app, request
from flask_smorest import Api
from flask_smorest.pagination import PaginationMetadataSchema
from flask_smorest.utils import prepare_response
from marshmallow import Schema, fields
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from heritage.errors import (
    Conflict,
    Forbidden,
    Gone,
    HeritageError,
    InvalidInput,
    NotFound,
    PreconditionRequired,
    StaleVersion,
    Unauthenticated,
)

PROBLEM_MEDIA_TYPE = "application/problem+json"
CHALLENGE = 'Bearer realm="heritage"'  # the WWW-Authenticate of every 401
HTML_ERROR_PAGES = "heritage.html_error_pages"  # set by the web app (api/web)
# The largest integer the database's INTEGER columns hold: ids, offsets and counts beyond it
# are refused by the schemas; what slips past them is answered here, never with a 500.
MAX_INTEGER = 2**31 - 1
log = logging.getLogger(__name__)

# The domain's exceptions and what each means in HTTP: the only place that knows both.
STATUS_OF_ERROR: dict[type[HeritageError], tuple[int, str]] = {
    NotFound: (404, "not-found"),
    InvalidInput: (422, "invalid-input"),
    Conflict: (409, "conflict"),
    Gone: (410, "gone"),
    StaleVersion: (412, "stale-version"),
    PreconditionRequired: (428, "precondition-required"),
    Unauthenticated: (401, "unauthenticated"),
    Forbidden: (403, "forbidden"),
}
RESOURCE_PATHS = {
    "site": "sites",
    "actor": "actors",
    "source": "sources",
    "article": "articles",
    "event": "events",
    "claim": "claims",
    "user": "users",
}


class ReferrersSchema(Schema):
    resource = fields.String(metadata={"description": "The kind of the referring records."})
    field = fields.String(metadata={"description": "Their field that holds the reference."})
    count = fields.Integer(metadata={"description": "How many refer through it."})
    ids = fields.List(fields.Integer(), metadata={"description": "The first ones' ids."})


class ProblemSchema(Schema):
    """An RFC 9457 problem detail."""

    type = fields.String(metadata={"description": "A URI naming the kind of problem."})
    title = fields.String(metadata={"description": "The kind of problem, in words."})
    status = fields.Integer(metadata={"description": "The HTTP status code."})
    detail = fields.String(metadata={"description": "What went wrong with this request."})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "For invalid input: each bad field and what is wrong with it."},
    )
    existing = fields.Dict(
        metadata={"description": "For a conflict: the stored record the request collides with."}
    )
    referenced_by = fields.List(
        fields.Nested(ReferrersSchema),
        metadata={
            "description": "For a conflict: the records that still refer to the one the"
            " request would delete or change, by kind and field."
        },
    )


def problem(
    status: int,
    detail: str,
    *,
    kind: str | None = None,
    headers: Mapping[str, str] | None = None,
    **members: Any,
) -> Response:
    body = {
        "type": f"urn:heritage:problem:{kind}" if kind else "about:blank",
        "title": HTTP_STATUS_CODES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **{name: value for name, value in members.items() if value is not None},
    }
    response = Response(orjson.dumps(body), status=status, mimetype=PROBLEM_MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def flatten_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """webargs' nested {location: {field: {index: [...]}}} -> {"field.index": [...]}."""
    if isinstance(messages, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            # "": the value itself, beside problems inside it (api.record_inputs)
            name = str(key) if not prefix else f"{prefix}.{key}" if key != "" else prefix
            if not prefix and key in ("json", "query", "path", "form", "headers", "files"):
                name = ""  # the location adds nothing a client needs to find the field
            for field, texts in flatten_errors(value, name).items():
                flat.setdefault(field, []).extend(texts)
        return flat
    if isinstance(messages, list) and all(isinstance(m, str | Mapping) for m in messages):
        # A field's validator may name problems inside its value (api.record_inputs): a
        # mapping among the field's messages.
        flat = {}
        for message in messages:
            found = flatten_errors(message, prefix) if isinstance(message, Mapping) else None
            for field, texts in (found or {prefix or "_body": [message]}).items():
                flat.setdefault(field, []).extend(texts)
        return flat
    return {prefix or "_body": [str(messages)]}


class ProblemApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self) -> None:
        """Document the error responses as what they are: application/problem+json."""
        for status in HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not 100 <= status < 200 and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_MEDIA_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def _register_pagination_header(self) -> None:
        """X-Pagination is sent as JSON (flask-smorest's way, and what clients parse): a
        header given a bare `schema` would mean OpenAPI's `simple` style instead
        (`total,3,page,1`), so the media type is named."""
        header = {
            "description": "Pagination metadata: a JSON object.",
            "content": {"application/json": {"schema": PaginationMetadataSchema}},
        }
        self.spec.components.header("PAGINATION", header, lazy=True)

    def handle_http_exception(self, error: HTTPException) -> Response:
        html_page: Callable[[HTTPException], Response] | None = current_app.extensions.get(
            HTML_ERROR_PAGES
        )
        if html_page is not None and not request.path.startswith("/api/"):
            return html_page(error)  # the web app's pages answer a person, in HTML
        status = error.code or 500
        headers = {
            name: value for name, value in error.get_headers() if name.lower() != "content-type"
        }
        data = getattr(error, "data", None) or {}
        headers.update(data.get("headers") or {})
        if status >= 500:
            log.error("Unhandled error on %s %s", request.method, request.path, exc_info=error)
            return problem(status, "The server could not handle this request.", headers=headers)
        messages = data.get("errors") or data.get("messages")
        if messages:
            errors = flatten_errors(messages)
            fields_named = ", ".join(sorted(errors))
            detail = f"The request has invalid fields: {fields_named}."
            if isinstance(messages, Mapping) and "json" in messages:
                detail = _body_detail(errors) or detail
            return problem(
                status,
                detail,
                kind="invalid-input" if status == 422 else "bad-request",
                headers=headers,
                errors=errors,
            )
        detail = data.get("message") or error.description or HTTP_STATUS_CODES.get(status, "")
        if status == 404 and not data:
            detail = f"Nothing is found at {request.path}."
        if status == 413:
            limit = current_app.config.get("MAX_CONTENT_LENGTH")
            detail = f"The request body is larger than the {limit} bytes accepted."
        return problem(status, str(detail), headers=headers)


def _body_detail(errors: dict[str, list[str]]) -> str | None:
    """Say so when the body itself is wrong, not just some fields in it."""
    if not request.get_data(cache=True):
        return "The request has no body: send a JSON object (application/json)."
    if "_schema" in errors and not isinstance(request.get_json(silent=True), dict):
        errors["_schema"] = ["Must be a JSON object."]
        if not request.is_json:
            return "The request body must be a JSON object, sent as application/json."
        return "The request body must be a JSON object."
    return None


def _integer_out_of_range(value: Any) -> bool:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return False
    return not -MAX_INTEGER - 1 <= number <= MAX_INTEGER


def _out_of_range(error: Exception) -> Response:
    """A number (or text) the database cannot hold: an id in the path finds nothing, a
    parameter is named; only what no parameter explains stays a server error."""
    if any(_integer_out_of_range(value) for value in (request.view_args or {}).values()):
        return problem(404, f"Nothing is found at {request.path}.")
    errors = {
        name: [f"Must be between {-MAX_INTEGER - 1} and {MAX_INTEGER}."]
        for name, value in request.args.items(multi=True)
        if _integer_out_of_range(value)
    }
    if isinstance(error, DataError) or errors:
        log.warning("Value out of range on %s %s: %s", request.method, request.path, error)
        detail = "A value in the request is out of the range the database can store."
        return problem(422, detail, kind="invalid-input", errors=errors or None)
    log.error("Unhandled error on %s %s", request.method, request.path, exc_info=error)
    return problem(500, "The server could not handle this request.")


def _domain_error(error: HeritageError) -> Response:
    status, kind = next(
        (value for cls, value in STATUS_OF_ERROR.items() if isinstance(error, cls)), (400, "error")
    )
    members: dict[str, Any] = {}
    headers: dict[str, str] = {}
    if isinstance(error, InvalidInput):
        members["errors"] = error.errors
    if isinstance(error, Unauthenticated):
        headers["WWW-Authenticate"] = CHALLENGE
    if isinstance(error, Conflict):
        if error.errors:
            members["errors"] = error.errors
        elif error.field:
            members["errors"] = {error.field: [error.detail]}
        if error.existing:
            resource, identifier = error.existing
            href = f"/api/v1/{RESOURCE_PATHS[resource]}/{identifier}"
            members["existing"] = {"resource": resource, "id": identifier, "href": href}
            headers["Link"] = f'<{href}>; rel="duplicate"'
        if error.referenced_by:
            members["referenced_by"] = [
                {"resource": r.resource, "field": r.field, "count": r.count, "ids": list(r.ids)}
                for r in error.referenced_by
            ]
    if isinstance(error, Gone) and error.field:
        members["errors"] = {error.field: [error.detail]}
    return problem(status, error.detail, kind=kind, headers=headers, **members)


def _integrity_error(error: IntegrityError) -> Response:
    # A constraint the services did not foresee, or a race between two writers; the
    # SQL text stays in the log, never in the response.
    log.warning("Integrity error on %s %s: %s", request.method, request.path, error.orig)
    return problem(409, "The request conflicts with stored data.", kind="conflict")


def _stale_write(_error: StaleDataError) -> Response:
    # Another writer changed the row between this request's read and its write.
    return problem(
        412, "The record changed while this request ran: read it again.", kind="stale-version"
    )


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HeritageError, _domain_error)
    app.register_error_handler(StaleDataError, _stale_write)
    app.register_error_handler(IntegrityError, _integrity_error)
    # SQLite refuses integers beyond 64 bits (OverflowError); PostgreSQL raises DataError for
    # numbers out of its columns' range and for text it cannot store (a NUL character).
    app.register_error_handler(OverflowError, _out_of_range)
    app.register_error_handler(DataError, _out_of_range)
