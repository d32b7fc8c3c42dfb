"""Instance settings an admin may change."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.blueprint import Blueprint, current_principal, db_session
from api.schemas import SettingInputSchema, SettingSchema
from heritage.services import accounts

blp = Blueprint("settings", __name__, description="Instance settings (admins).")


@blp.route("/<string:key>")
class SettingByKey(MethodView):
    @blp.response(200, SettingSchema)
    def get(self, key: str) -> dict[str, Any]:
        """Read a setting"""
        return {"key": key, "value": accounts.read_setting(db_session(), current_principal(), key)}

    @blp.arguments(SettingInputSchema)
    @blp.response(200, SettingSchema)
    def put(self, data: dict[str, Any], key: str) -> dict[str, Any]:
        """Change a setting

        `allow_self_publish` (false): let a reviewer publish their own work, for teams of
        one."""
        session = db_session()
        accounts.set_setting(session, current_principal(), key, data["value"])
        session.commit()
        return {"key": key, "value": data["value"]}
