"""A report's content built from the demo (Palmyra 2015-2016) and from small made-up
cases: what it counts, what it lists, on whose word, and what changed since the last issue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import SYSTEM
from heritage.demo import load_demo
from heritage.models import Event, Site
from heritage.reports.build import build_report, current_position
from heritage.reports.content import EventLine, IssueRef, ReportContent, ReportSpec
from heritage.reports.periods import parse_period, previous_period
from heritage.services import claims
from heritage.services.review import change_status
from heritage.vocab import (
    Condition,
    FlagKind,
    Grade,
    Level,
    ReportAudience,
    ReportChangeKind,
    ReportLanguage,
    RevisionAction,
)
from tests.heritage import builders as b
from tests.heritage.test_interchange_geojson import counted

PUBLIC, INTERNAL = ReportAudience.PUBLIC, ReportAudience.INTERNAL


@pytest.fixture
def demo(session: Session) -> Iterator[Session]:
    load_demo(session)
    session.commit()
    yield session


def spec(
    label: str,
    audience: ReportAudience = PUBLIC,
    *,
    scope: int | None = None,
    language: ReportLanguage = ReportLanguage.ENGLISH,
    last_issue: IssueRef | None = None,
    corrects: IssueRef | None = None,
) -> ReportSpec:
    period = parse_period(label)
    return ReportSpec(
        definition_id=1,
        title="Palmyra",
        scope_site_id=scope,
        audience=audience,
        language=language,
        period=period,
        previous=previous_period(period),
        issued_on=period.end + dt.timedelta(days=1),
        last_issue=last_issue,
        corrects=corrects,
    )


def issue_of(content: ReportContent, issue_id: int = 1) -> IssueRef:
    """The issue a built content would be, as the next issue refers to it."""
    return IssueRef(issue_id, content.spec.period, content.spec.issued_on, content.position)


def site_id(session: Session, key: str) -> int:
    return session.scalars(select(Site.id).where(Site.key == key)).one()


def event_id(session: Session, key: str) -> int:
    return session.scalars(select(Event.id).where(Event.key == key)).one()


def line(content: ReportContent, event: int) -> EventLine:
    (found,) = [line for line in content.events if line.id == event]
    return found


def test_2015_q3_counts_the_temple_of_bel_destruction_with_its_claims(demo: Session) -> None:
    content = build_report(demo, spec("2015-Q3"), {})
    bel = line(content, event_id(demo, "temple-of-bel-destroyed-2015"))
    assert (bel.type, bel.date, bel.counted) == ("destroyed", "2015-08-30", True)
    assert [site.name for site in bel.sites] == ["Temple of Bel"]
    said = {
        (claim.speaker.name if claim.speaker else None, content.articles[claim.article - 1].title)
        for claim in bel.claims
    }
    assert said == {
        (
            "Syrian Observatory for Human Rights",
            "Blast at Syria's Palmyra prompts fears for famed temple",
        ),
        ("Maamoun Abdulkarim", "Blast at Syria's Palmyra prompts fears for famed temple"),
        ("Einar Bjorgo", "Palmyra's Temple of Bel destroyed, says UN"),
    }
    # The annex numbers the cited articles by date: the claim points at its own.
    assert [a.number for a in content.articles] == list(range(1, len(content.articles) + 1))
    assert [a.published for a in content.articles] == sorted(a.published for a in content.articles)


def test_2015_q3_flags_the_baalshamin_date_conflict(demo: Session) -> None:
    content = build_report(demo, spec("2015-Q3"), {})
    baalshamin = line(content, event_id(demo, "baalshamin-destroyed-2015"))
    assert FlagKind.DATE_CONFLICT in {flag.kind for flag in baalshamin.flags}
    assert content.facts[baalshamin.id][1] == tuple(sorted({f.kind for f in baalshamin.flags}))


def test_2015_q3_shows_the_temple_of_bel_held_by_isil_since_palmyra_fell(demo: Session) -> None:
    content = build_report(demo, spec("2015-Q3"), {})
    (section,) = [s for s in content.sites if s.site.id == site_id(demo, "temple-of-bel")]
    assert section.state.controller is not None
    assert section.state.controller.name == "Islamic State of Iraq and the Levant"
    assert section.state.condition == Condition.DESTROYED
    assert section.parent is not None and section.parent.name == "Palmyra"
    assert [event.type for event in section.events] == ["destroyed"]
    # Seven sites with events in the quarter: three destroyed in it, four of no known
    # condition (Palmyra, Tadmur, the museum, the theatre).
    assert content.sites_by_condition == {Condition.DESTROYED: 3, None: 4}


def test_2016_q1_lists_the_recapture_of_palmyra(demo: Session) -> None:
    content = build_report(demo, spec("2016-Q1"), {})
    recapture = line(content, event_id(demo, "palmyra-recaptured-2016"))
    assert (recapture.type, recapture.counted) == ("captured", True)
    assert {(a.actor.name, a.role) for a in recapture.actors} >= {
        ("Syrian government forces", "controller")
    }
    (palmyra,) = [s for s in content.sites if s.site.id == site_id(demo, "palmyra")]
    assert palmyra.state.controller is not None
    assert palmyra.state.controller.name == "Syrian government forces"
    assert content.figures.control_changes.current == 1


def test_events_overlapping_the_period_are_listed_but_counted_where_they_became_certain(
    demo: Session,
) -> None:
    content = build_report(demo, spec("2015-Q3"), {})
    booby_traps = line(content, event_id(demo, "palmyra-booby-trapped-2015-2016"))
    assert booby_traps.counted is False  # certain only by 27 March 2016
    assert all(line.counted == (line.latest.month in (7, 8, 9)) for line in content.events)


def test_2015_q3_key_figures_against_2015_q2(demo: Session) -> None:
    """Counted by the day each event is certain: Q3 holds the theatre's military use (by
    4 July), al-Asaad's killing, and the destruction of Baalshamin, Bel and the tower tomb
    (by 2 September); Q2 the capture, the evacuation and the prison's destruction."""
    figures = build_report(demo, spec("2015-Q3"), {}).figures
    assert (figures.events.current, figures.events.previous) == (5, 3)
    assert figures.events.level == Level.INCREASE  # low baseline: 5 - 3 = 2
    by_category = {f.key: (f.current, f.previous, f.level) for f in figures.by_category}
    assert by_category["damage"] == (4, 1, Level.INCREASE)
    assert by_category["person"] == (1, 0, Level.NEW)
    assert by_category["control"] == (0, 1, Level.ENDED)
    assert by_category["protection"] == (0, 1, Level.ENDED)
    assert by_category["context"] == (0, 0, Level.NONE)
    by_type = {f.key: (f.current, f.previous) for f in figures.by_type}
    assert by_type == {
        "destroyed": (3, 1),
        "militarily_used": (1, 0),
        "captured": (0, 1),
        "killed": (1, 0),
        "evacuated": (0, 1),
    }
    newly = {f.key: (f.current, f.previous) for f in figures.newly_damaged}
    assert newly == {
        "destroyed": (3, 1),  # Baalshamin, Bel, the tower; Tadmur prison
        "severely_damaged": (0, 0),
        "moderately_damaged": (0, 0),
        "damaged": (0, 0),
        "possibly_damaged": (0, 0),
    }
    assert (figures.contested.current, figures.contested.previous) == (0, 0)
    assert (figures.control_changes.current, figures.control_changes.previous) == (0, 1)


def test_the_chart_counts_a_quarter_by_month(demo: Session) -> None:
    content = build_report(demo, spec("2015-Q3"), {})
    assert [(b.label, b.by_category["damage"]) for b in content.buckets] == [
        ("2015-07", 1),
        ("2015-08", 2),
        ("2015-09", 1),
    ]
    monthly = build_report(demo, spec("2015-08"), {})
    assert [b.label for b in monthly.buckets][:2] == ["2015-W31", "2015-W32"]


def test_a_scope_holds_the_site_and_everything_inside_it(demo: Session) -> None:
    tombs = site_id(demo, "valley-of-the-tombs")
    content = build_report(demo, spec("2015-Q3", scope=tombs), {})
    assert content.scope is not None and content.scope.name == "Valley of the Tombs"
    assert [s.site.name for s in content.sites] == ["Tower of Elahbel"]
    assert [line.id for line in content.events] == [event_id(demo, "tower-tombs-destroyed-2015")]


def test_the_arabic_edition_names_sites_in_arabic(demo: Session) -> None:
    content = build_report(demo, spec("2015-Q3", language=ReportLanguage.ARABIC), {})
    names = {s.site.id: s.site.name for s in content.sites}
    assert names[site_id(demo, "temple-of-bel")] == "معبد بل"
    assert names[site_id(demo, "tower-of-elahbel")] == "Tower of Elahbel"  # it has none


def test_an_event_added_after_an_issue_is_a_correction_when_the_period_is_issued_again(
    demo: Session,
) -> None:
    first = build_report(demo, spec("2015-Q3"), {})
    looting = b.event(demo, demo.get_one(Site, site_id(demo, "temple-of-bel")), "looted", "2015-08")
    b.reported(demo, looting, b.source(demo, "Wire"), "2015-09-10")
    demo.commit()
    again = build_report(
        demo,
        spec("2015-Q3", last_issue=issue_of(first), corrects=issue_of(first)),
        first.facts,
    )
    (change,) = [c for c in again.changes if c.record_id == looting.id]
    assert change.kind == ReportChangeKind.CORRECTION
    assert change.period is not None and change.period.label == "2015-Q3"
    assert change.event is not None and change.event.type == "looted"
    assert again.position > first.position
    # The next quarter's issue lists it as a correction to the quarter before.
    q4 = build_report(demo, spec("2015-Q4", last_issue=issue_of(first)), first.facts)
    (change,) = [c for c in q4.changes if c.record_id == looting.id]
    assert change.kind == ReportChangeKind.CORRECTION
    assert change.period is not None and change.period.label == "2015-Q3"


def test_a_new_event_of_the_period_is_new_when_the_last_issue_was_an_earlier_period(
    demo: Session,
) -> None:
    q3 = build_report(demo, spec("2015-Q3"), {})
    demining = b.event(demo, demo.get_one(Site, site_id(demo, "palmyra")), "demined", "2015-11")
    b.reported(demo, demining, b.source(demo, "Wire"), "2015-12-01")
    demo.commit()
    q4 = build_report(demo, spec("2015-Q4", last_issue=issue_of(q3)), q3.facts)
    assert [(c.kind, c.record_id) for c in q4.changes] == [
        (ReportChangeKind.NEW_EVENT, demining.id)
    ]


def test_nothing_changed_lists_no_change_and_a_first_issue_none(demo: Session) -> None:
    first = build_report(demo, spec("2015-Q3"), {})
    assert first.changes == []
    again = build_report(demo, spec("2015-Q3", last_issue=issue_of(first)), first.facts)
    assert again.changes == []
    assert again.position == first.position


def test_retracted_events_and_deleted_claims_appear_as_retracted(demo: Session) -> None:
    first = build_report(demo, spec("2015-Q3"), {})
    tower = event_id(demo, "tower-tombs-destroyed-2015")
    bel = line(first, event_id(demo, "temple-of-bel-destroyed-2015"))
    change_status(demo, SYSTEM, Event, tower, RevisionAction.RETRACTED, reason="Misdated")
    claims.delete_claim(demo, SYSTEM, bel.claims[0].id)
    demo.commit()
    again = build_report(demo, spec("2015-Q3", last_issue=issue_of(first)), first.facts)
    retracted = {(c.record, c.record_id) for c in again.changes if c.kind == "retracted"}
    assert retracted == {("events", tower), ("claims", bel.claims[0].id)}
    assert tower not in {line.id for line in again.events}
    assert bel.claims[0].id not in {c.id for c in line(again, bel.id).claims}


def test_grades_and_flags_are_compared_with_the_last_issue(demo: Session) -> None:
    bel = event_id(demo, "temple-of-bel-destroyed-2015")
    baalshamin = event_id(demo, "baalshamin-destroyed-2015")
    first = build_report(demo, spec("2015-Q3"), {})
    last_facts = {
        bel: (Grade.DISCOUNTED, first.facts[bel][1]),
        baalshamin: (first.facts[baalshamin][0], ()),
    }
    again = build_report(demo, spec("2015-Q3", last_issue=issue_of(first)), last_facts)
    changes = {(c.kind, c.record_id) for c in again.changes}
    assert changes == {
        (ReportChangeKind.GRADE_CHANGED, bel),
        (ReportChangeKind.NEW_CONTRADICTION, baalshamin),
    }
    (graded,) = [c for c in again.changes if c.kind == ReportChangeKind.GRADE_CHANGED]
    assert (graded.old_grade, graded.new_grade) == (Grade.DISCOUNTED, first.facts[bel][0])
    (flagged,) = [c for c in again.changes if c.kind == ReportChangeKind.NEW_CONTRADICTION]
    assert flagged.flag is not None and flagged.flag.kind == FlagKind.DATE_CONFLICT


def test_an_event_of_the_last_issue_is_compared_though_this_issue_does_not_list_it(
    demo: Session,
) -> None:
    bel = event_id(demo, "temple-of-bel-destroyed-2015")
    q3 = build_report(demo, spec("2015-Q3"), {})
    last_facts = {**q3.facts, bel: (Grade.WEAK, q3.facts[bel][1])}
    q4 = build_report(demo, spec("2015-Q4", last_issue=issue_of(q3)), last_facts)
    assert bel not in {line.id for line in q4.events}
    (change,) = q4.changes
    assert (change.kind, change.record_id) == (ReportChangeKind.GRADE_CHANGED, bel)
    assert (change.old_grade, change.new_grade) == (Grade.WEAK, q3.facts[bel][0])
    assert change.event is not None and change.event.claims  # with its claims, cited
    assert {claim.article for claim in change.event.claims} <= {a.number for a in q4.articles}


def test_a_draft_appears_in_review_in_the_internal_edition_only(demo: Session) -> None:
    bel = demo.get_one(Site, site_id(demo, "temple-of-bel"))
    editor = b.user(demo, "editor")
    draft = b.event(demo, bel, "looted", "2015-09-05", by=editor)
    article = b.article(demo, b.source(demo, "Wire"), "2015-09-06", by=editor)
    draft_claim = b.claim(demo, article, draft, by=editor)
    demo.commit()
    internal = build_report(demo, spec("2015-Q3", INTERNAL), {})
    listed = line(internal, draft.id)
    assert listed.in_review and [c.in_review for c in listed.claims] == [True]
    assert draft_claim.id in {c.id for c in listed.claims}
    assert not line(internal, event_id(demo, "temple-of-bel-destroyed-2015")).in_review
    public = build_report(demo, spec("2015-Q3", PUBLIC), {})
    assert draft.id not in {line.id for line in public.events}
    assert article.id not in {a.id for a in public.articles}
    assert public.figures.events.current == internal.figures.events.current - 1


def test_a_restricted_sites_point_is_generalised_in_the_public_edition(session: Session) -> None:
    city = b.site(session, "City", location={"latitude": 34.551234, "longitude": 38.268765})
    shrine = b.site(
        session,
        "Shrine",
        "temple",
        parent=city,
        restricted=True,
        location={"latitude": 34.557891, "longitude": 38.271234},
    )
    b.reported(session, b.event(session, shrine, "looted", "2015-08-02"), b.source(session, "W"))
    session.commit()
    public = build_report(session, spec("2015-08", PUBLIC), {})
    (section,) = public.sites
    assert section.generalised and (section.latitude, section.longitude) != (34.557891, 38.271234)
    assert [(p.latitude, p.longitude) for p in public.points] == [
        (section.latitude, section.longitude)
    ]
    internal = build_report(session, spec("2015-08", INTERNAL), {})
    (section,) = internal.sites
    assert not section.generalised
    assert (section.latitude, section.longitude) == (34.557891, 38.271234)


@pytest.mark.parametrize("audience", [PUBLIC, INTERNAL])
def test_a_report_of_one_site_or_of_many_costs_the_same_queries(
    session: Session, audience: ReportAudience
) -> None:
    wire, isil = b.source(session, "Wire"), b.actor(session, "ISIL")
    cities = {}
    for name, monuments in (("Small", 1), ("Big", 40)):
        city = b.site(session, name)
        b.reported(
            session,
            b.event(session, city, "captured", "2015-07-02", actors=[(isil, "controller")]),
            wire,
        )
        for n in range(monuments):
            monument = b.site(session, f"{name} {n}", "temple", parent=city)
            for day in ("2015-06-10", "2015-08-12"):
                b.reported(session, b.event(session, monument, "looted", day), wire, "2015-09-01")
        cities[name] = city.id
    session.commit()
    first = build_report(session, spec("2015-Q3", audience, scope=cities["Small"]), {})
    b.reported(
        session,
        b.event(session, session.get_one(Site, cities["Big"]), "looted", "2015-08-20"),
        wire,
    )
    session.commit()
    counts, contents = [], []
    for city in ("Small", "Big"):
        spec_of = spec("2015-Q3", audience, scope=cities[city], last_issue=issue_of(first))
        with counted(session) as statements:
            contents.append(build_report(session, spec_of, first.facts))
        counts.append(len(statements))
    small, big = contents
    assert (len(small.sites), len(big.sites)) == (2, 41)
    assert (small.figures.events.current, big.figures.events.current) == (2, 42)
    assert counts[0] == counts[1], counts


def test_a_scope_that_is_no_site_is_not_found(demo: Session) -> None:
    from heritage.errors import NotFound

    with pytest.raises(NotFound):
        build_report(demo, spec("2015-Q3", scope=999_999), {})


def test_the_public_and_internal_positions_follow_their_counters(demo: Session) -> None:
    public, internal = current_position(demo, PUBLIC), current_position(demo, INTERNAL)
    assert public >= 1 and internal >= 1
    editor = b.user(demo, "editor")
    b.event(demo, demo.get_one(Site, site_id(demo, "palmyra")), "looted", "2015-09", by=editor)
    demo.commit()
    assert current_position(demo, PUBLIC) == public  # a draft moves what editors see only
    assert current_position(demo, INTERNAL) > internal
