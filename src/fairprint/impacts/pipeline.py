"""``estimate_table``: the batch path every door uses (CLI, ledger, trackers, web, Spark).

Rows are grouped by (model, provider, region, hardware); the kernel chain runs once per
group (``coefficients.group_coefficients``) and each row's impacts are its tokens weighted
by the group's coefficients, for the low, central and high scenarios.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fairprint.errors import FairprintError
from fairprint.impacts.coefficients import FACTOR_NAMES, GroupCoefficients, group_coefficients
from fairprint.impacts.columns import METHODOLOGY_VERSION, RANGED_STEMS
from fairprint.impacts.datawork import datawork_per_request
from fairprint.impacts.uncertainty import SCENARIOS, suffix
from fairprint.impacts.validate import (
    checked_inputs,
    duration_seconds,
    measured_energy,
    to_arrow,
)
from fairprint.registry.registry import Registry

OnUnknown = Literal["raise", "null"]


def _group_codes(labels: dict[str, pa.ChunkedArray]) -> tuple[np.ndarray, list[tuple]]:
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
    registry: Registry, keys: list[tuple], on_unknown: OnUnknown, first_rows: np.ndarray
) -> list[GroupCoefficients | str]:
    resolved: list[GroupCoefficients | str] = []
    for i, (model, provider, region, hardware) in enumerate(keys):
        try:
            resolved.append(group_coefficients(registry, model, provider, region, hardware))
        except FairprintError as exc:
            if on_unknown == "raise":
                raise _at_row(exc, int(first_rows[i])) from None
            resolved.append(str(exc))
    return resolved


def _at_row(exc: FairprintError, row: int) -> FairprintError:
    """The same error, its message prefixed with the first table row it concerns."""
    message = f"row {row}: {exc}"
    exc.args = (message,)
    return exc


def estimate_table(
    data: Any,
    registry: Registry | None = None,
    on_unknown: OnUnknown = "raise",
    lifetime_requests: tuple[float, float, float] | None = None,
) -> pa.Table:
    """Append low/central/high impact columns to a table of requests.

    ``data`` needs ``model`` and any of the token columns of the canonical activity table
    (missing ones count as 0); ``provider``, ``region``, ``hardware``,
    ``measured_energy_kwh`` and ``duration_s`` are used when present. With
    ``on_unknown="null"`` rows whose model, region or parameters are unknown keep null
    impacts and say why in ``impact_note`` instead of failing the whole table.
    ``datawork_h`` (embedded human data work, hours) stays NaN — undisclosed — unless the
    model's data work is published and a ``lifetime_requests`` assumption is given.
    """
    registry = registry or Registry.default()
    table = to_arrow(data)
    tokens, labels = checked_inputs(table)
    inverse, keys = _group_codes(labels)
    first_rows = np.full(len(keys), -1, dtype=np.int64)
    first_rows[inverse[::-1]] = np.arange(len(inverse))[::-1]
    groups = _resolve(registry, keys, on_unknown, first_rows)
    columns = _impact_columns(
        groups, inverse, tokens, measured_energy(table), duration_seconds(table)
    )
    columns.update(
        _datawork_columns(groups, inverse, _requests(table), registry, lifetime_requests)
    )
    labels_out = _label_columns(groups, inverse, registry)
    for name, values in {**columns, **labels_out}.items():
        if name in table.column_names:
            table = table.drop_columns([name])
        table = table.append_column(name, values)
    return table


def _stack(groups: list[GroupCoefficients | str], pick_values) -> np.ndarray:
    """A (groups, scenarios) array of one coefficient; NaN for unresolved groups."""
    out = np.full((len(groups), len(SCENARIOS)), np.nan)
    for i, group in enumerate(groups):
        if not isinstance(group, str):
            out[i] = pick_values(group)
    return out


def _impact_columns(
    groups: list[GroupCoefficients | str],
    inverse: np.ndarray,
    tokens: dict[str, np.ndarray],
    measured: np.ndarray | None,
    duration: np.ndarray,
) -> dict[str, pa.Array]:
    fresh = (tokens["input_tokens"] + tokens["cache_write_tokens"]).astype(float)
    cached = tokens["cached_input_tokens"].astype(float)
    generated = (tokens["output_tokens"] + tokens["reasoning_tokens"]).astype(float)
    s_in = _stack(groups, lambda g: g.seconds_per_input)[inverse]
    s_cached = _stack(groups, lambda g: g.seconds_per_cached)[inverse]
    s_out = _stack(groups, lambda g: g.seconds_per_output)[inverse]
    seconds = s_in * fresh[:, None] + s_cached * cached[:, None] + s_out * generated[:, None]
    is_metered = None
    if measured is not None:
        is_metered = ~np.isnan(measured)
        seconds[is_metered] = np.where(
            np.isnan(duration[is_metered]), np.nan, duration[is_metered]
        )[:, None]
    factors = {
        name: _stack(groups, lambda g, n=name: g.per_second[n])[inverse] for name in FACTOR_NAMES
    }
    values = {name: seconds * factor for name, factor in factors.items()}
    if is_metered is not None and is_metered.any():
        per_it = {
            name: _stack(groups, lambda g, n=name: g.per_it_kwh[n])[inverse]
            for name in groups_usage_names()
        }
        for name, factor in per_it.items():
            values[name][is_metered] = measured[is_metered, None] * factor[is_metered]
    values["accelerator_s"] = seconds
    values["gwp_kgco2e"] = values["gwp_usage_kgco2e"] + values["gwp_embodied_kgco2e"]
    values["water_l"] = values["water_onsite_l"] + values["water_offsite_l"]
    values["adpe_kgsbeq"] = values["adpe_usage_kgsbeq"] + values["adpe_embodied_kgsbeq"]
    values["pe_mj"] = values["pe_usage_mj"] + values["pe_embodied_mj"]
    columns: dict[str, pa.Array] = {}
    for stem in (stem for stem in RANGED_STEMS if stem in values):
        for i, scenario in enumerate(SCENARIOS):
            columns[f"{stem}{suffix(scenario)}"] = pa.array(values[stem][:, i], from_pandas=True)
    return columns


def _requests(table: pa.Table) -> np.ndarray:
    if "requests" not in table.column_names:
        return np.ones(table.num_rows)
    return table.column("requests").cast(pa.float64()).fill_null(1.0).to_numpy().astype(float)


def _datawork_columns(
    groups: list[GroupCoefficients | str],
    inverse: np.ndarray,
    requests: np.ndarray,
    registry: Registry,
    lifetime_requests: tuple[float, float, float] | None,
) -> dict[str, pa.Array]:
    """Embedded data-work hours per row: per-request hours of the model times ``requests``."""
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
    hours = per_group[inverse] * requests[:, None]
    return {
        f"datawork_h{suffix(s)}": pa.array(hours[:, i], from_pandas=True)
        for i, s in enumerate(SCENARIOS)
    }


def groups_usage_names() -> tuple[str, ...]:
    return (
        "energy_kwh",
        "gwp_usage_kgco2e",
        "water_onsite_l",
        "water_offsite_l",
        "adpe_usage_kgsbeq",
        "pe_usage_mj",
    )


def _label_columns(
    groups: list[GroupCoefficients | str], inverse: np.ndarray, registry: Registry
) -> dict[str, pa.Array]:
    indices = pa.array(inverse, pa.int32())

    def take(values: list[str | None]) -> pa.Array:
        return pa.array(values, pa.string()).take(indices)

    n = len(inverse)
    return {
        "model_id": take([None if isinstance(g, str) else g.model_id for g in groups]),
        "datacenter": take([None if isinstance(g, str) else g.datacenter for g in groups]),
        "grid_zone": take([None if isinstance(g, str) else g.grid_zone for g in groups]),
        "impact_note": take([g if isinstance(g, str) else None for g in groups]),
        "registry_version": pa.repeat(pa.scalar(registry.version, pa.string()), n),
        "methodology_version": pa.repeat(pa.scalar(METHODOLOGY_VERSION, pa.string()), n),
    }
