"""Time the pickers' type-ahead over 100,000 sites against the LIKE search it replaces.

    .venv/bin/python -m bench.type_ahead --db /tmp/type-ahead.db [--postgres URL]

Builds (or, with --reuse, reads) a database of `--sites` sites with realistic names:
Arabic place names transliterated into English ("Khirbet al-Qasr", "Tell Sheikh Hamad"),
each with its Arabic name and often a second transliteration as further names (Qasr /
Kasr, -ou- / -u-), loaded with the raw driver (bench.load_raw: the trigram index filled by
its triggers, as an import fills it). Then times, server side (the service call, no
HTTP), `type_ahead.suggest` of `--queries` texts of 3 to 8 characters cut from random
names (a quarter from the Arabic, a fifth misspelt by one letter), interleaved with the
old search on the same text: the LIKE scan of every folded name that `GET /sites?q=`
ran before (its count and first page of 10, as services.sites.list_sites did), and the
same `list_sites` today. Prints p50/p95/p99 in ms and the ratios. Goal: p95 ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import exists, func, inspect, or_, select
from sqlalchemy.orm import Session

from bench.common import engine_for
from bench.load_raw import Loader, fresh_database
from heritage.auth import ANONYMOUS
from heritage.db import make_session_factory
from heritage.models import Site, SiteName
from heritage.services.duplicates import similar_site_names
from heritage.services.sites import list_sites
from heritage.services.type_ahead import suggest
from heritage.text import like_pattern

# (English transliteration with its variants, Arabic): the words of Syrian and Iraqi
# place names.
GENERIC = [
    (("Tell", "Tall", "Tel"), "تل"),
    (("Khirbet", "Khirbat"), "خربة"),
    (("Qasr", "Kasr"), "قصر"),
    (("Deir", "Dayr"), "دير"),
    (("Jebel", "Jabal"), "جبل"),
    (("Ain", "Ayn"), "عين"),
    (("Qalaat", "Qal'at"), "قلعة"),
    (("Kafr", "Kfar"), "كفر"),
    (("Jami", "Jamaa"), "جامع"),
    (("Maqam",), "مقام"),
    (("Wadi",), "وادي"),
    (("Bab",), "باب"),
    (("Hammam",), "حمام"),
    (("Khan",), "خان"),
    (("Madrasa", "Madrasah"), "مدرسة"),
]
SPECIFIC = [
    (("Hamra",), "الحمراء"), (("Sheikh", "Shaykh"), "الشيخ"), (("Qadi", "Kadi"), "القاضي"),
    (("Nasr",), "النصر"), (("Kabir", "Kebir"), "الكبير"), (("Saghir", "Sghir"), "الصغير"),
    (("Abyad",), "الأبيض"), (("Aswad",), "الأسود"), (("Jadid", "Jdeideh"), "الجديد"),
    (("Qadim",), "القديم"), (("Sultan",), "السلطان"), (("Umari", "Omari"), "العمري"),
    (("Hamad",), "حمد"), (("Brak",), "براك"), (("Mozan",), "موزان"), (("Leilan",), "ليلان"),
    (("Mardikh",), "مرديخ"), (("Halaf",), "حلف"), (("Ajaja",), "عجاجة"), (("Beydar",), "بيدر"),
    (("Chuera",), "خويرة"), (("Bi'a",), "بيعة"), (("Hariri",), "الحريري"),
    (("Sabi Abyad",), "صبي أبيض"), (("Rifaat", "Rifat"), "رفعت"), (("Suwaydan",), "سويدان"),
    (("Nebi Yunus", "Nabi Yunis"), "النبي يونس"), (("Dura", "Doura"), "دورا"),
    (("Mari",), "ماري"), (("Ebla",), "إبلا"), (("Ugarit",), "أوغاريت"),
    (("Qatna",), "قطنا"), (("Emar",), "إيمار"), (("Tuttul",), "توتول"),
    (("Rusafa", "Resafa"), "الرصافة"), (("Raqqa", "Rakka"), "الرقة"),
    (("Busra", "Bosra"), "بصرى"), (("Shahba",), "شهبا"), (("Suwayda", "Sweida"), "السويداء"),
    (("Maarrat", "Ma'arat"), "معرة"), (("Numan", "Nu'man"), "النعمان"),
    (("Hama", "Hamah"), "حماة"), (("Homs", "Hims"), "حمص"), (("Halab", "Aleppo"), "حلب"),
    (("Idlib", "Edleb"), "إدلب"), (("Afrin", "Efrin"), "عفرين"), (("Manbij", "Menbij"), "منبج"),
    (("Tadmur", "Tadmor"), "تدمر"), (("Qaryatayn", "Karyatain"), "القريتين"),
    (("Sukhnah", "Sukhna"), "السخنة"), (("Arak",), "أراك"), (("Mayadin", "Mayadeen"), "الميادين"),
]  # fmt: skip
# Made-up syllables: 100,000 sites need more distinct names than any gazetteer gives here.
SYLLABLES = [
    ("ba", "با"), ("da", "دا"), ("ha", "ها"), ("ja", "جا"), ("ka", "كا"), ("la", "لا"),
    ("ma", "ما"), ("na", "نا"), ("ra", "را"), ("sa", "سا"), ("ta", "تا"), ("za", "زا"),
    ("bi", "بي"), ("di", "دي"), ("mi", "مي"), ("ri", "ري"), ("shi", "شي"), ("qu", "قو"),
    ("bu", "بو"), ("du", "دو"), ("mu", "مو"), ("nu", "نو"), ("ru", "رو"), ("khu", "خو"),
    ("yat", "يات"), ("ran", "ران"), ("sh", "ش"), ("m", "م"), ("n", "ن"), ("r", "ر"),
]  # fmt: skip
KINDS = ["city", "temple", "tomb", "mosque", "castle", "museum", "church", "tell"]


def made_up_word(rng: random.Random) -> tuple[str, str]:
    pieces = [
        rng.choice(SYLLABLES[:-4]),
        *(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))),
    ]
    latin = "".join(p[0] for p in pieces).capitalize()
    return latin, "".join(p[1] for p in pieces)


def site_record(rng: random.Random, index: int, parent: int | None) -> dict[str, Any]:
    """A site named `Generic [al-]Specific [Word]`, with its Arabic name and often a
    second transliteration."""
    generic_latin, generic_arabic = rng.choice(GENERIC)
    latin_words = [list(generic_latin)]
    arabic_words = [generic_arabic]
    if rng.random() < 0.6:
        specific_latin, specific_arabic = rng.choice(SPECIFIC)
        article = "al-" if specific_arabic.startswith("ال") else ""
        latin_words.append([article + s for s in specific_latin])
        arabic_words.append(specific_arabic)
    word_latin, word_arabic = made_up_word(rng)
    latin_words.append([word_latin])
    arabic_words.append(word_arabic)
    name = " ".join(words[0] for words in latin_words)
    names = [{"name": " ".join(arabic_words), "lang": "ar", "type": "preferred"}]
    variant = " ".join(rng.choice(words) for words in latin_words)
    if variant != name:
        names.append({"name": variant, "lang": "ar-Latn", "type": "transliteration"})
    record: dict[str, Any] = {
        "key": f"s{index}",
        "name": name,
        "kind": rng.choice(KINDS),
        "names": names,
    }
    if parent is not None:
        record["parent"] = f"s{parent}"
    return record


def build(target: str, count: int, seed: int) -> None:
    rng = random.Random(seed)
    connection, postgres = fresh_database(target)
    loader = Loader(connection, postgres, batch=50_000)
    start = time.perf_counter()
    for index in range(count):
        # A fifth of the sites lie inside one of the first 2,000 (cities and towns).
        parent = rng.randrange(2_000) if index >= 2_000 and rng.random() < 0.2 else None
        loader.site(site_record(rng, index, parent))
    loader.flush()
    if postgres:
        connection.autocommit = True
        connection.execute("VACUUM (ANALYZE)")  # as bench.load_raw does after a load
    connection.close()
    print(f"built {count:,} sites in {time.perf_counter() - start:.1f} s -> {target}")


def queries(session: Session, count: int, seed: int) -> list[str]:
    """Texts of 3 to 8 characters as an editor types them: the start of a word of a
    stored name (mostly) or any piece of it, a quarter from Arabic names, a fifth with one
    letter wrong."""
    rng = random.Random(seed)
    latin = list(session.scalars(select(Site.name).order_by(func.random()).limit(count)))
    arabic = list(
        session.scalars(
            select(SiteName.name).where(SiteName.lang == "ar").order_by(func.random()).limit(count)
        )
    )
    typed = []
    for _ in range(count):
        name = rng.choice(arabic) if rng.random() < 0.25 else rng.choice(latin)
        length = rng.randint(3, 8)
        starts = [0] + [i + 1 for i, ch in enumerate(name) if ch == " "]
        start = rng.choice(starts) if rng.random() < 0.8 else rng.randrange(len(name))
        piece = name[start : start + length]
        if len(piece) < 3:
            piece = name[:length]
        if rng.random() < 0.2:
            wrong = rng.randrange(len(piece))
            piece = piece[:wrong] + rng.choice("aeioubdklmnrst") + piece[wrong + 1 :]
        typed.append(piece)
    return typed


def like_search(session: Session, typed: str) -> Any:
    """`GET /sites?q=` before the trigram index: LIKE over every folded name, the count and
    the first page of 10, as list_sites ran it."""
    pattern = like_pattern(typed)
    statement = (
        select(Site)
        .where(
            Site.deleted_at.is_(None),
            or_(
                Site.name_folded.like(pattern, escape="\\"),
                exists().where(
                    SiteName.site_id == Site.id, SiteName.name_folded.like(pattern, escape="\\")
                ),
            ),
        )
        .order_by(Site.name_folded, Site.id)
    )
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    return total, session.scalars(statement.limit(10)).all()


def percentiles(times: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def holds_sites(target: str) -> bool:
    engine = engine_for(target)
    try:
        with engine.connect() as connection:
            return bool(inspect(connection).has_table("sites")) and bool(
                connection.scalar(select(func.count()).select_from(Site))
            )
    finally:
        engine.dispose()


def run(target: str, count: int, seed: int, reuse: bool, query_count: int) -> None:
    if not (reuse and holds_sites(target)):
        build(target, count, seed)
    engine = engine_for(target)
    factory = make_session_factory(engine)
    with factory() as session:
        typed = queries(session, query_count, seed)
    timed: dict[str, Callable[[Session, str], Any]] = {
        "suggest (type-ahead)": lambda s, q: suggest(s, ANONYMOUS, "site", q),
        # Below a trigram no index helps: names starting with the two, by a scan.
        "suggest, 2 characters": lambda s, q: suggest(s, ANONYMOUS, "site", q[:2]),
        "similar_site_names": lambda s, q: similar_site_names(s, ANONYMOUS, q),
        "list_sites ?q= now": lambda s, q: list_sites(s, ANONYMOUS, q=q, page_size=10),
        "LIKE scan (before)": like_search,
    }
    times: dict[str, list[float]] = {name: [] for name in timed}
    with factory() as session:
        for function in timed.values():  # warm the caches once
            function(session, typed[0])
        for text in typed:  # interleaved: a slow minute slows every one alike
            for name, function in timed.items():
                start = time.perf_counter()
                function(session, text)
                times[name].append(time.perf_counter() - start)
            session.rollback()
    engine.dispose()
    baseline = percentiles(times["LIKE scan (before)"])
    print(f"{engine.dialect.name}: {len(typed)} queries over {count:,} sites (server side, ms)")
    print(f"{'':<24} {'p50':>8} {'p95':>8} {'p99':>8}   p95 vs LIKE")
    for name, measured in times.items():
        p50, p95, p99 = percentiles(measured)
        print(f"{name:<24} {p50:8.2f} {p95:8.2f} {p99:8.2f}   {p95 / baseline[1]:.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="/tmp/type-ahead.db", help="SQLite file (replaced)")
    parser.add_argument("--postgres", help="an empty PostgreSQL database's URL, to run there too")
    parser.add_argument("--sites", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse", action="store_true", help="time a database built before (built if empty)"
    )
    args = parser.parse_args(argv)
    for target in [args.db, *([args.postgres] if args.postgres else [])]:
        run(target, args.sites, args.seed, args.reuse, args.queries)


if __name__ == "__main__":
    main()
