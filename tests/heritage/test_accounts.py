"""Accounts, roles and API tokens: who may do what, and secrets that never reach the database
in clear."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM, Principal, require
from heritage.db import Base
from heritage.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from heritage.models import ApiToken, Revision, Site, User
from heritage.services import accounts, events, records, review, sites
from heritage.vocab import RevisionAction, Role
from tests.heritage import builders as b

PASSWORD = "correct horse battery staple"


def every_stored_value(session: Session) -> list[Any]:
    """Every value of every column of every table, as the database holds it now."""
    session.flush()
    return [
        value
        for table in Base.metadata.sorted_tables
        for row in session.execute(select(table))
        for value in row
    ]


def appears_anywhere(session: Session, secret: str) -> bool:
    return any(secret in str(value) for value in every_stored_value(session))


# Roles


@pytest.mark.parametrize("role", list(Role))
def test_require_lets_each_role_do_what_it_and_the_roles_below_may(role: Role) -> None:
    principal = Principal(user_id=1, name="someone", role=role)
    for needed in Role:
        if list(Role).index(needed) <= list(Role).index(role):
            require(principal, needed, "do it")
        else:
            with pytest.raises(Forbidden):
                require(principal, needed, "do it")


def test_require_tells_the_anonymous_public_to_sign_in() -> None:
    for needed in Role:
        with pytest.raises(Unauthenticated):
            require(ANONYMOUS, needed, "do it")


def test_system_is_an_admin_without_a_user() -> None:
    assert SYSTEM.has(Role.ADMIN) and SYSTEM.user_id is None and SYSTEM.is_system
    assert not Principal(user_id=None, name="system", role=Role.ADMIN).is_system


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_the_anonymous_public_cannot_write(session: Session) -> None:
    with pytest.raises(Unauthenticated):
        sites.create_site(session, ANONYMOUS, {"name": "Palmyra", "kind": "city"})
    assert (count(session, Site), count(session, Revision)) == (0, 0)


def test_a_viewer_cannot_write(session: Session) -> None:
    viewer = b.user(session, "viewer")
    with pytest.raises(Forbidden):
        sites.create_site(session, viewer, {"name": "Palmyra", "kind": "city"})
    palmyra = b.site(session)
    with pytest.raises(Forbidden):
        sites.update_site(session, viewer, palmyra.id, {"name": "Tadmur"}, palmyra.version)
    with pytest.raises(Forbidden):
        sites.delete_site(session, viewer, palmyra.id, palmyra.version)
    with pytest.raises(Forbidden):
        b.event(session, palmyra, by=viewer)
    assert sites.get_site(session, viewer, palmyra.id).name == "Palmyra"
    sites_trail = select(func.count()).where(Revision.resource == "site")
    assert session.scalar(sites_trail) == 1  # the site's creation only


def test_an_editor_writes_drafts_with_their_name_on_them(session: Session) -> None:
    editor = b.user(session, "editor", "layla")
    palmyra = b.site(session, by=editor)
    event = b.event(session, palmyra, by=editor)
    assert (palmyra.created_by_id, event.created_by_id) == (editor.user_id, editor.user_id)
    assert event.status == "draft"
    created = session.scalars(select(Revision).where(Revision.resource == "event")).one()
    assert (created.user_id, created.user_name) == (editor.user_id, "layla")


def test_only_system_may_create_records_already_published(session: Session) -> None:
    editor = b.user(session, "editor")
    reviewer = b.user(session, "reviewer")
    palmyra = b.site(session)
    for principal in (editor, reviewer):
        with pytest.raises(InvalidInput) as refused:
            events.create_event(
                session,
                principal,
                {"type": "looted", "date": "2015", "site_ids": [palmyra.id], "status": "published"},
            )
        assert sorted(refused.value.errors) == ["status"]
    assert b.event(session, palmyra).status == "published"


def test_an_editor_cannot_publish_but_a_reviewer_can(session: Session) -> None:
    editor = b.user(session, "editor")
    reviewer = b.user(session, "reviewer")
    event = b.event(session, b.site(session), by=editor)
    review.change_status(
        session,
        editor,
        type(event),
        event.id,
        RevisionAction.SUBMITTED,
        expected_version=event.version,
    )
    with pytest.raises(Forbidden):
        review.change_status(
            session,
            editor,
            type(event),
            event.id,
            RevisionAction.PUBLISHED,
            expected_version=event.version,
        )
    assert event.status == "in_review"
    review.change_status(
        session,
        reviewer,
        type(event),
        event.id,
        RevisionAction.PUBLISHED,
        expected_version=event.version,
    )
    assert event.status == "published"


def test_only_an_admin_manages_users_settings_and_restores(session: Session) -> None:
    reviewer = b.user(session, "reviewer")
    admin = b.user(session, "admin")
    for principal, error in ((ANONYMOUS, Unauthenticated), (reviewer, Forbidden)):
        with pytest.raises(error):
            accounts.create_user(session, principal, {"username": "omar", "role": "viewer"})
        with pytest.raises(error):
            accounts.list_users(session, principal)
        with pytest.raises(error):
            accounts.update_user(session, principal, reviewer.user_id or 0, {"role": "admin"})
        with pytest.raises(error):
            accounts.create_token(session, principal, reviewer.user_id or 0)
        with pytest.raises(error):
            accounts.set_setting(session, principal, "allow_self_publish", True)
        with pytest.raises(error):
            records.restore(session, principal, "site", 1)
    omar = accounts.create_user(session, admin, {"username": "omar", "role": "viewer"})
    accounts.update_user(session, admin, omar.id, {"role": "editor"}, omar.version)
    assert accounts.principal_of(omar).role == Role.EDITOR
    assert [u.username for u in accounts.list_users(session, admin).items] == sorted(
        [u.username for u in session.scalars(select(User))]
    )
    accounts.set_setting(session, admin, "allow_self_publish", True)
    assert accounts.read_setting(session, admin, "allow_self_publish") is True


def test_an_admin_cannot_demote_or_disable_themselves(session: Session) -> None:
    admin = b.user(session, "admin")
    assert admin.user_id is not None
    stored = session.get(User, admin.user_id)
    assert stored is not None
    for change in ({"role": "editor"}, {"disabled": True}):
        with pytest.raises(InvalidInput):
            accounts.update_user(session, admin, admin.user_id, change, stored.version)
    assert (stored.role, stored.disabled) == ("admin", False)


def test_a_username_is_unique_and_a_role_known(session: Session) -> None:
    first = accounts.create_user(session, SYSTEM, {"username": "layla", "role": "editor"})
    with pytest.raises(Conflict) as taken:
        accounts.create_user(session, SYSTEM, {"username": "layla", "role": "viewer"})
    assert taken.value.existing == ("user", first.id)
    with pytest.raises(InvalidInput) as refused:
        accounts.create_user(session, SYSTEM, {"username": "Omar!", "role": "overlord"})
    assert sorted(refused.value.errors) == ["role", "username"]


def test_a_setting_takes_only_its_type(session: Session) -> None:
    with pytest.raises(InvalidInput):
        accounts.set_setting(session, SYSTEM, "allow_self_publish", "yes")
    with pytest.raises(InvalidInput):
        accounts.set_setting(session, SYSTEM, "no_such_setting", True)
    assert accounts.get_setting(session, "allow_self_publish") is False


# Passwords


def test_a_password_is_stored_as_an_argon2_hash_only(session: Session) -> None:
    user = accounts.create_user(
        session, SYSTEM, {"username": "layla", "role": "editor", "password": PASSWORD}
    )
    assert user.password_hash is not None and user.password_hash.startswith("$argon2id$")
    assert accounts.password_matches(user.password_hash, PASSWORD)
    assert not accounts.password_matches(user.password_hash, PASSWORD + "!")
    assert not accounts.password_matches(None, PASSWORD)
    assert not appears_anywhere(session, PASSWORD)
    accounts.update_user(session, SYSTEM, user.id, {"password": "another long passphrase"})
    assert accounts.password_matches(user.password_hash, "another long passphrase")
    assert not appears_anywhere(session, "another long passphrase")


def test_a_short_password_is_refused(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        accounts.create_user(
            session, SYSTEM, {"username": "layla", "role": "editor", "password": "short"}
        )
    assert sorted(refused.value.errors) == ["password"]


# Tokens


def make_token(session: Session, role: str = "editor", **options: Any) -> tuple[str, ApiToken]:
    user = b.user(session, role)
    assert user.user_id is not None
    return accounts.create_token(session, SYSTEM, user.user_id, **options)


def test_a_token_is_shown_once_and_only_its_hash_is_stored(session: Session) -> None:
    secret, token = make_token(session, name="partner sync")
    assert secret.startswith(accounts.TOKEN_PREFIX) and len(secret) > 40
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(token.prefix) < len(secret) // 3
    assert not appears_anywhere(session, secret)
    assert not appears_anywhere(session, secret[len(token.prefix) :])
    assert all(not hasattr(listed, "secret") for listed in accounts.list_tokens(session, SYSTEM))


def test_two_tokens_are_different(session: Session) -> None:
    first, _ = make_token(session)
    second, _ = make_token(session)
    assert first != second


def test_a_valid_token_stands_for_its_user(session: Session) -> None:
    secret, token = make_token(session, "reviewer")
    principal = accounts.authenticate_token(session, secret)
    assert principal is not None
    assert (principal.user_id, principal.role) == (token.user_id, Role.REVIEWER)
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "secret", ["", "htg_", "htg_not-a-token", "Bearer htg_x", "x" * 300, "htg_" + "a" * 300]
)
def test_an_unknown_token_stands_for_nobody(session: Session, secret: str) -> None:
    make_token(session)
    assert accounts.authenticate_token(session, secret) is None


def test_an_expired_token_fails(session: Session) -> None:
    secret, token = make_token(session)
    token.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    session.flush()
    session.expire_all()  # read back as the database stores it (SQLite: naive)
    assert accounts.authenticate_token(session, secret) is None


def test_a_revoked_token_fails(session: Session) -> None:
    secret, token = make_token(session)
    assert accounts.authenticate_token(session, secret) is not None
    accounts.revoke_token(session, SYSTEM, token.id)
    assert token.revoked_at is not None
    assert accounts.authenticate_token(session, secret) is None


def test_the_token_of_a_disabled_user_fails(session: Session) -> None:
    secret, token = make_token(session)
    accounts.update_user(session, SYSTEM, token.user_id, {"disabled": True})
    assert accounts.authenticate_token(session, secret) is None
    accounts.update_user(session, SYSTEM, token.user_id, {"disabled": False})
    assert accounts.authenticate_token(session, secret) is not None


def test_a_token_lives_between_one_day_and_ten_years(session: Session) -> None:
    user = b.user(session, "editor")
    assert user.user_id is not None
    for days in (0, accounts.MAX_TOKEN_DAYS + 1):
        with pytest.raises(InvalidInput):
            accounts.create_token(session, SYSTEM, user.user_id, days=days)
    _, token = accounts.create_token(session, SYSTEM, user.user_id, days=1)
    lifetime = token.expires_at - token.created_at
    assert lifetime == dt.timedelta(days=1)


def test_revoking_checks_the_owner_when_given(session: Session) -> None:
    _, token = make_token(session)
    other = b.user(session, "viewer")
    with pytest.raises(NotFound):
        accounts.revoke_token(session, SYSTEM, token.id, user_id=other.user_id)
    assert token.revoked_at is None


def test_an_admin_cannot_revoke_the_last_admin_token_but_the_command_line_can(
    session: Session,
) -> None:
    admin = b.user(session, "admin")
    assert admin.user_id is not None
    _, only = accounts.create_token(session, SYSTEM, admin.user_id)
    expired = accounts.create_token(session, SYSTEM, admin.user_id)[1]
    expired.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    session.flush()
    session.expire_all()  # as the database stores it (SQLite: naive)
    with pytest.raises(Conflict):
        accounts.revoke_token(session, admin, only.id)
    assert only.revoked_at is None
    accounts.revoke_token(session, admin, expired.id)  # an expired one is no credential
    accounts.revoke_token(session, SYSTEM, only.id)  # the operator, e.g. for a leaked token
    assert only.revoked_at is not None
