"""Security headers on every response, and the one body type the API reads.

Every response, errors and redirects included, carries a Content-Security-Policy, nosniff,
no-referrer, frame protection and a same-origin resource policy. The API answers JSON to
anything, so its policy allows nothing but its own origin; the interactive docs page gets
the one inline script flask-smorest's template carries, allowed by its SHA-256 (never
'unsafe-inline' for scripts), plus the inline styles and data: images Swagger UI draws with.

Writes with a body that is not JSON get 415, and one larger than the limit 413, before
anything reads them; a JSON body nested absurdly deep, or text no database can store (a NUL
character, an unpaired surrogate) in the body or the query string, is refused naming where
it is, the same on SQLite and PostgreSQL; so is an integer too long for Python to read
(more than 4300 digits), which the schemas' parser would raise as a bare ValueError. These
checks are registered after the authentication guard (`create_app` calls `init_app`
last), so an anonymous caller still hears 401 first, whatever it sends.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any

from flask import Flask, Response, current_app, request
from werkzeug.http import parse_options_header

from api.errors import problem
from heritage import jsonsafe

API_PATH = "/api/v1/"
DOCS_ENDPOINT = "api-docs.openapi_swagger_ui"
JSON_MEDIA_TYPE = "application/json"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})
MAX_JSON_DEPTH = 32  # the deepest body the schemas read is 3 levels down
UNSTORABLE_TEXT = "Text may not contain NUL characters or unpaired surrogates."

BASE_DIRECTIVES = {
    "default-src": "'self'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
}
STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_DOCS_POLICIES = "heritage.docs_policies"


def policy(**extra: str) -> str:
    directives = {**BASE_DIRECTIVES, **extra}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


API_POLICY = policy()


def script_hashes(html: str) -> list[str]:
    """The CSP source of each inline <script> of a page: 'sha256-…'."""
    return [
        "'sha256-{}'".format(
            base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        )
        for script in _INLINE_SCRIPT.findall(html)
    ]


def _docs_policy() -> str:
    """The docs page's policy, from the page as the template renders it for this mount
    point (the spec URL inside the script depends on SCRIPT_NAME): computed once each."""
    policies: dict[str, str] = current_app.extensions.setdefault(_DOCS_POLICIES, {})
    root = request.script_root
    if root not in policies:
        rendered: Any = current_app.view_functions[DOCS_ENDPOINT]()
        page = current_app.make_response(rendered)
        html = page.get_data(as_text=True)
        policies[root] = policy(
            **{
                "script-src": " ".join(["'self'", *script_hashes(html)]),
                # Swagger UI sets style attributes and draws its icons as data: SVGs.
                "style-src": "'self' 'unsafe-inline'",
                "img-src": "'self' data:",
            }
        )
    return policies[root]


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    if "Content-Security-Policy" not in headers:
        docs = request.endpoint == DOCS_ENDPOINT and response.status_code == 200
        headers["Content-Security-Policy"] = _docs_policy() if docs else API_POLICY
    for name, value in STATIC_HEADERS.items():
        headers.setdefault(name, value)
    if request.path.startswith(API_PATH):
        # What a client may read depends on who it is: no shared cache may mix them up.
        if "Vary" in headers:
            response.vary.add("Authorization")
        else:  # the usual case, without parsing a header set
            headers["Vary"] = "Authorization"
    return response


def _has_body() -> bool:
    if request.content_length:
        return True
    return "chunked" in request.headers.get("Transfer-Encoding", "").lower()


def _is_json(content_type: str) -> bool:
    mimetype = parse_options_header(content_type)[0].lower()
    return mimetype == JSON_MEDIA_TYPE or (
        mimetype.startswith("application/") and mimetype.endswith("+json")
    )


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def unstorable_text(document: Any, path: str = "") -> Iterator[str]:
    """The path ("names.0.name", "_body") of each string, key or value, that cannot be
    stored; raises RecursionError past MAX_JSON_DEPTH levels."""
    stack: list[tuple[Any, str, int]] = [(document, path, 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise RecursionError(where)
        if isinstance(value, str):
            if not _storable(value):
                yield where or "_body"
        elif isinstance(value, dict):
            for key, item in value.items():
                inner = f"{where}.{key}" if where else str(key)
                if not _storable(key):
                    yield where or "_body"
                    continue
                stack.append((item, inner, depth + 1))
        elif isinstance(value, list):
            stack.extend(
                (item, f"{where}.{index}" if where else str(index), depth + 1)
                for index, item in enumerate(value)
            )


def _refuse_text(where: list[str]) -> Response:
    fields_named = ", ".join(sorted(set(where)))
    return problem(
        422,
        f"The request has invalid fields: {fields_named}.",
        kind="invalid-input",
        errors={name: [UNSTORABLE_TEXT] for name in sorted(set(where))},
    )


def refuse_hostile_input() -> Response | None:
    """Refuse what no endpoint can use, before anything reads it: 413 for a body over the
    limit, 415 for one that is not JSON, 400 for JSON nested too deep, 422 for text that
    cannot be stored, in the body or the query string."""
    if not request.path.startswith(API_PATH) or request.endpoint is None:
        return None  # not the API, or no route (the 404/405 answers)
    if request.query_string:  # parsing an empty one costs more than the rest of this
        bad_parameters = [name for name, value in request.args.items(multi=True) if "\x00" in value]
        if bad_parameters:
            return _refuse_text(bad_parameters)
    if request.method not in WRITE_METHODS or not _has_body():
        return None
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is not None and (request.content_length or 0) > limit:
        return problem(413, f"The request body is larger than the {limit} bytes accepted.")
    content_type = request.headers.get("Content-Type", "")
    if not _is_json(content_type):
        sent = parse_options_header(content_type)[0] or "no Content-Type"
        accept = "Accept-Patch" if request.method == "PATCH" else "Accept-Post"
        return problem(
            415,
            f"The request body must be {JSON_MEDIA_TYPE}, not {sent}.",
            kind="unsupported-media-type",
            headers={accept: JSON_MEDIA_TYPE},
        )
    body = request.get_data(cache=True)
    try:
        bad_text = list(unstorable_text(json.loads(body)))
    except RecursionError:
        return _too_deep()
    except json.JSONDecodeError:
        return None  # malformed JSON: the schema's parser answers 400 naming it
    except ValueError:  # an integer too long to convert, or bytes that are not UTF-8
        return _refuse_long_integers(body)
    return _refuse_text(bad_text) if bad_text else None


def _too_deep() -> Response:
    detail = f"The JSON body is nested deeper than {MAX_JSON_DEPTH} levels."
    return problem(400, detail, kind="bad-request")


def _refuse_long_integers(body: bytes) -> Response | None:
    """422 naming each field that holds an integer too long to convert (it would escape
    the schema's parser as a bare ValueError); None if there is none."""
    try:
        where = sorted(set(jsonsafe.long_integers(jsonsafe.loads(body), MAX_JSON_DEPTH)))
    except RecursionError:
        return _too_deep()
    except ValueError:
        return None  # not UTF-8: the schema's parser answers it
    if not where:
        return None
    names = [name or "_body" for name in where]
    return problem(
        422,
        f"The request has invalid fields: {', '.join(names)}.",
        kind="invalid-input",
        errors={name: [jsonsafe.long_integer_reason()] for name in names},
    )


def init_app(app: Flask) -> None:
    app.before_request(refuse_hostile_input)
    app.after_request(add_security_headers)
