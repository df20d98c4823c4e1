"""``estimate_factors``: an estimate kept in factored form (per-row seconds × per-group factors).

Why: within one group (model, provider, region, hardware) every impact is linear, so a
row's impacts are its accelerator-seconds (or its metered IT energy) times the group's
per-second (per-kWh) factors. ``estimate_table`` multiplies them out into columns; the
ledger stores them factored (a few numbers per row, one factor row per group) and
multiplies them out when read. Both use this module, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import ArrayLike

from fairprint.errors import FairprintError
from fairprint.impacts.arithmetic import (
    EMBODIED_NAMES,
    SECONDS_FACTORS,
    USAGE_NAMES,
    token_seconds,
)
from fairprint.impacts.coefficients import GroupCoefficients, group_coefficients
from fairprint.impacts.datawork import datawork_per_request
from fairprint.impacts.uncertainty import SCENARIOS, suffix
from fairprint.impacts.validate import (
    checked_inputs,
    duration_seconds,
    measured_energy,
    to_arrow,
)
from fairprint.registry import Registry

OnUnknown = Literal["raise", "null"]

GroupKey = tuple[str | None, str | None, str | None, str | None]
"""(model, provider, region, hardware) as given in the rows."""


@dataclass(frozen=True)
class RowFactors:
    """An estimate in factored form.

    ``group[i]`` indexes ``keys``/``groups`` for row ``i``; ``groups`` holds the resolved
    coefficients or, for a group that could not be estimated, the reason (a string).
    ``accelerator_s`` is (rows, scenarios), NaN where unknown; ``measured_kwh`` the metered
    IT energy per row (NaN where not metered), or None when no row is metered;
    ``requests`` how many requests each row stands for.
    """

    group: np.ndarray
    keys: list[GroupKey]
    groups: list[GroupCoefficients | str]
    accelerator_s: np.ndarray
    measured_kwh: np.ndarray | None
    requests: np.ndarray
    reasoning_estimated: np.ndarray | None = None


def estimate_factors(
    data: Any,
    registry: Registry | None = None,
    on_unknown: OnUnknown = "raise",
    resolved: dict[GroupKey, GroupCoefficients | str] | None = None,
) -> RowFactors:
    """Group the rows, resolve each group's coefficients and each row's accelerator-seconds.

    Same inputs, checks and errors as ``estimate_table``. ``resolved`` is an optional cache
    of groups already resolved with this registry (filled in place), so a caller that
    streams batches resolves each group once.
    """
    registry = registry or Registry.default()
    table = to_arrow(data)
    tokens, labels = checked_inputs(table)
    inverse, keys = _group_codes(labels)
    first_rows = np.full(len(keys), -1, dtype=np.int64)
    first_rows[inverse[::-1]] = np.arange(len(inverse))[::-1]
    groups = _resolve(registry, keys, on_unknown, first_rows, resolved)
    measured = measured_energy(table)
    requests = _requests(table)
    hidden = None
    if "reasoning_tokens" not in table.column_names:
        hidden = _hidden_reasoning(registry, groups, inverse, tokens["output_tokens"])
    seconds = _accelerator_seconds(
        groups, inverse, tokens, requests, measured, duration_seconds(table), hidden
    )
    return RowFactors(inverse, keys, groups, seconds, measured, requests, hidden)


def _hidden_reasoning(
    registry: Registry,
    groups: list[GroupCoefficients | str],
    inverse: np.ndarray,
    output_tokens: np.ndarray,
) -> np.ndarray | None:
    """(rows, scenarios) hidden reasoning tokens of reasoning models whose rows carry no
    count (``registry/data/reasoning_tokens.csv`` ratios × output tokens); NaN elsewhere.
    None when no row is of a reasoning model."""
    ratios = np.full((len(groups), len(SCENARIOS)), np.nan)
    for i, group in enumerate(groups):
        row = None
        if not isinstance(group, str) and group.model_id:
            row = registry.reasoning_ratio(group.model_id)
        if row is not None:
            stem = "reasoning_per_output_token"
            ratios[i] = [float(row[f"{stem}_low"]), float(row[stem]), float(row[f"{stem}_high"])]
    if np.isnan(ratios).all():
        return None
    hidden: np.ndarray = ratios[inverse] * output_tokens.astype(float)[:, None]
    return hidden


def _group_codes(labels: dict[str, pa.ChunkedArray]) -> tuple[np.ndarray, list[GroupKey]]:
    """Integer group code per row and the distinct (model, provider, region, hardware) keys."""
    codes = np.zeros(len(labels["model"]), dtype=np.int64)
    dictionaries = []
    for name in ("model", "provider", "region", "hardware"):
        encoded = pc.dictionary_encode(labels[name].combine_chunks(), null_encoding="encode")
        dictionaries.append(encoded.dictionary.to_pylist())
        indices = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        codes = codes * (len(dictionaries[-1]) + 1) + indices
    unique, inverse = np.unique(codes, return_inverse=True)
    keys = []
    for code in unique.tolist():
        parts = []
        for dictionary in reversed(dictionaries):
            code, index = divmod(code, len(dictionary) + 1)
            parts.append(dictionary[index])
        keys.append(tuple(reversed(parts)))
    return inverse, keys


def _resolve(
    registry: Registry,
    keys: list[GroupKey],
    on_unknown: OnUnknown,
    first_rows: np.ndarray,
    cache: dict[GroupKey, GroupCoefficients | str] | None,
) -> list[GroupCoefficients | str]:
    resolved: list[GroupCoefficients | str] = []
    for i, key in enumerate(keys):
        if cache is not None and key in cache:
            resolved.append(cache[key])
            continue
        try:
            group: GroupCoefficients | str = group_coefficients(registry, *key)
        except FairprintError as exc:
            if on_unknown == "raise":
                raise _at_row(exc, int(first_rows[i])) from None
            group = str(exc)
        if cache is not None:
            cache[key] = group
        resolved.append(group)
    return resolved


def _at_row(exc: FairprintError, row: int) -> FairprintError:
    """The same error, its message prefixed with the first table row it concerns."""
    message = f"row {row}: {exc}"
    exc.args = (message,)
    return exc


def stack(
    groups: list[GroupCoefficients | str], pick_values: Callable[..., ArrayLike]
) -> np.ndarray:
    """A (groups, scenarios) array of one coefficient; NaN for unresolved groups."""
    out = np.full((len(groups), len(SCENARIOS)), np.nan)
    for i, group in enumerate(groups):
        if not isinstance(group, str):
            out[i] = pick_values(group)
    return out


def _accelerator_seconds(
    groups: list[GroupCoefficients | str],
    inverse: np.ndarray,
    tokens: dict[str, np.ndarray],
    requests: np.ndarray,
    measured: np.ndarray | None,
    duration: np.ndarray,
    hidden_reasoning: np.ndarray | None = None,
) -> np.ndarray:
    """Accelerator-seconds per row and scenario: tokens × seconds per token, or the
    measured duration for metered rows (NaN when a metered row has none)."""
    per_token = {
        name: stack(groups, lambda g, n=name: g.seconds[n])[inverse] for name in SECONDS_FACTORS
    }
    rows = {k: v.astype(float)[:, None] for k, v in tokens.items()}
    rows["requests"] = requests[:, None]
    if hidden_reasoning is not None:
        rows["reasoning_tokens"] = np.nan_to_num(hidden_reasoning, nan=0.0)
    seconds: np.ndarray = token_seconds(per_token, rows)
    if measured is not None:
        is_metered = ~np.isnan(measured)
        seconds[is_metered] = np.where(
            np.isnan(duration[is_metered]), np.nan, duration[is_metered]
        )[:, None]
    return seconds


def _requests(table: pa.Table) -> np.ndarray:
    if "requests" not in table.column_names:
        return np.ones(table.num_rows)
    column = table.column("requests").cast(pa.float64()).fill_null(1.0)
    requests: np.ndarray = column.to_numpy().astype(float)
    return requests


def datawork_per_group(
    groups: list[GroupCoefficients | str],
    registry: Registry,
    lifetime_requests: tuple[float, float, float] | None,
) -> np.ndarray:
    """(groups, scenarios) embedded data-work hours per request; NaN where undisclosed."""
    per_group = np.full((len(groups), len(SCENARIOS)), np.nan)
    for i, group in enumerate(groups):
        if isinstance(group, str) or group.model_id is None:
            continue
        sheet = datawork_per_request(group.model_id, registry, lifetime_requests)
        values = (
            sheet.hours_per_request_low,
            sheet.hours_per_request,
            sheet.hours_per_request_high,
        )
        per_group[i] = [np.nan if v is None else v for v in values]
    return per_group


def factor_columns() -> tuple[str, ...]:
    """Names of the numeric columns of ``factor_table``, in order."""
    names = [f"{column}{suffix(s)}" for column in SECONDS_FACTORS for s in SCENARIOS]
    names += [f"{n}_per_s{suffix(s)}" for n in (*USAGE_NAMES, *EMBODIED_NAMES) for s in SCENARIOS]
    names += [f"{n}_per_it_kwh{suffix(s)}" for n in USAGE_NAMES for s in SCENARIOS]
    names += [f"datawork_h_per_request{suffix(s)}" for s in SCENARIOS]
    return tuple(names)


def factor_table(
    groups: list[GroupCoefficients | str],
    registry: Registry,
    lifetime_requests: tuple[float, float, float] | None = None,
) -> pa.Table:
    """One row per group: its labels and its factors (``factor_columns``), NaN as null.

    A row's accelerator-seconds are its tokens times ``seconds_per_*`` (as in
    ``arithmetic.seconds_formula``),
    or its measured duration when metered. Its impacts are ``accelerator_s × <name>_per_s``
    (usage indicators of metered rows: ``measured IT kWh × <name>_per_it_kwh``), totals the
    sums in ``TOTALS`` and ``datawork_h = requests × datawork_h_per_request``, scenario by
    scenario.
    """
    columns: dict[str, pa.Array] = {
        "model_id": _labels(groups, lambda g: g.model_id),
        "datacenter": _labels(groups, lambda g: g.datacenter),
        "grid_zone": _labels(groups, lambda g: g.grid_zone),
        "impact_note": pa.array([g if isinstance(g, str) else None for g in groups], pa.string()),
    }
    for column in SECONDS_FACTORS:
        values = stack(groups, lambda g, a=column: g.seconds[a])
        for i, s in enumerate(SCENARIOS):
            columns[f"{column}{suffix(s)}"] = pa.array(values[:, i], from_pandas=True)
    for name in (*USAGE_NAMES, *EMBODIED_NAMES):
        values = stack(groups, lambda g, n=name: g.per_second[n])
        for i, s in enumerate(SCENARIOS):
            columns[f"{name}_per_s{suffix(s)}"] = pa.array(values[:, i], from_pandas=True)
    for name in USAGE_NAMES:
        values = stack(groups, lambda g, n=name: g.per_it_kwh[n])
        for i, s in enumerate(SCENARIOS):
            columns[f"{name}_per_it_kwh{suffix(s)}"] = pa.array(values[:, i], from_pandas=True)
    hours = datawork_per_group(groups, registry, lifetime_requests)
    for i, s in enumerate(SCENARIOS):
        columns[f"datawork_h_per_request{suffix(s)}"] = pa.array(hours[:, i], from_pandas=True)
    return pa.table(columns)


def _labels(
    groups: list[GroupCoefficients | str], pick_label: Callable[[GroupCoefficients], str | None]
) -> pa.Array:
    return pa.array([None if isinstance(g, str) else pick_label(g) for g in groups], pa.string())
