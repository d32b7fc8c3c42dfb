"""A site with many events: its page shows the latest ones and pages back through the
earlier ones, while the control periods and the condition axis stay whole."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.web.public_drawing import TIMELINE_PAGE, timeline_page
from heritage.auth import SYSTEM
from heritage.demo import load_demo
from heritage.models import Event, Site
from heritage.services import events

LATER = TIMELINE_PAGE + 5  # events recorded after the temple's destruction


@pytest.fixture
def busy_temple(session: Session) -> tuple[int, int]:
    """The demo's Temple of Bel with LATER evacuations after its destruction; its id and
    the destruction event's."""
    load_demo(session)
    temple = session.scalar(select(Site.id).where(Site.key == "temple-of-bel"))
    destroyed = session.scalar(select(Event.id).where(Event.key == "temple-of-bel-destroyed-2015"))
    assert temple is not None and destroyed is not None
    for number in range(LATER):
        events.create_event(
            session,
            SYSTEM,
            {
                "type": "evacuated",
                "date": f"{2018 + number // 12}-{number % 12 + 1:02d}",
                "site_ids": [temple],
                "description": f"Assessment number {number:02d}.",
                "status": "published",
            },
        )
    session.commit()
    return temple, destroyed


def _shown(page: str) -> list[str]:
    return re.findall(r"Assessment number (\d\d)\.", page)


def test_the_page_shows_the_latest_events_and_pages_back_to_earlier_ones(
    busy_temple: tuple[int, int], anonymous: FlaskClient
) -> None:
    temple, destroyed = busy_temple
    latest = anonymous.get(f"/sites/{temple}").get_data(as_text=True)

    assert _shown(latest) == [f"{n:02d}" for n in range(LATER - TIMELINE_PAGE, LATER)]
    assert f'id="event-{destroyed}"' not in latest
    assert f'href="/sites/{temple}?page=2#history">Earlier events</a>' in latest
    assert "Later events" not in latest
    # The axis is whole: its destroyed bar leads to the page that shows that event.
    assert f'<a href="/sites/{temple}?page=2#event-{destroyed}"><rect' in latest

    earlier = anonymous.get(f"/sites/{temple}?page=2").get_data(as_text=True)
    assert f'id="event-{destroyed}"' in earlier
    assert _shown(earlier) == [f"{n:02d}" for n in range(LATER - TIMELINE_PAGE)]
    assert f'href="/sites/{temple}#history">Later events</a>' in earlier
    assert f'<a href="#event-{destroyed}"><rect' in earlier
    # A page beyond the last, or not a number, shows an existing page rather than nothing.
    assert _shown(anonymous.get(f"/sites/{temple}?page=99").get_data(as_text=True)) == _shown(
        earlier
    )
    assert _shown(anonymous.get(f"/sites/{temple}?page=x").get_data(as_text=True)) == _shown(latest)


def test_the_pages_keep_the_dates_the_reader_chose(
    busy_temple: tuple[int, int], anonymous: FlaskClient
) -> None:
    temple, _ = busy_temple
    shown = anonymous.get(f"/sites/{temple}?at=2030-01-01").get_data(as_text=True)

    assert f'href="/sites/{temple}?page=2&amp;at=2030-01-01#history"' in shown


def test_timeline_pages_count_from_the_latest_event() -> None:
    class Shown:
        def __init__(self, id: int) -> None:
            self.id = id

    items = [Shown(n) for n in range(1, 8)]
    first, second, third = (timeline_page(items, page, size=3) for page in (1, 2, 3))

    assert [e.id for e in first.events] == [5, 6, 7] and (first.first, first.last) == (5, 7)
    assert [e.id for e in second.events] == [2, 3, 4]
    assert [e.id for e in third.events] == [1] and (third.first, third.last) == (1, 1)
    assert first.page_of == {1: 3, 2: 2, 3: 2, 4: 2, 5: 1, 6: 1, 7: 1}
    assert timeline_page([], 1).pages == 1
