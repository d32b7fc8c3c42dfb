"""CSV: the events export for spreadsheets and donors, and the sites and events layouts that
spreadsheet users import, read into interchange records."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM, Principal
from heritage.demo import load_demo
from heritage.interchange import tabular
from heritage.interchange.filters import ExportFilter
from heritage.interchange.importer import ImportProblem
from heritage.interchange.tabular import (
    EVENT_COLUMNS,
    export_events_csv,
    read_events_csv,
    read_sites_csv,
)
from heritage.models import Claim, Event, Site
from heritage.services import events as event_service
from heritage.services.visibility import visible
from heritage.vocab import Status
from tests.heritage import builders as b


def export(
    session: Session,
    principal: Principal = ANONYMOUS,
    selection: ExportFilter | None = None,
    **options: Any,
) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    count = export_events_csv(session, principal, out, selection or ExportFilter(), **options)
    out.seek(0)
    reader = csv.DictReader(out)
    assert tuple(reader.fieldnames or ()) == EVENT_COLUMNS
    rows = list(reader)
    assert count == len(rows)
    return rows


def keys(rows: list[dict[str, str]]) -> set[str]:
    return {row["key"] for row in rows}


@pytest.fixture
def demo(session: Session) -> Session:
    load_demo(session)
    return session


def site_id(session: Session, key: str) -> int:
    found = session.scalar(select(Site.id).where(Site.key == key))
    assert found is not None
    return found


# --- export -------------------------------------------------------------------------------


def test_one_row_per_published_event(demo: Session) -> None:
    published = demo.scalar(select(func.count()).select_from(Event))
    assert published == 14
    assert len(export(demo)) == published


def test_the_recapture_row(demo: Session) -> None:
    rows = {row["key"]: row for row in export(demo)}
    recapture = rows["palmyra-recaptured-2016"]
    assert recapture == {
        "key": "palmyra-recaptured-2016",
        "id": recapture["id"],
        "category": "control",
        "event_type": "captured",
        "date": "2016-03-27",
        "earliest": "2016-03-27",
        "latest": "2016-03-27",
        "site_keys": "palmyra; tadmur",
        "site_names": "Palmyra; Tadmur",
        "actors": "Syrian government forces (controller); Russian Aerospace Forces (supporter)",
        "grade": "confirmed",
        "claims": "6",
        "status": "published",
        "description": recapture["description"],
        "condition_found": "",
    }
    assert recapture["description"].startswith("Syrian troops and allied militias")
    # An open start has no calendar bound: the cell is empty, the EDTF says why.
    evacuation = rows["museum-collections-evacuated-2015"]
    assert (evacuation["date"], evacuation["earliest"]) == ("/2015-05-20", "")


def test_rows_are_in_date_order(demo: Session) -> None:
    dates = [(row["earliest"] or "0000", row["latest"]) for row in export(demo)]
    assert dates == sorted(dates)


def test_drafts_only_for_editors_who_ask(demo: Session) -> None:
    temple = demo.get_one(Site, site_id(demo, "temple-of-bel"))
    b.event(demo, temple, "restored", "2019-02", status=None, key="bel-restored")
    assert "bel-restored" not in keys(export(demo))
    assert "bel-restored" not in keys(export(demo, include_drafts=True))
    editor = b.user(demo, "editor")
    assert "bel-restored" not in keys(export(demo, editor))
    rows = {row["key"]: row for row in export(demo, editor, include_drafts=True)}
    assert rows["bel-restored"]["status"] == "draft"


def test_retracted_and_deleted_events_stay_out(demo: Session) -> None:
    arch = demo.scalar(select(Event).where(Event.key == "monumental-arch-destroyed-2015"))
    assert arch is not None
    event_service.delete_event(demo, SYSTEM, arch.id)
    assert "monumental-arch-destroyed-2015" not in keys(export(demo, SYSTEM, include_drafts=True))


def test_a_site_filter_takes_the_site_and_its_descendants(demo: Session) -> None:
    selection = ExportFilter(site_id=site_id(demo, "tadmur"))
    assert keys(export(demo, selection=selection)) == {
        "isil-captures-palmyra-2015",
        "museum-collections-evacuated-2015",
        "tadmur-prison-destroyed-2015",
        "palmyra-booby-trapped-2015-2016",
        "palmyra-recaptured-2016",
        "museum-vandalised-2015-2016",
        "museum-assessed-2016",
        "palmyra-demining-2016",
    }


def test_a_date_range_keeps_events_that_overlap_it(demo: Session) -> None:
    selection = ExportFilter(date_from=dt.date(2015, 9, 1), date_to=dt.date(2015, 10, 31))
    assert keys(export(demo, selection=selection)) == {
        "tower-tombs-destroyed-2015",  # 2015-08/2015-09-02 reaches into September
        "monumental-arch-destroyed-2015",
        "palmyra-booby-trapped-2015-2016",
        "museum-vandalised-2015-2016",
    }


def test_changed_since_keeps_events_changed_after_it(demo: Session) -> None:
    demo.flush()
    later = dt.datetime(2999, 1, 1, tzinfo=dt.UTC)
    assert export(demo, selection=ExportFilter(changed_since=later)) == []
    earlier = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    assert len(export(demo, selection=ExportFilter(changed_since=earlier))) == 14


def test_list_cells_dates_and_claim_counts(session: Session) -> None:
    # Created in this order so that id order differs from key and name order.
    zeta = b.site(session, "Zeta", key="zeta")
    unkeyed = b.site(session, "alpha")
    sites_first = b.site(session, "Beta", key="beta")
    actors = [
        (b.actor(session, "Émile"), "supporter"),
        (b.actor(session, "alpha"), "perpetrator"),
        (b.actor(session, "beta"), "controller"),
        (b.actor(session, "Zed"), "perpetrator"),
    ]
    description = 'Shelled, then "cleared";\nsee the second report.'
    event = b.event(
        session,
        [sites_first, unkeyed, zeta],
        date="2016-01-05/",
        actors=actors,
        key="shelled",
        description=description,
    )
    publisher = b.source(session, "Agency")
    b.reported(session, event, publisher)
    b.reported(session, event, publisher)
    b.reported(session, event, publisher, status=None)  # a draft claim
    b.event(session, zeta, "looted", "2017", key="looted")
    rows = {row["key"]: row for row in export(session)}
    shelled = rows["shelled"]
    assert shelled["site_keys"] == f"zeta; #{unkeyed.id}; beta"
    assert shelled["site_names"] == "Zeta; alpha; Beta"
    # Roles in their order, then names by code point, as Python sorts them.
    assert shelled["actors"] == (
        "Zed (perpetrator); alpha (perpetrator); beta (controller); Émile (supporter)"
    )
    assert (shelled["earliest"], shelled["latest"]) == ("2016-01-05", "")
    assert shelled["description"] == description
    assert shelled["claims"] == "2"
    assert rows["looted"]["claims"] == "0"
    assert (rows["looted"]["actors"], rows["looted"]["site_keys"]) == ("", "zeta")
    editor = b.user(session, "editor")
    drafted = {row["key"]: row for row in export(session, editor, include_drafts=True)}
    assert drafted["shelled"]["claims"] == "3"


def test_claim_counts_follow_the_claim_visibility_rule(session: Session) -> None:
    # The export tests the claims' own columns only, its rows' events being visible: the
    # counts must be those of the full rule, event check included.
    site = b.site(session, "Site", key="site")
    publisher = b.source(session, "Agency")
    events = [
        b.event(session, site, key="published"),
        b.event(session, site, "looted", "2016", key="draft", status=None),
    ]
    for event in events:
        b.reported(session, event, publisher)
        b.reported(session, event, publisher, status=None)
        b.reported(session, event, publisher).status = Status.RETRACTED
        b.reported(session, event, publisher).deleted_at = dt.datetime.now(dt.UTC)
    session.flush()
    editor = b.user(session, "editor")
    for principal, drafts in (
        (ANONYMOUS, False),
        (ANONYMOUS, True),
        (editor, False),
        (editor, True),
    ):
        rows = export(session, principal, include_drafts=drafts)
        counted: dict[int, int] = dict(
            session.execute(
                select(Claim.event_id, func.count())
                .where(visible(Claim, principal, drafts))
                .group_by(Claim.event_id)
            ).all()
        )
        assert rows
        assert {row["key"]: row["claims"] for row in rows} == {
            row["key"]: str(counted.get(int(row["id"]), 0)) for row in rows
        }
    assert export(session, editor, include_drafts=True)[-1]["claims"] == "2"


def test_a_filter_keeps_the_cells_of_the_rows_it_keeps(demo: Session) -> None:
    # PostgreSQL builds the lists differently when a filter narrows the events.
    demo.flush()
    since = ExportFilter(changed_since=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert export(demo, selection=since) == export(demo)
    selection = ExportFilter(site_id=site_id(demo, "tadmur"))
    narrowed = export(demo, selection=selection)
    assert narrowed == [row for row in export(demo) if row["key"] in keys(narrowed)]


def test_batches_give_the_same_rows(demo: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = export(demo)
    monkeypatch.setattr(tabular, "BATCH_SIZE", 3)
    assert export(demo) == whole


# --- import layouts -----------------------------------------------------------------------

SITES_CSV = """\ufeffKey,Name,Kind,Parent,Latitude,Longitude,Location_certainty,Name_ar,\
Wikidata,Unesco,Pleiades,Geonames,Designations,Description,Restricted
palmyra,Palmyra,city,,34.55139,38.26806,approximate,تدمر,Q5747,23,668331,,\
world_heritage; world_heritage_in_danger,"Caravan city,
oasis of the Syrian desert",
temple-of-bel,Temple of Bel,temple,palmyra,34.54738,38.27393,exact,معبد بل,,,,8383565,,,yes
,,,,,,,,,,,,,,
museum,Palmyra Museum,museum,wikidata:Q5747,,,,,,,,,,,
"""


def test_sites_rows_become_site_records() -> None:
    items = list(read_sites_csv(io.StringIO(SITES_CSV)))
    assert [line for line, _ in items] == [2, 4, 6]  # the description spans lines 2-3
    assert items[0][1] == {
        "type": "site",
        "key": "palmyra",
        "name": "Palmyra",
        "kind": "city",
        "parent": None,
        "location": {"latitude": 34.55139, "longitude": 38.26806, "certainty": "approximate"},
        "names": [{"name": "تدمر", "lang": "ar", "type": "alternative"}],
        "identifiers": [
            {"scheme": "wikidata", "value": "Q5747"},
            {"scheme": "pleiades", "value": "668331"},
            {"scheme": "unesco", "value": "23"},
        ],
        "designations": ["world_heritage", "world_heritage_in_danger"],
        "description": "Caravan city,\noasis of the Syrian desert",
        "restricted": False,
    }
    temple = items[1][1]
    assert isinstance(temple, dict)
    assert temple["parent"] == "palmyra"
    assert temple["identifiers"] == [{"scheme": "geonames", "value": "8383565"}]
    assert temple["restricted"] is True
    museum = items[2][1]
    assert isinstance(museum, dict)
    assert museum["location"] is None and museum["names"] == []
    assert museum["parent"] == "wikidata:Q5747"


def test_columns_left_out_of_the_file_stay_out_of_the_record() -> None:
    ((line, record),) = read_sites_csv(io.StringIO("key,name,kind\nbel,Temple of Bel,temple\n"))
    assert (line, record) == (
        2,
        {"type": "site", "key": "bel", "name": "Temple of Bel", "kind": "temple"},
    )


def test_bad_site_rows_are_reported_with_their_line() -> None:
    text = (
        "key,name,kind,latitude,longitude,restricted\n"
        "ok,Fine,temple,34.5,38.2,no\n"
        "bad,,temple,34,5,38.2,maybe\n"
        "half,Half,tomb,34.5,,\n"
    )
    items = list(read_sites_csv(io.StringIO(text)))
    assert items[0][0] == 2 and isinstance(items[0][1], dict)
    assert items[1] == (3, ImportProblem(3, None, "7 cells, but the header names 6 columns."))
    assert items[2] == (
        4,
        ImportProblem(4, "longitude", "A point needs both latitude and longitude."),
    )
    text = "key,name,kind,latitude,longitude\nbad,,temple,34;5,38.2\n"
    problems = [item for _, item in read_sites_csv(io.StringIO(text))]
    assert problems == [
        ImportProblem(2, "name", "Required; the cell is empty."),
        ImportProblem(2, "latitude", "'34;5' is not a number (use a dot for decimals)."),
    ]
    assert str(problems[0]) == "line 2, field name: Required; the cell is empty."


def test_a_missing_required_column_is_one_problem_on_the_header() -> None:
    items = list(read_sites_csv(io.StringIO("key,name\nbel,Temple of Bel\n")))
    assert items == [(1, ImportProblem(1, "kind", "Required column missing from the header."))]


EVENTS_CSV = """key,event_type,date,sites,perpetrators,controllers,supporters,description,status
recaptured,captured,2016-03-27,palmyra; tadmur,,syrian-government-forces,russian-aerospace-forces,\
"Troops ""drove"" ISIL out",
bel-destroyed,destroyed,2015-08-30,temple-of-bel,isil,,,,draft
"""


def test_events_rows_become_event_records() -> None:
    items = list(read_events_csv(io.StringIO(EVENTS_CSV)))
    assert items == [
        (
            2,
            {
                "type": "event",
                "key": "recaptured",
                "event_type": "captured",
                "date": "2016-03-27",
                "sites": ["palmyra", "tadmur"],
                "actors": [
                    {"actor": "syrian-government-forces", "role": "controller"},
                    {"actor": "russian-aerospace-forces", "role": "supporter"},
                ],
                "description": 'Troops "drove" ISIL out',
            },
        ),
        (
            3,
            {
                "type": "event",
                "key": "bel-destroyed",
                "event_type": "destroyed",
                "date": "2015-08-30",
                "sites": ["temple-of-bel"],
                "actors": [{"actor": "isil", "role": "perpetrator"}],
                "description": "",
                "status": "draft",
            },
        ),
    ]


def test_bad_event_rows_are_reported_with_their_line() -> None:
    text = "key,event_type,date,sites\nok,destroyed,2015,bel\nno-date,destroyed,,;\n"
    items = list(read_events_csv(io.StringIO(text)))
    assert items[1:] == [
        (3, ImportProblem(3, "date", "Required; the cell is empty.")),
        (3, ImportProblem(3, "sites", "At least one site reference.")),
    ]
    missing = list(read_events_csv(io.StringIO("key,date,sites\n")))
    assert missing == [
        (1, ImportProblem(1, "event_type", "Required column missing from the header."))
    ]


def test_csv_rows_load_through_the_import_engine(session_factory: Any) -> None:
    from heritage.interchange.importer import import_records

    sites_csv = SITES_CSV.replace("wikidata:Q5747", "palmyra")
    events_csv = "key,event_type,date,sites\nbel-destroyed,destroyed,2015-08-30,temple-of-bel\n"
    for text, read in ((sites_csv, read_sites_csv), (events_csv, read_events_csv)):
        report = import_records(session_factory, SYSTEM, lambda t=text, r=read: r(io.StringIO(t)))
        assert report.ok, [str(problem) for problem in report.problems]
    with session_factory() as session:
        assert export(session)[0]["site_names"] == "Temple of Bel"
        bel = session.scalar(select(Site).where(Site.key == "temple-of-bel"))
        assert bel is not None and bel.restricted and bel.parent is not None
