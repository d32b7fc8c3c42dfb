"""Reading JSON that outsiders wrote: an integer literal too long for Python to convert
and nesting too deep to walk, each named by where it is. The json module raises a bare
ValueError for the first (more than sys.get_int_max_str_digits() digits, 4300 by default:
a guard against quadratic conversion) and RecursionError for the second, naming neither
place. Used by the API's body check (api/security.py) and the JSON Lines reader."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any


class LongInteger(str):
    """An integer literal of more digits than Python converts, kept as its text."""


def integer(literal: str) -> int | LongInteger:
    """json.loads's `parse_int`: the integer, or a LongInteger where int() would refuse."""
    limit = sys.get_int_max_str_digits()
    if limit and len(literal.lstrip("-")) > limit:
        return LongInteger(literal)
    return int(literal)


def loads(text: str | bytes) -> Any:
    """json.loads, with integers too long to convert left as LongInteger."""
    return json.loads(text, parse_int=integer)


def long_integer_reason() -> str:
    limit = sys.get_int_max_str_digits()
    return f"An integer of more than {limit} digits, which no field takes."


def long_integers(document: Any, max_depth: int) -> Iterator[str]:
    """The path ("figures.dead", "site_ids.0", "" for the document itself) of each
    LongInteger in a document read by `loads`; RecursionError past `max_depth` levels. A
    stack, not recursion: a document may nest as deep as the json module reads."""
    stack: list[tuple[Any, str, int]] = [(document, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > max_depth:
            raise RecursionError(where)
        if isinstance(value, LongInteger):
            yield where
        elif isinstance(value, dict):
            stack.extend(
                (item, f"{where}.{key}" if where else str(key), depth + 1)
                for key, item in value.items()
            )
        elif isinstance(value, list):
            stack.extend(
                (item, f"{where}.{index}" if where else str(index), depth + 1)
                for index, item in enumerate(value)
            )
