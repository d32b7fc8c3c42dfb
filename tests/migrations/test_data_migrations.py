"""Migrations carry stored data across, and a failed one leaves the database as it was."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from heritage import migrate
from heritage.services.changes import last_commit
from tests.conftest import reset_database

CORE = "a9cb5d8c2966"  # the first revision: the core tracker, before accounts and review
PENDING_GRADES = "d118dac95aa8"  # the last revision whose commit mark read the revisions


@pytest.fixture
def core_engine(engine: Engine) -> Iterator[Engine]:
    """The run's database at the core revision with a little data, migrated back after."""
    reset_database(engine)
    migrate.upgrade(engine, CORE)
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO sites (id, name, name_folded, kind, description, latitude, longitude,"
            " location_certainty) VALUES (1, 'Palmyra', 'palmyra', 'city', '', 34.55, 38.27,"
            " 'exact')",
            "INSERT INTO sites (id, name, name_folded, kind, description, parent_id)"
            " VALUES (2, 'Temple of Bel', 'temple of bel', 'temple', '', 1)",
            "INSERT INTO sources (id, name, name_folded, kind, description)"
            " VALUES (1, 'Wire', 'wire', 'organisation', '')",
            "INSERT INTO articles (id, publisher_id, title, url, url_key, published, language)"
            " VALUES (1, 1, 'T', 'https://x.example/a', '//x.example/a', '2015-08-31', 'en')",
            "INSERT INTO events (id, category, type, date_edtf, earliest, latest, description,"
            " grade) VALUES (1, 'damage', 'destroyed', '2015-08-30', '2015-08-30',"
            " '2015-08-30', '', 'weak')",
            "INSERT INTO event_sites (event_id, site_id) VALUES (1, 2)",
            "INSERT INTO claims (id, article_id, event_id, summary, stance, basis, figures)"
            " VALUES (1, 1, 1, '', 'affirms', 'report', '{}')",
        ):
            connection.execute(text(statement))
    yield engine
    reset_database(engine)
    migrate.upgrade(engine)


def test_upgrade_keeps_stored_records_public_and_versioned(core_engine: Engine) -> None:
    migrate.upgrade(core_engine)
    with core_engine.connect() as connection:
        events = connection.execute(text("SELECT status, version FROM events")).all()
        claims = connection.execute(text("SELECT status, version FROM claims")).all()
        sites = connection.execute(
            text("SELECT id, public_latitude, public_longitude, restricted FROM sites ORDER BY id")
        ).all()
    assert [tuple(row) for row in events] == [("published", 1)]
    assert [tuple(row) for row in claims] == [("published", 1)]
    assert [tuple(row) for row in sites] == [(1, 34.55, 38.27, False), (2, None, None, False)]


def test_downgrade_to_the_core_keeps_the_core_data(core_engine: Engine) -> None:
    migrate.upgrade(core_engine)
    migrate.downgrade(core_engine, CORE)
    with core_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM claims")).scalar() == 1
        assert connection.execute(text("SELECT count(*) FROM sites")).scalar() == 2
    assert "users" not in inspect(core_engine).get_table_names()


def test_a_failing_migration_leaves_the_database_as_it_was(core_engine: Engine) -> None:
    # A table in the way makes the next revision fail after some of its steps ran.
    with core_engine.begin() as connection:
        connection.execute(text("CREATE TABLE revisions (id INTEGER PRIMARY KEY)"))
    tables_before = set(inspect(core_engine).get_table_names())
    with pytest.raises(Exception, match="revisions"):
        migrate.upgrade(core_engine)
    assert migrate.current_revision(core_engine) == CORE
    assert set(inspect(core_engine).get_table_names()) == tables_before
    with core_engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("actors")}
    assert "version" not in columns


def test_upgrade_moves_the_commit_time_onto_the_counter_and_keeps_the_mark(
    engine: Engine,
) -> None:
    """The commit mark was the counter's value and the latest time of that commit's
    revisions; the counter's row now holds the time, copied there by the upgrade."""
    old_mark = text(
        "SELECT c.value, CAST((SELECT max(r.at) FROM revisions r"
        " WHERE r.commit_seq = c.value) AS VARCHAR) FROM commit_counter c WHERE c.id = 1"
    )
    reset_database(engine)
    try:
        migrate.upgrade(engine, PENDING_GRADES)
        with engine.begin() as connection:
            for seq, at in ((1, "2015-05-21 10:00:00"), (2, "2015-08-30 09:00:00")):
                for second in range(3):  # several revisions a commit, in no time order
                    connection.execute(
                        text(
                            "INSERT INTO revisions (commit_seq, resource, record_id, action,"
                            " user_name, at, changes, public)"
                            " VALUES (:seq, 'site', 1, 'updated', 'system', :at, '{}', :public)"
                        ),
                        {
                            "seq": seq,
                            "at": at.replace(":00:00", f":00:0{2 - second}"),
                            "public": True,
                        },
                    )
            connection.execute(text("UPDATE commit_counter SET value = 2"))
            before = connection.execute(old_mark).one()
        migrate.upgrade(engine)
        assert last_commit(engine) == f"{before[0]}@{before[1]}"
        assert "2015-08-30 09:00:02" in last_commit(engine)
        migrate.downgrade(engine, PENDING_GRADES)
        columns = {c["name"] for c in inspect(engine).get_columns("commit_counter")}
        assert columns == {"id", "value"}
        with engine.connect() as connection:
            assert connection.execute(old_mark).one() == before
    finally:
        reset_database(engine)
        migrate.upgrade(engine)


COMMIT_TIME = "2d68c3ae471e"  # the last revision whose public feed counted every commit


def test_upgrade_numbers_the_stored_public_revisions_among_themselves(engine: Engine) -> None:
    """The public feed's positions and the public commit mark, for a trail written before
    them: public revisions numbered in commit order, hidden ones left out."""
    # (commit, public) of each revision, in id order: hidden ones inside and between.
    trail = [(1, True), (1, False), (1, True), (2, False), (3, True), (3, True), (4, False)]
    reset_database(engine)
    try:
        migrate.upgrade(engine, COMMIT_TIME)
        with engine.begin() as connection:
            for seq, public in trail:
                connection.execute(
                    text(
                        "INSERT INTO revisions (commit_seq, resource, record_id, action,"
                        " user_name, at, changes, public) VALUES (:seq, 'site', 1, 'updated',"
                        " 'system', :at, '{}', :public)"
                    ),
                    {"seq": seq, "at": f"2015-09-0{seq} 09:00:00", "public": public},
                )
            connection.execute(
                text("UPDATE commit_counter SET value = 4, at = '2015-09-04 09:00:00'")
            )
        migrate.upgrade(engine)
        with engine.connect() as connection:
            positions = connection.execute(
                text("SELECT public_seq, public_ordinal FROM revisions ORDER BY id")
            ).all()
            (epoch,) = connection.execute(text("SELECT epoch FROM commit_counter")).one()
        assert [tuple(row) for row in positions] == [
            (1, 1),
            (None, None),
            (1, 2),
            (None, None),
            (2, 1),
            (2, 2),
            (None, None),
        ]
        assert last_commit(engine).startswith("4@2015-09-04 09:00:00")
        assert last_commit(engine, public=True).startswith("2@2015-09-03 09:00:00")
        assert len(epoch) == 16
        migrate.downgrade(engine, COMMIT_TIME)
        columns = {c["name"] for c in inspect(engine).get_columns("commit_counter")}
        assert columns == {"id", "value", "at"}
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM revisions")).scalar() == 7
    finally:
        reset_database(engine)
        migrate.upgrade(engine)
