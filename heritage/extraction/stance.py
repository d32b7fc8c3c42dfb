"""Whether a claim affirms or disputes: denials, negated cues, and the words that contradict
a claim of control ("gunfire could still be heard") or of destruction ("still standing")."""

from __future__ import annotations

import re

from heritage.vocab import EventType, Stance

_I = re.IGNORECASE
# Fighting goes on: a claim of complete control is disputed.
CONTROL_DISPUTE = re.compile(
    r"\b(?:gunfire|shooting|shots|clashes|fighting|shelling|resistance|explosions|battles?)\s+"
    r"(?:[\w’'-]+\s+){0,3}?(?:still|continu(?:ed|es|e|ing)|persist(?:ed|s)?|went\s+on|goes\s+on)\b"
    r"|\bstill\s+(?:holds?|held|controls?|controlled|in\s+control|present|entrenched)\b"
    r"|\bpockets\s+of\s+resistance\b"
    r"|\bnot\s+(?:yet\s+)?(?:fully|completely|entirely)\s+(?:under\s+control|captured|taken|secured"
    r"|controlled|in\s+control)\b",
    _I,
)
# The site stands: a claim of its destruction is disputed.
CONDITION_DISPUTE = re.compile(
    r"\b(?:(?:is|was|were|are|remains?|remained)\s+(?:still\s+)?(?:standing|intact|undamaged|unharmed)"
    r"|still\s+stand(?:s|ing)?|survived\s+(?:intact|unharmed|undamaged)|undamaged|unharmed|unscathed"
    r"|escaped\s+(?:\w+\s+)?(?:damage|destruction)"
    r"|untouched|unaffected|left\s+intact"
    # "survived the shelling", "was spared": the building came through what struck around it
    r"|survived\s+(?:the\s+|a\s+|an\s+|years\s+of\s+)?(?:[\w’'-]+\s+)?(?:shelling|fighting|bombing|bombardment|attacks?"
    r"|blasts?|war|explosions?|fire|strikes?|air\s*strikes?|battle|onslaught|occupation|siege)"
    # "survived the first explosion, but was then razed": it came through one, not all
    r"(?![^.;]*\b(?:but|however|until|before|only\s+to)\b)"
    r"|(?:was|were|been|is|are)\s+(?:largely\s+|mostly\s+|miraculously\s+)?spared)\b",
    _I,
)
DENIAL = re.compile(
    r"\b(?:den(?:ied|ies|y|ying)|refut(?:ed|es|e)|reject(?:ed|s)?\s+(?:[\w’'-]+\s+){0,3}?(?:claims?|reports?)"
    r"|dismiss(?:ed|es)?\s+(?:[\w’'-]+\s+){0,3}?(?:claims?|reports?)|not\s+true|untrue|baseless"
    r"|fabricated|no\s+truth|false\s+(?:claims?|reports?)"
    # "rumours that it was looted proved false"
    r"|(?:proved|proven|turned\s+out\s+to\s+be|were|was)\s+(?:false|untrue|unfounded|groundless|wrong)"
    r"|without\s+foundation)\b",
    _I,
)
_NEGATION = re.compile(
    r"\b(?:not|never|no|nor|neither|without|escaped|avoided|spared|free\s+of)\s+(?:[\w’'-]+\s+){0,2}$"
    r"|n[’']t\s+(?:[\w’'-]+\s+){0,2}$",
    _I,
)


def is_negated(text: str, clause_start: int, cue_start: int) -> bool:
    """A cue preceded, in its clause, by a negation ("was not destroyed", "no damage")."""
    return bool(_NEGATION.search(text[max(clause_start, cue_start - 40) : cue_start]))


# Blame laid on another: a denial beside it denies who did it, not that it happened.
BLAME = re.compile(
    r"\b(?:blam(?:ed|es|ing)|accus(?:ed|es|ing)|held\s+(?:[\w’'-]+\s+){0,3}?responsible)\b", _I
)


def blame_after(
    text: str, clause: tuple[int, int], sentence: tuple[int, int], sentence_denies: bool
) -> int | None:
    """Where the actor a denial blames is named ("denied that it shelled the mosque and
    blamed the Front"): the end of the blaming verb, or None where no denial blames."""
    if not (sentence_denies or DENIAL.search(text, clause[0], clause[1])):
        return None
    found = BLAME.search(text, sentence[0], sentence[1])
    return found.end() if found else None


def stance_of(
    text: str,
    clause: tuple[int, int],
    cue_start: int,
    sentence_denies: bool,
    blames: bool = False,
) -> Stance:
    """A denial that blames another denies who did it and affirms that it happened (the
    guide, 6.5)."""
    words = text[clause[0] : clause[1]]
    if is_negated(text, clause[0], cue_start):
        return Stance.DISPUTES
    if (sentence_denies or DENIAL.search(words)) and not blames:
        return Stance.DISPUTES
    return Stance.AFFIRMS


def disputed_events(text: str, start: int, end: int) -> list[tuple[EventType, int, int]]:
    """Phrases in text[start:end] that dispute an event without naming it: its type and where."""
    lowered = text[start:end].lower()
    found = []
    if any(word in lowered for word in ("still", "continu", "persist", " on", "pockets", "not ")):
        found += [
            (EventType.CAPTURED, m.start(), m.end())
            for m in CONTROL_DISPUTE.finditer(text, start, end)
        ]
    if any(
        word in lowered
        for word in (
            "stand",
            "intact",
            "untouched",
            "unaffected",
            "unharm",
            "undamag",
            "unscath",
            "escaped",
            "survived",
            "spared",
        )
    ):
        found += [
            (EventType.DESTROYED, m.start(), m.end())
            for m in CONDITION_DISPUTE.finditer(text, start, end)
        ]
    return found
