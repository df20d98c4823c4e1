"""The biggest levers: what moving a slice of traffic to a smaller model or a cleaner region saves.

Why counterfactuals rather than rules of thumb: each lever re-runs the same kernels
(``fairprint.impacts.estimate_table``) on the same activities with one thing changed — the
model, or the serving region — so a lever's saving is exactly as well founded as the
footprint it is compared with, and carries its own low/high range.

Only purchased (modelled) traffic is moved: rows with a metered ``measured_energy_kwh``
describe hardware the organisation runs itself and keep their measured figure.
Candidates come from the registry: a smaller model is the smallest model (by active
parameters) of the same family, else the provider's newest model with fewer active
parameters; a cleaner region is the same provider's region whose grid has the lowest carbon
intensity. Unknown parameters or grid factors never qualify, and a lever whose
re-estimate leaves more requests unknown than before is dropped rather than shown with a
saving it cannot back.

The rows are first summed per model, provider, region and hardware (the keys the estimate's
coefficients depend on), so a lever costs a few small re-estimates whatever the ledger's size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from fairprint.activities import TOKEN_COLUMNS
from fairprint.registry import Registry
from fairprint.report.metrics import METRICS
from fairprint.report.summarise import Range

MODEL_LEVER = "smaller_model"
REGION_LEVER = "cleaner_region"

ESTIMATE_KEYS: tuple[str, ...] = ("model", "provider", "region", "hardware")
"""What the estimate's coefficients depend on; within one key, impacts are linear in tokens."""


@dataclass(frozen=True)
class Lever:
    """One counterfactual: ``requests`` moved from ``change_from`` to ``change_to``.

    ``before``/``after`` hold the moved rows' summed impacts (by metric column) now and
    re-estimated with the change.
    """

    kind: str
    change_from: str
    change_to: str
    requests: int
    tokens: int
    before: dict[str, Range]
    after: dict[str, Range]
    note: str

    def saving(self, column: str = "gwp_kgco2e") -> float:
        """Central saving (before − after); NaN where either side is unknown."""
        return self.before[column].central - self.after[column].central

    def saving_range(self, column: str = "gwp_kgco2e") -> tuple[float, float]:
        """The saving in the low and the high scenario, smallest first."""
        low = self.before[column].low - self.after[column].low
        high = self.before[column].high - self.after[column].high
        return (min(low, high), max(low, high))

    def saving_fraction(self, column: str = "gwp_kgco2e") -> float:
        """The saving as a fraction of the moved rows' own central footprint."""
        before = self.before[column].central
        return self.saving(column) / before if before and math.isfinite(before) else math.nan

    @property
    def title(self) -> str:
        if self.kind == MODEL_LEVER:
            return f"Move {self.change_from} traffic to {self.change_to}"
        return f"Serve {self.change_from} traffic from its {self.change_to} region"


LEVER_INPUTS: tuple[str, ...] = (
    *ESTIMATE_KEYS,
    "model_id",
    "datacenter",
    "grid_zone",
    "measured_energy_kwh",
    "requests",
    *TOKEN_COLUMNS,
    *(f"{m.column}{suffix}" for m in METRICS for suffix in ("_low", "", "_high")),
)


def _purchased(table: pa.Table) -> pa.Table:
    """The modelled rows, narrowed to the columns a lever reads (filtering fewer is faster)."""
    table = table.select([name for name in LEVER_INPUTS if name in table.column_names])
    if "measured_energy_kwh" not in table.column_names:
        return table
    return table.filter(pc.is_null(table["measured_energy_kwh"]))


def _model_key(table: pa.Table) -> pa.ChunkedArray:
    if "model_id" in table.column_names:
        return pc.coalesce(table["model_id"], table["model"])
    return table["model"]


def _column_or_null(table: pa.Table, name: str) -> pa.ChunkedArray:
    if name in table.column_names:
        return pc.cast(table[name], pa.string())
    return pa.chunked_array([pa.nulls(table.num_rows, pa.string())])


def _condense(table: pa.Table, registry: Registry) -> pa.Table:
    """Purchased rows summed per model, serving provider, zone and estimate key.

    Every lever is then computed on this small table: impacts are sums (unknown ones left
    out, their requests counted in ``<metric>_unknown_requests``) and, within one estimate
    key, re-estimating summed tokens gives the sum of the per-row estimates.
    """
    purchased = _purchased(table)
    requests = pc.cast(purchased["requests"], pa.int64())
    columns: dict[str, object] = {
        "model_key": _model_key(purchased),
        "serving_provider": _providers(purchased, registry),
        "grid_zone": _column_or_null(purchased, "grid_zone"),
        **{key: _column_or_null(purchased, key) for key in ESTIMATE_KEYS},
        "requests": requests,
        **{name: pc.cast(purchased[name], pa.int64()) for name in TOKEN_COLUMNS},
    }
    for metric in METRICS:
        central = pc.cast(purchased[metric.column], pa.float64())
        unknown = pc.fill_null(pc.is_nan(central), True)
        columns[f"{metric.column}_unknown_requests"] = pc.if_else(unknown, requests, 0)
        for suffix in ("_low", "", "_high"):
            values = pc.cast(purchased[f"{metric.column}{suffix}"], pa.float64())
            columns[f"{metric.column}{suffix}"] = pc.if_else(pc.is_nan(values), None, values)
    keys = ["model_key", "serving_provider", "grid_zone", *ESTIMATE_KEYS]
    summed = [name for name in columns if name not in keys]
    condensed = (
        pa.table(columns)
        .group_by(keys, use_threads=False)
        .aggregate([(name, "sum") for name in summed])
    )
    return condensed.rename_columns([name.removesuffix("_sum") for name in condensed.column_names])


def _sum(values: pa.ChunkedArray) -> float:
    """Sum of the known values; NaN when none is known."""
    total = pc.sum(values).as_py()
    return math.nan if total is None else float(total)


def _metric_totals(table: pa.Table) -> dict[str, Range]:
    """The four headline impacts of condensed or estimated rows (unknown left out)."""
    totals = {}
    for metric in METRICS:
        column = metric.column
        unknown_column = f"{column}_unknown_requests"
        if unknown_column in table.column_names:
            unknown = int(pc.sum(table[unknown_column]).as_py() or 0)
        else:
            missing = pc.fill_null(pc.is_nan(pc.cast(table[column], pa.float64())), True)
            unknown = int(pc.sum(pc.if_else(missing, table["requests"], 0)).as_py() or 0)
        totals[column] = Range(
            low=_sum(pc.if_else(pc.is_nan(table[f"{column}_low"]), None, table[f"{column}_low"])),
            central=_sum(pc.if_else(pc.is_nan(table[column]), None, table[column])),
            high=_sum(
                pc.if_else(pc.is_nan(table[f"{column}_high"]), None, table[f"{column}_high"])
            ),
            unknown_requests=unknown,
        )
    return totals


def _tokens(table: pa.Table) -> int:
    return sum(int(pc.sum(table[name]).as_py() or 0) for name in TOKEN_COLUMNS)


def _with_column(table: pa.Table, name: str, value: str) -> pa.Table:
    index = table.column_names.index(name)
    constant = pa.array([value] * table.num_rows, pa.string())
    return table.set_column(index, name, constant)


def _active_params(row: object) -> float:
    value = float(row["active_params_b"])  # type: ignore[index]
    return value if math.isfinite(value) and value > 0 else math.nan


def smaller_model(registry: Registry, model_id: str) -> str | None:
    """A smaller model of the same provider, or None.

    Prefers the smallest model of the same family (``gpt-4o`` → ``gpt-4o-mini``); when the
    model is already its family's smallest, the provider's most recently released model
    with fewer known active parameters (a current small offering, not a retired one).
    """
    current = registry.model(model_id)
    current_params = _active_params(current)
    if math.isnan(current_params):
        return None
    smaller = [
        row
        for row in registry.models
        if row["provider"] == current["provider"] and _active_params(row) < current_params
    ]
    family = [row for row in smaller if current["family"] and row["family"] == current["family"]]
    if family:
        return str(min(family, key=lambda row: (_active_params(row), row["model_id"]))["model_id"])
    if not smaller:
        return None
    newest = max(smaller, key=lambda row: (str(row["release_date"]), -_active_params(row)))
    return str(newest["model_id"])


def cleanest_region(registry: Registry, provider: str) -> tuple[str, str, float] | None:
    """``(region, grid zone, gCO2e/kWh)`` of the provider's lowest-carbon known region."""
    options = []
    for row in registry.datacenters:
        if str(row["provider"]).lower() != provider.lower():
            continue
        zone = str(row["grid_zone"])
        intensity = registry.grid_value(zone, "carbon_gco2e_per_kwh")
        if math.isfinite(intensity):
            options.append((intensity, str(row["region"]), zone))
    if not options:
        return None
    intensity, region, zone = min(options)
    return region, zone, intensity


def _estimate(activities: pa.Table, registry: Registry) -> pa.Table:
    """Re-estimate ``activities`` summed per :data:`ESTIMATE_KEYS` (same totals, far fewer rows).

    Exact for modelled (unmetered) rows: each impact is the row's tokens times its group's
    coefficients, so the estimate of summed tokens is the sum of the estimates.
    """
    from fairprint.impacts import estimate_table

    keys = [key for key in ESTIMATE_KEYS if key in activities.column_names]
    summed = ("requests", *TOKEN_COLUMNS)
    grouped = activities.group_by(keys, use_threads=False).aggregate(
        [(name, "sum") for name in summed]
    )
    grouped = grouped.rename_columns([name.removesuffix("_sum") for name in grouped.column_names])
    return estimate_table(grouped, registry, on_unknown="null")


def _model_note(registry: Registry, model_id: str, target: str) -> str:
    current, chosen = registry.model(model_id), registry.model(target)
    if current["family"] and chosen["family"] == current["family"]:
        why = f"the smallest {current['family']} model in the registry"
    else:
        why = f"{chosen['provider']}'s newest smaller model in the registry"
    return f"{target} is {why} (by active parameters); check it does the job before switching."


def model_levers(table: pa.Table, registry: Registry, top: int = 5) -> list[Lever]:
    """For each of the ``top`` models by carbon: move its purchased traffic to a smaller one."""
    return _model_levers(_condense(table, registry), registry, top)


def _model_levers(condensed: pa.Table, registry: Registry, top: int = 5) -> list[Lever]:
    if condensed.num_rows == 0:
        return []
    by_model = condensed.group_by("model_key").aggregate([("gwp_kgco2e", "sum")])
    ranked = by_model.sort_by([("gwp_kgco2e_sum", "descending"), ("model_key", "ascending")])
    levers = []
    for model_id in ranked["model_key"].to_pylist()[:top]:
        try:
            target = smaller_model(registry, model_id)
        except Exception:  # an unknown model has no lever; its rows are reported unknown
            target = None
        if target is None:
            continue
        moved = condensed.filter(pc.equal(condensed["model_key"], model_id))
        swapped = _estimate(_with_column(moved, "model", target), registry)
        levers.append(
            Lever(
                kind=MODEL_LEVER,
                change_from=model_id,
                change_to=target,
                requests=int(pc.sum(moved["requests"]).as_py() or 0),
                tokens=_tokens(moved),
                before=_metric_totals(moved),
                after=_metric_totals(swapped),
                note=_model_note(registry, model_id, target),
            )
        )
    return levers


def _providers(table: pa.Table, registry: Registry) -> pa.ChunkedArray:
    """Each row's serving provider, as the estimate resolved it.

    The ``datacenter`` label (``provider/region``) names the provider whose regions the
    registry lists (a LiteLLM ``gemini`` route is served by ``google``); without it, the
    row's own provider or else its model's registry provider.
    """
    if "datacenter" in table.column_names:
        parts = pc.split_pattern(table["datacenter"], pattern="/", max_splits=1)
        return pc.list_element(parts, 0)
    keys = _model_key(table)
    distinct = [k for k in pc.unique(keys).to_pylist() if k is not None]
    providers: list[str | None] = []
    for key in distinct:
        try:
            providers.append(str(registry.model(key)["provider"]))
        except Exception:
            providers.append(None)
    index = pc.index_in(keys, value_set=pa.array(distinct, pa.string()))
    from_model = pa.array(providers, pa.string()).take(index)
    if "provider" not in table.column_names:
        return from_model
    return pc.coalesce(table["provider"], from_model)


def region_levers(table: pa.Table, registry: Registry) -> list[Lever]:
    """For each provider: serve its purchased traffic from its lowest-carbon region."""
    return _region_levers(_condense(table, registry), registry)


def _region_levers(condensed: pa.Table, registry: Registry) -> list[Lever]:
    providers = condensed["serving_provider"]
    levers = []
    for provider in sorted(p for p in pc.unique(providers).to_pylist() if p):
        best = cleanest_region(registry, provider)
        if best is None:
            continue
        region, zone, intensity = best
        moved = condensed.filter(
            pc.and_(
                pc.fill_null(pc.equal(providers, provider), False),
                pc.fill_null(pc.not_equal(condensed["grid_zone"], zone), True),
            )
        )
        if moved.num_rows == 0:
            continue
        changed = _with_column(_with_column(moved, "provider", provider), "region", region)
        swapped = _estimate(changed, registry)
        levers.append(
            Lever(
                kind=REGION_LEVER,
                change_from=provider,
                change_to=region,
                requests=int(pc.sum(moved["requests"]).as_py() or 0),
                tokens=_tokens(moved),
                before=_metric_totals(moved),
                after=_metric_totals(swapped),
                note=(
                    f"{region} draws on grid {zone} at {intensity:.0f} gCO2e/kWh, the lowest "
                    f"of {provider}'s regions in the registry; only where the provider lets "
                    "you choose the region."
                ),
            )
        )
    return levers


def find_levers(table: pa.Table, registry: Registry, limit: int = 6) -> tuple[Lever, ...]:
    """The levers that save carbon, largest central saving first."""
    return find_levers_condensed(_condense(table, registry), registry, limit)


def find_levers_condensed(
    condensed: pa.Table, registry: Registry, limit: int = 6
) -> tuple[Lever, ...]:
    """:func:`find_levers` of rows already summed as ``_condense`` sums them (by DuckDB:
    ``report.query.LedgerAggregates.lever_cells``)."""
    levers = _model_levers(condensed, registry) + _region_levers(condensed, registry)
    useful = [
        lever
        for lever in levers
        if math.isfinite(lever.saving())
        and lever.saving() > 0
        and lever.after["gwp_kgco2e"].unknown_requests
        <= lever.before["gwp_kgco2e"].unknown_requests
    ]
    useful.sort(key=lambda lever: lever.saving(), reverse=True)
    return tuple(useful[:limit])
