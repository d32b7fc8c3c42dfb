"""Actors and sources: membership without cycles, aliases found by search."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.errors import Conflict, InvalidInput
from heritage.models import Actor, Source
from heritage.services import actors, sources
from tests.heritage import builders as b


def test_an_actor_cannot_be_part_of_a_unit_inside_it(session: Session) -> None:
    government = b.actor(session, "Syrian government forces")
    army = b.actor(session, "Syrian Arab Army", part_of=government)
    division = b.actor(session, "5th Corps", part_of=army)
    with pytest.raises(InvalidInput) as refused:
        actors.update_actor(session, SYSTEM, government.id, {"part_of_id": division.id})
    assert sorted(refused.value.errors) == ["part_of_id"]
    session.expire_all()
    assert session.scalar(select(Actor.part_of_id).where(Actor.id == government.id)) is None


def test_an_actor_cannot_be_part_of_itself(session: Session) -> None:
    isil = b.actor(session, "ISIL")
    with pytest.raises(InvalidInput) as refused:
        actors.update_actor(session, SYSTEM, isil.id, {"part_of_id": isil.id})
    assert sorted(refused.value.errors) == ["part_of_id"]


def test_actors_are_found_by_any_alias(session: Session) -> None:
    isil = b.actor(session, "Islamic State", aliases=["ISIL", "ISIS", "Daesh", "داعش"])
    b.actor(session, "Syrian Arab Army", aliases=["SAA"])
    for query in ("isis", "DAESH", "islamic", "داعش"):
        assert [a.id for a in actors.list_actors(session, ANONYMOUS, q=query).items] == [isil.id]


def test_an_alias_given_twice_is_refused(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        b.actor(session, "Islamic State", aliases=["ISIS", "isis"])
    assert sorted(refused.value.errors) == ["aliases"]


def test_replacing_aliases_keeps_only_the_new_ones(session: Session) -> None:
    isil = b.actor(session, "Islamic State", aliases=["ISIS", "Daesh"])
    actors.update_actor(session, SYSTEM, isil.id, {"aliases": ["ISIL", "Daesh"]})
    assert [a.alias for a in actors.get_actor(session, ANONYMOUS, isil.id).aliases] == [
        "ISIL",
        "Daesh",
    ]
    assert actors.list_actors(session, ANONYMOUS, q="isis").items == []


def test_an_actor_key_is_unique(session: Session) -> None:
    first = b.actor(session, "Islamic State", key="isil")
    with pytest.raises(Conflict) as refused:
        b.actor(session, "ISIS", key="isil")
    assert refused.value.existing == ("actor", first.id)


def test_a_source_cannot_be_affiliated_to_someone_affiliated_to_it(session: Session) -> None:
    observatory = b.source(session, "Syrian Observatory for Human Rights")
    director = b.source(session, "Rami Abdulrahman", "person", affiliation=observatory)
    with pytest.raises(InvalidInput) as refused:
        sources.update_source(session, SYSTEM, observatory.id, {"affiliation_id": director.id})
    assert sorted(refused.value.errors) == ["affiliation_id"]
    session.expire_all()
    assert session.scalar(select(Source.affiliation_id).where(Source.id == observatory.id)) is None


def test_a_source_needs_a_known_kind_and_an_existing_actor(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        sources.create_source(
            session, SYSTEM, {"name": "SANA", "kind": "agency", "actor_id": 999_999}
        )
    assert sorted(refused.value.errors) == ["actor_id", "kind"]


def test_sources_are_found_ignoring_case_and_diacritics(session: Session) -> None:
    sana = b.source(session, "Syrian Arab News Agency")
    b.source(session, "Agence France-Presse")
    b.source(session, "Agência Lusa")
    assert [s.id for s in sources.list_sources(session, ANONYMOUS, q="SYRIAN").items] == [sana.id]
    assert [s.name for s in sources.list_sources(session, ANONYMOUS, q="agencia").items] == [
        "Agência Lusa"
    ]
