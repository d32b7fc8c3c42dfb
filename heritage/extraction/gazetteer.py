"""The names the tracker knows (sites, actors, sources), folded as search folds them, and a
scan that finds them in a text by token n-gram lookup: one pass, whatever the number of names."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from heritage.text import fold

# A word: letters, digits and the combining marks of Latin and Arabic, with the marks people
# type or omit inside a transliteration (Maʿbad, Ma'bad) kept inside the word, as fold drops them.
_MARKS = "ʿʾʼ'’‘`´"
_LETTERS = r"[\w\u0300-\u036f\u064b-\u065f\u0670]"
WORD = re.compile(rf"{_LETTERS}+(?:[{_MARKS}]{_LETTERS}+)*")
# Arabic clitics written onto the next word: and, so, with/in, for, like, the.
_ARABIC_PREFIXES = ("وبال", "وال", "بال", "لل", "فال", "كال", "ال", "و", "ف", "ب", "ل", "ك")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


@dataclass(frozen=True)
class Entry:
    """A site, actor or source the database holds, with every name it is known by."""

    kind: str  # "site" | "actor" | "source"
    key: str | None
    id: int | None
    name: str  # the record's display name
    names: tuple[str, ...]  # every stored name and alias, raw
    # A source's organisation (Rami Abdulrahman -> the Observatory), by its display name.
    affiliation: str | None = None
    # A site's kind (mosque, library, mausoleum …): "a library" in a lede may be the one named.
    site_kind: str | None = None
    # The site it stands inside (a museum's city): a city's capture is no capture of the museum
    # in it, and the museum's looting is no looting of the city.
    parent_id: int | None = None


class Token(NamedTuple):  # a tuple: an article makes thousands
    start: int
    end: int
    folded: str


@dataclass(frozen=True)
class Match:
    """A stored name found in the text: where, and every record of each kind it names
    (best first: a name shared by two sites goes to the one whose own name it is)."""

    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]
    first_token: int
    last_token: int  # exclusive

    def best(self, kind: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.kind == kind), None)

    def ambiguous(self, kind: str) -> bool:
        return sum(1 for entry in self.entries if entry.kind == kind) > 1


@functools.lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    return fold(word)


def tokenize(text: str) -> list[Token]:
    """The words of `text` with their offsets, folded; a possessive 's is left out."""
    tokens = []
    for found in WORD.finditer(text):
        start, end = found.span()
        word = found.group()
        if len(word) > 2 and word[-1] in "sS" and word[-2] in "’'":
            end -= 2
            word = word[:-2]
        tokens.append(Token(start, end, fold_word(word)))
    return tokens


def _name_tokens(name: str) -> tuple[str, ...]:
    # as a text is read, possessive 's and all, or "Sadr's militia" could never be found
    return tuple(token.folded for token in tokenize(name))


@dataclass
class _Name:
    tokens: tuple[str, ...]
    raw: str
    entries: list[tuple[int, Entry]] = field(default_factory=list)  # (rank, entry)


class Gazetteer:
    """Folded lookups of every stored name: built once, then scanned per text."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[_Name]] = {}
        self._names: dict[tuple[str, ...], _Name] = {}
        self.entries: list[Entry] = []
        self._by_word: dict[str, list[Entry]] = {}
        self._surnames: dict[str, Entry] | None = None

    @classmethod
    def from_entries(cls, entries: Iterable[Entry]) -> Gazetteer:
        gazetteer = cls()
        for entry in entries:
            gazetteer._add(entry)
        for candidates in gazetteer._by_first.values():
            candidates.sort(key=lambda name: -len(name.tokens))  # longest first
        for name in gazetteer._names.values():
            name.entries.sort(key=lambda ranked: ranked[0])
        return gazetteer

    def _add(self, entry: Entry) -> None:
        self.entries.append(entry)
        display = _name_tokens(entry.name)
        for position, raw in enumerate(dict.fromkeys((entry.name, *entry.names))):
            tokens = _name_tokens(raw)
            if not tokens:
                continue
            name = self._names.get(tokens)
            if name is None:
                name = self._names[tokens] = _Name(tokens, raw)
                self._by_first.setdefault(tokens[0], []).append(name)
            # The record whose own name this is comes first, then the one listing it earlier.
            rank = 0 if tokens == display else position + 1
            if all(existing is not entry for _, existing in name.entries):
                name.entries.append((rank, entry))
            for word in tokens:
                self._by_word.setdefault(word, [])
                if entry not in self._by_word[word]:
                    self._by_word[word].append(entry)

    def surnames(self) -> dict[str, Entry]:
        """Stored people by the last word of their name, where only one has it
        ("Abdulkarim" -> Maamoun Abdulkarim); built once."""
        if self._surnames is None:
            found: dict[str, list[Entry]] = {}
            for entry in self.entries:
                words = _name_tokens(entry.name)
                if entry.kind == "source" and len(words) >= 2:
                    found.setdefault(words[-1], []).append(entry)
            self._surnames = {word: people[0] for word, people in found.items() if len(people) == 1}
        return self._surnames

    def entries_with_word(self, word: str, kind: str) -> list[Entry]:
        """Records of `kind` one of whose names holds the folded `word` (army -> Syrian army)."""
        return [entry for entry in self._by_word.get(fold_word(word), []) if entry.kind == kind]

    def find(self, text: str, tokens: list[Token] | None = None) -> list[Match]:
        """Every stored name in `text`, longest first at each place, left to right."""
        tokens = tokenize(text) if tokens is None else tokens
        matches = []
        index = 0
        while index < len(tokens):
            found = self._match_at(text, tokens, index)
            if found is None:
                index += 1
                continue
            matches.append(found)
            index = found.last_token
        return matches

    def _match_at(self, text: str, tokens: list[Token], index: int) -> Match | None:
        token = tokens[index]
        if token.folded not in self._by_first and not _ARABIC.match(token.folded):
            return None
        for first, trimmed in self._first_forms(token):
            for name in self._by_first.get(first, ()):
                size = len(name.tokens)
                if index + size > len(tokens):
                    continue
                if any(tokens[index + k].folded != name.tokens[k] for k in range(1, size)):
                    continue
                start = tokens[index].start + trimmed
                end = tokens[index + size - 1].end
                if not _same_case(text[start:end], name.raw):
                    continue
                entries = tuple(entry for _, entry in name.entries)
                return Match(start, end, text[start:end], entries, index, index + size)
        return None

    def _first_forms(self, token: Token) -> Iterator[tuple[str, int]]:
        """The token as written, then, for Arabic, without a clitic (بتدمر: in Tadmur)."""
        yield token.folded, 0
        if _ARABIC.match(token.folded):
            for prefix in _ARABIC_PREFIXES:
                rest = token.folded[len(prefix) :]
                if token.folded.startswith(prefix) and len(rest) >= 2 and rest in self._by_first:
                    yield rest, len(prefix)


def _same_case(found: str, name: str) -> bool:
    """Short acronyms match only in capitals (IS is not "is"); a capitalised name only
    capitalised (Dawn the newspaper is not "at dawn")."""
    letters = [ch for ch in name if ch.isalpha()]
    if letters and len(letters) <= 3 and all(ch.isupper() for ch in letters):
        return [ch for ch in found if ch.isalpha()] == letters
    if name[:1].isupper() and name[:1].isascii():
        if found[:1].isupper():
            return True
        # "the old city of Sana'a": a longer name whose proper noun keeps its capital
        words, found_words = name.split(), found.split()
        return len(words) > 2 and any(
            word[:1].isupper() and seen[:1].isupper()
            for word, seen in zip(words[1:], found_words[1:], strict=False)
        )
    return True


def load_gazetteer(session: Session) -> Gazetteer:
    """Every site with its names, actor with its aliases and source, tombstones left out."""
    from heritage.models import Actor, ActorAlias, Site, SiteName, Source

    entries: list[Entry] = []
    site_names: dict[int, list[str]] = {}
    for site_id, name in session.execute(
        select(SiteName.site_id, SiteName.name).order_by(SiteName.id)
    ):
        site_names.setdefault(site_id, []).append(name)
    for site in session.execute(
        select(Site.id, Site.key, Site.name, Site.kind, Site.parent_id)
        .where(Site.deleted_at.is_(None))
        .order_by(Site.id)
    ):
        names = tuple(site_names.get(site.id, ()))
        entries.append(
            Entry(
                "site",
                site.key,
                site.id,
                site.name,
                names,
                site_kind=site.kind,
                parent_id=site.parent_id,
            )
        )
    aliases: dict[int, list[str]] = {}
    for actor_id, alias in session.execute(
        select(ActorAlias.actor_id, ActorAlias.alias).order_by(ActorAlias.id)
    ):
        aliases.setdefault(actor_id, []).append(alias)
    for actor in session.execute(
        select(Actor.id, Actor.key, Actor.name).where(Actor.deleted_at.is_(None)).order_by(Actor.id)
    ):
        entries.append(
            Entry("actor", actor.key, actor.id, actor.name, tuple(aliases.get(actor.id, ())))
        )
    organisation = aliased(Source)
    for source in session.execute(
        select(Source.id, Source.key, Source.name, organisation.name.label("affiliation"))
        .outerjoin(organisation, Source.affiliation_id == organisation.id)
        .where(Source.deleted_at.is_(None))
        .order_by(Source.id)
    ):
        entries.append(Entry("source", source.key, source.id, source.name, (), source.affiliation))
    return Gazetteer.from_entries(entries)
