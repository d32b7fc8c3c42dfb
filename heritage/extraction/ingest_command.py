"""`heritage articles ingest FILE…`: articles from JSON Lines, one line's result printed at a
time (heritage/extraction/ingest.py says what a line holds). The `articles` group joins the
`heritage` command when heritage/cli.py imports this module, on its last line."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.exc import DBAPIError

from heritage.auth import SYSTEM
from heritage.cli import cli
from heritage.db import make_engine, make_session_factory

# heritage.extraction.ingest is imported when the command runs: its HTML reader (trafilatura
# and lxml) would add a quarter of a second to the start of every other command.

# The exit status when a line was refused (1 is click's for a command that failed whole).
REFUSED_STATUS = 2


@cli.group()
def articles() -> None:
    """Articles: load them in bulk, and index their texts for near copies."""


@articles.command("ingest")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
def ingest(files: tuple[Path, ...]) -> None:
    """Store the articles in FILES (JSON Lines, one article a line: publisher key or name,
    title, url, published YYYY-MM-DD, language, and text or html), as the system.

    Prints each line's result: created (and the stored article it is a near copy of, whose
    source to record as syndicated_from: nothing is set without an editor), already stored,
    or refused with the field and why. Each line is committed alone: a refused line leaves
    nothing behind, the others are kept. Exits with 2 if any line was refused."""
    from heritage.extraction.ingest import Outcome, ingest_lines

    refused = 0
    engine = make_engine()
    try:
        with make_session_factory(engine)() as session:
            for path in files:
                with path.open("rb") as stream:
                    for result in ingest_lines(session, SYSTEM, stream):
                        session.commit()
                        refused += result.outcome is Outcome.REFUSED
                        click.echo(f"{path}: {result.describe()}")
    except DBAPIError as error:  # no schema, a lock held too long, the server gone
        raise click.ClickException(
            f"The database failed: {error.orig}. The lines printed above are stored; run the"
            " command again once it is fixed (`heritage db upgrade` creates the schema):"
            " they will be reported as already stored."
        ) from error
    finally:
        engine.dispose()
    if refused:
        click.echo(f"{refused} line(s) refused.", err=True)
        raise click.exceptions.Exit(REFUSED_STATUS)


@articles.command("index")
def index() -> None:
    """Bring the index of near copies up to date with every stored article's text.

    The index is also kept up to date as articles are saved, but the first save after a
    large `heritage import` would index every imported text while its editor waits: run
    this after such an import. Running it again indexes only what changed since."""
    import time

    from heritage.extraction.syndication import index_articles

    started = time.perf_counter()
    engine = make_engine()
    try:
        with make_session_factory(engine)() as session:
            indexed = index_articles(session)
            session.commit()
    except DBAPIError as error:
        raise click.ClickException(
            f"The database failed: {error.orig}. Nothing was indexed; run the command again"
            " once it is fixed (`heritage db upgrade` creates the schema)."
        ) from error
    finally:
        engine.dispose()
    click.echo(f"Indexed {indexed} article text(s) in {time.perf_counter() - started:.1f} s.")
