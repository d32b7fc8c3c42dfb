"""Candidate claims in the web app: an editor extracts them from an article's archived text,
accepts, edits or rejects each on the article's candidates page, and finds the articles
waiting for decisions on the review desk; admins see each extractor version's acceptance."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritage.demo import load_demo
from heritage.extraction.candidates import EXTRACTOR_VERSION
from heritage.models import Article, Claim, ClaimCandidate, Event, Site, Source
from heritage.vocab import CandidateStatus, Status
from tests.heritage.extraction.helpers import archive_retold
from tests.web.helpers import csrf_token, sign_in

TITLE = "Government troops retake Palmyra"


@pytest.fixture
def article_id(session: Session, people: dict[str, int]) -> int:
    """The demo's records, and our retelling of the seed article with its text archived."""
    load_demo(session)
    made = archive_retold(session)
    session.commit()
    return made.id


@pytest.fixture
def admin(app: Flask, people: dict[str, int]) -> FlaskClient:
    return sign_in(app.test_client(), "admin")


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def extract(client: FlaskClient, article_id: int) -> Any:
    token = csrf_token(client, f"/articles/{article_id}")
    return client.post(f"/articles/{article_id}/extract", data={"csrf_token": token})


def count(session: Session, model: Any) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model)) or 0


def pending(session: Session, **wanted: Any) -> ClaimCandidate:
    session.expire_all()
    rows = session.scalars(
        select(ClaimCandidate)
        .where(ClaimCandidate.status == CandidateStatus.PENDING.value)
        .order_by(ClaimCandidate.quote_start, ClaimCandidate.id)
    ).all()
    return next(c for c in rows if all(getattr(c, k) == v for k, v in wanted.items()))


def site_id(session: Session, key: str) -> int:
    found = session.scalar(select(Site.id).where(Site.key == key))
    assert found is not None
    return found


def prison(session: Session) -> ClaimCandidate:
    return pending(session, site_id=site_id(session, "tadmur-prison"), event_type="destroyed")


def block_of(page: str, candidate_id: int) -> str:
    """The candidate's article element on the candidates page."""
    found = re.search(rf'<article[^>]*id="candidate-{candidate_id}".*?</article>', page, re.S)
    assert found, f"candidate {candidate_id} is not listed as pending"
    return found.group(0)


def decide(
    client: FlaskClient, article_id: int, candidate: ClaimCandidate, verb: str, **form: Any
) -> Any:
    token = csrf_token(client, f"/articles/{article_id}/candidates")
    data = {"csrf_token": token, "version": str(candidate.version), **form}
    return client.post(f"/articles/{article_id}/candidates/{candidate.id}/{verb}", data=data)


def edit_form(candidate: ClaimCandidate, **changed: str) -> dict[str, str]:
    """The "Edit and accept" form as it opens, with `changed` typed over it."""
    values = {
        "edit": "1",
        "site_id": str(candidate.site_id or ""),
        "event_type": candidate.event_type or "",
        "date": candidate.date_edtf or "",
        "actor_id": str(candidate.actor_id or ""),
        "actor_role": candidate.actor_role or "",
        "speaker_id": str(candidate.speaker_id or ""),
        "stance": candidate.stance,
        "event_id": str(candidate.event_id or ""),
    }
    return {**values, **changed}


def test_the_extract_button_is_for_the_team_on_an_article_with_text(
    session: Session,
    article_id: int,
    editor: FlaskClient,
    viewer: FlaskClient,
    anonymous: FlaskClient,
) -> None:
    action = f'action="/articles/{article_id}/extract"'
    assert action in text(editor.get(f"/articles/{article_id}"))
    assert "Extract candidate claims" in text(editor.get(f"/articles/{article_id}"))
    assert action not in text(viewer.get(f"/articles/{article_id}"))
    assert action not in text(anonymous.get(f"/articles/{article_id}"))
    bare = session.scalar(select(Article.id).where(Article.text.is_(None)))
    assert "/extract" not in text(editor.get(f"/articles/{bare}"))


def test_extracting_lists_the_candidates_with_the_tadmur_prison(
    session: Session, article_id: int, editor: FlaskClient
) -> None:
    response = extract(editor, article_id)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/articles/{article_id}/candidates")
    proposed = count(session, ClaimCandidate)
    page = text(editor.get(response.headers["Location"]))
    assert (
        f"{proposed} candidate claims proposed by {EXTRACTOR_VERSION} (0 already decided)" in page
    )
    assert TITLE in page and "Al Jazeera" in page
    candidate = prison(session)
    block = block_of(page, candidate.id)
    assert "<mark>The group also destroyed the notorious Tadmur prison" in block
    assert f'href="/sites/{candidate.site_id}"' in block and "Tadmur prison" in block
    assert "destroyed" in block and "2015-05" in block and "May 2015" in block
    assert "perpetrator" in block and "the article's own voice" in html.unescape(block)
    assert f'href="/events/{candidate.event_id}"' in block
    assert f"matches event {candidate.event_id}" in block
    assert EXTRACTOR_VERSION in block and "score 0.95" in block
    # The text names monuments it does not say which of: the editor is told so.
    assert "Unknown place: «<bdi>several of its most famous monuments</bdi>»" in page
    assert "new source:" in page  # the military source quoted by state television
    # In text order: the headline's capture comes first, the prison last.
    assert page.index("candidate-") < page.index(f'id="candidate-{candidate.id}"')


def test_an_article_without_text_is_refused_with_nothing_stored(
    session: Session, article_id: int, editor: FlaskClient
) -> None:
    bare = session.scalar(select(Article.id).where(Article.text.is_(None)))
    response = extract(editor, bare)  # type: ignore[arg-type]
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/articles/{bare}")
    page = text(editor.get(response.headers["Location"]))
    assert "no archived text to extract claims from" in page and 'role="alert"' in page
    assert count(session, ClaimCandidate) == 0


def test_viewers_cannot_extract_or_read_candidates(
    session: Session, article_id: int, editor: FlaskClient, viewer: FlaskClient
) -> None:
    token = csrf_token(viewer, f"/articles/{article_id}")
    refused = viewer.post(f"/articles/{article_id}/extract", data={"csrf_token": token})
    assert refused.status_code == 403
    assert viewer.get(f"/articles/{article_id}/candidates").status_code == 403
    assert count(session, ClaimCandidate) == 0


def test_accepting_makes_a_draft_claim_and_the_candidate_leaves_the_pending_list(
    session: Session, article_id: int, editor: FlaskClient
) -> None:
    extract(editor, article_id)
    candidate = prison(session)
    response = decide(editor, article_id, candidate, "accept")
    assert response.status_code == 303
    claim = session.scalar(select(Claim).where(Claim.article_id == article_id))
    assert claim is not None and claim.status == Status.DRAFT
    assert claim.event_id == candidate.event_id and claim.speaker_id is None
    assert claim.quote == candidate.quote and claim.stated_date_edtf == "2015-05"
    page = text(editor.get(response.headers["Location"]))
    assert f'href="/claims/{claim.id}/edit"' in page  # in the message and the decided list
    notice = re.search(r'<p class="notice" role="status">(.*?)</p>', page, re.S)
    assert (
        notice
        and f'<a href="/claims/{claim.id}/edit">draft claim {claim.id}</a>' in notice.group(1)
    )
    assert f'href="/events/{claim.event_id}"' in page
    assert f'id="candidate-{candidate.id}" class="decided-accepted"' in page
    assert (
        f'<article class="review-item candidate stance-affirms" id="candidate-{candidate.id}"'
        not in page
    )


def test_a_bad_date_in_edit_and_accept_is_refused_in_place_keeping_what_was_typed(
    session: Session, article_id: int, editor: FlaskClient
) -> None:
    extract(editor, article_id)
    candidate = prison(session)
    claims_before, events_before = count(session, Claim), count(session, Event)
    form = edit_form(candidate, date="last spring", event_id="", actor_role="controller")
    response = decide(editor, article_id, candidate, "accept", **form)
    assert response.status_code == 422
    block = block_of(text(response), candidate.id)
    assert '<details class="edit-accept" open>' in block
    assert 'value="last spring"' in block and 'aria-invalid="true"' in block
    date_field = block[block.index(f'id="c{candidate.id}-date"') :]
    assert date_field.index("problems error") < date_field.index("Stance")  # beside the date
    assert '<option value="controller" selected>' in block  # the role typed, not the proposal's
    others = text(response).replace(block, "")
    assert 'aria-invalid="true"' not in others and "problems error" not in others
    assert (count(session, Claim), count(session, Event)) == (claims_before, events_before)
    assert prison(session).status == CandidateStatus.PENDING


def test_edit_and_accept_records_the_editors_version(
    session: Session, article_id: int, editor: FlaskClient
) -> None:
    extract(editor, article_id)
    candidate = prison(session)
    form = edit_form(candidate, date="2015-05-30", event_id="")
    response = decide(editor, article_id, candidate, "accept", **form)
    assert response.status_code == 303
    session.expire_all()
    decided = session.get(ClaimCandidate, candidate.id)
    assert decided is not None and decided.status == CandidateStatus.EDITED
    claim = session.get(Claim, decided.claim_id)
    assert claim is not None and claim.stated_date_edtf == "2015-05-30"
    assert claim.event_id != candidate.event_id  # a new event, as the emptied event asked


def test_accepting_an_unknown_place_opens_its_form_with_the_site_asked_for(
    session: Session, article_id: int, editor: FlaskClient
) -> None:
    extract(editor, article_id)
    unnamed = pending(session, site_id=None)
    response = decide(editor, article_id, unnamed, "accept")
    assert response.status_code == 422
    block = block_of(text(response), unnamed.id)
    assert '<details class="edit-accept" open>' in block
    assert "pick the site, or an event" in block


def test_rejecting_keeps_the_reason(session: Session, article_id: int, editor: FlaskClient) -> None:
    extract(editor, article_id)
    candidate = pending(session, stance="disputes")
    response = decide(editor, article_id, candidate, "reject", reason="Gunfire is not a capture.")
    assert response.status_code == 303
    session.expire_all()
    rejected = session.get(ClaimCandidate, candidate.id)
    assert rejected is not None and rejected.status == CandidateStatus.REJECTED
    assert rejected.reason == "Gunfire is not a capture."
    page = text(editor.get(response.headers["Location"]))
    assert "Gunfire is not a capture." in page and "Rejected" in page


def test_a_second_accept_at_the_old_version_is_refused_in_place(
    session: Session, article_id: int, editor: FlaskClient
) -> None:
    extract(editor, article_id)
    candidate = prison(session)
    assert decide(editor, article_id, candidate, "accept").status_code == 303
    claims = count(session, Claim)
    again = decide(editor, article_id, candidate, "accept")  # the page read before
    assert again.status_code == 409
    page = text(again)
    decided = page[page.index('<details class="decided" id="decided" open>') :]
    assert f"Candidate {candidate.id} was already accepted." in decided
    assert "Nothing was stored." in decided
    assert count(session, Claim) == claims


def test_the_desk_lists_articles_awaiting_decisions_and_admins_see_the_rates(
    session: Session, article_id: int, editor: FlaskClient, admin: FlaskClient
) -> None:
    assert "No article has candidate claims waiting" in text(editor.get("/review"))
    extract(editor, article_id)
    proposed = count(session, ClaimCandidate)
    decide(editor, article_id, prison(session), "accept")
    desk = text(editor.get("/review"))
    assert f'href="/articles/{article_id}/candidates"' in desk and TITLE in desk
    assert f"{proposed - 1} to decide" in desk
    assert "Extractor acceptance" not in desk
    rates = text(admin.get("/review"))
    assert "Extractor acceptance" in rates
    row = re.search(
        rf"<tr>\s*<th scope=\"row\"><bdi dir=\"ltr\">{EXTRACTOR_VERSION}.*?</tr>", rates, re.S
    )
    assert row, rates
    cells = re.findall(r'<td class="number">(.*?)</td>', row.group(0), re.S)
    assert cells[:4] == [str(proposed - 1), "1", "0", "0"]
    assert "100%" in cells[4]


def test_the_desk_writes_publisher_and_day_with_each_languages_comma(
    session: Session, article_id: int, editor: FlaskClient
) -> None:
    # Arabic's comma, not a Latin one stranded between the isolated name and date
    extract(editor, article_id)
    day = '<time dir="ltr" datetime="2016-03-27">2016-03-27</time>'
    english = text(editor.get("/review?lang=en"))
    arabic = text(editor.get("/review?lang=ar"))
    assert f"<bdi>Al Jazeera</bdi>, {day}" in english
    assert f"<bdi>Al Jazeera</bdi>، {day}" in arabic
    assert f"</bdi>, {day}" not in arabic


def test_the_rate_is_a_dash_before_any_decision(
    session: Session, article_id: int, editor: FlaskClient, admin: FlaskClient
) -> None:
    extract(editor, article_id)
    rates = text(admin.get("/review"))
    row = re.search(rf"<bdi dir=\"ltr\">{EXTRACTOR_VERSION}</bdi></th>.*?</tr>", rates, re.S)
    assert row and row.group(0).rstrip("</tr>").strip().endswith('<td class="number">—</td>')


def test_the_candidates_page_in_arabic(
    session: Session, article_id: int, editor: FlaskClient
) -> None:
    extract(editor, article_id)
    page = text(editor.get(f"/articles/{article_id}/candidates?lang=ar"))
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    for english in ("Candidate claims", "Edit and accept", "Accept", "Reject", "Date as stated"):
        assert f">{english}<" not in page, english
    assert "مرشح" in page or "مقترح" in page  # the candidates, said in Arabic
    desk = text(editor.get("/review?lang=ar"))
    assert "Candidate claims from articles" not in desk


def test_without_scripts_the_site_number_typed_in_the_picker_is_used(
    session: Session, article_id: int, editor: FlaskClient
) -> None:
    extract(editor, article_id)
    unnamed = pending(session, site_id=None)
    temple = site_id(session, "temple-of-bel")
    form: dict[str, Any] = edit_form(unnamed, event_type="damaged")
    # The picker's hidden input (empty, as proposed), then the number typed in its place.
    form["site_id"] = ["", str(temple)]
    response = decide(editor, article_id, unnamed, "accept", **form)
    assert response.status_code == 303, text(response)
    session.expire_all()
    decided = session.get(ClaimCandidate, unnamed.id)
    assert decided is not None and decided.status == CandidateStatus.EDITED
    claim = session.get(Claim, decided.claim_id)
    assert claim is not None
    assert [link.site_id for link in claim.event.sites] == [temple]
    assert claim.event.type == "damaged" and claim.event.status == Status.DRAFT


def test_a_number_that_is_not_one_is_refused_beside_its_field(
    session: Session, article_id: int, editor: FlaskClient
) -> None:
    extract(editor, article_id)
    candidate = prison(session)
    claims = count(session, Claim)
    response = decide(
        editor, article_id, candidate, "accept", **edit_form(candidate, actor_id="ISIL")
    )
    assert response.status_code == 422
    block = block_of(text(response), candidate.id)
    assert "Give the record&#39;s number, or leave it empty." in block
    assert count(session, Claim) == claims


def test_an_emptied_speaker_is_the_articles_own_voice_unless_the_new_source_is_kept(
    session: Session, article_id: int, editor: FlaskClient
) -> None:
    extract(editor, article_id)
    named = pending(session, speaker_id=None, speaker_name="state media and a monitoring group")
    sources = count(session, Source)
    response = decide(editor, article_id, named, "accept", **edit_form(named))
    assert response.status_code == 303
    session.expire_all()
    claim = session.scalar(select(Claim).where(Claim.article_id == article_id))
    assert claim is not None and claim.speaker_id is None
    assert count(session, Source) == sources
    kept = pending(session, speaker_id=None, speaker_name="state media and a monitoring group")
    response = decide(editor, article_id, kept, "accept", **edit_form(kept, new_speaker="on"))
    assert response.status_code == 303
    assert count(session, Source) == sources + 1
