"""Two analysts' annotations of the same texts scored against each other
(bench/extraction/agreement.py): the ceiling the extractor's goals are read against."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.extraction.agreement import main
from bench.extraction.gold_set import GoldSetError

TEXT = (
    "Licence: CC0\nURL: https://example.org/a\nTitle: A made-up report\nPublisher: Example\n"
    "Published: 2020-05-10\nDate note: made up\nTrimming: none\n\n"
    "Fighters blew up the old bridge of Karsa in April. The river museum was looted last "
    "week, its keeper said. Shells hit the clock tower on Sunday.\n"
)


def _annotate(folder: Path, claims: list[dict[str, object]], text: str = TEXT) -> None:
    folder.mkdir()
    (folder / "01-report.txt").write_text(text, encoding="utf-8")
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
    _annotate(tmp_path / "first", [BRIDGE, MUSEUM])
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


def test_folders_whose_texts_differ_are_refused(tmp_path: Path) -> None:
    _annotate(tmp_path / "first", [BRIDGE])
    _annotate(tmp_path / "second", [BRIDGE], TEXT.replace("Sunday", "Monday"))
    with pytest.raises(GoldSetError, match="01-report"):
        main(["--gold", str(tmp_path / "first"), "--other", str(tmp_path / "second")])
