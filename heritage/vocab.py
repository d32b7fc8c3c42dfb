"""The controlled vocabularies, defined once and reused by models, API schemas and forms."""

from __future__ import annotations

from enum import StrEnum
from functools import cache


class SiteKind(StrEnum):
    CITY = "city"
    TOWN = "town"
    TEMPLE = "temple"
    TOMB = "tomb"
    NECROPOLIS = "necropolis"
    ARCH = "arch"
    THEATRE = "theatre"
    COLONNADE = "colonnade"
    MUSEUM = "museum"
    PRISON = "prison"
    MOSQUE = "mosque"
    CHURCH = "church"
    MONASTERY = "monastery"
    CITADEL = "citadel"
    ARCHAEOLOGICAL_SITE = "archaeological_site"
    LIBRARY = "library"
    MONUMENT = "monument"
    OTHER = "other"


class NameType(StrEnum):
    PREFERRED = "preferred"
    ALTERNATIVE = "alternative"
    HISTORICAL = "historical"
    TRANSLITERATION = "transliteration"


class LocationCertainty(StrEnum):
    EXACT = "exact"
    APPROXIMATE = "approximate"
    UNCERTAIN = "uncertain"


class IdentifierScheme(StrEnum):
    WIKIDATA = "wikidata"
    PLEIADES = "pleiades"
    UNESCO = "unesco"
    GEONAMES = "geonames"


class Designation(StrEnum):
    WORLD_HERITAGE = "world_heritage"
    WORLD_HERITAGE_IN_DANGER = "world_heritage_in_danger"
    TENTATIVE_LIST = "tentative_list"
    NATIONAL_MONUMENT = "national_monument"
    ENHANCED_PROTECTION = "enhanced_protection"


class SourceKind(StrEnum):
    ORGANISATION = "organisation"
    PERSON = "person"


class EventCategory(StrEnum):
    DAMAGE = "damage"
    CONTROL = "control"
    PERSON = "person"
    PROTECTION = "protection"


class EventType(StrEnum):
    # damage: the four UNOSAT classes first
    DESTROYED = "destroyed"
    SEVERELY_DAMAGED = "severely_damaged"
    MODERATELY_DAMAGED = "moderately_damaged"
    POSSIBLY_DAMAGED = "possibly_damaged"
    LOOTED = "looted"
    VANDALISED = "vandalised"
    BOOBY_TRAPPED = "booby_trapped"
    MILITARILY_USED = "militarily_used"
    ILLEGALLY_EXCAVATED = "illegally_excavated"
    # control
    CAPTURED = "captured"
    CONTESTED = "contested"
    BESIEGED = "besieged"
    # person
    KILLED = "killed"
    DETAINED = "detained"
    ABDUCTED = "abducted"
    # protection
    EVACUATED = "evacuated"
    DEMINED = "demined"
    RESTORED = "restored"


EVENT_TYPES_BY_CATEGORY: dict[EventCategory, tuple[EventType, ...]] = {
    EventCategory.DAMAGE: (
        EventType.DESTROYED,
        EventType.SEVERELY_DAMAGED,
        EventType.MODERATELY_DAMAGED,
        EventType.POSSIBLY_DAMAGED,
        EventType.LOOTED,
        EventType.VANDALISED,
        EventType.BOOBY_TRAPPED,
        EventType.MILITARILY_USED,
        EventType.ILLEGALLY_EXCAVATED,
    ),
    EventCategory.CONTROL: (EventType.CAPTURED, EventType.CONTESTED, EventType.BESIEGED),
    EventCategory.PERSON: (EventType.KILLED, EventType.DETAINED, EventType.ABDUCTED),
    EventCategory.PROTECTION: (EventType.EVACUATED, EventType.DEMINED, EventType.RESTORED),
}

CATEGORY_OF_TYPE: dict[EventType, EventCategory] = {
    event_type: category
    for category, types in EVENT_TYPES_BY_CATEGORY.items()
    for event_type in types
}


class ActorRole(StrEnum):
    PERPETRATOR = "perpetrator"
    CONTROLLER = "controller"
    SUPPORTER = "supporter"


class Stance(StrEnum):
    AFFIRMS = "affirms"
    DISPUTES = "disputes"


class ClaimBasis(StrEnum):
    """What the speaker rests the claim on; `imagery` and `responsible_party` can confirm."""

    REPORT = "report"
    EYEWITNESS = "eyewitness"
    OFFICIAL_STATEMENT = "official_statement"
    IMAGERY = "imagery"
    RESPONSIBLE_PARTY = "responsible_party"


class Grade(StrEnum):
    CONFIRMED = "confirmed"
    FAIR = "fair"
    WEAK = "weak"
    CONTESTED = "contested"
    DISCOUNTED = "discounted"


class Condition(StrEnum):
    """A site's physical state, derived from its damage and restoration events."""

    DAMAGED = "damaged"
    POSSIBLY_DAMAGED = "possibly_damaged"
    MODERATELY_DAMAGED = "moderately_damaged"
    SEVERELY_DAMAGED = "severely_damaged"
    DESTROYED = "destroyed"
    RESTORED = "restored"


class FlagKind(StrEnum):
    DATE_CONFLICT = "date_conflict"
    PERPETRATOR_CONFLICT = "perpetrator_conflict"
    STANCE_CONFLICT = "stance_conflict"


class Role(StrEnum):
    """What a user may do; each role includes the ones before it."""

    VIEWER = "viewer"
    EDITOR = "editor"
    REVIEWER = "reviewer"
    ADMIN = "admin"


ROLE_RANK = {role: rank for rank, role in enumerate(Role)}


class Status(StrEnum):
    """Where an event or claim stands in review; only `published` is public."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    RETRACTED = "retracted"


class RevisionAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"
    RESTORED = "restored"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    PUBLISHED = "published"
    RETRACTED = "retracted"
    GRADE_OVERRIDDEN = "grade_overridden"


def values(vocabulary: type[StrEnum]) -> list[str]:
    """The wire values of a vocabulary, in definition order."""
    return list(_ordered(vocabulary))


# Cached: enums never change, and an import checks several vocabularies per record.
@cache
def _ordered(vocabulary: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in vocabulary)


@cache
def value_set(vocabulary: type[StrEnum]) -> frozenset[str]:
    """The wire values of a vocabulary, for membership tests."""
    return frozenset(_ordered(vocabulary))


def is_value(value: object, vocabulary: type[StrEnum]) -> bool:
    """Whether `value` is one of the vocabulary's wire values (False for an unhashable
    value, as a list test would be, rather than a TypeError)."""
    return isinstance(value, str) and value in value_set(vocabulary)
