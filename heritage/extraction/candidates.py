"""Candidate claims from one article's text: each cue of an event, with its site, actor,
date, speaker, stance and quote, assembled for a person to accept, edit or reject."""

from __future__ import annotations

import datetime as dt
import functools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from heritage.extraction import dates as dates_module
from heritage.extraction.dates import DateMention, find_dates
from heritage.extraction.events import (
    AGENT_AFTER,
    HERITAGE_OBJECTS,
    HERITAGE_STAFF,
    NON_STATE_WORDS,
    OPPOSED,
    PERSON_EVENTS,
    STATE_ACTOR_WORDS,
    STATE_WORDS,
    SUPPORT,
    Cue,
    find_cues,
    is_conditional_sentence,
    is_hypothetical,
    role_for,
)
from heritage.extraction.gazetteer import Entry, Gazetteer, Match, tokenize
from heritage.extraction.lexicon import (
    AIMED_AT,
    ATTACK_ON,
    ATTACKED,
    CAME_UNDER,
    EXPLODED_AT,
    FIGHT_TO,
    FIRED_AT,
    HELD_THINGS,
)
from heritage.extraction.sentences import (
    LIST_ITEM,
    Sentence,
    clauses,
    mask_markup,
    split_sentences,
)
from heritage.extraction.speakers import Speaker, find_speaker, speaking_turns
from heritage.extraction.stance import DENIAL, blame_after, disputed_events, stance_of
from heritage.text import fold as fold_text
from heritage.vocab import ActorRole, EventType, Stance

EXTRACTOR_VERSION = "rules-24"
# Stored names are folded again and again as each mention is resolved: once is enough.
fold = functools.lru_cache(maxsize=16384)(fold_text)

# Heritage nouns, one list: the singular and plural of each, whether it names a building or
# a place of its own ("the Palmyra museum", "Umayyad Mosque"), and whether it reads as a
# heritage monument when unnamed ("two temples"; a prison is no monument).
_NOUNS: tuple[tuple[str, str, bool, bool], ...] = (
    # singular, plural, building, monument
    ("temple", "temples", True, True),
    ("mosque", "mosques", True, True),
    ("church", "churches", True, True),
    ("monastery", "monasteries", True, True),
    ("shrine", "shrines", True, True),
    ("tomb", "tombs", True, True),
    ("mausoleum", "mausoleums|mausolea", True, True),
    ("citadel", "citadels", True, True),
    ("castle", "castles", True, True),
    ("museum", "museums", True, True),
    ("palace", "palaces", True, True),
    ("bridge", "bridges", True, True),
    ("souk", "souks", True, True),
    ("minaret", "minarets", True, True),
    ("cathedral", "cathedrals", True, True),
    ("synagogue", "synagogues", True, True),
    ("library", "libraries", True, True),
    ("arch", "arches", True, True),
    ("theatre", "theatres", True, True),
    ("theater", "theaters", True, True),
    ("amphitheatre", "amphitheatres", True, True),
    ("sanctuary", "sanctuaries", True, True),
    ("tower", "towers", True, True),
    ("gate", "gates", True, False),
    ("prison", "prisons", True, False),
    ("", "manuscripts", True, True),
    ("archive", "archives", True, True),
    ("monument", "monuments", False, True),
    ("statue", "statues", False, True),
    ("", "artefacts", False, True),
    ("artifact", "artifacts", False, True),
    ("antiquity", "antiquities", False, True),
    ("column", "columns", False, True),
    ("colonnade", "colonnades", False, True),
    ("ruin", "ruins", False, True),
    ("sculpture", "sculptures", False, True),
    ("bust", "busts", False, True),
    ("relief", "reliefs", False, True),
    ("cemetery", "cemeteries", False, True),
    ("grave", "graves", False, True),
    ("mosaic", "mosaics", False, True),
    ("", "treasures", False, True),
    ("tetrapylon", "tetrapylons", False, True),
    ("facade", "facades", False, True),
    ("façade", "façades", False, True),
    ("gateway", "gateways", False, True),
    ("portico", "porticos|porticoes", False, True),
    ("altar", "altars", False, True),
    ("stele", "steles|stelae", False, True),
    ("fountain", "fountains", False, True),
    ("hammam", "hammams", False, True),
    ("madrasa", "madrasas", False, True),
    ("dome", "domes", False, True),
    ("fortress", "fortresses", False, True),
    ("fort", "forts", False, True),
    ("basilica", "basilicas", False, True),
    ("chapel", "chapels", False, True),
    ("khan", "khans", False, True),
    ("caravanserai", "caravanserais", False, True),
    ("necropolis", "necropolises|necropoleis", False, True),
    ("", "frescoes", False, True),
    ("", "inscriptions", False, True),
    ("", "idols", False, True),
    ("", "icons", False, True),
    ("", "artworks", False, True),
    ("relic", "relics", False, True),
    # rules-20: Buddhist monuments (Myanmar's)
    ("pagoda", "pagodas", True, True),
    ("stupa", "stupas", True, True),
)


def _noun_forms(building: bool = False, monument: bool = False, singular: bool = True) -> str:
    """The nouns of the list as one alternation, longest first."""
    forms = [
        form
        for one, many, is_building, is_monument in _NOUNS
        if (is_building or not building) and (is_monument or not monument)
        for form in ((one, *many.split("|")) if singular else tuple(many.split("|")))
        if form
    ]
    return "|".join(sorted(forms, key=len, reverse=True))


# A word of a name ("Walid", "al-Walid") and the small words joining them ("ibn", "of").
_NAME_WORD = r"(?:[A-Z]|(?:al|el|ad|an|ar|as|ash|at|az)-[A-Z])[\w’'-]*"
_NAME_JOINT = r"(?:of|al|el|de|ibn|bin|bint|abu|abi|ben|bani)"


_HERITAGE_NOUN = (
    r"(?:tower\s+tombs|(?:archaeological|heritage|historic)\s+sites?|walls|baths"
    r"|(?:heritage|historic|historical|ancient|old|religious)\s+(?:buildings|structures)"
    # rules-20: kinds of building counted or named in bulk (the guide, 2.5.2)
    r"|houses\s+of\s+worship|religious\s+(?:cent(?:er|re)s|sites)"
    rf"|(?:old|ancient|historic)\s+(?:city|quarter|market)|{_noun_forms(monument=True)})"
)
# A heritage noun's singular, by any of its forms ("mausolea": mausoleum).
SINGULAR = {
    form: one or many.split("|")[0]
    for one, many, _, _ in _NOUNS
    for form in (one, *many.split("|"))
    if form
}
_QUANTITY = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|(?!(?:1[0-9]|20)\d\d\b)\d+|several|some|many|dozens|hundreds|thousands|scores|a\s+number"
    r"|most|all|few|numerous|countless|other)(?:\s+of)?(?:\s+(?:its|their|the|his|her))?"
)
UNNAMED = re.compile(
    rf"\b(?:(?i:{_QUANTITY})|(?i:the|an?|its|their|this|these|that|those))\s+"
    rf"(?:(?!(?:the|an?|and|or|in|at|by|of|to|was|were|is|are|had|has|have)\b)[a-z][\w’'-]*\s+){{0,3}}?"
    rf"{_HERITAGE_NOUN}\b"
)
# A known name followed by a building's noun names another place ("the Palmyra museum", when
# the tracker holds no such museum): not the known site.
_BUILDING_AFTER = re.compile(rf"\s+(?i:{_noun_forms(building=True)}|sites)\b")
# "in Palmyra" after the monument: where it stands, not what happened to it.
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|inside|around|across|throughout|of)\s+(?:the\s+)?(?:ancient\s+|old\s+"
    r"|modern\s+|historic\s+|desert\s+)?(?:(?:city|town|village|site)\s+of\s+)?$",
    re.IGNORECASE,
)
# "the town of Tadmur": the place named, not where something stands.
_NAMING_OF = re.compile(r"\b(?:city|town|village|site|oasis|ruins)\s+of\s+$", re.IGNORECASE)
# A heading that names a topic ("Destruction of Palmyra") claims nothing.
_NOUN_CUE = re.compile(
    r"^(?:destruction|demolition|liberation|evacuation|restoration|reconstruction|fall\s+of"
    r"|siege\s+of|seizure\s+of|looting|capture|recapture|damage|occupation|abandonment)$",
    re.IGNORECASE,
)
_BUILDING_NOUNS = frozenset(
    one for one, _, building, _ in _NOUNS if building and one and one not in ("minaret", "gate")
)
# Singular, as a name's last word ("Umayyad Mosque"); a collection is named in the plural.
_BUILDING_NAMES = "|".join(one for one, _, building, _ in _NOUNS if building and one)
_PLACE_NOUN = rf"(?i:{_BUILDING_NAMES}|manuscripts|archives)"
_CAPITAL_BUILDING = "|".join(
    form[0].upper() + form[1:] for form in _noun_forms(building=True).split("|")
)
_NAME_WORDS = (
    # rules-15: "Khalid ibn al-Walid", "Abu Bakr": a patronym's lowercase link
    r"(?:(?:al|el|ad|as|an|ar|ash|at|az)-)?[A-Z\u0600-\u06ff][\w’'-]+(?:\s+(?:(?:ibn|bin|bint)\s+(?:al-|el-)?"
    r"|al-|el-|ad-|as-|an-|ar-|of\s+(?:the\s+)?|de\s+|des\s+|du\s+"
    r"|la\s+|le\s+|di\s+)?[A-Z][\w’'-]+){0,3}"
)
UNKNOWN_PLACES = [
    re.compile(
        r"\b(?i:(?:the\s+)?(?:ancient\s+|old\s+|historic\s+|modern\s+|archaeological\s+)?"
        r"(?:city|town|village|site|oasis)\s+of\s+)"
        rf"(?P<name>{_NAME_WORDS})"
    ),
    re.compile(rf"(?P<name>(?:Old|Ancient|Historic)\s+City\s+of\s+{_NAME_WORDS})"),
    re.compile(
        rf"(?P<name>(?:[A-Z][\w’'-]+\s+(?:(?:ibn|bin|bint)\s+(?:al-|el-)?)?){{1,4}}{_PLACE_NOUN})\b"
    ),
    # "the Citadel", "the Souks": a building named by its noun alone, capitalised
    re.compile(rf"\b(?:the|The)\s+(?P<name>(?:{_CAPITAL_BUILDING}))\b"),
    re.compile(
        # "the minaret of the Umayyad Mosque" names the mosque: a minaret is part of a building
        rf"(?P<name>(?i:{_BUILDING_NAMES.replace('minaret|', '')})\s+of\s+(?:the\s+)?{_NAME_WORDS})"
    ),
]
_AFTER_CUE_NAME = re.compile(
    rf"\s+(?:the\s+)?(?:ancient\s+|historic\s+|old\s+)?(?P<name>{_NAME_WORDS})"
)
_NOT_A_PLACE = re.compile(
    r"^(?:The|A|An|In|On|At|This|That|These|Those|It|Its|Their|Such|He|She|They|We|I"
    r"|But|And|Or|Yet|So|However|Meanwhile|Now|Then|Thus|Still|Also|January|February|March|April|May|June|July"
    # rules-14: a sentence's opening adverb or pronoun ("Therefore, …", "Both mosques …")
    r"|Therefore|Hence|Moreover|Furthermore|Nevertheless|Nonetheless|Instead|Both|Either|Neither|Each"
    r"|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday"
    r"|Sunday|President|Minister|General|Mr|Mrs|Dr|Another|Other|Some|Several|Many|Most|All"
    # a speech's address: "Madam Chair", "Mr Speaker", "Your Excellency"
    r"|Madam|Madame|Mister|Ms|Speaker|Chair|Chairman|Chairperson|Excellency|Excellencies|Colleagues"
    r"|Witnesses|Residents|Officials|Activists|Sources|Months|Years|Weeks|Days"
    # rules-16: things and people that open a sentence, never its place
    r"|Ammunition|Weapons|Explosives|Caches|Cache|Mines|Forces|Troops|Soldiers|Militants|Police"
    r"|Policemen|Gunmen|Fighters|Marines|Local|Initial|Aerial|Aug|Sept|Oct|Nov|Dec|Feb|Apr"
    # a count's adverb opening a sentence ("Around 155 churches"): no name
    r"|Around|About|Nearly|Almost|Approximately|Roughly|Over|Some|More|Fewer|Less|Up|Only"
    r"|Whole|Entire"
    r"|Thousands|Hundreds|Dozens|Scores|Tens|Millions)$"
)
ANAPHORA = re.compile(
    r"\b(?:(?:the|this|that)\s+(?:ancient\s+|historic\s+|old\s+|desert\s+|oasis\s+|modern\s+|whole\s+|entire\s+)?"
    r"(?:city|town|site|ruins|oasis|area)|(?:ancient|historic)\s+(?:city|town|site))\b",
    re.IGNORECASE,
)
_COORDINATED = re.compile(
    r"^\s*(?:,|and|as\s+well\s+as|,\s*and|&"
    # rules-15: "on Kyiv and across Ukraine, including Lviv": the places listed after it too
    r"|,?\s*(?:and\s+)?(?:across|throughout)\s+(?-i:[A-Z])[\w’'-]*,?\s+including)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
LATER = re.compile(
    r"\b(?:later|afterwards|subsequently|since\s+then|in\s+the\s+following\s+months)\b",
    re.IGNORECASE,
)
_NOW = re.compile(r"\b(?:now|currently|today|this\s+morning)\b", re.IGNORECASE)
PERFECT = re.compile(
    r"\b(?:has|have)\s+(?:(?:now|also|reportedly|just|finally|\w+ly)\s+){0,2}(?:been\s+)?"
    r"(?:(?:now|also|reportedly|just|finally|\w+ly)\s+){0,2}(?:re)?\w+(?:ed|en|t|wn|ken)\b",
    re.IGNORECASE,
)
_SUPPORT_END = re.compile(r"[,;.]|\s(?:have|has|had|took|take|retook|recaptured)\b")
# A new paragraph that goes on with the story told before it ("The group also destroyed").
_GOES_ON = re.compile(
    r"\b(?:also|then|again|further|subsequently|afterwards|later|the\s+same\s+day|that\s+day)\b",
    re.IGNORECASE,
)
# "ISIL was driven out of Palmyra": the one named lost the place; who took it is not said.
_LOSER_CUE = re.compile(
    r"driven|expelled|ousted|pushed|withdr|retreat|fled|flee|lost\s+control", re.IGNORECASE
)
_DEMONYM_FORCE = re.compile(
    r"\b(?P<word>[A-Z][a-z]+(?:an|ian|ish|ese|i))\s+(?:missiles?|rockets?|forces|troops|jets|aircraft"
    r"|warplanes|planes|drones|strikes|air\s*strikes|shelling|artillery|soldiers|bombers)\b"
)
_CONTROL_EVENTS = frozenset({EventType.CAPTURED, EventType.BESIEGED, EventType.CONTESTED})


@dataclass
class Candidate:
    """One proposed claim."""

    site: Entry | None
    mention: str | None
    event_type: str | None
    date: str | None
    actor: Entry | None
    actor_role: str | None
    speaker: str | None
    speaker_source: Entry | None
    speaker_affiliation: str | None
    stance: str
    quote: str
    quote_start: int
    quote_end: int
    score: float
    caption: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "site": {"key": self.site.key, "name": self.site.name} if self.site else None,
            "mention": self.mention,
            "event_type": self.event_type,
            "date": self.date,
            "actor": (
                {"key": self.actor.key, "name": self.actor.name, "role": self.actor_role}
                if self.actor
                else None
            ),
            "speaker": (
                {
                    "name": self.speaker,
                    "key": self.speaker_source.key if self.speaker_source else None,
                    "affiliation": self.speaker_affiliation,
                }
                if self.speaker
                else None
            ),
            "stance": self.stance,
            "quote": self.quote,
            "quote_start": self.quote_start,
            "quote_end": self.quote_end,
            "score": self.score,
            "caption": self.caption,
        }


@dataclass(frozen=True)
class _Place:
    site: Entry | None
    mention: str
    start: int
    how: str  # "named" | "unnamed" | "unknown" | "anaphora" | "part" (of the site's building)
    ambiguous: bool = False


T = TypeVar("T")


class _Spans(Generic[T]):
    """Things found in the text, by where they start: those inside a span in log time, so
    that a long text costs in proportion to its length."""

    def __init__(self, items: Sequence[T], start_of: Callable[[T], int]) -> None:
        self.items = sorted(items, key=start_of)
        self.starts = [start_of(item) for item in self.items]

    def within(self, start: int, end: int) -> list[T]:
        return self.items[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def count_before(self, position: int) -> int:
        return bisect_left(self.starts, position)


@dataclass
class _Article:
    """What one extraction reads, found once."""

    text: str
    published: dt.date | None
    sentences: list[Sentence]
    matches: _Spans[Match]
    actors: _Spans[Match]
    date_mentions: _Spans[DateMention]
    main_site: Entry | None
    gazetteer: Gazetteer
    cues: _Spans[Cue]
    disputes: _Spans[tuple[EventType, int, int]]
    paragraph_sizes: Counter[int] = field(default_factory=Counter)
    context_date: tuple[str, int] | None = None  # (edtf, sentence index)
    places_found: dict[
        tuple[int, int], tuple[list[_Place], list[_Place], list[tuple[int, int]]]
    ] = field(default_factory=dict)
    last_place: _Place | None = None  # the place of the last claim, for "It was recaptured"
    context_year: tuple[int, int] | None = None  # the story's year as last stated, and where
    title_sites: tuple[Entry, ...] = ()  # the sites the title names, for "the mosque"
    # the stated date of each (place, event type) told so far, for the same event told again
    event_dates: dict[tuple[str, EventType], str] = field(default_factory=dict)
    # the (place, event type) pairs told so far, dated or not
    told: set[tuple[str, EventType]] = field(default_factory=set)
    # the paragraph whose story is in times before the modern era, until a date says otherwise
    history_paragraph: int | None = None


def extract(
    text: str,
    *,
    published: dt.date | None,
    gazetteer: Gazetteer,
    title: str | None = None,
    publisher: str | None = None,
) -> list[Candidate]:
    """The candidate claims of an article, in text order. Offsets count in `text` as given
    (markup is read past, never removed). Without a publication date, relative dates ("on
    Sunday", "in May") are left null; stated ones ("30 August 2015") stand. The publisher
    speaking of itself ("Al Jazeera reported") is the article's own voice."""
    analysis = mask_markup(text)
    matches = [
        found
        for found in gazetteer.find(analysis, tokenize(analysis))
        if not (
            found.best("site")
            and not found.best("actor")
            and _BUILDING_AFTER.match(analysis, found.end)
            and not _own_noun_after(found, analysis)
        )
    ]
    sentences = split_sentences(analysis)
    article = _Article(
        text=analysis,
        published=published,
        sentences=sentences,
        matches=_Spans(matches, lambda m: m.start),
        actors=_Spans([m for m in matches if m.best("actor")], lambda m: m.start),
        date_mentions=_Spans(find_dates(analysis, published), lambda d: d.start),
        main_site=_main_site(matches, gazetteer.find(title) if title else []),
        gazetteer=gazetteer,
        cues=_Spans(find_cues(analysis), lambda c: c.start),
        disputes=_Spans(disputed_events(analysis, 0, len(analysis)), lambda d: d[1]),
        paragraph_sizes=Counter(sentence.paragraph for sentence in sentences),
        title_sites=tuple(
            entry
            for found in (gazetteer.find(title) if title else [])
            if (entry := found.best("site")) is not None
        ),
    )
    speakers = _speakers(article)
    if publisher:  # the publisher quoting itself is the article's own voice
        own = fold(publisher)
        speakers = {
            index: speaker
            for index, speaker in speakers.items()
            if fold(speaker.source.name if speaker.source and speaker.source.key else speaker.name)
            != own
            or speaker.affiliation is not None
        }
    candidates: list[Candidate] = []
    seen: set[tuple[Any, ...]] = set()
    for sentence in article.sentences:
        if sentence.skip:
            continue
        found = _sentence_candidates(article, sentence, speakers.get(sentence.index))
        for candidate in found:
            key = (
                candidate.site.key if candidate.site else candidate.mention,
                candidate.event_type,
                candidate.actor.key if candidate.actor else None,
                candidate.actor_role,
                candidate.stance,
                candidate.quote_start,
            )
            if key not in seen:
                seen.add(key)
                candidates.append(candidate)
    # a weapon aimed at a site is possible damage only while the article tells no harm to it
    harmed = {c.site.key for c in candidates if c.site is not None and c.event_type in _HARM}
    candidates = [
        c
        for c in candidates
        if not (
            c.event_type == EventType.POSSIBLY_DAMAGED
            and c.site is not None
            and c.site.key in harmed
            and _AIMED_AT.search(analysis, c.quote_start, c.quote_end)
        )
    ]
    # the article's own "was not damaged", "was spared" disputes only what some passage
    # affirms; with nothing to contradict it is no claim (the guide, 7: `negation`)
    affirmed = {(_key_of(c), c.event_type) for c in candidates if c.stance == Stance.AFFIRMS}
    candidates = [
        c
        for c in candidates
        if not (
            c.stance == Stance.DISPUTES
            and c.speaker is None
            and (_key_of(c), c.event_type) not in affirmed
            # "rumours that it was looted proved false": a report refuted is a claim disputed
            and not DENIAL.search(analysis, c.quote_start, c.quote_end)
        )
    ]
    for candidate in candidates:  # exact offsets in the text as given, markup and all
        candidate.quote = text[candidate.quote_start : candidate.quote_end]
        if candidate.date is None and published is not None and not candidate.caption:
            # a sentence that dates nothing tells of a time before the publication (the
            # guide, 5.2); a caption's date is its photo's, never the event's
            candidate.date = f"../{published.isoformat()}"
    return candidates


def _key_of(candidate: Candidate) -> str | None:
    return candidate.site.key if candidate.site else candidate.mention


# "launched a missile at", "rockets were fired at": the lexicon's possible damage that harm
# told elsewhere outweighs
_AIMED_AT = re.compile(f"{AIMED_AT}|{FIRED_AT}|{ATTACK_ON}|{ATTACKED}|{EXPLODED_AT}", re.IGNORECASE)
_ATTACK_ON = re.compile(f"{ATTACK_ON}|{ATTACKED}", re.IGNORECASE)
_FIGHT_TO = re.compile(FIGHT_TO, re.IGNORECASE)
_CAME_UNDER = re.compile(CAME_UNDER, re.IGNORECASE)
_ATTACKED = re.compile(ATTACKED, re.IGNORECASE)
# Before "came under", from just before the place: another clause, or the people who came
# under it ("troops near the mosque came under fire", "entered the mosque when a convoy came
# under attack").
_NOT_THE_SUBJECT = re.compile(
    r"\b(?:when|while|as|after|because|before|since|until|where|convoys?|patrols?|troops|forces"
    r"|soldiers|units?|marines|police|vehicles?)\b",
    re.IGNORECASE,
)


def _own_noun_after(found: Match, text: str) -> bool:
    """ "the Sidi Al-Andlusi mausoleum" for the stored Sidi Al-Andalusi Mausoleum: the noun
    after the name is the site's own (one of its names holds it), no other place."""
    entry = found.best("site")
    after = _BUILDING_AFTER.match(text, found.end)
    if entry is None or after is None:
        return False
    noun = after.group().strip().lower()
    noun = SINGULAR.get(noun, noun)
    return any(noun in fold(name).split() for name in (entry.name, *entry.names))


def _main_site(matches: list[Match], title_matches: list[Match]) -> Entry | None:
    """The site an article is about: the one it names most (its title counts double)."""
    counts: Counter[int] = Counter()
    first: dict[int, Entry] = {}
    for weight, found in [(1, m) for m in matches] + [(2, m) for m in title_matches]:
        entry = found.best("site")
        if entry is not None:
            counts[id(entry)] += weight
            first.setdefault(id(entry), entry)
    if not counts:
        return None
    return first[counts.most_common(1)[0][0]]


def _speakers(article: _Article) -> dict[int, Speaker]:
    """Each sentence's speaker; a sentence inside a quotation takes the speaker named where
    the quotation ends, in the same paragraph."""
    text = article.text
    found: dict[int, Speaker] = {}
    previous: list[Speaker] = []
    for sentence in article.sentences:
        if sentence.skip or sentence.caption:
            continue
        inside = article.matches.within(sentence.start, sentence.end)
        speaker = find_speaker(
            text, sentence.start, sentence.end, inside, previous, article.gazetteer.surnames()
        )
        if speaker is not None:
            found[sentence.index] = speaker
            previous.append(speaker)
    by_paragraph: dict[int, list[Sentence]] = {}
    for sentence in article.sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    for paragraph in by_paragraph.values():
        opened = 0  # quotation marks opened and not closed before the sentence
        for position, sentence in enumerate(paragraph):
            if position:
                between = text[paragraph[position - 1].start : sentence.start]
                opened += between.count("“") - between.count("”")
            if sentence.index in found or sentence.skip or sentence.caption:
                continue
            if not (text[sentence.start : sentence.start + 1] in '“"' or opened > 0):
                continue
            # A quotation attributed where it ends; else one going on after its attribution.
            later = next(
                (found[s.index] for s in paragraph[position + 1 :] if s.index in found), None
            )
            earlier = next(
                (found[s.index] for s in reversed(paragraph[:position]) if s.index in found), None
            )
            speaker = later or earlier
            if speaker is not None:
                found[sentence.index] = speaker
    turns = speaking_turns(text)
    if turns:
        # a record of several speakers: what no one else is said to say, the turn's speaker says
        starts = [turn.start for turn in turns]
        for sentence in article.sentences:
            at = bisect_right(starts, sentence.start) - 1
            if at >= 0 and sentence.index not in found and not sentence.skip:
                found[sentence.index] = turns[at]
    return found


def _sentence_candidates(
    article: _Article, sentence: Sentence, speaker: Speaker | None
) -> list[Candidate]:
    text = article.text
    words = text[sentence.start : sentence.end]
    if _INFOBOX.match(words) and not _STATE_FIELD.match(words):
        return []
    conditional = is_conditional_sentence(words)
    sentence_clauses = clauses(text, sentence.start, sentence.end)
    candidates: list[Candidate] = []
    explicit_used: str | None = None
    own_cues = article.cues.within(sentence.start, sentence.end)
    for cue in own_cues or _inherited_cues(article, sentence):
        if speaker is not None and speaker.start <= cue.start < speaker.end:
            continue
        clause = _clause_of(sentence_clauses, cue.start)
        if conditional:
            # "If it is confirmed, it would be the third site destroyed since IS seized the
            # city in May": the time clause tells a past fact the condition leans on
            presupposed = _presupposed(text, sentence, cue)
            if presupposed is None:
                continue
            clause = presupposed
        if _hypothetical(text, clause, cue):
            continue
        if cue.event_type in PERSON_EVENTS and not _about_staff(article, sentence):
            continue
        if (
            cue.event_type == EventType.EVACUATED
            and not HERITAGE_OBJECTS.search(words)
            and not _ABANDONED.search(text, cue.start, cue.end)
        ):
            continue
        if _is_heading(article, sentence) and _NOUN_CUE.match(text[cue.start : cue.end]):
            continue
        if _NOUN_CUE.match(text[cue.start : cue.end]) and _FUTURE_ACT.search(
            text, sentence.start, cue.start
        ):
            continue  # "will meet … to highlight the destruction of": a topic, no claim
        if cue.event_type == EventType.RESTORED and _AWAITED.search(
            text, max(sentence.start, cue.start - 40), cue.start
        ):
            continue  # "awaiting reconstruction": work to come is no claim (the guide, 3.1)
        if cue.event_type == EventType.ASSESSED and (
            sentence.caption or not (_ASSESSOR.search(words) or _FOUND.match(text, cue.start))
        ):
            continue  # passers-by looking at the damage: no assessment on record
        if cue.event_type == EventType.CONTESTED and _NOT_A_BATTLEGROUND.match(text, cue.end):
            continue  # "the fighting in the ongoing civil war": a time, no place
        if (
            cue.event_type == EventType.CONTESTED
            and _DURING_THE.search(text, max(sentence.start, cue.start - 20), cue.start)
            and any(
                other.event_type != EventType.CONTESTED
                for other in article.cues.within(sentence.start, cue.start)
            )
        ):
            continue  # "damaged in the fighting": the fighting is when, the damage the claim
        if (
            _BOMBARDMENT.match(text, cue.start)
            and _AS_PART_OF.search(text, max(sentence.start, cue.start - 40), cue.start)
            and any(
                other.start < cue.start for other in article.cues.within(sentence.start, cue.start)
            )
        ):
            continue  # rules-15: "destroyed in 2024 as part of the bombing of Gaza": when
        if _TABLE_ROW.match(text, text.rfind("\n", 0, cue.start) + 1, _line_end(text, cue.end)):
            continue  # "Demolished | By … on 7 December 2023 |": an infobox row sums up
        if cue.event_type == EventType.CAPTURED and any(
            fight.end() == cue.end
            for fight in _FIGHT_TO.finditer(text, max(sentence.start, cue.start - 30), cue.end)
        ):
            continue  # "its fight to liberate western Mosul": a fight, not yet a capture
        if (
            text[cue.start : cue.start + 1].isupper()
            and cue.start > sentence.start
            and _ORGANISATION_AFTER.match(text, cue.end, sentence.end)
        ):
            continue  # rules-15: "the Provincial Reconstruction Team": a name, no event
        if _attributive(article, sentence, cue):
            continue  # "the destroyed churches have been rebuilt": the rebuilding is told
        person = cue.event_type in PERSON_EVENTS
        places = _places(article, sentence, clause, cue.start, cue.end, subject=not person)
        if cue.event_type in _CONTROL_EVENTS:
            # a town the tracker does not know changing hands: no heritage claim
            places = [
                p
                for p in places
                if p.how != "unknown" or not _PLAIN_TOWN.search(text, max(0, p.start - 30), p.start)
            ]
        held = _held_subject(article, sentence, cue)
        if held is not None and all(p.site is not held.site for p in places):
            places = [held, *places]
        if cue.event_type in _HOLDINGS_EVENTS:
            places = [_holder_inside(article, sentence, p) for p in places]
        if not places and _STATE_FIELD.match(words) and (own := _title_site(article)):
            places = [_Place(own, own.name, cue.start, "anaphora")]  # the page's own site
        if not places and person and article.main_site is not None:
            # Staff killed or taken: where the article is, unless it says where.
            places = [_Place(article.main_site, article.main_site.name, cue.start, "anaphora")]
        places = [p for p in places if not _beside_civilian(text, sentence, p)]
        places = [
            p
            for p in places
            if not _EXCEPTED.search(text, max(sentence.start, p.start - 40), p.start)
        ]
        places = [_predicated(article, sentence, p) for p in places]
        if cue.event_type == EventType.POSSIBLY_DAMAGED and _ATTACK_ON.match(text, cue.start):
            # "a dozen attacks on Sufi shrines": attacks counted, no site (the guide, 2.5.3);
            # "attacks against Syrian Democratic Force partners": a name unknown is no site;
            # "used mosques to launch attacks on … forces": only what the attack was on
            places = [
                p
                for p in places
                if (p.site is not None or p.how == "unnamed")
                # rules-20: sites counted after the verb are its object ("attacked at least
                # 30 churches": one unnamed claim, the guide 2.5.2)
                and (_ATTACKED.match(text, cue.start) or not bulk_at(text, p.start, sentence.end))
                and cue.end <= p.start <= cue.end + 80
            ]
        if _CAME_UNDER.match(text, cue.start):
            # rules-19: "a convoy came under fire from the X mosque": only a subject before
            # the words came under it
            places = [
                p
                for p in places
                if p.start < cue.start
                and not _NOT_THE_SUBJECT.search(text, max(sentence.start, p.start - 30), cue.start)
            ]
        if (cue.event_type in _HARM or cue.event_type == EventType.POSSIBLY_DAMAGED) and not person:
            # rules-17: "attacked by small-arms fire from the X Mosque": where the fire came
            # from, not what it hit
            places = [
                p for p in places if not _FROM_BEFORE.search(text, max(0, p.start - 80), p.start)
            ]
        if _REST_OF.match(text, cue.end):
            places = [_whole_of(article, p) for p in places]
        if not places:
            continue
        event_type = cue.event_type
        if event_type == EventType.DESTROYED and _DWELLINGS.search(
            text, max(sentence.start, cue.start - 30), min(sentence.end, cue.end + 30)
        ):
            # houses destroyed in an old city: the site is damaged, not destroyed
            event_type = EventType.DAMAGED
        date, explicit = _date(article, sentence, clause, cue.start)
        explicit_used = explicit or explicit_used
        if explicit is not None and _before_modern_times(explicit):
            continue  # "In 1743 … damaged the monastery": history, no claim of the conflicts
        if _NATURAL_CAUSE.search(text, max(clause[0], cue.start - 40), cue.start):
            continue  # "after an earthquake destroyed it": no one's deed
        if _NATURAL_AGENT.match(text, cue.end, clause[1]):
            continue  # "destroyed by an earthquake": no one's deed either
        if explicit is None and _ANCIENT_TIME.search(text, clause[0], clause[1]):
            article.history_paragraph = sentence.paragraph
            continue  # "by the Crusaders in 1187", "in the 13th century": history
        if explicit is None and _past_story(article, sentence, cue.start):
            # "when Tamerlane invaded in the 15th century, he spared it … as the commander of
            # the army that conquered the city": an undated deed told inside a past story
            continue
        if explicit is not None:
            article.history_paragraph = None
        elif article.history_paragraph == sentence.paragraph and _THEN.search(
            text, clause[0], clause[1]
        ):
            continue  # "… in 1260. It was restored again 300 years later": history still
        if event_type in _HARM and _DUD.search(text, cue.start, sentence.end):
            # "hit by a missile, which failed to explode", "a shell that did not explode
            # landed in": the hit is told, no damage
            event_type = EventType.POSSIBLY_DAMAGED
        denies = bool(speaker and speaker.denies)
        blamed_from = blame_after(text, clause, (sentence.start, sentence.end), denies)
        stance = stance_of(text, clause, cue.start, denies, blamed_from is not None)
        actors: list[tuple[Entry | None, ActorRole | None]] = [(None, None)]
        if blamed_from is not None:
            # the actor the denier blames, never the one it clears
            named = article.actors.within(blamed_from, sentence.end)
            blamed = next((e for m in named if (e := m.best("actor")) is not None), None)
            if blamed is not None:
                actors = [(blamed, role_for(cue.event_type))]
        elif not cue.implied:
            found = _actors(article, sentence, cue.event_type, cue.start, cue.end)
            actors = [(entry, role) for entry, role in found] or actors
        if _LEFT.search(text, cue.start, cue.end) and not any(
            role == ActorRole.CONTROLLER for _, role in actors
        ):
            continue  # "as they retreated from the city": left, taken by no one named
        article.last_place = places[0]
        for place in places:
            kind = event_type if place.site is not None else cue.event_type
            if (
                place.how == "part"
                and kind == EventType.DESTROYED
                and (_told(place), EventType.DESTROYED) not in article.told
            ):
                # a part destroyed is severe damage to the building, unless the building was
                # told destroyed already ("the minaret survived the blast, but was razed")
                kind = EventType.SEVERELY_DAMAGED
            if kind == EventType.DESTROYED and _PIECE_OF.search(
                text, max(sentence.start, place.start - 40), place.start
            ):
                kind = EventType.SEVERELY_DAMAGED  # "a hallway in a museum was destroyed"
            if kind in _HARM and _IN_GROUNDS.search(
                text, max(sentence.start, place.start - 60), place.start
            ):
                # "a building in the compound of the church was destroyed": the church stands,
                # its grounds are damaged
                kind = EventType.DAMAGED
            if kind == EventType.DESTROYED and _OWNED_THING.search(
                text, max(sentence.start, cue.start - 50), cue.start
            ):
                kind = EventType.DAMAGED  # "its water tanks were destroyed": fittings, no more
            if (
                kind == EventType.DESTROYED
                and place.site is not None
                and _NOUN_CUE.match(text[cue.start : cue.end])
                and place.start > cue.end
                and _SPREAD_IN.search(text[max(cue.end, place.start - 60) : place.start])
            ):
                kind = EventType.DAMAGED  # "the destruction … in and around Aleppo": in it
            if (
                kind == EventType.RESTORED
                and explicit is None
                and _RENOVATED.match(text, cue.start, cue.end)
                and not _harm_told(article, sentence, place)
            ):
                # "underwent many renovations": upkeep, unless it mends harm the text tells or
                # is dated (a restoration from 1900 on is a claim: the guide, 3.2)
                continue
            told = (_told(place), kind)
            article.told.add(told)
            when = date
            if explicit is not None and date is not None:
                article.event_dates.setdefault(told, date)
            elif not sentence.caption and told in article.event_dates:
                when = article.event_dates[told]  # the same event told again: its stated date
            for actor, role in actors:
                candidates.append(
                    _candidate(article, sentence, speaker, place, kind, when, actor, role, stance)
                )
    for event_type, start, _end in article.disputes.within(sentence.start, sentence.end):
        clause = _clause_of(sentence_clauses, start)
        if is_hypothetical(text[clause[0] : clause[1]]):
            continue
        places = _places(article, sentence, clause, start, _end)
        if not places:
            continue
        date, explicit = _date(article, sentence, clause, start)
        explicit_used = explicit or explicit_used
        for place in places[:1]:
            candidates.append(
                _candidate(
                    article, sentence, speaker, place, event_type, date, None, None, Stance.DISPUTES
                )
            )
    _remember_date(article, sentence, candidates, explicit_used)
    return candidates


# "destroying the pillar and damaging the rest of the ruins": the rest is the whole the part
# stands in, which the gazetteer knows as the part's parent.
_REST_OF = re.compile(r"\s+(?:the\s+)?rest\s+of\b", re.IGNORECASE)


def _whole_of(article: _Article, place: _Place) -> _Place:
    """The stored site a part stands in (its parent), when the article names it."""
    part = place.site
    if part is None or part.parent_id is None:
        return place
    for entry in _sites_named(article):
        if entry.id == part.parent_id:
            return _Place(entry, entry.name, place.start, "anaphora")
    return place


def _sites_named(article: _Article) -> list[Entry]:
    """Every stored site the article names, in the text and then in its title: where a part's
    whole, a building's town or a town's museum is looked up."""
    named = [found.best("site") for found in article.matches.items]
    return [entry for entry in [*named, *article.title_sites] if entry is not None]


# "The X temple is a ruined hilltop temple": the description after the copula is X again.
_COPULA = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:is|was|remains|became|has\s+been)\s+(?:now\s+)?(?:an?|one\s+of\s+the)\s+"
    r"(?:[\w’'-]+\s+){0,4}"
)


def _predicated(article: _Article, sentence: Sentence, place: _Place) -> _Place:
    """An unnamed monument said of a stored site by a copula ("The Velmar temple is a
    destroyed Bronze Age temple") is that site, when its noun is the site's kind or a word
    of its name; "Velmar is a town where a temple was destroyed" keeps the temple apart."""
    if place.site is not None or place.how not in ("unnamed", "unknown"):
        return place
    named = [m for m in article.matches.within(sentence.start, place.start) if m.best("site")]
    if not named:
        return place
    last = named[-1]
    site = last.best("site")
    if site is None or not _COPULA.fullmatch(article.text, last.end, place.start):
        return place
    words = place.mention.split()
    head = fold(words[-1]) if words else ""
    head = SINGULAR.get(head, head)
    own = {fold(word) for name in site.names for word in name.split()}
    if head != fold(site.site_kind or "") and head not in own:
        return place
    return _Place(site, site.name, place.start, "named")


# "captured all the land … with the exception of X itself": X is the one place not taken.
_EXCEPTED = re.compile(
    r"\b(?:with\s+the\s+exception\s+of|except(?:\s+for)?|apart\s+from|other\s+than|save\s+for"
    r"|excluding|but\s+not)\s+(?:the\s+)?(?:town\s+of\s+|city\s+of\s+)?$",
    re.IGNORECASE,
)
# Fire "from" a place: where it came from, not what it hit.
_FROM_BEFORE = re.compile(
    r"\b(?:fire|fired|firing|shot|shots|shooting|launched|attacked|attacks?)\s+(?:[\w’'.-]+\s+){0,8}?"
    r"from\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A cue word capitalised inside an organisation's name ("Reconstruction Team").
_ORGANISATION_AFTER = re.compile(
    r"\s+(?:[A-Z][\w’'-]*\s+){0,2}?(?:Team|Committee|Fund|Authority|Council|Office|Agency"
    r"|Commission|Programme|Program|Project|Unit|Department|Ministry|Board|Trust|Foundation"
    r"|Society|Initiative|Cell|Directorate|Service|Bureau|Institute)\b"
)
# "as part of the bombing of Gaza" after another cue: the bombing as the time of that event.
_BOMBARDMENT = re.compile(r"(?:bombardments?|shellings?|bombings?)\b", re.IGNORECASE)
_AS_PART_OF = re.compile(
    r"\b(?:as\s+part\s+of|in|during|amid|by)\s+(?:the\s+)?(?:[A-Z][a-z]+\s+)?$", re.IGNORECASE
)
# "damaged in the fighting", "destroyed during the clashes": the fighting as a time.
_DURING_THE = re.compile(r"\b(?:in|during|amid)\s+(?:the\s+)?(?:[a-z]+\s+)?$", re.IGNORECASE)
# Buildings of everyday life: what befalls one near a site, or in a town, is not the site's.
_CIVILIAN = re.compile(
    r"\b(?:schools?|hospitals?|clinics?|police\s+stations?|bakery|bakeries|factor(?:y|ies)|hotels?"
    r"|apartments?|apartment\s+blocks?|residential\s+(?:buildings?|blocks?)|power\s+(?:stations?|plants?)"
    r"|airports?|offices?|banks?|stadiums?|petrol\s+stations?|gas\s+stations?|warehouses?|homes?"
    # (a car bomb is a weapon, not a car: rules-19)
    r"|houses?|shops?|cars?(?!\s+bombs?)|vehicles?)\s+(?:[\w’'-]+\s+){0,2}?(?P<where>in|at|near"
    r"|outside|beside"
    r"|next\s+to|close\s+to|opposite|behind|by)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_NEARBY = frozenset(
    ["near", "outside", "beside", "next to", "close to", "opposite", "behind", "by"]
)


def _beside_civilian(text: str, sentence: Sentence, place: _Place) -> bool:
    """A named site that only says where a civilian building stands: "a school in Velor",
    "houses near the bridge". Dwellings in a town stay its own ("homes in the old city")."""
    if place.site is None or place.how != "named":
        return False
    found = _CIVILIAN.search(text, max(sentence.start, place.start - 50), place.start)
    if found is None:
        return False
    where = " ".join(found.group("where").lower().split())
    if where in _NEARBY:
        return True
    return not _DWELLINGS.search(found.group())


# Years before which an event is the building's history, not a claim of the conflicts tracked.
_MODERN_TIMES = 1900
_YEAR = re.compile(r"^(-?\d{4})")
# "a major earthquake destroyed it": nature, no one's deed
_NATURAL_CAUSE = re.compile(
    r"\b(?:earthquakes?|quakes?|floods?|flooding|storms?|hurricanes?|landslides?|tsunamis?"
    r"|lightning|erosion|decay)\s+(?:[\w’'-]+\s+){0,2}?$",
    re.IGNORECASE,
)
# A piece of a building: destroyed, the building is severely damaged.
_PIECE_OF = re.compile(
    r"\b(?:parts?|sections?|hallways?|halls?|walls?|roofs?|wings?|rooms?|floors?|corridors?"
    r"|interiors?|courtyards?|windows|doors|galler(?:y|ies)|ceilings?|staircases?)\s+"
    r"(?:of|in|at|inside)\s+(?:the\s+|an?\s+|its\s+|their\s+)?$",
    re.IGNORECASE,
)


_DAMAGE_EVENTS = frozenset(
    {
        EventType.DESTROYED,
        EventType.SEVERELY_DAMAGED,
        EventType.MODERATELY_DAMAGED,
        EventType.POSSIBLY_DAMAGED,
        EventType.DAMAGED,
        EventType.LOOTED,
        EventType.VANDALISED,
    }
)


def _harm_told(article: _Article, sentence: Sentence, place: _Place) -> bool:
    """A renovation repairs harm when the sentence tells some, or the article told the
    place's."""
    if any(
        cue.event_type in _DAMAGE_EVENTS
        for cue in article.cues.within(sentence.start, sentence.end)
    ):
        return True
    told = _told(place)
    return any((told, harm) in article.told for harm in _DAMAGE_EVENTS)


def _before_modern_times(edtf: str) -> bool:
    year = _YEAR.match(edtf)
    return year is not None and int(year.group(1)) < _MODERN_TIMES


def _told(place: _Place) -> str:
    return place.site.key or place.site.name if place.site else fold(place.mention)


# What tells an unnamed monument apart, after its noun: "of a 15th century Sufi scholar",
# "containing Sufi graves"; not where it stands ("in Tripoli") nor a place ("of Palmyra").
_DESCRIBED = re.compile(
    r"\s+(?:of\s+(?:an?|one|two|three|several)\s+|(?:containing|housing|holding|dedicated\s+to)\s+)"
    r"(?:[\w’'-]+\s+){0,4}?[\w’'-]+(?=\s+(?:in|at|on|near|and|by|from|outside|inside|since|during"
    r"|after|before|which|that|who)\b|\s*[,.;:)])"
)
# rules-15: an unnamed monument said with "a" and where it is ("a mosque in Nangarhar,
# Afghanistan"): the place sets it apart, the article does not (the guide, 2.5.1).
_INDEFINITE = re.compile(r"(?:a|an)\s+(?=[a-z])")
# "a number of churches", "a dozen shrines": the article belongs to the count
_COUNTING = re.compile(r"(?:number|few|dozen|couple|handful|series|score|total)\b")
_LOCATED_IN = re.compile(
    r"\s+in\s+(?:the\s+(?=[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s+(?:district|province|region|governorate"
    r"|neighbou?rhood|quarter|area)\b))?(?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+)?"
    # rules-16: "a mosque in the Zharay district of Kandahar province"
    r"(?:\s+(?:district|province|region|governorate|neighbou?rhood|quarter|area)\b)?"
    r"(?:,\s+[A-Z][\w’'-]+)?"
)
# Renovation is upkeep as often as repair: a claim only when dated, from 1900 on.
_RENOVATED = re.compile(r"renovat", re.IGNORECASE)
# An aim told as an effort: "is trying to destroy".
_TRYING = re.compile(r"\btrying\s+(?:hard\s+)?to\s+$", re.IGNORECASE)
# Work a site waits for or needs: "awaiting reconstruction", "in need of repair".
_AWAITED = re.compile(
    r"\b(?:awaiting|awaits|await|in\s+need\s+of|needs?|requires?|calls?\s+for|ready\s+for)\s+"
    r"(?:[\w’'-]+\s+){0,2}?$",
    re.IGNORECASE,
)
# "Kerry will meet … to highlight the destruction of": a future act whose topic it is.
_FUTURE_ACT = re.compile(r"\b(?:will|shall)\s+(?:[a-z]+ly\s+)?[a-z]+\b(?<!\bbe)", re.IGNORECASE)
# A capture cue that says only who left ("retreated from", "withdrew from", "fled").
_LEFT = re.compile(r"withdr|retreat|fled", re.IGNORECASE)
# Where destruction spread, not what it destroyed: "in and around the city of".
_SPREAD_IN = re.compile(
    r"\b(?:in|around|across|throughout)\s+(?:and\s+around\s+)?(?:the\s+)?(?:[a-z]+\s+){0,2}?"
    r"(?:(?:city|town|region|province|country|area)\s+of\s+)?$",
    re.IGNORECASE,
)
_NOT_A_BATTLEGROUND = re.compile(
    r"\s*(?:the\s+)?(?:[\w’'-]+\s+){0,3}?(?:war|conflict|battle|offensive|uprising|revolution)(?![\w-])",
    re.IGNORECASE,
)
_PLAIN_TOWN = re.compile(
    r"(?<!ancient\s)(?<!historic\s)(?<!old\s)\b(?:town|village)\s+of\s+$", re.IGNORECASE
)
_DWELLINGS = re.compile(r"\b(?:houses|homes|shops|dwellings)\b", re.IGNORECASE)
# Who assesses damage for the record: experts, a mission, officials, not passers-by.
_ASSESSOR = re.compile(
    r"\b(?:experts?|specialists?|engineers?|teams?|missions?|officials?|inspectors?|surveyors?"
    r"|archa?eologists?|architects?|conservators?|delegations?|UNESCO|ministry|authorities"
    # rules-9, the guide (3.1): satellite imagery and an inventory of losses are on record
    r"|satellite|inventor(?:y|ied))\b",
    re.IGNORECASE,
)
_FOUND = re.compile(r"found|discovered", re.IGNORECASE)
_ABANDONED = re.compile(r"abandon|deserted", re.IGNORECASE)
# "destroyed by an earthquake": nature named as the agent after the cue
_NATURAL_AGENT = re.compile(
    r"\s+(?:[\w’'-]+\s+){0,2}?by\s+(?:an?\s+|the\s+)?(?:[a-z]+\s+)?(?:earthquakes?|quakes?"
    r"|floods?|flooding|storms?|hurricanes?|landslides?|tsunamis?|lightning)\b",
    re.IGNORECASE,
)
_PAST_PEOPLES = (
    r"Roman|Byzantine|Ottoman|Abbasid|Umayyad|Mamluk|Ayyubid|Seljuk|Crusader|Mongol|Persian"
    r"|Sasanian|Sassanid|Hellenistic|Assyrian|Babylonian|Achaemenid|Safavid|Fatimid|Timurid"
    r"|Parthian|Hittite|Napoleonic|Crusades"
)
# A time before the modern era that the date reader does not read (years before 1600,
# centuries): the clause tells the building's history.
_ANCIENT_TIME = re.compile(
    r"\b(?:in|by|from|until|of|since|around|circa|c\.)\s+(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?"
    # rules-15: any century or year before the common era ("around 21st Century B.C.")
    r"(?:(?:[1-9]\d?)(?:st|nd|rd|th)[\s-]+(?i:century)\s+(?:B\.C\.(?:E\.)?|BCE?)(?!\w)"
    r"|\d{1,4}\s+(?:B\.C\.(?:E\.)?|BCE?)(?!\w)"
    r"|(?:1[0-9]|[1-9])(?:st|nd|rd|th)[\s-]+century|(?:1[0-5]\d\d|[1-9]\d{1,2})(?![\d,.]*\s*"
    r"(?:(?!(?:by|when|and|after|during|under|as|until|before|following|ad|bc|bce|ce)\b)[a-z%]|\d)))"
    # an era or its people named instead of a year: "in antiquity", "during the Ottoman
    # period", "by the Mongols", "Roman soldiers"
    r"|\b(?:in|during)\s+(?:the\s+)?(?:antiquity|ancient\s+times|(?:early\s+|late\s+|high\s+)?middle\s+ages"
    rf"|medieval\s+(?:times|period|era))\b|\b(?:in|during|under)\s+(?:the\s+)?(?:{_PAST_PEOPLES})"
    r"\s+(?:period|era|age|times|dynasty|empire|caliphate|sultanate|rule|occupation|conquest)\b"
    r"|\bby\s+(?:the\s+)?(?:Mongols|Crusaders|Romans|Ottomans|Byzantines|Persians|Assyrians|Babylonians"
    r"|Timurids|Mamluks|Seljuks|Vandals|Visigoths|Huns|Tamerlane|Timur|Sasanians|Sassanids|Arabs\s+in)\b"
    rf"|\b(?:{_PAST_PEOPLES})\s+(?:soldiers|troops|army|armies|forces|invaders|conquerors|raiders)\b",
    re.IGNORECASE,
)
# A time told relative to the one before: "then", "again", "300 years later".
_THEN = re.compile(r"\b(?:later|then|again|afterwards|soon|subsequently)\b", re.IGNORECASE)
# A strike that did not go off: the building was hit, its damage is not told.
_DUD = re.compile(
    r"\b(?:failed\s+to\s+(?:explode|detonate|go\s+off)|did\s+not\s+(?:explode|detonate"
    r"|go\s+off)|didn[’']t\s+(?:explode|detonate)|unexploded|without\s+exploding)\b",
    re.IGNORECASE,
)
# Another building within a site's grounds: "a building in the compound of".
_IN_GROUNDS = re.compile(
    r"\b(?:buildings?|structures?|outbuildings?|annexe?s?|halls?|houses?|schools?|clinics?|offices?)"
    r"\s+(?:in|of|from|within|inside|on)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:compound|grounds|complex"
    r"|precinct|courtyard|yard)\s+(?:of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# "its water tanks were destroyed": a thing the site owns that is no part of its fabric.
_OWNED_THING = re.compile(
    rf"\b(?:its|their)\s+(?:[a-z]+\s+)?(?!(?:{_noun_forms()})\b)[a-z]+\s+(?:was|were|had\s+been"
    r"|have\s+been|has\s+been)\s+(?:(?:also|\w+ly)\s+)?$",
    re.IGNORECASE,
)
_HARM = frozenset({EventType.DAMAGED, EventType.DESTROYED, EventType.SEVERELY_DAMAGED})
# "vowed to rebuild what IS destroyed": the plan is the rebuilding, the destruction happened.
_RELATIVE = re.compile(r"\b(?:what|which|whatever)\s+", re.IGNORECASE)
# "the recapture of Palmyra will be a launching point": the recapture has happened.
_MODAL_BEFORE = re.compile(
    # rules-15: "must be annihilated", "ought to be restored": an obligation, no deed
    r"\b(?:could|would|might|may|will|should|must|ought\s+to)\s+(?:(?:still|also|not|yet)\s+)?"
    r"(?:be|have\s+been)"
    r"\s+[“\"‘']?\s*(?:[a-z]+\s+(?:and|or)\s+)?$",
    re.IGNORECASE,
)
_SUBORDINATE = re.compile(
    r"\b(?:that|which|who|they|he|she|we)\s+(?:could|would|might|may|will|can)\b", re.IGNORECASE
)
_WILL = re.compile(r"\b(?:will|shall)\b", re.IGNORECASE)


# An infobox's line ("- Result: … destroyed by Islamists") sums up; it claims nothing.
def _line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end


# A row of an infobox laid out as a table: "Label | value |".
_TABLE_ROW = re.compile(r"[A-Z][\w ()'’/-]{0,40}?\s*\|")
_INFOBOX = re.compile(r"^\s*[-•*|]\s*[A-Z][\w ]{0,24}?\d?\s*:\s")
# An infobox's field for the site's own state ("- Condition: Reportedly destroyed in 2015")
# tells what befell the site, where a battle's "- Result:" sums up the page.
_STATE_FIELD = re.compile(
    r"^\s*[-•*|]\s*(?:Current\s+)?(?:Condition|Status|State|Current\s+state)\s*:\s", re.IGNORECASE
)
_PERSON_SUBJECT = re.compile(r"\W*(?:He|She)\b")


# "X is currently under the control of Y": X is held, whatever place the sentence goes on to.
_UNDER_CONTROL = re.compile(r"under\s+(?:the\s+)?control\s+of", re.IGNORECASE)
_HELD_VERB = re.compile(
    r"\b(?:is|are|was|were|remains?|remained|has\s+been|have\s+been|had\s+been)\s+"
    r"(?:(?:still|now|currently|also|\w+ly)\s+){0,2}$",
    re.IGNORECASE,
)


# "the destroyed churches": a participle between a determiner and its noun.
_DETERMINER_END = re.compile(r"\b(?:the|these|those)\s+$", re.IGNORECASE)
_HERITAGE_NEXT = re.compile(rf"\s+(?:(?!(?:the|of|an?)\b)[a-z]+\s+)?(?i:{_HERITAGE_NOUN})\b")
_PARTICIPLE = re.compile(r"[a-z]+(?:ed|en|t)$", re.IGNORECASE)


def _attributive(article: _Article, sentence: Sentence, cue: Cue) -> bool:
    """A participle naming what a monument went through, in a sentence whose verb tells
    another event of it: the state is the subject's description, the verb the claim."""
    text = article.text
    if not _PARTICIPLE.match(text, cue.start, cue.end):
        return False
    if not _DETERMINER_END.search(text, max(sentence.start, cue.start - 12), cue.start):
        return False
    if not _HERITAGE_NEXT.match(text, cue.end, sentence.end):
        return False
    return any(
        other.start > cue.end and other.event_type != cue.event_type
        for other in article.cues.within(cue.end, sentence.end)
    )


_SINCE = re.compile(r"\b(?:since|after)\s+", re.IGNORECASE)
_PAST_CUE = re.compile(r"(?:ed|took|fell|blew|overran|stole|tore|razed)$", re.IGNORECASE)
_CLAUSE_STOP = re.compile(r"[,;.:]")


def _presupposed(article_text: str, sentence: Sentence, cue: Cue) -> tuple[int, int] | None:
    """The "since …" or "after …" clause holding a past-tense cue, in a sentence whose main
    clause is a condition: its span, else None."""
    text = article_text
    if not _PAST_CUE.search(text, cue.start, cue.end):
        return None
    opening = None
    for found in _SINCE.finditer(text, sentence.start, cue.start):
        opening = found
    if opening is None or _CLAUSE_STOP.search(text, opening.end(), cue.start):
        return None
    stop = _CLAUSE_STOP.search(text, cue.end, sentence.end)
    return opening.start(), stop.start() if stop else sentence.end


def _held_subject(article: _Article, sentence: Sentence, cue: Cue) -> _Place | None:
    """The site a sentence opens with, when its verb is "is under the control of"."""
    text = article.text
    if not _UNDER_CONTROL.match(text, cue.start, cue.end):
        return None
    if not _HELD_VERB.search(text, max(sentence.start, cue.start - 40), cue.start):
        return None
    opening = re.match(r"\W*", text[sentence.start : sentence.end])
    start = sentence.start + (opening.end() if opening else 0)
    first = next(iter(article.matches.within(start, start + 1)), None)
    entry = first.best("site") if first is not None else None
    if first is None or entry is None:
        return None
    return _Place(entry, first.text, first.start, "named", first.ambiguous("site"))


def _hypothetical(text: str, clause: tuple[int, int], cue: Cue) -> bool:
    """A condition, plan or fear governs the cue; not one whose object is a past deed ("what
    IS destroyed"), nor a future said of a deed named as a noun ("the recapture … will")."""
    if cue.event_type == EventType.POSSIBLY_DAMAGED:
        # "may have been damaged": the modal says how sure, the cue is the claim
        before = text[clause[0] : cue.start] + text[cue.end : clause[1]]
        return is_hypothetical(before)
    if _MODAL_BEFORE.search(text, max(0, cue.start - 40), cue.start):
        return True  # "that could be “looted": the modal governs the cue across the quote
    if cue.event_type in _HARM and _TRYING.search(text, max(0, cue.start - 30), cue.start):
        return True  # "Russia is trying to damage …": an aim (work "trying to" clear is under way)
    start = clause[0]
    for relative in _RELATIVE.finditer(text, clause[0], cue.start):
        start = relative.end()
    end = clause[1]
    subordinate = _SUBORDINATE.search(text, cue.end, clause[1])
    if subordinate is not None:  # "stolen every artifact they could transport"
        end = subordinate.start()
    words = text[start:end]
    if _NOUN_CUE.match(text[cue.start : cue.end]) and text[start : cue.start].lower().endswith(
        "the "
    ):
        words = text[start : cue.start] + _WILL.sub("", text[cue.start : end])
    return is_hypothetical(words)


def _about_staff(article: _Article, sentence: Sentence) -> bool:
    """A person event counts for heritage staff: named so in the sentence, or "He was
    executed" after the sentences that said who he was."""
    text = article.text
    if HERITAGE_STAFF.search(text, sentence.start, sentence.end):
        return True
    if not _PERSON_SUBJECT.match(text, sentence.start, sentence.end):
        return False
    earlier = article.sentences[max(0, sentence.index - 3) : sentence.index]
    return any(HERITAGE_STAFF.search(text, s.start, s.end) for s in earlier)


def _clause_of(spans: list[tuple[int, int]], position: int) -> tuple[int, int]:
    for start, end in spans:
        if start <= position < end:
            return start, end
    return min(spans, key=lambda span: abs(span[0] - position))


def _candidate(
    article: _Article,
    sentence: Sentence,
    speaker: Speaker | None,
    place: _Place,
    event_type: EventType,
    date: str | None,
    actor: Entry | None,
    role: ActorRole | None,
    stance: Stance,
) -> Candidate:
    score = 0.45
    score += {"named": 0.25, "anaphora": 0.1, "part": 0.1, "unknown": 0.05, "unnamed": 0.0}[
        place.how
    ]
    score -= 0.1 if place.ambiguous else 0.0
    score += 0.1 if actor is not None else 0.0
    score += 0.1 if date is not None else 0.0
    score += 0.05 if speaker is None or speaker.source is not None else 0.0
    if sentence.caption:
        score *= 0.5
    mention = place.mention
    if place.site is None and place.how == "unnamed":
        # "the tomb of a 15th century scholar", "a mosque containing graves": which one
        said = _DESCRIBED.match(article.text, place.start + len(mention), sentence.end)
        if said is not None:
            mention += said.group()
        indefinite = _INDEFINITE.match(mention)
        located = _LOCATED_IN.match(article.text, place.start + len(mention), sentence.end)
        if said is None and indefinite is not None and located is not None:
            # rules-15: "a mosque in Nangarhar, Afghanistan": where sets it apart, without
            # the article (the guide, 2.5.1)
            mention = mention[indefinite.end() :] + located.group()
        elif indefinite is not None and not _COUNTING.match(mention, indefinite.end()):
            mention = mention[indefinite.end() :]  # rules-23: "a mosque" is "mosque" (2.5.1)
    return Candidate(
        site=place.site,
        mention=mention,
        event_type=event_type.value,
        date=None if sentence.caption else date,
        actor=actor,
        actor_role=role.value if role and actor else None,
        speaker=speaker.name if speaker else None,
        speaker_source=speaker.source if speaker else None,
        speaker_affiliation=speaker.affiliation if speaker else None,
        stance=stance.value,
        quote=article.text[sentence.start : sentence.end],
        quote_start=sentence.start,
        quote_end=sentence.end,
        score=round(max(0.0, min(1.0, score)), 2),
        caption=sentence.caption,
    )


def _places(
    article: _Article,
    sentence: Sentence,
    clause: tuple[int, int],
    cue_start: int,
    cue_end: int,
    subject: bool = True,
) -> list[_Place]:
    """Where the event happened: the site named in its clause (and those coordinated with
    it), else an unnamed monument or an unknown place there, else a site named elsewhere in
    the sentence, else "the city" read as the article's main site."""
    text = article.text
    its = _ITS.search(text, max(sentence.start, cue_start - 6), cue_start)
    if its and article.last_place is not None:
        return [article.last_place]  # "Before its destruction, the site …": the claim before
    last = article.last_place
    if _IT_AFTER.match(text, cue_end, sentence.end):
        # "entered the Karsa Museum and looted it": the site named before "it" in the sentence
        named = [m for m in article.matches.within(sentence.start, cue_start) if m.best("site")]
        if named:
            return _coordinated(text, named[-1:], cue_start)
    it_object = _IT_AFTER.match(text, cue_end, sentence.end) or _IT_INSIDE.match(
        text, cue_start, cue_end
    )
    if it_object and last is None:
        # rules-23: "In 2003 a unit used it as a command post", no claim before: what "it"
        # is, the one site the sentence before names or the page's own monument
        before = _it_before(article, sentence)
        if before is not None:
            return [before]
    if last is not None and (
        _IT_AFTER.match(text, cue_end, sentence.end)
        or (
            sentence.start <= last.start < cue_start
            and _NOUN_CUE.match(text[cue_start:cue_end])
            and not _OF_AFTER.match(text, cue_end, sentence.end)
            and not _CUE_OF.search(text, cue_start, cue_end)  # "siege of": its own object
        )
    ):
        # "a project to reconstruct it"; "was destroyed in 2014 and reconstruction began":
        # the place of the claim before
        return [last]
    if subject and _IT_WAS.fullmatch(text, sentence.start, cue_start):
        # "It was destroyed again …, leaving the minaret cracked": the subject, not what the
        # participle after it tells of
        found = _passive_subject(article, sentence, cue_start)
        if found is not None:
            return [found]
    places = _places_acted_on(article, sentence, clause, cue_start, cue_end, subject)
    if places:
        places += [p for p in _along_with(article, sentence, cue_end) if p not in places]
    return places


# "reconstruct it", "looted them": the object is a place named before (in the sentence, else
# the claim before's); "of", "by", "at" … after a noun cue give it an object of its own.
_IT_AFTER = re.compile(r"\s+(?:it|them)\b(?!\s+(?:is|was|were|are|has|had)\b)")
_IT_INSIDE = re.compile(r"[\w’'-]+\s+it\s+as\b")  # "used it as a command post"
_OF_AFTER = re.compile(r"\s+(?:of|by|at|in|to)\b")


def _places_acted_on(
    article: _Article,
    sentence: Sentence,
    clause: tuple[int, int],
    cue_start: int,
    cue_end: int,
    subject: bool,
) -> list[_Place]:
    text = article.text
    bulk = _bulk_subject(article, sentence, cue_start) if subject else []
    if bulk:
        return bulk
    glossed = _glossed_subject(article, sentence, clause) if subject else None
    if glossed is not None:
        return [glossed]
    of_object = _of_object(article, cue_start, cue_end)
    if of_object is not None:
        # "the siege of Qadira", "during the bombardment of Qadira": the place after "of",
        # never the monument the sentence names beside it (the guide, 2.3.3 and 2.3.5)
        places = _listed(text, _coordinated(text, [of_object], cue_start))
        return places + _part_included(article, of_object.end)
    if _praised_owner(article, sentence, cue_end):
        return []
    target = _object(article, sentence, clause, cue_end)
    if target:
        return target
    kept = _kept_after(article, sentence, cue_end)
    if kept and kept[0] is _first_site_after(article, sentence, cue_end):
        # "burn 10,000 books at the Mosul Central Library": the library
        return _coordinated(text, kept[:1], cue_end)
    named = [m for m in article.matches.within(clause[0], clause[1]) if m.best("site")]
    mentions = _mentions(article, clause[0], clause[1], cue_end)
    own_object = _NOUN_CUE.match(text[cue_start:cue_end]) and _OF_AFTER.match(text, cue_end)
    if own_object:  # "the destruction of half the city": said of what follows "of"
        mentions = [place for place in mentions if place.start > cue_start]
    located = [m for m in named if _located(text, clause[0], m.start) and m not in kept]
    first_named = min((m.start for m in named), default=clause[1])
    before = [place for place in mentions if place.start < first_named]
    if any(place.site is not None for place in before):
        # "The mosque was one of 16 destroyed in the city of X": the mosque, not where it is
        before.sort(
            key=lambda place: (
                place.how == "unknown"
                and bool(_LOCATIVE.search(text, max(clause[0], place.start - 40), place.start))
            )
        )
    if before and named and _held_thing(before[0].mention):
        # "the artefacts of the Mosul Museum were moved": the museum that holds them
        return _coordinated(text, named, cue_start)
    if before and len(located) == len(named):  # "two temples in Tadmor": the temples
        return before[:1] + _included(article, sentence, clause)
    if named:
        # "the Mosque of the Prophet Younis in Mosul": the monument, not the city it is in;
        # "the tomb of Jonah and sculptures at Nimrud": Nimrud too
        places = _coordinated(text, [m for m in named if m not in located] or named, cue_start)
        return places + [
            _Place(e, m.text, m.start, "named", m.ambiguous("site"))
            for m in kept
            if (e := m.best("site")) is not None and all(p.start != m.start for p in places)
        ]
    named = [m for m in article.matches.within(sentence.start, sentence.end) if m.best("site")]
    if (
        subject
        and named
        and all(_located(text, sentence.start, m.start) for m in named)
        and _IT_BEFORE_PASSIVE.search(text, clause[0], cue_start)
        and (page_site := _title_site(article)) is not None
    ):
        # rules-15: "the only hammam in Gaza … until it was destroyed": what "it" is, not
        # the town the sentence names around it
        return [_Place(page_site, "it", cue_start, "anaphora")]
    if named:
        located = [m for m in named if _located(text, sentence.start, m.start)]
        return _coordinated(text, [m for m in named if m not in located] or named, cue_start)
    elsewhere = [
        place
        for place in _mentions(article, sentence.start, sentence.end, cue_end)
        if (place.how == "unknown" or place.site is not None)
        and not (own_object and place.start < cue_start)
    ]
    if elsewhere:  # "… the city of Nimrud and bulldozed it": the place the sentence names
        return elsewhere[:1]
    found = _passive_subject(article, sentence, cue_start) if subject else None
    if found is not None:
        return [found]
    own = _OWN_OBJECT.search(text, cue_start, cue_end)
    if own is not None and _held_thing(own.group()):
        return _keeper(article, sentence, own)  # "smashing statues": the site's statues
    subject_monument = _MONUMENTS.match(text, sentence.start, cue_start)
    if own_object:
        subject_monument = None  # "the destruction of half the city": its own object, no monument
    if subject_monument is not None and _DEFINITE.match(subject_monument.group()):
        # "The cathedral, rebuilt after it was demolished": the sentence is about it
        head = subject_monument.group().split()[-1].lower()
        if head not in _AREAS and not article.matches.within(
            sentence.start, subject_monument.end()
        ):
            place = _Place(None, subject_monument.group(), sentence.start, "unnamed")
            return [_resolved(article, place)]
    held = _HELD_SUBJECT.match(text, sentence.start, cue_start)
    if subject and held is not None and _held_thing(held.group("things")):
        # "Many of its pieces were stolen": the institution that holds them
        place = _resolved(
            article, _Place(None, held.group("things"), held.start("things"), "unnamed")
        )
        if place.site is not None:
            return [place]
    for span in (clause, (sentence.start, sentence.end)):
        anaphora = ANAPHORA.search(text, span[0], span[1])
        site = _area_site(article, anaphora.group().split()[-1]) if anaphora else None
        if anaphora and site is not None:
            return [_Place(site, anaphora.group(), anaphora.start(), "anaphora")]
    if (
        _NOUN_CUE.match(text[cue_start:cue_end])
        and not own_object
        and _IT_SUBJECT.match(text, sentence.start)
    ):
        # "it has stood empty since, but for an abandonment in 2014": what "it" is
        if article.last_place is not None:
            return [article.last_place]
        entry = _title_site(article)
        if entry is not None:
            return [_Place(entry, "it", sentence.start, "anaphora")]
    return []


# rules-15: a passive clause whose subject stands before a gloss or a note mark, which part
# clauses: "the Khalid ibn al-Walid mosque [2] (7th century) was bombed in Homs"
_PASSIVE_OPENING = re.compile(r"(?:was|were|has\s+been|have\s+been|had\s+been)\s", re.IGNORECASE)
_GLOSSES_BETWEEN = re.compile(r"(?:\s*(?:\[[^\[\]]{0,20}\]|\([^()]{0,60}\)))+\s*")


def _glossed_subject(
    article: _Article, sentence: Sentence, clause: tuple[int, int]
) -> _Place | None:
    """The place right before the glosses that open a passive clause, not the town the
    clause goes on to name ("… was bombed in Homs")."""
    text = article.text
    if clause[0] <= sentence.start or not _PASSIVE_OPENING.match(text, clause[0]):
        return None
    named = [
        _Place(entry, m.text, m.start, "named", m.ambiguous("site"))
        for m in article.matches.within(sentence.start, clause[0])
        if (entry := m.best("site")) is not None
    ]
    mentions = _mentions(article, sentence.start, clause[0], clause[0])
    places = sorted(named + mentions, key=lambda place: place.start + len(place.mention))
    if not places:
        return None
    last = places[-1]
    end = last.start + len(last.mention)
    return last if _GLOSSES_BETWEEN.fullmatch(text, end, clause[0]) else None


# A noun cue and its "of": "siege of", "the bombardment of the", "fall of the ancient city of".
_CUE_OF = re.compile(r"\bof$", re.IGNORECASE)
_OF_NEXT = re.compile(r"\s+of\b", re.IGNORECASE)
_OF_START = re.compile(
    r"\s*(?:of\s+)?(?:the\s+)?(?:(?:ancient|historic|old)\s+)?(?:(?:city|town)\s+of\s+)?",
    re.IGNORECASE,
)


_PART_INCLUDED = re.compile(
    r",?\s*(?:including|notably|in\s+particular)\s+(?:its\s+|the\s+)?", re.IGNORECASE
)


def _part_included(article: _Article, end: int) -> list[_Place]:
    """ "The shelling of Qadira, including its Old Souk": the part named too (the guide,
    2.2.4)."""
    found = _PART_INCLUDED.match(article.text, end)
    if found is None:
        return []
    return [
        _Place(entry, m.text, m.start, "named", m.ambiguous("site"))
        for m in article.matches.within(found.end(), found.end() + 1)
        if (entry := m.best("site")) is not None
    ][:1]


_AND = re.compile(r"\b(?:and|as\s+well\s+as)\b|&")


def _listed(text: str, places: list[_Place]) -> list[_Place]:
    """Places joined into a list ("of Aleppo, Homs and Hama"): a comma alone ends the noun
    phrase ("during the siege of Qadira, the museum burned")."""
    joins = [
        text[before.start + len(before.mention) : after.start]
        for before, after in zip(places, places[1:], strict=False)
    ]
    return places if any(_AND.search(join) for join in joins) else places[:1]


def _of_object(article: _Article, cue_start: int, cue_end: int) -> Match | None:
    """The site named right after a noun cue's "of", if the cue is one and a site is."""
    text = article.text
    if not (
        _CUE_OF.search(text, cue_start, cue_end)
        or (_NOUN_CUE.match(text[cue_start:cue_end]) and _OF_NEXT.match(text, cue_end))
    ):
        return None
    start = cue_end
    if (opening := _OF_START.match(text, cue_end)) is not None:
        start = opening.end()
    found = article.matches.within(start, start + 1)
    return next((m for m in found if m.best("site")), None)


# Words for a whole town: the article's site only when that site is no single building.
_TOWN_WORDS = frozenset(["city", "town", "oasis", "quarter"])


def _area_site(article: _Article, word: str) -> Entry | None:
    """ "The city" read as the article's site: not when that site is a cathedral or a mosque
    (an article about a building speaks of "the city" around it)."""
    site = article.main_site
    if site is None:
        return None
    if word.lower() in _TOWN_WORDS and _is_building(site):
        return _town_around(article, site)
    return site


def _town_around(article: _Article, building: Entry) -> Entry | None:
    """The town the gazetteer stands a building in (its parent), for "the city" in an article
    about the building, when the article names that town; else none."""
    if building.parent_id is None:
        return None
    for entry in _sites_named(article):
        if entry.id == building.parent_id and entry.site_kind in _SETTLEMENT_KINDS:
            return entry
    return None


# Things a place keeps, right before it: "sculptures at Nimrud", "books … at the Library".
_KEPT_AT = re.compile(
    r"\b(?:statues?|sculptures?|artefacts?|artifacts?|antiquities|treasures|relics|manuscripts"
    r"|books|documents|archives|objects|collections?|busts|reliefs|mosaics|carvings|icons)"
    r"\s+(?:at|in|inside|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _kept_after(article: _Article, sentence: Sentence, cue_end: int) -> list[Match]:
    """Sites after a cue, before the next cue or sentence break, named as where the things
    it acts on were kept."""
    text = article.text
    stop = min(
        [c.start for c in article.cues.within(cue_end, sentence.end)]
        + [i for i in (text.find(";", cue_end, sentence.end),) if i >= 0]
        + [sentence.end]
    )
    return [
        m
        for m in article.matches.within(cue_end, stop)
        if m.best("site") and _KEPT_AT.search(text[max(cue_end, m.start - 60) : m.start])
    ]


def _first_site_after(article: _Article, sentence: Sentence, cue_end: int) -> Match | None:
    return next((m for m in article.matches.within(cue_end, sentence.end) if m.best("site")), None)


# What a cue acts on, right after it: "destroyed at least 28 historical religious buildings",
# "the destruction of Muslim shrines in Timbuktu", "damaged or razed historic buildings".
_OBJECT_START = re.compile(
    r"\s+(?:(?:or|and)\s+(?!(?:the|an?|its|their|this)\s)[a-z]+\s+)?(?:by\s+[\w’'-]+(?:\s+[\w’'-]+)?\s+(?=of\b))?"
    # "damage to 476 cultural sites": the noun's object after "to"
    r"(?:of\s+|(?<=damage\s)(?:(?:has|have|had|was|were)\s+(?:been\s+)?(?:caused|done)\s+)?to\s+"
    r"|(?<=harm\s)to\s+)?"
    r"(?:what\s+(?:was|is|were|are)\s+(?:[a-z]+\s+){0,2}?to\s+(?:be|have\s+been)\s+)?"
    r"(?:at\s+least\s+|more\s+than\s+|nearly\s+|about\s+)?",
    re.IGNORECASE,
)
_MONUMENTS = re.compile(
    rf"(?:(?i:{_QUANTITY}|the|an?|its|their|this|these)\s+)?"
    rf"(?:(?!(?i:and|or|in|at|by|of|to|was|were|is|are|had|has|have|that|which|the|an?)\b)"
    rf"[\w’'-]+\s+){{0,3}}?(?i:{_HERITAGE_NOUN})\b"
    rf"(?:(?:,\s*|\s+and\s+|\s+or\s+|,\s+and\s+)(?:(?![a-z]+ed\b)[a-z][\w’'-]*\s+){{0,2}}?"
    rf"(?i:{_HERITAGE_NOUN})\b)*"
)
_DEFINITE = re.compile(r"^(?:the|this|that|its|their)\s", re.IGNORECASE)


def _object(
    article: _Article, sentence: Sentence, clause: tuple[int, int], cue_end: int
) -> list[_Place]:
    """The site or monuments a cue names as its object, before any place around them: a
    named site there, or monuments the text leaves unnamed ("statues")."""
    text = article.text
    start = _OBJECT_START.match(text, cue_end, sentence.end)
    if start is None:
        return []
    position = start.end()
    sites = [m for m in article.matches.within(position, max(position + 5, sentence.end))]
    sites = [m for m in sites if m.best("site")]
    if sites and text[position : sites[0].start].strip(" ").lower() in ("", "the"):
        possessed = _possessed(article, sentence, sites[0])
        if possessed is not None:
            return possessed
        places = _coordinated(text, sites, position)
        last = max(sites, key=lambda m: m.end) if len(places) > 1 else sites[0]
        also = _AND_ALSO.match(text, last.end, sentence.end)
        more = _MONUMENTS.match(text, also.end(), sentence.end) if also else None
        if more is not None and not _NAMED_AFTER_THE.match(more.group()):
            # "the Temple of Bel and three tower tombs": the tombs too
            head = more.group().split()[-1].lower()
            if head not in _AREAS and SINGULAR.get(head, head) not in _MOVABLE:
                places.append(
                    _resolved(article, _Place(None, more.group(), more.start(), "unnamed"))
                )
        return places
    same = _THE_BUILDING.match(text, position, sentence.end)
    if same is not None:
        # "struck the cathedral …, severely damaging the building": the one named before
        named = [m for m in article.matches.within(sentence.start, cue_end) if m.best("site")]
        if named:
            return _coordinated(text, named[-1:], cue_end)
        if article.last_place is not None:
            return [article.last_place]
    found = _MONUMENTS.match(text, position, sentence.end)
    bulk = bulk_at(text, position, sentence.end)
    in_bulk: list[_Place] = []
    if (
        bulk is not None
        and not any(m.best("site") for m in article.matches.within(bulk.start(), bulk.end()))
        # "stole 2,000 artworks from the museum": things a holder keeps are the holder's
        and not _held_thing(bulk.group().split()[-1])
    ):
        # "destroyed numerous Albanian cultural sites and Islamic libraries": one place
        if found is None or bulk.end() > found.end():
            return [_Place(None, *_bulk_mention(bulk), "unnamed")]
        if bulk.group("count"):  # counted, never a kind at large ("historic sites")
            in_bulk = [_Place(None, *_bulk_mention(bulk), "unnamed")]
    if (
        found is None
        or article.matches.within(found.start(), found.end())
        or _NAMED_AFTER_THE.match(found.group())  # "the Mar Elian monastery": a name
    ):
        return in_bulk  # rules-15: "500 Ukrainian cultural heritage sites" as the monuments were
    head = found.group().split()[-1].lower()
    if head in _AREAS:
        return in_bulk  # "the ancient city": read on
    if SINGULAR.get(head, head) in _MOVABLE:
        return _keeper(article, sentence, found)
    place = _Place(None, found.group(), found.start(), "unnamed")
    part = _part_owned(text, found.end(), sentence.end)
    if part is not None:
        whole = _resolved(article, place)
        if whole.site is not None:
            # rules-17: "destroyed the mosque's minaret": the mosque, severely damaged
            mention = text[found.start() : part.end()]
            return [_Place(whole.site, mention, found.start(), "part")]
    article_before = _DETERMINER_BEFORE.search(text, max(sentence.start, cue_end - 40), cue_end)
    if article_before is not None and not _DEFINITE.match(found.group()):
        # "the rebuilt bridge": the cue stands inside "the … bridge", a definite phrase
        phrase_start = article_before.start()
        place = _Place(None, text[phrase_start : found.end()], phrase_start, "unnamed")
    return [_resolved(article, place), *_included(article, sentence, clause)]


# rules-15: "until it was destroyed" inside a sentence naming only the town around "it".
_IT_BEFORE_PASSIVE = re.compile(
    r"(?<!\w)(?:it|It)\s+(?:was|had\s+been|has\s+been)\s+(?:(?:\w+ly|also|then|later)\s+)?$"
)
# Praise of what a place owns ("Mosul’s great treasures"), no place of its own.
_WORTH = re.compile(
    r"(?:(?:and\s+)?[A-Z][\w’'-]*[’']s\s+)?(?:[a-z]+\s+){0,2}?(?:treasures|jewels|gems|pride|symbols"
    r"|heritage|history|past|identity)\b"
)
# rules-17: a part owned by a building ("the mosque’s minaret").
_PART_OWNED = re.compile(
    r"[’']s\s+(?:(?:[a-z]+|\d[\d,-]*-year-old)\s+){0,2}?(?P<part>minarets?|domes?|towers?|arch(?:es)?"
    r"|gates?|fa[cç]ades?|porticos?|gateways?|roof|spire|belfry|bell\s+tower|clock\s+tower)\b"
)


def _part_owned(text: str, owner_end: int, end: int) -> re.Match[str] | None:
    """ "’s minaret", "’s golden dome": a part of the building named before the possessive."""
    return _PART_OWNED.match(text, owner_end, end)


_ONE_OF = re.compile(r"\s+(?:one|some|many)\s+of\s+(?:the\s+)?", re.IGNORECASE)


def _praised_owner(article: _Article, sentence: Sentence, cue_end: int) -> bool:
    """ "destroyed one of Mosul’s and Iraq’s great treasures": the object is praise of what
    a place owns, named elsewhere, never the place itself."""
    text = article.text
    opening = _ONE_OF.match(text, cue_end, sentence.end)
    if opening is None:
        return False
    owner = next((m for m in article.matches.within(opening.end(), opening.end() + 1)), None)
    after = _POSSESSIVE.match(text, owner.end, sentence.end) if owner is not None else None
    return after is not None and _WORTH.match(text, after.end(), sentence.end) is not None


# rules-15: "Odesa’s historic Transfiguration Cathedral", "the town’s Mar Mattai Cultural
# Center": what the place owns is the object, not the place.
_POSSESSIVE = re.compile(r"[’']s\s+(?:(?:[a-z]+|[A-Z]+-[a-z]+|\d[\d,-]*-year-old)\s+){0,3}")


def _possessed(article: _Article, sentence: Sentence, owner: Match) -> list[_Place] | None:
    """The site or monument right after a place's possessive, None where none follows."""
    text = article.text
    after = _POSSESSIVE.match(text, owner.end, sentence.end)
    if after is None:
        return None
    named = [m for m in article.matches.within(after.end(), after.end() + 1) if m.best("site")]
    if named:
        return _coordinated(text, named[:1], after.end())
    part = _part_owned(text, owner.end, sentence.end)
    entry = owner.best("site")
    if part is not None and entry is not None:
        # rules-17: "destroyed the Great Mosque's minaret": a part of it, severe damage
        return [_Place(entry, text[owner.start : part.end()], owner.start, "part")]
    found = _MONUMENTS.match(text, after.end(), sentence.end)
    if (
        found is None
        or SINGULAR.get(head := found.group().split()[-1].lower(), head) in _MOVABLE
        or head in _AREAS
    ):
        return None  # "Aleppo’s ancient city", "the museum’s statues": read on
    return [_resolved(article, _Place(None, found.group(), found.start(), "unnamed"))]


# "the rebuilt bridge", "the destroyed mosque": a determiner right before a participle cue.
_DETERMINER_BEFORE = re.compile(
    r"\b(?i:the|this|that|its|their)\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|t|n)$"
)


# "parts of Ukraine’s unique cultural heritage": a country's heritage at large, no place.
_OWNER_OF_HERITAGE = re.compile(
    r"(?<=’s|'s)\s+(?:[a-z]+\s+){0,3}?(?:heritage|culture|history|identity|past|legacy|patrimony)\b"
)
# "destroying Iraqi and Syrian heritage": an adjective of nationality, no place.
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:an|ian|ish|ese|i)$")
_ADJECTIVE_NEXT = re.compile(r"\s+(?:and\s+[A-Z][a-z]+(?:an|ian|ish|ese|i)\b|[a-z])")


def _keeper(article: _Article, sentence: Sentence, kept: re.Match[str]) -> list[_Place]:
    """Where destroyed statues or looted treasures were kept: the site the sentence names,
    else where the story is (its last claim's site, or the article's)."""
    named = [m for m in article.matches.within(sentence.start, sentence.end) if m.best("site")]
    if named:
        return _coordinated(article.text, named, kept.start())
    source = _KEPT_IN.search(article.text, kept.end(), min(sentence.end, kept.end() + 80))
    held = _MONUMENTS.match(article.text, source.end(), sentence.end) if source else None
    last = held.group().split()[-1].lower() if held else ""
    if held is not None and SINGULAR.get(last, last) not in _MOVABLE:
        place = _Place(None, held.group(), held.start(), "unnamed")
        return [_resolved(article, place)]
    site = article.last_place.site if article.last_place else None
    site = site or article.main_site
    if site is None:
        return []
    return [_Place(site, kept.group(), kept.start(), "anaphora")]


_OWN_OBJECT = re.compile(r"\b\w+$")  # a cue ending in its object: "smashed the statues"
_THE_BUILDING = re.compile(r"(?i:the|this)\s+(?:building|structure|monument)\b")
_KEPT_IN = re.compile(r"\b(?:from|at|in|inside)\s+", re.IGNORECASE)
_AND_ALSO = re.compile(r"\s+(?:and|as\s+well\s+as)\s+", re.IGNORECASE)
_NAMED_AFTER_THE = re.compile(r"(?i:the|its|their)\s+[A-Z]")


# Things kept at a site ("treasures at Nimrud"): what happened to them is said of the site.
_MOVABLE = frozenset(
    [
        "statue",
        "artefact",
        "artifact",
        "antiquity",
        "treasures",
        "relic",
        "sculpture",
        "bust",
        "relief",
        "idols",
        "icons",
        "artworks",
        "manuscripts",
        "archive",
        "objects",
    ]
)
_SETTLEMENT_KINDS = frozenset(["city", "town", "village", "settlement"])


# What befalls a collection: its looting or its removal for safety is the institution's that
# holds it, not the city's around it.
_HOLDINGS_EVENTS = frozenset([EventType.LOOTED, EventType.EVACUATED])
_INSTITUTION_KINDS = frozenset(["museum", "library", "archive", "archives", "gallery"])
_INSTITUTION_NOUN = re.compile(
    r"\b(?:museums?|library|libraries|archives?|galler(?:y|ies)|collections?)\b", re.IGNORECASE
)


def _holder_inside(article: _Article, sentence: Sentence, place: _Place) -> _Place:
    """The museum (library, archive) inside a town, for a collection looted or moved "in the
    town": the one such institution the gazetteer places inside it (its parent) and the
    article names, when the sentence speaks of holdings or of the institution by its noun
    ("the museum was looted while Velmar was occupied", "missing antiquities" in an article
    about Velmar and its museum). Two such institutions named leave the town."""
    town = place.site
    if town is None or town.site_kind not in _SETTLEMENT_KINDS:
        return place
    words = article.text[sentence.start : sentence.end]
    if not (_HELD_THING.search(words) or _INSTITUTION_NOUN.search(words)):
        return place
    inside = {
        id(entry): entry
        for entry in _sites_named(article)
        if entry.parent_id is not None
        and entry.parent_id == town.id
        and entry.site_kind in _INSTITUTION_KINDS
    }
    if len(inside) != 1:
        return place
    holder = next(iter(inside.values()))
    return _Place(holder, holder.name, place.start, "anaphora")


def _named_just_before(article: _Article, sentence: Sentence) -> Match | None:
    """The one stored site the sentence before names, in the same paragraph."""
    if sentence.index == 0:
        return None
    before = article.sentences[sentence.index - 1]
    named = [m for m in article.matches.within(before.start, before.end) if m.best("site")]
    return named[0] if len(named) == 1 and before.paragraph == sentence.paragraph else None


def _named_place(found: Match) -> _Place:
    return _Place(found.best("site"), found.text, found.start, "named", found.ambiguous("site"))


def _it_before(article: _Article, sentence: Sentence) -> _Place | None:
    """What "it" stands for with no claim before it: the one stored site the sentence before
    names (in the same paragraph), else the monument the page defines, else the title's."""
    named = _named_just_before(article, sentence)
    if named is not None:
        return _named_place(named)
    defined = _defined_subject(article)
    if defined is not None:
        return defined
    only = _title_site(article)
    return None if only is None else _Place(only, "it", sentence.start, "anaphora")


def _defined_subject(article: _Article) -> _Place | None:
    """Rules-22: the monument an encyclopedia page is about, what "it" stands for there: the
    name its opening defines as a building ("The Maqam X (Arabic: ...) is a Shi'ite shrine
    in ..."), a stored site or one the tracker does not know."""
    found = _DEFINED_BUILDING.search(article.text, 0, _OPENING_REACH)
    if found is None:
        return None
    start, end = found.span("name")
    stored = [m for m in article.matches.within(start, end) if m.best("site")]
    if stored:
        # a stored site defined so ("The Temple of X is a temple in Y"): that site
        first = stored[0]
        entry = first.best("site")
        return _Place(entry, first.text, first.start, "named", first.ambiguous("site"))
    words = found.group("name").split()
    if words[0] in ("The", "This"):
        words = words[1:]
    if not words or _NOT_A_PLACE.match(words[0]):
        return None
    mention = " ".join(words)
    return _Place(None, mention, end - len(mention), "unknown")


_OPENING_REACH = 1500  # characters: a page's header, infobox and first sentences
# A name a definition opens with, and its gloss: "The Church of Saints A and B (Croatian: …)".
_DEFINED_NAME = (
    rf"(?P<name>\b(?:{_NAME_WORD}\s+(?:(?:{_NAME_JOINT}|and)\s+)?){{0,5}}[A-Z][\w’'-]+)"
    r"(?:\s*\([^)]{0,80}\))?"
)
_DEFINED_BUILDING = re.compile(
    rf"{_DEFINED_NAME}\s+(?:is|was)\s+(?:a|an)\s+(?:[\w’'-]+\s+){{0,4}}?"
    rf"(?:{_noun_forms(building=True)})\b"
)


def _title_site(article: _Article) -> Entry | None:
    """The one site the title is about, what "it" and "the building" stand for: the only
    site it names, or the only one that is no town ("Zarun Museum in Velor hit": the
    museum)."""
    principal = set(article.title_sites)
    if len(principal) == 1:
        return next(iter(principal))
    buildings = [entry for entry in principal if entry.site_kind not in _SETTLEMENT_KINDS]
    if len(buildings) == 1 and len(buildings) < len(principal):
        return buildings[0]
    return None


def _held_thing(mention: str) -> bool:
    """Whether a phrase names things a site holds ("dozens of artefacts", "its manuscripts")."""
    head = mention.split()[-1].lower() if mention.split() else ""
    return SINGULAR.get(head, head) in _MOVABLE or _HELD_THING.fullmatch(head) is not None


_HELD_THING = re.compile(HELD_THINGS)
# A sentence opening with what a collection holds, up to its verb: "Many of its pieces were".
_HELD_SUBJECT = re.compile(
    rf"\W*(?:(?:[A-Z][a-z]+,?\s+)?(?:in\s+[A-Z][a-z]+,\s+)?)?(?P<things>(?:[\w’'-]+\s+){{0,4}}?{HELD_THINGS})"
    r"\s+(?:(?:have|has|had)\s+)?(?:were|was|been|are|is|went|have|has|had)\b",
    re.IGNORECASE,
)


# A city, a quarter, a site: read as the place the article is about, not as a monument.
_AREAS = frozenset(["city", "quarter", "market", "site", "sites", "ruins"])


def _resolved(article: _Article, place: _Place) -> _Place:
    """ "The mosque", "this valuable shrine", "its minaret", "the Great Mosque": the stored
    site of that kind the article named before (or its title names), the last one named;
    a monument the article never named stays unnamed."""
    if place.site is not None:
        return place
    partitive = _PARTITIVE.match(place.mention)
    if partitive is not None:
        # "all of the monastery's buildings": the monastery
        whole = _Place(
            None, place.mention[partitive.end() :], place.start + partitive.end(), place.how
        )
        found = _resolved(article, whole)
        return found if found.site is not None else place
    if place.how == "unnamed" and _held_thing(place.mention):
        # "dozens of artefacts went missing" in an article on a museum: the museum's
        holder = article.last_place.site if article.last_place else None
        holder = holder or article.main_site
        if holder is not None:
            return _Place(holder, place.mention, place.start, "anaphora")
    if place.how == "unknown":
        # "the tomb of Mar Benham" in an article on the Mar Behnam Monastery: its name's own
        # words, misspelt or not, with another noun
        same = _same_distinctive_words(article, place)
        if same is not None:
            return same
    first, joined, _rest = place.mention.partition(" and ")
    if joined and place.how == "unnamed" and _DEFINITE.match(first):
        # "the monastery and the tomb": the first of them names which site
        found = _resolved(article, _Place(None, first, place.start, place.how))
        if found.site is not None:
            return _Place(found.site, place.mention, place.start, found.how)
    words = place.mention.split()
    if words[-1].lower() in _AREAS and _DEFINITE.match(place.mention):
        # "the archaeological site", "the ancient city": the site the article is about
        site = _area_site(article, words[-1])
        if site is None:
            return place
        return _Place(site, place.mention, place.start, "anaphora")
    last = words[-1].lower()
    apposed = _apposed_site(article, place)
    if apposed is not None:
        return apposed
    if last in _FITTINGS or SINGULAR.get(last) in _PARTS:
        # "the altar of the Temple of X", "the facade of the X Museum": the building named
        of = _OF_THE.match(article.text, place.start + len(place.mention))
        owner = next(iter(article.matches.within(of.end(), of.end() + 1)), None) if of else None
        entry = owner.best("site") if owner is not None and of and owner.start == of.end() else None
        if entry is not None:
            return _Place(entry, place.mention, place.start, "part")
    if SINGULAR.get(last) in _PARTS and not _named_as_site(article, place):
        # "The dome was destroyed", "its two minarets": part of the building of the claim
        # before, else of the building named before
        before = article.last_place.site if article.last_place else None
        building = before if before is not None and _is_building(before) else None
        building = building or _building_named_before(article, place.start)
        if building is not None:
            return _Place(building, place.mention, place.start, "part")
    if SINGULAR.get(last) and (
        place.how == "unknown" or (_DEFINITE.match(place.mention) and SINGULAR[last] != last)
    ):
        # "the Citadel" (a name), "the souks" (a city's whole set) of a city the article
        # names: its stored monument; "the mosque", one of many, stays unnamed
        child = _monument_of_named_site(article, place)
        if child is not None:
            return child
    if place.how in ("unnamed", "unknown") and not _DEFINITE.match(place.mention):
        # "a major shrine" in a lede whose name follows: the stored site of that kind
        named = _named_in_lede(article, place)
        named = named or _named_for(article, place) or _located_next(article, place)
        if named is not None:
            return named
    singular = SINGULAR.get(last) == last
    # "the mosque" (unnamed) or "Great Mosque" (a name the tracker holds a longer form of)
    if not singular or (place.how == "unnamed" and not _DEFINITE.match(place.mention)):
        return place
    head = last
    wanted = fold(place.mention if place.how == "unknown" else head)
    earlier = [m.best("site") for m in article.matches.within(0, place.start)]
    antecedents = [*article.title_sites, *earlier][::-1]
    if place.how == "unnamed":
        # "the mosque" in an article about one mosque is that mosque, even after it named
        # another ("unlike the Upper Mosque, the mosque …")
        antecedents = [*article.title_sites, *antecedents]
    for entry in antecedents:
        if entry is not None and any(
            f" {wanted} " in f" {fold(name)} " for name in (entry.name, *entry.names)
        ):
            return _Place(entry, place.mention, place.start, "anaphora")
    if place.how == "unnamed" and _DEFINITE.match(place.mention):
        # "the fortress" in an article whose title names a citadel: a synonym of its kind
        kinds = _KIND_WORDS.get(head, ())
        fitting = {entry for entry in article.title_sites if entry.site_kind in kinds}
        if len(fitting) == 1:
            return _Place(fitting.pop(), place.mention, place.start, "anaphora")
    building = article.last_place.site if article.last_place else None
    if head in _PARTS and building is not None and _is_building(building):
        # "the mosque was damaged … the minaret collapsed": a part of the mosque
        return _Place(building, place.mention, place.start, "part")
    return _unknown_named_before(article, place) or place


_NAMED_BEFORE_REACH = 6000  # characters, about a thousand words


def _unknown_named_before(article: _Article, place: _Place) -> _Place | None:
    """ "The Gaza War Cemetery holds … Reports say the cemetery was damaged": "the
    cemetery" is the place of that name the text gave before, one the tracker does not
    know (the guide, 2.1.2 and 2.6.1). Rules-20: so is a name with the noun in lower case
    ("the Balili mosque"), and a name the text defines as one ("The Maqam X is a shrine")."""
    words = place.mention.split()
    if place.how != "unnamed" or len(words) != 2 or words[0].lower() not in ("the", "this"):
        return None
    head = words[1]
    if not head.isalpha() or not head.islower():
        return None
    # the last such name in the few pages before (bounded, so a long text costs linear time)
    window = max(0, place.start - _NAMED_BEFORE_REACH)
    spans = [
        (found.start(), found.end(), False)
        for found in _names_with_head(head).finditer(article.text, window, place.start)
    ]
    spans += [
        (found.start("name"), found.end("name"), True)
        for found in _defined_as(head).finditer(article.text, window, place.start)
    ]
    for start, end, defined in sorted(spans, reverse=True):
        if any(
            m.best("site") and m.start <= start and m.end >= end
            for m in article.matches.within(max(0, start - 60), end)
        ):
            return None  # a stored site's name: resolved as such, or not at all
        named = _unknown_name(article, start, end, head, defined)
        if named is not None:
            return named
    return None


def _unknown_name(
    article: _Article, start: int, end: int, head: str, defined: bool
) -> _Place | None:
    """The place a name found before stands for, unless its capitals are no name: a stored
    town's mosque ("an Aleppo mosque"), a headline's or a sentence's first word, or words
    of a kind ("a Shiite mosque"). A name the text defines ("X is a church") is one, however
    many capitals its line holds."""
    if article.text[end - len(head) : end] == head and any(
        m.best("site") for m in article.matches.within(start, end)
    ):
        return None
    words = article.text[start:end].split()
    if words[0] in ("The", "This", "A", "An"):
        words = words[1:]
    if not words[:-1] or _NOT_A_PLACE.match(words[0]):
        return None
    if not defined and _title_case_line(article.text, start):
        return None
    if words[-1] == head and any(_DESCRIBING.fullmatch(word) for word in words[:-1]):
        return None
    mention = " ".join(words)
    return _Place(None, mention, end - len(mention), "unknown")


# Capitalised words that say what kind a building is, not which one ("a Shiite mosque").
_DESCRIBING = re.compile(
    r"(?:Sunni|Shia|Shi[’']?ite|Shii|Christian|Orthodox|Catholic|Protestant|Evangelical|Armenian"
    r"|Assyrian|Chaldean|Syriac|Coptic|Maronite|Muslim|Islamic|Buddhist|Jewish|Yazidi|Sufi|Ottoman"
    r"|Byzantine|Roman|Greek|Umayyad|Abbasid|Mamluk|Fatimid|Crusader|Old|Great|Grand|Main|Central"
    r"|Local|Historic|Ancient|Medieval|Holy|Friday|Iraqi|Yemeni|Pakistani|Israeli|Saudi|Kuwaiti"
    r"|Qatari|Emirati|Azerbaijani|Somali|Afghan|Libyan|Chechen|Kurdish|Turkish|Arab"
    r"|[A-Z][a-z]+(?:ian|ish|ese|ic))"
)


@functools.lru_cache(maxsize=64)
def _names_with_head(head: str) -> re.Pattern[str]:
    """Capitalised words before the noun, itself capitalised or not: "Gaza War Cemetery",
    "Balili mosque"."""
    return re.compile(
        rf"\b(?:{_NAME_WORD}\s+(?:{_NAME_JOINT}\s+)?){{1,5}}(?:{head.capitalize()}|{head})\b"
    )


@functools.lru_cache(maxsize=64)
def _defined_as(head: str) -> re.Pattern[str]:
    """A name the text defines as one of its kind: "The Maqam X (Arabic: …) is a Shi'ite
    shrine", "Y, a 16th-century mosque", "The Church of Saints A and B is a … church"."""
    return re.compile(
        rf"{_DEFINED_NAME}(?:\s*,\s*|\s+(?:is|was)\s+)(?:a|an)\s+(?:[\w’'-]+\s+){{0,4}}?{head}\b"
    )


_WORD = re.compile(r"[A-Za-z][a-z’'-]*")


def _title_case_line(text: str, position: int) -> bool:
    """A headline's line, its words capitalised: "Islamists Destroy More Shrines"."""
    line = text[text.rfind("\n", 0, position) + 1 : _line_end(text, position)]
    long_words = [word for word in _WORD.findall(line) if len(word) > 3]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) > 0.6 * len(long_words)


# What a building holds or is made of, never a site of its own: "the altar of …".
_FITTINGS = frozenset(
    [
        "altar",
        "altars",
        "mosaic",
        "mosaics",
        "frescoes",
        "icons",
        "inscriptions",
        "reliefs",
        "relief",
    ]
)
_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")
_PARTITIVE = re.compile(
    r"^(?:all|most|much|parts?|some|each|both|many|none|one|several)\s+of\s+(?=(?:the|its|their)\s)",
    re.IGNORECASE,
)
# Words of a name that say what kind of place it is, not which one.
_GENERIC_WORDS = frozenset(
    [*SINGULAR, *SINGULAR.values(), "of", "the", "a", "an", "and", "de", "la", "le", "al", "el"]
)


def _distinctive(name: str) -> list[str]:
    return [word for word in fold(name).replace("-", " ").split() if word not in _GENERIC_WORDS]


def _near_word(one: str, other: str) -> bool:
    """The same word, or for long words one letter off: dropped, added, changed or two
    swapped ("Benham" for "Behnam")."""
    if one == other:
        return True
    if min(len(one), len(other)) < 5 or abs(len(one) - len(other)) > 1:
        return False
    if len(one) == len(other):
        diffs = [i for i, (a, b) in enumerate(zip(one, other, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and one[diffs[0]] == other[diffs[1]]
            and one[diffs[1]] == other[diffs[0]]
        )
    short, long = sorted((one, other), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _same_distinctive_words(article: _Article, place: _Place) -> _Place | None:
    """The site the article names (its title included) whose name holds every distinctive
    word of the mention, each the same or one letter off, one of them of five letters or
    more: one such site, else none (two mosques of one name leave it unknown)."""
    wanted = _distinctive(place.mention)
    if not wanted:
        return None
    named = [*article.title_sites]
    named += [e for m in article.matches.within(0, place.start) if (e := m.best("site"))]
    found = {}
    for entry in named:
        if not _is_building(entry):
            continue  # "the Timbuktu Manuscripts" are kept in the city, not the city
        for name in (entry.name, *entry.names):
            own = _distinctive(name)
            matched = [word for word in wanted if any(_near_word(word, mine) for mine in own)]
            if len(matched) == len(wanted) and max(len(word) for word in matched) >= 5:
                found[id(entry)] = entry
    if len(found) != 1:
        return None
    (entry,) = found.values()
    return _Place(entry, place.mention, place.start, "anaphora")


# Parts of a building: one destroyed leaves the building severely damaged.
_PARTS = frozenset(
    ["minaret", "dome", "tower", "arch", "gate", "facade", "façade", "portico", "gateway"]
)
# ", the tomb of Sidi X," after "a shrine": the apposition names the monument.
_APPOSITION = re.compile(r",\s+(?:the\s+)?(?:[a-z]+\s+of\s+(?:the\s+)?)?")
# Kinds one noun may stand for: "a shrine" is a mausoleum or a tomb as often.
_KIN = {
    "shrine": ("shrine", "mausoleum", "tomb"),
    "mausoleum": ("shrine", "mausoleum", "tomb"),
    "tomb": ("shrine", "mausoleum", "tomb"),
    "library": ("library", "archive"),
    "church": ("church", "cathedral", "chapel", "basilica"),
    "cathedral": ("church", "cathedral"),
}
# The site kinds a generic noun may stand for, its synonyms included ("the fortress": a
# citadel or a castle), for a title's site whose name does not hold the noun.
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "fortress": ("citadel", "castle"),
    "fort": ("citadel", "castle"),
    "castle": ("citadel", "castle"),
    "citadel": ("citadel", "castle"),
    "mosque": ("mosque",),
    "church": ("church",),
    "cathedral": ("church",),
    "basilica": ("church",),
    "chapel": ("church",),
    "monastery": ("monastery",),
    "temple": ("temple",),
    "sanctuary": ("temple", "shrine"),
    "shrine": ("shrine", "mausoleum", "tomb"),
    "mausoleum": ("shrine", "mausoleum", "tomb"),
    "tomb": ("shrine", "mausoleum", "tomb"),
    "synagogue": ("synagogue",),
    "museum": ("museum",),
    "library": ("library",),
    "archive": ("library",),
    "theatre": ("theatre",),
    "theater": ("theatre",),
    "amphitheatre": ("theatre",),
    "bridge": ("bridge",),
    "palace": ("palace",),
    "souk": ("souk",),
    "hammam": ("hammam",),
    "caravanserai": ("caravanserai",),
    "khan": ("caravanserai",),
    "necropolis": ("necropolis", "cemetery"),
    "cemetery": ("necropolis", "cemetery"),
    "monument": ("monument", "statue", "arch", "tetrapylon", "colonnade"),
}
_LEDE_SENTENCES = 4  # a headline, a caption and the lede's first sentences
_LEDE_REACH = 3  # sentences after the lede's noun in which its name may come


def _apposed_site(article: _Article, place: _Place) -> _Place | None:
    """ "a Sufi shrine, the tomb of Sidi X, …": the stored site named in apposition."""
    end = place.start + len(place.mention)
    comma = _APPOSITION.match(article.text, end)
    if comma is None:
        return None
    for found in article.matches.within(comma.end(), comma.end() + 1):
        entry = found.best("site")
        if entry is not None and found.start == comma.end():
            return _Place(entry, found.text, found.start, "named", found.ambiguous("site"))
    return None


def _named_as_site(article: _Article, place: _Place) -> bool:
    """A part the tracker holds as a site of its own, the article names ("the Karsa
    minaret … its minaret")."""
    if article.matches.within(place.start, place.start + len(place.mention)):
        return True
    head = place.mention.split()[-1].lower()
    head = SINGULAR.get(head, head)
    earlier = [m.best("site") for m in article.matches.within(0, place.start)]
    return any(
        head in fold(name).split()
        for entry in (*article.title_sites, *earlier)
        if entry is not None
        for name in (entry.name, *entry.names)
    )


def _building_named_before(article: _Article, position: int) -> Entry | None:
    """The last building the article named before `position`, else the article's site if
    it is a building (its title names it)."""
    for found in reversed(article.matches.within(0, position)):
        entry = found.best("site")
        if entry is not None and _is_building(entry):
            return entry
    for entry in (*article.title_sites, article.main_site):
        if entry is not None and _is_building(entry):
            return entry
    return None


def _monument_of_named_site(article: _Article, place: _Place) -> _Place | None:
    """ "the Citadel" in an article naming Aleppo: the one stored site whose name holds both
    the noun ("citadel") and the name of a site the article named before (Citadel of Aleppo)."""
    phrase = fold(re.sub(r"^(?i:the)\s+", "", place.mention))
    head = phrase.split()[-1] if phrase else ""
    if not head:
        return None
    named: list[Entry] = [*article.title_sites]
    named += [e for m in article.matches.within(0, place.start) if (e := m.best("site"))]
    if article.main_site is not None:
        named.append(article.main_site)
    places = {
        fold(name) for entry in named for name in (entry.name, *entry.names) if len(fold(name)) >= 4
    }
    if not places:
        return None
    found = []
    for entry in article.gazetteer.entries_with_word(head, "site"):
        if entry in named:
            continue
        names = [f" {fold(name)} " for name in (entry.name, *entry.names)]
        if any(
            f" {phrase} " in name and any(f" {city} " in name for city in places) for name in names
        ):
            found.append(entry)
    if len(found) != 1:
        return None
    return _Place(found[0], place.mention, place.start, "anaphora")


def _named_in_lede(article: _Article, place: _Place) -> _Place | None:
    """ "Gunmen blew up a major shrine …" at the top of an article that names the stored
    mausoleum a few sentences on: that site, when it is the only one of that kind."""
    sentence = _sentence_at(article, place.start)
    if sentence is None or sentence.index >= _LEDE_SENTENCES:
        return None
    head = place.mention.split()[-1].lower()
    kinds = _KIN.get(head, (head,))
    stop = article.sentences[min(len(article.sentences) - 1, sentence.index + _LEDE_REACH)].end
    found = {
        id(entry): entry
        for m in article.matches.within(0, stop)
        if (entry := m.best("site")) is not None and entry.site_kind in kinds
    }
    if len(found) != 1:
        return None
    (entry,) = found.values()
    return _Place(entry, place.mention, place.start, "anaphora")


# "a museum dedicated to the painter Oren Miran": the person it is named for.
_DEDICATED = re.compile(
    r"\s+(?:dedicated\s+to|named\s+(?:after|for)|honou?ring|in\s+memory\s+of|commemorating)\s+"
    r"(?P<who>(?:[\w’'-]+[ \t]+){0,6}[\w’'-]+)"
)


def _named_for(article: _Article, place: _Place) -> _Place | None:
    """ "a museum dedicated to the painter Oren Miran": the one stored site of that kind whose
    name holds a name of the person it is dedicated to (the Oren Miran Art Museum)."""
    found = _DEDICATED.match(article.text, place.start + len(place.mention))
    if found is None:
        return None
    head = SINGULAR.get(place.mention.split()[-1].lower(), "")
    kinds = _KIN.get(head, (head,))
    for word in reversed(found.group("who").split()):
        if not word[:1].isupper():
            continue
        sites = {
            id(entry): entry
            for entry in article.gazetteer.entries_with_word(word.strip("’'"), "site")
            if entry.site_kind in kinds
        }
        if len(sites) == 1:
            (entry,) = sites.values()
            return _Place(entry, place.mention, place.start, "anaphora")
    return None


def _located_next(article: _Article, place: _Place) -> _Place | None:
    """ "shelling damaged a monument … The monument is located at the entrance of the Sela
    Valley Memorial": the stored site the next sentence puts that monument in."""
    sentence = _sentence_at(article, place.start)
    if sentence is None or sentence.index + 1 >= len(article.sentences):
        return None
    following = article.sentences[sentence.index + 1]
    head = place.mention.split()[-1]
    says_where = re.match(
        rf"\W*(?:The|This|That|It)\s+(?:{re.escape(head)}\s+)?(?:is|was|stands|stood|lies|lay)\s+"
        r"(?:located\s+|situated\s+|found\s+|placed\s+)?(?:at|in|inside|within|on|near)\b",
        article.text[following.start : following.end],
    )
    if says_where is None:
        return None
    where = following.start + says_where.end()
    named = [m for m in article.matches.within(where, following.end) if m.best("site")]
    if not named:
        return None
    entry = named[0].best("site")
    return _Place(entry, place.mention, place.start, "anaphora")


def _sentence_at(article: _Article, position: int) -> Sentence | None:
    for sentence in article.sentences:
        if sentence.start <= position < sentence.end:
            return sentence
    return None


def _is_building(entry: Entry) -> bool:
    return any(SINGULAR.get(word) in _BUILDING_NOUNS for word in fold(entry.name).split())


_ITS = re.compile(r"\b(?:its|their)\s+$", re.IGNORECASE)
_ALONG_WITH = re.compile(r"(?:\s+\w+){0,2}?,?\s+(?:along|together)\s+with\s+", re.IGNORECASE)


def _along_with(article: _Article, sentence: Sentence, cue_end: int) -> list[_Place]:
    """ "It was destroyed, along with its minaret": the minaret too."""
    found = _ALONG_WITH.match(article.text, cue_end, sentence.end)
    if found is None:
        return []
    sites = [m for m in article.matches.within(found.end(), found.end() + 5) if m.best("site")]
    if sites:
        return _coordinated(article.text, sites[:1], found.end())
    monument = _MONUMENTS.match(article.text, found.end(), sentence.end)
    if monument is None:
        return []
    place = _resolved(article, _Place(None, monument.group(), monument.start(), "unnamed"))
    return [place] if place.how == "anaphora" else []  # an unnamed part is the building's


_INCLUDING = re.compile(r"\s*(?:including|among\s+them|notably|such\s+as)\b", re.IGNORECASE)


def _included(article: _Article, sentence: Sentence, clause: tuple[int, int]) -> list[_Place]:
    """Named monuments listed after unnamed ones: "three tower tombs, including the Tower of
    Elahbel"."""
    following = article.text[clause[1] : clause[1] + 3].lstrip(" ,")
    start = clause[1] + (len(article.text[clause[1] : clause[1] + 3]) - len(following))
    if not _INCLUDING.match(article.text, start, sentence.end):
        return []
    stop = article.text.find(".", start, sentence.end)
    stop = stop if stop > 0 else sentence.end
    named = [
        _Place(m.best("site"), m.text, m.start, "named", m.ambiguous("site"))
        for m in article.matches.within(start, stop)
        if m.best("site")
    ]
    return named or _places_in(article, start, stop)[0]


_OPENING = re.compile(
    r"(?:However|But|Later|Then|Subsequently|Afterwards|Again|Also|Still|Yet|Eventually|Finally"
    r"|Since\s+then|In\s+\d{4}|(?:On|In|By|During|After)\s+[^,.;]{1,40},"
    # "In March it was looted": a month opens a sentence without a comma as often as with
    r"|In\s+(?:early\s+|late\s+|mid-)?(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December)(?:\s+\d{4})?),?\s+"
)
_IT_SUBJECT = re.compile(
    r"\W*(?:It|it)\s+(?!(?:is|was)\s+(?:[a-z]+\s+)?(?:that|to)\b)"
    r"(?:has|had|is|was|remained|stood|lay)\b"
)
_IT_WAS = re.compile(
    rf"\W*(?:{_OPENING.pattern})?(?:It|(?<=[\s,])it)\s+(?:was|is|has\s+been|had\s+been)\s+"
    r"(?:(?:\w+ly|again|also|then|later|soon)\s+){0,2}",
)
_PASSIVE = re.compile(
    r"\b(?:was|were|is|are|been)\s+(?:(?:also|reportedly|partly|partially|badly|heavily|largely"
    r"|extensively|completely|severely|later|then|again|allegedly|\w+ly)\s+){0,2}$",
    re.IGNORECASE,
)
_SUBJECT = re.compile(
    r"\W*(?:The\s+)?(?:(?i:ancient|old|historic|medieval|famous|famed|iconic)\s+)*"
    rf"(?P<name>{_NAME_WORDS})"
)
_PRONOUN_SUBJECT = re.compile(
    # "However, it was damaged", "In 2014 it was looted": an opening adverbial before it
    rf"\W*(?:{_OPENING.pattern})?(?:It|They|The\s+site|The\s+monument"
    r"|The\s+(?:structure|building|complex|edifice)|(?<=[\s,])(?:it|they))\b"
)
_WHOLE_BUILDING = re.compile(r"\W*The\s+(?:structure|building|complex|edifice)\b")
_IT = re.compile(rf"\W*(?:{_OPENING.pattern})?(?:It|(?<=[\s,])it)\b")


# "Witnesses say", "Officials said that": who reports, not what happened.
_REPORTED = re.compile(
    r"[^,.;:“”\"]{0,60}?\b(?:say|says|said|told\s+\w+|report|reports|reported|claim|claims"
    r"|claimed)\s+(?:that\s+)?",
    re.IGNORECASE,
)
_APPOSED_NAME = re.compile(
    rf"(?i:the|a|an)\s+(?i:{_noun_forms(monument=True)})\b[^,.;]{{0,60}},\s+(?P<name>{_NAME_WORDS}),"
)


def _passive_subject(article: _Article, sentence: Sentence, cue_start: int) -> _Place | None:
    """The subject of a passive cue ("Apamea has been looted", "The ancient Crac des
    Chevaliers, a UNESCO site, was hit"), a place the tracker does not know; "It was
    recaptured" for the place of the sentence before."""
    text = article.text
    if not _PASSIVE.search(text, sentence.start, cue_start):
        return None
    start = sentence.start
    reported = _REPORTED.match(text, start, cue_start)
    if reported is not None:  # "Witnesses say the mausoleum … has been destroyed"
        start = reported.end()
        apposed = _APPOSED_NAME.match(text, start, cue_start)
        if apposed is not None:  # "the mausoleum of a revered saint, Sidi Mahmoud, has been"
            name_start, _ = apposed.span("name")
            return _Place(None, apposed.group("name"), name_start, "unknown")
    if _PRONOUN_SUBJECT.match(text, start, cue_start):
        if article.last_place is not None:
            return article.last_place
        if sentence.index == 0:
            # "It was hit by a rocket" opening an article whose title names one site: that site
            only = _title_site(article)
            if only is None:
                return _defined_subject(article) if _IT.match(text, start, cue_start) else None
            return _Place(only, "it", cue_start, "anaphora")
        if _WHOLE_BUILDING.match(text, start, cue_start) and article.main_site is not None:
            # "The structure was destroyed in 2014" in an article about one building: it
            whole = _WHOLE_BUILDING.match(text, start, cue_start)
            assert whole is not None
            mention = whole.group().strip(" \t\n\"“‘'(")
            return _Place(article.main_site, mention, cue_start - len(mention), "anaphora")
        # "The Temple of Bel was built in 32 AD. It was destroyed": the site named just before
        before = article.sentences[sentence.index - 1]
        named = _named_just_before(article, sentence)
        if named is None:
            # "It was destroyed in 2024" in an article about one site, no claim before: it
            only = _title_site(article)
            if not _IT.match(text, start, cue_start):
                return None
            if only is not None:
                return _Place(only, "it", cue_start, "anaphora")
            return _defined_subject(article)
        defined = _defined_subject(article)
        if (
            defined is not None
            and before.start <= defined.start < before.end
            and _located(text, before.start, named.start)
        ):
            # "The Maqam X is a shrine in Qadira. It was destroyed": the shrine, not its town
            return defined
        return _named_place(named)
    found = _SUBJECT.match(text, start, cue_start)
    if found is None:
        return None
    name_start, name_end = found.span("name")
    known = [(m.start, m.end) for m in article.matches.within(sentence.start, cue_start)]
    name = found.group("name")
    if _overlaps(known, name_start, name_end) or _NOT_A_PLACE.match(name.split()[0]):
        return None
    return _Place(None, name, name_start, "unknown")


def _located(text: str, clause_start: int, position: int) -> bool:
    words = text[max(clause_start, position - 40) : position]
    return bool(_LOCATIVE.search(words)) and not _NAMING_OF.search(words)


def _coordinated(text: str, named: list[Match], cue_start: int) -> list[_Place]:
    nearest = min(named, key=lambda m: (abs(m.start - cue_start), m.start < cue_start))
    chosen = [nearest]
    ordered = sorted(named, key=lambda m: m.start)
    position = ordered.index(nearest)
    for step in (1, -1):
        index = position
        while 0 <= index + step < len(ordered):
            a, b = sorted((ordered[index], ordered[index + step]), key=lambda m: m.start)
            if not _COORDINATED.match(text[a.end : b.start]):
                break
            index += step
            chosen.append(ordered[index])
    places = []
    for found in sorted(chosen, key=lambda m: m.start):
        entry = found.best("site")
        assert entry is not None
        places.append(_Place(entry, found.text, found.start, "named", found.ambiguous("site")))
    return places


def _mentions(article: _Article, start: int, end: int, cue_end: int) -> list[_Place]:
    """Places in text[start:end] the gazetteer does not know: unnamed monuments ("two
    temples"), and named places it does not hold, reported as mentions, never linked."""
    text = article.text
    unknown, unnamed, known = _places_in(article, start, end)
    places = list(unknown)
    after = _AFTER_CUE_NAME.match(text, cue_end, end)
    if after is not None and not places:
        name_start, name_end = after.span("name")
        name = after.group("name")
        if not (
            _overlaps(known, name_start, name_end)
            or _NOT_A_PLACE.match(name.split()[0])
            or _BUILDING_AFTER.match(text, name_end)  # "Timbuktu sites": a modifier
            or _OWNER_OF_HERITAGE.match(text, name_end)  # "Ukraine’s cultural heritage": whose
            or (_DEMONYM.match(name) and _ADJECTIVE_NEXT.match(text, name_end))
        ):
            places.append(_Place(None, name, name_start, "unknown"))
    places = [
        p for p in places if not _AGENT_BEFORE.search(text, max(start, p.start - 30), p.start)
    ]
    places += unnamed
    places = [_resolved(article, place) for place in places]
    return sorted(places, key=lambda place: (place.how != "unknown", abs(place.start - cue_end)))


def _places_in(
    article: _Article, start: int, end: int
) -> tuple[list[_Place], list[_Place], list[tuple[int, int]]]:
    """The unknown and unnamed places of a span, found once per span however many cues
    it holds."""
    cached = article.places_found.get((start, end))
    if cached is not None:
        return cached
    text = article.text
    known = [(m.start, m.end) for m in article.matches.within(start - 200, end)]
    places = []
    for pattern in UNKNOWN_PLACES:
        for found in pattern.finditer(text, start, end):
            name_start, name_end = found.span("name")
            name = found.group("name")
            first_word = name.split()[0]
            if _NOT_A_PLACE.match(first_word) and len(name.split()) > 1:
                name_start += len(first_word) + 1
                name = text[name_start:name_end]
            if (
                _overlaps(known, name_start, name_end)
                or _NOT_A_PLACE.match(name)
                or not any(word.split("-")[-1][:1].isupper() for word in name.split())
            ):
                continue
            places.append(_Place(None, name, name_start, "unknown"))
    unnamed = []
    for found in UNNAMED.finditer(text, start, end):
        if _AS_ROLE.search(text, max(start, found.start() - 4), found.start() + 1):
            continue  # "rebuilt as a mosque": what it became, not a place acted on
        if not _overlaps(known, found.start(), found.end()):
            phrase_start = _phrase_start(text, found.start(), found.end())
            if thousands := _THOUSANDS_BEFORE.search(text, max(0, phrase_start - 12), phrase_start):
                phrase_start = thousands.start()  # "14,000 churches", never "000 churches"
            unnamed.append(_Place(None, text[phrase_start : found.end()], phrase_start, "unnamed"))
    for found in _COUNTED.finditer(text, start, end):
        # "35 Serbian Orthodox churches, monasteries and other religious buildings": monuments
        # counted in bulk, the whole list one place, over the pieces of it found above
        if _overlaps(known, found.start(), found.end()):
            continue
        unnamed = [
            place
            for place in unnamed
            if not found.start() <= place.start < found.end()
            and not place.start <= found.start() < place.start + len(place.mention)
        ]
        unnamed.append(_Place(None, found.group(), found.start(), "unnamed"))
        places = [p for p in places if not found.start() <= p.start < found.end()]
    result = (_merged(text, places), unnamed, known)
    article.places_found[(start, end)] = result
    return result


# "rebuilt by the Government of Kosovo in cooperation with the Serbian Orthodox Church": who
# acted, named after "by" or "with", is no place.
_AGENT_BEFORE = re.compile(
    r"(?<!along\s)(?<!together\s)\b(?:by|with)\s+(?:the\s+)?$", re.IGNORECASE
)
_AS_ROLE = re.compile(r"\bas\s+(?=an?\s)", re.IGNORECASE)
# The digits of a count before its thousands' comma: "14," before "000 churches".
_THOUSANDS_BEFORE = re.compile(r"\b\d{1,3}(?:,\d{3})*,$")
_PLURALS = (
    rf"(?:{_noun_forms(monument=True, singular=False)}"
    r"|(?:religious\s+|historic\s+)?(?:buildings|sites))"
)
# A count, then a name's adjectives ("Serbian Orthodox"), then plural heritage nouns in a list.
_COUNTED = re.compile(
    rf"\b(?:(?i:{_QUANTITY})\s+)(?:[A-Z][\w’'-]*\s+){{1,3}}(?i:{_PLURALS})\b"
    rf"(?:(?:,\s*|,?\s+(?:and|or)\s+)(?:other\s+)?(?i:{_PLURALS})\b)*"
)


# Rules-8: sites counted or left unnamed in bulk, read as one noun phrase (the annotation
# guide's 2.5.2): a count ("numerous", "dozens of", "more than 500"), adjectives of kind,
# faith, people or period ("Albanian", "Islamic", "Ottoman period", "cultural", "religious"),
# then heritage heads, compound ones too ("tower houses", "urban centres"), in a list.
_BULK_COUNT = (
    r"(?i:(?:(?:more|fewer|less)\s+than|at\s+least|(?:well\s+)?over|nearly|almost|about|around"
    r"|up\s+to|approximately|some|as\s+many\s+as|upwards\s+of|close\s+to|roughly|an\s+estimated"
    r")\s+)?"
    # rules-15: thousands parted by a space ("1 456 monuments")
    r"(?i:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)"
    r"|(?:\d[\d,]*|two|three|four|five)\s+(?:out\s+)?of\s+(?:\d[\d,]*|two|three|four|five|six|ten)"
    r"|\d[\d,]*(?!\d)|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty"
    r"|thirty|forty|fifty|hundred|dozens\s+of|hundreds\s+of|thousands\s+of|scores\s+of|tens\s+of"
    r"|all\s+(?:the\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten)"
    r"|numerous|many|several|some|all(?:\s+the)?|most(?:\s+of\s+the)?|a\s+number\s+of|countless"
    r"|a\s+few|various|other)"
)
_BULK_ADJECTIVE = (
    r"(?:(?!(?:The|This|That|These|Those|Its|Their|Additionally|Also|However|Many|Most|Some|All"
    r"|Other|Several|Numerous|In|On|At|During|After|Before|By)\b)"
    # a people's, a faith's or a period's word ("Albanian", "Islamic", "Orthodox"), or any
    # capitalised word before "period", "era", "owned" ("Ottoman period"), never a place's name
    r"(?:[A-Z][a-z]+(?:an|ian|ish|ese|ic|ox|ine|ist|ite|i)(?:-[a-z]+)?\b"
    r"|Muslim|Sufi|Shia|Sunni|Greek|Jewish|Catholic"
    r"|[A-Z][a-z]+(?=[\s-](?i:period|era|owned|built|style)\b))"
    r"(?:\s+(?i:period|era)|[\s-](?i:owned|built|style))?"
    r"|(?i:cultural|religious|historic|historical|ancient|old|heritage|sacred|medieval"
    r"|traditional|architectural|archaeological|public|private|other|vernacular|listed"
    r"|protected|important|valuable|significant|prominent|major|unique|urban|military"
    r"|national|local|precious|priceless|holy|stone|brick|wooden|fortified|[a-z]+-[a-z]+))"
)
# Heads that name heritage only with a word before them ("tower houses", not "houses").
_BULK_COMPOUND = (
    r"(?i:(?:tower|kulla|stone|mud-brick|traditional|historic|old|vernacular)\s+"
    r"(?:houses|dwellings|homes)|(?:urban|historic|old|city)\s+(?:centres|centers|cores)"
    r"|(?:military|religious|sacred|vernacular|Islamic|Ottoman|Byzantine|traditional)"
    r"\s+architecture"
    # rules-10: "places of historic and archaeological interest", "whole towns"
    r"|places\s+of\s+(?:[a-z-]+\s+(?:and\s+)?){0,3}(?:interest|importance|significance|worship)"
    r"|(?:whole|entire)\s+(?:towns|villages|cities|quarters|neighbou?rhoods|districts)"
    # rules-15: "all six UNESCO world heritage sites"
    r"|(?:UNESCO\s+)?world\s+heritage\s+(?:sites|properties))"
)
_BULK_HEAD = (
    rf"(?:{_BULK_COMPOUND}|(?i:{_noun_forms(monument=True, singular=False)}"
    r"|sites|buildings|structures|landmarks|properties|monuments|libraries|archives|dwellings"
    r"|architecture|kullas|complexes))"
)
# rules-15: adjectives joined by "and" or "or" ("cultural or historical sites")
_BULK_ADJECTIVES = (
    rf"{_BULK_ADJECTIVE}(?:\s*,\s*{_BULK_ADJECTIVE}|\s+(?:and|or)\s+{_BULK_ADJECTIVE})*"
)
_BULK_ITEM = rf"(?:{_BULK_ADJECTIVES}\s+){{0,4}}?{_BULK_HEAD}\b"
_BULK = re.compile(
    rf"(?:(?P<count>{_BULK_COUNT})\s+)?(?P<first>{_BULK_ITEM})"
    rf"(?P<more>(?:(?:,\s*|,?\s+(?:and|or)\s+)(?:(?i:other)\s+)?{_BULK_ITEM})*)"
)


def _bulk(found: re.Match[str]) -> bool:
    """Whether a match of _BULK names sites in bulk: counted, qualified, a list, or one
    compound head; never a lone plural ("mosques", "sites and monuments": a country's
    heritage at large) the older patterns read."""
    words = re.findall(r"[\w’'-]+", found.group("first") + found.group("more"))
    if found.group("count"):
        # rules-15: "several buildings used by Daesh": a count of buildings of no kind
        return any(word.lower() not in _PLAIN_BUILDINGS for word in words)
    # "sites and monuments" alone: no count and no kind
    return any(word.lower() not in _BULK_GENERIC for word in words) and len(words) > 1


_PLAIN_BUILDINGS = frozenset(["buildings", "structures", "properties", "and", "or"])
_BULK_GENERIC = frozenset(
    ["sites", "buildings", "structures", "landmarks", "properties", "monuments", "and", "or"]
    # rules-15: words of value, not of kind ("cultural and religious sites": the guide, 2.5.3)
    + ["cultural", "religious", "historic", "historical", "heritage"]
)


def bulk_at(text: str, start: int, end: int) -> re.Match[str] | None:
    """A bulk noun phrase starting at `start` ("dozens of mosques and Islamic libraries")."""
    found = _BULK.match(text, start, end)
    return found if found is not None and _bulk(found) and _bulk_place(text, found) else None


# "old sites such as the X Mausoleum": the examples named are the places.
# rules-15: only examples named ("the X Mausoleum"), not kinds ("including libraries")
_EXAMPLES_AFTER = re.compile(
    r",?\s+(?i:such\s+as|including|like|among\s+them|notably)\s+(?:(?i:the)\s+)?[A-Z]"
)


def _bulk_place(text: str, found: re.Match[str]) -> bool:
    """Whether the bulk phrase is the place itself: not things a collection holds
    ("300 antiquities" stand for their museum), not parts of a building ("two minarets"),
    not a kind whose examples follow by name."""
    head = found.group().split()[-1].lower()
    items = re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", found.group())
    return not (
        all(_held_thing(item) for item in items if item.strip())
        or SINGULAR.get(head, head) in _PARTS
        or _EXAMPLES_AFTER.match(text, found.end())
    )


def _bulk_mention(found: re.Match[str]) -> tuple[str, int]:
    """The phrase as its mention, from its count on ("60 Armenian churches", not "Around")."""
    text = found.group()
    adverb = re.match(
        r"(?i:(?:more|fewer|less)\s+than|at\s+least|(?:well\s+)?over|nearly|almost|about|around"
        r"|up\s+to|approximately|some|as\s+many\s+as|upwards\s+of|close\s+to|roughly"
        r"|an\s+estimated)\s+(?=\d|two|three|four|five|six|seven|eight|nine|ten|dozens"
        r"|hundreds|thousands|scores|tens)",
        text,
    )
    skip = adverb.end() if adverb else 0
    return text[skip:], found.start() + skip


# "… were destroyed", "… had been damaged", and "and Y damaged" after a first claim: the
# bulk phrase right before a passive cue is its subject.
_BULK_PASSIVE_TAIL = re.compile(
    r"\s+(?:(?:were|was|are|is|have\s+been|has\s+been|had\s+been|been|being)\s+)"
    r"(?:(?:also|reportedly|partly|partially|badly|heavily|largely|completely|severely"
    r"|later|then|again|allegedly|either|all|\w+ly)\s+){0,2}$",
    re.IGNORECASE,
)
# What may stand between the phrase and its verb: where the sites are ("in Kosovo",
# "located in its cities"), a gloss in brackets.
_BULK_TRAILER = re.compile(
    r"(?:\s*\([^()]{1,80}\))?(?:\s+(?:located\s+)?(?:in|across|throughout|around|of)\s+"
    r"(?:the\s+)?(?:[A-Z][\w’'-]*|country|region|city|cities|town|towns)(?:\s+[a-z]+)?"
    r"|\s+(?:made|built)\s+(?:of|from|with)\s+[\w-]+(?:\s+[\w-]+)?)?$"
)
# "Islamic libraries sustained damage": the phrase is what the noun cue happened to.
_BULK_SUFFERED = re.compile(
    r"\s+(?:(?:have|has|had)\s+been\s+subjected\s+to|(?:were|was)\s+subjected\s+to|suffered"
    r"|sustained|underwent|saw|experienced)\s+[^.;:]{0,80}?$",
    re.IGNORECASE,
)
_UNDERGOING = re.compile(r"(?:suffered|sustained|underwent|experienced)\b", re.IGNORECASE)
# "public libraries, of which 65 … were destroyed": the phrase the relative clause counts.
_BULK_OF_WHICH = re.compile(r",\s+(?:of\s+which|of\s+these|of\s+them)\s+[^,;]{0,40}$")
# Coordinated bulk phrases each with its own count are each their own claim
# ("500 kulla dwellings and three of four urban centres were damaged").
_BULK_JOIN = re.compile(r"(?:\s*\([^()]{1,80}\))?(?:\s*,|,?\s+and)\s+$")
# A bulk phrase after a preposition is no subject ("the items from some buildings").
_BULK_IN_PHRASE = re.compile(r"\b(?:from|of|in|at|inside|near|to|with|for|by)\s+$", re.IGNORECASE)
_BULK_ELLIPSIS_AFTER = re.compile(r"\s*(?:[,.;:)]|$|\s(?:in|during|by|at|as|and|since|after)\b)")


def _bulk_subject(article: _Article, sentence: Sentence, cue_start: int) -> list[_Place]:
    """Sites in bulk as the subject of a passive cue ("Numerous Albanian cultural sites in
    Kosovo were destroyed"), of a noun cue they "sustained", counted by "of which", or left
    after "and" ("… and many kulla dwellings damaged"): the phrase right before it, not a
    name cut out of it nor another bulk claim of the sentence; phrases joined by "and" that
    each carry a count are each a place."""
    text = article.text
    before = text[sentence.start : cue_start]
    tail = (
        _BULK_OF_WHICH.search(text, sentence.start, cue_start)
        or _BULK_PASSIVE_TAIL.search(text, sentence.start, cue_start)
        or _BULK_SUFFERED.search(text, sentence.start, cue_start)
    )
    stop = tail.start() if tail is not None else cue_start
    if tail is None and _UNDERGOING.match(text, cue_start):
        stop = len(text[:cue_start].rstrip())  # the cue is "sustained damage" itself
    elif tail is None:
        cue = next((c for c in article.cues.within(cue_start, cue_start + 1)), None)
        cue_end = cue.end if cue is not None else cue_start
        if not (
            re.search(r"(?:,|\band)\s+\S[^,;]*\s$", before)
            and _BULK_ELLIPSIS_AFTER.match(text, cue_end, sentence.end)
        ):
            return []
        stop = len(text[:cue_start].rstrip())
    found = [
        m for m in _BULK.finditer(text, sentence.start, stop) if _bulk(m) and _bulk_place(text, m)
    ]
    chain: list[re.Match[str]] = []
    for match in reversed(found):
        if text.rfind("(", sentence.start, match.start()) > text.rfind(
            ")", sentence.start, match.start()
        ):
            continue  # a gloss in brackets: "kulla dwellings (stone tower houses)"
        if not chain:
            trailer = _BULK_TRAILER.search(text, match.end(), stop)
            if trailer is None or trailer.start() != match.end():
                continue
            if _BULK_IN_PHRASE.search(text, max(sentence.start, match.start() - 12), match.start()):
                return []
            chain.append(match)
        elif (
            match.group("count")
            and chain[-1].group("count")
            and _BULK_JOIN.fullmatch(text, match.end(), chain[-1].start())
        ):
            chain.append(match)
        else:
            break
    if not chain or any(article.matches.within(m.start(), m.end()) for m in chain):
        return []
    return [_Place(None, *_bulk_mention(m), "unnamed") for m in reversed(chain)]


def _merged(text: str, places: list[_Place]) -> list[_Place]:
    """Overlapping finds of one name as one ("Umayyad Mosque" and "Mosque of Aleppo": the
    Umayyad Mosque of Aleppo)."""
    merged: list[_Place] = []
    for place in sorted(places, key=lambda p: p.start):
        end = place.start + len(place.mention)
        if merged and place.start < merged[-1].start + len(merged[-1].mention):
            last = merged[-1]
            stop = max(end, last.start + len(last.mention))
            merged[-1] = _Place(None, text[last.start : stop], last.start, "unknown")
        else:
            merged.append(place)
    return merged


_VERB = re.compile(r"\b[a-z]+(?:ed|ew|own|ook|oke)\b")


def _phrase_start(text: str, start: int, end: int) -> int:
    """Where a monument's noun phrase starts: past a verb the pattern ran over ("the group
    destroyed three tower tombs": three tower tombs)."""
    for verb in reversed(list(_VERB.finditer(text, start, end))):
        following = UNNAMED.fullmatch(text, text.find(" ", verb.end(), end) + 1, end)
        if following is not None:
            return following.start()
    return start


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def _actors(
    article: _Article, sentence: Sentence, event_type: EventType, cue_start: int, cue_end: int
) -> list[tuple[Entry, ActorRole]]:
    """Who acted and who helped: the agent after the cue ("destroyed by ISIL", "fell to
    ISIL"), else the nearest actor before it, not the one a place was taken from; the
    supporters ("backed by Russian air power") of a control event."""
    role = role_for(event_type)
    if role is None or _LOSER_CUE.search(article.text, cue_start, cue_end):
        return []
    text = article.text
    in_sentence = article.actors.within(sentence.start, sentence.end)
    supporters, support_spans = _supporters(article, sentence)
    opposed = {
        id(m.best("actor"))
        for m in in_sentence
        if OPPOSED.search(text[max(sentence.start, m.start - 20) : m.start])
    }
    usable = [
        m
        for m in in_sentence
        if id(m.best("actor")) not in opposed and not _overlaps(support_spans, m.start, m.end)
    ]
    agent: Entry | None = None
    after = [m for m in usable if m.start >= cue_end]
    if after:
        first = after[0]
        between = text[cue_end : first.start]
        cue_words = text[cue_start:cue_end].lower()
        if AGENT_AFTER.match(between) or (
            cue_words.endswith((" to", " of")) and not between.strip()
        ):
            agent = first.best("actor")
    if agent is None:
        before = [m for m in usable if m.end <= cue_start]
        if before:
            agent = before[-1].best("actor")
    if agent is None:
        agent = _actor_by_description(article, sentence, cue_start, support_spans)
    found: list[tuple[Entry, ActorRole]] = []
    if agent is not None:
        found.append((agent, role))
    if event_type in _CONTROL_EVENTS:
        found += [(entry, ActorRole.SUPPORTER) for entry in supporters if entry is not agent]
    return found


def _supporters(article: _Article, sentence: Sentence) -> tuple[list[Entry], list[tuple[int, int]]]:
    text = article.text
    entries: list[Entry] = []
    spans = []
    for found in SUPPORT.finditer(text, sentence.start, sentence.end):
        stop = _SUPPORT_END.search(text, found.end(), sentence.end)
        end = stop.start() if stop else sentence.end
        spans.append((found.start(), end))
        named = [m.best("actor") for m in article.actors.within(found.end(), end)]
        if named:
            entries += [entry for entry in named if entry is not None]
            continue
        # "Russian air power": the one actor whose name starts with the word.
        for word in re.findall(r"\b[A-Z][\w]+", text[found.end() : end]):
            starting = [
                entry
                for entry in article.gazetteer.entries_with_word(word, "actor")
                if any(
                    name.split()[0].lower() == word.lower() for name in (entry.name, *entry.names)
                )
            ]
            if len(starting) == 1:
                entries.append(starting[0])
                break
    return list(dict.fromkeys(entries)), spans


def _actor_by_description(
    article: _Article, sentence: Sentence, cue_start: int, support_spans: list[tuple[int, int]]
) -> Entry | None:
    """ "The group" for the non-state actor named last; "the army", "government troops" for
    the one actor whose names hold that word (or the last named of several)."""
    text = article.text
    # The actors named last before the cue (a bounded look back: "the group" is near its name).
    count = article.actors.count_before(cue_start)
    earlier = article.actors.items[max(0, count - 50) : count]
    generic = [
        found
        for found in NON_STATE_WORDS.finditer(text, sentence.start, cue_start)
        if not _overlaps(support_spans, found.start(), found.end())
    ]
    if generic:
        for found in reversed(earlier):
            entry = found.best("actor")
            assert entry is not None
            names = " ".join((entry.name, *entry.names)).lower()
            if not any(word in names.split() for word in STATE_ACTOR_WORDS):
                return entry
        return None
    # "Russian missiles struck": the one actor whose name starts with the word.
    # (the weapon may open the cue itself: "missiles struck")
    for demonym in _DEMONYM_FORCE.finditer(text, sentence.start, min(sentence.end, cue_start + 40)):
        if _overlaps(support_spans, demonym.start(), demonym.end()):
            continue  # "backed by Russian strikes": the supporter, not the one acting
        word = demonym.group("word")
        starting = [
            entry
            for entry in article.gazetteer.entries_with_word(word, "actor")
            if any(name.split()[0].lower() == word.lower() for name in (entry.name, *entry.names))
        ]
        if len(starting) == 1:
            return starting[0]
    state = [
        found
        for found in STATE_WORDS.finditer(text, sentence.start, cue_start)
        if not _overlaps(support_spans, found.start(), found.end())
        and not OPPOSED.search(text[max(sentence.start, found.start() - 20) : found.start()])
    ]
    if state:
        word = state[-1].group("word")
        entries = article.gazetteer.entries_with_word(word, "actor")
        if len(entries) == 1:
            return entries[0]
        for found in reversed(earlier):
            if found.best("actor") in entries:
                return found.best("actor")
    return None


def _date(
    article: _Article, sentence: Sentence, clause: tuple[int, int], cue_start: int
) -> tuple[str | None, str | None]:
    """The event's date as stated (and the stated date it came from, if any): in its clause,
    else in its sentence ("in May … and later demolished": from May to publication), else
    "now" and the present perfect of news for the publication day, else the date the last
    sentences gave."""
    if sentence.caption:
        return None, None
    text = article.text
    resolved = [
        d
        for d in article.date_mentions.within(sentence.start, sentence.end)
        if d.edtf is not None
        and not _BUILT.search(text, max(sentence.start, d.start - 30), d.start)
    ]
    in_clause = [d for d in resolved if clause[0] <= d.start < clause[1]]
    later = bool(LATER.search(text, clause[0], clause[1]))
    if in_clause or resolved:
        best = min(in_clause or resolved, key=lambda d: abs(d.start - cue_start))
        edtf = dates_module.not_after_publication(
            _stated(article, sentence, best), article.published
        )
        if not in_clause and later and best.end <= clause[0]:
            return dates_module.since_interval(edtf, article.published), edtf
        return edtf, edtf
    if _is_headline(article, sentence) or _NOW.search(text, clause[0], clause[1]):
        return dates_module.publication_day(article.published), None
    if PERFECT.search(text, clause[0], clause[1]) and article.published is not None:
        # News tells the day's events in the present perfect at its top; further down, or in
        # a reference text, "has been looted" says only: by publication.
        lede = sentence.paragraph <= 2 and article.paragraph_sizes[sentence.paragraph] == 1
        if lede or _DATELINE.match(text, sentence.start, sentence.end):
            return dates_module.publication_day(article.published), None
        return f"../{dates_module.day(article.published)}", None
    if (
        article.published is not None
        and article.context_date is None
        and sentence.paragraph <= 4
        and article.paragraph_sizes[sentence.paragraph] == 1
        and _PAST.search(text, clause[0], clause[1])
    ):
        # A news lede tells the week's events in the past tense before any date is given.
        week_start = article.published - dt.timedelta(days=6)
        return dates_module.interval(week_start, article.published), None
    if article.context_date is not None and _PLUPERFECT.search(text, clause[0], cue_start + 1):
        # "The tomb had been surrounded for four months" after the story's date: before it
        edtf, index = article.context_date
        if sentence.index - index <= 2:
            return dates_module.until_start_of(edtf), None
    if article.context_date is not None:
        edtf, index = article.context_date
        before = article.sentences[index].paragraph
        # News writes a sentence a paragraph: its paragraphs run on as one story.
        news = article.paragraph_sizes[before] == article.paragraph_sizes[sentence.paragraph] == 1
        goes_on = (
            before == sentence.paragraph
            or news
            or _GOES_ON.search(text, sentence.start, sentence.end)
            or _TOLD_BEFORE.match(text, max(sentence.start, cue_start - 4), cue_start + 12)
        )
        if sentence.index - index <= 2 and goes_on:
            if later:
                return dates_module.since_interval(edtf, article.published), None
            return edtf, None
    return None, None


def _past_story(article: _Article, sentence: Sentence, cue_start: int) -> bool:
    """Whether an undated cue comes after a time before the modern era in a sentence that
    states no date of its own; a building's date ("built in the 13th century, was shelled")
    tells no story of that time."""
    if article.date_mentions.within(sentence.start, sentence.end):
        return False
    # searched to the sentence's end: the pattern looks past a year ("one of 16 destroyed")
    return any(
        found.start() < cue_start
        and not _BUILT.search(article.text, max(sentence.start, found.start() - 40), found.start())
        for found in _ANCIENT_TIME.finditer(article.text, sentence.start, sentence.end)
    )


# "the mosque built in 1579 was blown up": the building's date, not the event's.
_BUILT = re.compile(
    r"\b(?:built|founded|constructed|erected|established|consecrated|dating|dated"
    r"|commissioned)\s+(?:[a-z]+\s+){0,2}?(?:in|on|from|to|back\s+to|around|about|c\.)?\s*$",
    re.IGNORECASE,
)
# "had been surrounded", "had fled": what came before the story's stated time.
_PLUPERFECT = re.compile(r"\bhad\s+(?:\w+ly\s+)?(?:been\s+)?(?:\w+ly\s+)?\w+(?:ed|en|t|wn)\b", re.I)
# "DAKAR — The group has resumed …": a dateline opens the news lede.
_DATELINE = re.compile(r"[A-Z][A-Z .,'’-]{2,40}(?:\([^)]{1,30}\)\s*)?\s[—–-]{1,2}\s")
# "the destruction of the Great Mosque": the event just told, named as a noun.
_TOLD_BEFORE = re.compile(
    r"the\s+(?:destruction|demolition|capture|recapture|liberation|looting|fall)\b", re.IGNORECASE
)
_PAST = re.compile(r"\b(?:re)?[a-z]+(?:ed|ook|ew|ought)\b")


def _stated(article: _Article, sentence: Sentence, mention: DateMention) -> str:
    """A stated date; one without its year ("in early September") in the year the story
    reached a few sentences before, if it stated one."""
    assert mention.edtf is not None
    if mention.year_inferred and article.context_year is not None:
        year, index = article.context_year
        if sentence.index - index <= 4 and (
            article.published is None or year != article.published.year
        ):
            return dates_module.in_year_of_story(mention, year, article.published) or mention.edtf
    return mention.edtf


# The words that make a line a list's lead ("This is a list of sites damaged …", "… including:").
_LIST_LEAD = re.compile(
    r"\b(?:list\s+of|the\s+following|include[sd]?|including|such\s+as|among\s+them)\b|:\s*$",
    re.IGNORECASE,
)
_LIST_REACH = 60  # sentences back to a list's lead


def _inherited_cues(article: _Article, sentence: Sentence) -> list[Cue]:
    """Rules-24: a list's item that tells no event of its own, under a lead that tells one
    for the whole list ("This is a list of heritage sites that were damaged or destroyed …",
    then "• Bosra (World Heritage Site)"): the lead's event, for the item. Headings between
    are passed over; a lead without the words of a list gives nothing."""
    text = article.text
    if not LIST_ITEM.match(text, text.rfind("\n", 0, sentence.start) + 1):
        return []
    for index in range(sentence.index - 1, max(-1, sentence.index - _LIST_REACH), -1):
        before = article.sentences[index]
        if LIST_ITEM.match(text, text.rfind("\n", 0, before.start) + 1):
            continue  # another item
        if _is_heading(article, before) and not text[before.start : before.end].endswith(":"):
            continue  # "Shelling[]"
        # the lead paragraph's first sentence that says it is a list, with its event
        first = before.index
        while first > 0 and article.sentences[first - 1].paragraph == before.paragraph:
            first -= 1
        for lead in article.sentences[first : before.index + 1]:
            if not _LIST_LEAD.search(text, lead.start, lead.end):
                continue
            cues = [
                cue
                for cue in article.cues.within(lead.start, lead.end)
                if cue.event_type not in PERSON_EVENTS and not cue.implied
            ]
            if cues:
                return [Cue(cues[0].event_type, sentence.end, sentence.end)]
        return []
    return []


def _is_heading(article: _Article, sentence: Sentence) -> bool:
    """A line of its own without a full stop: a title or a section heading."""
    words = article.text[sentence.start : sentence.end]
    alone = article.paragraph_sizes[sentence.paragraph] == 1
    return alone and len(words) < 120 and not words.rstrip("”’\"')").endswith((".", "!", "?"))


def _is_headline(article: _Article, sentence: Sentence) -> bool:
    """A title or standfirst: one short sentence at the top, in the news present."""
    if sentence.paragraph > 1 or not sentence.first_in_paragraph:
        return False
    alone = article.paragraph_sizes[sentence.paragraph] == 1
    return alone and sentence.end - sentence.start < 250


def _remember_date(
    article: _Article, sentence: Sentence, candidates: list[Candidate], explicit: str | None
) -> None:
    """Later sentences without a date of their own take this sentence's: a stated date,
    else the one its claims were given."""
    if sentence.caption:
        return
    stated_years = [
        d.edtf[:4]
        for d in article.date_mentions.within(sentence.start, sentence.end)
        if d.edtf
        and not d.year_inferred
        and d.edtf[:4].isdigit()
        and re.search(r"\b\d{4}\b", d.text)
    ]
    has_actor = bool(article.actors.within(sentence.start, sentence.end))
    if stated_years and (candidates or has_actor):  # a year of the story, not of its background
        article.context_year = (int(stated_years[-1]), sentence.index)
    if explicit is not None:
        article.context_date = (explicit, sentence.index)
        return
    dated = [c.date for c in candidates if c.date]
    if dated:
        article.context_date = (dated[-1], sentence.index)
        return
    mentioned = [
        d for d in article.date_mentions.within(sentence.start, sentence.end) if d.edtf is not None
    ]
    if has_actor and mentioned and mentioned[-1].edtf:
        article.context_date = (mentioned[-1].edtf, sentence.index)
