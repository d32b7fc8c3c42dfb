"""The revision trail: every create, update, delete, status change, grade override and restore
writes one revision naming who did what, field by field; a failed call writes none; and the
change feed gives partners every change once, in commit order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import ANONYMOUS, SYSTEM, Principal
from heritage.db import make_engine
from heritage.errors import Conflict, Forbidden, InvalidInput, NotFound, StaleVersion
from heritage.models import Event, Revision
from heritage.services import changes, claims, events, records, review, sites
from heritage.vocab import RevisionAction
from tests.heritage import builders as b


def trail(session: Session, resource: str, record_id: int) -> list[dict[str, Any]]:
    return changes.record_revisions(session, SYSTEM, resource, record_id)


def commit_of(revision: dict[str, Any]) -> int:
    """The commit number a feed cursor carries (after the feed's epoch)."""
    return int(revision["cursor"].rpartition("-")[2].split(".")[0])


def revision_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Revision)) or 0


def test_creating_writes_a_revision_with_every_field_new(session: Session) -> None:
    editor = b.user(session, "editor", "layla")
    palmyra = b.site(
        session,
        "Palmyra",
        "city",
        by=editor,
        location={"latitude": 34.55, "longitude": 38.27},
        names=[{"name": "تدمر", "lang": "ar"}],
    )
    (created,) = trail(session, "site", palmyra.id)
    assert (created["action"], created["user_id"], created["user_name"]) == (
        "created",
        editor.user_id,
        "layla",
    )
    assert created["changes"]["name"] == [None, "Palmyra"]
    assert created["changes"]["kind"] == [None, "city"]
    assert created["changes"]["latitude"] == [None, 34.55]
    assert created["changes"]["names"] == [
        None,
        [{"name": "تدمر", "lang": "ar", "type": "alternative"}],
    ]
    assert created["reason"] is None and created["at"] is not None
    assert "version" not in created["changes"] and "created_by_id" not in created["changes"]


def test_updating_writes_the_changed_fields_only_with_old_and_new(session: Session) -> None:
    editor = b.user(session, "editor", "layla")
    palmyra = b.site(session, "Palmyra", "city", description="Oasis city.")
    sites.update_site(
        session,
        editor,
        palmyra.id,
        {"name": "Tadmur", "description": "Oasis city.", "designations": ["world_heritage"]},
        palmyra.version,
    )
    created, updated = trail(session, "site", palmyra.id)
    assert (created["user_name"], updated["user_name"]) == ("system", "layla")
    assert updated["action"] == "updated"
    assert updated["changes"] == {
        "name": ["Palmyra", "Tadmur"],
        "designations": [[], [{"designation": "world_heritage"}]],
    }


def test_an_update_that_changes_nothing_writes_no_revision(session: Session) -> None:
    palmyra = b.site(session, "Palmyra", "city")
    sites.update_site(session, SYSTEM, palmyra.id, {"name": "Palmyra"}, palmyra.version)
    assert [r["action"] for r in trail(session, "site", palmyra.id)] == ["created"]


def test_deleting_and_restoring_write_revisions_and_the_trail_survives(session: Session) -> None:
    editor = b.user(session, "editor")
    admin = b.user(session, "admin", "amal")
    event = b.event(session, b.site(session), by=editor)
    events.delete_event(session, editor, event.id, event.version)
    actions = [r["action"] for r in trail(session, "event", event.id)]
    assert actions == ["created", "deleted"]
    assert trail(session, "event", event.id)[-1]["user_id"] == editor.user_id
    records.restore(session, admin, "event", event.id)
    restored = trail(session, "event", event.id)
    assert [r["action"] for r in restored] == ["created", "deleted", "restored"]
    assert restored[-1]["user_name"] == "amal"


def test_a_status_change_writes_a_revision(session: Session) -> None:
    editor, reviewer = b.user(session, "editor"), b.user(session, "reviewer", "rasha")
    event = b.event(session, b.site(session), by=editor)
    for who, action in (
        (editor, RevisionAction.SUBMITTED),
        (reviewer, RevisionAction.PUBLISHED),
    ):
        review.change_status(session, who, Event, event.id, action, expected_version=event.version)
    review.change_status(
        session,
        reviewer,
        Event,
        event.id,
        RevisionAction.RETRACTED,
        expected_version=event.version,
        reason="Wrong day.",
    )
    revisions = trail(session, "event", event.id)
    assert [r["action"] for r in revisions] == ["created", "submitted", "published", "retracted"]
    published, retracted = revisions[2], revisions[3]
    assert published["user_name"] == "rasha"
    assert published["changes"] == {"status": ["in_review", "published"]}
    assert retracted["reason"] == "Wrong day."
    assert retracted["changes"] == {
        "status": ["published", "retracted"],
        "status_reason": [None, "Wrong day."],
    }


def test_a_grade_override_writes_a_revision_with_its_reason(session: Session) -> None:
    reviewer = b.user(session, "reviewer", "rasha")
    event = b.event(session, b.site(session))
    b.reported(session, event, b.source(session, "SOHR"))
    events.update_event(
        session,
        reviewer,
        event.id,
        {"grade_override": "confirmed", "grade_override_reason": "Satellite imagery."},
        event.version,
    )
    override = trail(session, "event", event.id)[-1]
    assert (override["action"], override["user_name"]) == ("grade_overridden", "rasha")
    assert override["reason"] == "Satellite imagery."
    assert override["changes"]["grade_override"] == [None, "confirmed"]
    assert override["changes"]["grade_override_reason"] == [None, "Satellite imagery."]


def test_an_editor_cannot_override_a_grade(session: Session) -> None:
    editor = b.user(session, "editor")
    event = b.event(session, b.site(session), by=editor)
    with pytest.raises(Forbidden):
        events.update_event(
            session,
            editor,
            event.id,
            {"grade_override": "confirmed", "grade_override_reason": "Imagery."},
            event.version,
        )
    assert [r["action"] for r in trail(session, "event", event.id)] == ["created"]


# A failed call writes nothing


FAILURES: dict[str, Callable[[Session, Principal, Event], object]] = {
    "invalid event": lambda s, p, e: events.update_event(
        s, p, e.id, {"type": "smashed", "date": "the day after"}, e.version
    ),
    "invalid claim": lambda s, p, e: claims.create_claim(
        s, p, {"event_id": e.id, "article_id": 999_999, "stance": "affirms"}
    ),
    "stale version": lambda s, p, e: events.update_event(
        s, p, e.id, {"date": "2015"}, e.version + 1
    ),
    "invalid site": lambda s, p, e: sites.create_site(s, p, {"name": " ", "kind": "city"}),
    "bad reason": lambda s, p, e: review.change_status(
        s, p, Event, e.id, RevisionAction.RETURNED, expected_version=e.version
    ),
}


@pytest.mark.parametrize("failure", FAILURES, ids=list(FAILURES))
def test_a_failed_call_writes_no_revision(session: Session, failure: str) -> None:
    reviewer = b.user(session, "reviewer")
    event = b.event(session, b.site(session), by=SYSTEM, status="in_review")
    session.commit()
    before = revision_count(session)
    with pytest.raises((InvalidInput, StaleVersion)):
        FAILURES[failure](session, reviewer, event)
    session.rollback()  # as the request's transaction does
    assert revision_count(session) == before


def test_a_call_failing_after_it_began_writing_leaves_no_revision(session: Session) -> None:
    b.site(session, "Temple of Bel", identifiers=[{"scheme": "wikidata", "value": "Q1141296"}])
    session.commit()
    before = revision_count(session)
    with pytest.raises(Conflict):
        b.site(session, "Bel", identifiers=[{"scheme": "wikidata", "value": "Q1141296"}])
    session.rollback()
    assert revision_count(session) == before


# Who sees which revisions


def test_the_public_sees_the_revisions_made_while_a_record_was_public(session: Session) -> None:
    editor, reviewer = b.user(session, "editor"), b.user(session, "reviewer")
    event = b.event(session, b.site(session), by=editor)
    with pytest.raises(NotFound):
        changes.record_revisions(session, ANONYMOUS, "event", event.id)
    events.update_event(session, editor, event.id, {"date": "2015-08"}, event.version)
    review.change_status(
        session, editor, Event, event.id, RevisionAction.SUBMITTED, expected_version=event.version
    )
    review.change_status(
        session, reviewer, Event, event.id, RevisionAction.PUBLISHED, expected_version=event.version
    )
    public = changes.record_revisions(session, ANONYMOUS, "event", event.id)
    assert [r["action"] for r in public] == ["published"]
    assert [r["action"] for r in changes.record_revisions(session, editor, "event", event.id)] == [
        "created",
        "updated",
        "submitted",
        "published",
    ]


def test_the_trail_of_a_deleted_record_is_for_editors(session: Session) -> None:
    palmyra = b.site(session)
    sites.delete_site(session, SYSTEM, palmyra.id)
    with pytest.raises(NotFound):
        changes.record_revisions(session, ANONYMOUS, "site", palmyra.id)
    editor = b.user(session, "editor")
    assert [r["action"] for r in changes.record_revisions(session, editor, "site", palmyra.id)] == [
        "created",
        "deleted",
    ]


# The change feed


def read_feed(session: Session, principal: Principal, page: int) -> list[dict[str, Any]]:
    """The whole feed, read `page` revisions at a time from each returned cursor."""
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        batch = changes.changes_since(session, principal, cursor, page)
        if not batch:
            return seen
        assert len(batch) <= page
        seen.extend(batch)
        cursor = batch[-1]["cursor"]


def test_the_feed_pages_through_every_change_once_in_commit_order(session: Session) -> None:
    palmyra = b.site(session, "Palmyra")  # one commit: site + two events + a source
    b.event(session, palmyra)
    b.event(session, palmyra, "looted", "2015-07")
    sohr = b.source(session, "SOHR")
    session.commit()
    sites.update_site(session, SYSTEM, palmyra.id, {"name": "Tadmur"}, palmyra.version)
    session.commit()
    bel = b.site(session, "Temple of Bel", "temple", parent=palmyra)
    b.reported(session, b.event(session, bel), sohr)
    session.commit()
    everything = changes.changes_since(session, SYSTEM, None, 1000)
    assert len(everything) == revision_count(session) == 9
    seqs = [commit_of(r) for r in everything]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3
    for page in (1, 2, 3, 4, 100):
        assert [r["id"] for r in read_feed(session, SYSTEM, page)] == [r["id"] for r in everything]
    # A partner resuming from the last cursor sees only what came after.
    last = everything[-1]["cursor"]
    assert changes.changes_since(session, SYSTEM, last, 10) == []
    events.update_event(session, SYSTEM, everything[-3]["record_id"], {"date": "2015-08"}, None)
    session.commit()
    (newer,) = changes.changes_since(session, SYSTEM, last, 10)
    assert (newer["action"], commit_of(newer)) == ("updated", seqs[-1] + 1)


def test_every_revision_of_one_transaction_shares_its_commit_number(session: Session) -> None:
    palmyra = b.site(session)
    b.event(session, palmyra)
    session.commit()
    b.site(session, "Bel", "temple")
    session.commit()
    first, second, third = changes.changes_since(session, SYSTEM, None, 10)
    assert commit_of(first) == commit_of(second) < commit_of(third)


def test_the_public_feed_hides_draft_only_changes(session: Session) -> None:
    editor, reviewer = b.user(session, "editor"), b.user(session, "reviewer")
    palmyra = b.site(session)
    session.commit()
    start = changes.changes_since(session, SYSTEM, None, 10)[-1]["cursor"]
    event = b.event(session, palmyra, by=editor)
    events.update_event(session, editor, event.id, {"date": "2015-08"}, event.version)
    review.change_status(
        session, editor, Event, event.id, RevisionAction.SUBMITTED, expected_version=event.version
    )
    session.commit()
    assert changes.changes_since(session, ANONYMOUS, start, 10) == []
    assert changes.changes_since(session, b.user(session, "viewer"), start, 10) == []
    assert [r["action"] for r in changes.changes_since(session, editor, start, 10)] == [
        "created",
        "updated",
        "submitted",
    ]
    review.change_status(
        session, reviewer, Event, event.id, RevisionAction.PUBLISHED, expected_version=event.version
    )
    review.change_status(
        session,
        reviewer,
        Event,
        event.id,
        RevisionAction.RETRACTED,
        expected_version=event.version,
        reason="Duplicate.",
    )
    # Published events are retracted, never deleted; a site's deletion is public.
    spare = b.site(session, "Spare depot")
    sites.delete_site(session, SYSTEM, spare.id)
    session.commit()
    public = changes.changes_since(session, ANONYMOUS, start, 10)
    assert [(r["resource"], r["action"]) for r in public] == [
        ("event", "published"),
        ("event", "retracted"),
        ("site", "created"),
        ("site", "deleted"),
    ]


def test_recent_changes_are_newest_first_by_record_type_and_public_ones_for_the_public(
    session: Session,
) -> None:
    editor, reviewer = b.user(session, "editor"), b.user(session, "reviewer")
    palmyra = b.site(session)
    event = b.event(session, palmyra, by=editor)
    review.change_status(
        session, editor, Event, event.id, RevisionAction.SUBMITTED, expected_version=event.version
    )
    session.commit()
    review.change_status(
        session, reviewer, Event, event.id, RevisionAction.PUBLISHED, expected_version=event.version
    )
    session.commit()

    team = changes.recent_changes(session, editor)
    assert [(r["resource"], r["action"]) for r in team.items][:3] == [
        ("event", "published"),
        ("event", "submitted"),
        ("event", "created"),
    ]
    assert team.items[0]["user_name"] == reviewer.name
    only_sites = changes.recent_changes(session, editor, resource="site")
    assert {r["resource"] for r in only_sites.items} == {"site"}
    assert [r["record_id"] for r in only_sites.items][0] == palmyra.id
    public = changes.recent_changes(session, ANONYMOUS, resource="event")
    assert [(r["action"], r["user_name"]) for r in public.items] == [("published", None)]
    second_page = changes.recent_changes(session, editor, page=2, page_size=1)
    assert (second_page.total, second_page.items[0]["action"]) == (team.total, "submitted")
    with pytest.raises(InvalidInput) as refused:
        changes.recent_changes(session, editor, resource="user")  # accounts stay with admins
    assert list(refused.value.errors) == ["resource"]


def test_a_revision_names_the_records_its_fields_refer_to(session: Session) -> None:
    palmyra = b.site(session)
    isil = b.actor(session, "ISIL")
    event = b.event(session, palmyra, actors=[(isil, "perpetrator")])
    claim = b.reported(session, event, b.source(session, "SOHR"))
    gone = b.site(session, "Spare depot")
    sites.delete_site(session, SYSTEM, gone.id)
    revisions = [r["changes"] for r in trail(session, "event", event.id)]
    revisions += [r["changes"] for r in trail(session, "claim", claim.id)]
    revisions.append({"parent_id": [gone.id, palmyra.id]})

    names = changes.referenced_names(session, revisions)

    assert names[("site", palmyra.id)] == "Palmyra" and names[("actor", isil.id)] == "ISIL"
    assert names[("article", claim.article_id)] == claim.article.title
    assert ("event", event.id) not in names  # events have no name to show
    assert ("site", gone.id) not in names  # deleted: read by its id


@pytest.mark.parametrize("cursor", ["", "12", "12.", "a.b", "1.2.3", "-1.2", "1" * 19 + ".1"])
def test_a_cursor_the_feed_did_not_give_is_refused(session: Session, cursor: str) -> None:
    if cursor == "":
        assert changes.changes_since(session, SYSTEM, cursor, 10) == []
        return
    with pytest.raises(InvalidInput) as refused:
        changes.changes_since(session, SYSTEM, cursor, 10)
    assert sorted(refused.value.errors) == ["since"]


def test_the_commit_mark_moves_with_each_committed_write_only(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    """The mark every conditional read is validated by (changes.last_commit)."""
    before = changes.last_commit(engine)
    with session_factory() as session:
        b.site(session, "Temple of Nabu", "temple")
        session.rollback()
    assert changes.last_commit(engine) == before
    with session_factory() as session:
        b.site(session, "Temple of Nabu", "temple")
        session.commit()
    after = changes.last_commit(engine)
    assert after != before
    assert changes.last_commit(engine) == after  # reading it changes nothing


def test_the_commit_mark_is_the_same_text_however_it_is_read(
    database_url: str, session_factory: sessionmaker[Session]
) -> None:
    """On PostgreSQL the mark is a statement prepared once per connection. psycopg drops
    every prepared statement of a connection (DEALLOCATE ALL) at a rollback once it has
    prepared some of its own, as a request's session does: the mark read next must be the
    same text, or an unchanged history would be sent again instead of a 304."""
    with session_factory() as session:
        b.site(session, "Temple of Nabu", "temple")
        session.commit()
    engine = make_engine(database_url, pool_size=1, max_overflow=0)  # always one connection
    try:
        mark = changes.last_commit(engine)
        assert "@" in mark  # the number and the time of the last commit
        with engine.connect() as connection:  # a request's session on the same connection
            for _ in range(6):  # psycopg prepares a statement it has run five times
                connection.execute(select(func.count()).select_from(Revision)).scalar_one()
            if engine.dialect.name == "postgresql":
                prepared = "SELECT count(*) FROM pg_prepared_statements WHERE NOT from_sql"
                assert connection.exec_driver_sql(prepared).scalar_one() >= 2  # its and ours
            connection.rollback()
        assert changes.last_commit(engine) == mark
        if engine.dialect.name == "postgresql":
            connection = engine.raw_connection()
            connection.driver_connection.execute("DEALLOCATE ALL")
            connection.close()
            assert changes.last_commit(engine) == mark
        with session_factory() as session:
            b.site(session, "Temple of Bel", "temple")
            session.commit()
        assert changes.last_commit(engine) != mark
    finally:
        engine.dispose()
