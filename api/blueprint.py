"""The blueprint every resource uses: pagination with X-Pagination and Link headers."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import request
from flask_smorest import Blueprint as SmorestBlueprint

from api.database import db_session
from heritage.services.common import MAX_PAGE_SIZE, Page

__all__ = ["Blueprint", "db_session", "page_items"]


def page_items(page: Page[Any], pagination_parameters: Any) -> list[Any]:
    """A service's page as a view returns it; the total feeds the pagination headers."""
    pagination_parameters.item_count = page.total
    return list(page.items)


class Blueprint(SmorestBlueprint):  # type: ignore[misc]
    DEFAULT_PAGINATION_PARAMETERS = {"page": 1, "page_size": 25, "max_page_size": MAX_PAGE_SIZE}

    def _set_pagination_metadata(self, page_params: Any, result: Any, headers: Any) -> Any:
        result, headers = super()._set_pagination_metadata(page_params, result, headers)
        item_count = page_params.item_count or 0
        last = max(1, -(-item_count // page_params.page_size))
        links = {"first": 1, "last": last}
        if page_params.page > 1:
            links["prev"] = min(page_params.page - 1, last)
        if page_params.page < last:
            links["next"] = page_params.page + 1
        args = request.args.to_dict()
        parts = []
        for rel, page in links.items():
            args.update(page=str(page), page_size=str(page_params.page_size))
            query = urlencode(args)
            parts.append(f'<{request.base_url}?{query}>; rel="{rel}"')
        headers["Link"] = ", ".join(parts)
        return result, headers
