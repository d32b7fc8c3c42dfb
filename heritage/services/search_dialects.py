"""What searching names does differently on SQLite and on PostgreSQL, behind one small
interface: which rows hold folded text containing, or starting with, a folded query, and
which rows share enough of its letters to be worth scoring as a near spelling.

Both index the folded copies of names (heritage.text.fold) by trigrams, so a substring
anywhere in a name is found without reading every name. SQLite keeps an FTS5 table per
name column (`search_<table>`, trigram tokenizer, external content: the index only,
the text stays in the table) that triggers keep in step with every write, the import's
bulk inserts included. PostgreSQL keeps a pg_trgm GIN index on each folded column, which
its LIKE and `%` use as they are written. Migration 8c3e2d7a4b53 creates both.

Each folded column also has a B-tree index in the order of its bytes (`COLLATE "C"` on
PostgreSQL, whatever the database's collation; SQLite's default), which reads the names
starting with a text in order, as few as are wanted (migration 9e5a3c1b7d64).

A batch migration that rebuilds one of these tables on SQLite drops its triggers with it:
such a migration creates them again (as 8c3e2d7a4b53 does).
"""

from __future__ import annotations

import sys
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, select, table
from sqlalchemy.orm import InstrumentedAttribute, Session

from heritage.text import fold

# The folded name columns searched: (table, folded column). Their trigram indexes.
SEARCHED_COLUMNS = (
    ("sites", "name_folded"),
    ("site_names", "name_folded"),
    ("actors", "name_folded"),
    ("actor_aliases", "alias_folded"),
    ("sources", "name_folded"),
)

Statement = TypeVar("Statement", bound="Select[*tuple[Any, ...]]")

# Fewer characters than a trigram: no index narrows the search for them.
TRIGRAM = 3


def fts_table(table_name: str) -> str:
    """SQLite's full-text index of `table_name`'s folded names."""
    return f"search_{table_name}"


def trigram_index(table_name: str, column: str) -> str:
    """PostgreSQL's trigram index of a folded name column."""
    return f"ix_{table_name}_{column}_trigram"


def prefix_index(table_name: str, column: str) -> str:
    """The index of a folded name column in byte order, on both databases."""
    return f"ix_{table_name}_{column}_prefix"


def is_search_index(name: str | None, type_: str) -> bool:
    """Whether a schema object is one of these indexes, which the models do not describe
    (an FTS5 table and its shadow tables; a GIN index of an operator class; an index in
    a collation the other database lacks): the comparison of models and migrations leaves
    them out."""
    if name is None:
        return False
    if type_ == "table":
        return any(
            name == fts_table(t) or name.startswith(f"{fts_table(t)}_")
            for t, _c in SEARCHED_COLUMNS
        )
    if type_ == "index":
        return any(name in (trigram_index(t, c), prefix_index(t, c)) for t, c in SEARCHED_COLUMNS)
    return False


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def next_text(prefix: str) -> str | None:
    """The first text after every text starting with `prefix`, in code point order (UTF-8's
    byte order): its last character that has a next one, moved on by one; None if no
    character has one (then nothing lies after them)."""
    kept = prefix.rstrip(chr(sys.maxunicode))
    if not kept:
        return None
    after = ord(kept[-1]) + 1
    if 0xD800 <= after <= 0xDFFF:  # surrogates are not characters: UTF-8 skips them
        after = 0xE000
    return kept[:-1] + chr(after)


def trigrams(folded: str) -> list[str]:
    """The distinct three-character pieces of `folded`, in order."""
    pieces = (folded[i : i + TRIGRAM] for i in range(len(folded) - TRIGRAM + 1))
    return list(dict.fromkeys(pieces))


class SearchDialect:
    """The database-specific parts of searching folded names (see the module's doc)."""

    def containing(self, column: InstrumentedAttribute[str], folded: str) -> ColumnElement[bool]:
        """Rows whose `column` (a folded name column of SEARCHED_COLUMNS) contains
        `folded`, of at least TRIGRAM characters, through the trigram index."""
        raise NotImplementedError

    def in_byte_order(self, column: InstrumentedAttribute[str]) -> ColumnElement[str]:
        """`column` compared and sorted by its bytes, as its prefix index is."""
        return column.expression

    def first_containing(
        self, statement: Statement, column: InstrumentedAttribute[str], folded: str
    ) -> Statement:
        """`statement`, which reads `column`'s table, narrowed to the rows containing
        `folded` (as `containing`) in the index's own order, so that a LIMIT stops
        reading as soon as it has its rows."""
        return statement.where(self.containing(column, folded))

    def starting_with(self, column: InstrumentedAttribute[str], folded: str) -> ColumnElement[bool]:
        """Rows whose `column` starts with `folded`: the range of the prefix index from
        `folded` up to the next text of its length, so that the index reads them in order."""
        ordered = self.in_byte_order(column)
        above = next_text(folded)
        return ordered >= folded if above is None else and_(ordered >= folded, ordered < above)

    def sharing_trigrams(
        self, column: InstrumentedAttribute[str], folded: str, limit: int
    ) -> Select[Any]:
        """The ids of at most `limit` rows whose `column` shares the most trigrams with
        `folded` (a near spelling's candidates), best first."""
        raise NotImplementedError


def _fts_rowids(column: InstrumentedAttribute[str], query: str) -> Select[Any]:
    index = table(fts_table(column.class_.__tablename__))
    return (
        select(literal_column("rowid"))
        .select_from(index)
        .where(literal_column(f'"{index.name}"').op("MATCH")(query))
    )


def _phrase(text: str) -> str:
    """An FTS5 string: the text in double quotes (doubled inside), taken literally."""
    return '"' + text.replace('"', '""') + '"'


class _Sqlite(SearchDialect):
    def containing(self, column: InstrumentedAttribute[str], folded: str) -> ColumnElement[bool]:
        # With the trigram tokenizer a phrase matches wherever its text occurs, as LIKE
        # '%text%' does, which the index cannot serve.
        model: Any = column.class_
        condition: ColumnElement[bool] = model.id.in_(_fts_rowids(column, _phrase(folded)))
        return condition

    def first_containing(
        self, statement: Statement, column: InstrumentedAttribute[str], folded: str
    ) -> Statement:
        # Joined, the index's matches lead and each row is read by its id as they come;
        # `IN (SELECT rowid …)` first collects every match (38,000 for "al-").
        model: Any = column.class_
        index = table(fts_table(model.__tablename__), literal_column("rowid"))
        return statement.join(index, literal_column(f"{index.name}.rowid") == model.id).where(
            literal_column(f'"{index.name}"').op("MATCH")(_phrase(folded))
        )

    def sharing_trigrams(
        self, column: InstrumentedAttribute[str], folded: str, limit: int
    ) -> Select[Any]:
        # Any trigram of the query; FTS5's rank (bm25) puts the rows sharing the most,
        # and the rarest, first.
        query = " OR ".join(_phrase(piece) for piece in trigrams(folded))
        return _fts_rowids(column, query).order_by(literal_column("rank")).limit(limit)


class _Postgresql(SearchDialect):
    def in_byte_order(self, column: InstrumentedAttribute[str]) -> ColumnElement[str]:
        # A database in a linguistic collation (en_US) does not sort a prefix's names
        # together; "C" compares bytes, as the prefix index is built.
        return column.collate("C")

    def containing(self, column: InstrumentedAttribute[str], folded: str) -> ColumnElement[bool]:
        # pg_trgm's GIN index serves LIKE with a wildcard at the start.
        return column.like(f"%{_escape_like(folded)}%", escape="\\")

    def sharing_trigrams(
        self, column: InstrumentedAttribute[str], folded: str, limit: int
    ) -> Select[Any]:
        # `%`: trigram similarity above pg_trgm.similarity_threshold (0.3), by the index.
        model = column.class_
        return (
            select(model.id)
            .where(column.op("%")(folded))
            .order_by(func.similarity(column, folded).desc(), model.id)
            .limit(limit)
        )


_DIALECTS: dict[str, SearchDialect] = {"sqlite": _Sqlite(), "postgresql": _Postgresql()}


def search_dialect(session: Session) -> SearchDialect:
    """The search steps for the database `session` reads."""
    return _DIALECTS[session.get_bind().dialect.name]


def name_contains(
    session: Session, column: InstrumentedAttribute[str], query: str
) -> ColumnElement[bool]:
    """Rows whose folded name `column` contains `query` once folded (the lists' `q`):
    through the index from a trigram up, by LIKE below (no index narrows that)."""
    folded = fold(query)
    if len(folded) >= TRIGRAM:
        return search_dialect(session).containing(column, folded)
    return column.like(f"%{_escape_like(folded)}%", escape="\\")
