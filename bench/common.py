"""What the bench scripts share: the dataset's full size, engines and timing."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine

from heritage.db import make_engine

# The dataset of issue 4 at --scale 1.0.
FULL_SIZE = {
    "site": 100_000,
    "actor": 1_000,
    "source": 2_000,
    "article": 300_000,
    "event": 1_000_000,
    "claim": 2_000_000,
}


def sizes(scale: float) -> dict[str, int]:
    """Record counts per type at `scale`; at least 20 of each so tiny runs keep their shape."""
    return {kind: max(20, round(count * scale)) for kind, count in FULL_SIZE.items()}


def engine_for(target: str) -> Engine:
    """A SQLAlchemy engine for a SQLite file path or a database URL."""
    return make_engine(target if "://" in target else f"sqlite:///{target}")


def timed_runs(function: Callable[[], Any], runs: int) -> list[float]:
    """Seconds taken by each of `runs` calls, after one untimed warm-up call."""
    function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000
