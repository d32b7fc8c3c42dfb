"""A figure's change in words: differences below a baseline of ten, ratios above it."""

from __future__ import annotations

import pytest

from heritage.reports.levels import level
from heritage.vocab import Level


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (0, 0, Level.NONE),
        (3, 0, Level.NEW),
        (0, 4, Level.ENDED),
        (0, 40, Level.ENDED),
        # Low baseline (previous below 10): the difference decides.
        (2, 1, Level.STABLE),  # doubling one event is no "large increase"
        (3, 1, Level.INCREASE),
        (6, 1, Level.LARGE_INCREASE),
        (14, 9, Level.LARGE_INCREASE),
        (8, 9, Level.STABLE),
        (7, 9, Level.DECREASE),
        (4, 9, Level.LARGE_DECREASE),
        # From 10 on: the ratio decides.
        (20, 10, Level.LARGE_INCREASE),
        (19, 10, Level.INCREASE),
        (125, 100, Level.INCREASE),
        (124, 100, Level.STABLE),
        (81, 100, Level.STABLE),
        (80, 100, Level.DECREASE),
        (51, 100, Level.DECREASE),
        (50, 100, Level.LARGE_DECREASE),
        (12, 10, Level.STABLE),
    ],
)
def test_levels(current: int, previous: int, expected: Level) -> None:
    assert level(current, previous) == expected
