"""Who is calling: bearer tokens, the principal of each request, and the outer guards.

Every request that writes needs at least an editor, checked here before its body is even
read, so no endpoint can forget it; the services check the finer rules (publishing needs a
reviewer, accounts an admin). Failed authentication is counted per client and refused
with 429 once a client keeps failing.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from flask import Flask, Response, current_app, g, request

from api.errors import CHALLENGE, problem
from heritage.auth import ANONYMOUS, Principal
from heritage.services.accounts import authenticate_token
from heritage.vocab import Role

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


class FailedAttempts:
    """Failed authentications per client in a sliding window (in this process's memory:
    behind several workers each counts its own, which still bounds guessing)."""

    def __init__(self, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        failures = self._failures[client]
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def retry_after(self, client: str) -> int:
        """Seconds the client must wait, or 0 if it may try."""
        now = time.monotonic()
        with self._lock:
            failures = self._recent(client, now)
            if len(failures) < self.limit:
                return 0
            return max(1, int(failures[0] + self.window - now) + 1)

    def record(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._recent(client, now).append(now)


def current_principal() -> Principal:
    principal: Principal = g.get("principal", ANONYMOUS)
    return principal


def _client() -> str:
    # Behind a reverse proxy, set HERITAGE_PROXY_COUNT so this is the real client's address
    # (create_app applies werkzeug's ProxyFix), or every client shares the proxy's count.
    return request.remote_addr or "unknown"


def _unauthorized(detail: str, error: str = "invalid_token") -> Response:
    return problem(
        401,
        detail,
        kind="unauthenticated",
        headers={"WWW-Authenticate": f'{CHALLENGE}, error="{error}"'},
    )


def _authenticate() -> Response | None:
    attempts: FailedAttempts = current_app.extensions["heritage.failed_attempts"]
    header = request.headers.get("Authorization")
    if header is None:
        g.principal = ANONYMOUS
    else:
        wait = attempts.retry_after(_client())
        if wait:
            return problem(
                429,
                "Too many failed sign-ins from this client; wait before trying again.",
                kind="too-many-attempts",
                headers={"Retry-After": str(wait)},
            )
        scheme, _, secret = header.partition(" ")
        principal = None
        if scheme.lower() == "bearer":
            # A session of its own: recording the token's use commits apart from the
            # request's transaction, which stays untouched until the view commits it.
            with current_app.extensions["heritage.sessions"]() as session:
                principal = authenticate_token(session, secret.strip())
                session.commit()
        if principal is None:
            attempts.record(_client())
            return _unauthorized("The token is unknown, expired or revoked.")
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
