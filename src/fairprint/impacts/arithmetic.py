"""The one definition of how a row's impacts follow from its tokens and its group's factors.

Why one module: ``estimate()`` (one row), ``estimate_table`` (a batch), the ledger's SQL
views and Spark all turn per-group factors into per-row impacts. The names of the
indicators, the token terms of accelerator time, the metered-row rule and the totals are
declared here once, as data; the NumPy functions and the SQL generator both read these
declarations, so a change of formula is made in one place
(``tests/ledger/test_ledger_factored.py`` holds the SQL to the NumPy result column by
column).

Equations, scenario by scenario (low, central, high), for a row of group ``g``:

* ``t = Σ_term s_term(g) · Σ tokens(term)`` accelerator-seconds (``TOKEN_TERMS``), or the
  metered duration for a metered row;
* ``I_usage = t · f_usage(g)`` per accelerator-second, or, for a metered row,
  ``E_IT,measured · f_usage,IT(g)`` per kWh of IT energy (``USAGE_NAMES``);
* ``I_embodied = t · f_embodied(g)`` (``EMBODIED_NAMES``), metered or not;
* ``I_total = I_first + I_second`` (``TOTALS``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

JOULES_PER_KWH = 3.6e6
"""Joules in one kilowatt-hour: the only definition in the package."""

USAGE_NAMES: tuple[str, ...] = (
    "energy_kwh",
    "gwp_usage_kgco2e",
    "water_onsite_l",
    "water_offsite_l",
    "adpe_usage_kgsbeq",
    "pe_usage_mj",
)
"""Indicators that scale with IT energy: metered rows take them from the meter."""

EMBODIED_NAMES: tuple[str, ...] = ("gwp_embodied_kgco2e", "adpe_embodied_kgsbeq", "pe_embodied_mj")
"""Indicators that scale with accelerator time, metered or not."""

FACTOR_NAMES: tuple[str, ...] = ("it_kwh", *USAGE_NAMES, *EMBODIED_NAMES)
"""Per-accelerator-second factors of a group (``it_kwh`` is kept for metered rows only)."""

TOTALS: tuple[tuple[str, str, str], ...] = (
    ("gwp_kgco2e", "gwp_usage_kgco2e", "gwp_embodied_kgco2e"),
    ("water_l", "water_onsite_l", "water_offsite_l"),
    ("adpe_kgsbeq", "adpe_usage_kgsbeq", "adpe_embodied_kgsbeq"),
    ("pe_mj", "pe_usage_mj", "pe_embodied_mj"),
)
"""``(total, first part, second part)``: each total is the sum of its two parts."""

MARKET_NAMES: tuple[str, str] = ("gwp_usage_market_kgco2e", "gwp_market_kgco2e")
"""Market-based carbon (GHG Protocol Scope 2 dual reporting): ``E · f_market`` for use and
use plus embodied for the total. Not stored by the ledger (its factors are location-based)."""

TOKEN_TERMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("seconds_per_input", ("input_tokens", "cache_write_tokens")),
    ("seconds_per_cached", ("cached_input_tokens",)),
    ("seconds_per_output", ("output_tokens", "reasoning_tokens")),
)
"""``(seconds-per-token coefficient, token columns it multiplies)``: cache writes are
processed like fresh input, reasoning tokens are generated like output."""


def token_seconds(per_token: Mapping[str, Any], tokens: Mapping[str, Any]) -> Any:
    """Accelerator-seconds: ``Σ per_token[coefficient] · Σ tokens[column]`` over ``TOKEN_TERMS``.

    Works on scalars and on broadcastable arrays (a (rows, 1) token column times a
    (rows, scenarios) coefficient gives (rows, scenarios)).
    """
    seconds: Any = 0.0
    for coefficient, columns in TOKEN_TERMS:
        count: Any = 0
        for column in columns:
            count = count + tokens[column]
        seconds = seconds + per_token[coefficient] * count
    return seconds


def row_impacts(
    seconds: np.ndarray,
    per_second: Callable[[str], np.ndarray],
    measured_it_kwh: np.ndarray | None = None,
    per_it_kwh: Callable[[str], np.ndarray] | None = None,
    market_gco2e_per_kwh: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Every ranged impact (without data work) from accelerator-seconds and group factors.

    ``seconds`` has a trailing scenario axis; ``per_second(name)`` gives the factor of an
    indicator broadcastable to it. Where ``measured_it_kwh`` (rows,) is not NaN, the usage
    indicators come from the metered IT energy times ``per_it_kwh(name)`` instead. With
    ``market_gco2e_per_kwh`` (NaN where undisclosed) the ``MARKET_NAMES`` are added.
    """
    values = {name: seconds * per_second(name) for name in (*USAGE_NAMES, *EMBODIED_NAMES)}
    if measured_it_kwh is not None and per_it_kwh is not None:
        metered = ~np.isnan(measured_it_kwh)
        if metered.any():
            for name in USAGE_NAMES:
                values[name][metered] = measured_it_kwh[metered, None] * per_it_kwh(name)[metered]
    values["accelerator_s"] = seconds
    for total, first, second in TOTALS:
        values[total] = values[first] + values[second]
    if market_gco2e_per_kwh is not None:
        usage, total = MARKET_NAMES
        values[usage] = values["energy_kwh"] * market_gco2e_per_kwh / 1000.0
        values[total] = values[usage] + values["gwp_embodied_kgco2e"]
    return values


def token_seconds_sql(coefficient: Callable[[str], str], token: Callable[[str], str]) -> str:
    """SQL for ``token_seconds``: ``coefficient(name)``/``token(column)`` give the operands."""
    terms = []
    for name, columns in TOKEN_TERMS:
        count = " + ".join(token(column) for column in columns)
        terms.append(f"{coefficient(name)} * CAST({count} AS DOUBLE)")
    return " + ".join(terms)


def row_impacts_sql(
    seconds: str,
    measured_it_kwh: str,
    per_second: Callable[[str], str],
    per_it_kwh: Callable[[str], str],
) -> dict[str, str]:
    """SQL for ``row_impacts`` (one scenario): ``measured_it_kwh`` is NULL for unmetered rows."""
    parts: dict[str, str] = {}
    for name in USAGE_NAMES:
        parts[name] = (
            f"CASE WHEN {measured_it_kwh} IS NULL THEN {seconds} * {per_second(name)} "
            f"ELSE {measured_it_kwh} * {per_it_kwh(name)} END"
        )
    for name in EMBODIED_NAMES:
        parts[name] = f"{seconds} * {per_second(name)}"
    parts["accelerator_s"] = seconds
    for total, first, second in TOTALS:
        parts[total] = f"({parts[first]}) + ({parts[second]})"
    return parts
