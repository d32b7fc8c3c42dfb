"""The vocabularies' values as the public pages say them, in the reader's language."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _  # lazy: the words are read per request

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
    EventType.DESTROYED: _("destroyed"),
    EventType.SEVERELY_DAMAGED: _("severely damaged"),
    EventType.MODERATELY_DAMAGED: _("moderately damaged"),
    EventType.POSSIBLY_DAMAGED: _("possibly damaged"),
    EventType.DAMAGED: _("damaged"),
    EventType.LOOTED: _("looted"),
    EventType.VANDALISED: _("vandalised"),
    EventType.BOOBY_TRAPPED: _("booby-trapped"),
    EventType.MILITARILY_USED: _("used by armed forces"),
    EventType.ILLEGALLY_EXCAVATED: _("illegally excavated"),
    EventType.CAPTURED: _("captured"),
    EventType.CONTESTED: _("contested"),
    EventType.BESIEGED: _("besieged"),
    EventType.KILLED: _("person killed"),
    EventType.DETAINED: _("person detained"),
    EventType.ABDUCTED: _("person abducted"),
    EventType.EVACUATED: _("evacuated"),
    EventType.DEMINED: _("demined"),
    EventType.RESTORED: _("restored"),
    EventType.ASSESSED: _("assessed on the ground"),
    EventType.OTHER: _("other"),
}
CATEGORIES = {
    EventCategory.DAMAGE: _("damage"),
    EventCategory.CONTROL: _("control"),
    EventCategory.PERSON: _("people"),
    EventCategory.PROTECTION: _("protection"),
    EventCategory.ASSESSMENT: _("assessment"),
    EventCategory.CONTEXT: _("context"),
}
CONDITIONS = {
    Condition.INTACT: _("intact"),
    Condition.DAMAGED: _("damaged"),
    Condition.POSSIBLY_DAMAGED: _("possibly damaged"),
    Condition.MODERATELY_DAMAGED: _("moderately damaged"),
    Condition.SEVERELY_DAMAGED: _("severely damaged"),
    Condition.DESTROYED: _("destroyed"),
    Condition.RESTORED: _("restored"),
}
GRADES = {
    Grade.CONFIRMED: _("confirmed"),
    Grade.FAIR: _("fair"),
    Grade.WEAK: _("weak"),
    Grade.CONTESTED: _("contested"),
    Grade.DISCOUNTED: _("discounted"),
}
ACTOR_ROLES = {
    ActorRole.PERPETRATOR: _("perpetrator"),
    ActorRole.CONTROLLER: _("controller"),
    ActorRole.SUPPORTER: _("supporter"),
}
STANCES = {Stance.AFFIRMS: _("affirms"), Stance.DISPUTES: _("disputes")}
BASES = {
    ClaimBasis.REPORT: _("report"),
    ClaimBasis.EYEWITNESS: _("eyewitness"),
    ClaimBasis.OFFICIAL_STATEMENT: _("official statement"),
    ClaimBasis.IMAGERY: _("imagery"),
    ClaimBasis.RESPONSIBLE_PARTY: _("the responsible party"),
}
FLAG_KINDS = {
    FlagKind.DATE_CONFLICT: _("sources disagree on the date"),
    FlagKind.PERPETRATOR_CONFLICT: _("sources disagree on who did it"),
    FlagKind.STANCE_CONFLICT: _("sources disagree on whether it happened"),
}
DESIGNATIONS = {
    Designation.WORLD_HERITAGE: _("World Heritage site"),
    Designation.WORLD_HERITAGE_IN_DANGER: _("World Heritage in Danger"),
    Designation.TENTATIVE_LIST: _("on UNESCO's Tentative List"),
    Designation.NATIONAL_MONUMENT: _("national monument"),
    Designation.ENHANCED_PROTECTION: _("under enhanced protection"),
}
SCHEMES = {
    IdentifierScheme.WIKIDATA: "Wikidata",
    IdentifierScheme.PLEIADES: "Pleiades",
    IdentifierScheme.UNESCO: "UNESCO",
    IdentifierScheme.GEONAMES: "GeoNames",
}
NAME_TYPES = {
    NameType.PREFERRED: _("preferred"),
    NameType.ALTERNATIVE: _("alternative"),
    NameType.HISTORICAL: _("historical"),
    NameType.TRANSLITERATION: _("transliteration"),
}
CERTAINTIES = {
    LocationCertainty.EXACT: _("exact"),
    LocationCertainty.APPROXIMATE: _("approximate"),
    LocationCertainty.UNCERTAIN: _("uncertain"),
}
SOURCE_KINDS = {SourceKind.ORGANISATION: _("organisation"), SourceKind.PERSON: _("person")}
STATUSES = {
    Status.DRAFT: _("draft"),
    Status.IN_REVIEW: _("in review"),
    Status.PUBLISHED: _("published"),
    Status.RETRACTED: _("retracted"),
}

WORDS: dict[str, Mapping[Any, object]] = {
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


@functools.cache
def words_in(language: str) -> dict[str, dict[str, str]]:
    """WORDS said in `language`, translated once per process: a page says a word per event
    and claim, and each lazy string would look its catalogue up again. Call it with
    `language` the request's locale (it translates in the current one)."""
    return {name: {k: str(v) for k, v in words.items()} for name, words in WORDS.items()}


def say(vocabulary: Mapping[str, object], value: str | None) -> str:
    """A value in words: its label, or the value itself if the vocabulary has none for it."""
    if value is None:
        return ""
    return str(vocabulary.get(value, value.replace("_", " ")))
