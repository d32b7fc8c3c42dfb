"""Candidate claims: what the extractor proposed from an article's text, for editors to
accept (as proposed or edited) into draft claims, or to reject.

`POST /articles/{id}/extract` (in api/resources/articles.py) proposes them; this blueprint
reads and decides them. Nothing here publishes: an accepted candidate is a draft claim that
goes through review like any other."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from api.blueprint import (
    Blueprint,
    current_principal,
    db_session,
    expected_version,
    page_items,
    version_headers,
)
from api.schemas import (
    MAX_ID,
    MAX_TEXT,
    ClaimSchema,
    EventSchema,
    SourceSchema,
    id_parameter,
    one_of,
)
from heritage.models import ClaimCandidate
from heritage.services import candidates
from heritage.services.candidates import CandidateChanges, ExtractionRun
from heritage.vocab import ActorRole, CandidateStatus, EventType, Stance, values

blp = Blueprint(
    "candidates",
    __name__,
    description="Claims the extractor proposed from articles' texts, for a person to decide.",
)


def _id(**kwargs: Any) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(1, MAX_ID), **kwargs)


class NamedReferenceSchema(Schema):
    id = fields.Integer()
    key = fields.String(allow_none=True)
    name = fields.String()


class CandidateSchema(Schema):
    id = fields.Integer()
    version = fields.Integer()
    article_id = fields.Integer()
    extractor_version = fields.String(metadata={"description": "The rules that proposed it."})
    score = fields.Float(metadata={"description": "Ranks candidates for review (0..1)."})
    status = fields.String(metadata={"enum": values(CandidateStatus)})
    site = fields.Nested(NamedReferenceSchema, allow_none=True)
    mention = fields.String(
        allow_none=True, metadata={"description": "The words naming the place in the text."}
    )
    event_type = fields.String(allow_none=True, metadata={"enum": values(EventType)})
    date = fields.String(
        attribute="date_edtf",
        allow_none=True,
        metadata={"description": "As the source states it, resolved into EDTF."},
    )
    actor = fields.Nested(NamedReferenceSchema, allow_none=True)
    actor_role = fields.String(allow_none=True, metadata={"enum": values(ActorRole)})
    speaker = fields.Method("dump_speaker", metadata={"type": "object", "nullable": True})
    stance = fields.String(metadata={"enum": values(Stance)})
    quote = fields.String()
    quote_start = fields.Integer()
    quote_end = fields.Integer()
    caption = fields.Boolean(
        metadata={"description": "Read from a photo caption (its date is the photo's)."}
    )
    event_id = fields.Integer(
        allow_none=True,
        metadata={"description": "A stored event it matches; null proposes a new one."},
    )
    reason = fields.String(allow_none=True)
    claim_id = fields.Integer(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)

    def dump_speaker(self, candidate: ClaimCandidate) -> dict[str, Any] | None:
        """The speaker as the text names them, the stored source when known; null is the
        article's own voice."""
        if candidate.speaker_name is None and candidate.speaker_id is None:
            return None
        return {
            "name": candidate.speaker_name,
            "id": candidate.speaker_id,
            "key": candidate.speaker.key if candidate.speaker else None,
            "affiliation": candidate.speaker_affiliation,
        }


class CandidateQuerySchema(Schema):
    article = id_parameter()
    status = fields.String(validate=one_of(CandidateStatus))
    extractor_version = fields.String(validate=validate.Length(1, 32))


class ExtractionRunSchema(Schema):
    article_id = fields.Integer()
    extractor_version = fields.String()
    proposed = fields.Integer(metadata={"description": "Candidates stored by this run."})
    already_decided = fields.Integer(
        metadata={"description": "Found again but decided before: not offered again."}
    )
    candidates = fields.List(fields.Nested(CandidateSchema))


class CandidateChangesSchema(Schema):
    """What to change before accepting; a field left out keeps the proposal's value."""

    event_id = _id(allow_none=True, metadata={"description": "A stored event; null: a new one."})
    site_id = _id()
    event_type = fields.String(validate=one_of(EventType))
    date = fields.String(validate=validate.Length(1, 100), metadata={"description": "EDTF."})
    actor_id = _id(allow_none=True)
    actor_role = fields.String(allow_none=True, validate=one_of(ActorRole))
    speaker_id = _id(allow_none=True, metadata={"description": "Null: the article's own voice."})
    stance = fields.String(validate=one_of(Stance))
    quote_start = fields.Integer(strict=True, validate=validate.Range(0, MAX_ID))
    quote_end = fields.Integer(strict=True, validate=validate.Range(1, MAX_ID))


class AcceptanceSchema(Schema):
    candidate = fields.Nested(CandidateSchema)
    claim = fields.Nested(ClaimSchema)
    event = fields.Nested(EventSchema)
    event_created = fields.Boolean()
    speaker_created = fields.Nested(SourceSchema, allow_none=True)


class RejectionSchema(Schema):
    reason = fields.String(validate=validate.Length(max=MAX_TEXT))


class VersionRateSchema(Schema):
    extractor_version = fields.String()
    pending = fields.Integer()
    accepted = fields.Integer()
    edited = fields.Integer()
    rejected = fields.Integer()
    acceptance_rate = fields.Float(
        allow_none=True,
        metadata={"description": "(accepted + edited) / decided; null before any decision."},
    )


def extraction_json(run: ExtractionRun) -> dict[str, Any]:
    return {
        "article_id": run.article.id,
        "extractor_version": run.extractor_version,
        "proposed": run.proposed,
        "already_decided": run.already_decided,
        "candidates": run.candidates,
    }


@blp.route("")
class Candidates(MethodView):
    @blp.arguments(CandidateQuerySchema, location="query")
    @blp.response(200, CandidateSchema(many=True))
    @blp.paginate()
    def get(self, query: dict[str, Any], pagination_parameters: Any) -> list[ClaimCandidate]:
        """List candidate claims

        Editors and above. By article, then in text order; filter by article, status
        (`pending` is what is left to decide) and extractor version."""
        page = candidates.list_candidates(
            db_session(),
            current_principal(),
            article_id=query.get("article"),
            status=query.get("status"),
            extractor_version=query.get("extractor_version"),
            page=pagination_parameters.page,
            page_size=pagination_parameters.page_size,
        )
        return page_items(page, pagination_parameters)


@blp.route("/acceptance")
class Acceptance(MethodView):
    @blp.response(200, VersionRateSchema(many=True))
    def get(self) -> Any:
        """Acceptance rate per extractor version

        Admins only. Each version's candidates by what people made of them, the newest
        version first."""
        return candidates.acceptance_rates(db_session(), current_principal())


@blp.route("/<int:candidate_id>")
class CandidateById(MethodView):
    @blp.response(200, CandidateSchema)
    def get(self, candidate_id: int) -> Any:
        """Read a candidate claim"""
        candidate = candidates.get_candidate(db_session(), current_principal(), candidate_id)
        return candidate, 200, version_headers(candidate)


@blp.route("/<int:candidate_id>/accept")
class Accept(MethodView):
    @blp.arguments(CandidateChangesSchema, required=False)
    @blp.response(201, AcceptanceSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, changes: CandidateChanges, candidate_id: int) -> Any:
        """Accept a candidate claim

        Makes a draft claim (and a draft event when none is picked or matched, and the
        speaker's source when the tracker does not know it), to be submitted for review
        like any other. With changes, the candidate counts as edited. 409 once decided,
        or when the article's text changed since. With If-Match, only at that version."""
        session = db_session()
        accepted = candidates.accept_candidate(
            session, current_principal(), candidate_id, changes, expected_version()
        )
        session.commit()
        return accepted, 201


@blp.route("/<int:candidate_id>/reject")
class Reject(MethodView):
    @blp.arguments(RejectionSchema, required=False)
    @blp.response(200, CandidateSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data: dict[str, Any], candidate_id: int) -> Any:
        """Reject a candidate claim

        With an optional reason. 409 once decided. With If-Match, only at that version."""
        session = db_session()
        candidate = candidates.reject_candidate(
            session, current_principal(), candidate_id, data.get("reason"), expected_version()
        )
        session.commit()
        return candidate, 200, version_headers(candidate)
