"""k-anonymity for audit outputs: no figure describes a group of fewer than k workers.

Why merging and not only dropping: a dropped small group can often be recovered by
subtraction (total minus the groups shown). So small groups are pooled into "other", and
when "other" itself is still smaller than k, the smallest shown groups are pooled into it
until it reaches k; if even then it is too small, it is suppressed — which only happens
when the whole population is below k, and then the audit shows no figures at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

__all__ = ["OTHER", "Bin", "group_labels", "k_histogram", "safe_percentiles"]

OTHER = "other"
PERCENTILES = (10, 25, 50, 75, 90)


def group_labels(counts: Mapping[str, int], k: int) -> tuple[dict[str, str | None], list[str]]:
    """Map each group to the label it is shown under (itself, ``other``) or ``None``.

    Returns the mapping and the notes a report prints about what was merged or suppressed.
    """
    shown = {g for g, c in counts.items() if c >= k and g != OTHER}
    notes: list[str] = []
    small = [g for g in counts if g not in shown]
    if small:
        notes.append(f"{len(small)} group(s) with fewer than {k} workers merged into '{OTHER}'")
    other = sum(counts[g] for g in small)
    pooled = 0
    while 0 < other < k and shown:
        smallest = min(shown, key=lambda g: (counts[g], g))
        shown.discard(smallest)
        other += counts[smallest]
        pooled += 1
    if pooled:
        notes.append(f"{pooled} more group(s) merged so that '{OTHER}' reaches {k} workers")
    suppress_other = 0 < other < k
    if suppress_other:
        notes.append(f"'{OTHER}' has fewer than {k} workers and is suppressed")
    labels: dict[str, str | None] = {}
    for group in counts:
        if group in shown:
            labels[group] = group
        else:
            labels[group] = None if suppress_other else OTHER
    return labels, notes


def safe_percentiles(values: np.ndarray, k: int) -> dict[str, float] | None:
    """p10..p90 and mean of ``values`` (NaNs dropped), or ``None`` for fewer than k values.

    No minimum or maximum is given: each is one person's figure.
    """
    values = values[np.isfinite(values)]
    if values.size < k:
        return None
    out = {f"p{p}": float(np.percentile(values, p)) for p in PERCENTILES}
    out["mean"] = float(values.mean())
    return out


@dataclass(frozen=True)
class Bin:
    """A histogram bin [low, high) holding ``workers`` workers (``high`` None: open-ended)."""

    low: float
    high: float | None
    workers: int


def k_histogram(
    values: np.ndarray, k: int, bins: int = 12, upper: float | None = None
) -> list[Bin]:
    """Equal-width bins from 0, merged left to right until each holds at least k workers.

    The last bin is open-ended so that no single high earner stands alone; an empty list
    when there are fewer than k values.
    """
    values = values[np.isfinite(values)]
    if values.size < k:
        return []
    top = upper if upper and upper > 0 else float(np.percentile(values, 90))
    top = top if top > 0 else 1.0
    edges = list(np.linspace(0.0, top, bins + 1))
    counts, _ = np.histogram(np.clip(values, 0.0, None), bins=[*edges[:-1], np.inf])
    merged: list[list[float]] = []  # [low, high, count]
    current: list[float] | None = None
    for index, count in enumerate(counts):
        low, high = edges[index], edges[index + 1]
        if current is None:
            current = [low, high, 0]
        current[1] = high
        current[2] += int(count)
        if current[2] >= k:
            merged.append(current)
            current = None
    if current is not None:
        if merged:
            merged[-1][1] = current[1]
            merged[-1][2] += current[2]
        else:
            merged.append(current)
    result = [Bin(float(lo), float(hi), int(n)) for lo, hi, n in merged]
    last = result[-1]
    result[-1] = Bin(last.low, None, last.workers)
    return result
