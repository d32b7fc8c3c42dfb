"""Report contents built by hand, as heritage.reports.build would fill them for Palmyra in
2015-Q3: the rendering tests need no database."""

from __future__ import annotations

import datetime as dt

from heritage.dates import parse_date
from heritage.grading import date_conflict_detail
from heritage.reports.content import (
    ActorLine,
    BucketCount,
    ChangeLine,
    CitedArticle,
    ClaimLine,
    EventLine,
    Figure,
    FlagLine,
    IssueRef,
    KeyFigures,
    MapPoint,
    NamedRef,
    Period,
    ReportContent,
    ReportSpec,
    SiteSection,
    SiteState,
)
from heritage.vocab import (
    ActorRole,
    Condition,
    EventCategory,
    EventType,
    FlagKind,
    Grade,
    Level,
    ReportAudience,
    ReportChangeKind,
    ReportLanguage,
    Stance,
)

Q3 = Period(dt.date(2015, 7, 1), dt.date(2015, 9, 30), "2015-Q3")
Q2 = Period(dt.date(2015, 4, 1), dt.date(2015, 6, 30), "2015-Q2")

# The names each edition shows: (English, Arabic).
NAMES = {
    "palmyra": ("Palmyra", "تدمر"),
    "bel": ("Temple of Bel", "معبد بل"),
    "baalshamin": ("Temple of Baalshamin", "معبد بعل شمين"),
    "prison": ("Tadmur prison", "سجن تدمر"),
    "isil": ("ISIL", "داعش"),
    "army": ("Syrian Arab Army", "الجيش العربي السوري"),
    "sana": ("SANA", "سانا"),
    "sohr": ("Syrian Observatory for Human Rights", "المرصد السوري لحقوق الإنسان"),
}


def report_content(
    language: ReportLanguage = ReportLanguage.ENGLISH,
    audience: ReportAudience = ReportAudience.PUBLIC,
    *,
    extra_events: int = 0,
) -> ReportContent:
    """Palmyra's 2015-Q3 as a report shows it; `extra_events` more damage events at the
    Temple of Bel, to make a long report."""
    arabic = language == ReportLanguage.ARABIC
    internal = audience == ReportAudience.INTERNAL

    def ref(key: str, id: int) -> NamedRef:
        return NamedRef(id, NAMES[key][1] if arabic else NAMES[key][0])

    palmyra, bel, baalshamin, prison = (
        ref("palmyra", 1),
        ref("bel", 2),
        ref("baalshamin", 3),
        ref("prison", 4),
    )
    isil, army, sana, sohr = ref("isil", 10), ref("army", 11), ref("sana", 20), ref("sohr", 21)
    bel_destroyed = EventLine(
        id=101,
        category=EventCategory.DAMAGE,
        type=EventType.DESTROYED,
        date="2015-08-30",
        earliest=dt.date(2015, 8, 30),
        latest=dt.date(2015, 8, 30),
        sites=[bel],
        actors=[ActorLine(isil, ActorRole.PERPETRATOR)],
        grade=Grade.CONFIRMED,
        flags=[],
        claims=[
            ClaimLine(
                201,
                Stance.AFFIRMS,
                sohr,
                1,
                "The Islamic State group blew up the Temple of Bel on Sunday.",
                "2015-08-30",
                False,
            ),
            ClaimLine(
                202,
                Stance.AFFIRMS,
                None,
                2,
                "Satellite images confirm the main building of the temple was destroyed.",
                None,
                False,
            ),
        ],
        description="The cella of the temple was blown up with explosives.",
        in_review=False,
        counted=True,
    )
    # What grading says of claims 203 and 204 below.
    dates_conflict = date_conflict_detail(parse_date("2015-07"), parse_date("2015-08-23"))
    baalshamin_destroyed = EventLine(
        id=102,
        category=EventCategory.DAMAGE,
        type=EventType.DESTROYED,
        date="2015-08-23/2015-08-25",
        earliest=dt.date(2015, 8, 23),
        latest=dt.date(2015, 8, 25),
        sites=[baalshamin],
        actors=[ActorLine(isil, ActorRole.PERPETRATOR)],
        grade=Grade.CONTESTED,
        flags=[FlagLine(FlagKind.DATE_CONFLICT, dates_conflict)],
        claims=[
            ClaimLine(203, Stance.AFFIRMS, sohr, 1, "blown up a month ago", "2015-07", False),
            ClaimLine(
                204, Stance.AFFIRMS, sana, 3, "الدواعش فجروا معبد بعل شمين", "2015-08-23", internal
            ),
        ],
        description="",
        in_review=False,
        counted=True,
    )
    capture = EventLine(
        id=100,
        category=EventCategory.CONTROL,
        type=EventType.CAPTURED,
        date="2015-05-20/2015-07-02",
        earliest=dt.date(2015, 5, 20),
        latest=dt.date(2015, 7, 2),
        sites=[palmyra],
        actors=[ActorLine(isil, ActorRole.CONTROLLER), ActorLine(army, ActorRole.PERPETRATOR)],
        grade=Grade.FAIR,
        flags=[],
        claims=[ClaimLine(205, Stance.AFFIRMS, None, 1, None, "2015-05-21", False)],
        description="",
        in_review=internal,
        counted=True,
    )
    prison_destroyed = EventLine(
        id=103,
        category=EventCategory.DAMAGE,
        type=EventType.DESTROYED,
        date="2015-05-30",
        earliest=dt.date(2015, 5, 30),
        latest=dt.date(2015, 5, 30),
        sites=[prison],
        actors=[ActorLine(isil, ActorRole.PERPETRATOR)],
        grade=Grade.WEAK,
        flags=[],
        claims=[ClaimLine(206, Stance.AFFIRMS, sana, 3, None, None, False)],
        description="",
        in_review=False,
        counted=False,
    )
    extras = [
        EventLine(
            id=1000 + n,
            category=EventCategory.DAMAGE,
            type=EventType.LOOTED,
            date=f"2015-09-{1 + n % 28:02d}",
            earliest=dt.date(2015, 9, 1 + n % 28),
            latest=dt.date(2015, 9, 1 + n % 28),
            sites=[bel],
            actors=[ActorLine(isil, ActorRole.PERPETRATOR)],
            grade=Grade.WEAK,
            flags=[],
            claims=[ClaimLine(5000 + n, Stance.AFFIRMS, sohr, 1, "Looting reported.", None, False)],
            description=f"Looting report number {n}.",
            in_review=False,
            counted=True,
        )
        for n in range(extra_events)
    ]
    sections = [
        SiteSection(
            site=baalshamin,
            kind="temple",
            parent=palmyra,
            latitude=34.5567,
            longitude=38.2672,
            generalised=False,
            state=SiteState(isil, Grade.FAIR, Condition.DESTROYED, Grade.CONTESTED),
            events=[capture, baalshamin_destroyed],
        ),
        SiteSection(
            site=palmyra,
            kind="city",
            parent=None,
            latitude=34.5514,
            longitude=38.2699,
            generalised=False,
            state=SiteState(isil, Grade.FAIR, Condition.SEVERELY_DAMAGED, Grade.WEAK),
            events=[capture],
        ),
        SiteSection(
            site=prison,
            kind="prison",
            parent=palmyra,
            # The prison's location is restricted: the public sees a generalised point.
            latitude=34.5600 if internal else 34.6,
            longitude=38.2912 if internal else 38.3,
            generalised=not internal,
            state=SiteState(isil, Grade.FAIR, Condition.DESTROYED, Grade.WEAK),
            events=[prison_destroyed],
        ),
        SiteSection(
            site=bel,
            kind="temple",
            parent=palmyra,
            latitude=34.5474,
            longitude=38.2745,
            generalised=False,
            state=SiteState(isil, Grade.FAIR, Condition.DESTROYED, Grade.CONFIRMED),
            events=[capture, bel_destroyed, *extras],
        ),
    ]
    events = [capture, baalshamin_destroyed, bel_destroyed, *extras]
    last = IssueRef(7, Q2, dt.date(2015, 7, 1), 40)
    return ReportContent(
        spec=ReportSpec(
            definition_id=3,
            title="تقرير تدمر الفصلي" if arabic else "Palmyra quarterly",
            scope_site_id=1,
            audience=audience,
            language=language,
            period=Q3,
            previous=Q2,
            issued_on=dt.date(2015, 10, 2),
            last_issue=last,
            corrects=None,
        ),
        position=57,
        scope=palmyra,
        figures=KeyFigures(
            events=Figure("events", 3 + extra_events, 1, Level.INCREASE),
            by_category=[
                Figure("damage", 2 + extra_events, 0, Level.NEW),
                Figure("control", 1, 1, Level.STABLE),
            ],
            by_type=[
                Figure("destroyed", 2, 0, Level.NEW),
                Figure("captured", 1, 1, Level.STABLE),
            ],
            newly_damaged=[Figure("destroyed", 2, 1, Level.STABLE)],
            control_changes=Figure("control_changes", 1, 1, Level.STABLE),
            contested=Figure("contested", 1, 0, Level.NEW),
        ),
        changes=[
            ChangeLine(ReportChangeKind.NEW_EVENT, bel_destroyed, "events", 101),
            ChangeLine(
                ReportChangeKind.GRADE_CHANGED,
                capture,
                "events",
                100,
                old_grade=Grade.WEAK,
                new_grade=Grade.FAIR,
            ),
            ChangeLine(
                ReportChangeKind.NEW_CONTRADICTION,
                baalshamin_destroyed,
                "events",
                102,
                flag=FlagLine(FlagKind.DATE_CONFLICT, dates_conflict),
            ),
            ChangeLine(ReportChangeKind.RETRACTED, None, "claims", 199),
            ChangeLine(ReportChangeKind.CORRECTION, prison_destroyed, "events", 103, period=Q2),
        ],
        sites=sections,
        events=events,
        buckets=[
            BucketCount("2015-07", dt.date(2015, 7, 1), {EventCategory.CONTROL: 1}),
            BucketCount("2015-08", dt.date(2015, 8, 1), {EventCategory.DAMAGE: 2}),
            BucketCount("2015-09", dt.date(2015, 9, 1), {EventCategory.DAMAGE: extra_events}),
        ],
        sites_by_condition={
            Condition.DESTROYED: 3,
            Condition.SEVERELY_DAMAGED: 1,
        },
        points=[
            MapPoint(palmyra, 34.5514, 38.2699, Condition.SEVERELY_DAMAGED),
            MapPoint(bel, 34.5474, 38.2745, Condition.DESTROYED),
            MapPoint(baalshamin, 34.5567, 38.2672, Condition.DESTROYED),
            MapPoint(
                prison,
                34.5600 if internal else 34.6,
                38.2912 if internal else 38.3,
                Condition.DESTROYED,
            ),
        ],
        articles=[
            CitedArticle(
                1,
                301,
                NAMES["sohr"][1] if arabic else NAMES["sohr"][0],
                "ISIS blows up Palmyra's Temple of Bel",
                dt.date(2015, 8, 31),
                "https://example.org/sohr/2015/08/31/bel",
            ),
            CitedArticle(
                2,
                302,
                "UNITAR-UNOSAT",
                "Satellite imagery confirms destruction of the Temple of Bel",
                dt.date(2015, 9, 1),
                "https://example.org/unosat/bel",
            ),
            CitedArticle(
                3,
                303,
                NAMES["sana"][1] if arabic else NAMES["sana"][0],
                "داعش يفجر معبد بعل شمين في تدمر",
                dt.date(2015, 8, 24),
                "https://example.org/sana/baalshamin",
            ),
        ],
        facts={101: (Grade.CONFIRMED, ()), 102: (Grade.CONTESTED, (FlagKind.DATE_CONFLICT,))},
    )
