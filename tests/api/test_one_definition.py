"""A record's rules exist once, in its definition (heritage.records): tighten one there and
the API, the import and the service all refuse the same input, naming the same field."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import SYSTEM
from heritage.errors import InvalidInput
from heritage.models import Actor, Site
from heritage.records import ACTOR, EVENT, SITE
from heritage.records.fields import Name
from heritage.services import actors, sites
from tests.api.test_hostile_input import assert_problem
from tests.heritage.interchange_helpers import import_text, jsonl

NAME = "Temple of Baalshamin"  # 20 characters


@pytest.fixture
def names_of_ten() -> Iterator[None]:
    """Site and actor names of at most 10 characters, for one test."""
    site_name, actor_name = SITE.field("name"), ACTOR.field("name")
    assert isinstance(site_name, Name) and isinstance(actor_name, Name)
    before = site_name.max_length, actor_name.max_length
    site_name.max_length = actor_name.max_length = 10
    yield
    site_name.max_length, actor_name.max_length = before


def count(session_factory: sessionmaker[Session], model: type[Site] | type[Actor]) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.usefixtures("names_of_ten")
def test_a_tighter_name_rule_is_refused_alike_by_the_api_the_import_and_the_service(
    client: FlaskClient, session_factory: sessionmaker[Session]
) -> None:
    sites_before = count(session_factory, Site)

    refused = assert_problem(
        client.post("/api/v1/sites", json={"name": NAME, "kind": "temple"}), 422
    )
    assert refused["errors"] == {"name": ["At most 10 characters."]}

    report = import_text(
        session_factory,
        jsonl({"type": "site", "key": "baalshamin", "name": NAME, "kind": "temple"}),
    )
    assert [(p.line, p.field, p.reason) for p in report.problems] == [
        (1, "name", "At most 10 characters.")
    ]

    with session_factory() as session, pytest.raises(InvalidInput) as error:
        sites.create_site(session, SYSTEM, {"name": NAME, "kind": "temple"})
    assert error.value.errors == {"name": ["At most 10 characters."]}

    assert count(session_factory, Site) == sites_before  # nothing was stored


@pytest.mark.usefixtures("names_of_ten")
def test_each_record_keeps_its_own_rule(
    client: FlaskClient, session_factory: sessionmaker[Session]
) -> None:
    """An actor's name is the actor definition's field: tightened there, refused for actors."""
    actors_before = count(session_factory, Actor)
    long_name = "Islamic State of Iraq and the Levant"
    refused = assert_problem(client.post("/api/v1/actors", json={"name": long_name}), 422)
    assert list(refused["errors"]) == ["name"]
    report = import_text(
        session_factory, jsonl({"type": "actor", "key": "isil", "name": long_name})
    )
    assert [(p.line, p.field) for p in report.problems] == [(1, "name")]
    with session_factory() as session, pytest.raises(InvalidInput) as error:
        actors.create_actor(session, SYSTEM, {"name": long_name})
    assert list(error.value.errors) == ["name"]
    assert count(session_factory, Actor) == actors_before


@pytest.mark.usefixtures("names_of_ten")
def test_the_rule_returns_with_the_definition(
    client: FlaskClient, session_factory: sessionmaker[Session]
) -> None:
    """Within the limit, all three accept the name."""
    created = client.post("/api/v1/sites", json={"name": "Baalshamin", "kind": "temple"})
    assert created.status_code == 201, created.get_json()
    report = import_text(session_factory, jsonl({"type": "actor", "key": "isil", "name": "ISIL"}))
    assert report.ok, report.problems


def test_every_field_an_api_body_takes_is_a_field_of_its_definition(client: FlaskClient) -> None:
    """The API's input schemas are made from the definitions: the OpenAPI document lists
    each definition's fields under the services' names, and nothing else."""
    spec = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    for name, definition, left_out in (
        ("SiteInput", SITE, set()),
        ("ActorInput", ACTOR, set()),
        ("EventInput", EVENT, {"status"}),
    ):
        expected = {f.service_name for f in definition.fields if f.name not in left_out}
        assert set(spec[name]["properties"]) == expected, name
