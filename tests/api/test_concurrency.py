"""Several writers updating one event at once: one winner per version, no lost update."""

from __future__ import annotations

import threading
from collections import Counter

from flask import Flask

from tests.api.conftest import signed_in
from tests.api.helpers import city_with_temple, created, etag

WRITERS = 8
ROUNDS = 3


def test_concurrent_writers_with_one_etag_get_one_200_and_the_rest_412(
    app: Flask, tokens: dict[str, str]
) -> None:
    setup = signed_in(app, tokens["editor"])
    world = city_with_temple(setup)
    event = created(
        setup,
        "events",
        {"type": "destroyed", "date": "2015-08-30", "site_ids": [world["temple"]["id"]]},
    )
    path = f"/api/v1/events/{event['id']}"
    successes = 0
    for round_number in range(ROUNDS):
        version = etag(setup, path)
        statuses: list[int] = []
        start = threading.Barrier(WRITERS)

        def write(
            writer: int,
            version: str = version,
            round_number: int = round_number,
            start: threading.Barrier = start,
            statuses: list[int] = statuses,
        ) -> None:
            client = signed_in(app, tokens["editor" if writer % 2 else "editor2"])
            start.wait()
            response = client.patch(
                path,
                json={"description": f"round {round_number}, writer {writer}"},
                headers={"If-Match": version},
            )
            statuses.append(response.status_code)

        threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert Counter(statuses) == {200: 1, 412: WRITERS - 1}, statuses
        successes += 1
        stored = setup.get(path).get_json()["description"]
        assert stored.startswith(f"round {round_number},")

    updates = [
        revision
        for revision in setup.get(f"{path}/revisions").get_json()
        if revision["action"] == "updated"
    ]
    assert len(updates) == successes == ROUNDS
