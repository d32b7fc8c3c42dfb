"""Who is calling: bearer tokens, the principal of each request, and the outer guards.

Every request that writes needs at least an editor, checked here before its body is even
read, so no endpoint can forget it; the services check the finer rules (publishing needs a
reviewer, accounts an admin). Failed authentication is counted per presented credential
and per client address; once either keeps failing, its failing attempts are refused with
429, while a valid token always goes through: one client's failures never lock others out.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from flask import Flask, Response, current_app, g, request

from api.errors import CHALLENGE, problem
from heritage.auth import ANONYMOUS, Principal
from heritage.services.accounts import authenticate_token, token_digest
from heritage.vocab import Role

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
API_PATHS = "/api/"


class FailedAttempts:
    """Failed authentications per key (a client address, or the digest of a presented
    credential) in a sliding window, in this process's memory: behind several workers each
    counts its own, which still bounds the failures one key can cost."""

    def __init__(self, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._next_sweep = 1024

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def retry_after(self, key: str) -> int:
        """Seconds the key's attempts stay refused, or 0 if it may try."""
        now = time.monotonic()
        with self._lock:
            if key not in self._failures:  # asking must not add an entry for every key
                return 0
            failures = self._recent(key, now)
            if len(failures) < self.limit:
                return 0
            return max(1, int(failures[0] + self.window - now) + 1)

    def record(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            failures = self._recent(key, now)
            failures.append(now)
            while len(failures) > self.limit:  # the limit is all a refusal needs to count
                failures.popleft()
            if len(self._failures) >= self._next_sweep:
                self._forget_stale(now)

    def _forget_stale(self, now: float) -> None:
        # Keys whose failures have all left the window: every distinct wrong credential is
        # a key, so memory stays bounded by what failed within one window.
        cutoff = now - self.window
        for key in [k for k, times in self._failures.items() if not times or times[-1] <= cutoff]:
            del self._failures[key]
        self._next_sweep = max(1024, 2 * len(self._failures))


def current_principal() -> Principal:
    principal: Principal = g.get("principal", ANONYMOUS)
    return principal


def client_address() -> str:
    # Behind a reverse proxy, set HERITAGE_PROXY_COUNT so this is the real client's address
    # (create_app applies werkzeug's ProxyFix; `heritage serve` has waitress pass it the
    # X-Forwarded-For header), or every client shares the proxy's address.
    return request.remote_addr or "unknown"


def _unauthorized(detail: str, error: str = "invalid_token") -> Response:
    return problem(
        401,
        detail,
        kind="unauthenticated",
        headers={"WWW-Authenticate": f'{CHALLENGE}, error="{error}"'},
    )


def _too_many(wait: int, whose: str) -> Response:
    return problem(
        429,
        f"Too many failed sign-ins with {whose}; wait before trying again.",
        kind="too-many-attempts",
        headers={"Retry-After": str(wait)},
    )


def _principal_of(header: str) -> Principal | None:
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    # A session of its own: recording the token's use commits apart from the request's
    # transaction, which stays untouched until the view commits it.
    with current_app.extensions["heritage.sessions"]() as session:
        principal = authenticate_token(session, secret.strip())
        session.commit()
    return principal


def _signed_in(header: str) -> Principal | Response:
    """The principal the header stands for, or the refusal: 401 for a failed attempt, 429
    once its credential or its address keeps failing.

    A credential that keeps failing is refused without being looked up again. An address
    that keeps failing (one client guessing, or many clients behind one proxy or NAT)
    only has its failing attempts refused: a valid token from it still goes through, since
    telling the two apart costs the one indexed lookup every request makes anyway."""
    attempts: FailedAttempts = current_app.extensions["heritage.failed_attempts"]
    # The digest, not the header: what failed is counted without keeping any secret.
    credential = "credential:" + token_digest(header)
    wait = attempts.retry_after(credential)
    if wait:
        return _too_many(wait, "this credential")
    principal = _principal_of(header)
    if principal is not None:
        return principal
    address = "address:" + client_address()
    wait = attempts.retry_after(address)
    if wait:
        return _too_many(wait, "credentials from this client")
    attempts.record(credential)
    attempts.record(address)
    return _unauthorized("The token is unknown, expired or revoked.")


def _authenticate() -> Response | None:
    if not request.path.startswith(API_PATHS):
        return None  # the web app's pages: signed in by session (api/web/sign_in.py)
    header = request.headers.get("Authorization")
    if header is None:
        g.principal = ANONYMOUS
    else:
        principal = _signed_in(header)
        if isinstance(principal, Response):
            return principal
        g.principal = principal
    if request.method not in READ_METHODS and request.endpoint is not None:
        return _guard_write(current_principal())
    return None


def _guard_write(principal: Principal) -> Response | None:
    if principal.is_anonymous:
        return _unauthorized("Sign in with a bearer token to change anything.", "invalid_request")
    if not principal.has(Role.EDITOR):
        return problem(
            403,
            f"Changes need at least the editor role; you are {principal.role}.",
            kind="forbidden",
        )
    return None


def init_app(app: Flask) -> None:
    app.extensions["heritage.failed_attempts"] = FailedAttempts(
        limit=app.config.get("AUTH_FAILURE_LIMIT", 10),
        window_seconds=app.config.get("AUTH_FAILURE_WINDOW_SECONDS", 300),
    )
    app.before_request(_authenticate)
