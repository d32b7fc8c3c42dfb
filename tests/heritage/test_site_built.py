"""When a site was built, in EDTF: dates before AD 1 kept as day numbers that order as the
calendar does, the one definition read by the service, the import and the forms, and files
that carry the date in and out."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import SYSTEM
from heritage.dates import (
    FIRST_DAY,
    LAST_DAY,
    day_number,
    iso_day,
    parse_historic_date,
)
from heritage.demo import load_demo
from heritage.errors import InvalidInput
from heritage.interchange.importer import import_records
from heritage.interchange.tabular import read_sites_csv
from heritage.models import Site
from heritage.records import DEFINITIONS
from heritage.records.forms import form_fields, form_input
from heritage.services import sites
from tests.heritage import builders as b
from tests.heritage.interchange_helpers import export_text, import_text, jsonl

# --- day numbers ---------------------------------------------------------------------------


def test_day_numbers_after_ad_1_are_pythons_ordinals() -> None:
    for day in (dt.date(1, 1, 1), dt.date(32, 4, 6), dt.date(2015, 8, 30), dt.date(9999, 12, 31)):
        assert day_number(day.year, day.month, day.day) == day.toordinal()
        assert iso_day(day.toordinal()) == day.isoformat()


def test_days_before_ad_1_count_down_through_year_0() -> None:
    assert day_number(0, 12, 31) == 0  # the last day of 1 BC
    assert iso_day(0) == "0000-12-31"
    assert day_number(-31, 1, 1) == -11_687
    assert iso_day(-11_687) == "-0031-01-01"
    assert (iso_day(FIRST_DAY), iso_day(LAST_DAY)) == ("-9999-01-01", "9999-12-31")


def test_every_day_number_reads_back_as_its_day() -> None:
    for number in range(FIRST_DAY, LAST_DAY + 1, 997):
        text = iso_day(number)
        year, month, day = int(text[:-6]), int(text[-5:-3]), int(text[-2:])
        assert day_number(year, month, day) == number
        assert iso_day(number + 1) > text or text.startswith("-")  # no gap, no repeat


def test_leap_years_before_ad_1_follow_the_gregorian_rule() -> None:
    # Year 0 (1 BC) and -0004 (5 BC) are leap years; -0100 (101 BC) is not, -0400 is.
    for year in (0, -4, -400):
        assert iso_day(day_number(year, 2, 29)) == f"{'-' if year else ''}{abs(year):04d}-02-29"
    for year in (-1, -31, -100):
        with pytest.raises(ValueError):
            day_number(year, 2, 29)


def test_bc_dates_come_before_ad_ones() -> None:
    typed = ["0032", "-0031", "01XX", "0000", "-0100/0050", "-0032-02-29", "0193/0211"]
    by_start = sorted(typed, key=lambda text: parse_historic_date(text).earliest)
    assert by_start == ["-0100/0050", "-0032-02-29", "-0031", "0000", "0032", "01XX", "0193/0211"]
    for text in typed:
        date = parse_historic_date(text)
        assert date.earliest <= date.latest


def test_a_date_that_is_not_edtf_is_named_with_how_to_write_bc() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_historic_date("32 BC", "built")
    assert refused.value.errors == {
        "built": ["'32 BC' is not a valid EDTF date such as 0032, -0031 (32 BC) or 01XX."]
    }


# --- stored --------------------------------------------------------------------------------


def test_the_database_orders_sites_by_when_they_were_built(session: Session) -> None:
    for name, built in [("Bel", "0032"), ("Nabu", "-0031"), ("Arch", "0193/0211"), ("Old", "0000")]:
        b.site(session, name, "temple", built=built)
    b.site(session, "Prison", "prison")
    session.flush()

    ordered = session.scalars(
        select(Site.name).where(Site.built.is_not(None)).order_by(Site.built_earliest)
    ).all()

    assert ordered == ["Nabu", "Old", "Bel", "Arch"]


def test_the_database_refuses_bounds_without_their_date_or_out_of_order(session: Session) -> None:
    site = b.site(session, "Bel", "temple", built="0032")
    session.commit()
    for column, value in [("built", None), ("built_latest", day_number(31, 12, 31))]:
        setattr(site, column, value)
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def test_the_service_refuses_a_bad_date_and_keeps_the_stored_one(session: Session) -> None:
    site = b.site(session, "Bel", "temple", built="0032")
    session.commit()

    with pytest.raises(InvalidInput) as refused:
        sites.update_site(session, SYSTEM, site.id, {"built": "0032-13"}, site.version)

    assert list(refused.value.errors) == ["built"]
    session.rollback()
    assert (site.built, iso_day(site.built_earliest or 0)) == ("0032", "0032-01-01")


def test_a_form_sends_the_built_date_as_typed_and_a_blank_clears_it(session: Session) -> None:
    assert {f.name: f.input for f in form_fields(DEFINITIONS["site"])}["built"] == "historic_edtf"
    form = {"name": ["Temple of Nabu"], "kind": ["temple"], "built": ["-٠٠٣١~ "]}
    site = sites.create_site(session, SYSTEM, form_input(DEFINITIONS["site"], form, creating=True))
    assert (site.built, iso_day(site.built_earliest or 0)) == ("-0031~", "-0031-01-01")

    cleared = form_input(DEFINITIONS["site"], {"built": [""]}, creating=False)
    sites.update_site(session, SYSTEM, site.id, cleared, site.version)
    assert (site.built, site.built_earliest, site.built_latest) == (None, None, None)


# --- files ---------------------------------------------------------------------------------


def test_a_file_changes_the_built_date_and_reimporting_it_changes_nothing(
    session_factory: sessionmaker[Session],
) -> None:
    first = jsonl(
        {"type": "site", "key": "bel", "name": "Temple of Bel", "kind": "temple", "built": "0032"}
    )
    assert import_text(session_factory, first).created == {"site": 1}

    changed = first.replace('"0032"', '"-0031~"')
    assert import_text(session_factory, changed).updated == {"site": 1}
    assert import_text(session_factory, changed).unchanged == {"site": 1}
    exported = json.loads(export_text(session_factory))
    assert exported["built"] == "-0031~"
    assert import_text(session_factory, export_text(session_factory)).unchanged == {"site": 1}

    without = jsonl({"type": "site", "key": "bel", "name": "Temple of Bel", "kind": "temple"})
    assert import_text(session_factory, without).updated == {"site": 1}
    assert "built" not in json.loads(export_text(session_factory))


def import_sheet(session_factory: sessionmaker[Session], sheet: str) -> dict[str, dict[str, int]]:
    report = import_records(session_factory, SYSTEM, lambda: read_sites_csv(io.StringIO(sheet)))
    assert report.ok, report.problems
    return {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}


def test_a_sheet_sets_and_clears_the_built_date(
    session_factory: sessionmaker[Session],
) -> None:
    dated = "key,name,kind,built\nbel,Temple of Bel,temple,0032\n"
    assert import_sheet(session_factory, dated)["created"] == {"site": 1}
    assert import_sheet(session_factory, dated)["unchanged"] == {"site": 1}
    # An empty cell clears it.
    assert import_sheet(session_factory, "key,name,kind,built\nbel,Temple of Bel,temple,\n")[
        "updated"
    ] == {"site": 1}
    with session_factory() as session:
        assert session.scalar(select(Site.built)) is None
    # A sheet without the column replaces the site whole, as for every optional field.
    assert import_sheet(session_factory, dated)["updated"] == {"site": 1}
    assert import_sheet(session_factory, "key,name,kind\nbel,Temple of Bel,temple\n")[
        "updated"
    ] == {"site": 1}
    with session_factory() as session:
        assert session.scalar(select(Site.built)) is None


def test_the_demo_says_when_its_ancient_sites_were_built(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        load_demo(session)
        session.commit()
        built = {key: value for key, value in session.execute(select(Site.key, Site.built))}
    assert built["temple-of-bel"] == "0032"
    assert built["monumental-arch"] == "0193/0211"
    assert built["tadmur-prison"] is None
    export = [json.loads(line) for line in export_text(session_factory).splitlines()]
    assert {r["key"]: r.get("built") for r in export if r["type"] == "site"} == built
