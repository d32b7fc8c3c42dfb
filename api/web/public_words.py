"""The vocabularies' values as the public pages say them, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from heritage.vocab import (
    ActorRole,
    ClaimBasis,
    Condition,
    Designation,
    EventCategory,
    EventType,
    FlagKind,
    Grade,
    IdentifierScheme,
    LocationCertainty,
    NameType,
    SourceKind,
    Stance,
    Status,
)

EVENT_TYPES = {
    EventType.DESTROYED: _l("destroyed"),
    EventType.SEVERELY_DAMAGED: _l("severely damaged"),
    EventType.MODERATELY_DAMAGED: _l("moderately damaged"),
    EventType.POSSIBLY_DAMAGED: _l("possibly damaged"),
    EventType.DAMAGED: _l("damaged"),
    EventType.LOOTED: _l("looted"),
    EventType.VANDALISED: _l("vandalised"),
    EventType.BOOBY_TRAPPED: _l("booby-trapped"),
    EventType.MILITARILY_USED: _l("used by armed forces"),
    EventType.ILLEGALLY_EXCAVATED: _l("illegally excavated"),
    EventType.CAPTURED: _l("captured"),
    EventType.CONTESTED: _l("contested"),
    EventType.BESIEGED: _l("besieged"),
    EventType.KILLED: _l("person killed"),
    EventType.DETAINED: _l("person detained"),
    EventType.ABDUCTED: _l("person abducted"),
    EventType.EVACUATED: _l("evacuated"),
    EventType.DEMINED: _l("demined"),
    EventType.RESTORED: _l("restored"),
    EventType.ASSESSED: _l("assessed on the ground"),
    EventType.OTHER: _l("other"),
}
CATEGORIES = {
    EventCategory.DAMAGE: _l("damage"),
    EventCategory.CONTROL: _l("control"),
    EventCategory.PERSON: _l("people"),
    EventCategory.PROTECTION: _l("protection"),
    EventCategory.ASSESSMENT: _l("assessment"),
    EventCategory.CONTEXT: _l("context"),
}
CONDITIONS = {
    Condition.INTACT: _l("intact"),
    Condition.DAMAGED: _l("damaged"),
    Condition.POSSIBLY_DAMAGED: _l("possibly damaged"),
    Condition.MODERATELY_DAMAGED: _l("moderately damaged"),
    Condition.SEVERELY_DAMAGED: _l("severely damaged"),
    Condition.DESTROYED: _l("destroyed"),
    Condition.RESTORED: _l("restored"),
}
GRADES = {
    Grade.CONFIRMED: _l("confirmed"),
    Grade.FAIR: _l("fair"),
    Grade.WEAK: _l("weak"),
    Grade.CONTESTED: _l("contested"),
    Grade.DISCOUNTED: _l("discounted"),
}
ACTOR_ROLES = {
    ActorRole.PERPETRATOR: _l("perpetrator"),
    ActorRole.CONTROLLER: _l("controller"),
    ActorRole.SUPPORTER: _l("supporter"),
}
STANCES = {Stance.AFFIRMS: _l("affirms"), Stance.DISPUTES: _l("disputes")}
BASES = {
    ClaimBasis.REPORT: _l("report"),
    ClaimBasis.EYEWITNESS: _l("eyewitness"),
    ClaimBasis.OFFICIAL_STATEMENT: _l("official statement"),
    ClaimBasis.IMAGERY: _l("imagery"),
    ClaimBasis.RESPONSIBLE_PARTY: _l("the responsible party"),
}
FLAG_KINDS = {
    FlagKind.DATE_CONFLICT: _l("sources disagree on the date"),
    FlagKind.PERPETRATOR_CONFLICT: _l("sources disagree on who did it"),
    FlagKind.STANCE_CONFLICT: _l("sources disagree on whether it happened"),
}
DESIGNATIONS = {
    Designation.WORLD_HERITAGE: _l("World Heritage site"),
    Designation.WORLD_HERITAGE_IN_DANGER: _l("World Heritage in Danger"),
    Designation.TENTATIVE_LIST: _l("on UNESCO's Tentative List"),
    Designation.NATIONAL_MONUMENT: _l("national monument"),
    Designation.ENHANCED_PROTECTION: _l("under enhanced protection"),
}
SCHEMES = {
    IdentifierScheme.WIKIDATA: "Wikidata",
    IdentifierScheme.PLEIADES: "Pleiades",
    IdentifierScheme.UNESCO: "UNESCO",
    IdentifierScheme.GEONAMES: "GeoNames",
}
NAME_TYPES = {
    NameType.PREFERRED: _l("preferred"),
    NameType.ALTERNATIVE: _l("alternative"),
    NameType.HISTORICAL: _l("historical"),
    NameType.TRANSLITERATION: _l("transliteration"),
}
CERTAINTIES = {
    LocationCertainty.EXACT: _l("exact"),
    LocationCertainty.APPROXIMATE: _l("approximate"),
    LocationCertainty.UNCERTAIN: _l("uncertain"),
}
SOURCE_KINDS = {SourceKind.ORGANISATION: _l("organisation"), SourceKind.PERSON: _l("person")}
STATUSES = {
    Status.DRAFT: _l("draft"),
    Status.IN_REVIEW: _l("in review"),
    Status.PUBLISHED: _l("published"),
    Status.RETRACTED: _l("retracted"),
}

WORDS = {
    "event_types": EVENT_TYPES,
    "categories": CATEGORIES,
    "conditions": CONDITIONS,
    "grades": GRADES,
    "actor_roles": ACTOR_ROLES,
    "stances": STANCES,
    "bases": BASES,
    "flag_kinds": FLAG_KINDS,
    "designations": DESIGNATIONS,
    "schemes": SCHEMES,
    "name_types": NAME_TYPES,
    "certainties": CERTAINTIES,
    "source_kinds": SOURCE_KINDS,
    "statuses": STATUSES,
}


def say(vocabulary: dict[str, object], value: str | None) -> str:
    """A value in words: its label, or the value itself if the vocabulary has none for it."""
    if value is None:
        return ""
    return str(vocabulary.get(value, value.replace("_", " ")))
