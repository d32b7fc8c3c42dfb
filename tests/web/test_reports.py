"""The reports' pages: who sees which reports, a reviewer defining one (a refused form
keeps what was typed), issuing now, the files served as stored, and the Atom feed."""

from __future__ import annotations

import datetime as dt
import hashlib
import xml.etree.ElementTree as ElementTree

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritage.auth import SYSTEM
from heritage.models import ReportDefinition, ReportIssue
from heritage.reports.render import style_source
from heritage.services import reports
from tests.web.helpers import csrf_token

ATOM = "{http://www.w3.org/2005/Atom}"


def define(session: Session, title: str, audience: str = "public") -> ReportDefinition:
    data = reports.DefinitionInput(
        title=title,
        cadence="quarterly",
        audience=audience,
        language="en",
        first_period_start=dt.date(2015, 7, 1),
    )
    definition = reports.define_report(session, SYSTEM, data)
    session.commit()
    return definition


def count(session: Session, model: type[ReportDefinition] | type[ReportIssue]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_the_reports_page_lists_public_reports_for_anyone_and_internal_ones_for_editors(
    session: Session, anonymous: FlaskClient, editor: FlaskClient
) -> None:
    define(session, "Quarterly for donors")
    define(session, "Desk quarterly", audience="internal")
    public_page = anonymous.get("/reports").get_data(as_text=True)
    assert "Quarterly for donors" in public_page and "Desk quarterly" not in public_page
    assert "Define a report" not in public_page and "Issue now" not in public_page
    editor_page = editor.get("/reports").get_data(as_text=True)
    assert "Quarterly for donors" in editor_page and "Desk quarterly" in editor_page
    assert "Issue now" not in editor_page  # issuing is a reviewer's


def test_the_navigation_links_to_the_reports(anonymous: FlaskClient) -> None:
    assert 'href="/reports"' in anonymous.get("/").get_data(as_text=True)


def test_a_reviewer_defines_a_report(session: Session, reviewer: FlaskClient) -> None:
    form = {
        "csrf_token": csrf_token(reviewer, "/reports"),
        "title": "Monthly for UNESCO",
        "cadence": "monthly",
        "audience": "public",
        "language": "ar",
        "first_period_start": "2015-08-14",
    }
    response = reviewer.post("/reports", data=form)
    assert response.status_code == 303
    page = reviewer.get(response.headers["Location"]).get_data(as_text=True)
    assert "Monthly for UNESCO" in page
    stored = session.scalars(select(ReportDefinition)).one()
    assert (stored.cadence, stored.language, stored.first_period_start) == (
        "monthly",
        "ar",
        dt.date(2015, 8, 1),
    )


def test_a_refused_definition_keeps_what_was_typed_and_names_the_field(
    session: Session, reviewer: FlaskClient
) -> None:
    for wrong, field in (
        (
            {"cadence": "fixed", "period_start": "2015-09-30", "period_end": "2015-07-01"},
            "period_end",
        ),
        ({"cadence": "fixed", "period_start": "2015-31-12"}, "period_start"),
        ({"scope_site_id": "424242"}, "scope_site_id"),
        ({"language": "fr"}, "language"),
    ):
        form = {
            "csrf_token": csrf_token(reviewer, "/reports"),
            "title": "Donor report with a distinctive title",
            "cadence": "quarterly",
            "audience": "public",
            "language": "en",
            **wrong,
        }
        response = reviewer.post("/reports", data=form)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, (wrong, page)
        assert f'id="report-{field}-error"' in page, wrong
        assert 'value="Donor report with a distinctive title"' in page
        for value in wrong.values():
            if field != "language":
                assert f'value="{value}"' in page, value
    assert count(session, ReportDefinition) == 0


def test_the_define_and_issue_forms_are_a_reviewers(
    session: Session, editor: FlaskClient, anonymous: FlaskClient
) -> None:
    definition = define(session, "Quarterly")
    for path in ("/reports", f"/reports/{definition.id}/issue"):
        sent = editor.post(path, data={"csrf_token": csrf_token(editor, "/reports"), "title": "x"})
        assert sent.status_code == 403
        sent = anonymous.post(path, data={"csrf_token": csrf_token(anonymous)})
        assert sent.status_code == 302 and "/login" in sent.headers["Location"]
    assert count(session, ReportDefinition) == 1 and count(session, ReportIssue) == 0


def test_issuing_a_period_not_ended_is_refused_keeping_the_period_typed(
    session: Session, reviewer: FlaskClient
) -> None:
    definition = define(session, "Quarterly")
    future = f"{dt.date.today().year + 1}-Q1"
    form = {"csrf_token": csrf_token(reviewer, "/reports"), "period": future}
    response = reviewer.post(f"/reports/{definition.id}/issue", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'value="{future}"' in page and "has not ended" in page
    assert count(session, ReportIssue) == 0


def test_an_unknown_report_issue_is_not_found(anonymous: FlaskClient) -> None:
    for path in ("/reports/999", "/reports/999.pdf", "/reports/999.csv"):
        assert anonymous.get(path).status_code == 404


def test_the_feed_is_an_empty_atom_feed_without_issues(anonymous: FlaskClient) -> None:
    response = anonymous.get("/reports/feed.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.get_data())
    assert feed.tag == f"{ATOM}feed" and feed.findall(f"{ATOM}entry") == []


# --- issuing (builds and renders the report) ------------------------------------------------


def test_a_reviewer_issues_now_and_the_files_are_served_as_stored(
    session: Session, reviewer: FlaskClient, anonymous: FlaskClient
) -> None:
    definition = define(session, "Quarterly")
    form = {"csrf_token": csrf_token(reviewer, "/reports"), "period": "2015-Q3"}
    response = reviewer.post(f"/reports/{definition.id}/issue", data=form)
    assert response.status_code == 303
    issue = session.scalars(select(ReportIssue)).one()
    for path, name in (
        (f"/reports/{issue.id}", "html"),
        (f"/reports/{issue.id}.pdf", "pdf"),
        (f"/reports/{issue.id}.csv", "csv"),
    ):
        served = anonymous.get(path)
        assert served.status_code == 200
        data, digest = reports.issue_file(issue, name)
        assert served.get_data() == data
        assert hashlib.sha256(served.get_data()).hexdigest() == digest
        assert served.headers["ETag"] == f'"{digest}"'
    # The page's own styles apply, and nothing else: no inline style, no script, no load.
    policy = anonymous.get(f"/reports/{issue.id}").headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert style_source() in policy
    page = anonymous.get("/reports").get_data(as_text=True)
    assert f'href="/reports/{issue.id}.pdf"' in page
    feed = ElementTree.fromstring(anonymous.get("/reports/feed.xml").get_data())
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}updated") == f"{dt.date.today().isoformat()}T00:00:00Z"
    assert entry.findtext(f"{ATOM}title") == "Quarterly · 2015-Q3"
    # Issuing again from the same data says so and stores nothing new.
    again = reviewer.post(f"/reports/{definition.id}/issue", data=form)
    assert again.status_code == 303
    assert "issued already" in reviewer.get("/reports").get_data(as_text=True)
    assert count(session, ReportIssue) == 1


def test_an_internal_issue_is_hidden_from_readers_below_editor(
    session: Session, editor: FlaskClient, anonymous: FlaskClient, viewer: FlaskClient
) -> None:
    definition = define(session, "Desk quarterly", audience="internal")
    issue = reports.issue_report(session, SYSTEM, definition.id, "2015-Q3", dt.date(2015, 10, 5))
    session.commit()
    for reader in (anonymous, viewer):
        for suffix in ("", ".pdf", ".csv"):
            assert reader.get(f"/reports/{issue.issue.id}{suffix}").status_code == 404
        feed = reader.get("/reports/feed.xml").get_data(as_text=True)
        assert "Desk quarterly" not in feed
    assert editor.get(f"/reports/{issue.issue.id}").status_code == 200
