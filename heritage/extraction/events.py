"""Cue words for the event types (destroyed, captured, booby-trapped …), the sentences that
are no claims (conditionals, plans, fears), and the phrases that name an actor's part."""

from __future__ import annotations

import re
from dataclasses import dataclass

from heritage.extraction.lexicon import LEXICON
from heritage.vocab import ActorRole, EventType

_I = re.IGNORECASE
_SKIP = r"(?:[\w’'-]+\s+){0,%d}?"  # a few words in between
# Outcomes an "or"-list may hold ("damaged, vandalised, or destroyed").
_OUTCOME = (
    r"(?:destroyed|razed|demolished|vandali[sz]ed|looted|desecrated|burned|burnt|defaced"
    r"|levell?ed|plundered|ransacked)"
)

_CUES: dict[EventType, str] = {
    EventType.SEVERELY_DAMAGED: (
        # rules-15: "destroyed or seriously damaged": the least degree stated, as "damaged or
        # destroyed" is damage (the guide's open questions)
        r"\b(?:destroyed|razed|demolished)\s+or\s+(?:severely|seriously|badly|heavily)\s+damaged\b"
        r"|\b(?:severely|seriously|badly|heavily)\s+damaged,?\s+or\s+(?:even\s+)?(?:destroyed|razed"
        r"|demolished)\b|"
        r"\b(?:severe(?:ly)?|heav(?:y|ily)|bad(?:ly)?|extensive(?:ly)?|serious(?:ly)?|significant(?:ly)?"
        r"|major)\s+damag(?:ed|e|ing)\b|\b(?:partially|partly|largely|mostly|half)[\s-]+destroyed\b"
        r"|\bgutted\b"
        # "in a semi-destroyed state", "half-ruined": a building partly standing
        r"|\b(?:semi|half)[\s-]*(?:destroyed|ruined|collapsed|demolished)\b"
        # "considerable destruction at the mosque": an amount of destruction, not all of it
        # rules-21: "suffered a great deal of damage"
        r"|\ba\s+great\s+deal\s+of\s+(?:damage|destruction)\b"
        r"|\b(?:considerable|extensive|widespread|heavy|significant|substantial|serious|major"
        r"|massive|partial)\s+(?:destruction|devastation)\b"
        # "the destruction by Daesh of part of the temple": part destroyed is severe damage
        r"|\b(?:destruction|demolition)\s+(?:[\w’'-]+\s+){0,3}?of\s+(?:a\s+)?(?:large\s+)?parts?\s+of\b"
        r"|\b(?:destroy(?:ed|s|ing)?|bulldoz(?:ed|ing)|demolish(?:ed|ing)|raz(?:ed|ing)|blew\s+up"
        r"|blown\s+up)\s+(?:a\s+)?(?:large\s+)?parts?\s+of\b"
        # rules-20: "destroying nearly the entirety of the village", "destroyed most of it"
        r"|\b(?:destroy(?:ed|s|ing)?|demolish(?:ed|ing)|raz(?:ed|ing))\s+(?:nearly\s+|almost\s+)?"
        r"(?:the\s+)?(?:entirety|bulk|most|much|majority)\s+of\b"
        # rules-18: "destroyed the Armenian half of the city"; "about 70% destroyed"
        r"|\b(?:destroy(?:ed|s|ing)?|demolish(?:ed|ing)|raz(?:ed|ing))\s+(?:the\s+|a\s+)?(?:[A-Z][\w-]+\s+)?"
        r"(?:half|third|quarter|two-thirds)\s+of\b"
        r"|\b(?:[1-9]\d?)\s*(?:%|per\s*cent|percent)\s+(?:destroyed|razed|demolished)\b"
    ),
    EventType.MODERATELY_DAMAGED: r"\bmoderate(?:ly)?\s+damag(?:ed|e)\b",
    EventType.POSSIBLY_DAMAGED: (
        r"\bpossibl[ey]\s+damag(?:ed|e)\b"
        # "may have been damaged": the modal is the severity, not a hypothesis
        r"|\b(?:may|might|could)\s+(?:also\s+)?have\s+been\s+(?:damaged|hit|struck)\b"
    ),
    EventType.DESTROYED: (
        r"\b(?:destr(?:oy(?:ed|s|ing)?|uction)|blew\s+up|blown\s+up|blow(?:s|ing)?\s+(?:it\s+|them\s+)?up"
        r"|raz(?:ed|es|ing|e)|demolish(?:ed|es|ing)?|demolition|flatten(?:ed|s|ing)?|bulldoz(?:ed|es|ing|e)"
        r"|dynamit(?:ed|es|ing|e)|level(?:l)?ed(?=\s+(?:the|it|to|by))|reduced\s+to\s+(?:rubble|ruins|dust)"
        r"|t(?:ore|orn)\s+down|pulveri[sz]ed|obliterat(?:ed|es|ing|e)|wiped\s+out|blasted|toppled"
        r"|collapsed|burned\s+down|burnt\s+down)\b"
        r"|(?<![\w\u0600-\u06ff])(?:دمر|دمروا|تدمير|فجر|فجروا|تفجير|هدم|هدموا)(?![\w\u0600-\u06ff])"
    ),
    EventType.DAMAGED: (
        # "destroyed or damaged", "damaged, vandalised, or destroyed", "damage or destruction":
        # an "or"-list of outcomes affirms of each place only the weakest, damage
        r"\b(?:destroyed|razed|demolished)(?:,\s+[a-z]+)?\s+or\s+damaged\b"
        rf"|\bdamaged(?:,\s+{_OUTCOME})*,?\s+or\s+(?:even\s+)?{_OUTCOME}\b"
        rf"|\b{_OUTCOME}(?:,\s+{_OUTCOME})*(?:,\s+damaged(?:,\s+{_OUTCOME})*,?\s+or\s+"
        rf"(?:even\s+)?{_OUTCOME}|,?\s+or\s+damaged)\b"
        r"|\b(?:damage\s+(?:to\s+)?or\s+(?:the\s+)?destruction|destruction\s+(?:of\s+)?or\s+damage)"
        r"(?:\s+(?:of|to)\b)?"
        r"|\bdamaging\s+or\s+destroying\b|\bdestroying\s+or\s+damaging\b"
        r"|\bdamag(?:ed|es|ing|e)\b|\b(?:hit|struck)\s+(?:[\w’'-]+\s+){0,4}?by\s+(?:an?\s+)?(?:shells?|shelling|mortars?"
        r"|rockets?|missiles?|air\s*strikes?|barrel\s+bombs?|bombs?|artillery)\b|\bshelled\b"
        r"|\b(?:air\s*strikes?|shells?|shelling|rockets?|mortars?|missiles?|barrel\s+bombs?|aircraft"
        r"|jets|warplanes|planes|drones|artillery|tanks?|tank\s+fire)\s+(?:[\w’'-]+\s+){0,2}?"
        r"(?:hit|struck|bombed|shelled|targeted)\b|\bbombed\b"
        r"|\b(?:burned|burnt|torched|set\s+(?:on\s+)?fire(?:\s+to)?|caught\s+fire)\b"
        r"|\bburning\s+of\b"
        # "the bombing took place at dawn and struck the mausoleum"
        r"|\b(?:bombing|bomb|explosion|blast|attack|shell|missile|rocket|strike|airstrike)\s+"
        + _SKIP % 8
        + r"(?:struck|hit)\s+(?=the\b|[A-Z])"
    ),
    EventType.LOOTED: (
        r"\b(?:loot(?:ed|ing|s)?|plunder(?:ed|ing|s)?|pillag(?:ed|ing|e)|ransack(?:ed|ing)?"
        r"|stole(?!\s+(?:the\s+)?(?:show|limelight|spotlight|headlines|a\s+march|glances?))|stolen|smuggl(?:ed|ing)|carried\s+off|cart(?:ed|ing)\s+(?:off|away)|stripped\s+of"
        r"|emptied\s+of)\b|(?<![\w\u0600-\u06ff])(?:نهب|سرقة|سرقوا)(?![\w\u0600-\u06ff])"
    ),
    EventType.VANDALISED: (
        r"\b(?:vandali[sz](?:ed|ing|m)|defac(?:ed|ing)|desecrat(?:ed|ing|ion)"
        r"|smash(?:ed|ing)\s+(?:the\s+)?(?:statues?|sculptures?|busts?|faces?|heads?|reliefs?))\b"
        r"|\b(?:statues?|sculptures?|busts?|reliefs?|faces|heads|mosaics?)\s+(?:[\w’'-]+\s+){0,3}?"
        r"(?:were|was|had\s+been|have\s+been|been)\s+(?:smashed|defaced|vandali[sz]ed|disfigured"
        r"|broken|shattered)\b"
        # "burn 10,000 books at the library": what a library keeps burned, the library vandalised
        r"|\bburn(?:ed|t|ing|s)?\s+(?:[\w’',-]+\s+){0,4}?(?:books|manuscripts|documents|archives"
        r"|records|scrolls)\b"
    ),
    EventType.BOOBY_TRAPPED: (
        r"\bbooby[\s-]*trap(?:ped|s|ping)?\b"
        r"|\b(?:planted|laid|placed|rigged|wired|packed|filled|mined)\s+"
        + _SKIP
        % 4
        + r"(?:with\s+)?(?:land\s*)?(?:mines|explosives?|IEDs|bombs|explosive\s+devices)\b"
        r"|\bmined\b"
    ),
    EventType.ILLEGALLY_EXCAVATED: (
        r"\b(?:illegal(?:ly)?|illicit(?:ly)?|clandestine(?:ly)?|unauthori[sz]ed)\s+(?:excavat\w*|dig\w*)"
        r"|\blooting\s+(?:pits|holes)\b|\b(?:dug|dig|digs|digging)\s+(?:[\w’'-]+\s+){0,6}?(?:for|in\s+search"
        r"\s+(?:for|of))\s+(?:antiquities|artefacts|artifacts|relics|treasures?)\b"
        r"|\b(?:dug|digging)\s+(?:[\w’'-]+\s+){0,2}?tunnels\b"
    ),
    EventType.MILITARILY_USED: (
        r"\b(?:used|using|use)\s+"
        + _SKIP % 4
        + r"for\s+(?:public\s+|mass\s+)?(?:executions|military"
        r"\s+purposes|storing\s+(?:weapons|ammunition)|shelling|sniping)\b"
        r"|\b(?:used|using|use)\s+(?:it\s+|them\s+|the\s+\w+\s+)?as\s+(?:an?\s+)?(?:military\s+)?"
        r"(?:base|barracks|headquarters|position|firing\s+position|sniper\s+position|weapons?\s+depot"
        r"|arms\s+depot|depot|prison|jail|detention\s+cent(?:re|er)|execution\s+(?:ground|site|venue)"
        r"|stage|court|command\s+(?:post|cent(?:re|er)))"
        r"|\b(?:turned|converted|transformed)\s+(?:it\s+)?into\s+(?:an?\s+)?(?:military|base|barracks"
        r"|headquarters|prison|jail|detention|arms|weapons|command)"
        # "occupied by government tanks": armour or troops in a site use it militarily
        # "troops were stationed inside the castle", "snipers positioned on the minaret"
        r"|\b(?:troops|soldiers|fighters|snipers|gunmen|militants|forces|tanks|artillery)\s+"
        r"(?:were\s+|had\s+been\s+|are\s+)?(?:stationed|positioned|deployed|posted|based|dug\s+in)\s+"
        r"(?:in|at|inside|on|atop|around)\b"
        r"|\b(?:used|using|use)\s+(?:it\s+|them\s+|the\s+\w+\s+)?as\s+(?:an?\s+)?(?:stronghold|fortress"
        r"|fortification|observation\s+post|lookout|barricade)\b"
        # "used the church grounds to fire rockets", "fired mortars from the fort"
        r"|\b(?:used|using|use)\s+(?:[\w’'-]+\s+){0,8}?to\s+(?:fire|launch|shoot|store|stockpile"
        r"|hide)\s+(?:[\w’'-]+\s+){0,2}?(?:rockets|missiles|mortars|shells|weapons|ammunition"
        r"|arms|explosives)\b"
        r"|\b(?:fired|firing|launched|launching)\s+(?:[\w’'-]+\s+){0,2}?(?:rockets|missiles|mortars"
        r"|shells)\s+from\b"
        r"|\boccupied\s+(?:[\w’'-]+\s+){0,2}?by\s+(?:[\w’'-]+\s+){0,3}?(?:tanks|troops|soldiers"
        r"|armou?r|armou?red\s+vehicles|artillery)\b"
        r"|\bexecut(?:ed|ions?)\s+"
        + _SKIP
        % 8
        + r"(?:in|at|on)\s+(?:the\s+)?(?:ancient\s+|roman\s+)?"
        r"(?:theatre|theater|amphitheatre|amphitheater|stage)\b"
    ),
    EventType.CAPTURED: (
        # (rules-20: "this video captures destruction", "captured on camera": a picture taken)
        r"(?<!video\s)(?<!videos\s)(?<!footage\s)(?<!photo\s)(?<!image\s)(?<!camera\s)"
        r"\b(?:re)?captur(?:ed|es|ing|e)\b(?!\s+(?:on|in)\s+(?:video|camera|film|tape))"
        r"|\bseiz(?:ed|es|ing|e)\b"
        r"|\b(?:took|taken|take|takes|taking|gained|regained|seized|assumed|wrested|retook|retaken"
        r"|retake)\s+[“\"‘']?(?:full\s+|complete\s+|total\s+|back\s+)?control\b"
        r"|\b(?:re)?(?:took|taken|take|takes|taking)\b(?=\s+(?:over\b|back\b|the\s+(?:ancient\s+|historic\s+|old\s+)?"
        r"(?:city|town|village|site|oasis)\b|(?:ancient|historic|the)\s+(?:city|town)\b"
        r"|(?-i:[A-Z])|[\u0600-\u06ff]))"
        r"|\b(?:reclaim(?:ed|s|ing)?|recover(?:ed|s|ing)?|re-?establish(?:ed|es|ing)?)\s+(?:full\s+)?control\b"
        r"|\b(?:pushed|drove|driven|forced|chased|expelled|ousted)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}?"
        # (rules-21: "forced the king from power" is no place taken)
        r"(?:out\s+of|from)\b(?!\s+(?:power|office|the\s+throne|government)\b)"
        r"|\b(?:taken|retaken)\s+(?:over|back)\b|\bover(?:ran|run|running|runs)\b|\bstorm(?:ed|ing)\b"
        r"|\bfell\s+to\b|\bfall\s+of\b|\bliberat(?:ed|ion|ing|e)\b"
        r"|\b(?:driven|expelled|ousted|pushed)\s+out\s+of\b|\b(?:expelled|ousted)\s+from\b"
        r"|\b(?:withdr[ae]w|withdrawn|retreated|fled)\s+from\b"
        r"|\b(?:complete|full|total)\s+control\b|\bunder\s+(?:the\s+)?control\s+of\b"
        # "in an area controlled by Russian forces": the place is held by them
        r"|\b(?:area|areas|territory|territories|zone|part|parts|district|region|city|town)\s+"
        r"(?:controlled|held|occupied)\s+by\b"
        r"|\bin\s+the\s+hands\s+of\b|(?<![\w\u0600-\u06ff])(?:سيطر|سيطرة|استعاد|استعادة)(?![\w\u0600-\u06ff])"
    ),
    EventType.BESIEGED: (
        r"\b(?:besieg(?:ed|ing|e)|under\s+siege|siege\s+of|encircl(?:ed|ing)|blockad(?:ed|ing))\b"
        # "surrounded by ISIS forces": a place ringed by armed men is under siege (not "by gardens")
        r"|\b(?:surrounded|encircled|cut\s+off|ringed|trapped)\s+(?:[\w’'()-]+\s+){0,6}?by\s+"
        r"(?:[\w’'()-]+\s+){0,8}?(?:forces|fighters|militants|militias?|troops|soldiers|army|rebels"
        r"|gunmen|jihadists|insurgents)\b"
    ),
    EventType.CONTESTED: (
        # "the battle for Palmyra" names a past battle more often than it claims one: left out
        r"\b(?:contested|(?:clashes|fighting)\s+(?:raged\s+|continued\s+|broke\s+out\s+)?"
        r"(?:in|around|inside|near|for|over))\b"
    ),
    EventType.KILLED: r"\b(?:killed|beheaded|decapitated|executed|murdered|shot\s+dead|slain)\b",
    EventType.DETAINED: (
        r"\b(?:detained|arrested|imprisoned|held\s+captive|taken\s+prisoner"
        # "held hostage", "taken hostage", "no hostages were held": people held in place
        r"|(?:held|taken|holding|took|hold|kept)\s+(?:[\w’'-]+\s+){0,3}?(?:as\s+)?hostages?"
        r"|hostages?\s+(?:were|was|being|had\s+been)\s+(?:held|taken|kept))\b"
    ),
    EventType.ABDUCTED: r"\b(?:abduct(?:ed|ion)|kidnapp?(?:ed|ing))\b",
    EventType.EVACUATED: (
        r"\b(?:evacuat(?:ed|ion|ing|e)|relocat(?:ed|ion|ing|e)|(?:moved|taken|transferred|removed|carried)\s+"
        + _SKIP % 5
        + r"(?:to\s+(?:safety|safe|a\s+safe|safer|secure)|for\s+safe\s*keeping)"
        r"|hid(?:den)?\s+(?:away\s+)?(?:the\s+)?(?:collections?|artefacts|artifacts|statues|objects)"
        r"|for\s+safe\s*keeping)\b"
        # "a three-year abandonment", "the monastery was abandoned": its community left it
        r"|\babandonment\b|\b(?:was|were|been|is|are|lay|lies|stood|left)\s+(?:[a-z]+ly\s+)?"
        r"(?:abandoned|deserted)\b"
    ),
    EventType.DEMINED: (
        r"\b(?:de-?min(?:ed|ing|e)|defus(?:ed|ing|e)|dismantl(?:ed|ing|e)\s+"
        + _SKIP % 2
        + r"(?:booby|mines|bombs|explosives|IEDs)|clear(?:ed|ing)?\s+"
        + _SKIP % 4
        + r"(?:of\s+)?(?:mines|explosives|booby)|mine[\s-]clearance|sappers)\b"
    ),
    EventType.RESTORED: (
        r"\b(?:restor(?:ed|ation|ing|e)|rebuil(?:t|d|ding)|reconstruct(?:ed|ion|ing)|repair(?:ed|ing|s)?"
        r"|renovat(?:ed|ion|ions|ing|e))\b"
        # restoring order, services or trust mends no building
        r"(?!\s+(?:(?:its|their|the|some|full)\s+)?(?:control|order|power|calm|security|peace|electricity|water"
        r"|regime|government|opening\s+hours|hours|services?|access|links?|connections?|confidence|faith|trust"
        r"|ties|relations|normal(?:ity|cy)|funding|democracy|stability|dignity|hope|sovereignty|authority))"
    ),
    EventType.ASSESSED: (
        # "visited to assess the damage", "a damage assessment": the condition looked at
        r"\b(?:assess(?:ed|es|ing)?|survey(?:ed|s|ing)?|inspect(?:ed|s|ing)?|evaluat(?:ed|es|ing|e)"
        r"|document(?:ed|s|ing)?)\s+(?:[\w’'-]+\s+){0,3}?(?:damage|destruction|condition|state)\b"
        r"|\b(?:damage|condition)\s+assessments?\b"
        # "they found the site reduced to rubble": the condition found on the ground (the cue
        # is the verb alone, so the state after it stands as its own claim)
        r"|\b(?:found|discovered)\b(?=\s+(?:[\w’'-]+\s+){0,8}?(?:reduced\s+to|destroyed|damaged"
        r"|in\s+ruins|razed|looted|intact|unharmed|undamaged)\b)"
    ),
}
# Words one of which a cue holds: a pattern runs only over a text holding one (a substring
# test is a hundred times cheaper than a scan with a case-insensitive pattern).
_TRIGGERS: dict[EventType, tuple[str, ...]] = {
    EventType.SEVERELY_DAMAGED: (
        "damag", "destroyed", "gutted", "part of", "parts of", "destruction", "devastation",
        "semi", "half",
    ),
    EventType.MODERATELY_DAMAGED: ("moderate",),
    EventType.POSSIBLY_DAMAGED: ("possib", "have been"),
    EventType.DESTROYED: (
        "destr", "blew", "blown", "blow", "raz", "demoli", "flatten", "bulldoz", "dynamit",
        "level", "reduced to", "tore down", "torn down", "pulveri", "obliterat", "wiped out",
        "blasted", "toppled", "collapsed", "burned down", "burnt down",
        "دمر", "تدمير", "فجر", "تفجير", "هدم",
    ),
    EventType.DAMAGED: (
        "damag", "hit", "struck", "shelled", "burn", "torched", "fire", "bombed", "targeted",
    ),
    EventType.LOOTED: (
        "loot", "plunder", "pillag", "ransack", "stole", "smuggl", "carried off", "carted",
        "stripped of", "emptied of", "نهب", "سرق",
    ),
    EventType.VANDALISED: (
        "vandal", "defac", "desecrat", "smash", "disfigur", "broken", "shatter", "burn",
    ),
    EventType.BOOBY_TRAPPED: ("booby", "mine", "explosive", "ieds", "bombs"),
    EventType.ILLEGALLY_EXCAVATED: ("excavat", "dig", "dug", "looting pits", "looting holes"),
    EventType.MILITARILY_USED: (
        "used", "using", "use ", "turned", "converted", "transformed", "execut", "occupied",
        "stationed", "positioned", "deployed", "posted", "based", "dug in", "fired", "firing",
        "launch",
    ),
    EventType.CAPTURED: (
        "captur", "seiz", "took", "take", "control", "overr", "storm", "fell to", "fall of",
        "driven", "expelled", "ousted", "pushed", "withdr", "retreated", "fled",
        "liberat", "hands of", "forced", "chased", "drove", "held by", "occupied by",
        "سيطر", "استعاد",
    ),
    EventType.BESIEGED: (
        "siege", "besieg", "encircl", "blockad", "surrounded", "cut off", "ringed", "trapped",
    ),
    EventType.CONTESTED: ("contested", "clashes", "fighting"),
    EventType.KILLED: ("kill", "behead", "decapitat", "execut", "murder", "shot dead", "slain"),
    EventType.DETAINED: ("detain", "arrest", "imprison", "captive", "prisoner", "hostage"),
    EventType.ABDUCTED: ("abduct", "kidnap"),
    EventType.EVACUATED: ("evacuat", "relocat", "safe", "secure", "hid", "abandon", "deserted"),
    EventType.DEMINED: ("demin", "de-min", "defus", "dismantl", "clear", "sapper"),
    EventType.RESTORED: ("restor", "rebuil", "reconstruct", "repair", "renovat"),
    EventType.ASSESSED: (
        "assess", "survey", "inspect", "evaluat", "document", "found", "discovered",
    ),
}  # fmt: skip
# One search per type over a lowered line, rather than a test per word.
_TRIGGER_PATTERNS: dict[EventType, re.Pattern[str]] = {
    event_type: re.compile("|".join(re.escape(word) for word in words))
    for event_type, words in _TRIGGERS.items()
}
CUE_PATTERNS: dict[EventType, re.Pattern[str]] = {
    event_type: re.compile(pattern, _I) for event_type, pattern in _CUES.items()
}


# The lexicon's phrases, each scanned only over a line that holds one word of each of its
# "&"-joined groups of "|"-separated trigger words (substring tests: cheaper than a search).
LEXICON_PATTERNS: tuple[tuple[EventType, tuple[tuple[str, ...], ...], re.Pattern[str]], ...] = (
    tuple(
        (
            event_type,
            tuple(tuple(group.split("|")) for group in words.split("&")),
            re.compile(pattern, _I),
        )
        for event_type, entries in LEXICON.items()
        for words, pattern in entries
    )
)


# Every trigger word, and the phrases whose first group holds it: a line is tested once for
# each word, and only the phrases one of its words names are looked at further.
_TRIGGER_WORDS = frozenset(word for _, groups, _ in LEXICON_PATTERNS for g in groups for word in g)
_PHRASES_BY_FIRST_WORD: dict[str, tuple[int, ...]] = {
    word: tuple(i for i, (_, groups, _) in enumerate(LEXICON_PATTERNS) if word in groups[0])
    for word in _TRIGGER_WORDS
}

_PHRASE_REACH = 250  # characters: no phrase (its lookahead included) reaches further


def _lexicon_cues(text: str, lowered: str, start: int, end: int) -> list[Cue]:
    """The lexicon's phrases in text[start:end] (one line, `lowered` its lower case): each
    looked at only when the line holds a word of each of its groups, and scanned only around
    its first group's words, since every match holds one of them."""
    present = {word for word in _TRIGGER_WORDS if word in lowered}
    found = []
    for index in sorted({i for word in present for i in _PHRASES_BY_FIRST_WORD[word]}):
        event_type, groups, pattern = LEXICON_PATTERNS[index]
        if any(present.isdisjoint(group) for group in groups[1:]):
            continue
        first = min(i for i in map(lowered.find, groups[0]) if i >= 0)
        last = max(map(lowered.rfind, groups[0]))
        found += [
            Cue(event_type, match.start(), match.end())
            for match in pattern.finditer(
                text,
                max(start, start + first - _PHRASE_REACH),
                min(end, start + last + _PHRASE_REACH),
            )
        ]
    return found


# Events that happen to people count only when the person is heritage staff.
PERSON_EVENTS = frozenset({EventType.KILLED, EventType.DETAINED, EventType.ABDUCTED})
HERITAGE_STAFF = re.compile(
    r"\b(?:archa?eologists?|antiquities|curators?|museum\s+(?:staff|workers?|employees?|director)"
    r"|guards?|custodians?|scholars?|heritage\s+(?:workers?|experts?|officials?|staff)"
    r"|conservators?|keepers?|caretakers?|site\s+managers?|director\s+of|head\s+of|abbots?"
    # the monks or nuns who live in a church or monastery keep it
    r"|monks|nuns|friars"
    # "employees of the museum", "a guard at the library": who works at a heritage building
    r"|(?:staff|workers?|employees?|directors?|curators?|guards?|librarians?|keepers?)\s+(?:of|at)"
    r"\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}?(?:museum|library|archives?|site|temple|church|mosque"
    r"|monastery|citadel|castle|shrine|cathedral)"
    # "the monastery's superior", "the museum's director": who keeps a heritage building
    r"|(?:monastery|convent|museum|library|church|cathedral|mosque|shrine|temple|site)(?:'s|’s)\s+"
    r"(?:[a-z]+\s+)?(?:superior|prior|abbot|abbess|director|head|curator|librarian|imam|priest"
    r"|rector|custodian|guardian|keeper|guards?|staff))\b",
    _I,
)
# An evacuation counts only when what is moved is heritage.
HERITAGE_OBJECTS = re.compile(
    r"\b(?:collections?|artefacts?|artifacts?|statues?|objects|antiquities|museum|manuscripts"
    r"|pieces|items|busts|sculptures|archives?|treasures|remains|relics|tomb|shrine|mausoleum"
    r"|icons|manuscripts|paintings)\b",
    _I,
)
# Finding traps to clear says the place was booby-trapped.
IMPLIED: dict[EventType, EventType] = {EventType.DEMINED: EventType.BOOBY_TRAPPED}

# Within a clause, what makes it no claim: a condition, a modal, a plan, a fear, a question.
_HYPOTHETICAL = re.compile(
    r"\b(?:if|unless|whether|might|would|will|shall|should|could(?!\s+(?:still|now|clearly|already)\s+be"
    r"\s+(?:heard|seen))|threaten(?:s|ed|ing)?|fear(?:s|ed)?|warn(?:s|ed|ing)?"
    r"|concern(?:s|ed)?\s+(?:about|over|for|that)|purport(?:s|ed|ing)?\s+to|plan(?:s|ned|ning)?\s+to|intend(?:s|ed)?\s+to|in\s+danger\s+of|at\s+risk\s+of|risk\s+of"
    r"|possible(?!\s+damage)|potential(?:ly)?|expected\s+to|likely\s+to|about\s+to|aim(?:s|ed)?\s+to"
    r"|vow(?:s|ed)?\s+to|try\s+to|tries\s+to|tried\s+to|failed\s+to(?!\s+(?:explode|detonate|go\s+off))|sought\s+to|seeking\s+to|unable\s+to|attempt(?:s|ed|ing)?\s+to|wants?\s+to|want(?:ed)?\s+to"
    r"|hope(?:s|d)?\s+to|prepar(?:e|es|ed|ing)\s+to|ready\s+to"
    # rules-18: "their plan was to rapidly take Chernihiv", "the aim is to": a plan, no deed
    r"|(?:plan|aim|goal|intention|objective)\s+(?:was|is|were|had\s+been)\s+to)\b"
    r"|(?-i:\bmay\b)|\bإذا\b|\bلو\b",
    _I,
)
_CONDITIONAL_SENTENCE = re.compile(r"^\W*should\s+\w+\s+be\b|\b(?:if|unless)\b", _I)
_FUTURE_SENTENCE = re.compile(r"\?\W*$")

# Who acts, by the words around an actor's name.
SUPPORT = re.compile(
    r"\b(?:backed|supported|aided|assisted|helped|covered)\s+by\s+|\bwith\s+(?:the\s+)?"
    r"(?:help|support|backing|assistance)\s+of\s+|\bwith\s+(?=[A-Z][\w-]+\s+(?:air\s+)?(?:support|backing|help)\b)"
    r"|\b(?=[A-Z][\w-]+-backed\b)",
)
# The one the site was taken from, or fought against: not the one acting.
OPPOSED = re.compile(r"\b(?:from|against|targeting|on)\s+(?:the\s+)?$", _I)
AGENT_AFTER = re.compile(r"^\s*(?:[“”\"’']\s*)?(?:\w+\s+){0,4}?(?:by|to)\s+(?:the\s+)?$", _I)
# Words that stand for an actor named earlier: the group, the militants, the army.
NON_STATE_WORDS = re.compile(
    r"\b(?:(?:the|its|their)\s+(?:group|militants?|jihadists?|extremists?|insurgents?|terrorists?"
    r"|organi[sz]ation|fighters)|militants|jihadists|extremists|insurgents)\b",
    _I,
)
STATE_WORDS = re.compile(
    r"\b(?P<word>army|troops|soldiers|government|regime|military)\b(?:\s+(?:forces|troops))?", _I
)
STATE_ACTOR_WORDS = ("army", "government", "regime", "forces", "military", "air", "ministry")


@dataclass(frozen=True)
class Cue:
    event_type: EventType
    start: int
    end: int
    implied: bool = False


def find_cues(text: str, start: int = 0, end: int | None = None) -> list[Cue]:
    """Event cues in text[start:end]; a cue inside a longer one of another type gives way
    ("partially destroyed" is severe damage), except the types one implies, which stand
    as implied (no actor: who cleared the traps did not lay them)."""
    end = len(text) if end is None else end
    found = []
    for piece_start, piece_end in _pieces(text, start, end):
        lowered = text[piece_start:piece_end].lower()
        found += [
            Cue(event_type, match.start(), match.end())
            for event_type, pattern in CUE_PATTERNS.items()
            if _TRIGGER_PATTERNS[event_type].search(lowered)
            for match in pattern.finditer(text, piece_start, piece_end)
        ]
        found += _lexicon_cues(text, lowered, piece_start, piece_end)
    # a phrase both a cue and the lexicon read is one cue
    found = sorted(set(found), key=lambda cue: (cue.start, cue.end, cue.event_type))
    found = [
        Cue(cue.event_type, cue.start, cue.end, implied=True)
        if any(
            IMPLIED.get(outer.event_type) == cue.event_type and outer.start <= cue.start < outer.end
            for outer in _near(found, index, 0)
        )
        else cue
        for index, cue in enumerate(found)
    ]
    kept = [
        cue
        for index, cue in enumerate(found)
        if not any(
            other is not cue
            and other.start <= cue.start
            and cue.end <= other.end
            and (other.end - other.start) > (cue.end - cue.start)
            and IMPLIED.get(other.event_type) != cue.event_type
            for other in _near(found, index, 0)
        )
    ]
    implied = [
        Cue(IMPLIED[cue.event_type], cue.start, cue.end, implied=True)
        for index, cue in enumerate(kept)
        if cue.event_type in IMPLIED
        and not any(
            other.event_type == IMPLIED[cue.event_type]
            and other.start < cue.end + 80
            and cue.start - 80 < other.end
            for other in _near(kept, index, 80)
        )
    ]
    return sorted(kept + implied, key=lambda cue: (cue.start, cue.event_type))


_LONGEST_CUE = 200  # characters: no cue pattern (the lexicon's included) spans more


def _near(cues: list[Cue], index: int, reach: int) -> list[Cue]:
    """The cues (sorted by start) that may overlap cues[index] or lie within `reach` of it:
    a look at its neighbours, not at the whole text."""
    cue = cues[index]
    low = index
    while low > 0 and cues[low - 1].start > cue.start - _LONGEST_CUE - reach:
        low -= 1
    high = index
    while high + 1 < len(cues) and cues[high + 1].start < cue.end + reach:
        high += 1
    return cues[low : high + 1]


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Lines of text[start:end]: no cue spans a line break, and a pattern then scans only
    the lines that hold one of its words."""
    pieces = []
    position = start
    while position < end:
        stop = text.find("\n", position, end)
        stop = end if stop < 0 else stop
        if stop > position:
            pieces.append((position, stop))
        position = stop + 1
    return pieces


def is_hypothetical(clause: str) -> bool:
    return bool(_HYPOTHETICAL.search(clause))


def is_conditional_sentence(sentence: str) -> bool:
    """A conditional or a question: nothing in it is claimed."""
    return bool(_CONDITIONAL_SENTENCE.search(sentence) or _FUTURE_SENTENCE.search(sentence))


def role_for(event_type: EventType) -> ActorRole | None:
    """The part an actor that does this plays: it holds what it captures or clears; it
    perpetrates damage and violence; protection has no perpetrator."""
    if event_type in (EventType.CAPTURED, EventType.DEMINED):
        return ActorRole.CONTROLLER
    if event_type in (EventType.EVACUATED, EventType.RESTORED, EventType.ASSESSED):
        return None
    return ActorRole.PERPETRATOR
