"""The controlled vocabularies, defined once and reused by models, API schemas and forms."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache


@dataclass(frozen=True, slots=True)
class SiteKindTerm:
    """A term of the site-kind vocabulary: its code, English and Arabic labels, broader term."""

    code: str
    label_en: str
    label_ar: str
    broader: str | None = None


# The site kinds every new database starts with (migration 3f6b2a9c1d70 seeds a frozen copy).
# Admins add more at run time (the `site_kinds` table), so this list is not the vocabulary
# itself, only its seed. The terms and their broader classes follow the top-level classes of
# Historic England's Monument Types Thesaurus (FISH), with the terms that inventories of
# Syrian and Iraqi heritage use most; the English labels are the thesaurus's preferred terms
# where it has one.
SEED_SITE_KINDS: tuple[SiteKindTerm, ...] = (
    # broad classes
    SiteKindTerm("settlement", "Settlement", "مستوطنة"),
    SiteKindTerm("religious", "Religious, ritual and funerary", "ديني وجنائزي"),
    SiteKindTerm("defence", "Defence", "دفاعي"),
    SiteKindTerm("civil", "Civil", "مدني"),
    SiteKindTerm("commercial", "Commercial", "تجاري"),
    SiteKindTerm("domestic", "Domestic", "سكني"),
    SiteKindTerm("transport", "Transport", "نقل"),
    SiteKindTerm("monument", "Monument", "نصب"),
    SiteKindTerm("archaeological_site", "Archaeological site", "موقع أثري"),
    SiteKindTerm("other", "Other", "أخرى"),
    # settlements
    SiteKindTerm("city", "City", "مدينة", "settlement"),
    SiteKindTerm("town", "Town", "بلدة", "settlement"),
    SiteKindTerm("village", "Village", "قرية", "settlement"),
    SiteKindTerm("tell", "Tell", "تل", "archaeological_site"),
    # religious, ritual and funerary
    SiteKindTerm("temple", "Temple", "معبد", "religious"),
    SiteKindTerm("mosque", "Mosque", "مسجد", "religious"),
    SiteKindTerm("minaret", "Minaret", "مئذنة", "religious"),
    SiteKindTerm("church", "Church", "كنيسة", "religious"),
    SiteKindTerm("monastery", "Monastery", "دير", "religious"),
    SiteKindTerm("shrine", "Shrine", "مزار", "religious"),
    SiteKindTerm("synagogue", "Synagogue", "كنيس", "religious"),
    SiteKindTerm("tomb", "Tomb", "قبر", "religious"),
    SiteKindTerm("mausoleum", "Mausoleum", "ضريح", "religious"),
    SiteKindTerm("necropolis", "Necropolis", "مقبرة أثرية", "religious"),
    SiteKindTerm("cemetery", "Cemetery", "مقبرة", "religious"),
    # defence
    SiteKindTerm("citadel", "Citadel", "قلعة", "defence"),
    SiteKindTerm("castle", "Castle", "حصن", "defence"),
    SiteKindTerm("fortification_wall", "Fortification wall", "سور", "defence"),
    SiteKindTerm("gate", "Gate", "بوابة", "defence"),
    # civil and commercial
    SiteKindTerm("museum", "Museum", "متحف", "civil"),
    SiteKindTerm("library", "Library", "مكتبة", "civil"),
    SiteKindTerm("prison", "Prison", "سجن", "civil"),
    SiteKindTerm("palace", "Palace", "قصر", "civil"),
    SiteKindTerm("theatre", "Theatre", "مسرح", "civil"),
    SiteKindTerm("hammam", "Hammam", "حمام", "civil"),
    SiteKindTerm("souk", "Souk", "سوق", "commercial"),
    SiteKindTerm("caravanserai", "Caravanserai", "خان", "commercial"),
    # domestic
    SiteKindTerm("house", "House", "بيت", "domestic"),
    # transport
    SiteKindTerm("bridge", "Bridge", "جسر", "transport"),
    # monuments by form
    SiteKindTerm("arch", "Arch", "قوس", "monument"),
    SiteKindTerm("colonnade", "Colonnade", "رواق أعمدة", "monument"),
    SiteKindTerm("tetrapylon", "Tetrapylon", "تترابيلون", "monument"),
    SiteKindTerm("statue", "Statue", "تمثال", "monument"),
)


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
    ASSESSMENT = "assessment"
    CONTEXT = "context"


class EventType(StrEnum):
    # damage: the four UNOSAT classes first
    DESTROYED = "destroyed"
    SEVERELY_DAMAGED = "severely_damaged"
    MODERATELY_DAMAGED = "moderately_damaged"
    POSSIBLY_DAMAGED = "possibly_damaged"
    # damaged with no stated severity: the source gave none, so none is invented
    DAMAGED = "damaged"
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
    # assessment: the condition found on the ground (Event.condition_found)
    ASSESSED = "assessed"
    # context: what matters to a site's story and is none of the above (a description says
    # what); it changes neither control nor condition
    OTHER = "other"


EVENT_TYPES_BY_CATEGORY: dict[EventCategory, tuple[EventType, ...]] = {
    EventCategory.DAMAGE: (
        EventType.DESTROYED,
        EventType.SEVERELY_DAMAGED,
        EventType.MODERATELY_DAMAGED,
        EventType.POSSIBLY_DAMAGED,
        EventType.DAMAGED,
        EventType.LOOTED,
        EventType.VANDALISED,
        EventType.BOOBY_TRAPPED,
        EventType.MILITARILY_USED,
        EventType.ILLEGALLY_EXCAVATED,
    ),
    EventCategory.CONTROL: (EventType.CAPTURED, EventType.CONTESTED, EventType.BESIEGED),
    EventCategory.PERSON: (EventType.KILLED, EventType.DETAINED, EventType.ABDUCTED),
    EventCategory.PROTECTION: (EventType.EVACUATED, EventType.DEMINED, EventType.RESTORED),
    EventCategory.ASSESSMENT: (EventType.ASSESSED,),
    EventCategory.CONTEXT: (EventType.OTHER,),
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


class CandidateStatus(StrEnum):
    """What a person made of a claim the extractor proposed: nothing yet, taken as it was,
    taken after changing it, or turned down."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    EDITED = "edited"
    REJECTED = "rejected"


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
    """A site's physical state, derived from its damage, restoration and assessment events."""

    INTACT = "intact"
    DAMAGED = "damaged"
    POSSIBLY_DAMAGED = "possibly_damaged"
    MODERATELY_DAMAGED = "moderately_damaged"
    SEVERELY_DAMAGED = "severely_damaged"
    DESTROYED = "destroyed"
    RESTORED = "restored"


class FoundCondition(StrEnum):
    """What an assessment on the ground found: intact, a damage class, or destroyed."""

    INTACT = "intact"
    POSSIBLY_DAMAGED = "possibly_damaged"
    DAMAGED = "damaged"
    MODERATELY_DAMAGED = "moderately_damaged"
    SEVERELY_DAMAGED = "severely_damaged"
    DESTROYED = "destroyed"


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


class ReportCadence(StrEnum):
    """How often a report definition is issued; `fixed` covers one stated period."""

    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    FIXED = "fixed"


class ReportAudience(StrEnum):
    """Who a report is for: `public` shows published records only, restricted sites at
    their generalised point; `internal` shows exact points and what is in review, marked."""

    PUBLIC = "public"
    INTERNAL = "internal"


class ReportLanguage(StrEnum):
    ENGLISH = "en"
    ARABIC = "ar"


class Level(StrEnum):
    """A figure's change against the previous period, in words (heritage.reports.levels)."""

    NONE = "none"  # nothing in either period
    NEW = "new"  # nothing in the previous period
    LARGE_INCREASE = "large_increase"
    INCREASE = "increase"
    STABLE = "stable"
    DECREASE = "decrease"
    LARGE_DECREASE = "large_decrease"
    ENDED = "ended"  # nothing in this period


class ReportChangeKind(StrEnum):
    """What changed since the last issued report of a definition."""

    NEW_EVENT = "new_event"  # an event first seen (published, for the public) since then
    GRADE_CHANGED = "grade_changed"
    NEW_CONTRADICTION = "new_contradiction"
    RETRACTED = "retracted"  # retracted or deleted since then
    CORRECTION = "correction"  # new or changed, dated in a period already reported


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
