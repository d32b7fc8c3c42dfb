"""Interactive API docs served from local assets (no CDN), and spec additions."""

from __future__ import annotations

from typing import Any

from apispec import BasePlugin
from flask import Blueprint, Flask, send_from_directory
from flask.typing import ResponseReturnValue
from swagger_ui_bundle import swagger_ui_path

ASSETS_URL = "/api/docs/assets/"

assets = Blueprint("docs_assets", __name__)


@assets.get(f"{ASSETS_URL}<path:filename>")
def asset(filename: str) -> ResponseReturnValue:
    return send_from_directory(swagger_ui_path, filename, max_age=86400)


def init_app(app: Flask) -> None:
    app.register_blueprint(assets)


class ConditionalGetPlugin(BasePlugin):
    """Documents, on every GET, the ETag the app adds and the 304 it answers."""

    def operation_helper(
        self, path: str | None = None, operations: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        for method, operation in (operations or {}).items():
            if method != "get":
                continue
            operation.setdefault("parameters", []).append(
                {
                    "name": "If-None-Match",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string"},
                    "description": "An ETag from an earlier response: 304 if unchanged.",
                }
            )
            responses = operation.setdefault("responses", {})
            responses.setdefault("304", {"description": "Not modified since the given ETag."})
            ok = responses.get("200")
            if isinstance(ok, dict):
                ok.setdefault("headers", {})["ETag"] = {
                    "description": "Identifies this representation, for If-None-Match.",
                    "schema": {"type": "string"},
                }
