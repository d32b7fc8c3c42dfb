"""The site's icon: served from the app itself, linked from every page, and found at
/favicon.ico by clients that look there (no 404 in every page load's log)."""

from __future__ import annotations

from flask.testing import FlaskClient

ICON = "/assets/icons/heritage.svg"


def test_every_page_links_the_sites_own_icon(anonymous: FlaskClient, editor: FlaskClient) -> None:
    for client, path in ((anonymous, "/"), (anonymous, "/login"), (editor, "/events/new")):
        page = client.get(path)
        assert page.status_code == 200, path
        assert f'<link rel="icon" type="image/svg+xml" href="{ICON}">' in page.text, path


def test_the_icon_is_served_from_the_app_and_found_at_favicon_ico(anonymous: FlaskClient) -> None:
    with anonymous.get(ICON) as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
        drawn = icon.text
    # It draws itself: nothing in it is fetched from elsewhere.
    assert drawn.startswith("<svg") and "http" not in drawn.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )

    found = anonymous.get("/favicon.ico")
    assert found.status_code == 302 and found.headers["Location"] == ICON
    with anonymous.get("/favicon.ico", follow_redirects=True) as followed:
        assert followed.text == drawn
