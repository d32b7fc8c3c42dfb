"""The domain's exceptions; `api/errors.py` maps each to an HTTP status in one table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


class HeritageError(Exception):
    """Base of every error the domain raises on purpose."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(HeritageError):
    def __init__(self, resource: str, identifier: object) -> None:
        super().__init__(f"No {resource} with id {identifier}.")
        self.resource = resource
        self.identifier = identifier


class InvalidInput(HeritageError):
    """Input that is well-formed but wrong; `errors` names each bad field."""

    def __init__(self, errors: Mapping[str, list[str]], detail: str | None = None) -> None:
        self.errors = {field: list(messages) for field, messages in errors.items()}
        super().__init__(detail or "; ".join(f"{f}: {' '.join(m)}" for f, m in self.errors.items()))

    @classmethod
    def field(cls, field: str, message: str) -> InvalidInput:
        return cls({field: [message]})


@dataclass(frozen=True)
class Referrers:
    """The records of one kind that refer to another record through one of their fields
    (the events naming an actor in `actors`): how many, and the ids of the first few."""

    resource: str
    field: str
    count: int
    ids: tuple[int, ...]


class Conflict(HeritageError):
    """The request contradicts what is stored (a duplicate, a record still in use)."""

    def __init__(
        self,
        detail: str,
        *,
        existing: tuple[str, int] | None = None,
        field: str | None = None,
        errors: Mapping[str, list[str]] | None = None,
        referenced_by: Sequence[Referrers] = (),
    ) -> None:
        super().__init__(detail)
        self.existing = existing  # (resource, id) of the record the request collides with
        self.field = field
        # Each colliding field and why, when there are several (else `field` and `detail`).
        self.errors = {name: list(messages) for name, messages in (errors or {}).items()}
        # What still refers to a record that the request would delete or change.
        self.referenced_by = tuple(referenced_by)


class Gone(HeritageError):
    """What the request names is no longer there to be found, and will not be again (a
    change feed cursor from before the database was restored from a backup)."""

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.field = field  # the input that names it


class StaleVersion(HeritageError):
    """The record changed since the client read it (its version is not the one expected)."""


class PreconditionRequired(HeritageError):
    """A change to a versioned record came without the version it was based on."""


class Unauthenticated(HeritageError):
    """No valid credentials, for something that needs them."""


class Forbidden(HeritageError):
    """Valid credentials, but not allowed to do this."""
