"""An editor sends a draft event and its claims to the reviewers from the event's page, as
the API's submit does: the desk then shows them; a stale page changes nothing."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from heritage.models import Claim, Event, User
from heritage.services import accounts
from tests.heritage import builders as b
from tests.web.helpers import csrf_token


def drafts(session: Session, people: dict[str, int]) -> tuple[Event, Claim]:
    user = session.get(User, people["editor"])
    assert user is not None
    editor = accounts.principal_of(user)
    temple = b.site(session, "Temple of Bel", "temple")
    event = b.event(session, temple, by=editor, status=None)
    publisher = b.source(session, "SANA")
    claim = b.claim(session, b.article(session, publisher), event, by=editor, status=None)
    session.commit()
    return event, claim


def test_an_editor_sends_a_draft_event_and_its_claim_to_review_from_its_page(
    editor: FlaskClient, reviewer: FlaskClient, session: Session, people: dict[str, int]
) -> None:
    event, claim = drafts(session, people)
    page = editor.get(f"/events/{event.id}").get_data(as_text=True)
    assert f'id="submit-event-{event.id}"' in page and f'id="submit-claim-{claim.id}"' in page

    token = csrf_token(editor, f"/events/{event.id}")
    for resource, record in (("event", event), ("claim", claim)):
        sent = editor.post(
            f"/submit/{resource}/{record.id}",
            data={"csrf_token": token, "version": record.version},
        )
        assert sent.status_code == 303 and sent.headers["Location"] == f"/events/{event.id}"

    page = editor.get(f"/events/{event.id}").get_data(as_text=True)
    assert f"Claim {claim.id} is sent to review." in page
    assert 'id="submit-' not in page
    session.expire_all()
    assert session.get(Event, event.id).status == "in_review"  # type: ignore[union-attr]
    assert session.get(Claim, claim.id).status == "in_review"  # type: ignore[union-attr]
    desk = reviewer.get("/review").get_data(as_text=True)
    assert f"/review/event/{event.id}/publish" in desk


def test_a_stale_submit_changes_nothing_and_says_why(
    editor: FlaskClient, session: Session, people: dict[str, int]
) -> None:
    event, _ = drafts(session, people)
    token = csrf_token(editor, f"/events/{event.id}")

    sent = editor.post(
        f"/submit/event/{event.id}", data={"csrf_token": token, "version": event.version + 5}
    )

    assert sent.status_code == 303
    page = editor.get(f"/events/{event.id}").get_data(as_text=True)
    assert 'class="error"' in page
    session.expire_all()
    assert session.get(Event, event.id).status == "draft"  # type: ignore[union-attr]
