"""The `heritage` command's domain half: schema, backups, users and tokens. The API package
adds the commands that serve HTTP (`demo`, `serve`), so this package never imports it.
Commands act as the SYSTEM principal: whoever runs them holds the database anyway."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, TaskID
from sqlalchemy import false, or_, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.db import database_url, make_engine, make_session_factory
from heritage.errors import HeritageError
from heritage.extraction.command import extract_command
from heritage.interchange import formats
from heritage.interchange.filters import ExportFilter
from heritage.interchange.importer import (
    BATCH_SIZE,
    ConcurrentImport,
    GradingFailed,
    ImportReport,
    ValidationFailed,
    import_records,
)
from heritage.models import Site
from heritage.services import accounts, site_kinds
from heritage.vocab import Role, values

if TYPE_CHECKING:
    from heritage.backup import BackupSummary

# The schema and backup commands import Alembic (heritage.migrate, heritage.backup) when
# they run: the others, an import above all, do not need it at start-up.


@click.group()
def cli() -> None:
    """heritage: a tracker of damage to cultural heritage in armed conflict.

    The database is HERITAGE_DATABASE_URL (default: sqlite:///heritage.db in the current
    directory)."""


@cli.group()
def db() -> None:
    """Create, upgrade or inspect the database schema (through Alembic)."""


@db.command()
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Upgrade the schema to REVISION (default: the newest)."""
    from heritage import migrate

    engine = make_engine()
    migrate.upgrade(engine, revision)
    click.echo(f"{_safe(database_url())} is at revision {migrate.current_revision(engine)}.")


@db.command()
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Downgrade the schema to REVISION (`base` removes every table)."""
    from heritage import migrate

    engine = make_engine()
    migrate.downgrade(engine, revision)
    click.echo(f"{_safe(database_url())} is at revision {migrate.current_revision(engine)}.")


@db.command()
def current() -> None:
    """Show the schema revision of the database and the newest one available."""
    from heritage import migrate

    engine = make_engine()
    now, head = migrate.current_revision(engine), migrate.head_revision()
    state = "up to date" if now == head else f"behind: run `heritage db upgrade` to reach {head}"
    click.echo(f"{_safe(database_url())}: revision {now or 'none (empty)'} ({state})")


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def backup(path: Path) -> None:
    """Write a consistent copy of the database to PATH, even while the server runs.

    SQLite: a SQLite file made with the online backup API. PostgreSQL: a `pg_dump
    --format=custom` archive (pg_dump must be on PATH). PATH is replaced if it exists."""
    from heritage.backup import BackupError, backup_database

    url = database_url()
    try:
        summary = backup_database(url, path)
    except BackupError as error:
        raise click.ClickException(error.detail) from error
    click.echo(
        f"Backed up {_safe(url)} (revision {summary.revision or 'none'}) to {path}: "
        f"{_figures(summary)}, {summary.size:,} bytes."
    )


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(path: Path, yes: bool) -> None:
    """Replace everything in the database with the backup at PATH (made by `heritage backup`).

    Stop the server first. Refuses a file that is not a heritage backup, and one made by a
    newer version of heritage; after restoring an older one, run `heritage db upgrade`."""
    from heritage.backup import BackupError, inspect_backup, restore_database

    url = database_url()
    try:
        info = inspect_backup(url, path)
        if not yes:
            click.confirm(
                f"Replace everything in {_safe(url)} with {path} (revision {info.revision})?",
                abort=True,
            )
        summary = restore_database(url, path)
    except BackupError as error:
        raise click.ClickException(error.detail) from error
    click.echo(
        f"Restored {path} ({summary.size:,} bytes) into {_safe(url)}: {_figures(summary)}, "
        f"revision {summary.revision}."
    )
    if info.behind:
        click.echo(
            f"The backup's schema is older than this code's ({info.head}): "
            "run `heritage db upgrade`."
        )


@contextmanager
def _transaction() -> Iterator[Session]:
    """One command, one transaction, committed only if the command succeeds."""
    engine = make_engine()
    try:
        with make_session_factory(engine)() as session:
            try:
                yield session
                session.commit()
            except HeritageError as error:
                session.rollback()
                raise click.ClickException(error.detail) from error
    finally:
        engine.dispose()


@cli.group("site-kinds")
def site_kinds_group() -> None:
    """The kinds a site may have: list them, or add one (no migration needed)."""


@site_kinds_group.command("list")
def site_kinds_list() -> None:
    """List site kinds: code, broader term, English and Arabic labels."""
    with _transaction() as session:
        for kind in site_kinds.list_site_kinds(session):
            click.echo(f"{kind.code}\t{kind.broader or '-'}\t{kind.label_en}\t{kind.label_ar}")


@site_kinds_group.command("add")
@click.argument("code")
@click.option("--en", "label_en", required=True, help="The English label.")
@click.option("--ar", "label_ar", required=True, help="The Arabic label.")
@click.option("--broader", default=None, help="The code of the broader term.")
def site_kinds_add(code: str, label_en: str, label_ar: str, broader: str | None) -> None:
    """Add a site kind: sites, imports and forms accept it at once."""
    data = {"code": code, "label_en": label_en, "label_ar": label_ar, "broader": broader}
    with _transaction() as session:
        kind = site_kinds.create_site_kind(session, SYSTEM, data)
        click.echo(f"Added the site kind {kind.code}.")


@cli.group()
def users() -> None:
    """Manage accounts: viewer < editor < reviewer < admin."""


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(values(Role)), required=True)
@click.option("--name", "display_name", default="", help="A display name.")
@click.option("--password", is_flag=True, help="Ask for a password (for the web forms).")
def users_create(username: str, role: str, display_name: str, password: bool) -> None:
    """Create a user."""
    data = {"username": username, "role": role, "display_name": display_name}
    if password:
        data["password"] = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _transaction() as session:
        user = accounts.create_user(session, SYSTEM, data)
        click.echo(f"Created user {user.username} (id {user.id}, {user.role}).")


@users.command("list")
def users_list() -> None:
    """List users with their roles."""
    with _transaction() as session:
        page = accounts.list_users(session, SYSTEM, page=1, page_size=100_000)
        for user in page.items:
            state = " (disabled)" if user.disabled else ""
            click.echo(f"{user.id}\t{user.username}\t{user.role}{state}")


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(values(Role)))
def users_set_role(username: str, role: str) -> None:
    """Give a user another role."""
    with _transaction() as session:
        user = accounts.find_user(session, SYSTEM, username)
        accounts.update_user(session, SYSTEM, user.id, {"role": role})
        click.echo(f"{username} is now {role}.")


@users.command("set-password")
@click.argument("username")
def users_set_password(username: str) -> None:
    """Ask for a new password for USERNAME (to sign in to the web app); their open web
    sessions end."""
    password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    with _transaction() as session:
        user = accounts.find_user(session, SYSTEM, username)
        accounts.update_user(session, SYSTEM, user.id, {"password": password})
        click.echo(f"{username}'s password is set.")


@users.command("disable")
@click.argument("username")
def users_disable(username: str) -> None:
    """Disable a user: their tokens stop working at once."""
    with _transaction() as session:
        user = accounts.find_user(session, SYSTEM, username)
        accounts.update_user(session, SYSTEM, user.id, {"disabled": True})
        click.echo(f"{username} is disabled.")


@cli.group()
def tokens() -> None:
    """Manage API tokens (sent as `Authorization: Bearer …`)."""


@tokens.command("create")
@click.argument("username")
@click.option("--name", default="", help="What the token is for.")
@click.option("--days", default=accounts.DEFAULT_TOKEN_DAYS, show_default=True, type=int)
def tokens_create(username: str, name: str, days: int) -> None:
    """Create a token for USERNAME and print it: it is shown this once."""
    with _transaction() as session:
        user = accounts.find_user(session, SYSTEM, username)
        secret, token = accounts.create_token(session, SYSTEM, user.id, name=name, days=days)
        expires = f"{token.expires_at:%Y-%m-%d}"
    # Printed once the token is committed: a token shown but never stored would not work.
    click.echo(secret)
    click.echo(
        f"Token {token.id} for {username}, expires {expires}."
        " Keep it now: only its hash is stored.",
        err=True,
    )


@tokens.command("list")
@click.option("--user", "username", help="Only this user's tokens.")
def tokens_list(username: str | None) -> None:
    """List tokens (never the tokens themselves)."""
    with _transaction() as session:
        user_id = accounts.find_user(session, SYSTEM, username).id if username else None
        for token in accounts.list_tokens(session, SYSTEM, user_id=user_id):
            state = "revoked" if token.revoked_at else f"expires {token.expires_at:%Y-%m-%d}"
            click.echo(f"{token.id}\t{token.prefix}…\t{token.user.username}\t{token.name}\t{state}")


@tokens.command("revoke")
@click.argument("token_id", type=int)
def tokens_revoke(token_id: int) -> None:
    """Revoke a token by its id."""
    with _transaction() as session:
        accounts.revoke_token(session, SYSTEM, token_id)
        click.echo(f"Token {token_id} is revoked.")


@cli.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option(
    "--layout",
    type=click.Choice(list(formats.READERS)),
    help="The file's layout (default: from its name, and a CSV's header).",
)
@click.option(
    "--batch-size", default=BATCH_SIZE, show_default=True, type=click.IntRange(1, 100_000)
)
def import_files(
    files: tuple[Path, ...], dry_run: bool, layout: str | None, batch_size: int
) -> None:
    """Import FILES (JSON Lines, or the sites/events CSV layouts; docs/interchange.md).

    Every line is validated before anything is written; a file with errors changes
    nothing. Importing again changes nothing; a changed record is updated. Records are
    committed in batches: if an import is interrupted, run it again to finish it."""
    engine = make_engine()
    sessions = make_session_factory(engine)
    failed = False
    try:
        for path in files:
            failed |= not _import_file(sessions, path, dry_run, layout, batch_size)
    finally:
        engine.dispose()
    if failed:
        raise click.exceptions.Exit(1)


def _import_file(
    sessions: Any, path: Path, dry_run: bool, layout: str | None, batch_size: int
) -> bool:
    try:
        reader = formats.READERS[formats.layout_of(path, layout)]
    except HeritageError as error:
        raise click.ClickException(error.detail) from error

    def records() -> Iterator[Any]:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            yield from reader(stream)

    started = time.perf_counter()
    console = Console(stderr=True)
    with Progress(
        *Progress.get_default_columns(),
        MofNCompleteColumn(),
        console=console,
        disable=not console.is_terminal,  # quiet in pipes and logs
        transient=True,
    ) as progress:
        # The bar's total costs a read of the whole file: only for a bar someone sees.
        total = _line_count(path) if console.is_terminal else None
        task = progress.add_task(f"Importing {path.name}", total=total)
        grading_task: list[TaskID] = []  # added when the import starts regrading

        def grading(done: int, total: int) -> None:
            if not grading_task:
                grading_task.append(progress.add_task("Grading events", total=total))
            progress.update(grading_task[0], completed=done)

        try:
            report = import_records(
                sessions,
                SYSTEM,
                records,
                dry_run=dry_run,
                batch_size=batch_size,
                progress=lambda done: progress.update(task, completed=done),
                parallel=True,  # validates in a forked process: never in the (threaded) server
                grading=grading,
            )
        except (ValidationFailed, GradingFailed) as error:  # a helper process's own failure
            raise click.ClickException(f"{path}: {error}") from error
        except ConcurrentImport as error:
            raise click.ClickException(f"{path}: {error.detail}") from error
        except OperationalError as error:
            if not _locked_by_another_writer(error):
                raise
            raise click.ClickException(
                f"{path}: another writer (another import?) kept the database locked past"
                " SQLite's busy timeout. The batch being written was not; the batches before"
                " it stay. Run the import again once that writer has finished."
            ) from error
    for problem in report.problems:
        click.echo(f"{path}: {problem}", err=True)
    if report.problem_count > len(report.problems):
        click.echo(f"{path}: … and {report.problem_count - len(report.problems)} more", err=True)
    for warning in report.warnings:
        click.echo(f"{path}: warning: {warning}", err=True)
    if report.warning_count > len(report.warnings):
        more = report.warning_count - len(report.warnings)
        click.echo(f"{path}: … and {more} more warning(s)", err=True)
    click.echo(f"{path}: {_summary(report, time.perf_counter() - started)}")
    return report.ok


def _locked_by_another_writer(error: OperationalError) -> bool:
    """SQLite's SQLITE_BUSY: another connection held the write lock past the busy timeout
    (PostgreSQL waits for row locks instead)."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == sqlite3.SQLITE_BUSY


def _line_count(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(1 for line in stream if line.strip())


def _summary(report: ImportReport, seconds: float) -> str:
    if not report.ok:
        return f"{report.problem_count} problem(s); nothing was written."
    created, updated, unchanged = (
        sum(counts.values()) for counts in (report.created, report.updated, report.unchanged)
    )
    took = f"{seconds:.1f} s, {report.records / seconds:,.0f} records/s"
    if report.dry_run:
        return (
            f"{report.records} records checked, nothing written (dry run): would create"
            f" {created}, update {updated}, leave {unchanged} unchanged ({took})."
        )
    return (
        f"{report.records} records written: {created} created, {updated} updated,"
        f" {unchanged} unchanged ({took})."
    )


@cli.command("export")
@click.option("--format", "format_name", type=click.Choice(list(formats.EXPORTERS)), required=True)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout."
)
@click.option("--site", help="A site (key or id) and every site inside it.")
@click.option(
    "--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Events overlapping from…"
)
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="…to this day.")
@click.option(
    "--changed-since", type=click.DateTime(), help="Records changed after this moment (UTC)."
)
@click.option("--include-drafts", is_flag=True, help="Also records not yet published.")
@click.option(
    "--public", is_flag=True, help="Export what the public sees: generalised restricted points."
)
@click.option(
    "--raw",
    is_flag=True,
    help="CSV: every cell as stored, for programs (by default a cell a spreadsheet would run"
    " as a formula starts with ').",
)
def export_data(
    format_name: str,
    output: Path | None,
    site: str | None,
    date_from: dt.datetime | None,
    date_to: dt.datetime | None,
    changed_since: dt.datetime | None,
    include_drafts: bool,
    public: bool,
    raw: bool,
) -> None:
    """Export data as JSON Lines (the import format), CSV of events, or GeoJSON of sites.

    The CSV is safe to open in a spreadsheet: a site name, actor or description beginning
    with =, +, -, @, a tab or a carriage return gets a ' before it, which the import takes
    off again; --raw writes every cell as stored."""
    try:
        formats.exporter_for(format_name, raw=raw)
    except HeritageError as error:  # before the output file is made
        raise click.UsageError(error.detail) from error
    principal = ANONYMOUS if public else SYSTEM
    with _transaction() as session:
        selection = ExportFilter(
            site_id=_site_id(session, site) if site else None,
            date_from=date_from.date() if date_from else None,
            date_to=date_to.date() if date_to else None,
            changed_since=changed_since.replace(tzinfo=dt.UTC) if changed_since else None,
        )
        with _output(output) as out:
            written = formats.export(
                format_name,
                session,
                principal,
                out,
                selection,
                include_drafts=include_drafts,
                parallel=True,
                raw=raw,
            )
    click.echo(f"Exported {written} records as {format_name}.", err=True)


def _site_id(session: Session, reference: str) -> int:
    found = session.scalar(
        select(Site.id).where(
            or_(
                Site.key == reference, Site.id == int(reference) if reference.isdigit() else false()
            )
        )
    )
    if found is None:
        raise click.BadParameter(f"No site with key or id {reference}.", param_hint="--site")
    return found


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8", newline="") as stream:
        yield stream


def _figures(summary: BackupSummary) -> str:
    return f"{summary.tables} tables, {summary.total_rows:,} rows"


def _safe(url: str) -> str:
    """The URL without its password, for printing."""
    return make_url(url).render_as_string(hide_password=True)


from heritage.reports.command import reports  # noqa: E402  (it imports nothing from here)

cli.add_command(reports)
cli.add_command(extract_command)
import heritage.extraction.ingest_command  # noqa: E402, F401 -- adds `heritage articles`
