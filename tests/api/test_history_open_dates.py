"""The two open-ended dates a partner's timeline exposed: an event known only by an upper
bound ("before 24 April 2013") never pushes an earlier dated change later."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.api.helpers import created, published

World = dict[str, Any]


def affirmed(client: FlaskClient, reviewer: FlaskClient, world: World, **event: Any) -> None:
    record = published(client, reviewer, "events", event)
    published(
        client,
        reviewer,
        "claims",
        {"article_id": world["article"]["id"], "event_id": record["id"], "stance": "affirms"},
    )


def test_a_mosque_damaged_in_october_and_looted_before_april_reads_damaged_in_november(
    client: FlaskClient, reviewer: FlaskClient, world: World
) -> None:
    mosque = created(client, "sites", {"name": "Great Mosque", "kind": "mosque"})
    affirmed(client, reviewer, world, type="damaged", date="2012-10", site_ids=[mosque["id"]])
    affirmed(client, reviewer, world, type="looted", date="/2013-04-24", site_ids=[mosque["id"]])
    history = client.get(f"/api/v1/sites/{mosque['id']}/history?at=2012-11-01").get_json()
    assert history["state_at"]["condition"] == "damaged"
    assert [(c["state"], c["from"]["edtf"], len(c["event_ids"])) for c in history["condition"]] == [
        ("damaged", "2012-10", 2)
    ]
    # The list still reads by when events may have begun: the open start comes first.
    assert [e["date"]["edtf"] for e in history["events"]] == ["/2013-04-24", "2012-10"]


def test_a_capture_before_the_end_of_june_does_not_hide_one_on_21_may(
    client: FlaskClient, reviewer: FlaskClient, world: World
) -> None:
    city = world["city"]["id"]
    holder = [{"actor_id": world["isil"]["id"], "role": "controller"}]
    affirmed(
        client, reviewer, world, type="captured", date="/2015-06-30", site_ids=[city], actors=holder
    )
    affirmed(
        client, reviewer, world, type="captured", date="2015-05-21", site_ids=[city], actors=holder
    )
    for site in (city, world["temple"]["id"]):  # the temple inherits the city's control
        state = client.get(f"/api/v1/sites/{site}/history?at=2015-06-01").get_json()["state_at"]
        assert state["controlled_by"] == {"id": world["isil"]["id"], "name": "ISIL"}
        assert state["control_grade"] == "weak"
    control = client.get(f"/api/v1/sites/{city}/history").get_json()["control"]
    assert [(p["from"]["edtf"], p["to"]) for p in control] == [("2015-05-21", None)]
