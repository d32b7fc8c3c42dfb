"""Write a seeded synthetic dataset in the JSON Lines import format (docs/interchange.md).

    .venv/bin/python -m bench.generate --scale 0.01 --seed 1 --out /tmp/bench.jsonl

Records stream out in dependency order (sites, actors, sources, articles, events, claims);
memory holds a few numbers per site, never the records. Events pick their site from a Zipf
law over a shuffled ranking of the sites, so most sites have a handful of events and the
first few ranks have thousands (about 4,000, 2,600, 2,000 … at full scale).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import sys
import time
from array import array
from collections.abc import Iterator
from typing import Any, BinaryIO

import orjson

from bench.common import sizes
from heritage.vocab import (
    CATEGORY_OF_TYPE,
    ActorRole,
    ClaimBasis,
    Designation,
    EventCategory,
    EventType,
    LocationCertainty,
)

# Site of rank r weighs r**-exponent: with 100,000 sites and 1,000,000 events, 0.6 gives
# the heaviest site ~4,000 events, rank 3 ~2,000, the median site ~6. Smaller scales flatten
# the head: 0.8 at --scale 0.05 brings the heaviest back to ~2,000.
DEFAULT_ZIPF = 0.6
TOP_LEVEL_SHARE = 0.02  # cities, without a parent
SECOND_LEVEL_SHARE = 0.2  # towns, citadels … inside a city; the rest sit inside those
FIRST_DAY = dt.date(2011, 3, 15)
DAYS = (dt.date(2024, 12, 31) - FIRST_DAY).days
# Kinds and types as they stood when the benchmarks began, so that a seed gives the same
# file as in earlier runs (bench/HISTORY.md compares them).
TOP_KINDS = ["city"]
MIDDLE_KINDS = ["town", "citadel", "archaeological_site", "museum"]
LEAF_KINDS = [
    "temple", "tomb", "necropolis", "arch", "theatre", "colonnade", "museum", "prison", "mosque",
    "church", "monastery", "citadel", "archaeological_site", "library", "monument", "other",
]  # fmt: skip
_LATER_TYPES = {EventType.DAMAGED, EventType.ASSESSED, EventType.OTHER}
# Damage dominates real datasets; control events are what descendants inherit.
CATEGORY_WEIGHTS = {
    EventCategory.DAMAGE: 70,
    EventCategory.CONTROL: 15,
    EventCategory.PERSON: 5,
    EventCategory.PROTECTION: 10,
}
TYPES_BY_CATEGORY = {
    category: [t for t in EventType if CATEGORY_OF_TYPE[t] == category and t not in _LATER_TYPES]
    for category in CATEGORY_WEIGHTS
}
WORDS = [
    "temple", "colonnade", "shelling", "reported", "satellite", "imagery", "shows", "damage",
    "roof", "wall", "collapsed", "looting", "observed", "museum", "fighters", "citadel",
]  # fmt: skip


def article_url(index: int) -> str:
    """The URL of article `index`: derived from the index alone, so claims need no lookup."""
    return f"https://www.news{index % 97}.example.org/story/{index}"


class Generator:
    def __init__(self, seed: int, scale: float, zipf: float) -> None:
        self.rng = random.Random(seed)
        self.zipf = zipf
        self.n = sizes(scale)

    def text(self, words: int) -> str:
        return " ".join(self.rng.choices(WORDS, k=words))

    def edtf(self) -> str:
        """A day mostly; sometimes a month, an approximate month or a one- or two-week span.
        Few distinct strings, as in real data (and EDTF parsing is cached per string)."""
        day = FIRST_DAY + dt.timedelta(days=self.rng.randrange(DAYS))
        shape = self.rng.random()
        if shape < 0.7:
            return day.isoformat()
        if shape < 0.8:
            return f"{day:%Y-%m}"
        if shape < 0.9:
            return f"{day:%Y-%m}~"
        start = day.replace(day=self.rng.choice((1, 15)))
        end = start + dt.timedelta(days=self.rng.choice((6, 13)))
        return f"{start.isoformat()}/{end.isoformat()}"

    def sites(self) -> Iterator[dict[str, Any]]:
        """Site records; leaves `self.parents` (each site's parent index, -1 for none)."""
        count = self.n["site"]
        top = max(1, int(count * TOP_LEVEL_SHARE))
        middle = max(top + 1, int(count * SECOND_LEVEL_SHARE))
        parents = array("i")
        for i in range(count):
            record: dict[str, Any] = {"type": "site", "key": f"s{i}", "name": f"Site {i}"}
            if i < top:
                parent, kind = -1, self.rng.choice(TOP_KINDS)
            elif i < middle:
                parent, kind = self.rng.randrange(top), self.rng.choice(MIDDLE_KINDS)
            else:
                parent, kind = self.rng.randrange(middle), self.rng.choice(LEAF_KINDS)
            parents.append(parent)
            record["kind"] = kind
            if parent >= 0:
                # Cities carry a Wikidata id: refer to some parents through it.
                use_identifier = parent < top and self.rng.random() < 0.3
                record["parent"] = (
                    f"wikidata:Q{100000 + parent}" if use_identifier else f"s{parent}"
                )
            if i < top or self.rng.random() < 0.3:
                record["identifiers"] = [{"scheme": "wikidata", "value": f"Q{100000 + i}"}]
                if self.rng.random() < 0.1:
                    # World Heritage List numbers start at 1.
                    record["identifiers"].append({"scheme": "unesco", "value": str(i + 1)})
                    record["designations"] = [Designation.WORLD_HERITAGE.value]
            if self.rng.random() < 0.3:
                record["names"] = [{"name": f"موقع {i}", "lang": "ar", "type": "alternative"}]
            if self.rng.random() < 0.9:
                record["location"] = {
                    "latitude": round(self.rng.uniform(29.0, 37.0), 6),
                    "longitude": round(self.rng.uniform(35.0, 48.0), 6),
                    "certainty": self.rng.choice(list(LocationCertainty)).value,
                }
            if self.rng.random() < 0.05:
                record["restricted"] = True
            if self.rng.random() < 0.5:
                record["description"] = self.text(12)
            yield record
        self.parents = parents

    def actors(self) -> Iterator[dict[str, Any]]:
        for i in range(self.n["actor"]):
            record: dict[str, Any] = {"type": "actor", "key": f"a{i}", "name": f"Actor {i}"}
            if i >= 10 and self.rng.random() < 0.3:
                record["part_of"] = f"a{self.rng.randrange(10)}"
            if self.rng.random() < 0.2:
                record["aliases"] = [f"A{i}", f"Group {i}"]
            yield record

    def sources(self) -> Iterator[dict[str, Any]]:
        for i in range(self.n["source"]):
            person = i >= 10 and self.rng.random() < 0.4
            record: dict[str, Any] = {
                "type": "source",
                "key": f"src{i}",
                "name": f"Source {i}",
                "kind": "person" if person else "organisation",
            }
            if person:
                record["affiliation"] = f"src{self.rng.randrange(10)}"
            elif self.rng.random() < 0.05:
                record["actor"] = f"a{self.rng.randrange(self.n['actor'])}"
            yield record

    def articles(self) -> Iterator[dict[str, Any]]:
        publishers = self.n["source"]
        for i in range(self.n["article"]):
            publisher = self.rng.randrange(publishers)
            published = FIRST_DAY + dt.timedelta(days=self.rng.randrange(DAYS))
            record: dict[str, Any] = {
                "type": "article",
                "url": article_url(i),
                "publisher": f"src{publisher}",
                "title": f"Report {i}: {self.text(6)}",
                "published": published.isoformat(),
                "language": self.rng.choice(("en", "en", "ar", "fr")),
            }
            if self.rng.random() < 0.05:
                record["syndicated_from"] = f"src{self.rng.randrange(publishers)}"
            yield record

    def events(self) -> Iterator[dict[str, Any]]:
        site_count = self.n["site"]
        ranking = list(range(site_count))
        self.rng.shuffle(ranking)  # so the heaviest sites are not the first ones
        cumulative = list(itertools.accumulate((r + 1) ** -self.zipf for r in range(site_count)))
        categories = list(CATEGORY_WEIGHTS)
        weights = list(CATEGORY_WEIGHTS.values())
        actors = self.n["actor"]
        total = self.n["event"]
        for start in range(0, total, 10_000):
            ranks = self.rng.choices(range(site_count), cum_weights=cumulative, k=10_000)
            for i, rank in zip(range(start, min(start + 10_000, total)), ranks, strict=False):
                site = ranking[rank]
                category = self.rng.choices(categories, weights)[0]
                record: dict[str, Any] = {
                    "type": "event",
                    "key": f"e{i}",
                    "event_type": self.rng.choice(TYPES_BY_CATEGORY[category]).value,
                    "date": self.edtf(),
                    "sites": [f"s{site}"],
                }
                parent = self.parents[site]
                if parent >= 0 and self.rng.random() < 0.1:
                    record["sites"].append(f"s{parent}")
                if category == EventCategory.CONTROL:
                    role = ActorRole.CONTROLLER
                else:
                    role = ActorRole.PERPETRATOR if self.rng.random() < 0.5 else None
                if role is not None:
                    record["actors"] = [{"actor": f"a{self.rng.randrange(actors)}", "role": role}]
                if self.rng.random() < 0.5:
                    record["description"] = self.text(15)
                yield record

    def claims(self) -> Iterator[dict[str, Any]]:
        articles, events = self.n["article"], self.n["event"]
        for i in range(self.n["claim"]):
            record: dict[str, Any] = {
                "type": "claim",
                "key": f"c{i}",
                "article": article_url(self.rng.randrange(articles)),
                "event": f"e{self.rng.randrange(events)}",
                "stance": "affirms" if self.rng.random() < 0.9 else "disputes",
                "basis": self.rng.choice(list(ClaimBasis)).value,
                "summary": self.text(10),
            }
            if self.rng.random() < 0.3:
                record["speaker"] = f"src{self.rng.randrange(self.n['source'])}"
            if self.rng.random() < 0.2:
                record["stated_date"] = self.edtf()
            if self.rng.random() < 0.1:
                record["stated_actor"] = f"a{self.rng.randrange(self.n['actor'])}"
            if self.rng.random() < 0.05:
                record["figures"] = {"killed": self.rng.randrange(1, 50)}
            yield record


def write(generator: Generator, out: BinaryIO) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind, records in (
        ("site", generator.sites()),
        ("actor", generator.actors()),
        ("source", generator.sources()),
        ("article", generator.articles()),
        ("event", generator.events()),
        ("claim", generator.claims()),
    ):
        counts[kind] = 0
        for record in records:
            out.write(orjson.dumps(record) + b"\n")
            counts[kind] += 1
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.01, help="1.0 = issue 4's full size")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same file")
    parser.add_argument(
        "--zipf", type=float, default=DEFAULT_ZIPF, help="exponent of events per site rank"
    )
    parser.add_argument("--out", default="-", help="file to write; - for stdout")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.out == "-":
        counts = write(Generator(args.seed, args.scale, args.zipf), sys.stdout.buffer)
    else:
        with open(args.out, "wb", buffering=1 << 20) as out:
            counts = write(Generator(args.seed, args.scale, args.zipf), out)
    elapsed = time.perf_counter() - start
    total = sum(counts.values())
    print(
        f"generated {total:,} records in {elapsed:.1f} s ({total / elapsed:,.0f} records/s): "
        + ", ".join(f"{count:,} {kind}s" for kind, count in counts.items()),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
