"""Periodic reports: what a report covers and for whom (a definition), and each report
issued from it, kept as evidence: its three files' bytes with their SHA-256, never changed
once stored (heritage.services.reports issues them; docs/reports.md has the rules)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    UniqueConstraint,
    event,
    func,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from heritage.db import Base
from heritage.models.common import NAME_LENGTH, VOCAB_LENGTH, vocabulary_check
from heritage.vocab import ReportAudience, ReportCadence, ReportLanguage

TITLE_LENGTH = 300
PERIOD_LABEL_LENGTH = 40
SHA256_LENGTH = 64  # hex digits


class ReportDefinition(Base):
    """A report to issue for each period of its cadence (or once, for a fixed period):
    its title, scope (every site, or one site and everything inside it), audience and
    language. A retired definition keeps its issues and is issued no more."""

    __tablename__ = "report_definitions"
    __table_args__ = (
        vocabulary_check("cadence", ReportCadence),
        vocabulary_check("audience", ReportAudience),
        vocabulary_check("language", ReportLanguage),
        # A fixed period has both ends, in order; a cadence has neither but a first period.
        CheckConstraint(
            "(cadence = 'fixed' AND period_start IS NOT NULL AND period_end IS NOT NULL"
            " AND period_start <= period_end)"
            " OR (cadence <> 'fixed' AND period_start IS NULL AND period_end IS NULL"
            " AND first_period_start IS NOT NULL)",
            name="period_fits_cadence",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH))
    scope_site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    cadence: Mapped[str] = mapped_column(String(VOCAB_LENGTH))
    # The period of a `fixed` definition, both ends inclusive.
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    # For a cadence: the first day of its first period, where `run-due` starts.
    first_period_start: Mapped[dt.date | None] = mapped_column(Date)
    audience: Mapped[str] = mapped_column(String(VOCAB_LENGTH))
    language: Mapped[str] = mapped_column(String(VOCAB_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # The name of who defined it, at the time ("system" for the command line).
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    retired_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    issues: Mapped[list[ReportIssue]] = relationship(order_by="ReportIssue.id", viewonly=True)

    @property
    def retired(self) -> bool:
        return self.retired_at is not None


class ReportIssue(Base):
    """One issued report: the period it covers, its declared issue date, the commit
    position it was built on, the earlier issue of the same period it corrects, and its
    files. Immutable: the ORM refuses to change or delete one once stored (below), and
    the database refuses UPDATE (the migration's triggers)."""

    __tablename__ = "report_issues"
    __table_args__ = (
        # One issue per period and state of the data: issuing again from the same position
        # finds the stored issue, and two writers racing to issue it cannot both store it.
        UniqueConstraint("definition_id", "period_start", "period_end", "position"),
        Index("ix_report_issues_definition_id_period_start", "definition_id", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("report_definitions.id"))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    period_label: Mapped[str] = mapped_column(String(PERIOD_LABEL_LENGTH))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    position: Mapped[int] = mapped_column(BigInteger)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("report_issues.id"))
    # The files are read only when served: listing issues leaves them in the database.
    html: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    html_sha256: Mapped[str] = mapped_column(String(SHA256_LENGTH))
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    pdf_sha256: Mapped[str] = mapped_column(String(SHA256_LENGTH))
    csv: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    csv_sha256: Mapped[str] = mapped_column(String(SHA256_LENGTH))
    # What the next issue compares with: {event id: [grade, [flag kinds]]}.
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    # What this issue lists as corrections to earlier reports: [{record, record_id,
    # period}], in the order the report lists them.
    corrections: Mapped[list[dict[str, Any]]] = mapped_column(JSON)

    definition: Mapped[ReportDefinition] = relationship()
    corrects: Mapped[ReportIssue | None] = relationship(remote_side=[id])


class IssuedReportIsImmutable(Exception):
    """Raised on a flush that would change or delete a stored report issue: a bug, never
    an input a person can correct, so not a HeritageError."""


@event.listens_for(Session, "before_flush")
def _refuse_changing_issues(session: Session, _context: Any, _instances: Any) -> None:
    for issue in session.deleted:
        if isinstance(issue, ReportIssue):
            raise IssuedReportIsImmutable(f"Report issue {issue.id} cannot be deleted.")
    for issue in session.dirty:
        if isinstance(issue, ReportIssue) and session.is_modified(issue, include_collections=False):
            raise IssuedReportIsImmutable(f"Report issue {issue.id} cannot be changed.")
