"""Deleting leaves a tombstone: the record leaves every read, keeps its key and its revision
trail, and an admin can bring it back."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.errors import Conflict, Forbidden, NotFound
from heritage.models import Claim, Event, Site
from heritage.services import changes, claims, events, records, sites
from heritage.services.history import site_history
from tests.heritage import builders as b


def test_a_deleted_site_vanishes_from_reads_and_an_admin_restores_it(session: Session) -> None:
    admin = b.user(session, "admin")
    palmyra = b.site(session, "Palmyra", key="palmyra")
    sites.delete_site(session, SYSTEM, palmyra.id)
    assert session.get(Site, palmyra.id) is not None  # the row stays
    with pytest.raises(NotFound):
        sites.get_site(session, admin, palmyra.id)
    assert sites.list_sites(session, admin).items == []
    with pytest.raises(NotFound):
        site_history(session, ANONYMOUS, palmyra.id)
    with pytest.raises(NotFound):
        sites.update_site(session, SYSTEM, palmyra.id, {"name": "Tadmur"})
    with pytest.raises(NotFound):
        sites.delete_site(session, SYSTEM, palmyra.id)
    records.restore(session, admin, "site", palmyra.id)
    assert sites.get_site(session, ANONYMOUS, palmyra.id).name == "Palmyra"
    assert [s.id for s in sites.list_sites(session, ANONYMOUS).items] == [palmyra.id]


def test_the_key_of_a_tombstone_stays_taken(session: Session) -> None:
    palmyra = b.site(session, "Palmyra", key="palmyra")
    sites.delete_site(session, SYSTEM, palmyra.id)
    with pytest.raises(Conflict) as taken:
        b.site(session, "Palmyra again", key="palmyra")
    assert taken.value.existing == ("site", palmyra.id)


def test_a_deleted_event_leaves_lists_and_history_with_its_claims(session: Session) -> None:
    editor = b.user(session, "editor")
    temple = b.site(session, "Temple of Bel", "temple")
    event = b.event(session, temple)
    claim = b.reported(session, event, b.source(session, "SOHR"))
    events.delete_event(session, SYSTEM, event.id)
    assert events.list_events(session, editor, include_drafts=True).items == []
    assert site_history(session, editor, temple.id, include_drafts=True).events == []
    assert claims.list_claims(session, editor, include_drafts=True).items == []
    with pytest.raises(NotFound):
        claims.update_claim(session, SYSTEM, claim.id, {"summary": "Moved."})
    # The site is free to go now: only live events hold it.
    sites.delete_site(session, SYSTEM, temple.id)


def test_restoring_an_event_brings_back_its_claims(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    event = b.event(session, temple)
    claim = b.reported(session, event, b.source(session, "SOHR"))
    events.delete_event(session, SYSTEM, event.id)
    records.restore(session, SYSTEM, "event", event.id)
    assert [c.id for c in claims.list_claims(session, ANONYMOUS).items] == [claim.id]
    (restored,) = site_history(session, ANONYMOUS, temple.id).events
    assert (restored.id, restored.grade) == (event.id, "weak")


def test_a_deleted_claim_leaves_the_grade_and_a_restore_brings_it_back(session: Session) -> None:
    event = b.event(session, b.site(session))
    claim = b.reported(session, event, b.source(session, "SOHR"))
    claims.delete_claim(session, SYSTEM, claim.id)
    session.expire(event)
    assert event.grade == "discounted"
    with pytest.raises(NotFound):
        claims.get_claim(session, SYSTEM, claim.id)
    restored = records.restore(session, SYSTEM, "claim", claim.id)
    assert isinstance(restored, Claim) and restored.deleted_at is None
    assert claims.get_claim(session, ANONYMOUS, claim.id).id == claim.id
    session.expire(event)
    assert event.grade == "weak"


def test_only_an_admin_restores_and_only_a_tombstone(session: Session) -> None:
    event = b.event(session, b.site(session))
    events.delete_event(session, SYSTEM, event.id)
    for role in ("editor", "reviewer"):
        with pytest.raises(Forbidden):
            records.restore(session, b.user(session, role), "event", event.id)
    stored = session.get(Event, event.id)
    assert stored is not None and stored.deleted_at is not None
    records.restore(session, SYSTEM, "event", event.id)
    with pytest.raises(NotFound):
        records.restore(session, SYSTEM, "event", event.id)  # live now
    with pytest.raises(NotFound):
        records.restore(session, SYSTEM, "event", 999_999)
    with pytest.raises(NotFound):
        records.restore(session, SYSTEM, "user", 1)


def test_the_revision_trail_survives_deletion(session: Session) -> None:
    editor = b.user(session, "editor")
    palmyra = b.site(session, "Palmyra")
    sites.update_site(session, SYSTEM, palmyra.id, {"name": "Tadmur"})
    sites.delete_site(session, SYSTEM, palmyra.id)
    trail = changes.record_revisions(session, editor, "site", palmyra.id)
    assert [r["action"] for r in trail] == ["created", "updated", "deleted"]
    assert trail[1]["changes"] == {"name": ["Palmyra", "Tadmur"]}
    feed = changes.changes_since(session, ANONYMOUS, None, 100)
    assert [(r["resource"], r["action"]) for r in feed][-1] == ("site", "deleted")
