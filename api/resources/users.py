"""Users and their API tokens (admins only)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.blueprint import (
    Blueprint,
    attributes,
    current_principal,
    db_session,
    expected_version,
    page_items,
    version_headers,
)
from api.schemas import (
    NewTokenSchema,
    RevisionSchema,
    TokenInputSchema,
    TokenSchema,
    UserInputSchema,
    UserSchema,
    UserUpdateSchema,
)
from heritage.models import ApiToken, User
from heritage.services import accounts, changes

blp = Blueprint("users", __name__, description="Accounts, roles and API tokens (admins).")


@blp.route("")
class Users(MethodView):
    @blp.response(200, UserSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters: Any) -> list[User]:
        """List users"""
        page = accounts.list_users(
            db_session(),
            current_principal(),
            page=pagination_parameters.page,
            page_size=pagination_parameters.page_size,
        )
        return page_items(page, pagination_parameters)

    @blp.arguments(UserInputSchema)
    @blp.response(201, UserSchema)
    def post(self, data: dict[str, Any]) -> User:
        """Create a user"""
        session = db_session()
        user = accounts.create_user(session, current_principal(), data)
        session.commit()
        return user


@blp.route("/<int:user_id>")
class UserById(MethodView):
    @blp.response(200, UserSchema)
    def get(self, user_id: int) -> Any:
        """Read a user"""
        user = accounts.get_user(db_session(), current_principal(), user_id)
        return user, 200, version_headers(user)

    @blp.arguments(UserUpdateSchema)
    @blp.response(200, UserSchema)
    def patch(self, data: dict[str, Any], user_id: int) -> Any:
        """Change a user's role, name or password, or disable them

        Needs If-Match."""
        session = db_session()
        user = accounts.update_user(session, current_principal(), user_id, data, expected_version())
        session.commit()
        return user, 200, version_headers(user)


@blp.route("/<int:user_id>/revisions")
class UserRevisions(MethodView):
    @blp.response(200, RevisionSchema(many=True))
    def get(self, user_id: int) -> list[dict[str, Any]]:
        """Read an account's trail

        Its creation, role, name, password and disabled changes, and its tokens' creation
        and revocation (admins)."""
        accounts.get_user(db_session(), current_principal(), user_id)
        return changes.user_revisions(db_session(), current_principal(), user_id)


@blp.route("/<int:user_id>/tokens")
class UserTokens(MethodView):
    @blp.response(200, TokenSchema(many=True))
    def get(self, user_id: int) -> list[ApiToken]:
        """List a user's tokens (never the tokens themselves)"""
        accounts.get_user(db_session(), current_principal(), user_id)
        return accounts.list_tokens(db_session(), current_principal(), user_id=user_id)

    @blp.arguments(TokenInputSchema)
    @blp.response(201, NewTokenSchema)
    def post(self, data: dict[str, Any], user_id: int) -> dict[str, Any]:
        """Create a token for a user

        The token is in this response only; the server keeps its hash."""
        session = db_session()
        secret, token = accounts.create_token(
            session, current_principal(), user_id, name=data["name"], days=data["days"]
        )
        session.commit()
        return {**attributes(token, TokenSchema), "token": secret}


@blp.route("/<int:user_id>/tokens/<int:token_id>")
class UserToken(MethodView):
    @blp.response(204)
    def delete(self, user_id: int, token_id: int) -> None:
        """Revoke a token

        Refused with 409 for the last active token of any admin, which would leave no one
        able to manage accounts over the API: create another first, or revoke it with
        `heritage tokens revoke` on the server."""
        session = db_session()
        accounts.revoke_token(session, current_principal(), token_id, user_id=user_id)
        session.commit()
