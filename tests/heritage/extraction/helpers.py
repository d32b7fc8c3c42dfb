"""Gazetteers for the extraction tests: small hand-made ones, and the demo data's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import SYSTEM
from heritage.demo.loader import read_demo_data
from heritage.extraction.candidates import Candidate, extract
from heritage.extraction.gazetteer import Entry, Gazetteer
from heritage.models import Article, Source
from heritage.services import articles

# The seed article's facts retold in the project's words (tests/texts/README.md): always
# here. The seed itself stays outside the repository, in shared/seed above the checkout.
RETOLD = Path(__file__).parents[2] / "texts" / "palmyra-retaken-retold.txt"
SEED_NAME = "palmyra-recaptured-2016-03-27.txt"


def seed_path() -> Path | None:
    """The seed article in shared/seed in the nearest folder above, None where there is none."""
    for folder in Path(__file__).resolve().parents:
        if (folder / "shared" / "seed" / SEED_NAME).is_file():
            return folder / "shared" / "seed" / SEED_NAME
    return None


def demo_gazetteer() -> Gazetteer:
    """The demo dataset's names, as load_gazetteer reads them from a database holding it."""
    data = read_demo_data()
    organisations = {source["key"]: source["name"] for source in data["sources"]}
    entries = [
        Entry("site", s["key"], None, s["names"][0]["name"], tuple(n["name"] for n in s["names"]))
        for s in data["sites"]
    ]
    entries += [
        Entry("actor", a["key"], None, a["name"], tuple(a.get("aliases", [])))
        for a in data["actors"]
    ]
    entries += [
        Entry(
            "source", s["key"], None, s["name"], (), organisations.get(s.get("affiliation") or "")
        )
        for s in data["sources"]
    ]
    return Gazetteer.from_entries(entries)


def small_gazetteer() -> Gazetteer:
    return Gazetteer.from_entries(
        [
            Entry("site", "palmyra", 1, "Palmyra", ("Palmyra", "تدمر", "Tadmor", "Palmyre")),
            Entry("site", "temple-of-bel", 2, "Temple of Bel", ("Temple of Bel", "معبد بل")),
            Entry("site", "baalshamin", 3, "Temple of Baalshamin", ("Baʿalšamîn temple",)),
            Entry("site", "tadmur-prison", 4, "Tadmur prison", ("Tadmur prison",)),
            Entry("site", "nimrud", 5, "Nimrud", ("Nimrud", "Kalhu")),
            Entry("actor", "isil", 10, "Islamic State", ("ISIL", "ISIS", "IS", "Daesh")),
            Entry("actor", "saa", 11, "Syrian Arab Army", ("Syrian army", "SAA")),
            Entry("actor", "ru-air", 12, "Russian Aerospace Forces", ("Russian air force",)),
            Entry("source", "sohr", 20, "Syrian Observatory for Human Rights", ()),
            Entry(
                "source",
                "abdulrahman",
                21,
                "Rami Abdulrahman",
                (),
                "Syrian Observatory for Human Rights",
            ),
            Entry("source", "sana", 22, "SANA", ()),
            Entry("source", "dgam", 23, "Directorate-General of Antiquities and Museums", ()),
            Entry(
                "source",
                "abdulkarim",
                24,
                "Maamoun Abdulkarim",
                (),
                "Directorate-General of Antiquities and Museums",
            ),
            Entry("source", "dawn", 25, "Dawn", ()),
        ]
    )


def claims(
    text: str, published: str = "2016-03-27", gazetteer: Gazetteer | None = None
) -> list[Candidate]:
    """The candidates of `text`, each checked to quote the text exactly where it says."""
    found = extract(
        text, published=dt.date.fromisoformat(published), gazetteer=gazetteer or small_gazetteer()
    )
    for candidate in found:
        assert text[candidate.quote_start : candidate.quote_end] == candidate.quote
    return found


def one(found: list[Candidate], **wanted: object) -> Candidate:
    """The one candidate with these values (site by key, actor by key, speaker by name)."""
    matching = [c for c in found if all(_value(c, k) == v for k, v in wanted.items())]
    assert len(matching) == 1, (wanted, [c.as_json() for c in found])
    return matching[0]


def _value(candidate: Candidate, field: str) -> object:
    if field == "site":
        return candidate.site.key if candidate.site else None
    if field == "actor":
        return candidate.actor.key if candidate.actor else None
    if field == "speaker_key":
        return candidate.speaker_source.key if candidate.speaker_source else None
    return getattr(candidate, field)


def archive_retold(session: Session) -> Article:
    """Our retelling of the seed article, archived with its text as an article of the
    demo's Al Jazeera (the demo must be loaded)."""
    publisher = session.scalar(select(Source).where(Source.key == "al-jazeera"))
    assert publisher is not None
    return articles.create_article(
        session,
        SYSTEM,
        {
            "publisher_id": publisher.id,
            "title": "Government troops retake Palmyra",
            "url": "https://example.org/palmyra-retaken-retold",
            "published": dt.date(2016, 3, 27),
            "language": "en",
            "text": RETOLD.read_text("utf-8"),
        },
    )


def velmar_gazetteer() -> Gazetteer:
    """A made-up town with a museum and a church inside it, and a town with nothing stored."""
    return Gazetteer.from_entries(
        [
            Entry("site", "velmar", 1, "Velmar", ("Velmar",), site_kind="city"),
            Entry(
                "site",
                "velmar-museum",
                2,
                "Velmar Museum of Fine Arts",
                ("Velmar Museum of Fine Arts", "Velmar Art Museum"),
                site_kind="museum",
                parent_id=1,
            ),
            Entry(
                "site",
                "st-oda-church",
                3,
                "Church of Saint Oda",
                ("Church of Saint Oda",),
                site_kind="church",
                parent_id=1,
            ),
            Entry("site", "droska", 4, "Droska", ("Droska",), site_kind="city"),
            Entry("actor", "grey-legion", 10, "Grey Legion", ("Grey Legion",)),
        ]
    )


# The made-up city of Qadira, its citadel, museum, temple and souk (rules-10 onwards).
QADIRA = Gazetteer.from_entries(
    [
        Entry("site", "qadira", 1, "Qadira", ("Qadira",), site_kind="city"),
        Entry(
            "site",
            "qadira-citadel",
            2,
            "Citadel of Qadira",
            ("Citadel of Qadira", "Qadira Citadel"),
            site_kind="castle",
            parent_id=1,
        ),
        Entry(
            "site",
            "qadira-museum",
            5,
            "Qadira Museum",
            ("Qadira Museum",),
            site_kind="museum",
            parent_id=1,
        ),
        Entry(
            "site",
            "temple-of-oda",
            6,
            "Temple of Oda",
            ("Temple of Oda",),
            site_kind="temple",
            parent_id=1,
        ),
        Entry(
            "site", "qadira-old-souk", 7, "Old Souk", ("Old Souk",), site_kind="market", parent_id=1
        ),
        Entry("actor", "northern-front", 10, "Northern Front", ("Northern Front",)),
        Entry("actor", "qadira-army", 11, "Army of Qadira", ("Army of Qadira",)),
    ]
)


def checked(text: str, gazetteer: Gazetteer, published: dt.date | None) -> list[Candidate]:
    """The candidates of a made-up text, each quote checked against its offsets."""
    found = extract(text, published=published, gazetteer=gazetteer)
    for candidate in found:
        assert text[candidate.quote_start : candidate.quote_end] == candidate.quote
    return found


def pairs_of(found: list[Candidate]) -> set[tuple[str | None, str | None]]:
    return {(c.site.key if c.site else c.mention, c.event_type) for c in found}


QADIRA_PUBLISHED = dt.date(2023, 6, 15)


def qadira_pairs(text: str) -> set[tuple[str | None, str | None]]:
    """The (site or mention, event type) pairs of a made-up text about Qadira published on
    15 June 2023, each quote checked against its offsets (the rules-16 tests onwards)."""
    return pairs_of(checked(text, QADIRA, QADIRA_PUBLISHED))
