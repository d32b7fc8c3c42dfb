"""A figure's change against the previous period, in words, as ACLED words it, with a rule
for low baselines: below ten, a ratio says too much (1 → 2 is not a "large increase"), so
the difference is compared instead."""

from __future__ import annotations

from heritage.vocab import Level

LOW_BASELINE = 10  # below this many in the previous period, compare differences


def level(current: int, previous: int) -> Level:
    """The change from `previous` to `current` (counts, never negative)."""
    if current == 0 and previous == 0:
        return Level.NONE
    if previous == 0:
        return Level.NEW
    if current == 0:
        return Level.ENDED
    if previous < LOW_BASELINE:
        difference = current - previous
        if difference >= 5:
            return Level.LARGE_INCREASE
        if difference >= 2:
            return Level.INCREASE
        if difference <= -5:
            return Level.LARGE_DECREASE
        if difference <= -2:
            return Level.DECREASE
        return Level.STABLE
    ratio = current / previous
    if ratio >= 2:
        return Level.LARGE_INCREASE
    if ratio >= 1.25:
        return Level.INCREASE
    if ratio <= 0.5:
        return Level.LARGE_DECREASE
    if ratio <= 0.8:
        return Level.DECREASE
    return Level.STABLE
