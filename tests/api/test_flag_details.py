"""Why claims contradict each other, through the API: the history says it in English, as it
always did, while an Arabic report issued through the API says it in Arabic."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.api.helpers import created
from tests.heritage.reports.contested import ENGLISH_DETAILS, contested_destruction


def test_the_history_keeps_the_english_detail_an_arabic_issue_gives_the_arabic(
    reviewer: FlaskClient, anonymous: FlaskClient, session: Session
) -> None:
    contested = contested_destruction(session)

    history = anonymous.get(f"/api/v1/sites/{contested.temple.id}/history").get_json()
    (event,) = [e for e in history["events"] if e["id"] == contested.destruction.id]
    assert {flag["detail"] for flag in event["flags"]} == set(ENGLISH_DETAILS.values())

    report = created(
        reviewer,
        "reports",
        {
            "title": "Palmyra quarterly",
            "cadence": "quarterly",
            "audience": "public",
            "language": "ar",
            "first_period_start": "2015-07-01",
        },
    )
    issued = reviewer.post(
        f"/api/v1/reports/{report['id']}/issues",
        json={"period": "2015-Q3", "issued_on": "2015-10-05"},
    )
    assert issued.status_code == 201, issued.get_json()
    page = anonymous.get(issued.get_json()["files"]["html"]["href"]).get_data(as_text=True)
    assert "مصدر يؤكد، وآخر ينفي." in page
    assert "يسمّي الادعاءان طرفين مختلفين." in page
    assert "لا يتداخل التاريخان المذكوران: 1 تموز 2015 – 31 تموز 2015، و23 آب 2015." in page
    assert not any(detail in page for detail in ENGLISH_DETAILS.values())
