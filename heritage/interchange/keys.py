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


class SeenKeys:
    """The natural keys met so far and the line of each, in a temporary SQLite file, so a
    file of millions of records validates in bounded memory (SQLite's page cache)."""

    def __init__(self) -> None:
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

    def add(self, kind: str, key: str, line: int) -> int | None:
        """Note `key` at `line`; if it was met before, the earlier line instead."""
        inserted = self._db.execute(
            "INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", (kind, key, line)
        ).rowcount
        return None if inserted else self.line_of(kind, key)

    def line_of(self, kind: str, key: str) -> int | None:
        row = self._db.execute(
            "SELECT line FROM seen WHERE kind = ? AND key = ?", (kind, key)
        ).fetchone()
        return None if row is None else int(row[0])

    def close(self) -> None:
        self._db.close()
        os.unlink(self._path)


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
