"""An import refuses names, aliases, keys and references that hold bidirectional controls,
zero-width or control characters: a problem naming the line and the field, and nothing
written (heritage.text.refused_character)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import SYSTEM
from heritage.interchange.importer import import_records
from heritage.interchange.tabular import read_sites_csv
from tests.heritage.interchange_helpers import PALMYRA, every_row, import_text, jsonl

# One of each kind refused.
REFUSED = {
    "right-to-left override": "\u202e",
    "right-to-left embedding": "\u202b",
    "left-to-right isolate": "\u2066",
    "zero width space": "\u200b",
    "zero width non-joiner between Latin letters": "\u200c",
    "zero width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "null": "\x00",
    "bell": "\x07",
    "next line (C1)": "\x85",
}

SANA = {"type": "source", "key": "sana", "name": "SANA", "kind": "organisation"}
BEL = {"type": "site", "key": "bel", "name": "Temple of Bel", "kind": "temple", "parent": "palmyra"}


def lines_with(hidden: str) -> dict[str, tuple[list[dict[str, Any]], int, str]]:
    """Files with `hidden` in one name, alias, key or reference: (records, the line, the
    field the problem names)."""
    name = f"Temple{hidden}of Bel"
    return {
        "site name": ([PALMYRA, {**BEL, "name": name}], 2, "name"),
        "site's other name": (
            [{**PALMYRA, "names": [{"name": name, "lang": "en"}]}],
            1,
            "names.0.name",
        ),
        "actor name": ([{"type": "actor", "key": "isil", "name": name}], 1, "name"),
        "actor alias": (
            [{"type": "actor", "key": "isil", "name": "ISIL", "aliases": ["ISIS", name]}],
            1,
            "aliases.1",
        ),
        "source name": ([{**SANA, "name": name}], 1, "name"),
        "key": ([PALMYRA, {**BEL, "key": f"bel{hidden}"}], 2, "key"),
        "reference": (
            [
                PALMYRA,
                {
                    "type": "event",
                    "key": "looted",
                    "event_type": "looted",
                    "date": "2015-08",
                    "sites": [f"palmyra{hidden}"],
                },
            ],
            2,
            "sites.0",
        ),
    }


PLACES = list(lines_with(""))


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("kind", REFUSED)
def test_an_import_refuses_a_hidden_character_naming_line_and_field(
    session_factory: sessionmaker[Session], engine: Engine, place: str, kind: str
) -> None:
    records, line, field = lines_with(REFUSED[kind])[place]
    before = every_row(engine)

    report = import_text(session_factory, jsonl(*records))

    assert [(p.line, p.field) for p in report.problems] == [(line, field)]
    assert report.problems[0].reason.startswith("Contains ")
    assert every_row(engine) == before


@pytest.mark.parametrize("kind", ["right-to-left override", "zero width space", "bell"])
def test_a_sites_csv_refuses_a_hidden_character_in_a_name(
    session_factory: sessionmaker[Session], engine: Engine, kind: str
) -> None:
    text = f"key,name,kind\npalmyra,Palmyra,city\nbel,Temple{REFUSED[kind]}of Bel,temple\n"
    before = every_row(engine)

    report = import_records(session_factory, SYSTEM, lambda: read_sites_csv(io.StringIO(text)))

    assert [(p.line, p.field) for p in report.problems] == [(3, "name")]
    assert f"U+{ord(REFUSED[kind]):04X}" in report.problems[0].reason
    assert every_row(engine) == before
