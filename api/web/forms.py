"""The editors' forms: create and edit sites, actors, sources, articles, events and claims.

A form is drawn from its record's definition (heritage.records.forms.form_fields) and what it
posts is turned into the service's input there too (form_input): the service judges it, as
it judges the API's, and its problems are shown next to the fields they name, with
everything typed kept. An edit carries the version it was read at; if someone else saved
the record since, the form shows both versions field by field and saves only once the
editor has chosen, per field, which to keep.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext, lazy_gettext
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from api.database import db_session
from api.web import blp
from api.web.article_text import (
    ARTICLE_FORM_BODY,
    ARTICLE_FORM_FIELDS,
    near_copies_for,
    with_saved_page,
)
from api.web.form_tools import date_reading, draft_values, event_label, interface_language
from api.web.i18n import translated
from api.web.public_words import words_in
from api.web.review import RESOURCE_LABELS, REVIEWED
from api.web.sign_in import requires, web_principal
from heritage.errors import Conflict, Forbidden, InvalidInput, NotFound, StaleVersion
from heritage.models import Event
from heritage.records import DEFINITIONS, RecordDefinition
from heritage.records.fields import Naming
from heritage.records.forms import FormField, form_fields, form_input, typed_form
from heritage.services import (
    actors,
    articles,
    claims,
    events,
    form_drafts,
    review,
    site_kinds,
    sites,
    sources,
)
from heritage.services.common import MAX_PAGE_SIZE
from heritage.vocab import (
    ActorRole,
    ClaimBasis,
    Designation,
    EventType,
    FoundCondition,
    IdentifierScheme,
    LocationCertainty,
    NameType,
    RevisionAction,
    Role,
    SourceKind,
    Stance,
    Status,
)

FormValues = dict[str, list[str]]


@dataclass(frozen=True)
class RecordForm:
    """One record type's forms: where they live, its definition and its service's use cases."""

    path: str  # "sites": /sites/new, /sites/<id>/edit
    definition: RecordDefinition
    get: Callable[..., Any]
    create: Callable[..., Any]
    update: Callable[..., Any]
    titles: tuple[Any, Any]  # of its new and its edit form


RECORD_FORMS: dict[str, RecordForm] = {
    form.path: form
    for form in (
        RecordForm(
            "sites", DEFINITIONS["site"], sites.get_site, sites.create_site, sites.update_site,
            (lazy_gettext("New site"), lazy_gettext("Edit site")),
        ),
        RecordForm(
            "actors", DEFINITIONS["actor"], actors.get_actor, actors.create_actor,
            actors.update_actor, (lazy_gettext("New actor"), lazy_gettext("Edit actor")),
        ),
        RecordForm(
            "sources", DEFINITIONS["source"], sources.get_source, sources.create_source,
            sources.update_source, (lazy_gettext("New source"), lazy_gettext("Edit source")),
        ),
        RecordForm(
            "articles", DEFINITIONS["article"], articles.get_article, articles.create_article,
            articles.update_article, (lazy_gettext("New article"), lazy_gettext("Edit article")),
        ),
        RecordForm(
            "events", DEFINITIONS["event"], events.get_event, events.create_event,
            events.update_event, (lazy_gettext("New event"), lazy_gettext("Edit event")),
        ),
        RecordForm(
            "claims", DEFINITIONS["claim"], claims.get_claim, claims.create_claim,
            claims.update_claim, (lazy_gettext("New claim"), lazy_gettext("Edit claim")),
        ),
    )
}  # fmt: skip

# Fields an editor's form does not ask for: the review's (status, a reviewer's grade), what
# is derived (an event's category) and what the server stamps (an archive's capture time).
NOT_ASKED = frozenset(
    {"status", "category", "grade_override", "grade_override_reason", "captured_at"}
)
# Asked for last, out of the way of the keyboard: most records have no key or figures.
ASKED_LAST = ("figures", "key")
# Fields the web asks for right after another: an editor transcribes an article's date and
# then its text; its language (prefilled) and the wire agency it rarely names come after.
# The definitions keep their order, which the export's keys and the API's documented
# bodies follow: moving a field there would change every file and client that reads them.
ASKED_AFTER: dict[str, tuple[str, ...]] = {"text": ("language", "syndicated_from_id")}
# The quote's offsets are filled in by selecting the quote; their problems are the quote's.
SHOWN_WITH = {"quote_start": "quote", "quote_end": "quote"}

LABELS: dict[str, Any] = {
    "key": lazy_gettext("Key (optional, for imports)"),
    "name": lazy_gettext("Name"),
    "kind": lazy_gettext("Kind"),
    "parent_id": lazy_gettext("Part of site"),
    "names": lazy_gettext("Other names"),
    "location": lazy_gettext("Location"),
    "identifiers": lazy_gettext("Identifiers"),
    "designations": lazy_gettext("Designations"),
    "description": lazy_gettext("Description"),
    "restricted": lazy_gettext("Restricted (sensitive place)"),
    "aliases": lazy_gettext("Aliases, one per line"),
    "part_of_id": lazy_gettext("Part of actor"),
    "affiliation_id": lazy_gettext("Affiliation"),
    "actor_id": lazy_gettext("Speaks for actor"),
    "url": lazy_gettext("URL"),
    "publisher_id": lazy_gettext("Publisher"),
    "title": lazy_gettext("Title"),
    "published": lazy_gettext("Published on (YYYY-MM-DD)"),
    "language": lazy_gettext("Language (en, ar…)"),
    "syndicated_from_id": lazy_gettext("Syndicated from"),
    "text": lazy_gettext("Archived text"),
    "type": lazy_gettext("Type"),
    "date": lazy_gettext("Date (EDTF)"),
    "site_ids": lazy_gettext("Sites"),
    "actors": lazy_gettext("Actors and their roles"),
    "condition_found": lazy_gettext("Condition found"),
    "article_id": lazy_gettext("Article"),
    "event_id": lazy_gettext("Event"),
    "stance": lazy_gettext("Stance"),
    "speaker_id": lazy_gettext("Speaker"),
    "quote": lazy_gettext("Quote"),
    "quote_start": lazy_gettext("Quote starts at"),
    "quote_end": lazy_gettext("Quote ends at"),
    "summary": lazy_gettext("Summary"),
    "basis": lazy_gettext("Basis"),
    "stated_date": lazy_gettext("Stated date (EDTF)"),
    "stated_actor_id": lazy_gettext("Stated actor"),
    "figures": lazy_gettext("Figures"),
}
ROW_PARTS: dict[str, tuple[str, ...]] = {
    "names": ("name", "lang", "type"),
    "identifiers": ("scheme", "value"),
    "event_actors": ("actor_id", "role"),
    "object": ("name", "value"),
}
# The words (api.web.public_words.WORDS) each vocabulary a form asks for is said in: a list
# shows them, in the reader's language, and sends the codes.
VOCABULARY_WORDS: dict[type[StrEnum], str] = {
    EventType: "event_types",
    FoundCondition: "conditions",
    Stance: "stances",
    ClaimBasis: "bases",
    SourceKind: "source_kinds",
}
ROW_WORDS: dict[str, str] = {
    "names.type": "name_types",
    "identifiers.scheme": "schemes",
    "actors.role": "actor_roles",
    "location.certainty": "certainties",
    "designations": "designations",
}
ROW_CHOICES: dict[str, tuple[str, ...]] = {
    "names.type": tuple(NameType),
    "identifiers.scheme": tuple(IdentifierScheme),
    "actors.role": tuple(ActorRole),
    "location.certainty": tuple(LocationCertainty),
    "designations": tuple(Designation),
}
_TICKED = frozenset({"on", "true", "1", "yes"})


@dataclass
class Widget:
    """One field as the form draws it: the field, its label, its choices, its problems (each
    with the input it names, if not the field itself) and, for rows, the rows' indexes."""

    field: FormField
    label: Any
    choices: tuple[str, ...] = ()
    errors: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    rows: list[int] = dataclasses.field(default_factory=list)
    hidden: bool = False
    words: Mapping[str, str] = dataclasses.field(default_factory=dict)  # its choices said

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def kind(self) -> str:
        if self.field.record_type is not None:
            return "pickers" if self.field.input == "references" else "picker"
        return self.field.input


def _widgets(
    form: RecordForm, values: FormValues, errors: Mapping[str, list[str]], hidden: Iterable[str]
) -> list[Widget]:
    widgets = []
    words = words_in(str(get_locale()))
    for entry in asking_order(form_fields(form.definition)):
        widget = Widget(entry, LABELS.get(entry.name, entry.name), entry.choices)
        if entry.vocabulary in VOCABULARY_WORDS:
            widget.words = words[VOCABULARY_WORDS[entry.vocabulary]]
        if form.path == "sites" and entry.name == "kind":  # a vocabulary the database holds
            widget.words = _site_kind_labels()
            widget.choices = tuple(sorted(widget.words, key=lambda code: widget.words[code]))
        widget.hidden = entry.name in hidden or entry.name in SHOWN_WITH
        if entry.input in ROW_PARTS:
            widget.rows = _row_indexes(values, entry.name)
        widgets.append(widget)
    by_name = {widget.name: widget for widget in widgets}
    for path, messages in errors.items():
        head = path.split(".")[0]
        owner = by_name.get(SHOWN_WITH.get(head, head))
        if owner is not None:
            owner.errors += [(path, translated(message)) for message in messages]
    return widgets


def _site_kind_labels() -> dict[str, str]:
    """Each site kind's label in the reader's language, by its code."""
    arabic = interface_language() == "ar"
    return {
        kind.code: kind.label_ar if arabic else kind.label_en
        for kind in site_kinds.list_site_kinds(db_session())
    }


def asking_order(fields: list[FormField]) -> list[FormField]:
    """The fields a form asks for, in the order it asks: the definition's, with the fields
    of ASKED_AFTER moved behind theirs and those of ASKED_LAST at the end."""
    asked = [f for f in fields if f.name not in NOT_ASKED]
    by_name = {f.name: f for f in asked}
    moved = {name for after, names in ASKED_AFTER.items() if after in by_name for name in names}
    ordered: list[FormField] = []
    for entry in asked:
        if entry.name not in moved:
            followers = ASKED_AFTER.get(entry.name, ())
            ordered += [entry, *(by_name[name] for name in followers if name in by_name)]
    ordered.sort(key=lambda f: ASKED_LAST.index(f.name) + 1 if f.name in ASKED_LAST else 0)
    return ordered


def _row_indexes(values: FormValues, name: str) -> list[int]:
    """The indexes of the rows typed so far, and a spare one to type the next in."""
    found = set()
    for key, typed in values.items():
        index, _, _ = key.removeprefix(f"{name}.").partition(".")
        if key.startswith(f"{name}.") and index.isdigit() and any(v.strip() for v in typed):
            found.add(int(index))
    kept = sorted(found)
    return [*kept, (kept[-1] + 1) if kept else 0]


def _unplaced(errors: Mapping[str, list[str]], widgets: list[Widget]) -> list[str]:
    """Problems that name no field the form shows: said at the top of the form."""
    placed = {path for widget in widgets for path, _ in widget.errors}
    return [
        translated(m) for path, messages in errors.items() if path not in placed for m in messages
    ]


# --- Values: the form's text for a stored record ------------------------------------------


def record_values(definition: RecordDefinition, record: Any) -> FormValues:
    """A stored record as its form shows it, every field as the editor would type it."""
    values: FormValues = {}
    for entry in definition.fields:
        name = entry.named(Naming.SERVICE)
        if name in NOT_ASKED:
            continue
        value = entry.read(record)
        shape = entry.shape
        if value is None:
            values[name] = [""]
        elif shape == "boolean":
            values[name] = ["on" if value else "0"]
        elif shape in ("references", "designations"):
            values[name] = [str(item) for item in value]
        elif shape == "strings":
            values[name] = ["\n".join(value)]
        elif shape == "location":
            for part in ("latitude", "longitude", "certainty"):
                values[f"{name}.{part}"] = [str(value.get(part, ""))]
        elif shape == "object":
            for index, (figure, number) in enumerate(dict(value).items()):
                values[f"{name}.{index}.name"] = [figure]
                values[f"{name}.{index}.value"] = [str(number)]
        elif shape in ROW_PARTS:
            for index, row in enumerate(value):
                for part in ROW_PARTS[shape]:
                    stored = row.get("actor" if part == "actor_id" else part)
                    values[f"{name}.{index}.{part}"] = ["" if stored is None else str(stored)]
        else:
            values[name] = [str(value)]
    return values


def posted_values() -> FormValues:
    """The form as posted. Browsers send a text area's line breaks as CRLF (HTML's form
    encoding); the editor typed LF, which the text keeps, so quotes' offsets stay true."""
    return typed_form(
        (name, value.replace("\r\n", "\n")) for name, value in request.form.items(multi=True)
    )


def _initial_values(form: RecordForm) -> FormValues:
    """A new form's values: blank, but for fields its address names (?event_id=3) and an
    article's language, which is most often the editor's own (the form's script changes
    it to the publisher's usual one when a publisher is picked)."""
    names = {f.name for f in form_fields(form.definition)}
    asked = typed_form(request.args.items(multi=True))
    values = {name: typed for name, typed in asked.items() if name.split(".")[0] in names}
    if form.path == "articles":
        values.setdefault("language", [interface_language()])
    return values


# --- Labels of the records a form's pickers point at -------------------------------------

_GETTERS: dict[str, Callable[..., Any]] = {
    "site": sites.get_site,
    "actor": actors.get_actor,
    "source": sources.get_source,
    "article": articles.get_article,
    "event": events.get_event,
}


def _record_label(record_type: str, text: str) -> str:
    if not text.strip().isdigit():
        return ""
    try:
        record = _GETTERS[record_type](db_session(), web_principal(), int(text))
    except (NotFound, Forbidden):
        return f"#{text}"
    if record_type == "event":
        return event_label(record)
    return str(getattr(record, "name", None) or getattr(record, "title", ""))


def _labels(widgets: list[Widget], values: FormValues) -> dict[str, str]:
    """The name of each record the form's pickers hold, by the input holding its id."""
    labels: dict[str, str] = {}
    for widget in widgets:
        if widget.field.record_type is not None:
            for typed in values.get(widget.name, []):
                labels[f"{widget.name}:{typed}"] = _record_label(widget.field.record_type, typed)
        if widget.field.input == "event_actors":
            for index in widget.rows:
                key = f"{widget.name}.{index}.actor_id"
                for typed in values.get(key, []):
                    labels[f"{key}:{typed}"] = _record_label("actor", typed)
    return labels


# --- Drawing a form ------------------------------------------------------------------------


@dataclass
class FormPage:
    """Everything a form's page shows besides its fields' values."""

    form: RecordForm
    action: str
    draft_key: str
    another: str | None  # where "save and add another" leads
    record: Any = None
    version: int | None = None
    article: Any = None  # a claim's article, with its text to quote from
    draft_saved_at: Any = None
    saved: bool = False
    conflicts: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    hidden: tuple[str, ...] = ()
    drafts: list[Draft] = dataclasses.field(default_factory=list)  # to send to review
    drafts_event: int | None = None  # the event they are, or are claims about
    near_copies: list[Any] = dataclasses.field(default_factory=list)  # an article's


@dataclass(frozen=True)
class Draft:
    """An event or claim not yet sent to review, as the saved form offers to send it."""

    resource: str  # "event" | "claim"
    record: Any
    label: str

    @property
    def sent_as(self) -> str:
        """What the form posts for it: which record, at the version the editor saw."""
        return f"{self.resource}:{self.record.id}:{self.record.version}"


def _render(
    page: FormPage,
    values: FormValues,
    errors: Mapping[str, list[str]] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    errors = errors or {}
    widgets = _widgets(page.form, values, errors, page.hidden)
    reading = {
        widget.name: date_reading(
            values.get(widget.name, [""])[-1], historic=widget.field.input == "historic_edtf"
        )
        for widget in widgets
        if widget.field.input in ("edtf", "historic_edtf")
        and values.get(widget.name, [""])[-1].strip()
    }
    first_invalid = next((w.name for w in widgets if w.errors and not w.hidden), None)
    html = render_template(
        "forms/record.html",
        page=page,
        widgets=widgets,
        values=values,
        labels=_labels(widgets, values),
        errors=_unplaced(errors, widgets),
        readings=reading,
        # The merge's first choice has the focus when there is one to make.
        focus=None
        if page.conflicts
        else first_invalid or next(w.name for w in widgets if not w.hidden),
        row_choices=ROW_CHOICES,
        row_words={row: words_in(str(get_locale()))[said] for row, said in ROW_WORDS.items()},
        ticked=_TICKED,
        article_text=_exact_text(page.article.text) if page.article is not None else None,
    )
    return html, status


def _exact_text(text: str | None) -> Markup | None:
    """An article's text, escaped, with each carriage return as a character reference: the
    HTML parser would drop it otherwise, and quotes' offsets count it."""
    if text is None:
        return None
    return Markup(str(escape(text)).replace("\r", "&#13;"))


def _failure(error: Exception) -> Mapping[str, list[str]] | None:
    """A refused save's problems by field, or None if it is not the input's fault."""
    if isinstance(error, InvalidInput):
        return error.errors
    if isinstance(error, Conflict):
        if error.errors:
            return error.errors
        return {error.field or "": [error.detail]}
    return None


def _open(page: FormPage, values: FormValues) -> tuple[str, int]:
    """The form, or the editor's draft of it with a notice, if they left one."""
    draft = form_drafts.form_draft(db_session(), web_principal(), page.draft_key)
    if draft is not None:
        page.draft_saved_at = draft.saved_at
        if draft.base_version is not None:
            page.version = draft.base_version  # a stale draft meets the merge on saving
        values = draft_values(draft.fields)
    page.saved = request.args.get("saved") is not None
    if page.form.path == "articles":
        page.near_copies = near_copies_for(page.record)
    if page.saved and page.record is not None and page.form.path in ("events", "claims"):
        page.drafts_event = page.record.id if page.form.path == "events" else page.record.event_id
        page.drafts = _drafts_of(page.drafts_event)
    return _render(page, values)


def _save(
    page: FormPage, save: Callable[[dict[str, Any]], Any], creating: bool
) -> Response | tuple[str, int]:
    """Save the posted form through the service; on success forget its draft and go on,
    else show it again as typed with each problem beside its field, storing nothing."""
    session, principal = db_session(), web_principal()
    values = posted_values()
    if page.record is not None and "merging" in values:
        values, unmerged = _merged(page, values)
        if unmerged:
            return _render(page, values, unmerged, 409)
    if page.form.path == "articles":
        values, unloaded = with_saved_page(values)
        if unloaded:
            return _render(page, values, unloaded, 422)
    data = form_input(page.form.definition, values, creating=creating)
    try:
        record = save(data)
        if page.form.path == "articles" and data.get("text"):
            # The text is indexed for near copies with the article: the saved form proposes.
            articles.near_copies(session, principal, record.id)
    except StaleVersion:
        session.rollback()
        return _stale(page, values)
    except (InvalidInput, Conflict) as error:
        session.rollback()
        return _render(page, values, _failure(error), 422)
    except Forbidden as error:  # a published record, which only a reviewer changes
        session.rollback()
        return _render(page, values, {"": [error.detail]}, 403)
    form_drafts.discard_form_draft(session, principal, page.draft_key)
    session.commit()
    if request.form.get("then") == "another" and page.another is not None:
        # A claim's next one is often about the same event and article: they are kept.
        kept = ""
        if page.form.path == "claims":
            kept = f"&event_id={record.event_id}&article_id={record.article_id}"
        return redirect(page.another + f"?saved={record.id}{kept}", 303)
    return redirect(_edit_url(page.form.path, record.id) + "?saved=1", 303)


def _edit_url(path: str, record_id: int) -> str:
    return url_for(f"web.edit_{path}", record_id=record_id)


# --- A stale save: both versions, field by field ------------------------------------------


def _field_values(values: FormValues, name: str) -> FormValues:
    return {k: v for k, v in values.items() if k == name or k.startswith(f"{name}.")}


def _differences(page: FormPage, yours: FormValues) -> list[dict[str, Any]]:
    """The fields where the editor's values and the stored record's mean different things."""
    stored = record_values(page.form.definition, page.record)
    found = []
    for entry in form_fields(page.form.definition):
        if entry.name in NOT_ASKED or entry.name in page.hidden:
            continue
        mine, theirs = _field_values(yours, entry.name), _field_values(stored, entry.name)
        one = form_input(page.form.definition, mine or {entry.name: [""]}, creating=False)
        other = form_input(page.form.definition, theirs or {entry.name: [""]}, creating=False)
        if one.get(entry.name) != other.get(entry.name):
            found.append(
                {
                    "name": entry.name,
                    "label": LABELS.get(entry.name, entry.name),
                    "yours": _shown(mine),
                    "theirs": _shown(theirs),
                    "stored": theirs,
                }
            )
    return found


def _shown(values: FormValues) -> str:
    return " · ".join(v for typed in values.values() for v in typed if v.strip()) or "—"


def _stale(page: FormPage, yours: FormValues) -> tuple[str, int]:
    """Someone saved the record since the form was read: show theirs beside the editor's."""
    page.record = page.form.get(db_session(), web_principal(), page.record.id)
    page.version = page.record.version
    page.conflicts = _differences(page, yours)
    return _render(page, yours, None, 409)


def _merged(page: FormPage, values: FormValues) -> tuple[FormValues, dict[str, list[str]]]:
    """The editor's values with the stored ones put back where they chose those; a field
    that differs and has no choice yet stops the save."""
    page.conflicts = _differences(page, values)
    merged = {k: v for k, v in values.items() if not k.startswith("merge.")}
    unmerged: dict[str, list[str]] = {}
    for conflict in page.conflicts:
        choice = values.get(f"merge.{conflict['name']}", [""])[-1]
        if choice == "theirs":
            for key in _field_values(merged, conflict["name"]):
                del merged[key]
            merged.update(conflict["stored"])
        elif choice != "yours":
            unmerged[conflict["name"]] = [str(lazy_gettext("Choose which version to keep."))]
    if not unmerged:
        page.conflicts = []
    merged.pop("merging", None)
    return merged, unmerged


# --- The views -----------------------------------------------------------------------------


def _new_page(form: RecordForm) -> FormPage:
    return FormPage(
        form,
        action=url_for(f"web.new_{form.path}"),
        draft_key=f"{form.path}/new",
        another=url_for(f"web.new_{form.path}"),
    )


def _found(get: Callable[..., Any], record_id: int) -> Any:
    try:
        return get(db_session(), web_principal(), record_id)
    except NotFound:
        abort(404)


def _edit_page(form: RecordForm, record_id: int) -> FormPage:
    record = _found(form.get, record_id)
    page = FormPage(
        form,
        action=_edit_url(form.path, record_id),
        draft_key=f"{form.path}/{record_id}",
        another=url_for(f"web.new_{form.path}") if form.path != "claims" else None,
        record=record,
        version=record.version,
    )
    if form.path == "claims":
        page.article = _found(articles.get_article, record.article_id)
        page.hidden = ("article_id",)
        page.another = url_for("web.new_claim", article_id=record.article_id)
    return page


def _new_view(form: RecordForm) -> Callable[[], Any]:
    @requires(Role.EDITOR)
    def view() -> Response | tuple[str, int]:
        page = _new_page(form)
        if request.method == "GET":
            return _open(page, _initial_values(form))
        return _save(page, lambda data: form.create(db_session(), web_principal(), data), True)

    view.__name__ = f"new_{form.path}"
    if form.path == "articles":
        view.body_limits = (ARTICLE_FORM_BODY, ARTICLE_FORM_FIELDS)  # type: ignore[attr-defined]
    return view


def _edit_view(form: RecordForm) -> Callable[[int], Any]:
    @requires(Role.EDITOR)
    def view(record_id: int) -> Response | tuple[str, int]:
        page = _edit_page(form, record_id)
        if request.method == "GET":
            return _open(page, record_values(form.definition, page.record))
        version = request.form.get("version", "")
        expected = int(version) if version.isdigit() else None
        return _save(
            page,
            lambda data: form.update(db_session(), web_principal(), record_id, data, expected),
            False,
        )

    view.__name__ = f"edit_{form.path}"
    if form.path == "articles":
        view.body_limits = (ARTICLE_FORM_BODY, ARTICLE_FORM_FIELDS)  # type: ignore[attr-defined]
    return view


for _form in RECORD_FORMS.values():
    # A claim's form is opened from its article, beside its text (new_claim), or without one,
    # its article picked and its quote typed (the service finds it in the text).
    blp.add_url_rule(f"/{_form.path}/new", view_func=_new_view(_form), methods=["GET", "POST"])
    blp.add_url_rule(
        f"/{_form.path}/<int:record_id>/edit", view_func=_edit_view(_form), methods=["GET", "POST"]
    )


@blp.route("/articles/<int:article_id>/claims/new", methods=["GET", "POST"])
@requires(Role.EDITOR)
def new_claim(article_id: int) -> Response | tuple[str, int]:
    """A claim quoted from an article: its archived text beside the claim's fields."""
    form = RECORD_FORMS["claims"]
    article = _found(articles.get_article, article_id)
    here = url_for("web.new_claim", article_id=article_id)
    page = FormPage(
        form,
        action=here,
        draft_key=f"articles/{article_id}/claims/new",
        another=here,
        article=article,
        hidden=("article_id",),
    )
    if request.method == "GET":
        return _open(page, {**_initial_values(form), "article_id": [str(article_id)]})

    def create(data: dict[str, Any]) -> Any:
        data["article_id"] = article_id  # the article in the address, whatever was posted
        return form.create(db_session(), web_principal(), data)

    return _save(page, create, True)


# --- Sending the drafts just saved to review -----------------------------------------------


def _drafts_of(event_id: int) -> list[Draft]:
    """The event, if a draft, and its draft claims: what an editor who has just recorded
    them sends to review together."""
    session, principal = db_session(), web_principal()
    event = events.get_event(session, principal, event_id)
    found = []
    if event.status == Status.DRAFT:
        found.append(Draft("event", event, f"{RESOURCE_LABELS['event']} {event_label(event)}"))
    for claim in claims.list_claims(
        session, principal, include_drafts=True, event_id=event_id, page_size=MAX_PAGE_SIZE
    ).items:
        if claim.status == Status.DRAFT:
            found.append(Draft("claim", claim, f"{RESOURCE_LABELS['claim']} #{claim.id}"))
    return found


def _sent(text: str) -> tuple[str, int, int]:
    resource, _, rest = text.partition(":")
    record_id, _, version = rest.partition(":")
    if resource not in REVIEWED or not record_id.isdigit() or not version.isdigit():
        abort(400)
    return resource, int(record_id), int(version)


@blp.post("/events/<int:event_id>/submit")
@requires(Role.EDITOR)
def submit_drafts(event_id: int) -> Response:
    """Send the drafts the saved form listed (the event and its claims) to review at once,
    through the service the API's submit uses, each at the version the editor saw: if one
    changed since, none is sent. The event's page then says what happened."""
    session, principal = db_session(), web_principal()
    chosen = [_sent(text) for text in request.form.getlist("record")]
    try:
        for resource, record_id, version in chosen:
            record = review.change_status(
                session,
                principal,
                REVIEWED[resource],
                record_id,
                RevisionAction.SUBMITTED,
                expected_version=version,
            )
            its_event = record.id if isinstance(record, Event) else record.event_id
            if its_event != event_id:  # not this event's: a forged form
                session.rollback()
                abort(400)
    except NotFound:
        session.rollback()
        abort(404)
    except (Forbidden, Conflict, StaleVersion):
        session.rollback()
        flash(
            gettext(
                "Someone changed one of these records since you saved it. Nothing was sent"
                " to review: send each from this page."
            ),
            "error",
        )
    else:
        session.commit()
        for resource, record_id, _ in chosen:
            label = RESOURCE_LABELS[resource]
            flash(gettext("%(record)s %(id)s is sent to review.", record=label, id=record_id))
    return redirect(url_for("web.event_page", event_id=event_id), 303)
