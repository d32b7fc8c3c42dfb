"""Optimistic concurrency: every change says which version it read; a stale one changes
nothing, a missing one is refused (except from the command line), a good one moves the
version on by one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritage.auth import SYSTEM, Principal
from heritage.errors import PreconditionRequired, StaleVersion
from heritage.models import Event, Revision, User
from heritage.models.common import Tracked
from heritage.services import (
    accounts,
    actors,
    articles,
    claims,
    events,
    records,
    review,
    sites,
    sources,
)
from heritage.vocab import RevisionAction
from tests.heritage import builders as b

Update = Callable[[Session, Principal, int, dict[str, Any], int | None], Tracked]

# resource -> (make one as SYSTEM, update it, a change, another change)
CASES: dict[str, tuple[Callable[[Session], Tracked], Update, dict[str, Any], dict[str, Any]]] = {
    "site": (
        lambda s: b.site(s, "Palmyra"),
        sites.update_site,
        {"name": "Tadmur"},
        {"names": [{"name": "تدمر", "lang": "ar"}]},
    ),
    "actor": (
        lambda s: b.actor(s, "ISIL"),
        actors.update_actor,
        {"name": "Islamic State"},
        {"aliases": ["Daesh"]},
    ),
    "source": (
        lambda s: b.source(s, "SOHR"),
        sources.update_source,
        {"name": "Syrian Observatory"},
        {"description": "Coventry."},
    ),
    "article": (
        lambda s: b.article(s, b.source(s, "SANA")),
        articles.update_article,
        {"title": "Palmyra retaken"},
        {"language": "ar"},
    ),
    "event": (
        lambda s: b.event(s, b.site(s), status="draft"),
        events.update_event,
        {"date": "2015-08"},
        {"description": "The cella was blown up."},
    ),
    "claim": (
        lambda s: b.reported(s, b.event(s, b.site(s)), b.source(s, "SOHR"), status="draft"),
        claims.update_claim,
        {"summary": "Blown up."},
        {"basis": "imagery"},
    ),
}


def revisions(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Revision)) or 0


@pytest.mark.parametrize("resource", CASES)
def test_each_successful_update_moves_the_version_on_by_one(
    session: Session, resource: str
) -> None:
    make, update, first, second = CASES[resource]
    editor = b.user(session, "editor")
    record = make(session)
    start = record.version
    update(session, editor, record.id, first, start)
    assert record.version == start + 1
    update(session, editor, record.id, second, start + 1)  # owned children only, for most
    assert record.version == start + 2


@pytest.mark.parametrize("resource", CASES)
def test_a_stale_version_changes_nothing(session: Session, resource: str) -> None:
    make, update, first, second = CASES[resource]
    editor = b.user(session, "editor")
    record = make(session)
    start = record.version
    update(session, editor, record.id, first, start)
    session.commit()
    before = revisions(session)
    snapshot = records.snapshot(record)
    with pytest.raises(StaleVersion):
        update(session, editor, record.id, second, start)
    session.rollback()
    session.expire_all()
    assert record.version == start + 1
    assert records.snapshot(record) == snapshot
    assert revisions(session) == before
    with pytest.raises(StaleVersion):
        update(session, editor, record.id, second, start + 2)


@pytest.mark.parametrize("resource", CASES)
def test_a_change_without_a_version_is_refused_unless_it_comes_from_the_system(
    session: Session, resource: str
) -> None:
    make, update, first, second = CASES[resource]
    record = make(session)
    start = record.version
    with pytest.raises(PreconditionRequired):
        update(session, b.user(session, "reviewer"), record.id, first, None)
    assert record.version == start
    update(session, SYSTEM, record.id, first, None)
    assert record.version == start + 1


def test_a_stale_delete_leaves_the_record(session: Session) -> None:
    editor = b.user(session, "editor")
    event = b.event(session, b.site(session), status="draft")
    read = event.version
    events.update_event(session, editor, event.id, {"date": "2015"}, read)
    with pytest.raises(StaleVersion):
        events.delete_event(session, editor, event.id, read)
    with pytest.raises(PreconditionRequired):
        events.delete_event(session, editor, event.id, None)
    assert events.get_event(session, editor, event.id).deleted_at is None
    palmyra = b.site(session, "Palmyra")
    with pytest.raises(StaleVersion):
        sites.delete_site(session, editor, palmyra.id, 7)
    sites.delete_site(session, editor, palmyra.id, palmyra.version)


Delete = Callable[[Session, Principal, int, int | None], None]
DELETES: dict[str, tuple[Callable[[Session], Tracked], Delete]] = {
    "actor": (lambda s: b.actor(s, "ISIL"), actors.delete_actor),
    "source": (lambda s: b.source(s, "SOHR"), sources.delete_source),
    "article": (lambda s: b.article(s, b.source(s, "SANA")), articles.delete_article),
}


@pytest.mark.parametrize("resource", DELETES)
def test_a_delete_needs_the_current_version(session: Session, resource: str) -> None:
    make, delete = DELETES[resource]
    editor = b.user(session, "editor")
    record = make(session)
    before = revisions(session)
    with pytest.raises(PreconditionRequired):
        delete(session, editor, record.id, None)
    with pytest.raises(StaleVersion):
        delete(session, editor, record.id, record.version + 1)
    assert record.deleted_at is None
    assert revisions(session) == before
    delete(session, editor, record.id, record.version)
    assert record.deleted_at is not None


def test_a_status_change_checks_and_moves_the_version(session: Session) -> None:
    editor = b.user(session, "editor")
    event = b.event(session, b.site(session), by=editor)
    read = event.version
    with pytest.raises(PreconditionRequired):
        review.change_status(session, editor, Event, event.id, RevisionAction.SUBMITTED)
    with pytest.raises(StaleVersion):
        review.change_status(
            session, editor, Event, event.id, RevisionAction.SUBMITTED, expected_version=read + 1
        )
    assert (event.status, event.version) == ("draft", read)
    review.change_status(
        session, editor, Event, event.id, RevisionAction.SUBMITTED, expected_version=read
    )
    assert (event.status, event.version) == ("in_review", read + 1)


def test_two_writers_from_the_same_version_one_wins(session: Session) -> None:
    editor, other = b.user(session, "editor"), b.user(session, "editor")
    palmyra = b.site(session, "Palmyra")
    read = palmyra.version
    sites.update_site(session, editor, palmyra.id, {"name": "Tadmur"}, read)
    with pytest.raises(StaleVersion):
        sites.update_site(session, other, palmyra.id, {"name": "Tadmor"}, read)
    assert palmyra.name == "Tadmur"


def test_changing_a_user_checks_its_version(session: Session) -> None:
    admin = b.user(session, "admin")
    omar = accounts.create_user(session, SYSTEM, {"username": "omar", "role": "viewer"})
    with pytest.raises(PreconditionRequired):
        accounts.update_user(session, admin, omar.id, {"role": "editor"})
    with pytest.raises(StaleVersion):
        accounts.update_user(session, admin, omar.id, {"role": "editor"}, omar.version + 1)
    accounts.update_user(session, admin, omar.id, {"role": "editor"}, omar.version)
    stored = session.get(User, omar.id)
    assert stored is not None and (stored.role, stored.version) == ("editor", 2)
