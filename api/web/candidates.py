"""The editors' side of the extractor: extracting an article's candidate claims, and the page
where each is accepted as proposed, accepted after changes, or rejected.

Every decision goes through heritage.services.candidates, as the API's does, at the version
the editor read: a candidate someone else decided meanwhile, or read from a text since
replaced, is refused and the refusal shown beside it, with what the editor typed kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.wrappers import Response

from api.database import db_session
from api.errors import MAX_INTEGER
from api.web import blp
from api.web.form_tools import date_reading, event_label, interface_language
from api.web.i18n import translated
from api.web.public_words import ACTOR_ROLES, EVENT_TYPES, STANCES
from api.web.sign_in import requires, web_principal
from heritage.date_reading import date_in_words
from heritage.dates import parse_date
from heritage.errors import Conflict, Forbidden, InvalidInput, NotFound
from heritage.models import Actor, Article, ClaimCandidate, Event, Site, Source
from heritage.services import articles
from heritage.services import candidates as service
from heritage.services.candidates import CandidateChanges
from heritage.services.common import MAX_PAGE_SIZE
from heritage.vocab import ActorRole, CandidateStatus, EventType, Role, Stance

# How far an excerpt reaches either side of a quote, in characters, to show it in context.
EXCERPT_REACH = 220
# The fields of "Edit and accept", as CandidateChanges names them.
ID_FIELDS = ("site_id", "actor_id", "speaker_id", "event_id")
CHOICE_FIELDS = {"event_type": EventType, "actor_role": ActorRole, "stance": Stance}
FormValues = dict[str, str]


@dataclass(frozen=True)
class Excerpt:
    """A quote inside the words around it, as the candidates page shows it."""

    before: str
    quote: str
    after: str


@dataclass
class Refusal:
    """Why a decision on one candidate was refused, shown beside it with what was typed."""

    candidate_id: int
    message: str
    errors: dict[str, list[str]] = field(default_factory=dict)
    values: FormValues = field(default_factory=dict)
    editing: bool = False
    reason: str = ""


def excerpt(text: str, start: int, end: int, reach: int = EXCERPT_REACH) -> Excerpt:
    """The quote within its paragraph, at most `reach` characters either side, cut where a
    sentence starts or ends if one does there, else between words (marked …)."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
    low, high = max(paragraph_start, start - reach), min(paragraph_end, end + reach)
    before, after = text[low:start], text[end:high]
    if low > paragraph_start:
        before = _from_a_sentence(before)
    if high < paragraph_end:
        after = _to_a_sentence_end(after)
    return Excerpt(before, text[start:end], after)


def _from_a_sentence(before: str) -> str:
    sentence = before.find(". ")
    if sentence != -1:
        return before[sentence + 2 :]
    return "…" + before[before.find(" ") + 1 :]


def _to_a_sentence_end(after: str) -> str:
    sentence = after.rfind(". ")
    if sentence != -1:
        return after[: sentence + 1]
    return after[: max(after.rfind(" "), 0)] + "…"


def proposed_values(candidate: ClaimCandidate) -> FormValues:
    """The "Edit and accept" form as it opens: the extractor's proposal."""
    return {
        "site_id": _text(candidate.site_id),
        "event_type": candidate.event_type or "",
        "date": candidate.date_edtf or "",
        "actor_id": _text(candidate.actor_id),
        "actor_role": candidate.actor_role or "",
        "speaker_id": _text(candidate.speaker_id),
        "new_speaker": "on" if candidate.speaker_name and candidate.speaker_id is None else "",
        "stance": candidate.stance,
        "event_id": _text(candidate.event_id),
    }


def _text(number: int | None) -> str:
    return "" if number is None else str(number)


def changes_from(candidate: ClaimCandidate, form: Any) -> CandidateChanges:
    """The posted form as the service's changes. An empty site, actor, role, date or event
    clears it (no event: a new one); an empty speaker is the article's own voice, unless the
    editor keeps the new source the text names ("new_speaker")."""
    errors: dict[str, list[str]] = {}
    changes: dict[str, Any] = {}
    for name in ID_FIELDS:
        typed = form.get(name, "").strip().lstrip("#")
        if not typed:
            changes[name] = None
        elif typed.isdigit() and 0 < int(typed) <= MAX_INTEGER:
            changes[name] = int(typed)
        else:
            errors[name] = [_("Give the record's number, or leave it empty.")]
    own_voice = "speaker_id" in changes and changes["speaker_id"] is None
    if own_voice and form.get("new_speaker") and candidate.speaker_name:
        del changes["speaker_id"]  # the service creates (or finds) the source the text names
    for name in CHOICE_FIELDS:
        changes[name] = form.get(name, "").strip() or None
    if changes["stance"] is None:
        errors["stance"] = [_("Say whether the speaker affirms or disputes it.")]
    changes["date"] = form.get("date", "").strip() or None
    if errors:
        raise InvalidInput(errors)
    return cast(CandidateChanges, changes)


# --- Extracting -------------------------------------------------------------------------------


@blp.post("/articles/<int:article_id>/extract")
@requires(Role.EDITOR)
def extract_candidates(article_id: int) -> Response:
    """Run the extractor over the article's archived text; the candidates page then lists
    what it proposed. An article without text is refused on its own page, nothing stored."""
    session = db_session()
    try:
        run = service.extract_candidates(session, web_principal(), article_id)
    except NotFound:
        abort(404)
    except (InvalidInput, Forbidden) as error:
        session.rollback()
        flash(_refusal_text(error), "error")
        return redirect(url_for("web.article_page", article_id=article_id), 303)
    session.commit()
    flash(
        _(
            "%(num)d candidate claims proposed by %(version)s (%(decided)d already decided).",
            num=run.proposed,
            version=run.extractor_version,
            decided=run.already_decided,
        )
    )
    return redirect(url_for("web.article_candidates", article_id=article_id), 303)


def _refusal_text(error: Exception) -> str:
    if isinstance(error, InvalidInput):
        return "; ".join(translated(m) for messages in error.errors.values() for m in messages)
    return translated(getattr(error, "detail", "")) or _("Refused. Nothing was changed.")


# --- The candidates page ----------------------------------------------------------------------


def _page(article_id: int, refused: Refusal | None = None, status: int = 200) -> tuple[str, int]:
    session, principal = db_session(), web_principal()
    try:
        article = articles.get_article(session, principal, article_id)
        found = _all_candidates(session, principal, article_id)
    except NotFound:
        abort(404)
    pending = [c for c in found if c.status == CandidateStatus.PENDING]
    decided = [c for c in found if c.status != CandidateStatus.PENDING]
    return (
        render_template(
            "candidates/article.html",
            article=article,
            pending=pending,
            decided=decided,
            excerpts={c.id: _excerpt_of(article, c) for c in found},
            dates={c.id: _date_words(c.date_edtf) for c in found},
            forms={c.id: _form_values(c, refused) for c in pending},
            readings={
                c.id: date_reading(_form_values(c, refused)["date"][:200])
                for c in pending
                if _form_values(c, refused)["date"]
            },
            picked={
                c.id: _picked_labels(session, principal, _form_values(c, refused)) for c in pending
            },
            refused=refused,
            refused_here=refused is not None and any(c.id == refused.candidate_id for c in found),
            choices={
                "event_type": [t.value for t in EventType],
                "actor_role": [r.value for r in ActorRole],
                "stance": [s.value for s in Stance],
            },
            labels={"event_type": EVENT_TYPES, "actor_role": ACTOR_ROLES, "stance": STANCES},
        ),
        status,
    )


def _all_candidates(session: Any, principal: Any, article_id: int) -> list[ClaimCandidate]:
    """The article's candidates in text order, every page of them."""
    found: list[ClaimCandidate] = []
    page = 1
    while True:
        batch = service.list_candidates(
            session, principal, article_id=article_id, page=page, page_size=MAX_PAGE_SIZE
        )
        found += batch.items
        if len(found) >= batch.total or not batch.items:
            return found
        page += 1


def _form_values(candidate: ClaimCandidate, refused: Refusal | None) -> FormValues:
    if refused is not None and refused.candidate_id == candidate.id and refused.values:
        return refused.values
    return proposed_values(candidate)


PICKED_MODELS = {"site_id": Site, "actor_id": Actor, "speaker_id": Source, "event_id": Event}


def _picked_labels(session: Any, principal: Any, values: FormValues) -> dict[str, str]:
    """What each picker shows for the record its form holds: its name (an event: its type
    and date), or nothing for a number that names no record."""
    labels = {}
    for name, model in PICKED_MODELS.items():
        typed = values.get(name, "")
        record = (
            session.get(model, int(typed))
            if typed.isdigit() and int(typed) <= MAX_INTEGER
            else None
        )
        if record is not None:
            labels[name] = event_label(record) if isinstance(record, Event) else record.name
    return labels


def _excerpt_of(article: Article, candidate: ClaimCandidate) -> Excerpt:
    text = article.text or ""
    if candidate.text_sha256 != article.text_sha256 or candidate.quote_end > len(text):
        return Excerpt("", candidate.quote, "")  # read from an earlier text: the quote alone
    return excerpt(text, candidate.quote_start, candidate.quote_end)


def _date_words(edtf: str | None) -> str:
    if not edtf:
        return ""
    try:
        return date_in_words(parse_date(edtf), interface_language())
    except InvalidInput:
        return ""


@blp.get("/articles/<int:article_id>/candidates")
@requires(Role.EDITOR)
def article_candidates(article_id: int) -> tuple[str, int]:
    return _page(article_id)


# --- Deciding ---------------------------------------------------------------------------------


def _candidate_of(article_id: int, candidate_id: int) -> ClaimCandidate:
    try:
        candidate = service.get_candidate(db_session(), web_principal(), candidate_id)
    except NotFound:
        abort(404)
    if candidate.article_id != article_id:
        abort(404)
    return candidate


def _last(form: Any, name: str) -> str:
    """A field's value; without scripts a picker sends its hidden input and then the
    number typed in its place, and the number is the editor's."""
    sent: list[str] = form.getlist(name)
    return sent[-1] if sent else ""


def _expected_version() -> int | None:
    return request.form.get("version", type=int)


def _refused(error: Exception, article_id: int, refusal: Refusal) -> tuple[str, int]:
    """The page again, the refusal beside the candidate, what was typed kept, nothing stored."""
    db_session().rollback()
    if isinstance(error, InvalidInput):
        refusal.message = _("Nothing was stored: see the problems below.")
        refusal.errors = {
            name: [translated(m) for m in messages] for name, messages in error.errors.items()
        }
        status = 422
    elif isinstance(error, Conflict):
        refusal.message = translated(error.detail) + " " + _("Nothing was stored.")
        status = 409
    else:
        refusal.message = _refusal_text(error)
        status = 403
    return _page(article_id, refusal, status)


@blp.post("/articles/<int:article_id>/candidates/<int:candidate_id>/accept")
@requires(Role.EDITOR)
def accept_candidate(article_id: int, candidate_id: int) -> Response | tuple[str, int]:
    """Accept as proposed, or, from "Edit and accept" (`edit`), with the form's values."""
    candidate = _candidate_of(article_id, candidate_id)
    editing = bool(request.form.get("edit"))
    typed = {name: _last(request.form, name) for name in proposed_values(candidate)}
    refusal = Refusal(candidate_id, "", values=typed if editing else {}, editing=editing)
    session = db_session()
    try:
        changes = changes_from(candidate, typed) if editing else None
        accepted = service.accept_candidate(
            session, web_principal(), candidate_id, changes, _expected_version()
        )
    except (InvalidInput, Conflict, Forbidden) as error:
        # A proposal the service cannot take as it is (no known site) opens its form.
        refusal.editing = editing or isinstance(error, InvalidInput)
        return _refused(error, article_id, refusal)
    session.commit()
    claim_link = Markup('<a href="{}">{}</a>').format(
        url_for("web.edit_claims", record_id=accepted.claim.id),
        _("draft claim %(id)s", id=accepted.claim.id),
    )
    event_link = Markup('<a href="{}">{}</a>').format(
        url_for("web.event_page", event_id=accepted.event.id),
        _("new event %(id)s", id=accepted.event.id)
        if accepted.event_created
        else _("event %(id)s", id=accepted.event.id),
    )
    # The links are escaped above; the sentence around them is this catalogue's own.
    flash(
        Markup(
            _(
                "Candidate %(id)s is accepted: %(claim)s on %(event)s.",
                id=candidate_id,
                claim=claim_link,
                event=event_link,
            )
        )
    )
    return redirect(url_for("web.article_candidates", article_id=article_id), 303)


@blp.post("/articles/<int:article_id>/candidates/<int:candidate_id>/reject")
@requires(Role.EDITOR)
def reject_candidate(article_id: int, candidate_id: int) -> Response | tuple[str, int]:
    _candidate_of(article_id, candidate_id)
    reason = request.form.get("reason", "")
    session = db_session()
    try:
        service.reject_candidate(
            session, web_principal(), candidate_id, reason, _expected_version()
        )
    except (InvalidInput, Conflict, Forbidden) as error:
        return _refused(error, article_id, Refusal(candidate_id, "", reason=reason))
    session.commit()
    flash(_("Candidate %(id)s is rejected.", id=candidate_id))
    return redirect(url_for("web.article_candidates", article_id=article_id), 303)
