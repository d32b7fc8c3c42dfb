"""Articles: published documents and the claims made in them."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.blueprint import Blueprint, db_session, page_items
from api.schemas import ArticleDetailSchema, ArticleInputSchema, ArticleQuerySchema, ArticleSchema
from heritage.models import Article
from heritage.services import articles

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
            publisher_id=query.get("publisher"),
            published_from=query.get("published_from"),
            published_to=query.get("published_to"),
            page=pagination_parameters.page,
            page_size=pagination_parameters.page_size,
        )
        return page_items(page, pagination_parameters)

    @blp.arguments(ArticleInputSchema)
    @blp.response(201, ArticleSchema)
    def post(self, data: dict[str, Any]) -> Article:
        """Create an article

        The same URL (after normalisation) or the same text again is refused with 409,
        naming the stored article."""
        session = db_session()
        article = articles.create_article(session, data)
        session.commit()
        return article


@blp.route("/<int:article_id>")
class ArticleById(MethodView):
    @blp.response(200, ArticleDetailSchema)
    def get(self, article_id: int) -> Article:
        """Read an article with its claims"""
        return articles.get_article(db_session(), article_id)
