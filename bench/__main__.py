"""Run every benchmark of issue 4 in one go and keep the output.

    .venv/bin/python -m bench                                  # scale 0.05, SQLite
    .venv/bin/python -m bench --scale 1.0 \
        --postgres postgresql+psycopg://postgres@127.0.0.1/heritage_bench

Steps, each a script of this package printing its own figures (see bench/README.md):
1. generate the dataset at --scale (and, for the import, a file --import-scale and one
   ten times larger);
2. for SQLite, and for PostgreSQL when --postgres names an empty database:
   import_rate (heritage import against the raw load, both files), import_updates (a file
   that changes stored records against the same file into an empty database), load_raw of the
   big dataset, history, export_csv and served against it (and served once more with
   no document cache).
Everything printed goes to the terminal and to --log. The machine's description (CPU,
memory, versions) is printed first, for the results table.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import subprocess
import sys
from pathlib import Path

import sqlalchemy

from bench.import_rate import empty_database


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory_kb / 2**20:.0f} GiB, {platform.system()}"
        f" {platform.release()}, Python {platform.python_version()}, SQLite"
        f" {sqlite3.sqlite_version}, SQLAlchemy {sqlalchemy.__version__}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.05, help="dataset for the reads")
    parser.add_argument("--zipf", type=float, default=0.6)
    parser.add_argument("--import-scale", type=float, default=0.01, help="the import's file")
    parser.add_argument("--postgres", help="an empty PostgreSQL database's URL")
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk measurement")
    parser.add_argument("--workdir", default="/tmp/heritage-bench", help="files and databases")
    parser.add_argument("--log", default="bench-results.log")
    args = parser.parse_args(argv)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    with open(args.log, "w") as log:

        def say(text: str) -> None:
            print(text, flush=True)
            log.write(text + "\n")
            log.flush()

        def step(*command: str) -> None:
            say(f"\n$ {' '.join(command)}")
            child = subprocess.Popen(
                [python, "-m", *command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            )
            assert child.stdout is not None
            for line in child.stdout:
                say(line.decode().rstrip("\n"))
            if child.wait() != 0:
                sys.exit(f"{' '.join(command)} failed")

        say(f"machine: {machine()}")
        data = str(work / f"data-{args.scale}.jsonl")
        small = str(work / f"import-{args.import_scale}.jsonl")
        large = str(work / f"import-{args.import_scale * 10}.jsonl")
        step("bench.generate", "--scale", str(args.scale), "--zipf", str(args.zipf), "--out", data)
        step("bench.generate", "--scale", str(args.import_scale), "--out", small)
        step("bench.generate", "--scale", str(args.import_scale * 10), "--out", large)
        targets = [str(work / "bench.db")] + ([args.postgres] if args.postgres else [])
        for target in targets:
            # Medians of several runs, as every figure here: the small file's ratio, whose
            # raw load takes well under a second, swings the most, so it gets five.
            step("bench.import_rate", small, "--db", target, "--runs", "5")
            step("bench.import_rate", large, "--db", target, "--runs", "3")
            step("bench.import_updates", "--db", target, "--workdir", str(work))
            empty_database(target)  # load_raw wants an empty database
            step("bench.load_raw", data, "--db", target)
            step("bench.history", "--db", target)
            step("bench.export_csv", "--db", target)
            served = ("bench.served", "--db", target, "--duration", str(args.duration))
            step(*served)
            # Once more without the workers' document cache: what building each costs.
            step(*served, "--repeat", "1", "--document-cache-mb", "0")


if __name__ == "__main__":
    main()
