"""Documents already built, kept by the ETag that names them, in this process's memory.

A read validated by the data (api.blueprint.validated_by_data) has an ETag that names the
last committed write that can change it for its reader (any such write for editors, one the
public sees for the others), the code, the reader's visibility class and the request's
arguments before anything is read. For a site's history that write is the last one to
reach that site's history (its history mark, with the shared mark moved by actors and
sources: heritage.history_marks); for other reads, the last one anywhere. Two requests with
the same ETag get the same document, so the second can have the first one's bytes: no
invalidation is needed, because a write moves the marks of the histories it can change and
with them their ETags, and entries of older marks simply stop being asked for and fall off
the end, while every other site's entries stay. Least recently used entries go first once
the bytes held pass the limit, so the memory is bounded whatever the documents' sizes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, NamedTuple, Protocol, TypeVar

# Where create_app keeps the app's cache (absent when HERITAGE_DOCUMENT_CACHE_MB is 0).
DOCUMENTS = "heritage.documents"
# A document larger than this share of the cache is not kept: one heavy site's history
# would otherwise push out many small ones.
LARGEST_SHARE = 8


class Document(NamedTuple):
    body: bytes
    mimetype: str | None


class _Sized(Protocol):
    @property
    def body(self) -> bytes: ...


Kept = TypeVar("Kept", bound=_Sized)


class DocumentCache(Generic[Kept]):
    """A bounded, thread-safe map of ETag to document (waitress serves from threads): the
    API's documents, and the web's rendered records (api.web.public), each weighed by its
    body."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes_held = 0
        self.hits = 0
        self.misses = 0
        self._documents: OrderedDict[str, Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, etag: str) -> Kept | None:
        with self._lock:
            document = self._documents.get(etag)
            if document is None:
                self.misses += 1
                return None
            self._documents.move_to_end(etag)
            self.hits += 1
            return document

    def put(self, etag: str, document: Kept) -> None:
        size = len(document.body)
        if size > self.max_bytes // LARGEST_SHARE:
            return
        with self._lock:
            replaced = self._documents.pop(etag, None)
            if replaced is not None:
                self.bytes_held -= len(replaced.body)
            self._documents[etag] = document
            self.bytes_held += size
            while self.bytes_held > self.max_bytes:
                _, evicted = self._documents.popitem(last=False)
                self.bytes_held -= len(evicted.body)

    def __len__(self) -> int:
        return len(self._documents)
