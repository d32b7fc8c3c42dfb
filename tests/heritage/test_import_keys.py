"""Validation keeps the natural keys a file has shown in memory up to a bound, then on disk:
a repeated key, an identifier used twice or a reference to a later line is found wherever
the earlier line's key is kept."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from heritage.interchange import keys
from tests.heritage.interchange_helpers import import_text, jsonl


def site(key: str, **fields: object) -> dict[str, object]:
    return {"type": "site", "key": key, "name": key.title(), "kind": "temple", **fields}


@pytest.mark.parametrize("memory_keys", [2, keys.MEMORY_KEYS], ids=["mostly on disk", "memory"])
def test_keys_met_earlier_are_found_in_memory_and_on_disk(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch, memory_keys: int
) -> None:
    monkeypatch.setattr(keys, "MEMORY_KEYS", memory_keys)
    text = jsonl(
        site("bel", identifiers=[{"scheme": "wikidata", "value": "Q1"}]),  # 1
        site("baalshamin"),  # 2
        site("arch", parent="bel"),  # 3
        site("theatre", parent="tower"),  # 4: a later line
        site("bel"),  # 5: line 1's key again
        site("arch"),  # 6: line 3's key again
        site("agora", identifiers=[{"scheme": "wikidata", "value": "Q1"}]),  # 7: line 1's
        site("tower", parent="wikidata:Q1"),  # 8: line 1, by its identifier
    )

    report = import_text(session_factory, text)

    assert {(p.line, p.field, p.reason) for p in report.problems} == {
        (
            4,
            "parent",
            "The site 'tower' is on line 8, after this one: a record may only refer to"
            " earlier lines.",
        ),
        (5, "key", "The same site as line 1."),
        (6, "key", "The same site as line 3."),
        (7, "identifiers.0", "Already identifies the site on line 1."),
    }
