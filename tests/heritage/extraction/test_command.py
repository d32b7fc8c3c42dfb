"""`heritage extract`: JSON Lines from a text file with the configured database's names,
storing nothing; clear refusals naming the option."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritage.cli import cli
from heritage.demo import load_demo
from heritage.extraction.command import MAX_TEXT_BYTES
from heritage.models import Claim, Event
from tests.heritage.extraction.helpers import RETOLD


@pytest.fixture
def demo_database(session: Session, database_url: str) -> dict[str, str]:
    load_demo(session)
    session.commit()
    return {"HERITAGE_DATABASE_URL": database_url}


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["extract", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_the_article_as_json_lines(demo_database: dict[str, str], session: Session) -> None:
    claims_before = session.scalar(select(func.count()).select_from(Claim))
    events_before = session.scalar(select(func.count()).select_from(Event))
    code, out, err = run(
        demo_database, "--text", str(RETOLD), "--published", "2016-03-27", "--format", "jsonl"
    )
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    text = RETOLD.read_text("utf-8")
    for line in lines:
        assert text[line["quote_start"] : line["quote_end"]] == line["quote"]
    prison = next(line for line in lines if line["site"] and line["site"]["key"] == "tadmur-prison")
    assert prison["event_type"] == "destroyed"
    assert prison["actor"] == {
        "key": "isil",
        "name": "Islamic State of Iraq and the Levant",
        "role": "perpetrator",
    }
    disputed = next(line for line in lines if line["stance"] == "disputes")
    assert disputed["speaker"]["key"] == "sohr"
    assert disputed["date"] == "2016-03-27"
    assert f"{len(lines)} candidate claims." in err
    # nothing stored
    assert session.scalar(select(func.count()).select_from(Claim)) == claims_before
    assert session.scalar(select(func.count()).select_from(Event)) == events_before


def test_mixed_arabic_and_english_text(demo_database: dict[str, str], tmp_path: Path) -> None:
    article = tmp_path / "mixed.txt"
    article.write_text("الجيش السوري استعاد تدمر.\nThe Syrian army recaptured تدمر on Sunday.\n")
    code, out, err = run(demo_database, "--text", str(article), "--published", "2016-03-27")
    assert code == 0, err
    captured = [json.loads(line) for line in out.splitlines()]
    assert {line["site"]["key"] for line in captured} == {"palmyra"}
    assert "2016-03-27" in {line["date"] for line in captured}


def test_missing_publication_date_is_refused(demo_database: dict[str, str]) -> None:
    code, out, err = run(demo_database, "--text", str(RETOLD))
    assert code == 2 and out == ""
    assert "--published" in err and "relative dates" in err


def test_bad_publication_date_is_refused(demo_database: dict[str, str]) -> None:
    code, _out, err = run(demo_database, "--text", str(RETOLD), "--published", "27/03/2016")
    assert code == 2
    assert "'--published'" in err and "YYYY-MM-DD" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"  \n\n \t", "is empty"),
        (b"\xff\xfeP\x00a\x00", "NUL"),
        (b"Palmyra \xe9tait", "not UTF-8"),
        (
            b"<!DOCTYPE html><html><head><script>alert(1)</script></head><body>x</body></html>",
            "looks like HTML",
        ),
    ],
)
def test_unusable_text_is_refused(
    demo_database: dict[str, str], tmp_path: Path, content: bytes, message: str
) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    code, out, err = run(demo_database, "--text", str(article), "--published", "2016-03-27")
    assert code == 2 and out == ""
    assert "'--text'" in err and message in err


def test_text_over_five_megabytes_is_refused(demo_database: dict[str, str], tmp_path: Path) -> None:
    article = tmp_path / "huge.txt"
    article.write_bytes(b"a" * (MAX_TEXT_BYTES + 1))
    code, _out, err = run(demo_database, "--text", str(article), "--published", "2016-03-27")
    assert code == 2
    assert "'--text'" in err and "5 MB" in err


def test_missing_file_is_refused(demo_database: dict[str, str], tmp_path: Path) -> None:
    code, _out, err = run(
        demo_database, "--text", str(tmp_path / "nowhere.txt"), "--published", "2016-03-27"
    )
    assert code == 2
    assert "'--text'" in err and "does not exist" in err


def test_unreadable_database_is_said_plainly(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("ISIL destroyed the Temple of Bel.")
    env = {"HERITAGE_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"}
    code, out, err = run(env, "--text", str(article), "--published", "2016-03-27")
    assert code == 1 and out == ""
    assert "HERITAGE_DATABASE_URL" in err
