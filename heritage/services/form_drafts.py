"""Use cases for form drafts: an open form's values kept on the server while an editor types,
so that an expired session, a closed tab or a crash loses nothing they typed.

A draft is the form as typed, not a record: its values may be half-written and invalid, and
nothing checks them here beyond their shape and size. Saving the form (through the record's
service) is what validates them; the web app then discards the draft. Each user sees only
their own drafts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from heritage.auth import Principal, require
from heritage.models import FormDraft
from heritage.models.drafts import FORM_LENGTH
from heritage.records.fields import FieldErrors
from heritage.vocab import Role

# "events/new", "events/42", "articles/7/claims/new": a resource path, as the web app names
# its forms.
FORM_PATTERN = re.compile(r"^[a-z][a-z_-]*(/[a-z0-9_-]+){1,4}$")
# A long article's text fits; a form this size is not typed by hand.
MAX_DRAFT_BYTES = 2_000_000
MAX_FIELDS = 500

FieldValue = str | list[str]


def save_form_draft(
    session: Session,
    principal: Principal,
    form: str,
    fields: Mapping[str, object],
    base_version: int | None = None,
) -> FormDraft:
    """Keep `fields` as the user's draft of `form`, replacing the one kept before; opened
    on version `base_version` of the record it edits (None: a new record)."""
    require(principal, Role.EDITOR, "keep a form's draft")
    assert principal.user_id is not None  # an editor is a user
    errors = FieldErrors()
    _check_form(errors, form)
    values = _checked_fields(errors, fields)
    if base_version is not None and (
        isinstance(base_version, bool) or not isinstance(base_version, int) or base_version < 1
    ):
        errors.add("base_version", "A record's version: a whole number from 1.")
    errors.raise_if_any()
    now = dt.datetime.now(dt.UTC)
    draft = form_draft(session, principal, form)
    if draft is None:
        try:
            with session.begin_nested():  # the user's other tab may insert it first
                draft = FormDraft(user_id=principal.user_id, form=form)
                _fill(draft, values, base_version, now)
                session.add(draft)
            return draft
        except IntegrityError:
            draft = form_draft(session, principal, form)
            assert draft is not None
    _fill(draft, values, base_version, now)
    session.flush()
    return draft


def form_draft(session: Session, principal: Principal, form: str) -> FormDraft | None:
    """The user's draft of `form`, if they left one."""
    if principal.user_id is None:
        return None
    return session.scalar(
        select(FormDraft).where(FormDraft.user_id == principal.user_id, FormDraft.form == form)
    )


def list_form_drafts(session: Session, principal: Principal) -> list[FormDraft]:
    """The user's drafts, the most recently kept first: the forms they left unsaved."""
    if principal.user_id is None:
        return []
    return list(
        session.scalars(
            select(FormDraft)
            .where(FormDraft.user_id == principal.user_id)
            .order_by(FormDraft.saved_at.desc(), FormDraft.id.desc())
        )
    )


def discard_form_draft(session: Session, principal: Principal, form: str) -> bool:
    """Forget the user's draft of `form` (saved, or given up); whether there was one."""
    if principal.user_id is None:
        return False
    deleted = session.execute(
        delete(FormDraft).where(FormDraft.user_id == principal.user_id, FormDraft.form == form)
    )
    return bool(getattr(deleted, "rowcount", 0))


def _fill(
    draft: FormDraft, fields: dict[str, FieldValue], base_version: int | None, now: dt.datetime
) -> None:
    draft.fields = fields
    draft.base_version = base_version
    draft.saved_at = now


def _check_form(errors: FieldErrors, form: object) -> None:
    if not isinstance(form, str) or len(form) > FORM_LENGTH or not FORM_PATTERN.match(form):
        errors.add("form", "A form's path, such as events/new or events/42.")


def _storable(text: str) -> bool:
    """Text both databases keep as typed: UTF-8 (no lone surrogate) without NUL."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def _checked_fields(errors: FieldErrors, fields: Mapping[str, object]) -> dict[str, FieldValue]:
    """The fields as typed: names to text, or to lists of text (a repeated input)."""
    values: dict[str, FieldValue] = {}
    if not isinstance(fields, Mapping) or len(fields) > MAX_FIELDS:
        errors.add("fields", f"At most {MAX_FIELDS} fields, each a name and its text.")
        return values
    for name, value in fields.items():
        if not isinstance(name, str) or not 0 < len(name) <= 100:
            errors.add("fields", "Each field's name is text of 1 to 100 characters.")
        elif isinstance(value, str) and _storable(value):
            values[name] = value
        elif isinstance(value, list) and all(
            isinstance(item, str) and _storable(item) for item in value
        ):
            values[name] = list(value)
        else:
            errors.add("fields", f"{name}: text, or a list of texts, in UTF-8 without NUL.")
    if len(json.dumps(values, ensure_ascii=False).encode()) > MAX_DRAFT_BYTES:
        errors.add("fields", f"A draft holds at most {MAX_DRAFT_BYTES // 1_000_000} MB of text.")
    return values
