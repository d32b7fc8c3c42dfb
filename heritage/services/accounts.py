"""Use cases for users, API tokens and instance settings."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Mapping
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import Principal, require
from heritage.errors import Conflict, InvalidInput, NotFound
from heritage.models import ApiToken, Setting, User
from heritage.models.common import NAME_LENGTH
from heritage.revisions import changed_fields, record_revision
from heritage.services.common import FieldErrors, Page, check_vocabulary, get_or_raise, paginate
from heritage.services.records import check_version
from heritage.vocab import RevisionAction, Role

TOKEN_PREFIX = "htg_"
SESSION_SECRET = "web.session_secret"  # a Setting row, outside SETTINGS: no one reads it
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 3650
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,99}$")
# Settings an admin may change, with their defaults.
SETTINGS: dict[str, Any] = {
    # Four eyes: a reviewer may not publish their own work unless a one-person team allows it.
    "allow_self_publish": False,
}

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def _check_password(errors: FieldErrors, password: object) -> None:
    if password is not None and (not isinstance(password, str) or not 12 <= len(password) <= 1000):
        errors.add("password", "At least 12 characters.")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    if password_hash is None:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def principal_of(user: User) -> Principal:
    return Principal(user_id=user.id, name=user.username, role=Role(user.role))


def create_user(session: Session, principal: Principal, data: Mapping[str, Any]) -> User:
    require(principal, Role.ADMIN, "manage users")
    errors = FieldErrors()
    username = data.get("username")
    if not isinstance(username, str) or not USERNAME.match(username):
        errors.add("username", "2 to 100 lowercase letters, digits, dots, hyphens or underscores.")
    check_vocabulary(errors, "role", data.get("role"), Role)
    _check_password(errors, data.get("password"))
    display_name = data.get("display_name") or ""
    if len(display_name) > NAME_LENGTH:
        errors.add("display_name", f"At most {NAME_LENGTH} characters.")
    errors.raise_if_any()
    existing = session.scalar(select(User.id).where(User.username == username))
    if existing is not None:
        raise Conflict(
            f"The username '{username}' is taken.", existing=("user", existing), field="username"
        )
    user = User(
        username=username,
        display_name=display_name,
        role=data["role"],
        password_hash=hash_password(data["password"]) if data.get("password") else None,
        disabled=False,
    )
    session.add(user)
    session.flush()
    _audit(
        session,
        principal,
        "user",
        user.id,
        RevisionAction.CREATED,
        {"username": [None, user.username], "role": [None, user.role]},
    )
    return user


def get_user(session: Session, principal: Principal, user_id: int) -> User:
    require(principal, Role.ADMIN, "manage users")
    return get_or_raise(session, User, user_id, "user")


def find_user(session: Session, principal: Principal, username: str) -> User:
    require(principal, Role.ADMIN, "manage users")
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise InvalidInput.field("username", f"No user named '{username}'.")
    return user


def list_users(
    session: Session, principal: Principal, *, page: int = 1, page_size: int = 25
) -> Page[User]:
    require(principal, Role.ADMIN, "manage users")
    return paginate(session, select(User).order_by(User.username), page, page_size)


def update_user(
    session: Session,
    principal: Principal,
    user_id: int,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> User:
    """Change a user's role, display name, password or disabled flag."""
    user = get_user(session, principal, user_id)
    check_version(principal, user, expected_version)
    errors = FieldErrors()
    if "role" in data:
        check_vocabulary(errors, "role", data["role"], Role)
    _check_password(errors, data.get("password"))
    if user.id == principal.user_id and (
        data.get("disabled") or ("role" in data and data["role"] != Role.ADMIN)
    ):
        errors.add("role", "Admins cannot demote or disable themselves; ask another admin.")
    errors.raise_if_any()
    before = {"role": user.role, "display_name": user.display_name, "disabled": user.disabled}
    if "role" in data:
        user.role = data["role"]
    if "display_name" in data:
        user.display_name = data["display_name"] or ""
    if "disabled" in data:
        user.disabled = bool(data["disabled"])
    if data.get("password"):
        user.password_hash = hash_password(data["password"])
    session.flush()
    after = {"role": user.role, "display_name": user.display_name, "disabled": user.disabled}
    changes = changed_fields(before, after)
    if data.get("password"):
        changes["password"] = ["(set)", "(changed)"]  # that it changed, never the value
    if changes:
        _audit(session, principal, "user", user.id, RevisionAction.UPDATED, changes)
    return user


def create_token(
    session: Session,
    principal: Principal,
    user_id: int,
    *,
    name: str = "",
    days: int = DEFAULT_TOKEN_DAYS,
) -> tuple[str, ApiToken]:
    """A new API token for the user: the clear token is returned once and never stored."""
    require(principal, Role.ADMIN, "manage tokens")
    user = get_or_raise(session, User, user_id, "user")
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise InvalidInput.field("days", f"Between 1 and {MAX_TOKEN_DAYS} days.")
    if len(name) > NAME_LENGTH:
        raise InvalidInput.field("name", f"At most {NAME_LENGTH} characters.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = dt.datetime.now(dt.UTC)
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=token_digest(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    session.add(token)
    session.flush()
    _audit(
        session,
        principal,
        "token",
        token.id,
        RevisionAction.CREATED,
        {"user_id": [None, user.id], "expires_at": [None, token.expires_at.isoformat()]},
    )
    return secret, token


def list_tokens(
    session: Session, principal: Principal, *, user_id: int | None = None
) -> list[ApiToken]:
    require(principal, Role.ADMIN, "manage tokens")
    statement = select(ApiToken).order_by(ApiToken.id)
    if user_id is not None:
        statement = statement.where(ApiToken.user_id == user_id)
    return list(session.scalars(statement))


def revoke_token(
    session: Session, principal: Principal, token_id: int, *, user_id: int | None = None
) -> ApiToken:
    require(principal, Role.ADMIN, "manage tokens")
    token = get_or_raise(session, ApiToken, token_id, "token")
    if user_id is not None and token.user_id != user_id:
        raise NotFound("token", token_id)
    return _revoke(session, principal, token)


def own_tokens(session: Session, principal: Principal) -> list[ApiToken]:
    """The signed-in user's own tokens, whatever their role: everyone may see what can act
    in their name (issuing tokens stays with admins, as the API allows)."""
    require(principal, Role.VIEWER, "see your API tokens")
    statement = select(ApiToken).where(ApiToken.user_id == principal.user_id)
    return list(session.scalars(statement.order_by(ApiToken.id)))


def revoke_own_token(session: Session, principal: Principal, token_id: int) -> ApiToken:
    """Revoke one of the signed-in user's own tokens, whatever their role: a user who
    suspects a token leaked must not have to wait for an admin. Another user's token is
    not found."""
    require(principal, Role.VIEWER, "revoke your API tokens")
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != principal.user_id:
        raise NotFound("token", token_id)
    return _revoke(session, principal, token)


def _revoke(session: Session, principal: Principal, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        # The command line may: whoever runs it can create a token again, and must be able
        # to revoke a leaked one at once.
        if not principal.is_system and _last_admin_credential(session, token):
            raise Conflict(
                "This is the last active token of any admin: revoking it would leave no one"
                " able to manage users and tokens over the API. Create another admin token"
                " first, or revoke it with `heritage tokens revoke`."
            )
        token.revoked_at = dt.datetime.now(dt.UTC)
        session.flush()
        _audit(session, principal, "token", token.id, RevisionAction.DELETED, {})
    return token


def _last_admin_credential(session: Session, token: ApiToken) -> bool:
    """Whether no other active token of an active admin exists besides `token`. Tokens are
    the only way to sign in to the API (passwords sign in to the web app, which issues
    tokens but manages no user), so without one no one can manage the instance over the
    API."""
    # The admins' rows are locked (on PostgreSQL) so that two admins revoking their own
    # last tokens at once are decided one after the other.
    admins = session.scalars(
        select(User.id)
        .where(User.role == Role.ADMIN, User.disabled.is_(False))
        .order_by(User.id)
        .with_for_update()
    ).all()
    now = dt.datetime.now(dt.UTC)
    if token.user_id not in admins or _aware(token.expires_at) <= now:
        return False
    active = session.scalars(
        select(ApiToken).where(ApiToken.user_id.in_(admins), ApiToken.revoked_at.is_(None))
    )
    return not any(other.id != token.id and _aware(other.expires_at) > now for other in active)


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes for what was stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def authenticate_token(session: Session, secret: str) -> Principal | None:
    """The principal a bearer token stands for, or None if it is unknown, expired,
    revoked or its user disabled."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    found = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == token_digest(secret))
    ).first()
    if found is None:
        return None
    token, user = found
    now = dt.datetime.now(dt.UTC)
    if token.revoked_at is not None or _aware(token.expires_at) <= now or user.disabled:
        return None
    # Recording use on every request would make every read a write; a minute is enough.
    if token.last_used_at is None or now - _aware(token.last_used_at) > dt.timedelta(minutes=1):
        token.last_used_at = now
        session.flush()
    return principal_of(user)


def _audit(
    session: Session,
    principal: Principal,
    resource: str,
    record_id: int,
    action: RevisionAction,
    changes: dict[str, list[Any]],
) -> None:
    """Account changes go in the revision trail too, for editors and admins only."""
    record_revision(session, principal, resource, record_id, action, changes=changes, public=False)


def get_setting(session: Session, key: str) -> Any:
    stored = session.get(Setting, key)
    return stored.value if stored is not None else SETTINGS[key]


def session_secret(session: Session, proposed: str) -> str:
    """The key the web app signs its session cookies with: stored once (`proposed`, if
    none is yet), never listed among the settings an admin reads or changes."""
    stored = session.get(Setting, SESSION_SECRET)
    if stored is None:
        stored = Setting(key=SESSION_SECRET, value=proposed)
        session.add(stored)
        session.flush()
    secret: str = stored.value
    return secret


def read_setting(session: Session, principal: Principal, key: str) -> Any:
    require(principal, Role.ADMIN, "read settings")
    if key not in SETTINGS:
        raise NotFound("setting", key)
    return get_setting(session, key)


def set_setting(session: Session, principal: Principal, key: str, value: Any) -> None:
    require(principal, Role.ADMIN, "change settings")
    if key not in SETTINGS:
        raise InvalidInput.field("key", f"Unknown setting; known: {', '.join(SETTINGS)}.")
    if type(value) is not type(SETTINGS[key]):
        raise InvalidInput.field("value", f"{key} takes a {type(SETTINGS[key]).__name__}.")
    stored = session.get(Setting, key)
    previous = stored.value if stored is not None else SETTINGS[key]
    if stored is None:
        session.add(Setting(key=key, value=value))
    else:
        stored.value = value
    session.flush()
    # Settings have no id: the revision names the setting in its changes.
    _audit(session, principal, "setting", 0, RevisionAction.UPDATED, {key: [previous, value]})
