"""The `heritage` command's domain half: schema management. The API package adds the
commands that serve HTTP (`demo`, `serve`), so this package never imports it."""

from __future__ import annotations

import click
from sqlalchemy.engine import make_url

from heritage import migrate
from heritage.db import database_url, make_engine


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
    engine = make_engine()
    migrate.upgrade(engine, revision)
    click.echo(f"{_safe(database_url())} is at revision {migrate.current_revision(engine)}.")


@db.command()
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Downgrade the schema to REVISION (`base` removes every table)."""
    engine = make_engine()
    migrate.downgrade(engine, revision)
    click.echo(f"{_safe(database_url())} is at revision {migrate.current_revision(engine)}.")


@db.command()
def current() -> None:
    """Show the schema revision of the database and the newest one available."""
    engine = make_engine()
    now, head = migrate.current_revision(engine), migrate.head_revision()
    state = "up to date" if now == head else f"behind: run `heritage db upgrade` to reach {head}"
    click.echo(f"{_safe(database_url())}: revision {now or 'none (empty)'} ({state})")


def _safe(url: str) -> str:
    """The URL without its password, for printing."""
    return make_url(url).render_as_string(hide_password=True)
