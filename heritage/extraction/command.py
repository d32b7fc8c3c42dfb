"""`heritage extract`: candidate claims from a text file, as JSON Lines, using the names the
configured database knows; stores nothing. For partners' pipelines and for evaluation."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import click

MAX_TEXT_BYTES = 5 * 1024 * 1024
# A document, not a text: a doctype, a root element, or a script or body tag near its start.
_HTML = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<script[\s>]|<head[\s>]", re.IGNORECASE)
_NO_DATE = (
    'The publication date is needed: relative dates ("on Sunday", "in May", "earlier'
    ' this month") are resolved against it. Give it as YYYY-MM-DD.'
)


@click.command("extract")
@click.option(
    "--text",
    "text_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
    help="A UTF-8 plain-text file holding the article's text (at most 5 MB).",
)
@click.option("--published", help="The article's publication date, YYYY-MM-DD (required).")
@click.option("--title", help="The article's title, if the text does not hold it.")
@click.option("--publisher", help="Who published the article.")
@click.option(
    "--format", "output_format", type=click.Choice(["jsonl"]), default="jsonl", show_default=True
)
def extract_command(
    text_path: Path,
    published: str | None,
    title: str | None,
    publisher: str | None,
    output_format: str,
) -> None:
    """Propose candidate claims (site, event type, date, actor, speaker, stance, quote with
    its offsets) from an article's text, one JSON object per line. Stores nothing.

    Quote offsets count characters of the file's text as read (UTF-8, a byte-order mark
    left out). HTML is refused: extract its text first (`heritage articles ingest`)."""
    day = _publication_date(published)
    text = _read_text(text_path)
    from heritage.db import make_engine, make_session_factory
    from heritage.extraction.candidates import extract
    from heritage.extraction.gazetteer import load_gazetteer

    engine = make_engine()
    try:
        with make_session_factory(engine)() as session:
            gazetteer = load_gazetteer(session)
            session.rollback()  # read only: nothing to keep
    except Exception as error:  # noqa: BLE001 -- any driver's failure to read, said plainly
        raise click.ClickException(
            f"Cannot read the sites, actors and sources of the database ({type(error).__name__})."
            " Check HERITAGE_DATABASE_URL and that the schema is up to date (heritage db upgrade)."
        ) from error
    finally:
        engine.dispose()
    candidates = extract(text, published=day, gazetteer=gazetteer, title=title, publisher=publisher)
    for candidate in candidates:
        click.echo(json.dumps(candidate.as_json(), ensure_ascii=False))
    click.echo(f"{len(candidates)} candidate claims.", err=True)


def _publication_date(published: str | None) -> dt.date:
    """Refused rather than guessed: without it every relative date would be null or wrong."""
    if published is None or not published.strip():
        raise click.MissingParameter(_NO_DATE, param_hint="'--published'", param_type="option")
    try:
        return dt.date.fromisoformat(published.strip())
    except ValueError:
        raise click.BadParameter(
            f"{published!r} is not a date. {_NO_DATE}", param_hint="'--published'"
        ) from None


def _read_text(path: Path) -> str:
    def refuse(reason: str) -> click.BadParameter:
        return click.BadParameter(f"{path}: {reason}", param_hint="'--text'")

    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise refuse(f"is {size:,} bytes, over the 5 MB an article may hold.")
        data = path.read_bytes()
    except OSError as error:
        raise refuse(f"cannot be read ({error.strerror}).") from None
    if b"\x00" in data:
        raise refuse("is not text (it holds NUL bytes).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise refuse(f"is not UTF-8 text (byte {error.start + 1} cannot be read).") from None
    if not text.strip():
        raise refuse("is empty: there is no text to extract claims from.")
    if _HTML.search(text[:5000]):
        raise refuse(
            "looks like HTML. Give the article's plain text, or load the page with"
            " `heritage articles ingest`, which extracts its main text."
        )
    return text
