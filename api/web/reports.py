"""The reports' pages: the definitions and issues a reader may see, a reviewer's forms to
define a report and issue one now, each issue's files served byte for byte as stored (the
bytes whose SHA-256 is kept), and an Atom feed of the public issues."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from typing import Any

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from sqlalchemy import select
from werkzeug.wrappers import Response

from api.database import db_session
from api.resources.reports import report_page_policy
from api.web import blp
from api.web.i18n import translated
from api.web.sign_in import requires, web_principal
from heritage.errors import Conflict, InvalidInput, NotFound
from heritage.models import ReportIssue, Site
from heritage.services import reports
from heritage.vocab import ReportAudience, ReportCadence, ReportLanguage, Role, values

CADENCE_WORDS = {
    ReportCadence.WEEKLY: lazy_gettext("Weekly"),
    ReportCadence.MONTHLY: lazy_gettext("Monthly"),
    ReportCadence.QUARTERLY: lazy_gettext("Quarterly"),
    ReportCadence.FIXED: lazy_gettext("A fixed period"),
}
AUDIENCE_WORDS = {
    ReportAudience.PUBLIC: lazy_gettext("Public: published records, restricted sites generalised"),
    ReportAudience.INTERNAL: lazy_gettext("Internal: exact locations and records in review"),
}
LANGUAGE_WORDS = {ReportLanguage.ENGLISH: "English", ReportLanguage.ARABIC: "العربية"}
DEFINITION_FORM = (
    "title",
    "cadence",
    "audience",
    "language",
    "scope_site_id",
    "period_start",
    "period_end",
    "first_period_start",
)
FEED_SIZE = 50


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _problems(error: InvalidInput) -> dict[str, list[str]]:
    return {
        field: [translated(message) for message in messages]
        for field, messages in error.errors.items()
    }


def _reports_page(status: int = 200, **context: Any) -> tuple[str, int]:
    """The reports page; a refused form comes back with what was typed and why."""
    session, principal = db_session(), web_principal()
    definitions = reports.list_definitions(session, principal)
    scope_ids = {d.scope_site_id for d in definitions if d.scope_site_id is not None}
    typed = context.pop("typed", {})
    scope_typed = typed.get("scope_site_id", "")
    if scope_typed.isdigit():
        scope_ids.add(int(scope_typed))
    scopes = {site.id: site.name for site in _sites(scope_ids)}
    context.setdefault("errors", {})
    context.setdefault("issue_typed", {})
    context.setdefault("issue_errors", {})
    return (
        render_template(
            "reports/list.html",
            definitions=[
                (definition, reports.list_issues(session, principal, definition.id))
                for definition in definitions
            ],
            scopes=scopes,
            typed=typed,
            may_issue=principal.has(Role.REVIEWER),
            cadences=values(ReportCadence),
            audiences=values(ReportAudience),
            languages_offered=values(ReportLanguage),
            cadence_words={str(k): str(v) for k, v in CADENCE_WORDS.items()},
            audience_words={str(k): str(v) for k, v in AUDIENCE_WORDS.items()},
            language_words={str(k): v for k, v in LANGUAGE_WORDS.items()},
            **context,
        ),
        status,
    )


def _sites(ids: set[int]) -> Sequence[Site]:
    if not ids:
        return []
    return db_session().scalars(select(Site).where(Site.id.in_(ids))).all()


@blp.get("/reports")
def report_list() -> tuple[str, int]:
    return _reports_page()


@blp.post("/reports")
@requires(Role.REVIEWER)
def define_report() -> Response | tuple[str, int]:
    typed = {name: request.form.get(name, "") for name in DEFINITION_FORM}
    session = db_session()
    try:
        data = reports.definition_input(typed)
        definition = reports.define_report(session, web_principal(), data, today=_today())
    except InvalidInput as error:
        session.rollback()
        return _reports_page(422, typed=typed, errors=_problems(error))
    session.commit()
    flash(_("The report “%(title)s” is defined.", title=definition.title))
    return redirect(url_for("web.report_list", _anchor=f"report-{definition.id}"), code=303)


@blp.post("/reports/<int:definition_id>/issue")
@requires(Role.REVIEWER)
def issue_report_now(definition_id: int) -> Response | tuple[str, int]:
    period = request.form.get("period", "")
    session = db_session()
    try:
        issued = reports.issue_report(
            session, web_principal(), definition_id, period or None, _today()
        )
    except NotFound:
        abort(404)
    except (InvalidInput, Conflict) as error:
        session.rollback()
        problems = (
            _problems(error)
            if isinstance(error, InvalidInput)
            else {"period": [translated(error.detail)]}
        )
        return _reports_page(
            422,
            issue_typed={definition_id: period},
            issue_errors={definition_id: [m for ms in problems.values() for m in ms]},
        )
    session.commit()
    issue = issued.issue
    if issued.new:
        flash(_("Issued %(period)s.", period=issue.period_label))
    else:
        flash(
            _(
                "%(period)s was issued already from the same data: that issue is unchanged.",
                period=issue.period_label,
            )
        )
    return redirect(url_for("web.report_list", _anchor=f"report-{definition_id}"), code=303)


def _issue_or_404(issue_id: int) -> ReportIssue:
    try:
        return reports.get_issue(db_session(), web_principal(), issue_id)
    except NotFound:
        abort(404)


def _stored(issue_id: int, name: str, media_type: str) -> Response:
    """An issue's file exactly as stored, its SHA-256 as the ETag."""
    issue = _issue_or_404(issue_id)
    data, digest = reports.issue_file(issue, name)
    response = make_response(data)
    response.mimetype = media_type
    if name == "html":
        response.content_type = "text/html; charset=utf-8"
        response.headers["Content-Security-Policy"] = report_page_policy(data)
    else:
        suffix = "annex.csv" if name == "csv" else "report.pdf"
        response.headers["Content-Disposition"] = f'inline; filename="report-{issue.id}-{suffix}"'
        if name == "csv":
            response.content_type = "text/csv; charset=utf-8"
    response.set_etag(digest)
    response.make_conditional(request)
    return response


@blp.get("/reports/<int:issue_id>")
def report_page(issue_id: int) -> Response:
    return _stored(issue_id, "html", "text/html")


@blp.get("/reports/<int:issue_id>.pdf")
def report_pdf(issue_id: int) -> Response:
    return _stored(issue_id, "pdf", "application/pdf")


@blp.get("/reports/<int:issue_id>.csv")
def report_csv(issue_id: int) -> Response:
    return _stored(issue_id, "csv", "text/csv")


ATOM = "http://www.w3.org/2005/Atom"


def _element(
    parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str
) -> None:
    child = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    child.text = text


def _feed_summary(issue: ReportIssue) -> str:
    summary: str = _(
        "The report for %(period)s, issued %(day)s.",
        period=issue.period_label,
        day=issue.issued_on.isoformat(),
    )
    if issue.corrects is not None:
        day = issue.corrects.issued_on.isoformat()
        summary += " " + _("It corrects the issue of %(day)s.", day=day)
    return summary


def _day_stamp(day: dt.date) -> str:
    # Dates only: the feed says nothing of the clock (an issue's date is declared).
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(found: Sequence[ReportIssue]) -> bytes:
    """The issues as an Atom feed (RFC 4287): their titles, periods, issue dates and links,
    nothing of what the reports say."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    own = url_for("web.report_feed", _external=True)
    _element(feed, "title", f"{_('Heritage tracker')} · {_('Reports')}")
    _element(feed, "id", own)
    _element(feed, "link", rel="self", type="application/atom+xml", href=own)
    _element(
        feed,
        "link",
        rel="alternate",
        type="text/html",
        href=url_for("web.report_list", _external=True),
    )
    latest = max((issue.issued_on for issue in found), default=dt.date(1970, 1, 1))
    _element(feed, "updated", _day_stamp(latest))
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    _element(author, "name", "heritage")
    for issue in found:
        entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        page = url_for("web.report_page", issue_id=issue.id, _external=True)
        _element(entry, "title", f"{issue.definition.title} · {issue.period_label}")
        _element(entry, "id", page)
        _element(entry, "updated", _day_stamp(issue.issued_on))
        _element(entry, "link", rel="alternate", type="text/html", href=page)
        pdf = url_for("web.report_pdf", issue_id=issue.id, _external=True)
        _element(entry, "link", rel="enclosure", type="application/pdf", href=pdf)
        csv = url_for("web.report_csv", issue_id=issue.id, _external=True)
        _element(entry, "link", rel="related", type="text/csv", href=csv)
        _element(entry, "summary", _feed_summary(issue))
    written: bytes = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return written


@blp.get("/reports/feed.xml")
def report_feed() -> Response:
    """The latest public issues as an Atom feed."""
    feed = atom_feed(reports.public_issues(db_session(), FEED_SIZE))
    return Response(feed, content_type="application/atom+xml; charset=utf-8")
