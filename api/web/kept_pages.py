"""Public pages kept whole for readers who are not signed in, and revalidated by ETag.

Such a reader gets no CSRF token and no name in the masthead (base.html), so for them a
page is a function of the data the public sees, the code, the day, the language and the
address: the same ETag as the API's reads (api.blueprint.data_etag, of the public commit
mark), with the templates, translations and assets (web_fingerprint), names it. The page
is kept in the app's DocumentCache under that ETag, so the next such reader gets its
bytes, and a browser that sends it back in If-None-Match gets a 304 without the page: on
a slow connection the page is not sent again until something the public may see changes.
Signed-in readers get pages drawn for them (their name, their token, drafts), never kept,
never answered 304 and marked private.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from flask import Response, current_app, make_response, request, session
from flask_babel import get_locale

from api.blueprint import data_etag, not_modified
from api.document_cache import DOCUMENTS, Document, DocumentCache
from api.web.sign_in import web_principal

View = TypeVar("View", bound=Callable[..., Any])


def kept_for_the_public(page: str) -> Callable[[View], View]:
    """Keep the view's 200 pages for readers who are not signed in (see the module)."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def kept(**kwargs: Any) -> Any:
            if not web_principal().is_anonymous or "_flashes" in session:
                own = make_response(view(**kwargs))
                # Drawn for this reader (their name, their token): no cache may share it.
                own.headers.setdefault("Cache-Control", "private, no-cache")
                return own
            etag = data_etag(
                page,
                web_fingerprint(),
                tuple(sorted(kwargs.items())),
                dt.date.today(),  # pages say "today" (a site's time axis runs to it)
                str(get_locale()),  # the address may not say it: the session or browser may
                request.full_path,
                public=True,
            )
            unchanged = not_modified(etag)
            if unchanged is not None:
                return _revalidated(unchanged, etag)
            pages: DocumentCache[Document] | None = current_app.extensions.get(DOCUMENTS)
            known = pages.get(etag) if pages is not None else None
            if known is not None:
                return _revalidated(Response(known.body, mimetype=known.mimetype), etag)
            response = make_response(view(**kwargs))
            if response.status_code != 200:
                return response
            if pages is not None:
                pages.put(etag, Document(response.get_data(), response.mimetype))
            return _revalidated(response, etag)

        return cast(View, kept)

    return decorate


@functools.cache
def web_fingerprint() -> str:
    """A digest of what draws the pages besides the Python code data_etag already names:
    the templates, the translations and the stylesheets and scripts. A deployment that
    changes one of them changes every kept page's ETag."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for folder in ("templates", "translations", "static"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _revalidated(response: Response, etag: str) -> Response:
    response.headers["ETag"] = etag
    # Kept by the browser, but asked about again each time: a 304 costs a few bytes. A
    # response that sets the reader's cookie (a language chosen) is theirs alone.
    response.headers["Cache-Control"] = "private, no-cache" if session.modified else "no-cache"
    # Who is signed in (the cookie) and the browser's languages change the page.
    response.vary.update(("Cookie", "Accept-Language"))
    return response
