"""Form drafts (services.form_drafts): what an editor typed is kept on the server, found
again after a lost session, private to its author, and refused when it is not form text."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from heritage.auth import ANONYMOUS
from heritage.errors import Forbidden, InvalidInput, Unauthenticated
from heritage.models import FormDraft
from heritage.services.form_drafts import (
    MAX_DRAFT_BYTES,
    discard_form_draft,
    form_draft,
    list_form_drafts,
    save_form_draft,
)
from tests.heritage import builders as b

TYPED = {"type": "destroyed", "date": "2015-08~", "sites": ["3", "4"], "description": "Temple"}


def test_a_draft_is_found_again_in_a_new_session_as_it_was_typed(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session, session.begin():
        editor = b.user(session, "editor")
        save_form_draft(session, editor, "events/new", {"date": "2015"})
        save_form_draft(session, editor, "events/new", TYPED)  # typing on: replaces it
        save_form_draft(session, editor, "events/9", {"date": "2016-03"}, base_version=4)

    with session_factory() as session:  # the tab closed, the session expired: a new one
        kept = form_draft(session, editor, "events/new")
        assert kept is not None and kept.fields == TYPED and kept.base_version is None
        edit = form_draft(session, editor, "events/9")
        assert edit is not None and edit.base_version == 4
        assert [d.form for d in list_form_drafts(session, editor)] == ["events/9", "events/new"]
        assert session.scalar(select(func.count()).select_from(FormDraft)) == 2


def test_drafts_are_private_to_their_author(session: Session) -> None:
    author, colleague = b.user(session, "editor"), b.user(session, "admin")
    save_form_draft(session, author, "articles/new", {"title": "Palmyra"})

    assert form_draft(session, colleague, "articles/new") is None
    assert list_form_drafts(session, colleague) == []
    assert not discard_form_draft(session, colleague, "articles/new")
    assert form_draft(session, author, "articles/new") is not None
    assert form_draft(session, ANONYMOUS, "articles/new") is None


def test_a_saved_or_abandoned_form_discards_its_draft(session: Session) -> None:
    editor = b.user(session, "editor")
    save_form_draft(session, editor, "sites/new", {"name": "Temple of Bel"})

    assert discard_form_draft(session, editor, "sites/new")
    assert form_draft(session, editor, "sites/new") is None
    assert not discard_form_draft(session, editor, "sites/new")


def test_only_editors_keep_drafts(session: Session) -> None:
    viewer = b.user(session, "viewer")
    with pytest.raises(Unauthenticated):
        save_form_draft(session, ANONYMOUS, "sites/new", {})
    with pytest.raises(Forbidden):
        save_form_draft(session, viewer, "sites/new", {})


@pytest.mark.parametrize(
    ("form", "fields", "base_version", "field"),
    [
        ("", {}, None, "form"),
        ("events", {}, None, "form"),
        ("events/new/../../x", {}, None, "form"),
        ("EVENTS/new", {}, None, "form"),
        ("events/new", {"date": 2015}, None, "fields"),
        ("events/new", {"sites": ["3", 4]}, None, "fields"),
        ("events/new", {"": "x"}, None, "fields"),
        ("events/new", {"quote": "a\x00b"}, None, "fields"),
        ("events/new", {"quote": "\ud800"}, None, "fields"),
        ("events/new", {f"f{n}": "" for n in range(501)}, None, "fields"),
        ("events/new", {"text": "x" * (MAX_DRAFT_BYTES + 1)}, None, "fields"),
        ("events/9", {}, 0, "base_version"),
        ("events/9", {}, True, "base_version"),
        ("events/9", {}, "4", "base_version"),
    ],
)
def test_what_is_not_a_form_as_typed_is_refused_naming_the_field_and_keeps_the_draft(
    session: Session, form: str, fields: dict[str, object], base_version: object, field: str
) -> None:
    editor = b.user(session, "editor")
    save_form_draft(session, editor, "events/new", TYPED)

    with pytest.raises(InvalidInput) as refused:
        save_form_draft(session, editor, form, fields, base_version)  # type: ignore[arg-type]

    assert list(refused.value.errors) == [field]
    kept = form_draft(session, editor, "events/new")
    assert kept is not None and kept.fields == TYPED
