"""What every sample generator shares: the quarter's calendar, token sizes, time formats."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

SEED = 20260701
START = datetime(2026, 7, 1, tzinfo=UTC)
DAYS = 92


def days() -> Iterator[tuple[int, datetime, float]]:
    """Each day of the quarter with a volume factor: weekdays busy, usage growing."""
    for index in range(DAYS):
        day = START + timedelta(days=index)
        weekday = 1.0 if day.weekday() < 5 else 0.3
        yield index, day, weekday * (0.7 + 0.6 * index / DAYS)


def tokens(rng: random.Random, median: float, spread: float = 0.6) -> int:
    return max(1, int(rng.lognormvariate(math.log(median), spread)))


def unix(moment: datetime) -> int:
    return int(moment.timestamp())


def rfc3339(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_ms(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
