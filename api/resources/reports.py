"""Periodic reports: their definitions (`/reports`) and the issues kept as evidence
(`/report-issues`), whose files are served as stored, with their SHA-256 as ETag."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from typing import Any

from flask import Response, request, url_for
from flask.views import MethodView
from marshmallow import Schema

from api.blueprint import Blueprint, current_principal, db_session
from api.record_inputs import _marshmallow_field
from api.schemas import ReportDefinitionSchema, ReportIssueInputSchema, ReportIssueSchema
from api.security import policy
from heritage.auth import Principal
from heritage.models import ReportDefinition, ReportIssue
from heritage.services import reports
from heritage.vocab import Role

definitions = Blueprint(
    "reports", __name__, description="Periodic reports: what each covers, and for whom."
)
issues = Blueprint(
    "report-issues", __name__, description="Issued reports, kept as evidence with their SHA-256."
)

# Each stored file: the name it is served under and its media type.
FILES = {
    "html": ("report.html", "text/html; charset=utf-8"),
    "pdf": ("report.pdf", "application/pdf"),
    "csv": ("annex.csv", "text/csv; charset=utf-8"),
}
# A stored report page's <style> elements, which its Content-Security-Policy allows by hash.
_STYLE = re.compile(rb"<style[^>]*>(.*?)</style>", re.DOTALL)


def report_page_policy(html: bytes) -> str:
    """The policy of a stored report page: nothing loads, nothing runs, and only the styles
    it was issued with apply (hashed from the stored bytes, so an issue made by an older
    version of the code keeps its own)."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(style).digest()).decode("ascii") + "'"
        for style in _STYLE.findall(html)
    ]
    return policy(
        **{
            "default-src": "'none'",
            "style-src": " ".join(hashes) or "'none'",
            "form-action": "'none'",
        }
    )


# A definition's input: its fields read and checked as the service defines them.
ReportDefinitionInputSchema = type(
    "ReportDefinitionInputSchema",
    (Schema,),
    {
        "__doc__": "A report definition: its title, scope, cadence or fixed period, audience"
        " and language.",
        **{field.name: _marshmallow_field(field) for field in reports.DEFINITION_FIELDS},
    },
)


def definition_json(definition: ReportDefinition, principal: Principal) -> dict[str, Any]:
    return {
        **{
            name: getattr(definition, name)
            for name in ReportDefinitionSchema().fields
            if name != "links"
        },
        # Who defined it is an editor's or reviewer's name: not for the public.
        "created_by": definition.created_by if principal.has(Role.EDITOR) else None,
        "links": {
            "self": f"/api/v1/reports/{definition.id}",
            "issues": f"/api/v1/reports/{definition.id}/issues",
        },
    }


def issue_json(issue: ReportIssue) -> dict[str, Any]:
    base = f"/api/v1/report-issues/{issue.id}"
    links = {
        "self": base,
        "definition": f"/api/v1/reports/{issue.definition_id}",
        "page": url_for("web.report_page", issue_id=issue.id),
    }
    if issue.corrects_id is not None:
        links["corrects"] = f"/api/v1/report-issues/{issue.corrects_id}"
    return {
        "id": issue.id,
        "definition_id": issue.definition_id,
        "period": {
            "start": issue.period_start,
            "end": issue.period_end,
            "label": issue.period_label,
        },
        "issued_on": issue.issued_on,
        "position": issue.position,
        "corrects_id": issue.corrects_id,
        "corrections": issue.corrections,
        "files": {
            name: {
                "sha256": getattr(issue, f"{name}_sha256"),
                "media_type": media_type,
                "href": f"{base}/{file_name}",
            }
            for name, (file_name, media_type) in FILES.items()
        },
        "links": links,
    }


@definitions.route("")
class Reports(MethodView):
    @definitions.response(200, ReportDefinitionSchema(many=True))
    def get(self) -> list[dict[str, Any]]:
        """List report definitions

        Public reports for everyone; internal ones too for editors and above."""
        principal = current_principal()
        return [
            definition_json(found, principal)
            for found in reports.list_definitions(db_session(), principal)
        ]

    @definitions.arguments(ReportDefinitionInputSchema)
    @definitions.response(201, ReportDefinitionSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Define a report

        Reviewers and above. A cadence (weekly, monthly, quarterly) issues a report for
        each period from the one holding `first_period_start` (default: today's); `fixed`
        covers `period_start` to `period_end` once."""
        session, principal = db_session(), current_principal()
        definition = reports.define_report(session, principal, reports.DefinitionInput(**data))
        session.commit()
        return definition_json(definition, principal)


@definitions.route("/<int:definition_id>")
class ReportById(MethodView):
    @definitions.response(200, ReportDefinitionSchema)
    def get(self, definition_id: int) -> dict[str, Any]:
        """Read a report definition"""
        principal = current_principal()
        found = reports.get_definition(db_session(), principal, definition_id)
        return definition_json(found, principal)


@definitions.route("/<int:definition_id>/issues")
class ReportIssues(MethodView):
    @definitions.response(200, ReportIssueSchema(many=True))
    def get(self, definition_id: int) -> list[dict[str, Any]]:
        """List a report's issues

        The latest period first; a correction before the issue it corrects."""
        found = reports.list_issues(db_session(), current_principal(), definition_id)
        return [issue_json(issue) for issue in found]

    @definitions.arguments(ReportIssueInputSchema)
    @definitions.response(201, ReportIssueSchema)
    @definitions.alt_response(200, schema=ReportIssueSchema, description="Issued already")
    def post(self, data: dict[str, Any], definition_id: int) -> Any:
        """Issue a report

        Reviewers and above. Builds the report for a period that has ended and stores
        its HTML, PDF and CSV with their SHA-256 (201). Issued already from the same data:
        that issue, unchanged (200). Issued already from other data: a new issue that
        corrects the earlier one (201)."""
        session = db_session()
        issued = reports.issue_report(
            session,
            current_principal(),
            definition_id,
            data.get("period"),
            data.get("issued_on") or dt.datetime.now(dt.UTC).date(),
        )
        session.commit()
        return issue_json(issued.issue), 201 if issued.new else 200


@issues.route("/<int:issue_id>")
class IssueById(MethodView):
    @issues.response(200, ReportIssueSchema)
    def get(self, issue_id: int) -> dict[str, Any]:
        """Read an issue's record

        Its period, declared issue date, commit position, what it corrects, and the
        SHA-256 of each of its files."""
        return issue_json(reports.get_issue(db_session(), current_principal(), issue_id))


def stored_file(issue_id: int, name: str) -> Response:
    """An issue's file, byte for byte as stored, with its SHA-256 as a strong ETag."""
    issue = reports.get_issue(db_session(), current_principal(), issue_id)
    data, digest = reports.issue_file(issue, name)
    file_name, media_type = FILES[name]
    response = Response(data, mimetype=media_type)
    response.set_etag(digest)
    if name == "html":
        response.headers["Content-Security-Policy"] = report_page_policy(data)
    else:
        download = f"report-{issue.id}-{file_name}"
        response.headers["Content-Disposition"] = f'inline; filename="{download}"'
    response.make_conditional(request)
    return response


def _add_file_route(name: str) -> None:
    file_name, media_type = FILES[name]
    summary = {"html": "Read an issue's HTML", "pdf": "Read an issue's PDF"}.get(
        name, "Read an issue's CSV annex"
    )

    def get(self: Any, issue_id: int) -> Response:
        return stored_file(issue_id, name)

    get.__doc__ = f"{summary}\n\nThe bytes as stored when it was issued; the ETag is their SHA-256."
    view = issues.response(200, content_type=media_type.split(";")[0])(get)
    issues.route(f"/<int:issue_id>/{file_name}", endpoint=f"issue_{name}")(
        type(f"Issue{name.title()}", (MethodView,), {"get": view})
    )


for _name in FILES:
    _add_file_route(_name)
