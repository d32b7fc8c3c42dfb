"""The migration that gives sites a built date: stored sites gain an empty one, and the
downgrade refuses to drop a date an editor recorded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from heritage import migrate
from tests.conftest import reset_database

BUILT = "6a1c0b5e2f31"
BEFORE = "5c1e9b7d2a40"


@pytest.fixture
def site_before_built(engine: Engine) -> Iterator[Engine]:
    """The run's database at the revision before, holding one site."""
    reset_database(engine)
    migrate.upgrade(engine, BEFORE)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO sites (id, name, name_folded, kind, description, restricted, version)"
                " VALUES (1, 'Temple of Bel', 'temple of bel', 'temple', '', false, 1)"
            )
        )
    yield engine
    reset_database(engine)
    migrate.upgrade(engine)


def site_columns(engine: Engine) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns("sites")}


def test_upgrade_gives_stored_sites_an_empty_built_date(site_before_built: Engine) -> None:
    migrate.upgrade(site_before_built, BUILT)
    with site_before_built.connect() as connection:
        row = connection.execute(
            text("SELECT name, built, built_earliest, built_latest FROM sites")
        ).one()
    assert tuple(row) == ("Temple of Bel", None, None, None)


def test_downgrade_refuses_while_a_site_says_when_it_was_built(site_before_built: Engine) -> None:
    migrate.upgrade(site_before_built, BUILT)
    with site_before_built.begin() as connection:
        connection.execute(
            text(
                "UPDATE sites SET built = '-0031', built_earliest = -11687,"
                " built_latest = -11323 WHERE id = 1"
            )
        )

    with pytest.raises(RuntimeError, match="1 site"):
        migrate.downgrade(site_before_built, BEFORE)
    assert migrate.current_revision(site_before_built) == BUILT
    with site_before_built.connect() as connection:
        assert connection.execute(text("SELECT built FROM sites")).scalar_one() == "-0031"

    with site_before_built.begin() as connection:
        connection.execute(
            text("UPDATE sites SET built = NULL, built_earliest = NULL, built_latest = NULL")
        )
    migrate.downgrade(site_before_built, BEFORE)
    assert not {"built", "built_earliest", "built_latest"} & site_columns(site_before_built)
    with site_before_built.connect() as connection:
        assert connection.execute(text("SELECT name FROM sites")).scalar_one() == "Temple of Bel"


def test_the_database_holds_the_bounds_of_a_date_before_ad_1(site_before_built: Engine) -> None:
    migrate.upgrade(site_before_built, BUILT)
    with site_before_built.begin() as connection:
        connection.execute(
            text(
                "UPDATE sites SET built = '-0031', built_earliest = -11687,"
                " built_latest = -11323 WHERE id = 1"
            )
        )
    with pytest.raises(IntegrityError, match="built_order"), site_before_built.begin() as c:
        c.execute(text("UPDATE sites SET built_latest = -20000 WHERE id = 1"))
