"""The blueprint every resource uses: pagination with X-Pagination and Link headers."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import re
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from flask import Response, current_app, request
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest import abort
from marshmallow import Schema

from api.auth import current_principal
from api.database import COMMIT_MARKS, db_session
from api.document_cache import DOCUMENTS, Document, DocumentCache
from heritage.services.changes import CommitMarks
from heritage.services.common import MAX_PAGE_SIZE, Page

__all__ = [
    "Blueprint",
    "attributes",
    "current_principal",
    "data_etag",
    "db_session",
    "expected_version",
    "not_modified",
    "page_items",
    "validated_by_data",
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


@functools.cache
def code_fingerprint() -> str:
    """A digest of the code that turns data into documents (every source file of heritage,
    api and migrations): a deployment that changes a document's shape or rules changes it,
    so validators that name the data's state (data_etag) also name the code that read it."""
    digest = hashlib.sha256()
    for package in ("heritage", "api", "migrations"):
        spec = importlib.util.find_spec(package)
        for root in (spec.submodule_search_locations or []) if spec else []:
            base = Path(root)
            for path in sorted(base.rglob("*.py")):
                digest.update(str(path.relative_to(base)).encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def data_etag(*parts: Hashable, public: bool = False, history_of: int | None = None) -> str:
    """A weak ETag for a read that is a function of the data, the code and `parts`, known
    before the read runs: it names the last committed write transaction (every change to
    a record writes a revision in its transaction and moves the commit counter,
    heritage.revisions), or with `public` (a read of published data only) the last one
    the public could see. Any such change anywhere changes it: coarse, but cheap to check.

    With `history_of`, a read of that site's history alone: it names the last change that
    can reach that history instead (heritage.history_marks), so writes elsewhere leave it
    alone."""
    marks: CommitMarks = current_app.extensions[COMMIT_MARKS]
    if history_of is not None:
        return _etag_of(marks.read_history(history_of, public=public), parts)
    return _etag_of(marks.read(public=public), parts)


@functools.lru_cache(maxsize=4096)
def _etag_of(mark: str, parts: tuple[Hashable, ...]) -> str:
    # Cached: while nothing is written, the same questions are asked again and again.
    key = repr((code_fingerprint(), mark, *parts))
    return f'W/"d{hashlib.sha256(key.encode()).hexdigest()[:24]}"'


def not_modified(etag: str) -> Response | None:
    """304 when the request's If-None-Match names `etag` (weak comparison, RFC 9110 13.1.2);
    `*` is left to the usual path, which answers it only once the resource is found."""
    if request.headers.get("If-None-Match") == etag:  # the usual case, without parsing
        return _not_modified_response(etag)
    candidates = request.if_none_match
    if not candidates or candidates.star_tag:
        return None
    if not candidates.contains_weak(etag.removeprefix("W/").strip('"')):
        return None
    return _not_modified_response(etag)


def _not_modified_response(etag: str) -> Response:
    response = Response(status=304)
    response.headers["ETag"] = etag
    return response


View = TypeVar("View", bound=Callable[..., Any])


# Given a view's arguments, the site whose history alone the document shows, or None.
HistoryOf = Callable[[Mapping[str, Any]], int | None]


def validated_by_data(resource: str, *, mark: HistoryOf | None = None) -> Callable[[View], View]:
    """For a read whose document is a function of the data, the reader's visibility class
    and the request's URL: its ETag is data_etag of those, so a matching If-None-Match is
    answered 304 without the work, and the 200 carries the same ETag (kept by
    _conditional_get, never rehashed).

    Place it above @blp.arguments: it runs first, so a 304 does not even parse the query.
    The query's raw arguments (order aside) stand for it: the same arguments always give
    the same document, and the ETag only has to change when the document may. The class:
    exact points of restricted sites and drafts, the only things a document shows one
    reader and not another (heritage.services.visibility, sites.location_for). Readers
    who see published data only get an ETag of the public commit mark, so writes out of
    their sight (drafts, accounts, settings) leave their ETags alone.

    The same ETag names the same document, so a 200 once built is kept in the app's
    DocumentCache under it, and the next reader with that ETag gets its bytes.

    `mark`, for a document that shows one site's history and nothing else, names that
    site from the view's arguments (None when the request reaches further): its ETag is
    then of the site's history mark (data_etag's `history_of`), which writes elsewhere
    leave alone, so its cached documents outlive them."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def conditional(*args: Any, **kwargs: Any) -> Any:
            principal = current_principal()
            etag = data_etag(
                resource,
                tuple(sorted(kwargs.items())),
                principal.sees_exact_locations,
                principal.sees_drafts,
                # Parsing an empty query string costs as much as this whole function.
                tuple(sorted(request.args.items(multi=True))) if request.query_string else (),
                public=not principal.sees_drafts,
                history_of=mark(kwargs) if mark is not None else None,
            )
            unchanged = not_modified(etag)
            if unchanged is not None:
                return unchanged
            documents: DocumentCache[Document] | None = current_app.extensions.get(DOCUMENTS)
            known = documents.get(etag) if documents is not None else None
            if known is not None:
                response = Response(known.body, mimetype=known.mimetype)
            else:
                response = view(*args, **kwargs)
                if not isinstance(response, Response):
                    raise TypeError(f"{view.__qualname__} must return a Response for its ETag")
                if documents is not None and response.status_code == 200:
                    documents.put(etag, Document(response.get_data(), response.mimetype))
            response.headers["ETag"] = etag
            return response

        return cast(View, conditional)

    return decorate


def page_items(page: Page[Any], pagination_parameters: Any) -> list[Any]:
    """A service's page as a view returns it; the total feeds the pagination headers."""
    pagination_parameters.item_count = page.total
    return list(page.items)


class Blueprint(SmorestBlueprint):
    DEFAULT_PAGINATION_PARAMETERS = {"page": 1, "page_size": 25, "max_page_size": MAX_PAGE_SIZE}

    def arguments(
        self, schema: Any, *, location: str = "json", required: bool = True, **kwargs: Any
    ) -> Callable[[View], View]:
        """flask-smorest's, and a body the document marks required is required: webargs reads
        a missing body as {}, which an all-optional schema (a PATCH, a new token) accepted,
        so a PATCH with no body reached the version check (412) and a token was made with
        its defaults. Checked once the schema has named any field it requires, before the
        view: the body's absence is the first thing the view would act on."""
        parse = super().arguments(schema, location=location, required=required, **kwargs)
        if location != "json" or not required:
            return cast(Callable[[View], View], parse)

        def decorate(view: View) -> View:
            @functools.wraps(view)
            def with_body(*args: Any, **kwargs: Any) -> Any:
                if not request.get_data(cache=True):  # a body of another type is a 415 by now
                    abort(422, messages={"json": {"_schema": ["A JSON object is required."]}})
                return view(*args, **kwargs)

            return cast(View, parse(with_body))

        return decorate

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
