"""`heritage articles ingest FILE…`: each JSON line becomes an archived article once, a near
copy of a stored one is proposed as syndicated (never set), and a line refused says which
field and why, stores nothing of itself, and makes the command exit with 2."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench.syndication import UNRELATED, all_three, seed_text
from heritage.auth import SYSTEM
from heritage.cli import cli
from heritage.extraction.html_text import CAPTION_MARK
from heritage.extraction.ingest import Outcome, ingest_lines
from heritage.extraction.syndication import jaccard, shingles
from heritage.models import Article, ArticleSignature, Source
from heritage.services.articles import text_digest
from tests.heritage import builders as b

SEED = seed_text()
URL = "https://www.aljazeera.com/news/2016/3/27/syrian-army-recaptures-city-of-palmyra"

Ingest = Callable[..., Result]


@pytest.fixture
def sources(session_factory: Any) -> dict[str, int]:
    with session_factory() as session:
        made = {
            "al-jazeera": b.source(session, "Al Jazeera", key="al-jazeera"),
            "afp": b.source(session, "Agence France-Presse", key="afp"),
            "outlet": b.source(session, "The Daily Outlet"),
        }
        session.commit()
        return {key: source.id for key, source in made.items()}


@pytest.fixture
def ingest(database_url: str, tmp_path: Path, sources: dict[str, int]) -> Ingest:
    """Run the command on a file holding `lines` (dicts as JSON, strings as they are)."""

    def run(*lines: dict[str, Any] | str, name: str = "articles.jsonl") -> Result:
        path = tmp_path / name
        path.write_text(
            "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines),
            encoding="utf-8",
        )
        env = {"HERITAGE_DATABASE_URL": database_url}
        return CliRunner().invoke(cli, ["articles", "ingest", str(path)], env=env)

    return run


def line(**fields: Any) -> dict[str, Any]:
    return {
        "publisher": "al-jazeera",
        "title": "Syrian army ‘recaptures city of Palmyra from ISIL’",
        "url": URL,
        "published": "2016-03-27",
        "language": "en",
        "text": SEED,
    } | fields


def results(result: Result) -> list[str]:
    """Each line's result as printed, without the file's name."""
    return [printed.split(": ", 1)[1] for printed in result.stdout.splitlines()]


def stored(session_factory: Any) -> list[Article]:
    with session_factory() as session:
        return list(session.scalars(select(Article).order_by(Article.id)))


def test_a_line_becomes_an_archived_article(ingest: Ingest, session_factory: Any) -> None:
    before = dt.datetime.now(dt.UTC)
    result = ingest(line())
    assert result.exit_code == 0, result.output
    [article] = stored(session_factory)
    assert results(result) == [f"line 1: created article {article.id}"]
    assert (article.title, article.url, article.published, article.language) == (
        "Syrian army ‘recaptures city of Palmyra from ISIL’",
        URL,
        dt.date(2016, 3, 27),
        "en",
    )
    assert (article.text, article.text_sha256) == (SEED, text_digest(SEED))
    assert article.captured_at is not None
    captured = article.captured_at  # SQLite gives back the UTC time without its zone
    assert (captured if captured.tzinfo else captured.replace(tzinfo=dt.UTC)) >= before
    assert article.syndicated_from_id is None


def test_a_publisher_is_found_by_its_name_too(
    ingest: Ingest, session_factory: Any, sources: dict[str, int]
) -> None:
    assert ingest(line(publisher="the daily OUTLET")).exit_code == 0
    assert [article.publisher_id for article in stored(session_factory)] == [sources["outlet"]]


def test_the_same_article_is_never_stored_twice(ingest: Ingest, session_factory: Any) -> None:
    first = ingest(line())
    [article] = stored(session_factory)
    again = ingest(
        line(),
        line(url=URL.replace("https://www.", "http://") + "?utm_source=feed"),
        line(url="https://example.org/mirror"),
    )
    assert again.exit_code == 0, again.output
    assert results(first) == [f"line 1: created article {article.id}"]
    assert results(again) == [
        f"line 1: already stored: article {article.id} (same url)",
        f"line 2: already stored: article {article.id} (same url)",
        f"line 3: already stored: article {article.id} (same text)",
    ]
    assert len(stored(session_factory)) == 1


def test_a_near_copy_of_the_seed_is_proposed_as_syndicated(
    ingest: Ingest, session_factory: Any, sources: dict[str, int]
) -> None:
    copy = all_three(SEED)
    result = ingest(
        line(),
        line(publisher="The Daily Outlet", url="https://outlet.example/palmyra", text=copy),
    )
    assert result.exit_code == 0, result.output
    seed, wire_copy = stored(session_factory)
    similarity = jaccard(shingles(SEED), shingles(copy))
    assert results(result) == [
        f"line 1: created article {seed.id}",
        f"line 2: created article {wire_copy.id}; syndication proposed: article {seed.id},"
        f" similarity {similarity:.2f}"
        f" (syndicated_from: source {sources['al-jazeera']}, Al Jazeera)",
    ]
    assert wire_copy.syndicated_from_id is None  # the editor confirms


def test_an_unrelated_article_is_not_proposed(ingest: Ingest, session_factory: Any) -> None:
    independent = UNRELATED["same recapture, reported independently"]
    result = ingest(line(), line(url="https://outlet.example/own", text=independent))
    assert result.exit_code == 0, result.output
    assert results(result)[1] == f"line 2: created article {stored(session_factory)[1].id}"


def test_a_page_is_archived_as_its_main_text_with_captions_marked(
    ingest: Ingest, session_factory: Any
) -> None:
    page = """<html><head><script>track()</script></head><body><nav>Home News</nav>
    <article><h1>Palmyra retaken</h1>
    <figure><img src="p.jpg"><figcaption>Palmyra on March 27, 2016</figcaption></figure>
    <p>Syrian government forces have recaptured the ancient city of Palmyra, state media said.</p>
    <p>READ MORE: Syrian regime seeks symbolic victory</p></article></body></html>"""
    result = ingest(line(text=None) | {"html": page})
    assert result.exit_code == 0, result.output
    [article] = stored(session_factory)
    assert article.text == (
        f"Palmyra retaken\n\n{CAPTION_MARK}Palmyra on March 27, 2016\n\n"
        "Syrian government forces have recaptured the ancient city of Palmyra, state media said."
    )


def test_mixed_arabic_and_english_is_archived_as_sent(ingest: Ingest, session_factory: Any) -> None:
    text = "قال المرصد السوري لحقوق الإنسان إن the bulk of ISIL’s forces had retreated من تدمر."
    result = ingest(line(text=text, language="ar", title="تدمر Palmyra"))
    assert result.exit_code == 0, result.output
    [article] = stored(session_factory)
    assert (article.text, article.title, article.language) == (text, "تدمر Palmyra", "ar")


REFUSED = [
    (line(text=""), "text: Required, the article's text (or its page as html)."),
    (line(text=None), "text: Required, the article's text (or its page as html)."),
    (line(published=None), "published: Required, the publication date (YYYY-MM-DD)"),
    (line(published="27 March 2016"), "published: Not a date (YYYY-MM-DD): '27 March 2016'."),
    (line(published="2016-02-30"), "published: Not a date (YYYY-MM-DD): '2016-02-30'."),
    (line(publisher="bbc"), "publisher: No source has the key or name 'bbc'"),
    (line(url=None), "url: Required, the article's web address."),
    (line(url="not a web address"), "url: "),
    (line(title=""), "title: "),
    (line(language="not a language!"), "language: "),
    (line(html="<p>x</p>"), "text: Send the article's text or its page's html, not both."),
    (line(text=None) | {"html": "<script>alert(1)</script>"}, "html: No article text was found"),
    (line(text=None) | {"html": "  "}, "html: The page is empty."),
    (line(author="me"), "author: Not a field of an article line"),
    ('{"publisher": "al-jazeera", "title": ', "Not JSON: Expecting value at character 39."),
    ('["a list"]', "Not a JSON object"),
    ("[" * 100_000 + "]" * 100_000, "Not an article: JSON nested thousands of levels deep."),
]


@pytest.mark.parametrize(("bad", "reason"), REFUSED, ids=[reason for _, reason in REFUSED])
def test_a_bad_line_is_refused_naming_its_field_and_the_others_are_stored(
    ingest: Ingest, session_factory: Any, bad: dict[str, Any] | str, reason: str
) -> None:
    good = line(url="https://example.org/good", text=UNRELATED["Museum evacuated"])
    result = ingest(bad, good)
    assert result.exit_code == 2, result.output
    refused, created = results(result)
    assert refused.startswith(f"line 1: refused: {reason}")
    [article] = stored(session_factory)
    assert created == f"line 2: created article {article.id}"
    assert article.url == "https://example.org/good"
    assert "1 line(s) refused." in result.stderr


def test_five_megabytes_of_text_are_refused_and_leave_nothing(
    ingest: Ingest, session_factory: Any
) -> None:
    huge = (SEED + "\n\n") * (5_000_000 // len(SEED) + 1)
    result = ingest(line(text=huge))
    assert result.exit_code == 2
    [refused] = results(result)
    assert refused == (
        f"line 1: refused: text: At most 2000000 characters. This one has {len(huge):,}."
    )
    assert stored(session_factory) == []


def test_a_huge_page_is_refused_naming_html(ingest: Ingest, session_factory: Any) -> None:
    page = "<html><body>" + "<p>Palmyra was retaken on Sunday.</p>" * 150_000 + "</body></html>"
    result = ingest(line(text=None) | {"html": page})
    assert result.exit_code == 2
    assert results(result)[0].startswith("line 1: refused: html: The page is 5,")
    assert stored(session_factory) == []


def test_a_line_that_is_not_utf8_is_refused(
    database_url: str, tmp_path: Path, session_factory: Any, sources: dict[str, int]
) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(
        json.dumps(line(title="Palmyra é", text="Tadmur"), ensure_ascii=False).encode("latin-1")
    )
    env = {"HERITAGE_DATABASE_URL": database_url}
    result = CliRunner().invoke(cli, ["articles", "ingest", str(path)], env=env)
    assert result.exit_code == 2
    assert results(result)[0].startswith("line 1: refused: Not UTF-8 text")
    assert stored(session_factory) == []


def test_a_refused_line_leaves_nothing_half_made(session: Session, sources: dict[str, int]) -> None:
    """In one transaction, a line refused by the service after the savepoint opened rolls
    back alone: the line before it and its index stay, nothing of the refused one."""
    lines = [
        json.dumps(line()),
        json.dumps(
            line(url="https://example.org/long", title="x" * 501, text=UNRELATED["Aleppo minaret"])
        ),
        json.dumps(line(url="https://example.org/copy", text=all_three(SEED), publisher="afp")),
    ]
    outcomes = list(ingest_lines(session, SYSTEM, lines))
    assert [result.outcome for result in outcomes] == [
        Outcome.CREATED,
        Outcome.REFUSED,
        Outcome.CREATED,
    ]
    assert outcomes[1].field == "title"
    session.commit()
    urls = session.scalars(select(Article.url).order_by(Article.id)).all()
    assert urls == [URL, "https://example.org/copy"]
    assert outcomes[2].syndication is not None
    assert outcomes[2].syndication.article_id == outcomes[0].article_id
    indexed = session.scalar(select(func.count()).select_from(ArticleSignature))
    assert indexed == 2
    assert session.scalar(select(func.count()).select_from(Source)) == 3


def test_a_database_without_its_schema_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(line()), encoding="utf-8")
    env = {"HERITAGE_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"}
    result = CliRunner().invoke(cli, ["articles", "ingest", str(path)], env=env)
    assert result.exit_code == 1
    assert "Error: The database failed: no such table: sources." in result.output
    assert "`heritage db upgrade` creates the schema" in result.output


def test_other_commands_start_without_the_html_reader() -> None:
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, api.cli; print('trafilatura' in sys.modules, 'lxml' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.split() == ["False", "False"]


def test_the_index_command_indexes_texts_saved_without_it_once(
    database_url: str, session_factory: Any, sources: dict[str, int]
) -> None:
    with session_factory() as session:
        outlet = session.get_one(Source, sources["outlet"])
        for number, text in enumerate(list(UNRELATED.values())[:2]):
            b.article(session, outlet, text=text, url=f"https://example.org/{number}")
        session.commit()
    env = {"HERITAGE_DATABASE_URL": database_url}
    first = CliRunner().invoke(cli, ["articles", "index"], env=env)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("Indexed 2 article text(s)")
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(ArticleSignature)) == 2
    again = CliRunner().invoke(cli, ["articles", "index"], env=env)
    assert again.stdout.startswith("Indexed 0 article text(s)")
