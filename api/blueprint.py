"""The blueprint every resource uses: pagination with X-Pagination and Link headers."""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import urlencode

from flask import Response, request
from flask_smorest import Blueprint as SmorestBlueprint
from marshmallow import Schema

from api.auth import current_principal
from api.database import db_session
from heritage.services.common import MAX_PAGE_SIZE, Page

__all__ = [
    "Blueprint",
    "attributes",
    "current_principal",
    "db_session",
    "expected_version",
    "page_items",
    "version_headers",
]

# A single record's ETag is "v<version>.<digest of the body>": the version is what If-Match
# checks, the digest makes If-None-Match notice what changes without a new version (a
# recomputed grade, a renamed actor, the claims inside an article, a reader's role).
VERSION_TAG = re.compile(r'^"v(\d+)\.[0-9a-f]+"$')
VERSION_HEADER = "X-Heritage-Version"  # set by views, turned into the ETag, never sent


def expected_version() -> int | None:
    """The version an If-Match header names; None without one, -1 if it names none."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    for candidate in header.split(","):
        match = VERSION_TAG.match(candidate.strip())
        if match:
            return int(match[1])
    return -1  # "*", weak or foreign tags: never the current version, so 412


def attributes(record: Any, schema: type[Schema], *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The record's values for the schema's fields, to combine with data the record lacks
    (an article's visible claims, a token's one-time secret) before the schema dumps it."""
    return {name: getattr(record, name) for name in schema().fields if name not in skip}


def version_headers(record: Any) -> dict[str, str]:
    return {VERSION_HEADER: str(record.version)}


def record_etag(response: Response) -> None:
    """Replace the version a view set with the full ETag (see VERSION_TAG)."""
    version = response.headers.pop(VERSION_HEADER, None)
    if version is not None:
        digest = hashlib.sha256(response.get_data()).hexdigest()[:16]
        response.headers["ETag"] = f'"v{version}.{digest}"'


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
