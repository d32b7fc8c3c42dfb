"""An article's text in the web app: loaded from a saved web page on its form (its main
text archived, captions marked, never its scripts or menus), a bad page refused beside the
text with everything typed kept and nothing stored, and a text that nearly copies a stored
one proposed to the editor as syndicated from that one's agency, until they confirm it."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.extraction.html_text import CAPTION_MARK, MAX_PAGE_BYTES
from heritage.models import Article
from tests.api.conftest import snapshot
from tests.heritage import builders as b
from tests.web.helpers import csrf_token
from tests.web.test_forms import engine_of, field_block, page_text

World = dict[str, Any]

# Our own words: a made-up report on a made-up museum.
PARAGRAPHS = [
    "Restorers in the old town counted the damage to the river museum on Tuesday, two weeks"
    " after shelling broke the glass roof of its main hall.",
    "The museum's curator said most of the carved stone panels had been moved to the"
    " basement before the fighting reached the quarter, but three large jars were crushed"
    " when a beam fell.",
    "Volunteers have since covered the open roof with plastic sheets, and a team from the"
    " university is listing every object that was left upstairs.",
]
CAPTION = "The main hall of the river museum after the roof fell, photographed on Monday."
HOSTILE = "document.title = 'stolen cookies'"
PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>River museum counts its losses</title>
<script>{HOSTILE}</script><style>p {{ color: red }}</style></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World news</a> <a href="/sport">Sport pages</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<article>
<h1>River museum counts its losses</h1>
<p>{PARAGRAPHS[0]}</p>
<figure><img src="hall.jpg" alt=""><figcaption>{CAPTION}</figcaption></figure>
<p>{PARAGRAPHS[1]}</p>
<script>alert("{HOSTILE}")</script>
<p>{PARAGRAPHS[2]}</p>
</article>
<aside><h2>Most read</h2><p>Ten recipes for a rainy weekend at home with the family</p></aside>
<footer>Copyright 2016 Example Daily. All rights reserved.</footer>
</body></html>"""

# A wire story of our own, and the same story as a newspaper reprints it: a new headline,
# a paragraph cut and a line of its own added.
WIRE_TEXT = (
    (Path(__file__).parents[1] / "texts" / "valley-bridge-wire.txt").read_text("utf-8").strip()
)
COPY_TEXT = "\n\n".join(
    [
        "Valley bridge loses two arches",
        *WIRE_TEXT.split("\n\n")[:3],
        "Reporting by our correspondent, with agencies.",
    ]
)
UNRELATED_TEXT = (
    "The city library reopened its reading room on Saturday after a year of repairs to its"
    " wooden ceiling, paid for by a fund set up by former students of the nearby college."
)


@pytest.fixture
def world(session: Session, people: dict[str, int]) -> World:
    """A news agency, a newspaper that reprints it, another paper, and one stored wire
    story republished by the newspaper (so its originating source is the agency)."""
    agency = b.source(session, "Valley News Agency")
    daily = b.source(session, "Example Daily")
    herald = b.source(session, "Morning Herald")
    reprint = b.article(
        session,
        daily,
        "2016-04-01",
        text=WIRE_TEXT,
        title="Air strike hits old bridge",
        syndicated_from=agency,
    )
    session.commit()
    return {"agency": agency.id, "daily": daily.id, "herald": herald.id, "reprint": reprint.id}


def article_form(world: World, **fields: Any) -> dict[str, Any]:
    """An article's form as an editor without scripts fills it (the publisher's number)."""
    return {
        "publisher_id": str(world["herald"]),
        "title": "River museum counts its losses",
        "url": "https://herald.example.org/2016/04/05/museum",
        "published": "2016-04-05",
        "language": "en",
        "text": "",
        **fields,
    }


def post_page(
    client: FlaskClient,
    world: World,
    page: bytes | None,
    path: str = "/articles/new",
    **fields: Any,
) -> Any:
    data: dict[str, Any] = {"csrf_token": csrf_token(client, path), **article_form(world, **fields)}
    if page is not None:
        data["text_html"] = (io.BytesIO(page), "saved page.html", "text/html")
    response = client.post(path, data=data, content_type="multipart/form-data")
    # The test client spools a large body to a temporary file it leaves open.
    response.request.environ["wsgi.input"].close()
    return response


def visible(response: Any) -> str:
    """The page's words as a reader sees them: no markup, white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page_text(response)).split()).replace(" ,", ",")


def stored(session: Session, url: str) -> Article | None:
    session.expire_all()
    return session.scalars(select(Article).where(Article.url == url)).one_or_none()


# --- Loading the text from a saved page ----------------------------------------------------


def test_the_form_offers_a_saved_page_beside_the_text_and_posts_it_without_scripts(
    editor: FlaskClient, world: World
) -> None:
    html = editor.get("/articles/new").get_data(as_text=True)

    assert 'enctype="multipart/form-data"' in html
    text = field_block(html, "text")
    assert 'type="file"' in text and 'name="text_html"' in text
    assert "Load the text from a saved web page (HTML)" in text


def test_a_saved_page_is_archived_as_its_main_text_with_its_caption_marked(
    editor: FlaskClient, session: Session, world: World
) -> None:
    response = post_page(editor, world, PAGE.encode())

    assert response.status_code == 303, page_text(response)
    article = stored(session, "https://herald.example.org/2016/04/05/museum")
    assert article is not None and article.text is not None
    assert article.text.split("\n\n") == [
        "River museum counts its losses",
        PARAGRAPHS[0],
        f"{CAPTION_MARK}{CAPTION}",
        PARAGRAPHS[1],
        PARAGRAPHS[2],
    ]
    for boilerplate in (HOSTILE, "alert", "color: red", "Sport pages", "cookies", "recipes"):
        assert boilerplate not in article.text
    assert article.text_sha256 is not None and article.captured_at is not None


def test_a_page_in_the_encoding_it_declares_is_read_in_it(
    editor: FlaskClient, session: Session, world: World
) -> None:
    arabic = "قال المرممون إن سقف القاعة الكبرى في متحف النهر انهار بعد القصف يوم الثلاثاء."
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        f"</head><body><article><p>{arabic}</p></article></body></html>"
    )

    response = post_page(editor, world, page.encode("cp1256"), language="ar")

    assert response.status_code == 303, page_text(response)
    article = stored(session, "https://herald.example.org/2016/04/05/museum")
    assert article is not None and article.text == arabic


def test_an_article_without_text_gets_it_from_a_page_on_its_edit_form(
    editor: FlaskClient, session: Session, world: World
) -> None:
    bare = b.article(session, b.source(session, "Evening Post"), "2016-04-06", title="Bare")
    session.commit()
    path = f"/articles/{bare.id}/edit"
    assert 'name="text_html"' in editor.get(path).get_data(as_text=True)

    response = post_page(
        editor,
        world,
        PAGE.encode(),
        path,
        version=str(bare.version),
        url=bare.url,
        title="Bare",
        publisher_id=str(bare.publisher_id),
        published="2016-04-06",
    )

    assert response.status_code == 303, page_text(response)
    session.expire_all()
    assert PARAGRAPHS[1] in (session.get(Article, bare.id).text or "")  # type: ignore[union-attr]
    # Its text archived, the form no longer offers to load one.
    assert 'name="text_html"' not in editor.get(path).get_data(as_text=True)


NOT_UTF8 = "<html><body><p>Caf\xe9 owners near the museum said the roof fell.</p></body></html>"


@pytest.mark.parametrize(
    ("page", "said"),
    [
        (b"", "The file is empty."),
        (b"  \n\t ", "The file is empty."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "This file is not a web page (HTML)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This file is not a web page (HTML)"),
        (b"Just a line of plain text, no markup.", "it has no HTML markup"),
        (
            b"<html><head><script>var a = 1;</script></head><body><nav><a href='/'>Home</a>"
            b"</nav><script>alert(1)</script></body></html>",
            "No article text was found in this page",
        ),
        (
            b"<html><body><p>" + b"x" * (MAX_PAGE_BYTES + 1) + b"</p></body></html>",
            f"the most accepted is {MAX_PAGE_BYTES:,} (5 MB)",
        ),
        (NOT_UTF8.encode("latin-1"), "This file is not UTF-8 text"),
        (
            b'<html><head><meta charset="utf-16"></head><body><p>ok</p></body></html>'
            + b"\xff\xfe\xfd",
            "This file is not UTF-8 text",
        ),
    ],
    ids=[
        "empty",
        "blank",
        "pdf",
        "image",
        "plain text",
        "no main text",
        "over 5 MB",
        "not utf-8",
        "declares utf-16 but is not",
    ],
)
def test_a_bad_page_is_refused_beside_the_text_keeping_what_was_typed(
    app: Flask, editor: FlaskClient, world: World, page: bytes, said: str
) -> None:
    before = snapshot(engine_of(app))

    response = post_page(editor, world, page, title="Typed title, kept")

    assert response.status_code == 422
    assert snapshot(engine_of(app)) == before
    html = response.get_data(as_text=True)
    text = field_block(html, "text")
    assert "The web page was not loaded." in text and said in text
    assert 'aria-invalid="true"' in text
    assert 'value="Typed title, kept"' in field_block(html, "title")
    assert 'value="2016-04-05"' in field_block(html, "published")
    assert "Nothing was saved" in page_text(response)


def test_a_typed_text_and_a_page_together_are_refused_rather_than_overwritten(
    app: Flask, editor: FlaskClient, world: World
) -> None:
    before = snapshot(engine_of(app))

    response = post_page(editor, world, PAGE.encode(), text="My own transcription.")

    assert response.status_code == 422
    assert snapshot(engine_of(app)) == before
    text = field_block(response.get_data(as_text=True), "text")
    assert "keep one" in text and "My own transcription." in text


def test_a_page_refused_is_said_in_arabic_on_the_arabic_form(
    editor: FlaskClient, world: World
) -> None:
    editor.get("/?lang=ar")

    response = post_page(editor, world, b"")

    assert response.status_code == 422
    text = field_block(response.get_data(as_text=True), "text")
    assert "لم تُحمَّل صفحة الويب." in text and "الملف فارغ." in text
    assert "The file is empty" not in text


# --- A near copy proposed, and confirmed --------------------------------------------------


def test_a_near_copy_is_proposed_on_the_saved_form_and_the_article_page_until_confirmed(
    editor: FlaskClient, session: Session, world: World
) -> None:
    response = post_page(editor, world, None, text=COPY_TEXT, title="Valley bridge loses arches")
    assert response.status_code == 303, page_text(response)
    article = stored(session, "https://herald.example.org/2016/04/05/museum")
    assert article is not None

    form = visible(editor.get(response.headers["Location"]))
    public = visible(editor.get(f"/articles/{article.id}"))
    for shown in (form, public):
        assert (
            "This text is a near copy of « Air strike hits old bridge » ( Example Daily,"
            " 2016-04-01 ), likeness 0.72 ." in shown
        )
        # The stored article is itself a reprint: the proposal names its agency.
        assert "It was probably syndicated from Valley News Agency ." in shown
        assert "Mark as syndicated from Valley News Agency" in shown

    confirmed = editor.post(
        f"/articles/{article.id}/syndicated-from",
        data={
            "csrf_token": csrf_token(editor, f"/articles/{article.id}"),
            "source_id": str(world["agency"]),
            "version": str(article.version),
            "back": "page",
        },
    )

    assert confirmed.status_code == 303
    assert confirmed.headers["Location"].endswith(f"/articles/{article.id}")
    session.expire_all()
    assert session.get(Article, article.id).syndicated_from_id == world["agency"]  # type: ignore[union-attr]
    after = visible(editor.get(f"/articles/{article.id}"))
    assert "Marked as syndicated from Valley News Agency." in after
    assert "near copy" not in after and "first published by" in after
    assert "near copy" not in page_text(editor.get(f"/articles/{article.id}/edit"))


def test_confirming_a_proposal_read_before_a_change_changes_nothing(
    editor: FlaskClient, session: Session, world: World
) -> None:
    copy = b.article(session, b.source(session, "Evening Post"), "2016-04-02", text=COPY_TEXT)
    session.commit()

    response = editor.post(
        f"/articles/{copy.id}/syndicated-from",
        data={
            "csrf_token": csrf_token(editor, f"/articles/{copy.id}"),
            "source_id": str(world["agency"]),
            "version": str(copy.version + 1),
            "back": "form",
        },
    )

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/articles/{copy.id}/edit")
    session.expire_all()
    assert session.get(Article, copy.id).syndicated_from_id is None  # type: ignore[union-attr]
    assert "Someone changed this article" in page_text(editor.get(f"/articles/{copy.id}/edit"))


def test_an_unrelated_text_gets_no_proposal(
    editor: FlaskClient, session: Session, world: World
) -> None:
    response = post_page(editor, world, None, text=UNRELATED_TEXT, title="Library reopens")
    assert response.status_code == 303, page_text(response)
    article = stored(session, "https://herald.example.org/2016/04/05/museum")
    assert article is not None

    assert "near copy" not in page_text(editor.get(response.headers["Location"]))
    assert "near copy" not in page_text(editor.get(f"/articles/{article.id}"))


def test_only_editors_see_and_confirm_proposals(
    anonymous: FlaskClient, viewer: FlaskClient, session: Session, world: World
) -> None:
    copy = b.article(session, b.source(session, "Evening Post"), "2016-04-02", text=COPY_TEXT)
    session.commit()
    path = f"/articles/{copy.id}"

    assert "near copy" not in page_text(anonymous.get(path))
    assert "near copy" not in page_text(viewer.get(path))
    form = {"source_id": str(world["agency"]), "version": str(copy.version)}
    signed_out = anonymous.post(
        f"{path}/syndicated-from", data={**form, "csrf_token": csrf_token(anonymous)}
    )
    assert signed_out.status_code == 302 and "/login" in signed_out.headers["Location"]
    refused = viewer.post(
        f"{path}/syndicated-from", data={**form, "csrf_token": csrf_token(viewer, path)}
    )
    assert refused.status_code == 403
    assert anonymous.get("/articles/new").status_code == 302
    session.expire_all()
    assert session.get(Article, copy.id).syndicated_from_id is None  # type: ignore[union-attr]
