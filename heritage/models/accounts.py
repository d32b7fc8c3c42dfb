"""Users, their API tokens, and the instance's settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritage.db import Base
from heritage.models.common import NAME_LENGTH, VOCAB_LENGTH, Timestamped, vocabulary_check
from heritage.vocab import Role


class User(Timestamped, Base):
    __tablename__ = "users"
    __table_args__ = (vocabulary_check("role", Role),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    role: Mapped[str] = mapped_column(String(VOCAB_LENGTH))
    # argon2id hash, for the web forms to come; None: the user signs in with tokens only.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", order_by="ApiToken.id")

    __mapper_args__ = {"version_id_col": version}


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    # SHA-256 of the token: it is random and long, so a fast digest is safe, and the
    # lookup on every request stays one indexed equality.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))  # the first characters, to tell tokens apart
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(back_populates="tokens")


class Setting(Base):
    """Instance-wide switches an admin sets (e.g. letting one-person teams self-publish)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
