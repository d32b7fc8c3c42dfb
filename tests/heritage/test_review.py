"""Review before publication: draft -> in_review -> published -> retracted, four eyes, and
public reads (lists, history, stored grades) that count published records only."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM, Principal
from heritage.errors import Conflict, Forbidden, InvalidInput, NotFound
from heritage.models import Claim, Event, Revision
from heritage.services import accounts, claims, events, review
from heritage.services.grades import claim_rows
from heritage.services.history import site_history
from heritage.vocab import RevisionAction
from tests.heritage import builders as b

SUBMIT, RETURN = RevisionAction.SUBMITTED, RevisionAction.RETURNED
PUBLISH, RETRACT = RevisionAction.PUBLISHED, RevisionAction.RETRACTED


def move(
    session: Session,
    principal: Principal,
    record: Event | Claim,
    action: RevisionAction,
    reason: str | None = None,
) -> Event | Claim:
    return review.change_status(
        session,
        principal,
        type(record),
        record.id,
        action,
        expected_version=record.version,
        reason=reason,
    )


@pytest.fixture
def team(session: Session) -> dict[str, Principal]:
    return {role: b.user(session, role, role) for role in ("viewer", "editor", "reviewer")} | {
        "second_reviewer": b.user(session, "reviewer", "second-reviewer")
    }


def draft_event(session: Session, by: Principal, **fields: Any) -> Event:
    return b.event(session, b.site(session, "Temple of Bel", "temple"), by=by, **fields)


def test_a_new_event_is_a_draft_that_the_public_does_not_see(
    session: Session, team: dict[str, Principal]
) -> None:
    event = draft_event(session, team["editor"])
    assert event.status == "draft"
    assert events.list_events(session, ANONYMOUS).items == []
    assert events.list_events(session, team["viewer"], include_drafts=True).items == []
    assert events.list_events(session, ANONYMOUS, status="draft").items == []
    with pytest.raises(NotFound):
        events.get_event(session, ANONYMOUS, event.id)
    with pytest.raises(NotFound):
        events.get_event(session, team["viewer"], event.id)
    assert events.list_events(session, team["editor"]).items == []  # drafts only when asked
    assert [
        e.id for e in events.list_events(session, team["editor"], include_drafts=True).items
    ] == [event.id]
    assert events.get_event(session, team["editor"], event.id).id == event.id


def test_the_whole_way_to_publication(session: Session, team: dict[str, Principal]) -> None:
    event = draft_event(session, team["editor"])
    move(session, team["editor"], event, SUBMIT)
    assert event.status == "in_review"
    assert events.list_events(session, ANONYMOUS).items == []
    move(session, team["reviewer"], event, PUBLISH)
    assert event.status == "published"
    assert [e.id for e in events.list_events(session, ANONYMOUS).items] == [event.id]
    assert events.get_event(session, ANONYMOUS, event.id).status == "published"


def test_only_the_allowed_transitions_happen(session: Session, team: dict[str, Principal]) -> None:
    event = draft_event(session, team["editor"])
    for action in (PUBLISH, RETRACT, RETURN):
        with pytest.raises(Conflict):
            move(session, SYSTEM, event, action, reason="because")
    assert event.status == "draft"
    move(session, team["editor"], event, SUBMIT)
    with pytest.raises(Conflict):
        move(session, team["editor"], event, SUBMIT)


def test_a_viewer_cannot_even_submit(session: Session, team: dict[str, Principal]) -> None:
    event = draft_event(session, team["editor"])
    with pytest.raises(Forbidden):
        move(session, team["viewer"], event, SUBMIT)
    assert event.status == "draft"


# Four eyes


def test_an_editor_cannot_publish_even_their_own_event(
    session: Session, team: dict[str, Principal]
) -> None:
    event = draft_event(session, team["editor"])
    move(session, team["editor"], event, SUBMIT)
    with pytest.raises(Forbidden):
        move(session, team["editor"], event, PUBLISH)
    assert event.status == "in_review"


def test_a_reviewer_cannot_publish_their_own_event_but_another_can(
    session: Session, team: dict[str, Principal]
) -> None:
    event = draft_event(session, team["reviewer"])
    move(session, team["reviewer"], event, SUBMIT)
    with pytest.raises(Forbidden):
        move(session, team["reviewer"], event, PUBLISH)
    assert event.status == "in_review"
    move(session, team["second_reviewer"], event, PUBLISH)
    assert event.status == "published"


def test_a_reviewer_cannot_publish_a_claim_they_last_changed(
    session: Session, team: dict[str, Principal]
) -> None:
    event = b.event(session, b.site(session))
    claim = b.reported(session, event, b.source(session, "SOHR"), by=team["editor"])
    claims.update_claim(
        session, team["reviewer"], claim.id, {"summary": "Reworded."}, claim.version
    )
    move(session, team["editor"], claim, SUBMIT)
    with pytest.raises(Forbidden):
        move(session, team["reviewer"], claim, PUBLISH)
    move(session, team["second_reviewer"], claim, PUBLISH)
    assert claim.status == "published"


def test_returning_and_resubmitting_keeps_four_eyes(
    session: Session, team: dict[str, Principal]
) -> None:
    event = draft_event(session, team["reviewer"])
    move(session, team["reviewer"], event, SUBMIT)
    move(session, team["second_reviewer"], event, RETURN, reason="Which source dates it?")
    move(session, team["reviewer"], event, SUBMIT)
    with pytest.raises(Forbidden):
        move(session, team["reviewer"], event, PUBLISH)


def test_allow_self_publish_lets_a_one_person_team_publish(
    session: Session, team: dict[str, Principal]
) -> None:
    event = draft_event(session, team["reviewer"])
    move(session, team["reviewer"], event, SUBMIT)
    accounts.set_setting(session, SYSTEM, "allow_self_publish", True)
    move(session, team["reviewer"], event, PUBLISH)
    assert event.status == "published"


def test_allow_self_publish_does_not_let_an_editor_publish(
    session: Session, team: dict[str, Principal]
) -> None:
    accounts.set_setting(session, SYSTEM, "allow_self_publish", True)
    event = draft_event(session, team["editor"])
    move(session, team["editor"], event, SUBMIT)
    with pytest.raises(Forbidden):
        move(session, team["editor"], event, PUBLISH)


# Reasons, retraction


def test_returning_needs_a_reason(session: Session, team: dict[str, Principal]) -> None:
    event = draft_event(session, team["editor"])
    move(session, team["editor"], event, SUBMIT)
    for reason in (None, "", "   "):
        with pytest.raises(InvalidInput) as refused:
            move(session, team["reviewer"], event, RETURN, reason=reason)
        assert sorted(refused.value.errors) == ["reason"]
    assert event.status == "in_review"
    move(session, team["reviewer"], event, RETURN, reason=" No source yet. ")
    assert (event.status, event.status_reason) == ("draft", "No source yet.")


def test_retracting_needs_a_reason_and_keeps_the_record(
    session: Session, team: dict[str, Principal]
) -> None:
    event = b.event(session, b.site(session))
    with pytest.raises(InvalidInput):
        move(session, team["reviewer"], event, RETRACT)
    assert event.status == "published"
    with pytest.raises(Forbidden):
        move(session, team["editor"], event, RETRACT, reason="Wrong site.")
    move(session, team["reviewer"], event, RETRACT, reason="Wrong site.")
    session.expire_all()
    stored = session.get(Event, event.id)
    assert stored is not None and stored.deleted_at is None
    assert (stored.status, stored.status_reason) == ("retracted", "Wrong site.")
    assert events.list_events(session, ANONYMOUS).items == []
    assert events.list_events(session, team["editor"], include_drafts=True).items == []
    with pytest.raises(NotFound):
        events.get_event(session, ANONYMOUS, event.id)
    # Editors still find it when they ask for retracted events.
    assert [
        e.id for e in events.list_events(session, team["editor"], status="retracted").items
    ] == [event.id]
    assert events.list_events(session, ANONYMOUS, status="retracted").items == []


def test_a_retracted_record_cannot_be_edited(session: Session, team: dict[str, Principal]) -> None:
    event = b.event(session, b.site(session))
    move(session, team["reviewer"], event, RETRACT, reason="Duplicate.")
    with pytest.raises(Conflict):
        events.update_event(session, team["reviewer"], event.id, {"date": "2015"}, event.version)
    with pytest.raises(Conflict):
        events.delete_event(session, team["reviewer"], event.id, event.version)


def test_a_published_record_changes_only_under_a_reviewers_hand(
    session: Session, team: dict[str, Principal]
) -> None:
    event = b.event(session, b.site(session), date="2015-08-30")
    with pytest.raises(Forbidden):
        events.update_event(session, team["editor"], event.id, {"date": "2015-08"}, event.version)
    with pytest.raises(Forbidden):
        events.delete_event(session, team["editor"], event.id, event.version)
    events.update_event(session, team["reviewer"], event.id, {"date": "2015-08"}, event.version)
    assert event.date_edtf == "2015-08"


# Public reads of claims: history, claim rows, stored grades


@pytest.fixture
def disputed(session: Session, team: dict[str, Principal]) -> dict[str, Any]:
    """A published destruction with a published affirming claim and a draft dispute."""
    temple = b.site(session, "Temple of Bel", "temple")
    destruction = b.event(session, temple)
    affirmed = b.reported(session, destruction, b.source(session, "SOHR"))
    disputed = b.reported(
        session, destruction, b.source(session, "SANA"), stance="disputes", by=team["editor"]
    )
    return {"site": temple, "event": destruction, "published": affirmed, "draft": disputed}


def test_the_public_history_ignores_draft_claims(
    session: Session, team: dict[str, Principal], disputed: dict[str, Any]
) -> None:
    for principal in (ANONYMOUS, team["viewer"], team["editor"]):
        history = site_history(session, principal, disputed["site"].id)
        (event,) = history.events
        assert [c.id for c in event.claims] == [disputed["published"].id]
        assert (event.grade, event.flags) == ("weak", [])
    # Asking for drafts means nothing to those who may not see them.
    for principal in (ANONYMOUS, team["viewer"]):
        history = site_history(session, principal, disputed["site"].id, include_drafts=True)
        assert len(history.events[0].claims) == 1


def test_an_editor_asking_for_drafts_sees_them_in_the_history_and_its_grade(
    session: Session, team: dict[str, Principal], disputed: dict[str, Any]
) -> None:
    history = site_history(session, team["editor"], disputed["site"].id, include_drafts=True)
    (event,) = history.events
    assert sorted(c.id for c in event.claims) == sorted(
        [disputed["published"].id, disputed["draft"].id]
    )
    assert event.grade == "contested"
    assert [flag.kind for flag in event.flags] == ["stance_conflict"]


def test_the_stored_grade_counts_published_claims_only(
    session: Session, team: dict[str, Principal], disputed: dict[str, Any]
) -> None:
    event = disputed["event"]
    session.expire(event)
    assert event.grade == "weak"
    ids = [event.id]
    assert [row.id for row in claim_rows(session, ids)] == [disputed["published"].id]
    assert len(claim_rows(session, ids, include_drafts=True)) == 2
    move(session, team["editor"], disputed["draft"], SUBMIT)
    move(session, team["reviewer"], disputed["draft"], PUBLISH)
    session.expire(event)
    assert event.grade == "contested"
    move(session, team["reviewer"], disputed["draft"], RETRACT, reason="Misquoted.")
    session.expire(event)
    assert event.grade == "weak"
    assert len(claim_rows(session, ids, include_drafts=True)) == 1  # retracted stays out


def test_publishing_an_event_grades_the_claims_published_while_it_was_in_review(
    session: Session, team: dict[str, Principal]
) -> None:
    destruction = draft_event(session, team["editor"])
    claim = b.reported(session, destruction, b.source(session, "SOHR"), by=team["editor"])
    move(session, team["editor"], destruction, SUBMIT)
    for action in (SUBMIT, PUBLISH):
        move(session, team["editor"] if action == SUBMIT else team["reviewer"], claim, action)
    session.expire(destruction)
    assert destruction.grade == "discounted"  # its event is not public yet

    move(session, team["reviewer"], destruction, PUBLISH)
    session.expire(destruction)
    assert destruction.grade == "weak"  # one published claim now counts
    (event,) = site_history(session, ANONYMOUS, destruction.sites[0].site_id).events
    assert event.grade == destruction.grade

    move(session, team["reviewer"], destruction, RETRACT, reason="Wrong site.")
    session.expire(destruction)
    assert destruction.grade == "discounted"


def test_public_claim_lists_show_published_claims_only(
    session: Session, team: dict[str, Principal], disputed: dict[str, Any]
) -> None:
    public = [c.id for c in claims.list_claims(session, ANONYMOUS).items]
    assert public == [disputed["published"].id]
    with pytest.raises(NotFound):
        claims.get_claim(session, ANONYMOUS, disputed["draft"].id)
    drafts = claims.list_claims(session, team["editor"], include_drafts=True).items
    assert sorted(c.id for c in drafts) == sorted([disputed["published"].id, disputed["draft"].id])


def test_a_status_change_is_a_revision_with_its_reason(
    session: Session, team: dict[str, Principal]
) -> None:
    event = draft_event(session, team["editor"])
    move(session, team["editor"], event, SUBMIT)
    move(session, team["reviewer"], event, RETURN, reason="Add a source.")
    trail = session.scalars(
        select(Revision)
        .where(Revision.resource == "event", Revision.record_id == event.id)
        .order_by(Revision.id)
    ).all()
    assert [r.action for r in trail] == ["created", "submitted", "returned"]
    returned = trail[-1]
    assert returned.user_name == "reviewer" and returned.reason == "Add a source."
    assert returned.changes["status"] == ["in_review", "draft"]
    assert returned.changes["status_reason"] == [None, "Add a source."]


def test_a_reviewers_change_to_a_published_event_goes_back_to_review(
    session: Session, team: dict[str, Principal]
) -> None:
    event = b.event(session, b.site(session), date="2015-08-30")
    events.update_event(session, team["reviewer"], event.id, {"date": "2015-08"}, event.version)
    assert event.status == "in_review"
    with pytest.raises(NotFound):
        events.get_event(session, ANONYMOUS, event.id)
    with pytest.raises(Forbidden):  # the reviewer who changed it may not republish it
        move(session, team["reviewer"], event, RevisionAction.PUBLISHED)
    move(session, team["second_reviewer"], event, RevisionAction.PUBLISHED)
    assert events.get_event(session, ANONYMOUS, event.id).date_edtf == "2015-08"


def test_a_grade_override_leaves_a_published_event_published(
    session: Session, team: dict[str, Principal]
) -> None:
    event = b.event(session, b.site(session))
    events.update_event(
        session,
        team["reviewer"],
        event.id,
        {"grade_override": "confirmed", "grade_override_reason": "Imagery of 31 August."},
        event.version,
    )
    assert event.status == "published"
    assert events.get_event(session, ANONYMOUS, event.id).grade == "confirmed"


def test_published_records_are_retracted_not_deleted(
    session: Session, team: dict[str, Principal]
) -> None:
    event = b.event(session, b.site(session))
    claim = b.reported(session, event, b.source(session, "SOHR"))
    with pytest.raises(Conflict, match="retract"):
        events.delete_event(session, team["reviewer"], event.id, event.version)
    with pytest.raises(Conflict, match="retract"):
        claims.delete_claim(session, team["reviewer"], claim.id, claim.version)
    assert event.deleted_at is None and claim.deleted_at is None


# What a reviewer compares: the changes since the last publication


def test_a_reviewer_sees_each_field_changed_since_publication_against_its_published_value(
    session: Session, team: dict[str, Principal]
) -> None:
    event = draft_event(session, team["editor"], date="2015-08-30", description="First report")
    move(session, team["editor"], event, SUBMIT)
    move(session, team["second_reviewer"], event, PUBLISH)
    assert review.unpublished_changes(session, team["reviewer"], Event, event.id) == []

    # A reviewer corrects the published event: it goes back to review for another's eyes.
    events.update_event(
        session,
        team["reviewer"],
        event.id,
        {"date": "2015-08", "description": "Draft"},
        event.version,
    )
    events.update_event(
        session, team["reviewer"], event.id, {"description": "First report"}, event.version
    )
    assert event.status == "in_review"

    changes = review.unpublished_changes(session, team["second_reviewer"], Event, event.id)
    # The description came back to what was published: not a change to approve.
    assert {c.field: (c.published, c.proposed) for c in changes} == {
        "date_edtf": ("2015-08-30", "2015-08"),
        "earliest": ("2015-08-30", "2015-08-01"),
        "latest": ("2015-08-30", "2015-08-31"),
    }


def test_a_record_loaded_already_published_shows_only_what_changed_since(
    session: Session, team: dict[str, Principal]
) -> None:
    event = b.event(session, b.site(session), date="2015-08-30", description="From the import")
    events.update_event(session, team["reviewer"], event.id, {"date": "2015-08"}, event.version)

    changes = review.unpublished_changes(session, team["second_reviewer"], Event, event.id)

    assert [(c.field, c.published, c.proposed) for c in changes][0] == (
        "date_edtf",
        "2015-08-30",
        "2015-08",
    )
    assert "description" not in {c.field for c in changes}
    (waiting,) = review.awaiting_review(session, team["second_reviewer"]).items
    assert waiting.authors == ["reviewer"]


def test_a_record_never_published_shows_every_field_as_new(
    session: Session, team: dict[str, Principal]
) -> None:
    event = draft_event(session, team["editor"], description="Seen from the road")

    changes = review.unpublished_changes(session, team["reviewer"], Event, event.id)

    proposed = {c.field: c.proposed for c in changes}
    assert proposed["description"] == "Seen from the road" and proposed["type"] == "destroyed"
    assert all(c.published is None for c in changes)
    assert "status" not in proposed


def test_unpublished_changes_are_for_the_team_only(
    session: Session, team: dict[str, Principal]
) -> None:
    event = draft_event(session, team["editor"])
    with pytest.raises(Forbidden):
        review.unpublished_changes(session, team["viewer"], Event, event.id)
    with pytest.raises(NotFound):
        review.unpublished_changes(session, team["editor"], Event, event.id + 1000)


def test_the_desk_lists_every_record_in_review_with_its_changes_and_authors(
    session: Session, team: dict[str, Principal]
) -> None:
    waiting_event = draft_event(session, team["editor"], description="Seen from the road")
    move(session, team["editor"], waiting_event, SUBMIT)
    claim = b.reported(session, waiting_event, b.source(session, "SOHR"), by=team["editor"])
    claims.update_claim(
        session, team["reviewer"], claim.id, {"summary": "Reworded."}, claim.version
    )
    move(session, team["editor"], claim, SUBMIT)
    b.event(session, b.site(session, "Baalshamin", "temple"))  # published: waits for no one
    draft_event(session, team["editor"])  # a draft: not submitted yet

    waiting = review.awaiting_review(session, team["editor"])

    assert waiting.total == 2
    assert [(item.resource, item.record.id) for item in waiting.items] == [
        ("event", waiting_event.id),
        ("claim", claim.id),
    ]
    event_item, claim_item = waiting.items
    assert event_item.authors == ["editor"] and event_item.last_changed is not None
    assert {c.field: c.proposed for c in event_item.changes}["description"] == (
        "Seen from the road"
    )
    assert claim_item.authors == ["editor", "reviewer"]
    assert {c.field: c.proposed for c in claim_item.changes}["summary"] == "Reworded."
    assert review.awaiting_review(session, team["editor"], page=2, page_size=1).items[0] == (
        claim_item
    )
    with pytest.raises(Forbidden):
        review.awaiting_review(session, team["viewer"])
