"""The database itself refuses bad rows: a writer that skips the services (an import script,
a SQL console) still cannot store them. Rows here are inserted directly, never validated."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from heritage.models import Article, Claim, Event, EventSite, Site, SiteIdentifier, Source


def site_row(**fields: Any) -> Site:
    return Site(**{"name": "Palmyra", "name_folded": "palmyra", "kind": "city", **fields})


def event_row(**fields: Any) -> Event:
    values = {
        "category": "damage",
        "type": "destroyed",
        "date_edtf": "2015-08-30",
        "earliest": dt.date(2015, 8, 30),
        "latest": dt.date(2015, 8, 30),
        "grade": "weak",
        **fields,
    }
    return Event(**values)


def refused(session: Session, *rows: object) -> None:
    session.add_all(rows)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_valid_rows_are_accepted(session: Session) -> None:
    site = site_row(latitude=34.55, longitude=38.27, location_certainty="exact")
    session.add_all([site, event_row()])
    session.flush()
    assert site.id is not None


@pytest.mark.parametrize(
    "fields",
    [
        {"latitude": 100, "longitude": 38.27},
        {"latitude": -91, "longitude": 38.27},
        {"latitude": 34.55, "longitude": 181},
        {"latitude": 34.55},
        {"location_certainty": "exact"},
        {"kind": "ziggurat"},
    ],
)
def test_a_site_off_the_globe_or_of_no_known_kind_is_refused(
    session: Session, fields: dict[str, Any]
) -> None:
    refused(session, site_row(**fields))


def test_a_site_cannot_be_its_own_parent(session: Session) -> None:
    site = site_row()
    session.add(site)
    session.flush()
    with pytest.raises(IntegrityError):
        session.execute(update(Site).where(Site.id == site.id).values(parent_id=site.id))
    session.rollback()


@pytest.mark.parametrize(
    "fields",
    [
        {"category": "control", "type": "destroyed"},
        {"category": "damage", "type": "captured"},
        {"category": "damage", "type": "bombed"},
        {"earliest": dt.date(2015, 8, 31)},
        {"grade": "likely"},
        {"grade_override": "confirmed"},
        {"grade_override": "confirmed", "grade_override_reason": ""},
    ],
)
def test_an_event_inconsistent_with_the_vocabulary_is_refused(
    session: Session, fields: dict[str, Any]
) -> None:
    refused(session, event_row(**fields))


def test_a_site_with_events_cannot_be_deleted_behind_the_services_back(session: Session) -> None:
    site = site_row()
    event = event_row()
    session.add_all([site, event])
    session.flush()
    session.add(EventSite(event_id=event.id, site_id=site.id))
    session.flush()
    with pytest.raises(IntegrityError):
        session.execute(delete(Site).where(Site.id == site.id))
    session.rollback()


def test_one_identifier_cannot_name_two_sites(session: Session) -> None:
    first, second = site_row(), site_row(name="Tadmor", name_folded="tadmor")
    session.add_all([first, second])
    session.flush()
    refused(
        session,
        SiteIdentifier(site_id=first.id, scheme="wikidata", value="Q5747"),
        SiteIdentifier(site_id=second.id, scheme="wikidata", value="Q5747"),
    )


def _article(session: Session, **fields: Any) -> Article:
    publisher = Source(name="Al Jazeera", name_folded="al jazeera", kind="organisation")
    session.add(publisher)
    session.flush()
    values = {
        "publisher_id": publisher.id,
        "title": "Palmyra recaptured",
        "url": "https://aljazeera.com/palmyra",
        "url_key": "//aljazeera.com/palmyra",
        "published": dt.date(2016, 3, 27),
        "language": "en",
        **fields,
    }
    return Article(**values)


def test_archived_text_without_its_digest_is_refused(session: Session) -> None:
    refused(session, _article(session, text="Palmyra was recaptured."))


def test_the_same_article_url_cannot_be_stored_twice(session: Session) -> None:
    session.add(_article(session))
    session.flush()
    refused(session, _article(session, url="http://www.aljazeera.com/palmyra/"))


@pytest.mark.parametrize(
    "fields",
    [
        {"stance": "suggests"},
        {"quote_start": 0, "quote_end": 5},
        {"quote": "Palmyra", "quote_start": 5, "quote_end": 2},
        {"quote": "Palmyra", "quote_start": 0},
        {"stated_date_edtf": "2015-08-30"},
    ],
)
def test_a_claim_with_inconsistent_fields_is_refused(
    session: Session, fields: dict[str, Any]
) -> None:
    article = _article(
        session, text="Palmyra", text_sha256="0" * 64, captured_at=dt.datetime.now(dt.UTC)
    )
    event = event_row()
    session.add_all([article, event])
    session.flush()
    values = {"article_id": article.id, "event_id": event.id, "stance": "affirms", **fields}
    refused(session, Claim(**values))


def test_a_consistent_claim_row_is_accepted(session: Session) -> None:
    article = _article(
        session, text="Palmyra", text_sha256="0" * 64, captured_at=dt.datetime.now(dt.UTC)
    )
    event = event_row()
    session.add_all([article, event])
    session.flush()
    claim = Claim(
        article_id=article.id,
        event_id=event.id,
        stance="affirms",
        quote="Palmyra",
        quote_start=0,
        quote_end=7,
        stated_date_edtf="2015-08-30",
        stated_earliest=dt.date(2015, 8, 30),
        stated_latest=dt.date(2015, 8, 30),
    )
    session.add(claim)
    session.flush()
    assert claim.id is not None
