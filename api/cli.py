"""The `heritage` console script: the domain's commands plus the ones that serve HTTP."""

from __future__ import annotations

import os
from pathlib import Path

import click

from heritage.cli import cli
from heritage.db import database_url, make_engine, make_session_factory

# The app (Flask and every resource), heritage.migrate (Alembic) and the demo data are
# imported by the commands that use them, so that every other command (an import above
# all) starts without them: together they took about half a second.


def _serve(url: str, host: str, port: int, threads: int) -> None:
    import waitress

    from api.app import create_app, freeze_startup_heap

    app = create_app({"DATABASE_URL": url})
    freeze_startup_heap()
    click.echo(
        f"Serving heritage on http://{host}:{port}/ (the web app), its API under /api/v1/"
        " (docs: /api/docs)"
    )
    waitress.serve(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="heritage",
        # Waitress deletes X-Forwarded-For and its kin from every request unless it trusts
        # the peer; behind proxies (HERITAGE_PROXY_COUNT) the app's ProxyFix reads them
        # instead, the same way under any WSGI server, so waitress is told to keep them.
        clear_untrusted_proxy_headers=not app.config["PROXY_COUNT"],
    )


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--db",
    "path",
    default="heritage.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SQLite file to create or upgrade and fill.",
)
@click.option("--no-serve", is_flag=True, help="Load the demo data and exit.")
def demo(host: str, port: int, path: Path, no_serve: bool) -> None:
    """Create or upgrade a SQLite database, load the Palmyra demo data, and serve the web app
    and the API."""
    from heritage import migrate
    from heritage.demo import load_demo

    url = f"sqlite:///{path.resolve()}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with make_session_factory(engine)() as session:
        counts = load_demo(session)
        session.commit()
    created = ", ".join(f"{n} {kind}s" for kind, n in counts.created.items()) or "nothing new"
    click.echo(f"Demo data in {path}: {created}.")
    engine.dispose()
    if not no_serve:
        _serve(url, host, port, threads=8)


@cli.command()
@click.option("--host", default=lambda: os.environ.get("HERITAGE_HOST", "127.0.0.1"))
@click.option("--port", default=lambda: int(os.environ.get("HERITAGE_PORT", "8000")), type=int)
@click.option("--threads", default=8, show_default=True, type=int)
def serve(host: str, port: int, threads: int) -> None:
    """Serve the API on HERITAGE_DATABASE_URL with waitress, a production WSGI server."""
    from heritage import migrate

    engine = make_engine()
    now, head = migrate.current_revision(engine), migrate.head_revision()
    engine.dispose()
    if now != head:
        raise click.ClickException(
            f"The database is at revision {now or 'none'}, not {head}: run `heritage db upgrade`."
        )
    _serve(database_url(), host, port, threads)


def main() -> None:
    cli()
