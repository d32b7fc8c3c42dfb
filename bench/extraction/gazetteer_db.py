"""The names the extractor links against: the demo's Palmyra records plus the gold set's
fixture (bench/extraction/gazetteer.jsonl), loaded into a temporary SQLite database the way
`heritage demo` and `heritage import` load them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from heritage import migrate
from heritage.auth import SYSTEM
from heritage.db import make_engine, make_session_factory
from heritage.demo.loader import load_demo, read_demo_data
from heritage.interchange.importer import import_records
from heritage.interchange.jsonl import read_jsonl

FIXTURE = Path(__file__).with_name("gazetteer.jsonl")


def fixture_records(path: Path = FIXTURE) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def known_keys(path: Path = FIXTURE) -> dict[str, set[str]]:
    """Site, actor and source keys of the demo and the fixture, without a database."""
    demo = read_demo_data()
    keys = {kind: {r["key"] for r in demo[f"{kind}s"]} for kind in ("site", "actor", "source")}
    for record in fixture_records(path):
        keys[record["type"]].add(record["key"])
    return keys


def load_demo_and_fixture(sessions: sessionmaker[Session], path: Path = FIXTURE) -> None:
    """Write the demo's records, then import the fixture (checked first, as any import);
    raise if the import reports a problem, naming the first ones."""
    with sessions() as session:
        load_demo(session)
        session.commit()

    def records() -> Iterator[Any]:
        with path.open(encoding="utf-8") as stream:
            yield from read_jsonl(stream)

    report = import_records(sessions, SYSTEM, records)
    if not report.ok:
        problems = "; ".join(str(problem) for problem in report.problems[:5])
        raise RuntimeError(f"{path.name} does not import: {problems}")


def build_gazetteer(workdir: Path, path: Path = FIXTURE) -> Any:
    """A migrated SQLite database in `workdir` holding the demo and the fixture, and the
    extractor's Gazetteer read from it (heritage.extraction.gazetteer.load_gazetteer)."""
    from heritage.extraction.gazetteer import load_gazetteer  # the contract, once it lands

    engine = make_engine(f"sqlite:///{workdir / 'gazetteer.db'}")
    try:
        migrate.upgrade(engine)
        sessions = make_session_factory(engine)
        load_demo_and_fixture(sessions, path)
        with sessions() as session:
            return load_gazetteer(session)
    finally:
        engine.dispose()
