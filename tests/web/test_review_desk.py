"""The reviewer's desk: what waits for review with its changes since the public last saw
it, publishing and returning through the API's own rules (four eyes included), the
revision history of any record and the recent changes."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from heritage.auth import SYSTEM, Principal
from heritage.models import Event, User
from heritage.services import accounts, events, review
from heritage.vocab import RevisionAction
from tests.heritage import builders as b
from tests.web.helpers import PASSWORD, csrf_token


@dataclass
class Desk:
    corrected: Event  # published, then re-dated by a second reviewer: in review
    draft: Event  # an editor's new event, submitted: in review, never published
    own: Event  # published, then changed by the reviewer who signs in: in review
    draft_claim_id: int


def principal(session: Session, user_id: int) -> Principal:
    user = session.get(User, user_id)
    assert user is not None
    return accounts.principal_of(user)


def published_event(
    session: Session, editor: Principal, publisher: Principal, **fields: str
) -> Event:
    event = b.event(
        session, b.site(session, "Temple of Bel", "temple"), by=editor, status=None, **fields
    )
    review.change_status(
        session, editor, Event, event.id, RevisionAction.SUBMITTED, expected_version=event.version
    )
    review.change_status(
        session,
        publisher,
        Event,
        event.id,
        RevisionAction.PUBLISHED,
        expected_version=event.version,
    )
    return event


@pytest.fixture
def second_reviewer(session: Session, people: dict[str, int]) -> Principal:
    data = {
        "username": "reviewer2",
        "role": "reviewer",
        "display_name": "Second",
        "password": PASSWORD,
    }
    user = accounts.create_user(session, SYSTEM, data)
    session.commit()
    return accounts.principal_of(user)


@pytest.fixture
def desk(session: Session, people: dict[str, int], second_reviewer: Principal) -> Desk:
    editor, me = principal(session, people["editor"]), principal(session, people["reviewer"])
    corrected = published_event(session, editor, me, date="2015-08-30", description="First report")
    events.update_event(
        session, second_reviewer, corrected.id, {"date": "2015-08"}, corrected.version
    )

    draft = b.event(
        session,
        b.site(session, "Baalshamin", "temple"),
        by=editor,
        status=None,
        description="Seen from the road",
    )
    review.change_status(
        session, editor, Event, draft.id, RevisionAction.SUBMITTED, expected_version=draft.version
    )

    own = published_event(session, editor, second_reviewer, date="2015-05")
    events.update_event(session, me, own.id, {"description": "Reworded by me"}, own.version)

    claim = b.reported(
        session,
        draft,
        b.source(session, "SOHR"),
        by=editor,
        status=None,
        summary="The temple was blown up",
    )
    review.change_status(
        session,
        editor,
        type(claim),
        claim.id,
        RevisionAction.SUBMITTED,
        expected_version=claim.version,
    )
    session.commit()
    return Desk(corrected, draft, own, claim.id)


def item(page: str, resource: str, record_id: int) -> str:
    """The desk's entry for one record."""
    found = re.search(
        rf'<article class="review-item" id="{resource}-{record_id}">(.*?)</article>', page, re.S
    )
    assert found, f"{resource} {record_id} is not on the desk"
    return found.group(1)


def act(
    client: FlaskClient,
    resource: str,
    record_id: int,
    verb: str,
    version: int,
    reason: str | None = None,
) -> object:
    data = {"csrf_token": csrf_token(client, "/review"), "version": str(version)}
    if reason is not None:
        data["reason"] = reason
    return client.post(f"/review/{resource}/{record_id}/{verb}", data=data)


def api_status(app: Flask, record_id: int) -> int:
    return app.test_client().get(f"/api/v1/events/{record_id}").status_code


def test_the_desk_shows_each_field_changed_since_publication_with_its_label_and_author(
    reviewer: FlaskClient, desk: Desk
) -> None:
    page = reviewer.get("/review")
    assert page.status_code == 200
    corrected = item(page.get_data(as_text=True), "event", desk.corrected.id)

    rows = re.findall(
        r'<th scope="row">(.*?)</th>\s*<td class="old" dir="auto">(.*?)</td>\s*'
        r'<td class="new" dir="auto">(.*?)</td>',
        corrected,
    )
    assert rows == [
        ("Date", "2015-08-30", "2015-08"),
        ("Earliest day", "2015-08-30", "2015-08-01"),
        ("Latest day", "2015-08-30", "2015-08-31"),
    ]
    assert "date_edtf" not in corrected and "First report" not in corrected  # unchanged
    assert "reviewer2" in corrected  # who changed it
    # A record never published: every field is new, nothing stands as published.
    draft = item(page.get_data(as_text=True), "event", desk.draft.id)
    assert "Seen from the road" in draft and '<td class="old" dir="auto">—</td>' in draft
    # References read as the names of what they refer to, with their ids.
    assert re.search(r"Site: Baalshamin \(#\d+\)", draft)
    claim = item(page.get_data(as_text=True), "claim", desk.draft_claim_id)
    assert "The temple was blown up" in claim
    # Published records that nobody changed wait for nobody.
    assert page.get_data(as_text=True).count('class="review-item"') == 4


def test_a_reviewer_publishes_and_the_api_serves_the_new_version(
    app: Flask, reviewer: FlaskClient, desk: Desk
) -> None:
    assert api_status(app, desk.corrected.id) == 404  # in review: out of the public's sight

    response = act(reviewer, "event", desk.corrected.id, "publish", desk.corrected.version)

    assert response.status_code == 303 and response.headers["Location"] == "/review"
    page = reviewer.get("/review").get_data(as_text=True)
    assert f"Event {desk.corrected.id} is published." in page
    assert f'id="event-{desk.corrected.id}"' not in page
    public = app.test_client().get(f"/api/v1/events/{desk.corrected.id}")
    assert public.status_code == 200 and public.get_json()["date"]["edtf"] == "2015-08"


def test_a_reviewer_returns_with_a_reason_that_the_editor_reads(
    app: Flask, reviewer: FlaskClient, editor: FlaskClient, desk: Desk
) -> None:
    response = act(
        reviewer,
        "event",
        desk.draft.id,
        "return",
        desk.draft.version,
        reason="Which source dates it?",
    )

    assert response.status_code == 303
    history = editor.get(f"/history/event/{desk.draft.id}").get_data(as_text=True)
    assert "returned to its editor" in history and "Which source dates it?" in history
    assert f'id="event-{desk.draft.id}"' not in editor.get("/review").get_data(as_text=True)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_returning_without_a_reason_is_refused_next_to_the_field_and_changes_nothing(
    session: Session, reviewer: FlaskClient, desk: Desk, reason: str | None
) -> None:
    response = act(reviewer, "event", desk.draft.id, "return", desk.draft.version, reason=reason)

    assert response.status_code == 422
    entry = item(response.get_data(as_text=True), "event", desk.draft.id)
    assert 'class="error" id="reason-error-event-' in entry and 'aria-invalid="true"' in entry
    session.expire_all()
    assert session.get(Event, desk.draft.id).status == "in_review"  # type: ignore[union-attr]


def test_a_reviewer_cannot_publish_their_own_change_as_the_api_refuses_it(
    app: Flask, session: Session, reviewer: FlaskClient, people: dict[str, int], desk: Desk
) -> None:
    response = act(reviewer, "event", desk.own.id, "publish", desk.own.version)

    assert response.status_code == 403
    entry = item(response.get_data(as_text=True), "event", desk.own.id)
    assert 'class="refused" role="alert"' in entry and "four eyes" in entry
    session.expire_all()
    assert session.get(Event, desk.own.id).status == "in_review"  # type: ignore[union-attr]
    # The API, asked by the same reviewer with a bearer token, refuses it the same way.
    token, _ = accounts.create_token(session, SYSTEM, people["reviewer"], name="tests")
    session.commit()
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    path = f"/api/v1/events/{desk.own.id}"
    refused = api.post(
        f"{path}/publish", json={}, headers={"If-Match": api.get(path).headers["ETag"]}
    )
    assert refused.status_code == 403 and "four eyes" in refused.get_json()["detail"]


def test_allowing_self_publishing_lets_the_reviewer_publish_their_own_change(
    session: Session, reviewer: FlaskClient, desk: Desk
) -> None:
    accounts.set_setting(session, SYSTEM, "allow_self_publish", True)
    session.commit()

    assert act(reviewer, "event", desk.own.id, "publish", desk.own.version).status_code == 303
    session.expire_all()
    assert session.get(Event, desk.own.id).status == "published"  # type: ignore[union-attr]


def test_a_stale_or_repeated_action_is_refused_and_changes_nothing(
    session: Session, reviewer: FlaskClient, desk: Desk
) -> None:
    stale = act(reviewer, "event", desk.corrected.id, "publish", desk.corrected.version - 1)
    assert stale.status_code == 412
    assert "Nothing was changed" in item(stale.get_data(as_text=True), "event", desk.corrected.id)

    assert (
        act(reviewer, "event", desk.corrected.id, "publish", desk.corrected.version).status_code
        == 303
    )
    session.expire_all()
    again = act(reviewer, "event", desk.corrected.id, "publish", desk.corrected.version)
    assert again.status_code == 409
    assert "no longer in review" in again.get_data(as_text=True)


def test_an_unknown_record_or_action_is_not_found(reviewer: FlaskClient, desk: Desk) -> None:
    assert act(reviewer, "site", desk.draft.id, "publish", 1).status_code == 404
    assert act(reviewer, "event", desk.draft.id, "retract", 1).status_code == 404
    assert act(reviewer, "event", 999_999, "publish", 1).status_code == 404


def test_an_editor_reads_the_desk_without_its_buttons_and_cannot_publish(
    session: Session, editor: FlaskClient, desk: Desk
) -> None:
    page = editor.get("/review")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "2015-08-30" in item(text, "event", desk.corrected.id)
    assert "/publish" not in text and "/return" not in text

    refused = act(editor, "event", desk.corrected.id, "publish", desk.corrected.version)
    assert refused.status_code == 403
    session.expire_all()
    assert session.get(Event, desk.corrected.id).status == "in_review"  # type: ignore[union-attr]


def test_viewers_and_the_public_do_not_see_the_desk(
    viewer: FlaskClient, anonymous: FlaskClient, desk: Desk
) -> None:
    assert viewer.get("/review").status_code == 403
    response = anonymous.get("/review")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_history_of_a_record_shows_each_revision_with_its_changes(
    editor: FlaskClient, anonymous: FlaskClient, desk: Desk
) -> None:
    page = editor.get(f"/history/event/{desk.corrected.id}")
    assert page.status_code == 200
    revisions = re.findall(r'<li class="revision">(.*?)</li>', page.get_data(as_text=True), re.S)
    actions = [re.search(r"<strong>(.*?)</strong>", r).group(1) for r in revisions]  # type: ignore[union-attr]
    # Changed after publication: the public is told it went back to review, in the same
    # commit as the change itself (a revision for the team only).
    assert actions[:3] == ["created", "submitted for review", "published"]
    assert '<td class="new" dir="auto">in review</td>' in revisions[1]  # its status, in words
    assert sorted(actions[3:]) == ["changed", "submitted for review"]
    changed = revisions[3 + actions[3:].index("changed")]
    assert "reviewer2" in changed and "Date" in changed
    assert '<td class="old" dir="auto">2015-08-30</td>' in changed
    assert '<td class="new" dir="auto">2015-08</td>' in changed
    # The public reads the revisions made while it was public, without who made them.
    public = anonymous.get(f"/history/event/{desk.own.id}")
    assert public.status_code == 404  # in review: not public now
    assert anonymous.get(f"/history/event/{desk.draft.id}").status_code == 404
    assert anonymous.get("/history/nothing/1").status_code == 404


def test_recent_changes_list_each_revision_newest_first_by_record_type(
    editor: FlaskClient, anonymous: FlaskClient, desk: Desk
) -> None:
    page = editor.get("/changes").get_data(as_text=True)
    revisions = re.findall(r'<li class="revision">(.*?)</li>', page, re.S)
    newest = revisions[0]
    assert f"/history/claim/{desk.draft_claim_id}" in newest and "submitted for review" in newest
    # The second reviewer's correction is listed with its changed fields.
    corrected = next(
        r
        for r in revisions
        if f'/history/event/{desk.corrected.id}"' in r and "changed" in r and "reviewer2" in r
    )
    assert '<td class="new" dir="auto">2015-08</td>' in corrected

    events_only = editor.get("/changes?resource=event").get_data(as_text=True)
    assert "/history/claim/" not in events_only and "/history/event/" in events_only
    assert editor.get("/changes?resource=nothing").status_code == 422


def test_the_public_reads_public_changes_only_and_not_who_made_them(
    anonymous: FlaskClient, desk: Desk
) -> None:
    page = anonymous.get("/changes")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f'/history/event/{desk.draft.id}"' not in text  # never public
    assert f'/history/claim/{desk.draft_claim_id}"' not in text
    assert f'/history/event/{desk.corrected.id}"' in text  # its publication is public
    assert "editor" not in re.sub(r"<(?:header|nav).*?</(?:header|nav)>", "", text, flags=re.S)


def test_pages_of_changes(session: Session, editor: FlaskClient, desk: Desk) -> None:
    for number in range(25):
        b.site(session, f"Tomb {number}", "tomb")
    session.commit()
    first = editor.get("/changes").get_data(as_text=True)
    assert first.count('<li class="revision">') == 20 and 'rel="next"' in first
    second = editor.get("/changes?page=2").get_data(as_text=True)
    assert 'rel="prev"' in second and "Tomb 24" not in second


def test_the_desk_in_arabic(reviewer: FlaskClient, desk: Desk) -> None:
    page = reviewer.get("/review?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in page
    assert "Earliest day" not in page and "أبكر يوم" in page and "انشر" in page


def test_four_eyes_and_a_missing_reason_are_said_in_arabic_on_the_arabic_desk(
    reviewer: FlaskClient, desk: Desk
) -> None:
    reviewer.get("/review?lang=ar")

    own = act(reviewer, "event", desk.own.id, "publish", desk.own.version)
    unexplained = act(reviewer, "event", desk.draft.id, "return", desk.draft.version, reason=" ")

    assert own.status_code == 403
    entry = item(own.get_data(as_text=True), "event", desk.own.id)
    assert "يجب أن ينشره مراجع آخر (مبدأ الأعين الأربع)" in entry and "four eyes" not in entry
    assert unexplained.status_code == 422
    entry = item(unexplained.get_data(as_text=True), "event", desk.draft.id)
    assert "اذكر سبب إعادته: سيقرأ محرّره ذلك." in entry
