"""Scenarios and intervals: how input ranges propagate to low / central / high.

*central* evaluates the whole chain with every input at its central value (reproducible by
hand). *low* and *high* are the 5th and 95th percentiles of the impact when every uncertain
input is drawn from a triangular distribution over its registry range (``triangular``;
``DRAWS`` Monte Carlo draws with a fixed seed per input kind, so results are
reproducible). Where the central evaluation falls outside that band — inputs such as
utilisation enter as ``1/u``, so the mean draw costs more than the central value — the
interval is extended to include it. Since methodology 2026.12 this replaces the product of
extremes (every input at its favourable end at once), which no-one could interpret.

Summability: within a group, every row takes the same draw for its low (and for its high)
coefficients, so rows are comonotonic and the sum of their lows is the low of their sum.
Draws use the same uniforms for the same input kind in every group (common random
numbers), so groups move together too and the ledger's SQL sums stay percentiles of
totals (conservative where groups are in truth independent). ``pick`` is kept for callers
that need a value at one end of a range.
"""

from __future__ import annotations

import math
import zlib
from typing import Literal

import numpy as np

Scenario = Literal["low", "central", "high"]
SCENARIOS: tuple[Scenario, ...] = ("low", "central", "high")


def pick(low: float, central: float, high: float, scenario: Scenario, favourable_end: str) -> float:
    """The value of a ranged input for ``scenario``.

    ``favourable_end`` is ``"low"`` when a smaller value lowers the impact (PUE, parameters)
    and ``"high"`` when a larger value lowers it (utilisation, lifetime).
    """
    if scenario == "central":
        return central
    favourable, unfavourable = (low, high) if favourable_end == "low" else (high, low)
    return favourable if scenario == "low" else unfavourable


def suffix(scenario: Scenario) -> str:
    """Column-name suffix of a scenario: ``_low``, ``""`` or ``_high``."""
    return "" if scenario == "central" else f"_{scenario}"


DRAWS = 400
"""Monte Carlo draws per group (after the central evaluation at index 0)."""

LOW_QUANTILE, HIGH_QUANTILE = 0.05, 0.95
"""The interval reported as low/high: the 5th and 95th percentiles."""


def uniforms(key: str) -> np.ndarray:
    """The shared uniforms of one input kind: the same for every group (comonotonic)."""
    return np.random.default_rng(zlib.crc32(key.encode("utf-8"))).random(DRAWS)


def triangular(key: str, low: float, central: float, high: float) -> np.ndarray:
    """``[central, draw_1 … draw_N]``: a triangular(low, mode=central, high) distribution.

    Why triangular: a registry range is the span of published figures (hard bounds), with
    the central value as the most plausible; the triangle puts no mass outside it. Inputs
    sharing ``key`` (a model's active and total parameters; an accelerator's embodied
    indicators) move together. A missing end collapses to the central value.
    """
    low = central if math.isnan(low) else low
    high = central if math.isnan(high) else high
    out = np.empty(DRAWS + 1)
    out[0] = central
    if math.isnan(central) or high <= low:
        out[1:] = central
        return out
    u = uniforms(key)
    mode = (central - low) / (high - low)
    left = low + np.sqrt(u * (high - low) * (central - low))
    right = high - np.sqrt((1.0 - u) * (high - low) * (high - central))
    out[1:] = np.where(u < mode, left, right)
    return out


def interval(values: np.ndarray) -> np.ndarray:
    """``(low, central, high)`` of an evaluated chain ``[central, draw_1 … draw_N]``.

    low/high are the 5th/95th percentiles of the draws, never on the wrong side of the
    central evaluation. NaN where any draw is unknown.
    """
    draws = values[1:]
    if np.isnan(draws).any():
        return np.array([np.nan, values[0], np.nan])
    low, high = np.quantile(draws, [LOW_QUANTILE, HIGH_QUANTILE])
    return np.array([min(low, values[0]), values[0], max(high, values[0])])
