"""Measure the near-copy threshold: MinHash's estimate against the exact Jaccard index, and
precision and recall of the proposal, on pairs built from the seed article.

    .venv/bin/python -m bench.syndication [--threshold 0.3] [--texts 3000] [--stored 3000]

Copies (positives): the seed article (../shared/seed/, found in the first folder above
this repository that holds shared/seed) edited as outlets edit wire copy: a new headline,
a paragraph dropped, agency boilerplate added, all three, ISIL spelt ISIS throughout, the
story cut to its first two thirds (with a new headline), and to its first half; each copy
is also a copy of every other.
Not copies (negatives): texts written for this bench on the same places, groups and
people (the capture of Palmyra in May 2015, the Temple of Bel, Khaled al-Asaad, the
museum's evacuation, an Aleppo minaret, and the same recapture reported independently
with the same quotes), against the seed, every copy and each other.

A pair is proposed when it shares an LSH bucket and its exact Jaccard index reaches the
threshold, as heritage.extraction.syndication does. Prints each pair, the precision and
recall at the threshold and around it, and how long signatures take (`--texts` texts of
about 800 words, the cost of indexing that many stored articles on first use).

With `--stored N` it also builds a SQLite database (in a temporary folder) of N articles of
800 words drawn from the corpus' vocabulary by a Zipf law, and the seed, and times: the
first call of syndication_candidates (which indexes them all), later calls for a copy of
the seed and for an unrelated text, and the alternative the index replaces: reading and
shingling every stored text on each call.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import re
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from heritage import migrate
from heritage.auth import SYSTEM
from heritage.db import make_engine, make_session_factory
from heritage.extraction import syndication as s
from heritage.models import Article
from heritage.services.articles import create_article
from heritage.services.sources import create_source

SEED_NAME = "palmyra-recaptured-2016-03-27.txt"


RETOLD = Path(__file__).resolve().parents[1] / "tests" / "texts" / "palmyra-retaken-retold.txt"


def seed_text() -> str:
    """The seed article's text, from shared/seed in the nearest folder above that has it (a
    worktree may sit deeper); where there is none (a checkout without shared/), the same
    facts retold in the project's words (tests/texts/README.md), whose paragraphs the same
    edits apply to."""
    for folder in Path(__file__).resolve().parents:
        path = folder / "shared" / "seed" / SEED_NAME
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return RETOLD.read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


def new_headline(text: str) -> str:
    return "\n\n".join(["Assad's forces retake Palmyra from Islamic State", *paragraphs(text)[1:]])


def paragraph_dropped(text: str) -> str:
    parts = paragraphs(text)
    # The president's second quote, the longest paragraph after the lead.
    longest = max(range(3, len(parts)), key=lambda i: len(parts[i]))
    return "\n\n".join(parts[:longest] + parts[longest + 1 :])


WIRE_LEAD = "DAMASCUS, March 27 (AFP) - "
WIRE_FOOTER = (
    "Copyright 2016 Agence France-Presse. All rights reserved. This material may not be"
    " published, broadcast, rewritten or redistributed.\n\nAdditional reporting by our"
    " correspondent in Beirut; editing by the Middle East desk."
)


def boilerplate_added(text: str) -> str:
    parts = paragraphs(text)
    parts[2] = WIRE_LEAD + parts[2]
    return "\n\n".join([*parts, WIRE_FOOTER])


def all_three(text: str) -> str:
    return boilerplate_added(paragraph_dropped(new_headline(text)))


def isis_spelling(text: str) -> str:
    return text.replace("ISIL", "ISIS").replace("neighbourhoods", "neighborhoods")


def first_two_thirds(text: str) -> str:
    parts = paragraphs(new_headline(text))
    return "\n\n".join(parts[: len(parts) * 2 // 3])


def first_half(text: str) -> str:
    parts = paragraphs(text)
    return "\n\n".join(parts[: len(parts) // 2])


COPIES = {
    "new headline": new_headline,
    "paragraph dropped": paragraph_dropped,
    "boilerplate added": boilerplate_added,
    "headline+dropped+boilerplate": all_three,
    "ISIL spelt ISIS": isis_spelling,
    "cut to two thirds": first_two_thirds,
    "cut to its first half": first_half,
}

# Written for this bench (no one else's text): the same places, groups and sources as the
# seed, so that only the words' order tells a copy from a report of its own.
UNRELATED = {
    "ISIL takes Palmyra (May 2015)": """Islamic State fighters seize Syria's ancient Palmyra

Fighters of the Islamic State of Iraq and the Levant (ISIL) have taken full control of the
Syrian city of Palmyra after government forces withdrew overnight, a monitoring group said.

The Syrian Observatory for Human Rights said the fighters were now in every part of the
city, including the military airport and the prison, and were close to the ruins.

Syrian state television said the army had evacuated most of the civilian population before
pulling back, and that the antiquities department had moved hundreds of statues to safety.

The head of antiquities, Maamoun Abdulkarim, said he feared for the temples and the tombs
of the ancient city, which is listed as a World Heritage site.

The group has destroyed ancient sites in Iraq, including Nimrud and Hatra, and many fear
that Palmyra's monuments will meet the same fate in the coming weeks.""",
    "Temple of Bel destroyed": """Satellite images confirm destruction of Palmyra's Temple of Bel

The main building of the Temple of Bel in Palmyra has been destroyed, the United Nations
said on Monday, citing satellite images taken a day after a large explosion at the site.

The images show that the cella of the temple and a row of columns next to it are gone,
the UN training and research agency said in a statement.

ISIL fighters, who captured the city in May, had already blown up the smaller temple of
Baalshamin a week earlier, an act that the UN cultural agency described as a war crime.

Residents who fled the city said the explosion could be heard across the oasis and that
the fighters had placed barrels of explosives inside the temple for several days.""",
    "Khaled al-Asaad killed": """Palmyra antiquities scholar beheaded by ISIL fighters

Khaled al-Asaad, who looked after the ruins of Palmyra for four decades, has been killed
by fighters of the Islamic State group, his family and Syrian officials said.

The 82-year-old archaeologist had been detained for more than a month and questioned about
where the city's treasures had been hidden, according to the head of antiquities.

His body was hung from a column in the main square of the modern town of Tadmur, the
Syrian Observatory for Human Rights said, with a sign listing the charges against him.

Colleagues described him as a scholar who had refused to leave the city he loved and who
had helped move the museum's collection to Damascus before the group arrived.""",
    "Museum evacuated": """Syria moves Palmyra museum treasures to Damascus

Syrian antiquities officials have moved hundreds of statues and artefacts from the museum
in Palmyra to Damascus as fighting approached the ancient city, the director said.

Maamoun Abdulkarim told state media that the heaviest pieces, including funerary busts
that could not be carried, had been left behind and protected with sandbags.

The museum building itself was later damaged by shelling, and photographs published by
the group showed statues with their faces smashed in the main hall.

Archaeologists said it would take years to record what had been lost and that many of the
objects taken from the storerooms could soon appear on the antiquities market.""",
    "Aleppo minaret": """Minaret of Aleppo's Umayyad Mosque collapses in fighting

The minaret of the Umayyad Mosque in Aleppo, built in the eleventh century, has been
destroyed during clashes between government forces and rebel fighters, activists said.

State media said the rebels had blown up the minaret, while the opposition said it was
brought down by tank fire from the army, which has been shelling the old city for weeks.

The Syrian Observatory for Human Rights said the fighting in and around the mosque had
continued all day and that several fighters had been killed on both sides.

The old city of Aleppo is a World Heritage site and many of its markets and houses have
already burned down since the battle for the city began last summer.""",
    "same recapture, reported independently": """Assad hails Palmyra victory as army retakes city

The Syrian army said on Sunday that it had driven ISIL out of Palmyra, ending ten months
of rule by the armed group over the desert city and its Roman-era ruins.

A military source told state television that troops and allied militias had taken
"complete control over the city of Palmyra", after three weeks of fighting supported by
Russian warplanes.

The Syrian Observatory for Human Rights, which monitors the war through a network of
activists, said some shooting continued in the east of the city but that most of the
group's fighters had pulled back towards Deir al-Zor.

President Bashar al-Assad called the recapture "an important achievement" for his army and
its allies, and said it showed the failure of the US-led coalition's campaign.

Archaeologists said they hoped to reach the ruins within days to assess the damage to the
Temple of Bel, the Arch of Triumph and the museum.""",
}


Pair = tuple[str, str, str, str, bool]  # (first name, its text, second name, its text, copy?)


def pairs(seed: str) -> list[Pair]:
    copies = {"seed": seed, **{name: edit(seed) for name, edit in COPIES.items()}}
    built: list[Pair] = [
        (a, copies[a], b, copies[b], True) for a, b in itertools.combinations(copies, 2)
    ]
    for (a, text_a), (b, text_b) in itertools.product(copies.items(), UNRELATED.items()):
        built.append((a, text_a, b, text_b, False))
    for (a, text_a), (b, text_b) in itertools.combinations(UNRELATED.items(), 2):
        built.append((a, text_a, b, text_b, False))
    return built


def measure(built: list[Pair]) -> list[tuple[Pair, float, float, bool]]:
    """Each pair with its exact and estimated Jaccard index and whether LSH meets it."""
    measured = []
    for pair in built:
        first, second = s.shingles(pair[1]), s.shingles(pair[3])
        sig_first, sig_second = s.signature(first), s.signature(second)
        shared = bool(s.buckets(sig_first) & s.buckets(sig_second))
        exact = s.jaccard(first, second)
        measured.append((pair, exact, s.estimated_jaccard(sig_first, sig_second), shared))
    return measured


def precision_recall(
    measured: list[tuple[Pair, float, float, bool]], threshold: float, *, estimate: bool = False
) -> tuple[float, float, int, int, int]:
    """(precision, recall, true positives, false positives, false negatives) of proposing
    a pair that shares a bucket and whose index (exact, or estimated) reaches `threshold`."""
    tp = fp = fn = 0
    for pair, exact, estimated, shared in measured:
        proposed = shared and (estimated if estimate else exact) >= threshold
        copy = pair[4]
        tp += proposed and copy
        fp += proposed and not copy
        fn += copy and not proposed
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def signature_speed(seed: str, count: int) -> float:
    """Seconds to sign `count` texts of about 800 words made of the corpus' sentences."""
    sentences = re.split(r"(?<=[.”\"])\s+", " ".join([seed, *UNRELATED.values()]))
    generator = random.Random(1)
    texts = []
    for _ in range(count):
        words: list[str] = []
        while len(words) < 800:
            words.extend(generator.choice(sentences).split())
        texts.append(" ".join(words))
    started = time.perf_counter()
    for text in texts:
        s.text_buckets(text)
    return time.perf_counter() - started


def stored_timings(seed: str, count: int) -> None:
    """Print the database timings of `--stored` (see the module's docstring)."""
    vocabulary = sorted(set(" ".join([seed, *UNRELATED.values()]).split()))
    generator = random.Random(1)
    generator.shuffle(vocabulary)
    weights = [1 / rank for rank in range(1, len(vocabulary) + 1)]
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/syndication.db")
        migrate.upgrade(engine)
        with make_session_factory(engine)() as session:
            wire = create_source(session, SYSTEM, {"name": "Wire", "kind": "organisation"})
            for serial in range(count):
                words = generator.choices(vocabulary, weights, k=800)
                text = " ".join(words)
                data = {"publisher_id": wire.id, "title": f"Report {serial}", "text": text}
                data |= {"url": f"https://news.example/{serial}", "published": dt.date(2016, 1, 1)}
                create_article(session, SYSTEM, data)  # type: ignore[arg-type]
            data = {"publisher_id": wire.id, "title": "Seed", "text": seed}
            data |= {"url": "https://news.example/seed", "published": dt.date(2016, 3, 27)}
            create_article(session, SYSTEM, data)  # type: ignore[arg-type]
            session.commit()
            print(f"\nA SQLite database of {count + 1} stored articles:")
            started = time.perf_counter()
            s.syndication_candidates(session, "Palmyra was retaken on Sunday, state media said.")
            session.commit()
            print(f"  first call, indexing them all: {time.perf_counter() - started:.1f} s")
            for name, text in (
                ("a copy of the seed", all_three(seed)),
                ("an unrelated text", UNRELATED["Aleppo minaret"]),
            ):
                times = []
                for _ in range(5):
                    started = time.perf_counter()
                    found = s.syndication_candidates(session, text)
                    times.append(time.perf_counter() - started)
                print(f"  {name}: median {sorted(times)[2] * 1000:.0f} ms, {len(found)} proposed")
            started = time.perf_counter()
            new = s.shingles(all_three(seed))
            for text in session.scalars(select(Article.text)):
                s.jaccard(new, s.shingles(text or ""))
            print(
                "  without the index (every stored text read and shingled):"
                f" {time.perf_counter() - started:.1f} s a call"
            )
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=float, default=s.THRESHOLD)
    parser.add_argument("--texts", type=int, default=3000, help="texts signed for the timing")
    parser.add_argument("--stored", type=int, default=0, help="stored articles to time with")
    args = parser.parse_args()
    seed = seed_text()
    measured = measure(pairs(seed))

    print(
        f"Scheme {s.SCHEME}: {s.SHINGLE_WORDS}-word shingles, {s.SIGNATURE_SIZE} MinHash values,"
        f" {s.BANDS} bands of {s.ROWS}; threshold {args.threshold} on the exact index."
    )
    print(f"\n{'pair':<72} {'copy':>4} {'exact':>6} {'est.':>6} {'LSH':>4} {'proposed':>8}")
    for pair, exact, estimated, shared in sorted(measured, key=lambda m: (not m[0][4], -m[1])):
        proposed = shared and exact >= args.threshold
        name = f"{pair[0]} / {pair[2]}"
        print(
            f"{name[:72]:<72} {'yes' if pair[4] else 'no':>4} {exact:6.3f} {estimated:6.3f}"
            f" {'yes' if shared else 'no':>4} {'yes' if proposed else 'no':>8}"
        )
    errors = [estimated - exact for _, exact, estimated, _ in measured]
    mean_abs = sum(map(abs, errors)) / len(errors)
    print(
        f"\nEstimate minus exact over {len(errors)} pairs: mean |error| {mean_abs:.3f},"
        f" largest {max(errors, key=abs):+.3f}"
        f" (expected standard error at J=0.5: {(0.25 / s.SIGNATURE_SIZE) ** 0.5:.3f})."
    )
    copies = [exact for pair, exact, _, _ in measured if pair[4]]
    others = [exact for pair, exact, _, _ in measured if not pair[4]]
    print(
        f"Copies: exact index {min(copies):.3f} to {max(copies):.3f};"
        f" not copies: {min(others):.3f} to {max(others):.3f}."
    )
    fetched = sum(shared for pair, _, _, shared in measured if not pair[4])
    print(f"Not copies sharing an LSH bucket (fetched for nothing): {fetched} of {len(others)}.")
    print(
        f"\n{'threshold':>9} {'precision':>9} {'recall':>6}   tp  fp  fn   (estimate alone: P, R)"
    )
    for threshold in sorted({0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, args.threshold}):
        p, r, tp, fp, fn = precision_recall(measured, threshold)
        p_est, r_est, *_ = precision_recall(measured, threshold, estimate=True)
        mark = "  <- chosen" if threshold == args.threshold else ""
        print(
            f"{threshold:9.2f} {p:9.3f} {r:6.3f} {tp:4d} {fp:3d} {fn:3d}"
            f"   ({p_est:.3f}, {r_est:.3f}){mark}"
        )
    seconds = signature_speed(seed, args.texts)
    print(
        f"\nSigning {args.texts} texts of about 800 words: {seconds:.1f} s"
        f" ({seconds / args.texts * 1000:.1f} ms a text), the cost of indexing that many"
        " stored articles on first use; then each new text is one signature and one lookup."
    )
    if args.stored:
        stored_timings(seed, args.stored)


if __name__ == "__main__":
    main()
