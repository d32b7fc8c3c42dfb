"""Articles: published documents and the claims made in them."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView

from api.blueprint import (
    Blueprint,
    attributes,
    current_principal,
    db_session,
    expected_version,
    page_items,
    version_headers,
)
from api.record_inputs import ArticleInputSchema
from api.resources.candidates import ExtractionRunSchema, extraction_json
from api.resources.common import add_revision_routes
from api.schemas import (
    ArticleDetailSchema,
    ArticleQuerySchema,
    ArticleReadQuerySchema,
    ArticleSchema,
    ArticleUpdateSchema,
    NearCopySchema,
)
from heritage.models import Article
from heritage.records import ArticleInput
from heritage.services import articles, candidates

blp = Blueprint("articles", __name__, description="Published articles, each stored once.")


@blp.route("")
class Articles(MethodView):
    @blp.arguments(ArticleQuerySchema, location="query")
    @blp.response(200, ArticleSchema(many=True))
    @blp.paginate()
    def get(self, query: dict[str, Any], pagination_parameters: Any) -> list[Article]:
        """List articles

        Newest first; filter by publisher and a publication date range."""
        page = articles.list_articles(
            db_session(),
            current_principal(),
            publisher_id=query.get("publisher"),
            published_from=query.get("published_from"),
            published_to=query.get("published_to"),
            page=pagination_parameters.page,
            page_size=pagination_parameters.page_size,
        )
        return page_items(page, pagination_parameters)

    @blp.arguments(ArticleInputSchema)
    @blp.response(201, ArticleSchema)
    def post(self, data: ArticleInput) -> Any:
        """Create an article

        The same URL (after normalisation) or the same text again is refused with 409,
        naming the stored article. When the text is a near copy of a stored article's, a
        `Link` header (rel="related") points at its near-copies proposal."""
        session = db_session()
        article = articles.create_article(session, current_principal(), data)
        headers = {**version_headers(article), **_near_copy_link(article, data)}
        session.commit()
        return article, 201, headers


@blp.route("/<int:article_id>")
class ArticleById(MethodView):
    @blp.arguments(ArticleReadQuerySchema, location="query")
    @blp.response(200, ArticleDetailSchema)
    def get(self, query: dict[str, Any], article_id: int) -> Any:
        """Read an article with its claims

        Published claims, or with `include_drafts` (editors) every claim not retracted."""
        session, principal = db_session(), current_principal()
        article = articles.get_article(session, principal, article_id)
        claims = articles.article_claims(session, principal, article_id, query["include_drafts"])
        body = attributes(article, ArticleDetailSchema, skip=("claims",))
        return {**body, "claims": claims}, 200, version_headers(article)

    @blp.arguments(ArticleUpdateSchema(partial=True))
    @blp.response(200, ArticleSchema)
    @blp.alt_response(409, response="CONFLICT")
    def patch(self, data: ArticleInput, article_id: int) -> Any:
        """Update an article

        Only the fields sent change. The URL and the text stay unique (409 naming the
        stored article). The archived text may be added to an article without one; once
        a claim quotes it by offset it is evidence and stays as it is (409 naming the
        claims); `captured_at` is sent with a text. A new publisher or syndicated_from
        regrades the events of its claims. Needs If-Match with the article's ETag. A text
        added that is a near copy of a stored article's gets a `Link` header (rel="related")
        pointing at its near-copies proposal."""
        session = db_session()
        article = articles.update_article(
            session, current_principal(), article_id, data, expected_version()
        )
        headers = {**version_headers(article), **_near_copy_link(article, data)}
        session.commit()
        return article, 200, headers

    @blp.response(204)
    @blp.alt_response(409, response="CONFLICT")
    def delete(self, article_id: int) -> None:
        """Delete an article

        Leaves a tombstone an admin can restore; its URL and text stay taken meanwhile.
        Refused with 409, naming them in `referenced_by`, while claims are made in it
        (drafts and retracted ones too). Needs If-Match with the article's ETag."""
        session = db_session()
        articles.delete_article(session, current_principal(), article_id, expected_version())
        session.commit()


@blp.route("/<int:article_id>/extract")
class Extract(MethodView):
    @blp.response(201, ExtractionRunSchema)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def post(self, article_id: int) -> Any:
        """Propose candidate claims from the article's text

        Editors and above. Reads the archived text with the extractor (site, event type,
        date resolved against the publication date, actor, speaker, stance, quote with its
        offsets) and stores each proposal for review at `/candidates`: nothing becomes a
        claim until a person accepts it. Running it again replaces what is still pending
        and never offers again what was decided. 422 on `text` without an archived text."""
        session = db_session()
        run = candidates.extract_candidates(session, current_principal(), article_id)
        session.commit()
        return extraction_json(run), 201


add_revision_routes(blp, "article", ArticleSchema)


def _near_copy_link(article: Article, data: ArticleInput) -> dict[str, str]:
    """When a text is archived, look for the stored article it copies at once (indexing the
    text in the same transaction), and point at the proposal with a Link header."""
    if not data.get("text") or not articles.near_copies(
        db_session(), current_principal(), article.id
    ):
        return {}
    where = url_for("articles.NearCopies", article_id=article.id)
    return {"Link": f'<{where}>; rel="related"; title="near copies"'}


@blp.route("/<int:article_id>/near-copies")
class NearCopies(MethodView):
    @blp.response(200, NearCopySchema(many=True))
    def get(self, article_id: int) -> list[articles.NearCopy]:
        """Read the syndication proposed for an article

        Editors and above. The stored article whose text this one's is a near copy of
        (MinHash over 5-word shingles; a Jaccard index of at least 0.3, see
        bench/README.md), published no later than it, the earliest such, with the source
        proposed as its `syndicated_from`: that article's own `syndicated_from`, else its
        publisher, so that a copy of a copy still names the agency. At most one; none
        while the article has no text, once it has a `syndicated_from`, or when the source
        would be its own publisher. The editor confirms it with PATCH /articles/{id}
        (`syndicated_from_id`)."""
        session = db_session()
        found = articles.near_copies(session, current_principal(), article_id)
        session.commit()  # the index of texts brought up to date on the way: no record
        return found
