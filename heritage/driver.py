"""Statements run on the DB-API cursor, past SQLAlchemy's execution and result rows.

For reads where SQLAlchemy's own per-statement and per-row work costs more than the SQL
(a typical site's history, small statements run often) or than writing the row out (the
CSV export, a million rows), a statement is built with SQLAlchemy as usual, compiled once
for the dialect, and run on the driver's cursor: rows come back as the driver gives them.
Shared by heritage.services.history and heritage.interchange.tabular.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import (
    ARRAY,
    JSON,
    ColumnElement,
    Date,
    Integer,
    Select,
    SQLColumnExpression,
    any_,
    bindparam,
    func,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement


class DriverStatement:
    """A statement compiled once for a dialect, to run on the DB-API cursor: SQLAlchemy's
    execution and result rows cost more than a small statement's SQL, or per row than
    the csv module writing it. Rows come back as the driver gives them: dates as ISO text
    on SQLite (`date_reader`), booleans as 0 or 1."""

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        # Rendered per run, which is what this saves: id lists go in through `in_ids`.
        assert not compiled.post_compile_params, "an expanding or literal_execute parameter"
        self.sql = compiled.string
        self.driver_error: type[Exception] = dialect.loaded_dbapi.Error
        self.positional = compiled.positional
        binds = compiled.binds
        self.names = list(compiled.positiontup or () if self.positional else binds)
        # Per placeholder: the value of a constant (None for a parameter of the run), and
        # what the dialect makes of a value (a date as text, a list as JSON on SQLite).
        self.slots = [
            (
                None if binds[name].required else binds[name].value,
                binds[name].type.dialect_impl(dialect).bind_processor(dialect),
            )
            for name in self.names
        ]

    def parameters(self, values: dict[str, Any]) -> list[Any] | dict[str, Any]:
        """What the driver takes for the placeholders, `values` giving the run's own."""
        parameters = []
        for name, (constant, process) in zip(self.names, self.slots, strict=True):
            value = values[name] if constant is None else constant
            parameters.append(value if process is None else process(value))
        return parameters if self.positional else dict(zip(self.names, parameters, strict=True))

    def execute(self, cursor: Any, values: dict[str, Any]) -> None:
        """Run the statement on `cursor`. The driver's errors are raised as SQLAlchemy
        raises them (sqlalchemy.exc.DataError for an id out of the column's range, …), so
        callers and the API's error handlers meet one kind whichever way a read ran."""
        parameters = self.parameters(values)
        try:
            cursor.execute(self.sql, parameters)
        except self.driver_error as error:
            raise DBAPIError.instance(self.sql, parameters, error, self.driver_error) from error

    def rows(self, cursor: Any, values: dict[str, Any]) -> list[Any]:
        """The statement's result, fetched whole."""
        self.execute(cursor, values)
        rows: list[Any] = cursor.fetchall()
        return rows


@functools.cache
def driver_statement(dialect: Dialect, statement: ClauseElement) -> DriverStatement:
    """`statement` compiled for `dialect`, once."""
    return DriverStatement(statement, dialect)


def sqlite_values(values: Iterable[Any]) -> Select[Any]:
    """The values as a subquery for SQLite's `IN`, bound as one JSON array read by
    json_each: the statement's text is the same however many there are, so it is parsed
    and cached once (a placeholder or a literal per value makes a new text each time)."""
    listed = func.json_each(bindparam(None, json.dumps(list(values)))).table_valued("value")
    return select(listed.c.value)


def in_ids(column: SQLColumnExpression[int], name: str, sqlite: bool) -> ColumnElement[bool]:
    """`column` is in the id list parameter `name`, bound as one value however long: an
    expanding IN is rendered and bound anew, an id at a time, on every run."""
    if sqlite:
        ids = func.json_each(bindparam(name, type_=JSON)).table_valued("value")
        return column.in_(select(ids.c.value))
    return column == any_(bindparam(name, type_=ARRAY(Integer)))


def _same(value: Any) -> Any:
    return value


@functools.cache
def date_reader(dialect: Dialect) -> Callable[[Any], Any]:
    """What makes a date of the driver's value for a date column, as SQLAlchemy would."""
    return Date().dialect_impl(dialect).result_processor(dialect, None) or _same
