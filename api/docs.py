"""Interactive API docs served from local assets (no CDN), and spec additions."""

from __future__ import annotations

import copy
from typing import Any

from apispec import APISpec, BasePlugin
from flask import Blueprint, Flask, current_app, json, send_from_directory
from flask.typing import ResponseReturnValue
from swagger_ui_bundle import swagger_ui_path

from api.database import db_session
from api.record_inputs import SITE_KINDS_MARK
from heritage.services.site_kinds import known_site_kinds

ASSETS_URL = "/api/docs/assets/"
SPEC_ENDPOINT = "api-docs.openapi_json"

assets = Blueprint("docs_assets", __name__)


@assets.get(f"{ASSETS_URL}<path:filename>")
def asset(filename: str) -> ResponseReturnValue:
    return send_from_directory(swagger_ui_path, filename, max_age=86400)


def with_site_kinds(node: Any, kinds: list[str]) -> Any:
    """The document with every field marked as a site kind given today's kinds as its enum."""
    if isinstance(node, dict):
        if all(node.get(mark) == value for mark, value in SITE_KINDS_MARK.items()):
            node["enum"] = kinds
        for child in node.values():
            with_site_kinds(child, kinds)
    elif isinstance(node, list):
        for child in node:
            with_site_kinds(child, kinds)
    return node


def init_app(app: Flask, spec: APISpec) -> None:
    app.register_blueprint(assets)

    def openapi_json() -> ResponseReturnValue:
        """The OpenAPI document, with the site kinds the database holds now: an admin
        adds one without a migration or a restart."""
        document = with_site_kinds(
            copy.deepcopy(spec.to_dict()), sorted(known_site_kinds(db_session()))
        )
        return current_app.response_class(
            json.dumps(document, indent=2, sort_keys=False), mimetype="application/json"
        )

    app.view_functions[SPEC_ENDPOINT] = openapi_json


PROBLEM_REF = {"$ref": "#/components/responses/DEFAULT_ERROR"}
VERSIONED_PATHS = tuple(
    f"/api/v1/{name}/"
    for name in ("sites", "actors", "sources", "articles", "events", "claims", "users")
)


class HttpConventionsPlugin(BasePlugin):
    """Documents what the app adds to every operation: ETags and 304 on reads, the bearer
    token and its 401/403 on everything, If-Match with 412/428 on changes."""

    def operation_helper(
        self, path: str | None = None, operations: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            parameters = operation.setdefault("parameters", [])
            responses.setdefault("401", PROBLEM_REF)
            if (path or "").startswith("/api/v1/exports/"):
                responses.setdefault("429", PROBLEM_REF)  # anonymous exports run few at a time
            if method == "get":
                parameters.append(
                    {
                        "name": "If-None-Match",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string"},
                        "description": "An ETag from an earlier response: 304 if unchanged.",
                    }
                )
                responses.setdefault("304", {"description": "Not modified since the given ETag."})
                ok = responses.get("200")
                if isinstance(ok, dict):
                    ok.setdefault("headers", {})["ETag"] = {
                        "description": "Identifies this representation, for If-None-Match.",
                        "schema": {"type": "string"},
                    }
                continue
            responses.setdefault("403", PROBLEM_REF)
            changes_record = method in ("patch", "delete") or (path or "").endswith(
                ("/submit", "/return", "/publish", "/retract")
            )
            if (
                changes_record
                and (path or "").startswith(VERSIONED_PATHS)
                and "/tokens" not in (path or "")
            ):
                parameters.append(
                    {
                        "name": "If-Match",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string"},
                        "description": "The ETag of the version being changed.",
                    }
                )
                responses.setdefault("412", PROBLEM_REF)
                responses.setdefault("428", PROBLEM_REF)


def security_scheme() -> dict[str, Any]:
    return {"type": "http", "scheme": "bearer", "description": "An API token: htg_…"}
