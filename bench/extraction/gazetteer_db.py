"""The names the extractor links against: the demo's Palmyra records plus the gold set's
fixture (bench/extraction/gazetteer.jsonl) and, for another set of texts, the fixture in
that set's own folder (bench/extraction/heldout/gazetteer.jsonl), loaded into a temporary
SQLite database the way `heritage demo` and `heritage import` load them."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
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
SET_FIXTURE_NAME = "gazetteer.jsonl"  # a set's own additions, in the set's folder


def fixtures_for(gold: Path) -> tuple[Path, ...]:
    """The gold set's fixture, then the one in `gold`'s folder if it has one: the held-out
    set adds the sites its texts name beyond the gold set's, as an admin would have."""
    own = gold / SET_FIXTURE_NAME
    if own.is_file() and own.resolve() != FIXTURE.resolve():
        return (FIXTURE, own)
    return (FIXTURE,)


def fixture_records(path: Path = FIXTURE) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def known_keys(paths: Sequence[Path] = (FIXTURE,)) -> dict[str, set[str]]:
    """Site, actor and source keys of the demo and the fixtures, without a database."""
    demo = read_demo_data()
    keys = {kind: {r["key"] for r in demo[f"{kind}s"]} for kind in ("site", "actor", "source")}
    for path in paths:
        for record in fixture_records(path):
            keys[record["type"]].add(record["key"])
    return keys


def load_demo_and_fixture(
    sessions: sessionmaker[Session], paths: Sequence[Path] = (FIXTURE,)
) -> None:
    """Write the demo's records, then import each fixture in turn (checked first, as any
    import; a later one may name a parent from an earlier one); raise if an import reports
    a problem, naming the first ones."""
    with sessions() as session:
        load_demo(session)
        session.commit()
    for path in paths:
        _import_fixture(sessions, path)


def _import_fixture(sessions: sessionmaker[Session], path: Path) -> None:
    def records() -> Iterator[Any]:
        with path.open(encoding="utf-8") as stream:
            yield from read_jsonl(stream)

    report = import_records(sessions, SYSTEM, records)
    if not report.ok:
        problems = "; ".join(str(problem) for problem in report.problems[:5])
        raise RuntimeError(f"{path.name} does not import: {problems}")


def build_gazetteer(workdir: Path, paths: Sequence[Path] = (FIXTURE,)) -> Any:
    """A migrated SQLite database in `workdir` holding the demo and the fixtures, and the
    extractor's Gazetteer read from it (heritage.extraction.gazetteer.load_gazetteer)."""
    from heritage.extraction.gazetteer import load_gazetteer  # the contract, once it lands

    engine = make_engine(f"sqlite:///{workdir / 'gazetteer.db'}")
    try:
        migrate.upgrade(engine)
        sessions = make_session_factory(engine)
        load_demo_and_fixture(sessions, paths)
        with sessions() as session:
            return load_gazetteer(session)
    finally:
        engine.dispose()
