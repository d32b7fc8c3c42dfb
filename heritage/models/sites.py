"""Heritage sites: hierarchy, names, location, external identifiers and designations."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritage.db import Base
from heritage.models.common import (
    KEY_LENGTH,
    NAME_LENGTH,
    VOCAB_LENGTH,
    Tracked,
    vocabulary_check,
)
from heritage.vocab import Designation, IdentifierScheme, LocationCertainty, NameType


class SiteKind(Base):
    """A term of the site-kind vocabulary. A table, not a CHECK, so that an admin can add
    the kinds an inventory needs without a migration; seeded from vocab.SEED_SITE_KINDS."""

    __tablename__ = "site_kinds"

    code: Mapped[str] = mapped_column(String(VOCAB_LENGTH), primary_key=True)
    label_en: Mapped[str] = mapped_column(String(NAME_LENGTH))
    label_ar: Mapped[str] = mapped_column(String(NAME_LENGTH))
    # The broader term (a temple is religious): reports group kinds by it.
    broader: Mapped[str | None] = mapped_column(ForeignKey("site_kinds.code"))


class Site(Tracked, Base):
    __tablename__ = "sites"
    __table_args__ = (
        vocabulary_check("location_certainty", LocationCertainty),
        CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude_range"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude_range"),
        # A point is both coordinates or neither; a certainty only describes a point.
        CheckConstraint(
            "(latitude IS NULL) = (longitude IS NULL)"
            " AND (location_certainty IS NULL OR latitude IS NOT NULL)",
            name="location_complete",
        ),
        CheckConstraint("parent_id <> id", name="not_own_parent"),
        # When it was built: the EDTF text and its bounds, all three or none.
        CheckConstraint(
            "(built IS NULL) = (built_earliest IS NULL)"
            " AND (built IS NULL) = (built_latest IS NULL)",
            name="built_complete",
        ),
        CheckConstraint("built_earliest <= built_latest", name="built_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(KEY_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    # Folded copy of `name` (heritage.text.fold) so search is a plain LIKE on both engines.
    name_folded: Mapped[str] = mapped_column(String(NAME_LENGTH))
    kind: Mapped[str] = mapped_column(ForeignKey("site_kinds.code"), index=True)
    # Children of a site: the hierarchy walk and the `parent` filter start here.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    location_certainty: Mapped[str | None] = mapped_column(String(VOCAB_LENGTH))
    description: Mapped[str] = mapped_column(Text, default="")
    # When it was built or dedicated, in EDTF as typed (`-0031` is 32 BC), and the first and
    # last day it can mean as day numbers (heritage.dates.day_number: 0001-01-01 is day 1,
    # days before it count down through 0 and below): `datetime.date` holds no year before
    # AD 1, and integers order as the calendar does.
    built: Mapped[str | None] = mapped_column(String(100))
    built_earliest: Mapped[int | None] = mapped_column(Integer)
    built_latest: Mapped[int | None] = mapped_column(Integer)
    # A sensitive place: below `editor`, clients only ever see the public coordinates,
    # which services keep rounded to about 10 km (exact ones when not restricted).
    restricted: Mapped[bool] = mapped_column(default=False)
    public_latitude: Mapped[float | None] = mapped_column(Float)
    public_longitude: Mapped[float | None] = mapped_column(Float)

    parent: Mapped[Site | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Site]] = relationship(back_populates="parent")
    names: Mapped[list[SiteName]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="SiteName.id"
    )
    identifiers: Mapped[list[SiteIdentifier]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="SiteIdentifier.id"
    )
    designations: Mapped[list[SiteDesignation]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="SiteDesignation.id"
    )


class SiteName(Base):
    __tablename__ = "site_names"
    __table_args__ = (
        vocabulary_check("type", NameType),
        UniqueConstraint("site_id", "name", "lang"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Loading a site's names (every read) and the search's EXISTS per site.
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    name_folded: Mapped[str] = mapped_column(String(NAME_LENGTH))
    lang: Mapped[str] = mapped_column(String(35))  # a BCP 47 tag: en, ar, ar-Latn
    type: Mapped[str] = mapped_column(String(VOCAB_LENGTH))

    site: Mapped[Site] = relationship(back_populates="names")


class SiteIdentifier(Base):
    __tablename__ = "site_identifiers"
    __table_args__ = (
        vocabulary_check("scheme", IdentifierScheme),
        # One Wikidata item names one site: a second site with it is a duplicate record.
        UniqueConstraint("scheme", "value"),
        # Loading a site's identifiers with every read of the site.
        Index("ix_site_identifiers_site_id", "site_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    scheme: Mapped[str] = mapped_column(String(VOCAB_LENGTH))
    value: Mapped[str] = mapped_column(String(64))

    site: Mapped[Site] = relationship(back_populates="identifiers")


class SiteDesignation(Base):
    __tablename__ = "site_designations"
    __table_args__ = (
        vocabulary_check("designation", Designation),
        UniqueConstraint("site_id", "designation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    designation: Mapped[str] = mapped_column(String(VOCAB_LENGTH))

    site: Mapped[Site] = relationship(back_populates="designations")
