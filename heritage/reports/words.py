"""The vocabularies' values as a report says them, in English, marked for the report's own
catalogue (heritage/reports/translations, domain "reports"), which translates them when the
report is in another language. The English is the public pages' (api/web/public_words.py),
so a reader meets the same word on a page and in a report.

The mark is `R_`, not heritage.messages.N_: the web catalogue's extraction reads heritage/
for N_, and these words belong to the report's catalogue, not the web's."""

from __future__ import annotations

from collections.abc import Mapping

from heritage.vocab import (
    SEED_SITE_KINDS,
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


def R_(text: str) -> str:  # noqa: N802 -- a gettext-style mark, like N_
    """`text`, marked for `pybabel extract -k R_` into the report's catalogue."""
    return text


EVENT_TYPES: dict[EventType, str] = {
    EventType.DESTROYED: R_("destroyed"),
    EventType.SEVERELY_DAMAGED: R_("severely damaged"),
    EventType.MODERATELY_DAMAGED: R_("moderately damaged"),
    EventType.POSSIBLY_DAMAGED: R_("possibly damaged"),
    EventType.DAMAGED: R_("damaged"),
    EventType.LOOTED: R_("looted"),
    EventType.VANDALISED: R_("vandalised"),
    EventType.BOOBY_TRAPPED: R_("booby-trapped"),
    EventType.MILITARILY_USED: R_("used by armed forces"),
    EventType.ILLEGALLY_EXCAVATED: R_("illegally excavated"),
    EventType.CAPTURED: R_("captured"),
    EventType.CONTESTED: R_("contested"),
    EventType.BESIEGED: R_("besieged"),
    EventType.KILLED: R_("person killed"),
    EventType.DETAINED: R_("person detained"),
    EventType.ABDUCTED: R_("person abducted"),
    EventType.EVACUATED: R_("evacuated"),
    EventType.DEMINED: R_("demined"),
    EventType.RESTORED: R_("restored"),
    EventType.ASSESSED: R_("assessed on the ground"),
    EventType.OTHER: R_("other"),
}
CATEGORIES: dict[EventCategory, str] = {
    EventCategory.DAMAGE: R_("damage"),
    EventCategory.CONTROL: R_("control"),
    EventCategory.PERSON: R_("people"),
    EventCategory.PROTECTION: R_("protection"),
    EventCategory.ASSESSMENT: R_("assessment"),
    EventCategory.CONTEXT: R_("context"),
}
CONDITIONS: dict[Condition | None, str] = {
    Condition.INTACT: R_("intact"),
    Condition.DAMAGED: R_("damaged"),
    Condition.POSSIBLY_DAMAGED: R_("possibly damaged"),
    Condition.MODERATELY_DAMAGED: R_("moderately damaged"),
    Condition.SEVERELY_DAMAGED: R_("severely damaged"),
    Condition.DESTROYED: R_("destroyed"),
    Condition.RESTORED: R_("restored"),
    None: R_("condition unknown"),
}
GRADES: dict[Grade, str] = {
    Grade.CONFIRMED: R_("confirmed"),
    Grade.FAIR: R_("fair"),
    Grade.WEAK: R_("weak"),
    Grade.CONTESTED: R_("contested"),
    Grade.DISCOUNTED: R_("discounted"),
}
ACTOR_ROLES: dict[ActorRole, str] = {
    ActorRole.PERPETRATOR: R_("perpetrator"),
    ActorRole.CONTROLLER: R_("controller"),
    ActorRole.SUPPORTER: R_("supporter"),
}
STANCES: dict[Stance, str] = {Stance.AFFIRMS: R_("affirms"), Stance.DISPUTES: R_("disputes")}
FLAG_KINDS: dict[FlagKind, str] = {
    FlagKind.DATE_CONFLICT: R_("sources disagree on the date"),
    FlagKind.PERPETRATOR_CONFLICT: R_("sources disagree on who did it"),
    FlagKind.STANCE_CONFLICT: R_("sources disagree on whether it happened"),
}
LEVELS: dict[Level, str] = {
    Level.NONE: R_("none in either period"),
    Level.NEW: R_("new"),
    Level.LARGE_INCREASE: R_("large increase"),
    Level.INCREASE: R_("increase"),
    Level.STABLE: R_("stable"),
    Level.DECREASE: R_("decrease"),
    Level.LARGE_DECREASE: R_("large decrease"),
    Level.ENDED: R_("ended"),
}
CHANGE_KINDS: dict[ReportChangeKind, str] = {
    ReportChangeKind.NEW_EVENT: R_("new event"),
    ReportChangeKind.GRADE_CHANGED: R_("grade changed"),
    ReportChangeKind.NEW_CONTRADICTION: R_("new contradiction"),
    ReportChangeKind.RETRACTED: R_("retracted"),
    ReportChangeKind.CORRECTION: R_("correction to an earlier period"),
}
AUDIENCES: dict[ReportAudience, str] = {
    ReportAudience.PUBLIC: R_("public"),
    ReportAudience.INTERNAL: R_("internal"),
}
# Each language named in itself, as a reader looks for it.
LANGUAGES: dict[ReportLanguage, str] = {
    ReportLanguage.ENGLISH: "English",
    ReportLanguage.ARABIC: "العربية",
}
# The key figures that are not a vocabulary value.
FIGURE_NAMES: dict[str, str] = {
    "events": R_("events counted in the period"),
    "control_changes": R_("control changes"),
    "contested": R_("contested events"),
}
RECORDS: dict[str, str] = {
    "events": R_("event"),
    "claims": R_("claim"),
    "sites": R_("site"),
    "articles": R_("article"),
    "actors": R_("actor"),
    "sources": R_("source"),
}


def site_kinds(language: ReportLanguage) -> Mapping[str, str]:
    """The seed site kinds' labels in `language`; a kind added at run time shows its code."""
    arabic = language == ReportLanguage.ARABIC
    return {term.code: term.label_ar if arabic else term.label_en for term in SEED_SITE_KINDS}
