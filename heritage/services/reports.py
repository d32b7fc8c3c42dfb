"""Use cases for periodic reports: define one, issue it for a period (built by
heritage.reports.build, drawn by heritage.reports.render, stored with the SHA-256 of each
file), read what is issued, and issue every period that has ended (`run-due`).

Who may do what: anyone reads a public report's definition and issues, editors and above
an internal one's (others are told it does not exist); reviewers and above define and issue
(the command line acts as SYSTEM). The rules are in docs/reports.md."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from heritage.auth import SYSTEM, Principal, require
from heritage.errors import Conflict, InvalidInput, NotFound
from heritage.messages import N_
from heritage.models import ReportDefinition, ReportIssue, Site
from heritage.models.reports import TITLE_LENGTH
from heritage.records.fields import (
    NO_CONTEXT,
    Choice,
    Day,
    FieldErrors,
    Naming,
    Reference,
    Title,
)
from heritage.reports.content import IssueRef, Period, ReportContent, ReportSpec
from heritage.reports.periods import parse_period, period_of, periods_between, previous_period
from heritage.services.common import ensure_exists
from heritage.vocab import (
    FlagKind,
    Grade,
    ReportAudience,
    ReportCadence,
    ReportChangeKind,
    ReportLanguage,
    Role,
)

# The fields of a definition and the rules of their values, as the records define theirs
# (heritage.records.fields). Not a RecordDefinition: a report definition is no tracked
# record (no natural key, no revision trail, never imported or exported).
DEFINITION_FIELDS = (
    Title("title", required=True, max_length=TITLE_LENGTH),
    Choice("cadence", required=True, vocabulary=ReportCadence),
    Choice("audience", required=True, vocabulary=ReportAudience),
    Choice("language", required=True, vocabulary=ReportLanguage),
    Reference("scope_site_id", record_type="site"),
    Day("period_start"),
    Day("period_end"),
    Day("first_period_start"),
)

FILES = ("html", "pdf", "csv")
# How often, as a refusal says it ("This report is issued monthly: ...").
CADENCE_WORDS = {
    ReportCadence.WEEKLY: N_("weekly"),
    ReportCadence.MONTHLY: N_("monthly"),
    ReportCadence.QUARTERLY: N_("quarterly"),
    ReportCadence.FIXED: N_("once"),
}


@dataclass(frozen=True)
class DefinitionInput:
    """What a report definition is made of, as the API, the forms and the command line
    send it (vocabulary values as text, checked here)."""

    title: str
    cadence: str
    audience: str
    language: str
    scope_site_id: int | None = None
    period_start: dt.date | None = None  # a fixed period's first day
    period_end: dt.date | None = None  # ... and last day
    first_period_start: dt.date | None = None  # a cadence's first period holds this day


@dataclass(frozen=True)
class Issued:
    """The issue a request to issue found or made: `new` is False when the same data had
    been issued for that period already (the stored issue, nothing written)."""

    issue: ReportIssue
    new: bool


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


# --- Definitions --------------------------------------------------------------------------


def _check_definition(session: Session, data: DefinitionInput) -> FieldErrors:
    errors = FieldErrors()
    values = vars(data)
    for field in DEFINITION_FIELDS:
        value = values[field.name]
        if value is None:
            if field.required:
                errors.add(field.name, N_("Required."))
            continue
        field.check(errors, field.name, value, Naming.SERVICE, NO_CONTEXT)
    ensure_exists(session, errors, Site, data.scope_site_id, "scope_site_id")
    if data.cadence == ReportCadence.FIXED:
        for name in ("period_start", "period_end"):
            if values[name] is None:
                errors.add(name, N_("Required for a fixed period."))
        ends_known = "period_start" not in errors.errors and "period_end" not in errors.errors
        if ends_known and data.period_start and data.period_end:
            errors.check(
                data.period_start <= data.period_end,
                "period_end",
                N_("The period ends before it starts."),
            )
        errors.check(
            data.first_period_start is None,
            "first_period_start",
            N_("Only a report issued every week, month or quarter has a first period."),
        )
    elif "cadence" not in errors.errors:
        for name in ("period_start", "period_end"):
            errors.check(
                values[name] is None,
                name,
                N_("Only a report of a fixed period has one; leave it out for a cadence."),
            )
    return errors


def define_report(
    session: Session, principal: Principal, data: DefinitionInput, today: dt.date | None = None
) -> ReportDefinition:
    """A new report definition. A cadence's first period is the one holding
    `first_period_start`, or else the one holding the day it is defined (`today`)."""
    require(principal, Role.REVIEWER, N_("define reports"))
    _check_definition(session, data).raise_if_any()
    definition = ReportDefinition(
        title=data.title.strip(),
        scope_site_id=data.scope_site_id,
        cadence=data.cadence,
        audience=data.audience,
        language=data.language,
        created_by=principal.name,
    )
    cadence = ReportCadence(data.cadence)
    if cadence == ReportCadence.FIXED:
        definition.period_start, definition.period_end = data.period_start, data.period_end
    else:
        first = data.first_period_start or today or _today()
        definition.first_period_start = period_of(cadence, first).start
    session.add(definition)
    session.flush()
    return definition


def _readable(principal: Principal, definition: ReportDefinition) -> bool:
    return definition.audience == ReportAudience.PUBLIC or principal.has(Role.EDITOR)


def get_definition(session: Session, principal: Principal, definition_id: int) -> ReportDefinition:
    """A definition the principal may read; an internal one is not found for readers below
    editor, who may not know it exists."""
    definition = session.get(ReportDefinition, definition_id)
    if definition is None or not _readable(principal, definition):
        raise NotFound("report", definition_id)
    return definition


def list_definitions(session: Session, principal: Principal) -> Sequence[ReportDefinition]:
    """The definitions the principal may read, live ones first, by title."""
    statement = select(ReportDefinition).order_by(
        ReportDefinition.retired_at.is_not(None), ReportDefinition.title, ReportDefinition.id
    )
    if not principal.has(Role.EDITOR):
        statement = statement.where(ReportDefinition.audience == ReportAudience.PUBLIC.value)
    return session.scalars(statement).all()


def retire_definition(
    session: Session, principal: Principal, definition_id: int
) -> ReportDefinition:
    """Stop issuing a definition; its issues stay readable as they are."""
    require(principal, Role.REVIEWER, N_("retire reports"))
    definition = get_definition(session, principal, definition_id)
    if definition.retired_at is None:
        definition.retired_at = dt.datetime.now(dt.UTC)
        session.flush()
    return definition


# --- Reading issues ---------------------------------------------------------------------


def get_issue(session: Session, principal: Principal, issue_id: int) -> ReportIssue:
    """An issue the principal may read (its definition's audience decides)."""
    issue = session.get(ReportIssue, issue_id)
    if issue is None or not _readable(principal, issue.definition):
        raise NotFound("report issue", issue_id)
    return issue


def list_issues(
    session: Session, principal: Principal, definition_id: int
) -> Sequence[ReportIssue]:
    """A definition's issues, the latest period first, corrections before what they
    correct."""
    get_definition(session, principal, definition_id)
    return session.scalars(
        select(ReportIssue)
        .where(ReportIssue.definition_id == definition_id)
        .order_by(ReportIssue.period_start.desc(), ReportIssue.id.desc())
    ).all()


def public_issues(session: Session, limit: int = 50) -> Sequence[ReportIssue]:
    """The latest issues of public reports, for the feed: by issue date, then by id."""
    return session.scalars(
        select(ReportIssue)
        .join(ReportIssue.definition)
        .options(contains_eager(ReportIssue.definition))
        .where(ReportDefinition.audience == ReportAudience.PUBLIC.value)
        .order_by(ReportIssue.issued_on.desc(), ReportIssue.id.desc())
        .limit(limit)
    ).all()


def issue_file(issue: ReportIssue, name: str) -> tuple[bytes, str]:
    """One of an issue's stored files (html, pdf or csv) and its SHA-256."""
    if name not in FILES:
        raise NotFound("report file", name)
    return getattr(issue, name), getattr(issue, f"{name}_sha256")


def issue_period(issue: ReportIssue) -> Period:
    return Period(issue.period_start, issue.period_end, issue.period_label)


# --- Issuing ------------------------------------------------------------------------------


def _period_to_issue(definition: ReportDefinition, text: str | None, issued_on: dt.date) -> Period:
    """The period `text` names (None: the last one ended by `issued_on`), checked against
    the definition's cadence and refused unless it ended before `issued_on`."""
    cadence = ReportCadence(definition.cadence)
    if cadence == ReportCadence.FIXED:
        assert definition.period_start is not None and definition.period_end is not None
        fixed = Period(definition.period_start, definition.period_end, _span_label(definition))
        if text is not None and text.strip():
            asked = parse_period(text)
            if (asked.start, asked.end) != (fixed.start, fixed.end):
                raise InvalidInput.field(
                    "period",
                    N_("This report covers %(period)s only.", period=fixed.label),
                )
        period = fixed
    elif text is None or not text.strip():
        period = previous_period(period_of(cadence, issued_on))
    else:
        period = parse_period(text)
        if period_of(cadence, period.start) != period:
            raise InvalidInput.field(
                "period",
                N_(
                    "This report is issued %(cadence)s: name one such period, such as %(example)s.",
                    cadence=CADENCE_WORDS[cadence],
                    example=period_of(cadence, period.start).label,
                ),
            )
    if period.end >= issued_on:
        raise InvalidInput.field(
            "period",
            N_(
                "The period %(period)s has not ended by %(day)s: a report covers a period"
                " once it is over.",
                period=period.label,
                day=issued_on.isoformat(),
            ),
        )
    return period


def _span_label(definition: ReportDefinition) -> str:
    assert definition.period_start is not None and definition.period_end is not None
    return f"{definition.period_start.isoformat()}/{definition.period_end.isoformat()}"


def _ref(issue: ReportIssue) -> IssueRef:
    return IssueRef(issue.id, issue_period(issue), issue.issued_on, issue.position)


def _facts_of(issue: ReportIssue | None) -> dict[int, tuple[Grade, tuple[FlagKind, ...]]]:
    if issue is None:
        return {}
    return {
        int(event_id): (Grade(grade), tuple(FlagKind(kind) for kind in kinds))
        for event_id, (grade, kinds) in issue.facts.items()
    }


def _stored_facts(content: ReportContent) -> dict[str, Any]:
    return {
        str(event_id): [str(grade), [str(kind) for kind in kinds]]
        for event_id, (grade, kinds) in sorted(content.facts.items())
    }


def _stored_corrections(content: ReportContent) -> list[dict[str, Any]]:
    return [
        {
            "record": change.record,
            "record_id": change.record_id,
            "period": change.period.label if change.period else None,
        }
        for change in content.changes
        if change.kind == ReportChangeKind.CORRECTION
    ]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _latest_issue(
    session: Session, definition_id: int, period: Period | None = None
) -> ReportIssue | None:
    statement = select(ReportIssue).where(ReportIssue.definition_id == definition_id)
    if period is not None:
        statement = statement.where(
            ReportIssue.period_start == period.start, ReportIssue.period_end == period.end
        )
    return session.scalars(statement.order_by(ReportIssue.id.desc()).limit(1)).first()


def issue_report(
    session: Session,
    principal: Principal,
    definition_id: int,
    period_text: str | None,
    issued_on: dt.date,
) -> Issued:
    """Issue a definition for a period that has ended (`period_text`: "2015-Q3", "2015-08",
    "2015-W35", a fixed span; None: the last period ended by `issued_on`), dated
    `issued_on`. Issued already from the same data (the same commit position): that issue,
    nothing written. Issued already from other data: a new issue correcting the latest."""
    require(principal, Role.REVIEWER, N_("issue reports"))
    definition = get_definition(session, principal, definition_id)
    if definition.retired_at is not None:
        raise Conflict(
            N_("The report %(id)s is retired: it is issued no more.", id=definition.id),
            field="definition",
        )
    # A day's leeway: the issuer's today may be tomorrow in UTC.
    if issued_on > _today() + dt.timedelta(days=1):
        raise InvalidInput.field(
            "issued_on",
            N_("An issue date cannot be later than today: a report is dated when it is issued."),
        )
    period = _period_to_issue(definition, period_text, issued_on)
    # The builder and WeasyPrint load only when a report is built, not with every service.
    from heritage.reports.build import build_report, current_position
    from heritage.reports.render import render_csv, render_html, render_pdf

    audience = ReportAudience(definition.audience)
    earlier = _latest_issue(session, definition.id, period)
    if earlier is not None and earlier.position == current_position(session, audience):
        return Issued(earlier, new=False)
    last = _latest_issue(session, definition.id)
    spec = ReportSpec(
        definition_id=definition.id,
        title=definition.title,
        scope_site_id=definition.scope_site_id,
        audience=audience,
        language=ReportLanguage(definition.language),
        period=period,
        previous=previous_period(period),
        issued_on=issued_on,
        last_issue=_ref(last) if last is not None else None,
        corrects=_ref(earlier) if earlier is not None else None,
    )
    content = build_report(session, spec, _facts_of(last))
    files = {"html": render_html(content), "pdf": render_pdf(content), "csv": render_csv(content)}
    issue = ReportIssue(
        definition_id=definition.id,
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        issued_on=issued_on,
        position=content.position,
        corrects_id=earlier.id if earlier is not None else None,
        facts=_stored_facts(content),
        corrections=_stored_corrections(content),
        **files,
        **{f"{name}_sha256": _sha256(data) for name, data in files.items()},
    )
    session.add(issue)
    session.flush()
    return Issued(issue, new=True)


def due_periods(definition: ReportDefinition, today: dt.date) -> list[Period]:
    """The periods of a live definition that have ended before `today`, oldest first."""
    if definition.retired_at is not None:
        return []
    cadence = ReportCadence(definition.cadence)
    if cadence == ReportCadence.FIXED:
        assert definition.period_start is not None and definition.period_end is not None
        period = Period(definition.period_start, definition.period_end, _span_label(definition))
        return [period] if period.end < today else []
    assert definition.first_period_start is not None
    last_ended = today - dt.timedelta(days=1)
    return [
        period
        for period in periods_between(cadence, definition.first_period_start, last_ended)
        if period.end < today
    ]


def run_due(session: Session, today: dt.date, principal: Principal = SYSTEM) -> list[ReportIssue]:
    """Issue, dated `today`, every period of every live definition that has ended and has
    no issue yet; a period issued already is left as it is, so running it again (every
    hour, from cron) issues nothing new."""
    require(principal, Role.REVIEWER, N_("issue reports"))
    issued: list[ReportIssue] = []
    definitions = session.scalars(
        select(ReportDefinition)
        .where(ReportDefinition.retired_at.is_(None))
        .order_by(ReportDefinition.id)
    ).all()
    for definition in definitions:
        done = {
            (row.period_start, row.period_end)
            for row in session.execute(
                select(ReportIssue.period_start, ReportIssue.period_end).where(
                    ReportIssue.definition_id == definition.id
                )
            )
        }
        for period in due_periods(definition, today):
            if (period.start, period.end) in done:
                continue
            issued.append(
                issue_report(session, principal, definition.id, period.label, today).issue
            )
    return issued


def definition_input(texts: Mapping[str, str | None]) -> DefinitionInput:
    """A definition from text (a web form, the command line): dates as YYYY-MM-DD and the
    scope's id as digits, each refused under its own name when it is not; empty text is
    absent. The other fields are checked by define_report."""
    errors = FieldErrors()

    def text(name: str) -> str | None:
        value = texts.get(name)
        return value.strip() if value is not None and value.strip() else None

    def day(name: str) -> dt.date | None:
        value = text(name)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            errors.add(name, N_("A date (YYYY-MM-DD)."))
            return None

    scope = text("scope_site_id")
    if scope is not None and not scope.isdigit():
        errors.add("scope_site_id", N_("A site id, or nothing for every site."))
    data = DefinitionInput(
        title=texts.get("title") or "",
        cadence=text("cadence") or "",
        audience=text("audience") or "",
        language=text("language") or "",
        scope_site_id=int(scope) if scope is not None and scope.isdigit() else None,
        period_start=day("period_start"),
        period_end=day("period_end"),
        first_period_start=day("first_period_start"),
    )
    errors.raise_if_any()
    return data
