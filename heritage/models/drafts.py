"""What an editor has typed into a form and not saved yet, kept on the server as they type."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from heritage.db import Base

FORM_LENGTH = 200


class FormDraft(Base):
    """One user's unsaved form: the values as typed (not yet valid, so not a record), the
    version of the record the form was opened on, and when it was last kept. Private to its
    user and outside the revision trail: nothing in it is data until the form is saved."""

    __tablename__ = "form_drafts"
    __table_args__ = (UniqueConstraint("user_id", "form"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Which form: "events/new", "events/42", "articles/7/claims/new", ...
    form: Mapped[str] = mapped_column(String(FORM_LENGTH))
    base_version: Mapped[int | None]
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
