"""What every edited record shares: reading live records, versions, authorship,
tombstones, snapshots for the revision trail, and who may see what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import ORMOption

from heritage.auth import Principal, require
from heritage.errors import Conflict, NotFound, PreconditionRequired, StaleVersion
from heritage.messages import N_, record_word
from heritage.models import Claim
from heritage.models.common import Tracked
from heritage.records import DEFINITIONS
from heritage.revisions import changed_fields, record_revision
from heritage.services.grades import refresh_grades
from heritage.services.references import ensure_references_live
from heritage.services.visibility import REVIEWED, is_live
from heritage.services.visibility import is_public as is_public  # re-exported for callers
from heritage.services.visibility import visible as visible  # re-exported for callers
from heritage.vocab import RevisionAction, Role, Status

RecordT = TypeVar("RecordT", bound=Tracked)
NewRow = Callable[..., Any]  # new_row's signature: (model, **values) -> instance

RESOURCE_NAMES: dict[type[Tracked], str] = {d.model: t for t, d in DEFINITIONS.items()}
MODELS_BY_RESOURCE = {name: model for model, name in RESOURCE_NAMES.items()}

# Columns that are bookkeeping or derived, not what a user edited.
_NOT_CONTENT = {
    "created_at",
    "updated_at",
    "version",
    "created_by_id",
    "updated_by_id",
    "deleted_at",
    "deleted_by_id",
    "name_folded",
    "grade",
    "public_latitude",
    "public_longitude",
    "url_key",
    # An archived text can be megabytes; its SHA-256 stands for it in the trail.
    "text",
}


def snapshot(record: Tracked) -> dict[str, Any]:
    """The record's content with its owned children, as the revision trail compares it."""
    mapper = inspect(record).mapper
    data: dict[str, Any] = {
        attr.key: getattr(record, attr.key)
        for attr in mapper.column_attrs
        if attr.key not in _NOT_CONTENT and attr.key != "id"
    }
    for relation in mapper.relationships:
        if not relation.cascade.delete_orphan:
            continue
        parent_keys = {column.key for column in relation.remote_side}
        data[relation.key] = [
            {
                attr.key: getattr(child, attr.key)
                for attr in inspect(child).mapper.column_attrs
                if attr.key != "id"
                and attr.key not in parent_keys
                and attr.key not in _NOT_CONTENT
                and not attr.key.endswith("_folded")
            }
            for child in getattr(record, relation.key)
        ]
    return data


def live(
    session: Session,
    model: type[RecordT],
    record_id: int,
    principal: Principal,
    *,
    include_drafts: bool = True,
    options: Sequence[ORMOption] = (),
) -> RecordT:
    """The record, unless it is a tombstone or hidden from `principal` (then NotFound).
    `options` (eager loads) apply when it is read from the database, not when the session
    holds it already."""
    record = session.get(model, record_id, options=options)
    editor_view = include_drafts and principal.sees_drafts
    if record is None or not (is_live(record) if editor_view else is_public(record)):
        raise NotFound(RESOURCE_NAMES[model], record_id)
    return record


def check_version(principal: Principal, record: Any, expected_version: int | None) -> None:
    """Optimistic concurrency: a change must say which version it was based on."""
    if expected_version is None:
        if principal.is_system:  # the command line and data loads work on what they read
            return
        raise PreconditionRequired(N_("Send the version you are changing (If-Match: its ETag)."))
    if expected_version != record.version:
        raise StaleVersion(
            N_(
                "%(Record_type)s %(id)s is at version %(version)s, not %(expected)s:"
                " read it again and reapply your change.",
                Record_type=record_word(RESOURCE_NAMES.get(type(record), "user")).capitalize(),
                id=record.id,
                version=record.version,
                expected=expected_version,
            )
        )


def require_editing(principal: Principal, record: Tracked | None, resource: str) -> None:
    """Editors change drafts; a published record changes only under a reviewer's hand,
    and then goes back to review (see `reopen_for_review`)."""
    require(
        principal, Role.EDITOR, N_("change %(record_type)ss", record_type=record_word(resource))
    )
    if record is not None and isinstance(record, REVIEWED):
        if record.status == Status.RETRACTED:
            raise Conflict(
                N_(
                    "%(Record_type)s %(id)s is retracted: it stays as it was.",
                    Record_type=record_word(resource).capitalize(),
                    id=record.id,
                )
            )
        if record.status == Status.PUBLISHED:
            require(
                principal,
                Role.REVIEWER,
                N_("change a published %(record_type)s", record_type=record_word(resource)),
            )


# The review rules below bind people; SYSTEM (the command line, data loads) carries records
# already reviewed elsewhere, as it may create them published.


def refuse_deleting_published(principal: Principal, record: Tracked, resource: str) -> None:
    """Published records are retracted with a reason, never deleted."""
    if principal.is_system:
        return
    if isinstance(record, REVIEWED) and record.status == Status.PUBLISHED:
        raise Conflict(
            N_(
                "%(Record_type)s %(id)s is published: retract it, with a reason,"
                " instead of deleting it.",
                Record_type=record_word(resource).capitalize(),
                id=record.id,
            )
        )


def reopen_for_review(principal: Principal, record: Tracked) -> bool:
    """After a change to a published record's content, it waits for another reviewer:
    nothing reaches the public that a second person did not check. True if reopened."""
    if principal.is_system:
        return False
    if isinstance(record, REVIEWED) and record.status == Status.PUBLISHED:
        record.status = Status.IN_REVIEW.value
        return True
    return False


def log_reopened(session: Session, principal: Principal, record: Tracked) -> None:
    """Tell the public that a published record left public view for review, without the
    unreviewed change itself (that revision is for editors only)."""
    record_revision(
        session,
        principal,
        RESOURCE_NAMES[type(record)],
        record.id,
        RevisionAction.SUBMITTED,
        changes={"status": [Status.PUBLISHED.value, Status.IN_REVIEW.value]},
        reason="Changed after publication: back in review.",
        public=True,
    )


def new_row(model: Callable[..., Any], **values: Any) -> Any:
    """A new instance of `model`: what the `fill_*` functions build owned rows (a site's
    names, an event's sites) with, unless a bulk load gives them a lighter stand-in."""
    return model(**values)


def stamp_created(record: Tracked, principal: Principal) -> None:
    record.created_by_id = principal.user_id
    record.updated_by_id = principal.user_id


def stamp_updated(record: Tracked, principal: Principal) -> None:
    # Setting these always issues an UPDATE of the row, so its version moves even when
    # only owned children (names, aliases…) changed.
    record.updated_by_id = principal.user_id
    record.updated_at = dt.datetime.now(dt.UTC)


def save_new(
    session: Session, principal: Principal, record: RecordT, apply: Callable[[RecordT], None]
) -> RecordT:
    """What every creation does after validating, in its one order: add the record, apply
    the input, stamp its author, flush (for an id), write its revision."""
    session.add(record)
    apply(record)
    stamp_created(record, principal)
    session.flush()
    log_created(session, principal, record)
    return record


def save_changes(
    session: Session, principal: Principal, record: RecordT, apply: Callable[[RecordT], None]
) -> RecordT:
    """What every plain update does after validating: apply the input, stamp the editor
    (which moves the version), flush, and write the revision of what changed."""
    before = snapshot(record)
    apply(record)
    stamp_updated(record, principal)
    session.flush()
    log_updated(session, principal, record, before)
    return record


def log_created(session: Session, principal: Principal, record: Tracked) -> None:
    record_revision(
        session,
        principal,
        RESOURCE_NAMES[type(record)],
        record.id,
        RevisionAction.CREATED,
        changes=changed_fields({}, snapshot(record)),
        public=is_public(record),
    )


def log_updated(
    session: Session,
    principal: Principal,
    record: Tracked,
    before: Mapping[str, Any],
    *,
    action: RevisionAction = RevisionAction.UPDATED,
    reason: str | None = None,
    was_public: bool | None = None,
) -> None:
    changes = changed_fields(before, snapshot(record))
    if not changes and action == RevisionAction.UPDATED:
        return
    record_revision(
        session,
        principal,
        RESOURCE_NAMES[type(record)],
        record.id,
        action,
        changes=changes,
        reason=reason,
        public=is_public(record) or bool(was_public),
    )


def tombstone(
    session: Session, principal: Principal, record: Tracked, reason: str | None = None
) -> None:
    was_public = is_public(record)
    record.deleted_at = dt.datetime.now(dt.UTC)
    record.deleted_by_id = principal.user_id
    stamp_updated(record, principal)
    session.flush()
    record_revision(
        session,
        principal,
        RESOURCE_NAMES[type(record)],
        record.id,
        RevisionAction.DELETED,
        reason=reason,
        public=was_public,
    )


def restore(session: Session, principal: Principal, resource: str, record_id: int) -> Tracked:
    """Bring a tombstone back (admins only); its revision trail continues. Refused while
    it refers to a tombstone (references.ensure_references_live): restore that first."""
    require(principal, Role.ADMIN, "restore deleted records")
    model = MODELS_BY_RESOURCE.get(resource)
    record = session.get(model, record_id) if model else None
    if record is None or record.deleted_at is None:
        raise NotFound(f"deleted {resource}", record_id)
    ensure_references_live(session, record, resource)
    record.deleted_at = None
    record.deleted_by_id = None
    stamp_updated(record, principal)
    session.flush()
    if isinstance(record, Claim):  # deleting it regraded its event; so does bringing it back
        refresh_grades(session, [record.event_id])
    record_revision(
        session, principal, resource, record.id, RevisionAction.RESTORED, public=is_public(record)
    )
    return record
