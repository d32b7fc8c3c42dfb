"""Review before publication: draft -> in_review -> published, published -> retracted.

Only a reviewer publishes, and not work they wrote or last changed (four eyes), unless an
admin has allowed self-publishing for a one-person team. Nothing is deleted by review: a
retraction keeps the record and its reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import Session

from heritage.auth import Principal, require
from heritage.errors import Conflict, Forbidden, InvalidInput
from heritage.messages import N_, record_word
from heritage.models import Claim, Event, Revision
from heritage.services.accounts import get_setting
from heritage.services.common import MAX_PAGE_SIZE, Page
from heritage.services.grades import refresh_grades
from heritage.services.records import (
    RESOURCE_NAMES,
    check_version,
    live,
    log_updated,
    snapshot,
)
from heritage.vocab import RevisionAction, Role, Status

# action -> (statuses it starts from, status it leads to, role it needs, reason required)
TRANSITIONS: dict[RevisionAction, tuple[tuple[Status, ...], Status, Role, bool]] = {
    RevisionAction.SUBMITTED: ((Status.DRAFT,), Status.IN_REVIEW, Role.EDITOR, False),
    RevisionAction.RETURNED: ((Status.IN_REVIEW,), Status.DRAFT, Role.REVIEWER, True),
    RevisionAction.PUBLISHED: ((Status.IN_REVIEW,), Status.PUBLISHED, Role.REVIEWER, False),
    RevisionAction.RETRACTED: ((Status.PUBLISHED,), Status.RETRACTED, Role.REVIEWER, True),
}

# The actions that need a reason, as messages name them ("Say why the event is returned.").
ACTION_WORDS: dict[RevisionAction, str] = {
    RevisionAction.RETURNED: N_("returned"),
    RevisionAction.RETRACTED: N_("retracted"),
}

# What counts as writing a record's content, for four eyes.
_AUTHORSHIP = (RevisionAction.CREATED.value, RevisionAction.UPDATED.value)
# Where a record stands in review, not what it says: a reviewer compares what it says.
_NOT_CONTENT = frozenset({"status", "status_reason", "grade", "flags"})


@dataclass(frozen=True)
class FieldChange:
    """One field a reviewer is asked to approve: as the public last saw it (None: never
    published, or empty then) and as it stands now."""

    field: str
    published: Any
    proposed: Any


def unpublished_changes(
    session: Session, principal: Principal, model: type[Event] | type[Claim], record_id: int
) -> list[FieldChange]:
    """What changed in a record since it was last published, field by field, in the order
    the fields were first changed: what a reviewer reads before publishing it. A field
    changed and changed back is not listed. Every field of a record never published."""
    resource = RESOURCE_NAMES[model]
    require(principal, Role.EDITOR, f"see a {resource}'s unpublished changes")
    live(session, model, record_id, principal)  # NotFound for what the reader cannot see
    return _field_changes(_written_since_publication(session, resource, record_id))


def _written_since_publication(session: Session, resource: str, record_id: int) -> list[Revision]:
    """The revisions that wrote the record's content since it was last published (all of
    them if it never was), in commit order. A record loaded already published (an import,
    the demo) was published by the revision that created it."""
    # In commit order, and by id within a commit (one transaction may publish and edit).
    trail = list(
        session.scalars(
            select(Revision)
            .where(Revision.resource == resource, Revision.record_id == record_id)
            .order_by(Revision.commit_seq, Revision.id)
        )
    )
    published_at = max(
        (index for index, revision in enumerate(trail) if _publishes(revision)), default=-1
    )
    return [revision for revision in trail[published_at + 1 :] if revision.action in _AUTHORSHIP]


def _publishes(revision: Revision) -> bool:
    if revision.action == RevisionAction.PUBLISHED.value:
        return True
    status = revision.changes.get("status") or [None, None]
    return revision.action in _AUTHORSHIP and status[1] == Status.PUBLISHED.value


def _field_changes(revisions: list[Revision]) -> list[FieldChange]:
    published: dict[str, Any] = {}
    proposed: dict[str, Any] = {}
    for revision in revisions:
        for field, (before, after) in revision.changes.items():
            if field in _NOT_CONTENT:
                continue
            published.setdefault(field, before)
            proposed[field] = after
    return [
        FieldChange(field, published[field], proposed[field])
        for field in published
        if published[field] != proposed[field]
    ]


@dataclass(frozen=True)
class AwaitingReview:
    """A record in review as the desk shows it: what changed since the public last saw
    it, who wrote those changes (in the order they wrote them) and when they last did."""

    resource: str
    record: Event | Claim
    changes: list[FieldChange]
    authors: list[str]
    last_changed: dt.datetime | None


_REVIEWED: dict[str, type[Event] | type[Claim]] = {
    RESOURCE_NAMES[model]: model for model in (Event, Claim)
}


def _last_submission(resource: str, record_id: Any) -> Any:
    """The id of the record's last `submitted` revision: ids grow as revisions are written."""
    return (
        select(func.max(Revision.id))
        .where(
            Revision.resource == resource,
            Revision.record_id == record_id,
            Revision.action == RevisionAction.SUBMITTED.value,
        )
        .scalar_subquery()
    )


def awaiting_review(
    session: Session, principal: Principal, *, page: int = 1, page_size: int = 25
) -> Page[AwaitingReview]:
    """Every event and claim in review, the longest waiting first, each with its changes
    since it was last published. The team reads it (as it reads drafts); reviewers act."""
    require(principal, Role.EDITOR, "read what awaits review")
    waiting = union_all(
        *(
            select(
                literal(RESOURCE_NAMES[model]).label("resource"),
                model.id.label("record_id"),
                # When it was last sent to review (0: loaded in review, by an import).
                func.coalesce(_last_submission(RESOURCE_NAMES[model], model.id), 0).label(
                    "submitted"
                ),
            ).where(model.status == Status.IN_REVIEW.value, model.deleted_at.is_(None))
            for model in _REVIEWED.values()
        )
    ).subquery()
    page = max(page, 1)
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    total = session.scalar(select(func.count()).select_from(waiting)) or 0
    rows = session.execute(
        select(waiting.c.resource, waiting.c.record_id)
        .order_by(waiting.c.submitted, waiting.c.resource, waiting.c.record_id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    items = []
    for resource, record_id in rows:
        record = live(session, _REVIEWED[resource], record_id, principal)
        written = _written_since_publication(session, resource, record_id)
        authors = list(dict.fromkeys(r.user_name for r in written if r.user_name))
        last_changed = written[-1].at if written else None
        items.append(
            AwaitingReview(resource, record, _field_changes(written), authors, last_changed)
        )
    return Page(items=items, total=total, page=page, page_size=page_size)


def authors_since_publication(session: Session, resource: str, record: Event | Claim) -> set[int]:
    """Everyone who wrote any of the content about to be published: each author of a
    revision since the record was last published (not only its creator and last editor)."""
    last_published = session.scalar(
        select(func.max(Revision.commit_seq)).where(
            Revision.resource == resource,
            Revision.record_id == record.id,
            Revision.action == RevisionAction.PUBLISHED.value,
        )
    )
    statement = select(Revision.user_id).where(
        Revision.resource == resource,
        Revision.record_id == record.id,
        Revision.action.in_(_AUTHORSHIP),
        Revision.user_id.is_not(None),
    )
    if last_published is not None:
        statement = statement.where(Revision.commit_seq > last_published)
    authors: set[int] = {user for user in session.scalars(statement) if user is not None}
    # Records older than the revision trail still name their creator and last editor.
    authors.update(user for user in (record.created_by_id, record.updated_by_id) if user)
    return authors


def change_status(
    session: Session,
    principal: Principal,
    model: type[Event] | type[Claim],
    record_id: int,
    action: RevisionAction,
    *,
    expected_version: int | None = None,
    reason: str | None = None,
) -> Event | Claim:
    sources, target, role, reason_required = TRANSITIONS[action]
    resource = RESOURCE_NAMES[model]
    require(principal, role, f"mark {resource}s {target.value}")
    record = live(session, model, record_id, principal)
    check_version(principal, record, expected_version)
    if record.status not in sources:
        allowed = " or ".join(status.value for status in sources)
        raise Conflict(
            f"{resource.capitalize()} {record_id} is {record.status}; only a {allowed}"
            f" {resource} can be {action.value}."
        )
    if reason_required and not (reason and reason.strip()):
        raise InvalidInput.field(
            "reason",
            N_(
                "Say why the %(record_type)s is %(action)s.",
                record_type=record_word(resource),
                action=ACTION_WORDS.get(action, action.value),
            ),
        )
    if (
        action == RevisionAction.PUBLISHED
        and principal.user_id in authors_since_publication(session, resource, record)
        and not get_setting(session, "allow_self_publish")
    ):
        raise Forbidden(
            N_(
                "You wrote or last changed %(record_type)s %(id)s: another reviewer must"
                " publish it (four eyes).",
                record_type=record_word(resource),
                id=record_id,
            )
        )
    was_public = record.status == Status.PUBLISHED
    before = snapshot(record)
    record.status = target.value
    record.status_reason = reason.strip() if reason else None
    # A status change is not authorship: `updated_by` keeps naming who wrote the content,
    # so four eyes still holds after a return and a resubmission.
    session.flush()
    # The public grade counts the published claims of published events: a claim's status
    # changes what its event's grade counts, and an event's status whether its claims count.
    refresh_grades(session, [record.event_id if isinstance(record, Claim) else record.id])
    log_updated(
        session, principal, record, before, action=action, reason=reason, was_public=was_public
    )
    return record
