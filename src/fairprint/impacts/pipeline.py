"""``estimate_table``: the batch path every door uses (CLI, ledger, trackers, web, Spark).

Rows are grouped by (model, provider, region, hardware); the kernel chain runs once per
group (``coefficients.group_coefficients``) and each row's impacts are its tokens weighted
by the group's coefficients, for the low, central and high scenarios. The factored form
(per-row accelerator-seconds, per-group factors) comes from ``factors.estimate_factors``,
which the ledger stores as is.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from fairprint.impacts.coefficients import FACTOR_NAMES, GroupCoefficients
from fairprint.impacts.columns import METHODOLOGY_VERSION, RANGED_STEMS
from fairprint.impacts.factors import (
    USAGE_NAMES,
    OnUnknown,
    RowFactors,
    datawork_per_group,
    estimate_factors,
    stack,
)
from fairprint.impacts.uncertainty import SCENARIOS, suffix
from fairprint.impacts.validate import to_arrow
from fairprint.registry.registry import Registry

__all__ = ["OnUnknown", "estimate_table"]


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
    factors = estimate_factors(table, registry, on_unknown)
    columns = _impact_columns(factors)
    hours = datawork_per_group(factors.groups, registry, lifetime_requests)[factors.group]
    hours = hours * factors.requests[:, None]
    columns.update(
        {
            f"datawork_h{suffix(s)}": pa.array(hours[:, i], from_pandas=True)
            for i, s in enumerate(SCENARIOS)
        }
    )
    labels_out = _label_columns(factors.groups, factors.group, registry)
    for name, values in {**columns, **labels_out}.items():
        if name in table.column_names:
            table = table.drop_columns([name])
        table = table.append_column(name, values)
    return table


def _impact_columns(factors: RowFactors) -> dict[str, pa.Array]:
    groups, inverse, seconds = factors.groups, factors.group, factors.accelerator_s
    measured = factors.measured_kwh
    values = {
        name: seconds * stack(groups, lambda g, n=name: g.per_second[n])[inverse]
        for name in FACTOR_NAMES
    }
    is_metered = None if measured is None else ~np.isnan(measured)
    if is_metered is not None and is_metered.any():
        for name in USAGE_NAMES:
            factor = stack(groups, lambda g, n=name: g.per_it_kwh[n])[inverse]
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
