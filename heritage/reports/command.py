"""`heritage reports`: define periodic reports, list them, issue one, and issue every
period that has ended (`run-due`, for cron). Acts as SYSTEM, as every command does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from heritage.auth import SYSTEM
from heritage.db import make_engine, make_session_factory
from heritage.errors import HeritageError
from heritage.models import Site
from heritage.services import reports as service
from heritage.vocab import ReportAudience, ReportCadence, ReportLanguage, values

DAY = click.DateTime(["%Y-%m-%d"])
# The files an issue writes, by the column that holds them: name pattern.
FILE_NAMES = {"html": "report-{id}.html", "pdf": "report-{id}.pdf", "csv": "report-{id}-annex.csv"}


@contextmanager
def _transaction() -> Iterator[Session]:
    """One command, one transaction, committed only if the command succeeds; a refusal is
    said plainly, naming the field, and nothing is stored."""
    engine = make_engine()
    try:
        with make_session_factory(engine)() as session:
            try:
                yield session
                session.commit()
            except HeritageError as error:
                session.rollback()
                raise click.ClickException(error.detail) from error
            except IntegrityError as error:
                # Two runs issuing the same period from the same data: one stores it.
                session.rollback()
                raise click.ClickException(
                    "Another process issued the same report meanwhile: nothing was stored"
                    " by this one. Run it again to see what is issued."
                ) from error
    finally:
        engine.dispose()


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@click.group()
def reports() -> None:
    """Periodic reports: define them, issue them, and issue every period that has ended."""


def _scope_id(session: Session, reference: str | None) -> int | None:
    if reference is None:
        return None
    if reference.isdigit():
        return int(reference)  # the service says so if no such site exists
    found = session.scalar(select(Site.id).where(Site.key == reference))
    if found is None:
        raise click.BadParameter(f"No site with key or id {reference}.", param_hint="--scope")
    return found


@reports.command("define")
@click.argument("title")
@click.option("--cadence", type=click.Choice(values(ReportCadence)), required=True)
@click.option("--audience", type=click.Choice(values(ReportAudience)), default="public")
@click.option("--language", type=click.Choice(values(ReportLanguage)), default="en")
@click.option("--scope", help="A site (key or id) and every site inside it; default: all.")
@click.option("--start", "period_start", type=DAY, help="A fixed period's first day.")
@click.option("--end", "period_end", type=DAY, help="A fixed period's last day.")
@click.option(
    "--first-period",
    "first_period",
    type=DAY,
    help="A cadence's first period is the one holding this day (default: today).",
)
def define(
    title: str,
    cadence: str,
    audience: str,
    language: str,
    scope: str | None,
    period_start: dt.datetime | None,
    period_end: dt.datetime | None,
    first_period: dt.datetime | None,
) -> None:
    """Define a report called TITLE."""
    with _transaction() as session:
        data = service.DefinitionInput(
            title=title,
            cadence=cadence,
            audience=audience,
            language=language,
            scope_site_id=_scope_id(session, scope),
            period_start=period_start.date() if period_start else None,
            period_end=period_end.date() if period_end else None,
            first_period_start=first_period.date() if first_period else None,
        )
        definition = service.define_report(session, SYSTEM, data, today=_today())
        click.echo(f"Defined report {definition.id}: {definition.title}.")


@reports.command("list")
def list_reports() -> None:
    """List report definitions and their issues."""
    with _transaction() as session:
        for definition in service.list_definitions(session, SYSTEM):
            if definition.cadence == ReportCadence.FIXED:
                span = f"{definition.period_start}/{definition.period_end}"
            else:
                span = f"{definition.cadence} from {definition.first_period_start}"
            scope = f"site {definition.scope_site_id}" if definition.scope_site_id else "all sites"
            retired = " (retired)" if definition.retired_at else ""
            click.echo(
                f"{definition.id}\t{definition.title}\t{span}\t{scope}\t{definition.audience}"
                f"\t{definition.language}{retired}"
            )
            for issue in service.list_issues(session, SYSTEM, definition.id):
                corrects = f"\tcorrects {issue.corrects_id}" if issue.corrects_id else ""
                click.echo(
                    f"  issue {issue.id}\t{issue.period_label}\tissued {issue.issued_on}"
                    f"\tposition {issue.position}{corrects}"
                )


def _write_files(issue_id: int, files: dict[str, tuple[bytes, str]], out: Path | None) -> None:
    """Print each file's SHA-256 (as `sha256sum` does, so `sha256sum -c` checks the files
    written), writing the files to `out` if given."""
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    for name, pattern in FILE_NAMES.items():
        data, digest = files[name]
        path = Path(pattern.format(id=issue_id))
        if out is not None:
            path = out / path
            path.write_bytes(data)
        click.echo(f"{digest}  {path}")


@reports.command("issue")
@click.argument("definition_id", type=int)
@click.option("--period", help="2015-Q3, 2015-08, 2015-W35 (default: the last one ended).")
@click.option("--issued-on", type=DAY, help="The declared issue date (default: today).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the HTML, PDF and CSV files to this directory.",
)
def issue(
    definition_id: int, period: str | None, issued_on: dt.datetime | None, out: Path | None
) -> None:
    """Issue report DEFINITION_ID for a period that has ended, and print its files' SHA-256.
    Issued already from the same data: the stored issue, unchanged."""
    with _transaction() as session:
        day = issued_on.date() if issued_on else _today()
        issued = service.issue_report(session, SYSTEM, definition_id, period, day)
        files = {name: service.issue_file(issued.issue, name) for name in FILE_NAMES}
    found = issued.issue
    state = "Issued" if issued.new else "Already issued from the same data:"
    corrects = f", correcting issue {found.corrects_id}" if found.corrects_id else ""
    click.echo(
        f"{state} issue {found.id} of report {definition_id} for {found.period_label}"
        f" (dated {found.issued_on}, position {found.position}{corrects})."
    )
    _write_files(found.id, files, out)


@reports.command("retire")
@click.argument("definition_id", type=int)
def retire(definition_id: int) -> None:
    """Stop issuing report DEFINITION_ID; its issues stay as they are."""
    with _transaction() as session:
        definition = service.retire_definition(session, SYSTEM, definition_id)
        click.echo(f"Report {definition.id} ({definition.title}) is retired.")


@reports.command("run-due")
@click.option("--today", type=DAY, help="The day to issue as (default: today).")
def run_due(today: dt.datetime | None) -> None:
    """Issue every period that has ended and is not issued yet, for every live report.
    Idempotent: run it every hour from cron."""
    with _transaction() as session:
        issued = service.run_due(session, today.date() if today else _today())
    for found in issued:
        click.echo(
            f"Issued issue {found.id} of report {found.definition_id} for {found.period_label}."
        )
    if not issued:
        click.echo("Nothing due.")
