"""The one definition of how a row's impacts follow from its tokens and its group's factors.

Why one module: ``estimate()`` (one row), ``estimate_table`` (a batch), the ledger's SQL
views and Spark all turn per-group factors into per-row impacts. The names of the
indicators, the token terms of accelerator time, the metered-row rule and the totals are
declared here once, as data; the NumPy functions and the SQL generator both read these
declarations, so a change of formula is made in one place
(``tests/ledger/test_ledger_factored.py`` holds the SQL to the NumPy result column by
column).

Equations, scenario by scenario (low, central, high), for a row of group ``g``:

* ``t = seconds_formula(g, row)`` accelerator-seconds (prefill, cached prompt and decode
  with their context-dependent terms), or the metered duration for a metered row;
* ``I_usage = t · f_usage(g)`` per accelerator-second, or, for a metered row,
  ``E_IT,measured · f_usage,IT(g)`` per kWh of IT energy (``USAGE_NAMES``);
* ``I_embodied = t · f_embodied(g)`` (``EMBODIED_NAMES``), metered or not;
* ``I_total = I_first + I_second`` (``TOTALS``);
* at the ``lifecycle`` boundary, ``I_training = n · T / L`` (``TRAINING_NAMES``): a model's
  disclosed whole-run training footprint ``T`` over the lifetime requests ``L`` of its
  family, ranged by ``L`` (low = ``T / L_high``), added to its total (``TRAINING_TOTALS``)
  where known and left unknown, never zero, where not.
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

TRAINING_NAMES: tuple[str, ...] = (
    "training_energy_kwh",
    "training_gwp_kgco2e",
    "training_water_l",
    "training_adpe_kgsbeq",
)
"""Amortised training per request (``lifecycle`` only); NaN where undisclosed."""

TRAINING_TOTALS: tuple[tuple[str, str], ...] = (
    ("gwp_kgco2e", "training_gwp_kgco2e"),
    ("water_l", "training_water_l"),
    ("adpe_kgsbeq", "training_adpe_kgsbeq"),
)
"""``(total, training part)``: at ``lifecycle`` a known training part adds to the total.
Market-based carbon gets no training part (no market-based training figure is stored).
Training energy stays a part of its own: it is accelerator electricity of another phase,
not the serving energy ``energy_kwh`` measures."""

SECONDS_FACTORS: tuple[str, ...] = (
    "seconds_per_input",
    "seconds_per_input_per_1k_context",
    "seconds_per_cached",
    "seconds_per_output",
    "seconds_per_output_single",
    "seconds_per_output_batch_per_1k_context",
    "seconds_per_output_kv_per_1k_context",
    "seconds_per_output_compute",
    "seconds_per_output_compute_per_1k_context",
)
"""Per-group accelerator-second coefficients of ``seconds_formula`` (see ``energy.py``).

``seconds_per_output`` is the weight-read time per generated token at the configured
batch; ledgers written before methodology 2026.12 stored the whole decode time there and
have no other decode column, which ``seconds_formula`` reads back unchanged."""

ADDED_SECONDS_FACTORS: tuple[str, ...] = tuple(
    name
    for name in SECONDS_FACTORS
    if name not in ("seconds_per_input", "seconds_per_cached", "seconds_per_output")
)
"""Coefficients added with context-dependent kernels; NULL in older ledger factor rows."""

TOKEN_INPUTS: tuple[str, ...] = (
    "input_tokens",
    "cache_write_tokens",
    "cached_input_tokens",
    "output_tokens",
    "reasoning_tokens",
    "requests",
)
"""Per-row quantities ``seconds_formula`` reads (token totals of the row and its requests)."""


def seconds_formula(
    coefficient: Callable[[str], Any],
    row: Callable[[str], Any],
    maximum: Callable[[Any, Any], Any],
    minimum: Callable[[Any, Any], Any],
) -> Any:
    """Accelerator-seconds of a row: the single definition, for NumPy and for SQL.

    Written with ``+ - * /`` and the given ``maximum``/``minimum`` only, so the same
    function evaluates NumPy arrays (``np.maximum``) and builds SQL (``greatest``). With
    ``r`` requests, ``F`` fresh (input + cache-write), ``C`` cached and ``G`` generated
    (output + reasoning) tokens, the average context per request, in thousands, is
    ``x_p = (C + F/2) / r / 1000`` for a fresh prompt token (causal attention: the cached
    prefix plus half the fresh prompt) and ``x_d = (C + F + G/2) / r / 1000`` for a
    generated token (the whole prompt plus half the answer). Then

        t = F · (s_in + a_in · x_p) + C · s_cached
          + G · max(c_0 + c_1 · x_d, min(max(w_0, w_1 · x_d), w_single) + k · x_d)

    where decode is the slower of compute (``c``: weights and attention FLOPs) and memory
    traffic: the weights shared by the batch (``w_0`` at the configured batch, ``w_1 · x_d``
    when the KV cache left room for fewer sequences, never more than ``w_single``, a batch
    of one) plus the sequence's own KV-cache reads (``k · x_d``).
    """
    requests = maximum(row("requests"), 1.0)
    fresh = row("input_tokens") + row("cache_write_tokens")
    cached = row("cached_input_tokens")
    generated = row("output_tokens") + row("reasoning_tokens")
    prefill_context = (cached + fresh / 2.0) / requests / 1000.0
    decode_context = (cached + fresh + generated / 2.0) / requests / 1000.0
    prefill = fresh * (
        coefficient("seconds_per_input")
        + coefficient("seconds_per_input_per_1k_context") * prefill_context
    )
    compute = (
        coefficient("seconds_per_output_compute")
        + coefficient("seconds_per_output_compute_per_1k_context") * decode_context
    )
    weights = minimum(
        maximum(
            coefficient("seconds_per_output"),
            coefficient("seconds_per_output_batch_per_1k_context") * decode_context,
        ),
        coefficient("seconds_per_output_single"),
    )
    memory = weights + coefficient("seconds_per_output_kv_per_1k_context") * decode_context
    return (
        prefill + cached * coefficient("seconds_per_cached") + generated * maximum(compute, memory)
    )


def token_seconds(per_token: Mapping[str, Any], tokens: Mapping[str, Any]) -> Any:
    """``seconds_formula`` on NumPy values (scalars or broadcastable arrays).

    A (rows, 1) token column times a (rows, scenarios) coefficient gives (rows, scenarios);
    ``tokens`` may omit ``requests`` (one request).
    """
    row = {"requests": 1.0, **tokens}
    return seconds_formula(per_token.__getitem__, row.__getitem__, np.maximum, np.minimum)


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


def amortised_training(
    whole_run: np.ndarray, lifetime_requests: np.ndarray, requests: Any = 1.0
) -> np.ndarray:
    """Per-request share of a whole-run training footprint, by scenario.

    ``whole_run`` (one value per indicator, NaN where undisclosed) over
    ``lifetime_requests`` (low, central, high): the low scenario divides by the most
    requests, the high by the fewest, so the range is ordered.
    """
    share = np.asarray(whole_run, dtype=float)[..., None] / lifetime_requests[::-1]
    return np.asarray(requests * share, dtype=float)


def add_training(values: dict[str, np.ndarray], training: Mapping[str, np.ndarray]) -> None:
    """Put the training parts in ``values`` and add the known ones to their totals."""
    values.update(training)
    for total, part in TRAINING_TOTALS:
        if total in values and part in training:
            values[total] = values[total] + np.nan_to_num(training[part])


class Sql(str):
    """A SQL expression that composes with ``+ - * /`` so ``seconds_formula`` can build it."""

    def _op(self, other: object, op: str, flipped: bool = False) -> Sql:
        a, b = (str(other), str(self)) if flipped else (str(self), str(other))
        return Sql(f"({a} {op} {b})")

    def __add__(self, other: object) -> Sql:
        return self._op(other, "+")

    def __radd__(self, other: object) -> Sql:
        return self._op(other, "+", flipped=True)

    def __sub__(self, other: object) -> Sql:
        return self._op(other, "-")

    def __mul__(self, other: object) -> Sql:
        return self._op(other, "*")

    def __rmul__(self, other: object) -> Sql:
        return self._op(other, "*", flipped=True)

    def __truediv__(self, other: object) -> Sql:
        return self._op(other, "/")


def token_seconds_sql(coefficient: Callable[[str], str], row: Callable[[str], str]) -> str:
    """SQL for ``seconds_formula``: ``coefficient(name)``/``row(column)`` give the operands.

    Coefficients added after a ledger's factors were written are NULL there; they read as
    0 (and ``seconds_per_output_single`` as +infinity), which gives back the old formula.
    """

    def factor(name: str) -> Sql:
        sql = coefficient(name)
        if name == "seconds_per_output_single":
            return Sql(f"coalesce({sql}, 'Infinity'::DOUBLE)")
        if name in ADDED_SECONDS_FACTORS:
            return Sql(f"coalesce({sql}, 0.0)")
        return Sql(sql)

    def quantity(column: str) -> Sql:
        return Sql(f"CAST({row(column)} AS DOUBLE)")

    return str(
        seconds_formula(
            factor,
            quantity,
            lambda a, b: Sql(f"greatest({a}, {b})"),
            lambda a, b: Sql(f"least({a}, {b})"),
        )
    )


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
