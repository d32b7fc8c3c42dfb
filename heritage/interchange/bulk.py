"""Creating an import batch's new records in bulk: the same rows the services write, in one
flush per run of records instead of a dozen statements per record.

The services create one record per call: they look up every reference, check the key,
flush, write a revision and regrade the event, which costs milliseconds a record. An
import has checked every field and reference in its validation pass already, so what is
left per batch is done here once: the checks only the database can answer (keys and
identifiers already taken, tombstones included), one flush, one INSERT of the revisions,
and one regrading of the events touched. The rows come from the services' own `fill_*`
functions, so a record created here is the one its service would create.

Records that need more than that (an article with archived text, a claim with a quote to
locate, an event with a reviewer's grade override) still go through their service.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from heritage.auth import Principal
from heritage.errors import Conflict
from heritage.interchange.canonical import KEY_FIELD, MODELS
from heritage.models import Actor, Claim, Event, Site, SiteIdentifier, Source
from heritage.models.common import Tracked
from heritage.services.actors import fill_actor
from heritage.services.articles import new_article
from heritage.services.claims import fill_claim
from heritage.services.events import fill_event, initial_status
from heritage.services.grades import refresh_grades
from heritage.services.records import log_created_many, require_editing, stamp_created
from heritage.services.sites import fill_site
from heritage.services.sources import fill_source
from heritage.text import normalise_url
from heritage.vocab import ClaimBasis, Grade


def needs_service(record_type: str, data: Mapping[str, Any]) -> bool:
    """Whether creating this record needs its service's own lookups (see the module doc)."""
    if record_type == "article":
        return data.get("text") is not None  # a duplicate by text is found by its digest
    if record_type == "claim":
        return data.get("quote") is not None  # the quote is located in the article's text
    if record_type == "event":
        return data.get("grade_override") is not None  # a reviewer's act, with its checks
    return False


def _new_record(principal: Principal, record_type: str, data: Mapping[str, Any]) -> Tracked:
    """The unsaved record for validated service input, as its service would fill it."""
    record: Tracked
    if record_type == "site":
        site = Site(description="", restricted=False)
        fill_site(site, data)
        record = site
    elif record_type == "actor":
        actor = Actor(description="")
        fill_actor(actor, data)
        record = actor
    elif record_type == "source":
        source = Source(description="")
        fill_source(source, data)
        record = source
    elif record_type == "article":
        record = new_article(data)
    elif record_type == "event":
        event = Event(
            description="", grade=Grade.DISCOUNTED.value, status=initial_status(principal, data)
        )
        fill_event(event, data)
        record = event
    else:
        claim = Claim(
            summary="",
            basis=ClaimBasis.REPORT.value,
            figures={},
            status=initial_status(principal, data),
        )
        fill_claim(claim, data, None)
        record = claim
    stamp_created(record, principal)
    return record


@dataclass(frozen=True, slots=True)
class Created:
    """A record added to the run, with the import line it came from and its natural key."""

    line: int
    record_type: str
    key: str
    origin: Mapping[str, Any]  # the interchange record it came from
    record: Tracked


class BulkCreator:
    """Collects the new records of one batch and writes them a run at a time.

    A run ends when a record refers to one still pending here (its id does not exist
    before the flush) or when the importer writes a record through a service (whose
    revision must come after these). `finish` flushes the last run and regrades every
    event the batch touched, once."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self._session = session
        self._principal = principal
        self._pending: list[Created] = []
        self._pending_refs: set[tuple[str, str]] = set()
        self._regrade: set[int] = set()
        self._checked_roles: set[str] = set()

    def holds(self, record_type: str, ref: str) -> bool:
        """Whether a reference names a record of the current run (flush before using it)."""
        if record_type == "article":
            ref = normalise_url(ref)
        return (record_type, ref) in self._pending_refs

    def add(
        self,
        line: int,
        record_type: str,
        key: str,
        origin: Mapping[str, Any],
        data: Mapping[str, Any],
    ) -> None:
        """Queue the record for service input `data`, read from `origin` on `line`."""
        if record_type not in self._checked_roles:
            require_editing(self._principal, None, record_type)
            self._checked_roles.add(record_type)
        record = _new_record(self._principal, record_type, data)
        self._pending.append(Created(line, record_type, key, origin, record))
        self._pending_refs.add((record_type, key))
        if record_type == "site":  # later lines may name it by an identifier
            for entry in data.get("identifiers") or []:
                self._pending_refs.add(("site", f"{entry['scheme']}:{entry['value']}"))

    def flush(self) -> list[Created]:
        """Write the current run; return it, each record now with its id."""
        run, self._pending = self._pending, []
        self._pending_refs.clear()
        if not run:
            return run
        _refuse_taken(self._session, run)
        self._session.add_all(item.record for item in run)
        self._session.flush()
        # A claim's revision is public only while its event is: load those events in one
        # query (kept referenced until the revisions are written) rather than one lazy
        # load per claim.
        event_ids = {item.record.event_id for item in run if isinstance(item.record, Claim)}
        events = (
            self._session.scalars(select(Event).where(Event.id.in_(event_ids))).all()
            if event_ids
            else []
        )
        log_created_many(self._session, self._principal, [item.record for item in run])
        del events
        for item in run:
            if isinstance(item.record, Event):
                self._regrade.add(item.record.id)
            elif isinstance(item.record, Claim):
                self._regrade.add(item.record.event_id)
        return run

    def finish(self) -> list[Created]:
        run = self.flush()
        if self._regrade:
            refresh_grades(self._session, sorted(self._regrade))
            self._regrade.clear()
        return run


class TakenKey(Conflict):
    """A new record's key or identifier is held by a stored record (perhaps deleted)."""

    def __init__(self, line: int, detail: str, field: str, existing: tuple[str, int]) -> None:
        super().__init__(detail, existing=existing, field=field)
        self.line = line


def _refuse_taken(session: Session, run: list[Created]) -> None:
    """The database's unique keys, checked first so the import can name the line (a
    failed flush would only say that some row of the run broke a constraint)."""
    by_type: dict[str, dict[str, Created]] = {}
    for item in run:
        by_type.setdefault(item.record_type, {})[item.key] = item
    for record_type, items in by_type.items():
        model: Any = MODELS[record_type]
        # Natural keys as stored: an article's is its URL's normal form (url_key).
        column = model.url_key if record_type == "article" else model.key
        statement = select(column, model.id).where(column.in_(list(items)))
        for key, holder in session.execute(statement):
            field = KEY_FIELD[record_type]
            raise TakenKey(
                items[key].line,
                f"A {record_type} with {field} '{key}' exists already (perhaps deleted).",
                field,
                (record_type, holder),
            )
    wanted: dict[tuple[str, str], int] = {}
    for item in run:
        if isinstance(item.record, Site):
            for identifier in item.record.identifiers:
                wanted[(identifier.scheme, identifier.value)] = item.line
    if not wanted:
        return
    held = select(SiteIdentifier.scheme, SiteIdentifier.value, SiteIdentifier.site_id).where(
        tuple_(SiteIdentifier.scheme, SiteIdentifier.value).in_(list(wanted))
    )
    for scheme, value, holder in session.execute(held):
        raise TakenKey(
            wanted[(scheme, value)],
            f"{scheme} {value} already identifies site {holder}.",
            "identifiers",
            ("site", holder),
        )
