"""Who says what inside an article: "X said", "according to X", "X quoted Y as saying",
"sources told X", quotations attributed at their end, with the speaker linked to a stored
source where its name is known. None is the article's own voice."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from heritage.extraction.gazetteer import Entry, Match
from heritage.text import fold

_SAY = (
    r"said|says|say|told|tells|stated|states|reported|reports|announced|announces|claimed|claims"
    r"|confirmed|confirms|denied|denies|added|adds|warned|warns|wrote|writes|tweeted|posted"
    r"|explained|noted|insisted|estimated|alleged|acknowledged|admitted|argued|declared"
    r"|condemned|deplored|decried|denounced"
)
SAY_VERB = re.compile(rf"\b(?:{_SAY})\b")
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|is|are|been|be|being|has|have|had|it\s+is|it\s+was)\s+$", re.IGNORECASE
)
# Each relay pattern starts at its verb (a literal the scan finds fast); the words before
# it, back to the last punctuation, are read afterwards (_before).
QUOTED_AS = re.compile(r"\bquoted\s+(?P<who>[^,;“”\"]{2,120}?)\s+as\s+(?:saying|telling|stating)\b")
WAS_QUOTED = re.compile(
    r"\b(?:was|were)\s+quoted\s+(?:by\s+(?P<via>[^,;“”\"]{2,80}?)\s+)?as\s+saying\b"
)
ACCORDING = re.compile(
    r"\baccording\s+to\s+(?P<who>[^,;.“”\"()]{2,120}?)(?=\s*(?:[,;.“”\"()]|$|\s+(?:who|which|that)\b))",
    re.IGNORECASE,
)
TOLD = re.compile(r"\b(?:told|tells)\s+(?P<to>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})")
_AFTER_QUOTE = re.compile(r"[,.!?]?\s*[”\"]\s*,?\s*$")
_LAST_BREAK = re.compile(r"[,;.“”\"]")
_SEGMENT_BREAK = re.compile(r"[,;:“”\"()]|\s[—–]\s")
_PARTICIPLE = re.compile(r"^\s*(?:\w+ing|speaking|writing|quoted|cited)\b", re.IGNORECASE)
_ROLE = re.compile(
    r"\b(?:director|head|chief|spokes(?:man|woman|person)|official|minister|correspondent|reporter"
    r"|member|leader|commander|expert|archa?eologist|curator|president|secretary|envoy|manager"
    r"|analyst|researcher|professor|founder|editor|governor|representative|ambassador)s?\b",
    re.IGNORECASE,
)
_POSSESSOR = re.compile(r"^(?:the\s+)?(?P<owner>.+?)[’']s\s+(?P<rest>.+)$", re.IGNORECASE)
_OF_OWNER = re.compile(r"\b(?:of|for|at|with)\s+(?:the\s+)?(?P<owner>[^,]+)$", re.IGNORECASE)
# A name, then "of" and a place whose possessive follows: "Halley Ousmane of Mali's".
_NAME_OF = re.compile(r"^(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,4})\s+of\s+\S")
_LEADING = re.compile(
    r"^(?:and\s+|but\s+|that\s+|as\s+)?(?:the\s+)?(?:[A-Z][\w]*-based\s+|[\w]+-based\s+)?"
    # rules-15: a service and ranks before the name ("Army Maj. Gen. Joseph M. Martin")
    r"(?-i:(?:Army|Navy|Air\s+Force|Marine\s+Corps|Marine|Coast\s+Guard)\s+(?=[A-Z][a-z]*\.?\s))?"
    r"(?-i:(?:Dr|Mr|Mrs|Ms|Prof|Professor|Sheikh|Gen|General|Col|Colonel|Maj|Major|Lt|Lieutenant"
    r"|Capt|Captain|Sgt|Sergeant|Brig|Brigadier|Adm|Admiral|Cmdr|Commander)\.?\s+)*",
    re.IGNORECASE,
)
_NOT_A_SPEAKER = re.compile(
    r"^(?:where|which|who|whom|whose|that|it|there|this|these|those|what|when|while|as|if)\b"
    r"|\b(?:was|were|is|are|had|has|have|would|will|could|may|might)\b",
    re.IGNORECASE,
)
PRONOUN = re.compile(
    r"^(?:he|she|they|it|the\s+group|the\s+organi[sz]ation|the\s+agency)$", re.IGNORECASE
)
PERSON_PRONOUN = re.compile(r"^(?:he|she)$", re.IGNORECASE)
UNNAMED = re.compile(
    r"\b(?:sources?|officials?|activists?|residents?|witnesses|an?\s+(?:military\s+)?source"
    r"|spokes(?:man|woman|person)|monitor(?:ing\s+group)?|state\s+media)\b",
    re.IGNORECASE,
)
_INVERTED = re.compile(
    # rules-15: a rank's or an initial's full stop inside the name ("said Army Maj. Gen.
    # Joseph M. Martin, commanding general of …"): within one sentence a full stop before a
    # capital is an abbreviation's
    rf"[,”\"]\s*(?:{_SAY})\s+(?P<who>(?:[A-Z](?:[^,.;“”\"]|\.(?=\s+[A-Z])){{1,80}}"
    rf"|the\s+[^,.;“”\"]{{1,80}}))(?=\s*(?:[,.;]|$))"
)


@dataclass(frozen=True)
class Speaker:
    """A speaker as the text names them, and the stored source when known."""

    name: str
    source: Entry | None = None
    affiliation: str | None = None
    start: int = 0  # where the attribution is, so its words are not read as a claim's
    end: int = 0
    denies: bool = False


def find_speaker(
    text: str,
    start: int,
    end: int,
    matches: list[Match],
    previous: list[Speaker],
    surnames: dict[str, Entry] | None = None,
) -> Speaker | None:
    """The speaker of the sentence text[start:end]; `previous` are the article's earlier
    speakers, for "he said" and "the group's director"; `surnames` the stored people by
    the last word of their name, for "Abdulkarim said"."""
    found_speaker = _find_speaker(text, start, end, matches, previous)
    if found_speaker is not None and found_speaker.source is None and surnames:
        entry = surnames.get(fold(found_speaker.name))
        if entry is not None:
            found_speaker = replace(found_speaker, source=entry, affiliation=entry.affiliation)
    return found_speaker


def _find_speaker(
    text: str,
    start: int,
    end: int,
    matches: list[Match],
    previous: list[Speaker],
) -> Speaker | None:
    sentence = text[start:end]
    if _ARABIC.search(sentence):
        arabic = _arabic_speaker(text, start, end, matches)
        if arabic is not None:
            return arabic
    for pattern in (QUOTED_AS, WAS_QUOTED) if "quoted" in sentence else ():
        found = pattern.search(sentence)
        if found:
            before = _before(sentence, found.start())
            if pattern is QUOTED_AS:
                who_start, who_end = _span(found, "who", start)
                via: str | None = sentence[before : found.start()]
                via_span = (start + before, start + found.start())
            else:
                who_start, who_end = start + before, start + found.start()
                via = found.group("via")
                via_span = _span(found, "via", start) if via else (0, 0)
            via_entry = _source_in(matches, *via_span) if via else None
            speaker = _speaker(text, who_start, who_end, matches, previous)
            if speaker is None:
                continue
            if speaker.source is None and via:
                via_name = via_entry.name if via_entry else _clean(via)
                speaker = replace(speaker, source=via_entry, affiliation=via_name)
            return replace(speaker, start=start + before, end=start + found.end())
    found = ACCORDING.search(sentence) if "ccording" in sentence else None
    if found:
        speaker = _speaker(text, *_span(found, "who", start), matches, previous)
        # "officials said …, according to Reuters": the officials speak, through Reuters.
        said = _said(text, start, start + found.start(), matches, previous)
        if said is not None and speaker is not None and said.source is None:
            relay = speaker.source.name if speaker.source else speaker.name
            return replace(said, source=speaker.source, affiliation=said.affiliation or relay)
        if said is not None:
            return said
        if speaker:
            return replace(speaker, start=start + found.start(), end=start + found.end())
    found = TOLD.search(sentence) if ("told" in sentence or "tells" in sentence) else None
    if found and not _PASSIVE_BEFORE.search(sentence[: found.start()]):
        before = _before(sentence, found.start())
        speaker = _speaker(text, start + before, start + found.start(), matches, previous)
        if speaker is not None:
            to_entry = _source_in(matches, *_span(found, "to", start))
            if speaker.source is None and to_entry is not None:
                speaker = replace(speaker, source=to_entry, affiliation=to_entry.name)
            return replace(speaker, start=start + before, end=start + found.end())
    return _said(text, start, end, matches, previous)


def _said(
    text: str, start: int, end: int, matches: list[Match], previous: list[Speaker]
) -> Speaker | None:
    """The speaker of a say verb in text[start:end]: "X said", "…,” said X"."""
    sentence = text[start:end]
    for verb in SAY_VERB.finditer(sentence):
        # Windows before the verb, not the whole sentence: a run-on text stays linear.
        if _PASSIVE_BEFORE.search(sentence, max(0, verb.start() - 40), verb.start()):
            continue
        # "…,” said X": the speaker follows; the words before are the quotation.
        after_quote = bool(_AFTER_QUOTE.search(sentence, max(0, verb.start() - 10), verb.start()))
        speaker = None
        if not after_quote:
            window = max(start, start + verb.start() - 300)
            speaker = _before_verb(text, window, start + verb.start(), matches, previous)
        if speaker is None:
            inverted = _INVERTED.match(sentence, max(0, verb.start() - 3))
            if inverted is None:
                inverted = _INVERTED.search(sentence, max(0, verb.start() - 3), verb.end() + 120)
            if inverted is not None and inverted.start() <= verb.start():
                speaker = _speaker(text, *_span(inverted, "who", start), matches, previous)
        if speaker is not None:
            denies = verb.group() in ("denied", "denies")
            return replace(
                speaker,
                start=min(speaker.start, start + verb.start()),
                end=start + verb.end(),
                denies=denies,
            )
    return None


_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Arabic puts the verb first: "قال المرصد … إن" (the Observatory said that); "بحسب" (according to).
_ARABIC_SAID = re.compile(
    r"(?<![\u0600-\u06ff])(?:و|ف)?(?:قال|قالت|ذكر|ذكرت|أفاد|أفادت|أعلن|أعلنت|أكد|أكدت|نفى|نفت)\s+"
    r"(?P<who>[^،,.؛:«»\"]{2,80}?)\s+(?:إن|أن|بأن)(?![\u0600-\u06ff])"
)
_ARABIC_ACCORDING = re.compile(
    r"(?<![\u0600-\u06ff])(?:بحسب|حسب|وفقا\s+ل|وفق)\s*(?P<who>[^،,.؛:«»\"]{2,80})"
)


def _arabic_speaker(text: str, start: int, end: int, matches: list[Match]) -> Speaker | None:
    sentence = text[start:end]
    for pattern in (_ARABIC_SAID, _ARABIC_ACCORDING):
        found = pattern.search(sentence)
        if found is None:
            continue
        who_start, who_end = _span(found, "who", start)
        source = next(
            (m for m in matches if who_start <= m.start and m.end <= who_end and m.best("source")),
            None,
        )
        entry = source.best("source") if source else None
        name = source.text if source else " ".join(found.group("who").split())
        denies = found.group().lstrip("وف").startswith("نف")
        return Speaker(
            name,
            entry,
            entry.affiliation if entry else None,
            start + found.start(),
            start + found.end(),
            denies,
        )
    return None


def _before(sentence: str, position: int) -> int:
    """Where the words before `position` begin: after the last punctuation mark."""
    breaks = list(_LAST_BREAK.finditer(sentence, 0, position))
    return breaks[-1].end() if breaks else 0


def _span(found: re.Match[str], group: str, offset: int) -> tuple[int, int]:
    return offset + found.start(group), offset + found.end(group)


_INDEFINITE = re.compile(r"(?:an?|one)\s", re.IGNORECASE)


def _before_verb(
    text: str, start: int, verb_start: int, matches: list[Match], previous: list[Speaker]
) -> Speaker | None:
    """The subject before a say verb, past appositions: "The group's director, Rami
    Abdulrahman, said"; "Al Jazeera's Omar al-Saleh, reporting from the border, said"."""
    cuts = [start] + [
        start + found.end() for found in _SEGMENT_BREAK.finditer(text[start:verb_start])
    ]
    segments = []
    for index, cut in enumerate(cuts):
        stop = cuts[index + 1] - 1 if index + 1 < len(cuts) else verb_start
        segments.append((cut, max(cut, stop)))
    segments.reverse()
    last_start, last_end = segments[0]
    if text[last_start:last_end].strip():
        speaker = _speaker(text, last_start, last_end, matches, previous)
        if speaker is None:
            return None
        descriptor = segments[1] if len(segments) > 1 else None
        return _with_descriptor(text, speaker, descriptor, matches, previous)
    # The verb follows a comma: an apposition stands between the speaker and the verb.
    described: tuple[int, int] | None = None
    for seg_start, seg_end in segments[1:4]:
        words = text[seg_start:seg_end].strip()
        if not words:
            continue
        if (
            _PARTICIPLE.match(words)
            # "The Observatory, a monitor based in Britain, said": a description after a name.
            or (_INDEFINITE.match(words) and not _source_in(matches, seg_start, seg_end))
            or (
                _ROLE.search(words)
                and not _source_in(matches, seg_start, seg_end)
                and not _looks_named(words)
            )
        ):
            described = described or (seg_start, seg_end)
            continue
        speaker = _speaker(text, seg_start, seg_end, matches, previous)
        if speaker is None:
            return None
        return _with_descriptor(text, speaker, described, matches, previous, before=True)
    return None


def _looks_named(words: str) -> bool:
    """A proper name: two capitalised words in a row not opening with a role word."""
    names = re.findall(r"\b[A-Z][\w’'-]+(?:\s+(?:al-|el-|bin\s+|ibn\s+)?[A-Z][\w’'-]+)+", words)
    return any(not _ROLE.search(name) for name in names)


def _with_descriptor(
    text: str,
    speaker: Speaker,
    descriptor: tuple[int, int] | None,
    matches: list[Match],
    previous: list[Speaker],
    before: bool = False,
) -> Speaker:
    if descriptor is None or speaker.affiliation:
        return speaker
    words = text[descriptor[0] : descriptor[1]].strip()
    if not _ROLE.search(words) or (before and not speaker.name[:1].isupper()):
        return speaker
    owner = _POSSESSOR.match(words) or _OF_OWNER.search(words)
    if owner is None:
        return speaker
    owner_entry = _source_in(matches, descriptor[0], descriptor[1])
    if owner_entry is not None:
        return replace(speaker, affiliation=owner_entry.name)
    if PRONOUN.match(owner.group("owner").strip()):
        organisation = _last_organisation(previous)
        if organisation is not None:
            return replace(
                speaker,
                affiliation=organisation.source.name if organisation.source else organisation.name,
            )
    return replace(speaker, affiliation=_clean(owner.group("owner")))


def _speaker(
    text: str, start: int, end: int, matches: list[Match], previous: list[Speaker]
) -> Speaker | None:
    words = text[start:end].strip()
    cleaned = _clean(words)
    if not cleaned or len(cleaned.split()) > 12 or _NOT_A_SPEAKER.search(cleaned):
        return None
    if PRONOUN.match(cleaned):
        if PERSON_PRONOUN.match(cleaned):
            earlier = next((s for s in reversed(previous) if _is_person(s)), None)
        else:
            earlier = _last_organisation(previous)
        return replace(earlier, start=start, end=end) if earlier else None
    if re.fullmatch(r"[A-Z][\w’'-]+", cleaned):  # a surname: "Assad added"
        earlier = next(
            (s for s in reversed(previous) if s.name.split()[-1].endswith(cleaned)), None
        )
        if earlier is not None and earlier.source is not None:
            return replace(earlier, name=cleaned, start=start, end=end)
    inside = [m for m in matches if start <= m.start and m.end <= end]
    source = next((m for m in reversed(inside) if m.best("source")), None)
    possessor = _POSSESSOR.match(cleaned)
    if source is not None:
        entry = source.best("source")
        assert entry is not None
        affiliation = entry.affiliation
        before_name = text[start : source.start]
        owner = next(
            (m.best("source") for m in inside if m.end <= source.start and m.best("source")), None
        )
        if owner is not None and re.search(r"[’']s\s*$", before_name):
            affiliation = owner.name
        return Speaker(source.text, entry, affiliation, start, end)
    named = cleaned[:1].isupper() or cleaned[:1].isdigit() or UNNAMED.search(cleaned)
    if not named and not re.match(r"^(?:an?|the)\s", words, re.IGNORECASE):
        return None
    titled = _NAME_OF.match(possessor.group("owner")) if possessor is not None else None
    if titled is not None:
        # "Mayor Halley Ousmane of Mali's fabled city of Timbuktu": the person, of a place
        name = titled.group("name")
        return Speaker(name, None, _clean(cleaned[len(name) :].strip()[3:]), start, end)
    if possessor is not None and not _ROLE.fullmatch(possessor.group("rest").strip()):
        return Speaker(
            possessor.group("rest").strip(), None, _clean(possessor.group("owner")), start, end
        )
    actor = next((m for m in inside if m.best("actor")), None)
    if actor is not None and len(actor.text) >= len(cleaned) - 4:
        return Speaker(actor.text, None, None, start, end)
    return Speaker(cleaned, None, None, start, end)


def _clean(words: str) -> str:
    words = " ".join(words.split())
    return _LEADING.sub("", words, count=1).strip(" ,.;:") if words else ""


def _source_in(matches: list[Match], start: int, end: int) -> Entry | None:
    return next(
        (
            m.best("source")
            for m in matches
            if start <= m.start and m.end <= end and m.best("source")
        ),
        None,
    )


def _is_person(speaker: Speaker) -> bool:
    if speaker.source is not None:
        return speaker.source.affiliation is not None or len(speaker.name.split()) in (2, 3)
    return _looks_named(speaker.name)


def _last_organisation(previous: list[Speaker]) -> Speaker | None:
    return next((s for s in reversed(previous) if not _is_person(s) and s.source), None)


# A speaking turn in a record of several speakers (a debate, written questions and answers, a
# briefing): the speaker's name heads the turn, on a line of its own ("Baroness Bull (CB)"),
# before a colon ("Lord Ahmad of Wimbledon: The Minister …"), after "Asked by" / "Answered
# by", or glued to its first words in a printed record ("§ Lord RedesdaleMy Lords, …").
_TITLE = (
    r"(?:The\s+)?(?:Rt\.?\s+Hon\.?\s+)?(?:Lord\s+Bishop|Lord|Baroness|Baron|Lady|Earl|Countess"
    r"|Marquess|Viscount|Duke|Bishop|Archbishop|Sir|Dame|Mr|Mrs|Ms|Miss|Dr|Ambassador"
    r"|Minister|Secretary)\.?"
)
_NAME_WORD = r"(?:[A-Z][a-z’'.-]*(?:-[A-Z][a-z]+)?|of|for|the|and|de|al|bin|ibn)"
TURN = re.compile(
    rf"^[ \t]*(?:§[ \t]*)?(?:(?:Asked|Answered)[ \t]+by:?[ \t]*)?"
    rf"(?P<name>{_TITLE}(?:[ \t]+{_NAME_WORD}){{1,7}}?"
    # a name with no title is a turn only with its party or seat after it
    rf"|[A-Z][a-z’'.-]+(?:[ \t]+[A-Z][a-z’'.-]+){{1,3}}(?=[ \t]*\())"
    r"(?:[ \t]*\([^()\n]{1,60}\))*"
    r"(?=[ \t]*:[ \t]|[ \t]+[-–][ \t]|[ \t]*$"
    r"|(?:My\s+Lords|Mr\s+Speaker|Madam\s+(?:Deputy\s+)?Speaker)"
    r"|(?<=[a-z])(?:asked\b|We\b|I\b|It\b|The\b|This\b)|[ \t]+(?:asked|rose|To\s+ask)\b)",
    re.MULTILINE,
)


def speaking_turns(text: str) -> list[Speaker]:
    """Each speaking turn's speaker, in text order, from where the turn starts, in a text
    that records two turns or more; none in an article (a single heading is its author:
    the article's own voice)."""
    turns = [
        Speaker(found.group("name").strip(), start=found.start(), end=found.end("name"))
        for found in TURN.finditer(text)
    ]
    return turns if len(turns) >= 2 else []
