"""Paragraphs, sentences and clauses of an article's text, by offsets into that text, with
photo captions and link lines marked; markup is masked so that offsets still count in the
text as given."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Script and style blocks, comments and tags, blanked with spaces (same length, so every
# offset found in the masked text is an offset in the original).
_MARKUP = re.compile(
    r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>|<!--.*?-->|<!?[a-zA-Z/][^<>]{0,2000}>",
    re.IGNORECASE | re.DOTALL,
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_BREAK = re.compile(r"\n")
_TERMINAL = re.compile(r"[.!?؟:\"”’)]\s*$")
# A sentence ends at a full stop before a capital; a semicolon parts two sentences too (each
# its own claim, its own speaker).
_BOUNDARY = re.compile(
    r"(?<=[.!?؟])(?:\[\d+\]|\[citation needed\]|[\"”’'»)\]])*\s+"
    r"(?=[\"“‘'«(\[]?[A-Z0-9\u0600-\u06ff])"
    r"|(?<=;)\s+(?=[\w\"“])"
)
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Rev|Jr|Sr|No|vs|etc|e\.g|i\.e"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mt|Ft|approx|ca|c|U\.S|U\.N|U\.K|a\.m|p\.m)"
    r"|\b[A-Z])\.[\"”’']*\s+$"
)
# Captions as html_text marks them ("[Caption] ...") or as pages print them.
_CAPTION = re.compile(
    r"^\s*(?:\[(?:caption|photo|image)\]|(?:caption|photo|image|picture|photograph|pictured)\s*[:|–—-])"
    r"|(?:\((?:photo|image|picture)[^)]*\)|(?:AFP|AP|Reuters|EPA|Getty Images|Anadolu)"
    r"(?:\s+(?:photo|via Getty Images))?\)?"
    r"|(?:photo|photograph|picture|image)(?:\s+credit)?:\s*[^.]{0,80})\s*$"
    r"|^\W*(?:an?|this|the)\s+(?:handout\s+)?(?:photo|image|picture|photograph|satellite\s+image|video\s+grab)"
    r"\b.{0,80}?\b(?:released|taken|shows|showing|provided|made\s+available|posted|published)\b",
    re.IGNORECASE,
)
# A caption on a line of its own, as heritage.extraction.html_text marks it: never run on.
_CAPTION_LINE = re.compile(r"[ \t]*\[(?:caption|photo|image)\]", re.IGNORECASE)
# Lines that are no part of the story: links to other stories, source and credit lines.
_NOT_STORY = re.compile(
    r"^\s*(?:read more|related|see also|more on this|source|sources|follow|share|image copyright"
    r"|getty images|advertisement)\b\s*[:|]?",
    re.IGNORECASE,
)
# An encyclopedia's back matter: the reference list under it cites titles ("Museum seized by
# troops"), claims the article's own text makes or does not; it reads for nothing to the end.
_BACK_MATTER = re.compile(
    r"^[ \t]*(?:references|notes|citations|bibliography|external links|further reading|footnotes"
    r"|works cited)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_CLAUSE_BREAK = re.compile(
    r"\s*[,;:()\[\]—–]\s*|\s+(?:and|but|while|whereas|although|though)\s+"
    r"(?=(?:then\s+|later\s+|also\s+|subsequently\s+|afterwards\s+)?[a-z]+(?:ed|en|t)\b)"
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    index: int  # in the article
    caption: bool
    skip: bool  # a link or credit line: read for nothing
    first_in_paragraph: bool


def mask_markup(text: str) -> str:
    """`text` with HTML tags, scripts, styles and comments blanked, keeping every offset."""
    if "<" not in text:
        return text
    return _MARKUP.sub(lambda found: re.sub(r"[^\n]", " ", found.group()), text)


# A line that is a list's item: "  • Bosra (World Heritage Site)", "- the museum".
LIST_ITEM = re.compile(r"[ \t]*[•*\-–][ \t]+\S")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Blank lines part paragraphs; so does a line break after a finished sentence or a
    short line (a heading), while a hard-wrapped line runs on."""
    spans = []
    start = 0
    for found in _PARAGRAPH_BREAK.finditer(text):
        spans.extend(_lines(text, start, found.start()))
        start = found.end()
    spans.extend(_lines(text, start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    line_start = start
    for found in _LINE_BREAK.finditer(text, start, end):
        line = text[line_start : found.start()]
        caption_next = _CAPTION_LINE.match(text, found.end(), end)
        if (
            _TERMINAL.search(line)
            or len(line.strip()) < 60
            or caption_next
            or LIST_ITEM.match(text, found.end(), end)  # rules-24: each item of a list alone
            or _CAPTION_LINE.match(line)
        ):
            spans.append((line_start, found.start()))
            line_start = found.end()
    spans.append((line_start, end))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    heading = _BACK_MATTER.search(text)
    back_matter = heading.start() if heading else len(text) + 1
    for number, (start, end) in enumerate(paragraphs(text)):
        block = text[start:end]
        caption = bool(_CAPTION.search(block))
        skip = bool(_NOT_STORY.match(block))
        piece_start = 0
        first = True
        for found in _BOUNDARY.finditer(block):
            window = max(0, found.start() - 12)  # the word before the stop, no further back
            if _ABBREVIATION.search(block, window, found.end()):
                continue
            _add(
                sentences,
                text,
                start + piece_start,
                start + found.start(),
                number,
                caption,
                skip,
                first,
                back_matter,
            )
            first = False
            piece_start = found.end()
        _add(sentences, text, start + piece_start, end, number, caption, skip, first, back_matter)
    return sentences


# No real sentence is longer: a run-on text (a list without stops, junk) is cut into pieces
# this long at a space, so that what is read per sentence stays bounded.
MAX_SENTENCE = 1500


def _add(
    sentences: list[Sentence],
    text: str,
    start: int,
    end: int,
    paragraph: int,
    caption: bool,
    skip: bool,
    first: bool,
    back_matter: int,
) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _add(sentences, text, start, cut, paragraph, caption, skip, first, back_matter)
        first = False
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        skip = skip or start >= back_matter
        sentences.append(Sentence(start, end, paragraph, len(sentences), caption, skip, first))


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of the sentence text[start:end], split at punctuation and at a
    conjunction that starts a new verb ("and later demolished")."""
    spans = []
    piece = start
    for found in _CLAUSE_BREAK.finditer(text, start, end):
        if found.start() > piece:
            spans.append((piece, found.start()))
        piece = found.end()
    if end > piece:
        spans.append((piece, end))
    return spans or [(start, end)]
