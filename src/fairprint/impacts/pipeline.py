"""``estimate_table``: the batch path every door uses (CLI, ledger, trackers, web, Spark).

Rows are grouped by (model, provider, region, hardware); the kernel chain runs once per
group (``coefficients.group_coefficients``) and each row's impacts are its tokens weighted
by the group's coefficients, for the low, central and high scenarios. The factored form
(per-row accelerator-seconds, per-group factors) comes from ``factors.estimate_factors``,
which the ledger stores as is.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pyarrow as pa

from fairprint.impacts.arithmetic import MARKET_NAMES, TRAINING_NAMES, add_training, row_impacts
from fairprint.impacts.boundary import DEFAULT_BOUNDARY, at_boundary, check_boundary
from fairprint.impacts.coefficients import GroupCoefficients
from fairprint.impacts.columns import METHODOLOGY_VERSION, RANGED_STEMS
from fairprint.impacts.factors import (
    OnUnknown,
    RowFactors,
    datawork_per_group,
    estimate_factors,
    stack,
)
from fairprint.impacts.training import training_per_request
from fairprint.impacts.uncertainty import SCENARIOS, suffix
from fairprint.impacts.validate import to_arrow
from fairprint.registry import Registry

__all__ = ["OnUnknown", "estimate_table"]


def estimate_table(
    data: Any,
    registry: Registry | None = None,
    on_unknown: OnUnknown = "raise",
    lifetime_requests: tuple[float, float, float] | None = None,
    boundary: str = DEFAULT_BOUNDARY,
) -> pa.Table:
    """Append low/central/high impact columns to a table of requests.

    ``data`` needs ``model`` and any of the token columns of the canonical activity table
    (missing ones count as 0); ``provider``, ``region``, ``hardware``,
    ``measured_energy_kwh`` and ``duration_s`` are used when present. With
    ``on_unknown="null"`` rows whose model, region or parameters are unknown keep null
    impacts and say why in ``impact_note`` instead of failing the whole table.
    ``datawork_h`` (embedded human data work, hours) stays NaN — undisclosed — unless the
    model's data work is published and a ``lifetime_requests`` assumption is given.
    ``boundary`` (``accelerator``, ``it``, ``facility``, ``lifecycle``; see
    ``impacts.boundary``) is stamped in a ``boundary`` column; market-based carbon comes
    in ``gwp_market_kgco2e`` and ``gwp_usage_market_kgco2e`` (null where undisclosed).
    Without a ``reasoning_tokens`` column, rows of reasoning models are charged hidden
    reasoning from published ratios, shown in ``reasoning_tokens_estimated`` (``_low``,
    ``_high``; null where counted or not a reasoning model) — never silently zero.
    At ``lifecycle`` the amortised training parts come as ``training_*`` columns (null
    where undisclosed) and the known ones are added to their totals, as in ``estimate()``.
    """
    where = check_boundary(boundary)
    registry = registry or Registry.default()
    table = to_arrow(data)
    factors = estimate_factors(table, registry, on_unknown)
    groups = [g if isinstance(g, str) else at_boundary(g, where) for g in factors.groups]
    factors = replace(factors, groups=groups)
    training = _training_parts(factors, registry) if where == "lifecycle" else None
    columns = _impact_columns(factors, training)
    hours = datawork_per_group(factors.groups, registry, lifetime_requests)[factors.group]
    hours = hours * factors.requests[:, None]
    columns.update(
        {
            f"datawork_h{suffix(s)}": pa.array(hours[:, i], from_pandas=True)
            for i, s in enumerate(SCENARIOS)
        }
    )
    labels_out = _label_columns(factors.groups, factors.group, registry)
    labels_out["boundary"] = pa.repeat(pa.scalar(where, pa.string()), table.num_rows)
    hidden = factors.reasoning_estimated
    for i, s in enumerate(SCENARIOS):
        values = np.full(table.num_rows, np.nan) if hidden is None else hidden[:, i]
        labels_out[f"reasoning_tokens_estimated{suffix(s)}"] = pa.array(values, from_pandas=True)
    for name, values in {**columns, **labels_out}.items():
        if name in table.column_names:
            table = table.drop_columns([name])
        table = table.append_column(name, values)
    return table


def _training_parts(factors: RowFactors, registry: Registry) -> dict[str, np.ndarray]:
    """Amortised training of each row (``lifecycle``): its group's per-request parts times
    the row's requests; NaN (unknown) where the model discloses none."""
    per_group = np.stack(
        [
            training_per_request(registry, None if isinstance(g, str) else g.model_id).per_request
            for g in factors.groups
        ]
    )[factors.group]
    requests = np.asarray(factors.requests, dtype=float)[:, None]
    return {name: per_group[:, i, :] * requests for i, name in enumerate(TRAINING_NAMES)}


def _impact_columns(
    factors: RowFactors, training: dict[str, np.ndarray] | None = None
) -> dict[str, pa.Array]:
    groups, inverse = factors.groups, factors.group
    values = row_impacts(
        factors.accelerator_s,
        lambda name: stack(groups, lambda g: g.per_second[name])[inverse],
        factors.measured_kwh,
        lambda name: stack(groups, lambda g: g.per_it_kwh[name])[inverse],
        stack(groups, lambda g: g.market_gco2e_per_kwh)[inverse],
    )
    if training is not None:
        add_training(values, training)
    columns: dict[str, pa.Array] = {}
    stems = (*RANGED_STEMS, *MARKET_NAMES, *TRAINING_NAMES)
    for stem in (stem for stem in stems if stem in values):
        for i, scenario in enumerate(SCENARIOS):
            columns[f"{stem}{suffix(scenario)}"] = pa.array(values[stem][:, i], from_pandas=True)
    return columns


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
