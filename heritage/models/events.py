"""Events: what happened, where, when (EDTF) and who took part."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritage.db import Base
from heritage.models.actors import Actor
from heritage.models.common import KEY_LENGTH, VOCAB_LENGTH, Tracked, vocabulary_check
from heritage.vocab import CATEGORY_OF_TYPE, ActorRole, EventType, FoundCondition, Grade, Status

_TYPE_MATCHES_CATEGORY = " OR ".join(
    f"(category = '{category.value}' AND type = '{event_type.value}')"
    for event_type, category in CATEGORY_OF_TYPE.items()
)


class Event(Tracked, Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(_TYPE_MATCHES_CATEGORY, name="type_in_category"),
        CheckConstraint("earliest <= latest", name="date_order"),
        vocabulary_check("grade", Grade),
        vocabulary_check("grade_override", Grade),
        vocabulary_check("status", Status),
        vocabulary_check("condition_found", FoundCondition),
        # An assessment states what it found, and only an assessment does.
        CheckConstraint(
            f"(type = '{EventType.ASSESSED.value}') = (condition_found IS NOT NULL)",
            name="assessment_has_finding",
        ),
        # A context event is nothing but its description.
        CheckConstraint(
            f"type <> '{EventType.OTHER.value}' OR description <> ''",
            name="context_has_description",
        ),
        # Public reads filter on published records.
        Index("ix_events_status", "status"),
        # An override without its reason is an unexplained verdict: refuse it.
        CheckConstraint(
            "grade_override IS NULL OR (grade_override_reason IS NOT NULL"
            " AND grade_override_reason <> '')",
            name="override_has_reason",
        ),
        # Date-range filters (overlap: earliest <= to AND latest >= from) and ordering.
        Index("ix_events_earliest_latest", "earliest", "latest"),
        # The category/type and grade filters of the event list.
        Index("ix_events_category_type", "category", "type"),
        Index("ix_events_grade", "grade"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(KEY_LENGTH), unique=True)
    category: Mapped[str] = mapped_column(String(VOCAB_LENGTH))
    type: Mapped[str] = mapped_column(String(VOCAB_LENGTH))
    date_edtf: Mapped[str] = mapped_column(String(100))
    earliest: Mapped[dt.date] = mapped_column(Date)
    latest: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    # What an assessment on the ground found (FoundCondition); NULL for every other type.
    condition_found: Mapped[str | None] = mapped_column(String(VOCAB_LENGTH))
    status: Mapped[str] = mapped_column(String(VOCAB_LENGTH), default=Status.DRAFT.value)
    # Why it was retracted or sent back: shown beside the record, kept in its revisions.
    status_reason: Mapped[str | None] = mapped_column(Text)
    # Derived by heritage.grading from the claims and stored, so that lists can filter and
    # sort on it; services refresh it in the transaction that changes what it depends on.
    grade: Mapped[str] = mapped_column(String(VOCAB_LENGTH), default=Grade.DISCOUNTED.value)
    grade_override: Mapped[str | None] = mapped_column(String(VOCAB_LENGTH))
    grade_override_reason: Mapped[str | None] = mapped_column(Text)

    sites: Mapped[list[EventSite]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventSite.site_id"
    )
    actors: Mapped[list[EventActor]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventActor.actor_id"
    )


class EventSite(Base):
    __tablename__ = "event_sites"
    __table_args__ = (
        # The history read path: every event of a site (and of its ancestors) by site id.
        Index("ix_event_sites_site_id", "site_id"),
    )

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    # RESTRICT: a site with events is not deleted from under them.
    site_id: Mapped[int] = mapped_column(
        ForeignKey("sites.id", ondelete="RESTRICT"), primary_key=True
    )

    event: Mapped[Event] = relationship(back_populates="sites")


class EventActor(Base):
    __tablename__ = "event_actors"
    __table_args__ = (
        vocabulary_check("role", ActorRole),
        # The `actor` filter of the event list.
        Index("ix_event_actors_actor_id", "actor_id"),
    )

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="RESTRICT"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(VOCAB_LENGTH), primary_key=True)

    event: Mapped[Event] = relationship(back_populates="actors")
    actor: Mapped[Actor] = relationship()


class PendingGrade(Base):
    """An event whose grade is due to be recomputed: an import wrote or changed records it
    depends on and regrades each such event once, at its end (grades.defer_grades).
    Rows left by an interrupted import are graded by the next import's end."""

    __tablename__ = "pending_grades"

    event_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
