"""Two analysts' annotations of the same texts scored against each other
(bench/extraction/agreement.py): the ceiling the extractor's goals are read against."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench.extraction.__main__ import main as score_extractor
from bench.extraction.agreement import main
from bench.extraction.gold_set import GoldSetError, read_gold_article
from heritage.vocab import EventType, Stance

TEXT = (
    "Licence: CC0\nURL: https://example.org/a\nTitle: A made-up report\nPublisher: Example\n"
    "Published: 2020-05-10\nDate note: made up\nTrimming: none\n\n"
    "Fighters blew up the old bridge of Karsa in April. The river museum was looted last "
    "week, its keeper said. Shells hit the clock tower on Sunday.\n"
)


def _set(folder: Path, claims: list[dict[str, object]]) -> None:
    folder.mkdir()
    (folder / "01-report.txt").write_text(TEXT, encoding="utf-8")
    _annotate(folder, claims)


def _annotate(folder: Path, claims: list[dict[str, object]]) -> None:
    folder.mkdir(exist_ok=True)
    annotation = {"article": "made up", "sites": [], "claims": claims, "traps": []}
    (folder / "01-report.json").write_text(json.dumps(annotation), encoding="utf-8")


def _claim(site: str, event_type: str, quote: str, earliest: str, latest: str) -> dict[str, object]:
    return {
        "site": site,
        "event_type": event_type,
        "earliest": earliest,
        "latest": latest,
        "speaker": None,
        "stance": "affirms",
        "quote": quote,
    }


BRIDGE = _claim("karsa-bridge", "destroyed", "blew up the old bridge", "2020-04-01", "2020-04-30")
MUSEUM = _claim("karsa-museum", "looted", "was looted last week", "2020-04-27", "2020-05-09")
TOWER = _claim("karsa-tower", "damaged", "Shells hit the clock tower", "2020-05-10", "2020-05-10")


def test_two_analysts_are_scored_pair_by_pair_and_date_by_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _set(tmp_path / "first", [BRIDGE, MUSEUM])
    # the second analyst misses the museum, adds the tower, and reads "in April" as 2020
    wide_bridge = {**BRIDGE, "earliest": "2020-01-01", "latest": "2020-12-31"}
    _annotate(tmp_path / "second", [wide_bridge, TOWER])

    main(["--gold", str(tmp_path / "first"), "--other", str(tmp_path / "second")])

    printed = dict(line.rsplit(None, 1) for line in capsys.readouterr().out.splitlines()[1:])
    assert printed["pairs agreed (site, event type)"] == "1"
    assert printed["pairs only the first analyst has"] == "1"
    assert printed["pairs only the second analyst has"] == "1"
    assert printed["F1, (site, event type)"] == "0.500"
    # the year is not inside April; April is inside the year
    assert printed["dates: second's inside first's"] == "0.000"
    assert printed["dates: first's inside second's"] == "1.000"
    assert printed["speaker agreement, pairs agreed"] == "1.000"


def test_a_second_analyst_who_annotated_none_of_the_texts_is_refused(tmp_path: Path) -> None:
    _set(tmp_path / "first", [BRIDGE])
    (tmp_path / "second").mkdir()
    (tmp_path / "second" / "02-another-report.json").write_text("{}", encoding="utf-8")
    with pytest.raises(GoldSetError, match="annotates none"):
        main(["--gold", str(tmp_path / "first"), "--other", str(tmp_path / "second")])


def test_a_second_analysts_quote_missing_from_the_text_is_refused(tmp_path: Path) -> None:
    _set(tmp_path / "first", [BRIDGE])
    misquoted = {**BRIDGE, "quote": "blew up the new bridge"}
    _annotate(tmp_path / "second", [misquoted])
    with pytest.raises(GoldSetError, match="blew up the new bridge"):
        main(["--gold", str(tmp_path / "first"), "--other", str(tmp_path / "second")])


AGREEMENT = Path(__file__).parents[3] / "bench" / "extraction" / "agreement"


ANNOTATIONS = sorted([*AGREEMENT.glob("*-b/*.json"), *AGREEMENT.glob("*-adjudicated/*.json")])


@pytest.mark.parametrize(
    "annotation", ANNOTATIONS, ids=lambda path: f"{path.parent.name}/{path.stem}"
)
def test_every_second_or_adjudicated_annotation_reads_against_its_sets_text(
    annotation: Path,
) -> None:
    # "heldout4-b" holds a second analyst's files for the texts of "heldout4", and
    # "heldout4-adjudicated" the files decided from both
    folder = annotation.parent.name
    texts = AGREEMENT.parent / folder.removesuffix("-b").removesuffix("-adjudicated")
    article = read_gold_article(texts / f"{annotation.stem}.txt", annotation)
    assert {claim.event_type for claim in article.claims} <= {t.value for t in EventType}
    assert {claim.stance for claim in article.claims} <= {s.value for s in Stance}


def test_the_extractor_is_scored_against_another_analysts_files_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the gazetteer knows no Karsa, so every gold pair is missed: as many as the file read has
    _set(tmp_path / "first", [BRIDGE])
    _annotate(tmp_path / "second", [BRIDGE, MUSEUM, TOWER])
    gold = ["--gold", str(tmp_path / "first"), "--repeat", "1"]

    score_extractor(gold)
    own = capsys.readouterr().out
    score_extractor([*gold, "--annotations", str(tmp_path / "second")])
    other = capsys.readouterr().out

    assert re.search(r"^pairs: 0 right, \d+ wrong, 1 missed", own, re.MULTILINE)
    assert re.search(r"^pairs: 0 right, \d+ wrong, 3 missed", other, re.MULTILINE)
    assert f"annotations: {tmp_path / 'second'}" in other
