"""Actors: armed forces, groups and authorities, with aliases and membership."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritage.db import Base
from heritage.models.common import KEY_LENGTH, NAME_LENGTH, Tracked


class Actor(Tracked, Base):
    __tablename__ = "actors"
    __table_args__ = (CheckConstraint("part_of_id <> id", name="not_part_of_itself"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(KEY_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    name_folded: Mapped[str] = mapped_column(String(NAME_LENGTH))
    # Indexed for the walk down an actor's units when it moves (regrading what they did).
    part_of_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")

    part_of: Mapped[Actor | None] = relationship(remote_side=[id])
    aliases: Mapped[list[ActorAlias]] = relationship(
        back_populates="actor", cascade="all, delete-orphan", order_by="ActorAlias.id"
    )


class ActorAlias(Base):
    __tablename__ = "actor_aliases"
    __table_args__ = (UniqueConstraint("actor_id", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(NAME_LENGTH))
    alias_folded: Mapped[str] = mapped_column(String(NAME_LENGTH))

    actor: Mapped[Actor] = relationship(back_populates="aliases")
