"""Deleting leaves a tombstone: the record leaves every read, keeps its key and its revision
trail, and an admin can bring it back. A record goes only while nothing live refers to it,
and comes back only while everything it refers to is live."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.errors import Conflict, Forbidden, InvalidInput, NotFound
from heritage.models import Actor, Claim, Event, Site
from heritage.services import actors, changes, claims, events, records, sites, sources
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


# Actors and sources go only when nothing live refers to them


def test_an_actor_named_anywhere_is_not_deleted_and_the_refusal_names_each_use(
    session: Session,
) -> None:
    isil = b.actor(session, "ISIL")
    unit = b.actor(session, "Wilayat Homs", part_of=isil)
    event = b.event(session, b.site(session), actors=[(isil, "perpetrator")], status="draft")
    claim = b.reported(session, event, b.source(session, "SOHR"), stated_actor=isil)
    spokesman = b.source(session, "Amaq", speaks_for=isil)
    with pytest.raises(Conflict) as refused:
        actors.delete_actor(session, SYSTEM, isil.id)
    assert [(r.resource, r.field, r.ids) for r in refused.value.referenced_by] == [
        ("event", "actors", (event.id,)),
        ("claim", "stated_actor_id", (claim.id,)),
        ("source", "actor_id", (spokesman.id,)),
        ("actor", "part_of_id", (unit.id,)),
    ]
    assert f"event ({event.id})" not in refused.value.detail  # counted and named by field
    assert f"1 event (actors: {event.id})" in refused.value.detail
    # Each use removed in turn, the last one lets it go.
    actors.delete_actor(session, SYSTEM, unit.id)
    sources.update_source(session, SYSTEM, spokesman.id, {"actor_id": None})
    claims.update_claim(session, SYSTEM, claim.id, {"stated_actor_id": None})
    with pytest.raises(Conflict) as still:
        actors.delete_actor(session, SYSTEM, isil.id)
    assert [r.resource for r in still.value.referenced_by] == ["event"]
    events.delete_event(session, SYSTEM, event.id)  # a draft: deleted, not retracted
    actors.delete_actor(session, SYSTEM, isil.id)
    with pytest.raises(NotFound):
        actors.get_actor(session, SYSTEM, isil.id)


def test_a_source_used_anywhere_is_not_deleted(session: Session) -> None:
    observatory = b.source(session, "SOHR")
    director = b.source(session, "Rami Abdulrahman", "person", affiliation=observatory)
    wire, outlet = b.source(session, "AFP"), b.source(session, "France 24")
    story = b.article(session, outlet, syndicated_from=wire)
    claim = b.claim(session, story, b.event(session, b.site(session)), speaker=director)
    expected = {
        observatory.id: [("source", "affiliation_id", (director.id,))],
        director.id: [("claim", "speaker_id", (claim.id,))],
        wire.id: [("article", "syndicated_from_id", (story.id,))],
        outlet.id: [("article", "publisher_id", (story.id,))],
    }
    for source_id, uses in expected.items():
        with pytest.raises(Conflict) as refused:
            sources.delete_source(session, SYSTEM, source_id)
        assert [(r.resource, r.field, r.ids) for r in refused.value.referenced_by] == uses
    assert len(sources.list_sources(session, ANONYMOUS).items) == 4


def test_a_retracted_record_still_holds_what_it_names(session: Session) -> None:
    """Retracted records are kept with their reason, so what they name is kept too."""
    isil = b.actor(session, "ISIL")
    b.event(session, b.site(session), actors=[(isil, "perpetrator")], status="retracted")
    with pytest.raises(Conflict):
        actors.delete_actor(session, SYSTEM, isil.id)


def test_a_deleted_actor_and_source_leave_reads_and_an_admin_restores_them(
    session: Session,
) -> None:
    admin, editor = b.user(session, "admin"), b.user(session, "editor")
    isil = b.actor(session, "ISIL", aliases=["Daesh"])
    amaq = b.source(session, "Amaq", speaks_for=isil)
    sources.delete_source(session, editor, amaq.id, amaq.version)
    actors.delete_actor(session, editor, isil.id, isil.version)
    assert actors.list_actors(session, editor, q="daesh").items == []
    assert sources.list_sources(session, editor).items == []
    with pytest.raises(NotFound):
        sources.get_source(session, editor, amaq.id)
    with pytest.raises(InvalidInput) as refused:  # nothing new may name them
        b.event(session, b.site(session), actors=[(isil, "perpetrator")])
    assert sorted(refused.value.errors) == ["actors.0.actor_id"]
    # The source speaks for the actor: it comes back after it, not before.
    with pytest.raises(Conflict) as dangling:
        records.restore(session, admin, "source", amaq.id)
    assert dangling.value.errors == {"actor_id": [f"Actor {isil.id} is deleted: restore it first."]}
    records.restore(session, admin, "actor", isil.id)
    records.restore(session, admin, "source", amaq.id)
    assert [a.id for a in actors.list_actors(session, ANONYMOUS, q="daesh").items] == [isil.id]
    assert sources.get_source(session, ANONYMOUS, amaq.id).actor_id == isil.id
    feed = changes.changes_since(session, ANONYMOUS, None, 100)
    public = [(r["resource"], r["action"]) for r in feed if r["resource"] in ("actor", "source")]
    assert public[-4:] == [
        ("source", "deleted"),
        ("actor", "deleted"),
        ("actor", "restored"),
        ("source", "restored"),
    ]


def test_a_unit_comes_back_only_inside_a_live_actor(session: Session) -> None:
    isil = b.actor(session, "ISIL")
    unit = b.actor(session, "Wilayat Homs", part_of=isil)
    actors.delete_actor(session, SYSTEM, unit.id)
    actors.delete_actor(session, SYSTEM, isil.id)
    with pytest.raises(Conflict) as refused:
        records.restore(session, SYSTEM, "actor", unit.id)
    assert list(refused.value.errors) == ["part_of_id"]
    assert session.get(Actor, unit.id).deleted_at is not None  # type: ignore[union-attr]


def test_an_event_comes_back_only_where_its_sites_are(session: Session) -> None:
    temple = b.site(session, "Temple of Bel", "temple")
    event = b.event(session, temple)
    events.delete_event(session, SYSTEM, event.id)
    sites.delete_site(session, SYSTEM, temple.id)
    with pytest.raises(Conflict) as refused:
        records.restore(session, SYSTEM, "event", event.id)
    assert list(refused.value.errors) == ["site_ids"]
    records.restore(session, SYSTEM, "site", temple.id)
    records.restore(session, SYSTEM, "event", event.id)
