"""The public, read-only pages: the front page, finding sites (a list and a map), and the
page of each site, event, article, actor and source.

Each view reads through the same services as the API with the reader's principal, so what
the public may not see (drafts, a restricted site's exact point) is hidden by the same
rules; editors see drafts, marked as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal, NamedTuple, cast
from urllib.parse import urlencode

from flask import (
    current_app,
    has_request_context,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.exc import DataError

from api.blueprint import data_etag
from api.database import db_session
from api.document_cache import DOCUMENTS, DocumentCache
from api.errors import MAX_INTEGER, STATUS_OF_ERROR
from api.web import blp
from api.web.article_text import near_copies_for
from api.web.base_maps import LayeredMap, layered_map
from api.web.kept_pages import kept_for_the_public, web_fingerprint
from api.web.pages import render_refusal
from api.web.public_drawing import (
    identifier_url,
    name_direction,
    quoted_passages,
    time_axis,
    timeline_page,
    web_link,
)
from api.web.public_words import CONDITIONS, WORDS, say, words_in
from api.web.sign_in import web_principal
from heritage.auth import Principal
from heritage.date_reading import date_in_words, years_in_words
from heritage.dates import EdtfDate, from_bounds
from heritage.errors import HeritageError, InvalidInput, NotFound
from heritage.history import NameEntry
from heritage.maps import LEAST_SPAN, Bounds, Clustering, Marker
from heritage.models import Claim, Event, Site
from heritage.services import actors, articles, claims, events, history, sites, sources
from heritage.services.records import MODELS_BY_RESOURCE
from heritage.services.site_kinds import list_site_kinds
from heritage.services.site_map import BATCH_SIZE, every_site_marker, site_markers
from heritage.services.states import site_conditions
from heritage.services.visibility import REVIEWED
from heritage.vocab import Condition, Status

PAGE_SIZE = 25
# The most sites the search's map draws (and a condition or subtree filter looks through):
# beyond it the page says the map shows the first ones. /map draws every site.
MAP_LIMIT = 2000
_SCAN_PAGE = 100  # the services' largest page
# The narrowest a search's map gets (degrees, about 2 km): a box asked for, such as a
# cluster's, is shown as closely as this, so sites that were one cluster draw apart.
_CLOSEST_SPAN = 0.02


def _language() -> Literal["en", "ar"]:
    return "ar" if str(get_locale()) == "ar" else "en"


def _in_words(date: EdtfDate) -> str:
    return date_in_words(date, _language())


def _kind_labels() -> dict[str, str]:
    arabic = _language() == "ar"
    return {k.code: (k.label_ar if arabic else k.label_en) for k in list_site_kinds(db_session())}


def _condition_labels() -> dict[Condition | None, str]:
    labels: dict[Condition | None, str] = {c: str(label) for c, label in CONDITIONS.items()}
    labels[None] = _("no damage reported")
    return labels


def _site_link(site: Site) -> str:
    return url_for("web.site_page", site_id=site.id)


@blp.app_context_processor
def _public_helpers() -> dict[str, object]:
    words = words_in(str(get_locale())) if has_request_context() else WORDS
    return {"say": say, "words": words, "name_direction": name_direction}


# --- Errors: a service's NotFound is a page, not JSON ---------------------------------------


@blp.errorhandler(HeritageError)
def heritage_error_page(error: HeritageError) -> tuple[str, int]:
    status = next((s for cls, (s, _kind) in STATUS_OF_ERROR.items() if isinstance(error, cls)), 400)
    if isinstance(error, NotFound):
        if _was_public_and_deleted(error):
            return render_refusal(410, _("This record was deleted."))
        return render_refusal(404, _("There is nothing at this address."))
    return render_refusal(status, error.detail)


@blp.errorhandler(OverflowError)
@blp.errorhandler(DataError)
def out_of_range_page(error: Exception) -> tuple[str, int]:
    """An id in the address larger than any the database holds finds nothing."""
    return render_refusal(404, _("There is nothing at this address."))


def _was_public_and_deleted(error: NotFound) -> bool:
    """Whether the record is a tombstone the public could once read: then the page says it
    is gone (410). A deleted draft stays a plain 404, as it was before its deletion."""
    model = MODELS_BY_RESOURCE.get(error.resource)
    if model is None or not isinstance(error.identifier, int):
        return False
    record = db_session().get(model, error.identifier)
    if record is None or record.deleted_at is None:
        return False
    return not isinstance(record, REVIEWED) or record.status == Status.PUBLISHED


# --- The front page -------------------------------------------------------------------------


@blp.get("/")
@kept_for_the_public("front-page")
def home() -> str:
    session, reader = db_session(), web_principal()
    counts = {
        "sites": sites.list_sites(session, reader, page_size=1).total,
        "events": events.list_events(session, reader, page_size=1).total,
        "articles": articles.list_articles(session, reader, page_size=1).total,
    }
    recent = _latest_events(session, reader, 8)
    return render_template(
        "public/home.html",
        counts=counts,
        recent=[(event, _in_words(_event_date(event)), _event_sites(event)) for event in recent],
    )


def _latest_events(session: Any, reader: Principal, how_many: int) -> list[Event]:
    """The published events latest in date, latest first: the last pages of the date-ordered
    list the API serves."""
    total = events.list_events(session, reader, page_size=1).total
    last_page = max(1, -(-total // how_many))
    found: list[Event] = []
    for page in (last_page - 1, last_page):
        if page >= 1:
            found += events.list_events(session, reader, page=page, page_size=how_many).items
    return list(reversed(found[-how_many:]))


def _event_date(event: Event) -> EdtfDate:
    return from_bounds(event.date_edtf, event.earliest, event.latest)


def _event_sites(event: Event) -> list[Site]:
    """The event's sites the reader may open (a site deleted since is left out)."""
    found = []
    for link in event.sites:
        try:
            found.append(sites.get_site(db_session(), web_principal(), link.site_id))
        except NotFound:
            continue
    return found


# --- Finding sites --------------------------------------------------------------------------


def _int_arg(name: str) -> int | None:
    """A whole number the database can hold, or None."""
    number = request.args.get(name, type=int)
    return number if number is not None and 0 < number <= MAX_INTEGER else None


def _scan_sites(reader: Principal, **filters: Any) -> tuple[list[Site], bool]:
    """Every site list_sites finds with `filters`, up to MAP_LIMIT; and whether more
    were left out."""
    session = db_session()
    found: list[Site] = []
    page = 1
    while len(found) < MAP_LIMIT:
        batch = sites.list_sites(session, reader, page=page, page_size=_SCAN_PAGE, **filters)
        found += batch.items
        if page * _SCAN_PAGE >= batch.total:
            return found, False
        page += 1
    return found[:MAP_LIMIT], True


@blp.get("/sites")
@kept_for_the_public("site-list")
def site_list() -> str:
    session, reader = db_session(), web_principal()
    args = request.args
    errors: dict[str, str] = {}
    q = args.get("q", "").strip()
    kind = args.get("kind", "").strip() or None
    condition = args.get("condition", "").strip() or None
    subtree = args.get("subtree") == "1"
    within_id = _int_arg("within")
    if args.get("within") and within_id is None:
        errors["within"] = _("A site's number.")
    within = None
    if within_id is not None:
        try:
            within = sites.get_site(session, reader, within_id)
        except NotFound:
            errors["within"] = _("No site with this number.")
    bbox = None
    if args.get("bbox", "").strip():
        try:
            bbox = sites.parse_bbox(args["bbox"])
        except InvalidInput:
            errors["bbox"] = _(
                "Four numbers separated by commas: west, south, east, north"
                " (longitudes within ±180, latitudes within ±90)."
            )
    if condition is not None and condition not in CONDITIONS and condition != "none":
        errors["condition"] = _("Choose a condition from the list.")
    kinds = _kind_labels()
    if kind is not None and kind not in kinds:
        errors["kind"] = _("Choose a kind from the list.")
    page_number = max(1, _int_arg("page") or 1)

    results: Sequence[Site] = []
    total = 0
    capped = False
    found_map: LayeredMap | None = None
    if not errors:
        filters: dict[str, Any] = {"q": q or None, "kind": kind, "bbox": bbox}
        if within is not None and not subtree:
            filters["parent_id"] = within.id
        drafts = reader.sees_drafts
        if condition is None and not subtree:
            page = sites.list_sites(
                session, reader, page=page_number, page_size=PAGE_SIZE, **filters
            )
            results, total = page.items, page.total
            mapped, capped = _scan_sites(reader, **filters)
            markers = site_markers(session, reader, mapped, drafts=drafts, link=_site_link)
        else:
            mapped, capped = _scan_sites(reader, **filters)
            if within is not None and subtree:
                inside = set(sites.descendant_ids(session, within.id))
                mapped = [site for site in mapped if site.id in inside]
            if condition is not None:
                wanted = None if condition == "none" else condition
                conditions = _conditions(reader, mapped)
                mapped = [site for site in mapped if conditions[site.id] == wanted]
            markers = site_markers(session, reader, mapped, drafts=drafts, link=_site_link)
            total = len(mapped)
            start = (page_number - 1) * PAGE_SIZE
            results = mapped[start : start + PAGE_SIZE]
        found_map = layered_map(
            markers,
            width=720,
            height=420,
            title=_("Sites found"),
            condition_labels=_condition_labels(),
            clustering=_clustering({k: v for k, v in args.items() if k not in _NOT_KEPT}),
            least_span=_box_span(bbox) if bbox is not None else LEAST_SPAN,
        )
    pages = max(1, -(-total // PAGE_SIZE))
    return render_template(
        "public/sites.html",
        q=q,
        kind=kind,
        condition=condition,
        within=within,
        within_text=args.get("within", ""),
        subtree=subtree,
        bbox_text=args.get("bbox", ""),
        errors=errors,
        kinds=kinds,
        results=results,
        total=total,
        page=page_number,
        pages=pages,
        capped=capped,
        found_map=found_map,
        query_without_page={k: v for k, v in args.items() if k not in ("page", "lang")},
    )


def _conditions(reader: Principal, found: Sequence[Site]) -> dict[int, str | None]:
    """Each site's condition after its last event, as the map colours it."""
    conditions: dict[int, str | None] = {}
    for start in range(0, len(found), BATCH_SIZE):
        ids = [site.id for site in found[start : start + BATCH_SIZE]]
        conditions.update(site_conditions(db_session(), reader, ids, reader.sees_drafts))
    return conditions


# What a cluster's link does not keep of the search: it names its own box, from page 1.
_NOT_KEPT = ("page", "lang", "bbox")


def _box_span(bbox: Bounds) -> float:
    """How wide a map of the sites in `bbox` needs to be at least: the box's own span,
    between _CLOSEST_SPAN and the usual LEAST_SPAN (a box across the antimeridian takes
    the usual)."""
    west, south, east, north = bbox
    if west > east:
        return LEAST_SPAN
    return min(max(east - west, north - south, _CLOSEST_SPAN), LEAST_SPAN)


def _clustering(search: dict[str, str]) -> Clustering:
    """Sites too close to tell apart on a map drawn as one numbered marker, which links to
    the search `search` (the page's own filters) narrowed to the box of its sites."""
    kept = urlencode(search)
    base = url_for("web.site_list") + (f"?{kept}&" if kept else "?")
    names: dict[tuple[int, Condition | None], str] = {}

    def label(count: int, worst: Condition | None) -> str:
        if (count, worst) not in names:
            names[(count, worst)] = (
                ngettext(
                    "%(num)d site; the worst condition: %(condition)s",
                    "%(num)d sites; the worst condition: %(condition)s",
                    count,
                    condition=str(CONDITIONS[worst]),
                )
                if worst is not None
                else ngettext(
                    "%(num)d site; no damage reported", "%(num)d sites; no damage reported", count
                )
            )
        return names[(count, worst)]

    def link(bounds: Bounds) -> str:
        # The shortest text that reads back as the same float: the box holds the very
        # points counted, the ones at its edges included.
        return f"{base}bbox={','.join(repr(edge) for edge in bounds)}"

    return Clustering(label=label, link=link)


@blp.get("/map")
@kept_for_the_public("map")
def site_map() -> str:
    session, reader = db_session(), web_principal()
    markers = every_site_marker(session, reader, drafts=reader.sees_drafts, link=_site_link)
    drawn = layered_map(
        markers,
        width=960,
        height=600,
        title=_("Every site"),
        condition_labels=_condition_labels(),
        clustering=_clustering({}),
    )
    total = sites.list_sites(session, reader, page_size=1).total
    return render_template("public/map.html", drawn=drawn, placed=len(markers), total=total)


# --- A site's page --------------------------------------------------------------------------


def _date_arg(name: str, errors: dict[str, str]) -> dt.date | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors[name] = _("A day as year-month-day, such as 2015-09-01.")
        return None


class RenderedRecord(NamedTuple):
    """A site's record as its page shows it, kept by the data it was drawn from."""

    title: str
    body: bytes


@blp.get("/sites/<int:site_id>")
@kept_for_the_public("site-page")
def site_page(site_id: int) -> str:
    """The site's page. Its record is drawn once for each state of the data, language and
    class of reader, and kept in the app's DocumentCache (as the API keeps its documents);
    the page around it is drawn for each signed-in reader (their name, their CSRF token),
    and kept whole for the others (kept_for_the_public)."""
    reader = web_principal()
    # The last write the reader could see anywhere (the public's, for readers who see no
    # drafts): the record also shows the site's parent, children and kind's words, which
    # the site's own history mark does not follow.
    key = data_etag(
        "site-record",
        web_fingerprint(),
        site_id,
        dt.date.today(),  # the time axis runs to today
        _language(),
        reader.sees_exact_locations,
        reader.sees_drafts,
        tuple(sorted((k, v) for k, v in request.args.items(multi=True) if k != "lang")),
        public=not reader.sees_drafts,
    )
    records: DocumentCache[RenderedRecord] | None = current_app.extensions.get(DOCUMENTS)
    record = records.get(key) if records is not None else None
    if record is None:
        record = _site_record(site_id)
        if records is not None:
            records.put(key, record)
    return render_template(
        "public/site.html", title=record.title, record=Markup(record.body.decode())
    )


def _site_record(site_id: int) -> RenderedRecord:
    session, reader = db_session(), web_principal()
    errors: dict[str, str] = {}
    at = _date_arg("at", errors)
    known_at = _date_arg("known_at", errors)
    found = history.site_history(
        session, reader, site_id, at=at, known_at=known_at, include_drafts=reader.sees_drafts
    )
    site = found.site
    family = sites.site_family(session, reader, site.id, site.parent_id)
    location_map = None
    if site.location is not None and site.location.latitude is not None:
        now = found.condition_timeline[-1].state if found.condition_timeline else None
        point = Marker(
            longitude=cast(float, site.location.longitude),
            latitude=site.location.latitude,
            label=site.name,
            condition=Condition(now) if now else None,
        )
        location_map = layered_map(
            [point], width=320, height=220, title=site.name, condition_labels=_condition_labels()
        )
    timeline = timeline_page(found.events, _int_arg("page") or 1)
    axis = time_axis(
        found.control_periods,
        found.condition_timeline,
        dt.date.today(),
        {c: str(label) for c, label in CONDITIONS.items()},
    )
    # Where each bar of the axis leads: its event, on whichever page of the timeline shows it.
    event_links = {}
    for bar in axis.control + axis.condition:
        on_page = timeline.page_of.get(bar.event_id, timeline.page)
        address = "" if on_page == timeline.page else _timeline_address(site.id, on_page)
        event_links[bar.event_id] = f"{address}#event-{bar.event_id}"
    body = render_template(
        "public/site_record.html",
        site=site,
        title_name=_name_in_language(site),
        history=found,
        timeline=timeline,
        timeline_pages={
            page: _timeline_address(site.id, page)
            for page in (timeline.page - 1, timeline.page + 1)
            if 1 <= page <= timeline.pages
        },
        event_links=event_links,
        kind_label=_kind_labels().get(site.kind, site.kind),
        built=years_in_words(site.built, _language()) if site.built else None,
        parent=family.parent,
        children=family.children,
        location_map=location_map,
        identifiers=[(i, identifier_url(i.scheme, i.value)) for i in site.identifiers],
        event_dates={event.id: _in_words(event.date) for event in timeline.events},
        claim_dates={
            claim.id: _in_words(claim.stated_date)
            for event in timeline.events
            for claim in event.claims
            if claim.stated_date is not None
        },
        period_dates=[
            (_in_words(p.start), _in_words(p.end) if p.end else None) for p in found.control_periods
        ],
        change_dates=[_in_words(c.start) for c in found.condition_timeline],
        statuses=claims.unpublished_statuses(
            session,
            reader,
            [event.id for event in timeline.events],
            [claim.id for event in timeline.events for claim in event.claims],
        ),
        axis=axis,
        at=at,
        known_at=known_at,
        at_text=request.args.get("at", ""),
        known_at_text=request.args.get("known_at", ""),
        errors=errors,
        web_link=web_link,
    )
    return RenderedRecord(title=site.name, body=body.encode())


def _timeline_address(site_id: int, page: int) -> str:
    """The site's page showing page `page` of its timeline, on the dates the reader chose."""
    return url_for(
        "web.site_page",
        site_id=site_id,
        page=page if page > 1 else None,
        at=request.args.get("at") or None,
        known_at=request.args.get("known_at") or None,
    )


def _name_in_language(site: Any) -> Any:
    """The name to head the page with: the site's name in the reader's language if it has
    one (Arabic readers see معبد بل), else its main name."""
    language = _language()
    for entry in site.names:
        if entry.lang == language and language != "en":
            return entry
    return NameEntry(site.name, "und", "preferred")


# --- Events, articles, actors, sources ------------------------------------------------------


def _claim_date(claim: Claim) -> str | None:
    if not claim.stated_date_edtf or claim.stated_earliest is None or claim.stated_latest is None:
        return None
    stated = from_bounds(claim.stated_date_edtf, claim.stated_earliest, claim.stated_latest)
    return _in_words(stated)


@blp.get("/events/<int:event_id>")
@kept_for_the_public("event-page")
def event_page(event_id: int) -> str:
    session, reader = db_session(), web_principal()
    event = events.get_event(session, reader, event_id)
    found = claims.list_claims(
        session, reader, event_id=event.id, include_drafts=reader.sees_drafts, page_size=100
    )
    return render_template(
        "public/event.html",
        event=event,
        date_words=_in_words(_event_date(event)),
        event_sites=_event_sites(event),
        claims=found.items,
        claim_dates={claim.id: _claim_date(claim) for claim in found.items},
        web_link=web_link,
    )


@blp.get("/articles/<int:article_id>")
@kept_for_the_public("article-page")
def article_page(article_id: int) -> str:
    session, reader = db_session(), web_principal()
    article = articles.get_article(session, reader, article_id)
    quoted = articles.article_claims(session, reader, article.id, reader.sees_drafts)
    spans = [
        (claim.id, claim.quote_start, claim.quote_end)
        for claim in quoted
        if claim.quote_start is not None and claim.quote_end is not None
    ]
    passages = quoted_passages(article.text, spans) if article.text else []
    return render_template(
        "public/article.html",
        article=article,
        claims=quoted,
        passages=passages,
        claim_dates={claim.id: _claim_date(claim) for claim in quoted},
        article_direction=name_direction(article.language),
        link=web_link(article.url),
        near_copies=near_copies_for(article),
    )


@blp.get("/actors/<int:actor_id>")
@kept_for_the_public("actor-page")
def actor_page(actor_id: int) -> str:
    session, reader = db_session(), web_principal()
    actor = actors.get_actor(session, reader, actor_id)
    found = events.list_events(
        session, reader, actor_id=actor.id, include_drafts=reader.sees_drafts, page_size=100
    )
    return render_template(
        "public/actor.html",
        actor=actor,
        events=[
            (event, _in_words(_event_date(event)), _event_sites(event)) for event in found.items
        ],
        roles={
            event.id: [link.role for link in event.actors if link.actor_id == actor.id]
            for event in found.items
        },
    )


@blp.get("/sources/<int:source_id>")
@kept_for_the_public("source-page")
def source_page(source_id: int) -> str:
    session, reader = db_session(), web_principal()
    source = sources.get_source(session, reader, source_id)
    published = articles.list_articles(session, reader, publisher_id=source.id, page_size=100)
    spoken = claims.list_claims(
        session, reader, speaker_id=source.id, include_drafts=reader.sees_drafts, page_size=100
    )
    return render_template(
        "public/source.html",
        source=source,
        articles=published.items,
        claims=spoken.items,
    )
