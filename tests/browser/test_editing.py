"""An editor at work in the forms, with the keyboard alone: an article, the event it reports
and two claims quoted from it, sent to review, every keystroke outside free text counted."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.models import Article, Claim, Event, Site
from tests.api.helpers import patch
from tests.browser.helpers import KEYSTROKES, PASSWORD, LiveServer, People, arabic, sign_in
from tests.browser.world import Palmyra, api_client

TEXT = (
    "Palmyra, 21 May 2015. The Syrian Observatory for Human Rights said ISIL fighters took"
    " full control of the ancient city on Wednesday. A government official said the army"
    " still held the western districts."
)
AFFIRMING = "ISIL fighters took full control of the ancient city on Wednesday"
DISPUTING = "the army still held the western districts"


class Keys:
    """The editor's keyboard: what it types in free text (a URL, a title, a date, a text, a
    quote, a summary: what the editor transcribes) apart from every other keystroke
    (moving between fields, choosing, searching a picker, saving), which is counted."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.counted = 0
        self.free_text = 0

    def press(self, key: str, times: int = 1) -> None:
        """A key, or a chord like Control+Enter: one keystroke each time."""
        for _ in range(times):
            self.page.keyboard.press(key)
            self.counted += 1

    def type(self, text: str) -> None:
        """Characters that choose rather than say: a picker's search, a list's first letters."""
        self.page.keyboard.type(text)
        self.counted += len(text)

    def write(self, text: str) -> None:
        self.page.keyboard.insert_text(text)
        self.free_text += len(text)

    def pick(self, search: str, option: str) -> None:
        """Search a picker and take the highlighted match, checked to be `option`."""
        self.type(search)
        match = self.page.get_by_role("option", name=option)
        expect(match).to_have_attribute("aria-selected", "true")
        self.press("Enter")


def expect_saved(page: Page) -> None:
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()


def focused_label(page: Page) -> str:
    label: str = page.evaluate("() => document.activeElement.labels?.[0]?.innerText.trim() ?? ''")
    return label


def test_an_editor_records_an_article_an_event_and_two_claims_with_the_keyboard_alone(
    page: Page, palmyra: Palmyra, session: Session
) -> None:
    sign_in(page, "editor")
    keys = Keys(page)

    # The article: the form opens with the URL field focused (waited for: a key pressed
    # before the page has given the focus is lost on a busy machine).
    page.goto("/articles/new")
    expect(page.get_by_label("URL")).to_be_focused()
    keys.write("https://news.example.org/2015/05/21/palmyra-falls")
    keys.press("Tab")
    keys.pick("Ex", "Example Wire")
    keys.press("Tab")
    keys.write("ISIL takes Palmyra")
    keys.press("Tab")
    keys.write("2015-05-21")
    keys.press("Tab")  # to the archived text: its language and any wire agency come after
    keys.write(TEXT)
    with page.expect_navigation():
        keys.press("Control+Enter")
    expect_saved(page)
    article_path = page.url.split("/edit")[0]

    # The event it reports: Palmyra captured by ISIL.
    page.goto("/events/new")
    expect(page.get_by_label("Type")).to_be_focused()
    keys.type("c")  # the first event type under c: captured
    keys.press("Tab")
    keys.write("2015-05-21")
    expect(page.locator("output[for=f-date]")).to_contain_text("2015")
    keys.press("Tab")
    keys.pick("Pal", "Palmyra")
    keys.press("Tab")
    keys.pick("IS", "ISIL")
    keys.press("Tab")
    keys.type("c")  # controller
    with page.expect_navigation():
        keys.press("Control+Enter")
    expect_saved(page)

    # Two claims quoted from the article: the second keeps the first one's event.
    page.goto(article_path + "/claims/new")
    assert focused_label(page).startswith("Event")
    keys.pick("Pal", "captured 2015-05-21")  # found by its site
    keys.press("Tab")
    keys.type("a")  # affirms
    keys.press("Tab")
    keys.pick("Sy", "Syrian Observatory for Human Rights")
    keys.press("Tab")
    keys.write(AFFIRMING)
    with page.expect_navigation():
        keys.press("Control+Shift+Enter")  # save, and open the next claim's form
    expect_saved(page)
    assert focused_label(page).startswith("Event")
    keys.press("Tab")
    keys.type("d")  # disputes
    keys.press("Tab", 2)  # no speaker named: the article's own voice
    keys.write(DISPUTING)
    with page.expect_navigation():
        keys.press("Control+Enter")
    expect_saved(page)
    recording = keys.counted

    # And sends the event and its claims to the reviewers, from the form just saved.
    keys.press("Shift+Tab", 2)  # back past the article's text to the drafts listed above it
    expect(page.get_by_role("button", name="Submit for review")).to_be_focused()
    with page.expect_navigation():
        keys.press("Enter")
    expect(page.get_by_role("status").filter(has_text="is sent to review.")).to_have_count(3)

    article = session.scalars(select(Article).where(Article.title == "ISIL takes Palmyra")).one()
    assert (article.publisher_id, article.language) == (palmyra.publisher["id"], "en")
    event = session.scalars(select(Event).where(Event.type == "captured")).one()
    assert event.date_edtf == "2015-05-21"
    assert [link.site_id for link in event.sites] == [palmyra.city["id"]]
    assert [(a.actor_id, a.role) for a in event.actors] == [(palmyra.isil["id"], "controller")]
    claims = session.scalars(
        select(Claim).where(Claim.article_id == article.id).order_by(Claim.id)
    ).all()
    assert [(c.event_id, c.stance, c.speaker_id, c.quote) for c in claims] == [
        (event.id, "affirms", palmyra.observatory["id"], AFFIRMING),
        (event.id, "disputes", None, DISPUTING),
    ]
    assert [(c.quote_start, c.quote_end) for c in claims] == [
        (TEXT.index(AFFIRMING), TEXT.index(AFFIRMING) + len(AFFIRMING)),
        (TEXT.index(DISPUTING), TEXT.index(DISPUTING) + len(DISPUTING)),
    ]
    assert [event.status, *(c.status for c in claims)] == ["in_review"] * 3

    # The figures are reported in the run's summary: recording against its goal (40 or
    # fewer), and sending to review apart.
    KEYSTROKES.append((recording, keys.free_text, keys.counted - recording))


def test_an_articles_language_follows_the_publisher_picked_unless_the_editor_chose_one(
    page: Page, context: BrowserContext, palmyra: Palmyra
) -> None:
    sign_in(page, "editor")
    page.goto("/articles/new?lang=ar")  # an editor working in Arabic
    language = page.locator("#f-language")
    expect(language).to_have_value("ar")
    publisher = page.locator("#f-publisher_id")
    publisher.press_sequentially("Ex")
    expect(page.get_by_role("option", name="Example Wire")).to_be_visible()
    publisher.press("Enter")
    expect(language).to_have_value("en")  # the language Example Wire writes in

    # Someone else (the editor's draft of the form would be restored to the editor).
    context.clear_cookies()
    sign_in(page, "reviewer")
    page.goto("/articles/new?lang=ar")
    expect(page.locator("#draft-notice")).to_have_count(0)
    language.fill("fr")  # the editor's own choice stands
    publisher.press_sequentially("Ex")
    expect(page.get_by_role("option", name="Example Wire")).to_be_visible()
    publisher.press("Enter")
    expect(page.locator("#f-publisher_id + input[name=publisher_id]")).not_to_have_value("")
    page.wait_for_load_state("networkidle")
    expect(language).to_have_value("fr")
    # The draft kept, so no request of this page's is still running when the test ends.
    expect(page.locator("#draft-state")).to_contain_text(arabic("Draft kept"))


def test_a_stale_save_shows_both_versions_and_saves_the_one_the_editor_keeps(
    page: Page, palmyra: Palmyra, live_server: LiveServer, session: Session, people: People
) -> None:
    temple = f"/sites/{palmyra.temple['id']}"
    sign_in(page, "editor")
    page.goto(temple + "/edit")
    page.get_by_label("Description").fill("Its cella stood until August 2015.")
    # Meanwhile someone else saves the same site.
    admin = api_client(live_server.app, session, people("admin")["admin"])
    theirs = "The temple's cella, dedicated in 32 AD."
    assert patch(admin, f"/api/v1{temple}", {"description": theirs}).status_code == 200

    page.get_by_role("button", name="Save", exact=True).click()

    merge = page.get_by_role(
        "region", name="Someone else saved this record while you were editing it"
    )
    expect(merge).to_be_visible()
    description = merge.get_by_role("group", name="Description")
    expect(description).to_contain_text("Its cella stood until August 2015.")
    expect(description).to_contain_text(theirs)
    assert stored_description(session, palmyra) == theirs  # nothing overwritten
    description.get_by_label("Yours:").check()
    page.get_by_role("button", name="Save", exact=True).click()

    expect_saved(page)
    assert stored_description(session, palmyra) == "Its cella stood until August 2015."


def stored_description(session: Session, palmyra: Palmyra) -> str:
    session.expire_all()
    site = session.get(Site, palmyra.temple["id"])
    assert site is not None
    return site.description


def test_an_editor_whose_session_expired_finds_the_draft_after_signing_in_again(
    page: Page, context: BrowserContext, palmyra: Palmyra
) -> None:
    sign_in(page, "editor")
    page.goto("/actors/new")
    page.get_by_label("Name").fill("Syrian Arab Army")
    page.get_by_label("Aliases, one per line").fill("SAA")
    expect(page.get_by_text("Draft kept")).to_be_visible(timeout=5_000)

    context.clear_cookies()  # the session ends: expired, or the browser closed
    page.reload()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("status").filter(has_text="is restored below")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Syrian Arab Army")
    expect(page.get_by_label("Aliases, one per line")).to_have_value("SAA")
