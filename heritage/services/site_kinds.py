"""Use cases for the site-kind vocabulary: the kinds a site may have, which admins extend."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import Principal, require
from heritage.errors import Conflict
from heritage.models import SiteKind
from heritage.models.common import VOCAB_LENGTH
from heritage.services.common import FieldErrors, require_name
from heritage.vocab import Role

LABELS = ("label_en", "label_ar")
CODE_PATTERN = re.compile(rf"^[a-z][a-z0-9_]{{0,{VOCAB_LENGTH - 1}}}$")
# A session remembers the codes it read: an import checks the kind of every site it holds.
_KNOWN = "heritage.site_kinds"


def list_site_kinds(session: Session) -> list[SiteKind]:
    """Every kind, broad classes and their terms, in code order."""
    return list(session.scalars(select(SiteKind).order_by(SiteKind.code)))


def known_site_kinds(session: Session) -> frozenset[str]:
    """The codes a site's kind may take (read once per session)."""
    known: frozenset[str] | None = session.info.get(_KNOWN)
    if known is None:
        known = frozenset(session.scalars(select(SiteKind.code)))
        session.info[_KNOWN] = known
    return known


def check_site_kind(
    errors: FieldErrors, value: object, known: frozenset[str], field: str = "kind"
) -> None:
    if not isinstance(value, str) or value not in known:
        errors.add(field, f"'{value}' is not one of: {', '.join(sorted(known))}.")


def create_site_kind(session: Session, principal: Principal, data: Mapping[str, Any]) -> SiteKind:
    """Add a kind to the vocabulary (admins): the forms, the import and the OpenAPI document
    offer it at once, with no migration."""
    require(principal, Role.ADMIN, "add a site kind")
    errors = FieldErrors()
    code = data.get("code")
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        errors.add(
            "code", f"Lowercase letters, digits and underscores, at most {VOCAB_LENGTH} characters."
        )
    labels = {name: require_name(errors, data, name) for name in LABELS}
    known = known_site_kinds(session)
    broader = data.get("broader")
    if broader is not None:
        check_site_kind(errors, broader, known, "broader")
    errors.raise_if_any()
    if code in known:
        raise Conflict(f"The site kind '{code}' exists already.", field="code")
    kind = SiteKind(code=code, broader=broader, **labels)
    session.add(kind)
    session.flush()
    session.info.pop(_KNOWN, None)
    return kind
