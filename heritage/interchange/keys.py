"""The keys an import meets, kept outside the records: the natural keys the file has shown
so far (validation, on disk), and the ids of the stored records they name (writing, a
cache of the most recently used)."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections import OrderedDict, defaultdict
from collections.abc import Mapping

from sqlalchemy.orm import Session

from heritage.errors import InvalidInput
from heritage.interchange.canonical import resolve_refs
from heritage.text import normalise_url

# Natural key -> id entries the writer keeps per record type (least recently used go first).
CACHE_SIZE = 100_000


# Natural keys validation keeps in memory before it keeps the rest on disk (~200 bytes
# each): a file of up to this many records validates without the disk's round trips,
# which were a fifth of its validation.
MEMORY_KEYS = 100_000


class SeenKeys:
    """The natural keys met so far and the line of each: the first MEMORY_KEYS in memory,
    the others in a temporary SQLite file, so a file of millions of records validates in
    bounded memory (SQLite's page cache)."""

    def __init__(self) -> None:
        self._memory: dict[tuple[str, str], int] = {}
        self._db: sqlite3.Connection | None = None  # opened once memory is full
        self._path = ""

    def add(self, kind: str, key: str, line: int) -> int | None:
        """Note `key` at `line`; if it was met before, the earlier line instead."""
        earlier = self.line_of(kind, key)
        if earlier is not None:
            return earlier
        if len(self._memory) < MEMORY_KEYS:
            self._memory[(kind, key)] = line
        else:
            self._disk().execute("INSERT INTO seen VALUES (?, ?, ?)", (kind, key, line))
        return None

    def line_of(self, kind: str, key: str) -> int | None:
        line = self._memory.get((kind, key))
        if line is not None or self._db is None:
            return line
        row = self._db.execute(
            "SELECT line FROM seen WHERE kind = ? AND key = ?", (kind, key)
        ).fetchone()
        return None if row is None else int(row[0])

    def close(self) -> None:
        self._memory.clear()
        if self._db is not None:
            self._db.close()
            os.unlink(self._path)

    def _disk(self) -> sqlite3.Connection:
        if self._db is None:
            handle, self._path = tempfile.mkstemp(prefix="heritage-import-", suffix=".db")
            os.close(handle)
            self._db = sqlite3.connect(self._path)
            self._db.execute("PRAGMA journal_mode = OFF")
            self._db.execute("PRAGMA synchronous = OFF")
            self._db.execute("PRAGMA cache_size = -32768")  # 32 MiB
            self._db.execute(
                "CREATE TABLE seen (kind TEXT, key TEXT, line INTEGER, PRIMARY KEY (kind, key))"
                " WITHOUT ROWID"
            )
        return self._db


def lookup_key(record_type: str, ref: str) -> str:
    """A reference as stored records are looked up by: an article's URL in its normal form."""
    return normalise_url(ref) if record_type == "article" else ref


class KeyCache:
    """Natural key (or site identifier) -> (id, canonical key), per record type, keeping
    the most recently used entries: references cost a query only on a miss."""

    def __init__(self, capacity: int = CACHE_SIZE) -> None:
        self._capacity = capacity
        self._entries: dict[str, OrderedDict[str, tuple[int, str]]] = defaultdict(OrderedDict)

    def remember(self, record_type: str, ref: str, found: tuple[int, str]) -> None:
        entries = self._entries[record_type]
        entries[ref] = found
        entries.move_to_end(ref)
        if len(entries) > self._capacity:
            entries.popitem(last=False)

    def prefetch(self, session: Session, wanted: Mapping[str, set[str]]) -> None:
        """Look up, one query per type, the references not cached already."""
        for record_type, refs in wanted.items():
            missing = {r for r in refs if r not in self._entries[record_type]}
            for ref, found in resolve_refs(session, record_type, missing).items():
                self.remember(record_type, ref, found)

    def cached(self, record_type: str, ref: str) -> tuple[int, str] | None:
        """The entry for `ref` if there is one, without a query."""
        return self._entries[record_type].get(lookup_key(record_type, ref))

    def get(self, session: Session, record_type: str, ref: str) -> tuple[int, str]:
        ref = lookup_key(record_type, ref)
        entries = self._entries[record_type]
        if ref not in entries:  # evicted since the prefetch, or deleted since validation
            self.prefetch(session, {record_type: {ref}})
        if ref not in entries:
            raise InvalidInput.field("type", f"No {record_type} '{ref}' any more.")
        entries.move_to_end(ref)
        return entries[ref]

    def forget_all(self) -> None:
        """After a rolled-back batch, or another writer's commit: ids it cached may name
        rows that no longer exist, or records deleted since."""
        self._entries.clear()
