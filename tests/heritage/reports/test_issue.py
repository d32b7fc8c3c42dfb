"""Issuing reports: definitions and their rules, issues stored with their SHA-256 and never
changed, the same data issued once, a correction when the data changed, run-due issuing
each ended period once, and a public edition that leaks nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import func, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from api.app import create_app
from heritage.auth import ANONYMOUS, SYSTEM
from heritage.cli import cli
from heritage.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from heritage.models import ReportDefinition, ReportIssue
from heritage.models.reports import IssuedReportIsImmutable
from heritage.services import reports
from heritage.services.reports import DefinitionInput, define_report, issue_report, run_due
from tests.heritage import builders as b

Q3_ISSUED = dt.date(2015, 10, 5)


def quarterly(**changes: Any) -> DefinitionInput:
    fields: dict[str, Any] = {
        "title": "Palmyra quarterly",
        "cadence": "quarterly",
        "audience": "public",
        "language": "en",
        "first_period_start": dt.date(2015, 7, 1),
        **changes,
    }
    return DefinitionInput(**fields)


def count(session: Session, model: type[ReportDefinition] | type[ReportIssue]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def palmyra(session: Session) -> dict[str, Any]:
    """Palmyra and its temple, destroyed (published) on 30 August 2015 on a wire's word."""
    city = b.site(session, "Palmyra", "city", key="palmyra")
    temple = b.site(session, "Temple of Bel", "temple", parent=city)
    wire = b.source(session, "Example Wire")
    destroyed = b.event(session, temple, "destroyed", "2015-08-30")
    b.reported(session, destroyed, wire, "2015-08-31")
    session.commit()
    return {"city": city, "temple": temple, "wire": wire, "destroyed": destroyed}


# --- definitions --------------------------------------------------------------------------


def test_a_cadence_starts_at_the_period_holding_the_day_given_or_the_day_defined(
    session: Session,
) -> None:
    given = define_report(session, SYSTEM, quarterly(first_period_start=dt.date(2015, 8, 14)))
    assert given.first_period_start == dt.date(2015, 7, 1)
    weekly = define_report(
        session,
        SYSTEM,
        quarterly(cadence="weekly", first_period_start=None),
        today=dt.date(2015, 8, 27),  # a Thursday
    )
    assert weekly.first_period_start == dt.date(2015, 8, 24)
    assert weekly.created_by == "system"


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"cadence": "daily"}, {"cadence"}),
        ({"audience": "donors", "language": "fr"}, {"audience", "language"}),
        ({"title": ""}, {"title"}),
        ({"scope_site_id": 424242}, {"scope_site_id"}),
        ({"cadence": "fixed", "first_period_start": None}, {"period_start", "period_end"}),
        (
            {
                "cadence": "fixed",
                "first_period_start": None,
                "period_start": dt.date(2015, 9, 30),
                "period_end": dt.date(2015, 7, 1),
            },
            {"period_end"},
        ),
        ({"period_end": dt.date(2015, 9, 30)}, {"period_end"}),
    ],
)
def test_a_bad_definition_names_each_wrong_field_and_stores_nothing(
    session: Session, changes: dict[str, Any], fields: set[str]
) -> None:
    with pytest.raises(InvalidInput) as refused:
        define_report(session, SYSTEM, quarterly(**changes))
    assert set(refused.value.errors) == fields
    assert count(session, ReportDefinition) == 0


def test_only_reviewers_define_and_issue(session: Session, palmyra: dict[str, Any]) -> None:
    editor = b.user(session, "editor")
    with pytest.raises(Forbidden):
        define_report(session, editor, quarterly())
    with pytest.raises(Unauthenticated):
        define_report(session, ANONYMOUS, quarterly())
    definition = define_report(session, b.user(session, "reviewer"), quarterly())
    with pytest.raises(Forbidden):
        issue_report(session, editor, definition.id, "2015-Q3", Q3_ISSUED)


def test_an_internal_report_does_not_exist_below_editor(session: Session) -> None:
    definition = define_report(session, SYSTEM, quarterly(audience="internal"))
    viewer = b.user(session, "viewer")
    for reader in (ANONYMOUS, viewer):
        with pytest.raises(NotFound):
            reports.get_definition(session, reader, definition.id)
        assert reports.list_definitions(session, reader) == []
    assert reports.get_definition(session, b.user(session, "editor"), definition.id) is definition


@pytest.mark.parametrize(
    ("period", "issued_on"),
    [
        ("2015-Q3", dt.date(2015, 9, 30)),  # its last day is not over
        ("2015-Q4", Q3_ISSUED),
        ("2015-08", Q3_ISSUED),  # a month, for a quarterly report
        ("2015-07-01/2015-09-30", Q3_ISSUED),
        ("the third quarter", Q3_ISSUED),
    ],
)
def test_a_period_that_has_not_ended_or_does_not_fit_is_refused_naming_the_period(
    session: Session, period: str, issued_on: dt.date
) -> None:
    definition = define_report(session, SYSTEM, quarterly())
    with pytest.raises(InvalidInput) as refused:
        issue_report(session, SYSTEM, definition.id, period, issued_on)
    assert list(refused.value.errors) == ["period"]
    assert count(session, ReportIssue) == 0


def test_an_issue_date_later_than_today_is_refused(session: Session) -> None:
    definition = define_report(session, SYSTEM, quarterly())
    later = dt.date.today() + dt.timedelta(days=30)
    with pytest.raises(InvalidInput) as refused:
        issue_report(session, SYSTEM, definition.id, "2015-Q3", later)
    assert list(refused.value.errors) == ["issued_on"]


def test_a_retired_report_is_issued_no_more(session: Session, palmyra: dict[str, Any]) -> None:
    definition = define_report(session, SYSTEM, quarterly())
    reports.retire_definition(session, SYSTEM, definition.id)
    assert run_due(session, dt.date(2016, 1, 1)) == []
    with pytest.raises(Conflict):
        issue_report(session, SYSTEM, definition.id, "2015-Q3", Q3_ISSUED)
    assert count(session, ReportIssue) == 0


def test_the_periods_due_are_those_ended_from_the_first(session: Session) -> None:
    definition = define_report(session, SYSTEM, quarterly())
    due = reports.due_periods(definition, dt.date(2016, 4, 1))
    assert [p.label for p in due] == ["2015-Q3", "2015-Q4", "2016-Q1"]
    assert reports.due_periods(definition, dt.date(2015, 9, 30)) == []
    fixed = define_report(
        session,
        SYSTEM,
        quarterly(
            cadence="fixed",
            first_period_start=None,
            period_start=dt.date(2015, 5, 20),
            period_end=dt.date(2016, 3, 27),
        ),
    )
    assert reports.due_periods(fixed, dt.date(2016, 3, 27)) == []
    assert [p.label for p in reports.due_periods(fixed, dt.date(2016, 3, 28))] == [
        "2015-05-20/2016-03-27"
    ]


# --- issuing --------------------------------------------------------------------------------


def test_an_issue_stores_its_files_with_their_sha256_and_the_same_data_gives_the_same_issue(
    session: Session, palmyra: dict[str, Any]
) -> None:
    definition = define_report(session, SYSTEM, quarterly(scope_site_id=palmyra["city"].id))
    first = issue_report(session, SYSTEM, definition.id, "2015-Q3", Q3_ISSUED)
    session.commit()
    assert first.new
    issue = first.issue
    assert (issue.period_label, issue.issued_on, issue.corrects_id) == (
        "2015-Q3",
        Q3_ISSUED,
        None,
    )
    for name in ("html", "pdf", "csv"):
        data, digest = reports.issue_file(issue, name)
        assert data and hashlib.sha256(data).hexdigest() == digest
    assert str(palmyra["destroyed"].id) in issue.facts
    again = issue_report(session, SYSTEM, definition.id, "2015-Q3", Q3_ISSUED)
    assert not again.new and again.issue.id == issue.id
    assert count(session, ReportIssue) == 1


def test_the_same_data_builds_the_same_bytes(session: Session, palmyra: dict[str, Any]) -> None:
    definition = define_report(session, SYSTEM, quarterly())
    session.commit()
    issued = issue_report(session, SYSTEM, definition.id, "2015-Q3", Q3_ISSUED).issue
    files = {name: reports.issue_file(issued, name) for name in ("html", "pdf", "csv")}
    session.rollback()  # forget the issue: the same data, issued afresh
    again = issue_report(session, SYSTEM, definition.id, "2015-Q3", Q3_ISSUED).issue
    assert {name: reports.issue_file(again, name) for name in files} == files


def test_an_event_added_to_an_issued_period_makes_an_issue_that_corrects_it(
    session: Session, palmyra: dict[str, Any]
) -> None:
    definition = define_report(session, SYSTEM, quarterly())
    first = issue_report(session, SYSTEM, definition.id, "2015-Q3", Q3_ISSUED).issue
    session.commit()
    looted = b.event(session, palmyra["temple"], "looted", "2015-08-20")
    b.reported(session, looted, palmyra["wire"], "2015-08-25")
    session.commit()
    second = issue_report(session, SYSTEM, definition.id, "2015-Q3", dt.date(2015, 11, 2))
    session.commit()
    assert second.new
    assert second.issue.corrects_id == first.id
    assert second.issue.position > first.position
    assert {"record": "events", "record_id": looted.id, "period": "2015-Q3"} in (
        second.issue.corrections
    )
    # The first issue is kept as it was issued.
    assert [i.id for i in reports.list_issues(session, SYSTEM, definition.id)] == [
        second.issue.id,
        first.id,
    ]
    assert str(looted.id) not in first.facts


def test_run_due_issues_each_ended_period_once(session: Session, palmyra: dict[str, Any]) -> None:
    define_report(session, SYSTEM, quarterly())
    define_report(session, SYSTEM, quarterly(title="Monthly", cadence="monthly"))
    made = run_due(session, dt.date(2015, 10, 1))
    session.commit()
    assert sorted(i.period_label for i in made) == ["2015-07", "2015-08", "2015-09", "2015-Q3"]
    assert run_due(session, dt.date(2015, 10, 1)) == []
    assert run_due(session, dt.date(2015, 10, 31)) == []
    assert [i.period_label for i in run_due(session, dt.date(2015, 11, 1))] == ["2015-10"]
    assert count(session, ReportIssue) == 5


def test_the_command_line_defines_issues_and_runs_due(
    engine: Engine, session: Session, palmyra: dict[str, Any], tmp_path: Path
) -> None:
    runner = CliRunner()
    env = {"HERITAGE_DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    made = runner.invoke(
        cli,
        ["reports", "define", "Palmyra", "--cadence", "quarterly", "--scope", "palmyra",
         "--first-period", "2015-07-01"],
        env=env,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    refused = runner.invoke(
        cli, ["reports", "define", "Fixed", "--cadence", "fixed", "--start", "2015-09-01"], env=env
    )
    assert refused.exit_code == 1 and "period_end" in refused.output
    definition_id = session.scalars(select(ReportDefinition.id)).one()
    out = tmp_path / "issued"
    issued = runner.invoke(
        cli,
        ["reports", "issue", str(definition_id), "--period", "2015-Q3",
         "--issued-on", "2015-10-05", "--out", str(out)],
        env=env,
    )  # fmt: skip
    assert issued.exit_code == 0, issued.output
    printed = [line.split("  ") for line in issued.output.splitlines() if "  " in line]
    assert len(printed) == 3
    for digest, path in printed:
        assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == digest
    not_ended = runner.invoke(
        cli, ["reports", "issue", str(definition_id), "--period", "2099-Q1"], env=env
    )
    assert not_ended.exit_code == 1 and "period" in not_ended.output
    due = runner.invoke(cli, ["reports", "run-due", "--today", "2016-01-01"], env=env)
    assert due.exit_code == 0 and "2015-Q4" in due.output and "2015-Q3" not in due.output
    again = runner.invoke(cli, ["reports", "run-due", "--today", "2016-01-01"], env=env)
    assert again.output.strip() == "Nothing due."
    listed = runner.invoke(cli, ["reports", "list"], env=env)
    assert "2015-Q3" in listed.output and "2015-Q4" in listed.output


# --- immutability ---------------------------------------------------------------------------


@pytest.fixture
def stored_issue(session: Session, palmyra: dict[str, Any]) -> ReportIssue:
    definition = define_report(session, SYSTEM, quarterly())
    issue = issue_report(session, SYSTEM, definition.id, "2015-Q3", Q3_ISSUED).issue
    session.commit()
    return issue


def test_the_application_refuses_to_change_or_delete_a_stored_issue(
    session: Session, stored_issue: ReportIssue
) -> None:
    stored_issue.html = b"<p>rewritten</p>"
    with pytest.raises(IssuedReportIsImmutable):
        session.flush()
    session.rollback()
    session.delete(stored_issue)
    with pytest.raises(IssuedReportIsImmutable):
        session.flush()
    session.rollback()
    assert reports.issue_file(session.get(ReportIssue, stored_issue.id), "html")[0].startswith(
        b"<!"
    )


def test_the_database_refuses_any_update_of_a_stored_issue(
    engine: Engine, stored_issue: ReportIssue
) -> None:
    for change in ({"html": b"forged"}, {"issued_on": dt.date(2015, 10, 6)}, {"position": 0}):
        with pytest.raises(DBAPIError), engine.begin() as connection:
            connection.execute(
                update(ReportIssue).where(ReportIssue.id == stored_issue.id).values(**change)
            )
    with engine.connect() as connection:
        kept = connection.execute(
            text("SELECT html_sha256, issued_on FROM report_issues WHERE id = :id"),
            {"id": stored_issue.id},
        ).one()
    assert kept[0] == stored_issue.html_sha256


# --- the public edition leaks nothing -------------------------------------------------------

DRAFT_DESCRIPTION = "Zanzibarine smugglers crated the altar"
IN_REVIEW_QUOTE = "the quartermaster Yevgrafovich confirmed the crates"
EXACT = (34.581937, 38.264183)
EDITOR_USERNAME = "wendeltrapp"
EDITOR_NAME = "Philomena Wendeltrapp"


@pytest.fixture
def app(database_url: str, session_factory: object) -> Iterator[Flask]:
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    yield app
    app.extensions["heritage.engine"].dispose()


def test_the_public_edition_leaks_nothing(
    app: Flask, session: Session, palmyra: dict[str, Any]
) -> None:
    editor = b.user(session, "editor", EDITOR_USERNAME, display_name=EDITOR_NAME)
    hidden = b.site(
        session,
        "Hypogeum of the Three Brothers",
        "tomb",
        parent=palmyra["city"],
        location={"latitude": EXACT[0], "longitude": EXACT[1], "certainty": "exact"},
        restricted=True,
        by=editor,
    )
    # Published, on an editor's work: its record shows, not who made it.
    vandalised = b.event(session, hidden, "vandalised", "2015-08-10", by=SYSTEM)
    b.reported(session, vandalised, palmyra["wire"], "2015-08-12")
    b.event(session, hidden, "looted", "2015-08-15", by=editor, description=DRAFT_DESCRIPTION)
    article = b.article(
        session, palmyra["wire"], "2015-09-02", text=f"Officials said {IN_REVIEW_QUOTE} on Friday."
    )
    b.claim(session, article, palmyra["destroyed"], quote=IN_REVIEW_QUOTE, status="in_review")
    session.commit()
    definition = define_report(session, SYSTEM, quarterly(scope_site_id=palmyra["city"].id))
    issue = issue_report(session, SYSTEM, definition.id, "2015-Q3", Q3_ISSUED).issue
    session.commit()

    reader = app.test_client()
    served = {
        name: reader.get(path).get_data()
        for name, path in (
            ("html", f"/reports/{issue.id}"),
            ("pdf", f"/reports/{issue.id}.pdf"),
            ("csv", f"/reports/{issue.id}.csv"),
            ("feed", "/reports/feed.xml"),
            ("api", f"/api/v1/report-issues/{issue.id}"),
            ("definition", f"/api/v1/reports/{definition.id}"),
        )
    }
    pdf_text = subprocess.run(
        ["pdftotext", "-", "-"], input=served["pdf"], capture_output=True, check=True
    ).stdout
    served["pdf text"] = pdf_text
    # The report is about the period: what it may show, it shows.
    assert b"Temple of Bel" in served["html"] and b"Temple of Bel" in pdf_text
    assert b"Hypogeum of the Three Brothers" in served["html"]
    secrets = [
        DRAFT_DESCRIPTION,
        "Zanzibarine",
        IN_REVIEW_QUOTE,
        "Yevgrafovich",
        EDITOR_USERNAME,
        EDITOR_NAME,
        "Wendeltrapp",
        *(f"{value:.6f}" for value in EXACT),
        *(f"{value:.4f}" for value in EXACT),
        *(f"{value:.3f}" for value in EXACT),
    ]
    for name, data in served.items():
        lowered = data.lower()
        for secret in secrets:
            assert secret.lower().encode() not in lowered, (name, secret)
    # The search finds what is there: the internal edition shows the draft, the claim in
    # review and the exact point.
    internal = define_report(
        session, SYSTEM, quarterly(audience="internal", scope_site_id=palmyra["city"].id)
    )
    inside = issue_report(session, SYSTEM, internal.id, "2015-Q3", Q3_ISSUED).issue
    html = reports.issue_file(inside, "html")[0].decode()
    assert DRAFT_DESCRIPTION in html and IN_REVIEW_QUOTE in html
    assert f"{EXACT[0]:.4f}, {EXACT[1]:.4f}" in html
