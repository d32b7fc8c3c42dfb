"""An article saved as a web page -> its main text, as it would be archived: the headline and
paragraphs, without navigation, related-story links, scripts, styles or cookie banners, and
with each photo caption kept where it stood, on a line of its own starting with CAPTION_MARK.

The main text is found by trafilatura (Apache-2.0), which works on the string given and
fetches nothing. Captions are kept because they carry claims of their own, and marked
because their dates are when a photo was released, not when an event happened: the
extractor reads a line starting with CAPTION_MARK as a caption.

A page saved as a file (the web form's upload) is read from its bytes by
saved_page_main_text: UTF-8, UTF-16 with its byte order mark, or the encoding the page
declares, and refused if it is not a web page at all.
"""

from __future__ import annotations

import codecs
import re

import trafilatura
from lxml import etree, html
from lxml.html import HtmlElement

from heritage.errors import InvalidInput
from heritage.messages import N_

# The start of a caption's line in the text. Square brackets and the word: what a reader of
# the archived text sees, and no article paragraph starts with it.
CAPTION_MARK = "[Caption] "
# A saved article page is rarely above 1 MB; three times that is no article, and the
# extraction's time grows with the page (about a second per megabyte on one core).
MAX_HTML_CHARS = 3_000_000
# Elements left once the page's code and furniture are out: an article page has a few
# thousand; the extraction's time grows faster than their number (8,000 tiny tables took
# 7 s), so a page built to stall it is refused instead.
MAX_ELEMENTS = 20_000

# Captions in the markup: <figcaption>, and a paragraph, division or span whose class says
# caption (WordPress's wp-caption-text, "image-caption", "photo-caption"…) and that holds no
# paragraph or division itself: a block of several paragraphs is not a caption, whatever
# its class says ("article-body has-captions").
_CAPTIONS = (
    "//figcaption"
    " | //*[self::p or self::div or self::span][contains(@class, 'caption')]"
    "[not(ancestor::figcaption)][not(.//figcaption | .//p | .//div)]"
)
# A line pointing at another story ("READ MORE: …", "Related: …"): the site's, not the text's.
_LINK_LINE = re.compile(
    r"^\s*(read more|related|also read|see also|more on this|recommended)\b\s*[:\-–—]",
    re.IGNORECASE,
)
# Never the article: code, and the page's own furniture (its menus, side bars, footer,
# consent banners), taken out before trafilatura weighs what is left. Not forms, which some
# publishing systems wrap around the whole page (ASP.NET's aspnetForm); nor an element that
# holds the page or the article, whatever its class says ("has-cookie-banner" on <body>).
_CONTAINERS = "self::html or self::body or self::main or self::article"
_BOILERPLATE = (
    "//script | //style | //noscript | //template | //iframe | //svg"
    " | //nav | //aside | //footer | //*[@role='navigation' or @role='banner']"
    f" | //*[@aria-modal='true'][not({_CONTAINERS})]"
    f" | //*[contains(translate(@id, 'COKIE', 'cokie'), 'cookie')][not({_CONTAINERS})]"
    f" | //*[contains(translate(@class, 'COKIE', 'cokie'), 'cookie')][not({_CONTAINERS})]"
    f" | //*[contains(translate(@class, 'CONSET', 'conset'), 'consent')][not({_CONTAINERS})]"
)
# Control characters other than white space: no page has them, a hostile one might.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML_FIELD = "html"
# A saved page, as a file: its bytes are read up to this. Above it, no article page (see
# MAX_HTML_CHARS, which a page decoded from fewer bytes may still exceed).
MAX_PAGE_BYTES = 5 * 1024 * 1024
# Where a page declares its encoding: a <meta charset>, a <meta http-equiv> content type or
# an XML declaration, all near its start (HTML requires the first 1,024 bytes; some pages
# put a long <head> first, so a little more is read).
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)
_DECLARATION_BYTES = 4096
# What a file that is not a web page starts with: PDF, images, archives (a .docx is one).
_NOT_PAGES = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"RIFF", b"\x1f\x8b")
_UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Some markup of a web page: a file without any is plain text, not a saved page.
_MARKUP = re.compile(
    r"<(!doctype\s+html|html|head|body|p|div|article|main|section|h[1-6]|table|br)\b",
    re.IGNORECASE,
)


def main_text(page: str) -> str:
    """The main text of the web page `page` (its HTML), paragraphs separated by a blank line,
    captions marked; InvalidInput naming `html` when it is too large, not HTML, or holds no
    text that reads as an article."""
    if len(page) > MAX_HTML_CHARS:
        raise InvalidInput.field(
            _HTML_FIELD,
            N_(
                "The page is %(length)s characters long; the most accepted is %(limit)s."
                " Send the article's own page, or its text.",
                length=f"{len(page):,}",
                limit=f"{MAX_HTML_CHARS:,}",
            ),
        )
    tree = _parse(page)
    for element in tree.xpath(_BOILERPLATE):
        if element.getparent() is not None:  # not inside one dropped already
            element.drop_tree()
    elements = sum(1 for _ in tree.iter())
    if elements > MAX_ELEMENTS:
        raise InvalidInput.field(
            _HTML_FIELD,
            N_(
                "The page has %(elements)s HTML elements besides its menus and scripts; the"
                " most read is %(limit)s. Send the article's own page, or its text.",
                elements=f"{elements:,}",
                limit=f"{MAX_ELEMENTS:,}",
            ),
        )
    _mark_captions(tree)
    extracted = trafilatura.extract(
        tree,
        output_format="txt",
        include_comments=False,  # readers' comments are not the article
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        with_metadata=False,
        # Its fallback extractors (jusText above all) take time that grows with the square
        # of the page's blocks: 47 s for a page of 8,000 small tables.
        fast=True,
    )
    paragraphs = [
        " ".join(line.split())
        for line in (extracted or "").splitlines()
        if line.strip() and not _LINK_LINE.match(line)
    ]
    if not any(not line.startswith(CAPTION_MARK) for line in paragraphs):
        raise InvalidInput.field(
            _HTML_FIELD,
            N_(
                "No article text was found in this page (only navigation, scripts or nothing"
                " readable). Send the article's own page, or its text."
            ),
        )
    return "\n\n".join(paragraphs)


def saved_page_main_text(data: bytes) -> str:
    """The main text of a web page saved as a file (`data`, its bytes), as main_text reads
    it; InvalidInput naming `html` when the file is empty, larger than MAX_PAGE_BYTES, not a
    web page (a PDF, an image, plain text) or in no encoding it can be read in."""
    if not data.strip():
        raise InvalidInput.field(_HTML_FIELD, N_("The file is empty."))
    if len(data) > MAX_PAGE_BYTES:
        raise InvalidInput.field(
            _HTML_FIELD,
            N_(
                "The file is %(size)s bytes; the most accepted is %(limit)s (5 MB)."
                " Save the article's page alone (“HTML only”), or paste its text.",
                size=f"{len(data):,}",
                limit=f"{MAX_PAGE_BYTES:,}",
            ),
        )
    # NUL bytes are in no text but UTF-16 (and UTF-32), which starts with its byte order mark.
    binary = b"\x00" in data[:_DECLARATION_BYTES] and not data.startswith(_UTF16_MARKS)
    if data.lstrip().startswith(_NOT_PAGES) or binary:
        raise InvalidInput.field(
            _HTML_FIELD,
            N_("This file is not a web page (HTML): save the article's page as HTML."),
        )
    page = _decoded(data)
    if not _MARKUP.search(page):
        raise InvalidInput.field(
            _HTML_FIELD,
            N_(
                "This file is not a web page (HTML): it has no HTML markup. Paste a plain"
                " text in the text field instead."
            ),
        )
    return main_text(page)


def _decoded(data: bytes) -> str:
    """The page's text: UTF-8 (with or without its byte order mark), UTF-16 with its byte
    order mark, or the encoding the page declares (Arabic sites long used windows-1256);
    never a guess, which would archive the wrong letters as evidence."""
    for mark, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(mark):
            return _strictly(data, encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _DECLARED.search(data[:_DECLARATION_BYTES])
    if declared is not None:
        name = (declared.group(1) or declared.group(2)).decode("ascii", "replace")
        try:
            encoding = codecs.lookup(name).name
        except LookupError:
            encoding = "unknown"
        # A page that declares UTF-16 in ASCII is not UTF-16 (HTML reads it as UTF-8).
        if not encoding.startswith(("unknown", "utf-8", "utf-16", "utf-32")):
            return _strictly(data, encoding)
    raise InvalidInput.field(
        _HTML_FIELD,
        N_(
            "This file is not UTF-8 text and declares no other encoding it is written in:"
            " save the page again as UTF-8, or paste its text."
        ),
    )


def _strictly(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InvalidInput.field(
            _HTML_FIELD,
            N_(
                "This file is not valid %(encoding)s text (byte %(position)s): save the page"
                " again as UTF-8, or paste its text.",
                encoding=encoding,
                position=error.start,
            ),
        ) from None


def _parse(page: str) -> HtmlElement:
    # A declared encoding inside a str makes lxml refuse it: the text is decoded already.
    page = _CONTROL.sub("", re.sub(r"^\s*<\?xml[^>]*\?>", "", page))
    if not page.strip():
        raise InvalidInput.field(_HTML_FIELD, N_("The page is empty."))
    try:
        tree = html.document_fromstring(page)
    except (etree.ParserError, ValueError) as error:
        message = N_("This is not a readable HTML page: %(error)s.", error=str(error))
        raise InvalidInput.field(_HTML_FIELD, message) from error
    return tree


def _mark_captions(tree: HtmlElement) -> None:
    """Put each caption, marked, in a paragraph where its figure stood (trafilatura leaves
    figures out of the main text, captions with them). The figure is the caption's <figure>,
    else the largest element around it that holds nothing readable but the caption (a
    photograph and its caption in a division of their own)."""
    for caption in tree.xpath(_CAPTIONS):
        if caption.getparent() is None or _detached(caption):
            continue  # inside a figure replaced already
        text = " ".join(caption.text_content().split())
        figure = next(caption.iterancestors("figure"), None)
        target = figure if figure is not None else _figure_around(caption, text)
        if not text:
            target.drop_tree()  # keeps the text that follows it
            continue
        paragraph = html.Element("p")
        paragraph.text = f"{CAPTION_MARK}{text}"
        paragraph.tail = target.tail
        target.getparent().replace(target, paragraph)


def _figure_around(caption: HtmlElement, text: str) -> HtmlElement:
    target = caption
    for up in caption.iterancestors():
        if up.tag in ("body", "html", "article", "main") or up.getparent() is None:
            break
        if " ".join(up.text_content().split()) != text:
            break
        target = up
    return target


def _detached(element: HtmlElement) -> bool:
    """Whether an element is no longer in the document (an ancestor was replaced)."""
    return next(element.iterancestors("html"), None) is None
