"""Commit numbers drawn as a transaction commits (heritage.commit_order.draw_at_commit): a
transaction kept open holds no counter, a writer committing meanwhile takes the earlier
number, and the revisions end with the numbers any transaction's would have."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import SYSTEM
from heritage.commit_order import draw_at_commit, last_commit_number, settle
from heritage.models import Revision
from heritage.services import sites
from tests.heritage import builders as b


def feed(session: Session) -> list[tuple[str, int, int | None, int | None]]:
    """Each revision's record resource, commit number and public position, in commit order."""
    return [
        (resource, seq, public_seq, ordinal)
        for resource, seq, public_seq, ordinal in session.execute(
            select(
                Revision.resource,
                Revision.commit_seq,
                Revision.public_seq,
                Revision.public_ordinal,
            ).order_by(Revision.commit_seq, Revision.id)
        )
    ]


def test_a_writer_committing_while_another_transaction_is_open_comes_first(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as first, first.begin():
        draw_at_commit(first)
        # SQLite has one writer at a time: there the other writer comes before this one's
        # first write; PostgreSQL's comes after it, while this one holds its new rows.
        rows_held = first.get_bind().dialect.name != "sqlite"
        if rows_held:
            b.site(first, "Palmyra")
        # The counter is free: another writer draws and commits meanwhile.
        with session_factory() as second, second.begin():
            b.site(second, "Tadmur")
        with session_factory() as reader:
            assert last_commit_number(reader) == 1
        if not rows_held:
            b.site(first, "Palmyra")
        b.actor(first, "ISIL")
    with session_factory() as session:
        assert feed(session) == [
            ("site", 1, 1, 1),  # Tadmur, committed first
            ("site", 2, 2, 1),
            ("actor", 2, 2, 2),
        ]


def test_its_own_revisions_read_as_coming_after_every_committed_one_until_it_commits(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session, session.begin():
        b.site(session, "Tadmur")
    with session_factory() as session, session.begin():
        draw_at_commit(session)
        palmyra = b.site(session, "Palmyra")
        seqs = [seq for _, seq, _, _ in feed(session)]
        assert seqs[0] == 1 and seqs[1] > 1  # provisional, above any number drawn
        assert settle(session) == 2  # drawn now: the transaction learns its number
        assert [seq for _, seq, _, _ in feed(session)] == [1, 2]
        sites.update_site(session, SYSTEM, palmyra.id, {"name": "Tadmor"}, palmyra.version)
    with session_factory() as session:
        assert [(r, seq) for r, seq, _, _ in feed(session)] == [
            ("site", 1),
            ("site", 2),
            ("site", 2),
        ]


def test_a_rolled_back_savepoint_keeps_the_transaction_s_provisional_number(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session, session.begin():
        draw_at_commit(session)
        b.site(session, "Palmyra")
        with pytest.raises(RuntimeError), session.begin_nested():
            b.site(session, "Bel", "temple")
            raise RuntimeError  # a batch refused: its savepoint is rolled back
        b.actor(session, "ISIL")
    with session_factory() as session:
        assert [(r, seq) for r, seq, _, _ in feed(session)] == [("site", 1), ("actor", 1)]
        assert last_commit_number(session) == 1


def test_a_transaction_that_wrote_no_revision_draws_nothing(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session, session.begin():
        draw_at_commit(session)
        assert settle(session) is None
    with session_factory() as session:
        assert last_commit_number(session) == 0


def test_a_rolled_back_transaction_leaves_the_counter_as_it_was(
    session_factory: sessionmaker[Session],
) -> None:
    with pytest.raises(RuntimeError), session_factory() as session, session.begin():
        draw_at_commit(session)
        b.site(session, "Palmyra")
        raise RuntimeError
    with session_factory() as session, session.begin():
        b.site(session, "Tadmur")  # drawn at its first revision, as usual
    with session_factory() as session:
        assert [(r, seq) for r, seq, _, _ in feed(session)] == [("site", 1)]
