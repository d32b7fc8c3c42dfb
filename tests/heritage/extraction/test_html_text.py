"""An article uploaded as a web page is archived as its main text: the page's furniture,
scripts and related-story links left out, photo captions kept where they stood and marked;
a page that is no article gets a clear refusal naming `html`."""

from __future__ import annotations

import socket

import pytest

from heritage.errors import InvalidInput
from heritage.extraction.html_text import (
    CAPTION_MARK,
    MAX_ELEMENTS,
    MAX_HTML_CHARS,
    MAX_PAGE_BYTES,
    main_text,
    saved_page_main_text,
)

LEAD = (
    "Syrian government forces, backed by Russian air power, have recaptured the ancient city"
    " of Palmyra from the Islamic State of Iraq and the Levant (ISIL) after days of intense"
    " fighting, state media and a monitoring group said."
)
QUOTE = (
    "Syrian state television quoted a military source as saying that the army and its allied"
    " militias now had “complete control over the city of Palmyra”."
)
GUNFIRE = (
    "The Syrian Observatory for Human Rights, a monitor based in Britain, said gunfire could"
    " still be heard in the eastern districts of the city on Sunday morning, although most of"
    " ISIL’s fighters had withdrawn."
)
CAPTION = "The ancient city of Palmyra, photographed on March 27, 2016 [AFP]"

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><title>Syrian army recaptures Palmyra | News</title>
<script>window.track = function () {{ fetch("https://tracker.example/p"); }};</script>
<style>body {{ color: #c00 }}</style></head>
<body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
  <button>Accept all cookies</button></div>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
  <li><a href="/sport">Sport</a></li></ul></nav>
<main><article>
<h1>Syrian army ‘recaptures city of Palmyra from ISIL’</h1>
<figure><img src="/palmyra.jpg" alt="Palmyra"><figcaption>{CAPTION}</figcaption></figure>
<p>{LEAD}</p>
<p>{QUOTE}</p>
<p class="read-more"><strong>READ MORE: </strong>
  <a href="/x">Syrian regime seeks symbolic victory in Palmyra</a></p>
<script>document.write("<p>INJECTED BY A SCRIPT</p>")</script>
<noscript><p>Please enable JavaScript to read this page.</p></noscript>
<p>{GUNFIRE}</p>
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Floods in the Gulf</a></li></ul></aside>
<footer><p>© 2016 Example Media Network. All rights reserved.</p></footer>
</body></html>"""


def test_a_page_gives_its_main_text_with_its_caption_marked_where_it_stood() -> None:
    assert main_text(PAGE).split("\n\n") == [
        "Syrian army ‘recaptures city of Palmyra from ISIL’",
        f"{CAPTION_MARK}{CAPTION}",
        LEAD,
        QUOTE,
        GUNFIRE,
    ]


@pytest.mark.parametrize(
    "left_out",
    [
        "INJECTED",  # written by a script
        "tracker.example",  # the script itself
        "color",  # a style sheet
        "enable JavaScript",  # noscript
        "cookies",  # the consent banner
        "READ MORE",  # a related story
        "Sport",  # the site's menu
        "Floods in the Gulf",  # the side bar
        "All rights reserved",  # the footer
    ],
)
def test_the_page_furniture_and_code_are_left_out(left_out: str) -> None:
    assert left_out not in main_text(PAGE)


def test_a_page_wrapped_in_a_form_with_a_cookie_class_on_its_body_keeps_its_text() -> None:
    page = f"""<html class="js"><body class="has-cookie-banner">
    <form id="aspnetForm" method="post" action="/story"><div class="cookie-consent">
    We use cookies. <button>OK</button></div>
    <article><p>{LEAD}</p><p>{GUNFIRE}</p></article></form></body></html>"""
    assert main_text(page).split("\n\n") == [LEAD, GUNFIRE]


def test_a_wordpress_caption_is_marked_too() -> None:
    page = f"""<html><body><article><p>{LEAD}</p>
    <div class="wp-caption"><img src="/bel.jpg">
      <p class="wp-caption-text">The Temple of Bel in 2010</p></div>
    <p>{GUNFIRE}</p></article></body></html>"""
    assert main_text(page).split("\n\n") == [
        LEAD,
        f"{CAPTION_MARK}The Temple of Bel in 2010",
        GUNFIRE,
    ]


def test_a_caption_beside_paragraphs_is_marked_and_they_are_kept() -> None:
    page = f"""<html><body><article><div class="story">
    <p>{LEAD}</p><img src="prison.jpg"><span class="image-caption">Tadmur prison in 2015</span>
    <p>{GUNFIRE}</p></div></article></body></html>"""
    assert main_text(page).split("\n\n") == [
        LEAD,
        f"{CAPTION_MARK}Tadmur prison in 2015",
        GUNFIRE,
    ]


def test_a_block_of_paragraphs_is_no_caption_whatever_its_class() -> None:
    page = f"""<html><body><div class="article-body has-captions">
    <p>{LEAD}</p><p>{GUNFIRE}</p></div></body></html>"""
    assert main_text(page).split("\n\n") == [LEAD, GUNFIRE]


def test_broken_markup_still_gives_its_text() -> None:
    page = f"<html><body><div><p>{LEAD} <b>Unclosed.<p>{GUNFIRE}</div></span></td></table>"
    assert main_text(page).split("\n\n") == [f"{LEAD} Unclosed.", GUNFIRE]


def test_mixed_arabic_and_english_keeps_both_scripts() -> None:
    arabic = (
        "قال التلفزيون السوري إن الجيش سيطر على مدينة تدمر (Palmyra) بالكامل بعد معارك عنيفة"
        " مع تنظيم الدولة الإسلامية ISIL يوم الأحد."
    )
    page = f"""<html lang="ar" dir="rtl"><body><article><h1>استعادة تدمر</h1>
    <p>{arabic}</p><p>{QUOTE}</p></article></body></html>"""
    assert main_text(page).split("\n\n") == ["استعادة تدمر", arabic, QUOTE]


def test_control_characters_in_a_page_are_dropped() -> None:
    page = f"<html><body><article><p>{LEAD[:40]}\x00\x07{LEAD[40:]}</p></article></body></html>"
    assert main_text(page) == LEAD


def refusal(page: str) -> str:
    with pytest.raises(InvalidInput) as refused:
        main_text(page)
    assert list(refused.value.errors) == ["html"]
    return " ".join(refused.value.errors["html"])


def test_an_empty_page_is_refused() -> None:
    assert refusal("  \n ") == "The page is empty."


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><script>var t = 'Palmyra recaptured';</script></head><body>"
        "<script>alert(1)</script><noscript>enable js</noscript></body></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav>"
        "<footer>© 2016</footer></body></html>",
        "\x00\x01\x02<html>\x00</html>",
    ],
    ids=["scripts only", "navigation only", "binary"],
)
def test_a_page_without_an_article_is_refused(page: str) -> None:
    assert refusal(page).startswith("No article text was found in this page")


def test_a_page_too_large_is_refused_before_it_is_read() -> None:
    paragraph = f"<p>{LEAD}</p>"
    page = "<html><body>" + paragraph * (MAX_HTML_CHARS // len(paragraph) + 1) + "</body></html>"
    assert refusal(page).startswith(f"The page is {len(page):,} characters long")


def test_a_page_of_too_many_elements_is_refused_before_extraction() -> None:
    # Thousands of tiny blocks: what makes the extraction's time grow fastest.
    count = MAX_ELEMENTS // 3 + 1
    page = "<html><body>" + "<table><tr><td>a</td></tr></table>" * count + f"<p>{LEAD}</p>"
    elements = 3 * count + 3  # the tables', and html, body and p
    assert refusal(page).startswith(f"The page has {elements:,} HTML elements")


def test_reading_a_page_opens_no_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("main_text tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    page = PAGE.replace("<p>", '<p><a href="https://example.org/">link</a> ', 1)
    assert LEAD in main_text(page)


# --- A page saved as a file: its bytes ------------------------------------------------------


def test_a_saved_page_is_read_as_utf8_with_or_without_its_byte_order_mark() -> None:
    assert saved_page_main_text(PAGE.encode()) == main_text(PAGE)
    assert saved_page_main_text(b"\xef\xbb\xbf" + PAGE.encode()) == main_text(PAGE)
    assert saved_page_main_text(PAGE.encode("utf-16")) == main_text(PAGE)


def test_a_saved_page_in_a_declared_legacy_encoding_is_read_in_it() -> None:
    arabic = "قال شهود إن الجنود دخلوا المدينة القديمة صباح الأحد بعد معارك عنيفة."
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{arabic}</p></body></html>'
    assert saved_page_main_text(page.encode("cp1256")) == arabic


def file_refusal(data: bytes) -> str:
    with pytest.raises(InvalidInput) as refused:
        saved_page_main_text(data)
    assert list(refused.value.errors) == ["html"]
    return " ".join(refused.value.errors["html"])


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "The file is empty."),
        (b"%PDF-1.4 a document", "This file is not a web page (HTML)"),
        (b"GIF89a\x01\x00", "This file is not a web page (HTML)"),
        (b"plain words, no markup at all", "it has no HTML markup"),
        (b"<html><body><p>caf\xe9</p></body></html>", "This file is not UTF-8 text"),
        (b'<meta charset="x-no-such-thing"><p>caf\xe9</p>', "This file is not UTF-8 text"),
        (b'<meta charset="shift_jis"><p>\x82</p>', "This file is not valid shift_jis text"),
        (b"<p>" + b"a" * MAX_PAGE_BYTES + b"</p>", "the most accepted is 5,242,880 (5 MB)"),
    ],
    ids=["empty", "pdf", "image", "plain text", "latin-1", "unknown", "broken", "over 5 MB"],
)
def test_a_saved_file_that_is_no_readable_page_is_refused(data: bytes, said: str) -> None:
    assert said in file_refusal(data)
