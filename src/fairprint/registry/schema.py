"""Row schemas of the reference-data tables.

Why a schema per table: a factor without a source is an invented number, so every table
declares its provenance columns (``source``, ``year``, ``licence``) as required, its numeric
columns (empty cell = undisclosed/unknown, kept as NaN, never filled), and its
``(low, central, high)`` triples, which must be ordered where all three are given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PROVENANCE_COLUMNS: tuple[str, ...] = ("source", "source_url", "year", "licence")


@dataclass(frozen=True)
class TableSchema:
    """What a registry CSV must contain.

    ``key`` names the columns that identify a row (unique together); ``text`` columns are
    required strings unless listed in ``optional``; ``numeric`` columns may be empty
    (unknown); each entry of ``ranges`` is a ``(low, central, high)`` column triple.
    """

    name: str
    key: tuple[str, ...]
    text: tuple[str, ...]
    numeric: tuple[str, ...] = ()
    ranges: tuple[tuple[str, str, str], ...] = ()
    optional: tuple[str, ...] = ()
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.text, *self.numeric, *PROVENANCE_COLUMNS)


def _triple(stem: str) -> tuple[str, str, str]:
    return (f"{stem}_low", stem, f"{stem}_high")


MODELS = TableSchema(
    name="models",
    key=("model_id",),
    text=(
        "model_id",
        "provider",
        "aliases",
        "family",
        "architecture",
        "params_status",
        "release_date",
        "default_region",
        "notes",
    ),
    numeric=(*_triple("total_params_b"), *_triple("active_params_b")),
    ranges=(_triple("total_params_b"), _triple("active_params_b")),
    optional=("aliases", "release_date", "notes", "family"),
    choices={
        "architecture": ("dense", "moe", "unknown"),
        "params_status": ("disclosed", "estimated", "unknown"),
    },
)

DATACENTERS = TableSchema(
    name="datacenters",
    key=("provider", "region"),
    text=(
        "provider",
        "region",
        "operator",
        "location",
        "grid_zone",
        "accelerator",
        "is_default",
        "notes",
    ),
    numeric=(*_triple("pue"), *_triple("wue_l_per_kwh")),
    ranges=(_triple("pue"), _triple("wue_l_per_kwh")),
    optional=("notes", "location"),
    choices={"is_default": ("yes", "no")},
)

GRID_FACTORS = TableSchema(
    name="grid_factors",
    key=("zone", "indicator"),
    text=("zone", "zone_name", "indicator", "unit", "notes"),
    numeric=("low", "central", "high"),
    ranges=(("low", "central", "high"),),
    optional=("notes",),
    choices={
        "indicator": (
            "carbon_gco2e_per_kwh",
            "water_offsite_l_per_kwh",
            "adpe_kgsbeq_per_kwh",
            "pe_mj_per_kwh",
        ),
    },
)

HARDWARE = TableSchema(
    name="hardware",
    key=("hardware_id",),
    text=("hardware_id", "kind", "name", "notes"),
    numeric=(
        "tdp_w",
        "memory_gb",
        "peak_bf16_tflops",
        "memory_bandwidth_tbs",
        "accelerators_per_server",
        *_triple("embodied_gwp_kgco2e"),
        *_triple("embodied_adpe_kgsbeq"),
        *_triple("embodied_pe_mj"),
    ),
    ranges=(
        _triple("embodied_gwp_kgco2e"),
        _triple("embodied_adpe_kgsbeq"),
        _triple("embodied_pe_mj"),
    ),
    optional=("notes",),
    choices={"kind": ("accelerator", "server")},
)

PARAMETERS = TableSchema(
    name="parameters",
    key=("name",),
    text=("name", "unit", "favourable_end", "notes"),
    numeric=("low", "central", "high"),
    ranges=(("low", "central", "high"),),
    optional=("notes",),
    choices={"favourable_end": ("low", "high")},
)

MARKET_FACTORS = TableSchema(
    name="market_factors",
    key=("provider",),
    text=("provider", "basis", "notes"),
    numeric=_triple("market_gco2e_per_kwh"),
    ranges=(_triple("market_gco2e_per_kwh"),),
    optional=("notes",),
    choices={"basis": ("disclosed", "derived")},
)
"""Market-based (GHG Protocol Scope 2) emission factors from providers' disclosed
procurement; a provider without a row has unknown market-based carbon."""

ARCHITECTURES = TableSchema(
    name="architectures",
    key=("model_id",),
    text=("model_id", "status", "attention", "notes"),
    numeric=(
        "layers",
        "query_heads",
        "kv_heads",
        "head_dim",
        "kv_latent_dim",
        *_triple("kv_cache_kib_per_token"),
        *_triple("attention_gflop_per_token_per_1k_context"),
    ),
    ranges=(
        _triple("kv_cache_kib_per_token"),
        _triple("attention_gflop_per_token_per_1k_context"),
    ),
    optional=("notes",),
    choices={"status": ("disclosed", "estimated", "unknown")},
)

BOUNDARIES: tuple[str, ...] = ("accelerator", "it", "facility", "lifecycle", "undisclosed")
"""What a published figure includes: accelerators only; IT (plus host CPU, memory, idle);
facility (IT times PUE); life cycle (plus embodied hardware, training, network)."""

ENERGY_MEASUREMENTS = TableSchema(
    name="energy_measurements",
    key=("case_id",),
    text=(
        "case_id",
        "model_id",
        "hardware_id",
        "weight_precision",
        "task",
        "metric",
        "boundary",
        "notes",
    ),
    numeric=(
        "accelerators",
        "batch_size",
        "mean_batch_size",
        "input_tokens",
        "output_tokens",
        "mean_power_w",
        "value_low",
        "value",
        "value_high",
    ),
    ranges=(("value_low", "value", "value_high"),),
    optional=("notes", "weight_precision", "task"),
    choices={
        "metric": ("j_per_output_token", "wh_per_request"),
        "boundary": BOUNDARIES,
    },
)
"""GPU-energy measurements of open models: the data the serving parameters are fitted on
(loaded on demand with ``Registry.extra_table``)."""

VALIDATION_CASES = TableSchema(
    name="validation_cases",
    key=("case_id",),
    text=(
        "case_id",
        "model_id",
        "stand_in",
        "provider",
        "region",
        "tokens_basis",
        "boundary",
        "indicator",
        "carbon_basis",
        "kind",
        "notes",
    ),
    numeric=("input_tokens", "output_tokens", "value_low", "value", "value_high"),
    ranges=(("value_low", "value", "value_high"),),
    optional=("region", "carbon_basis", "notes"),
    choices={
        "stand_in": ("yes", "no"),
        "boundary": BOUNDARIES,
        "indicator": ("energy_wh", "gwp_g", "water_ml", "water_onsite_ml", "adpe_mg"),
        "carbon_basis": ("location", "market"),
        "kind": ("provider_disclosure", "independent_estimate", "measurement"),
    },
)
"""Held-out published figures that the fit never sees, compared by ``fairprint validate``."""

REASONING_TOKENS = TableSchema(
    name="reasoning_tokens",
    key=("model_id",),
    text=("model_id", "notes"),
    numeric=_triple("reasoning_per_output_token"),
    ranges=(_triple("reasoning_per_output_token"),),
    optional=("notes",),
)
"""Hidden reasoning tokens per visible output token of reasoning models, from published
ratios; used only when a request carries no reasoning-token count."""

TRAINING = TableSchema(
    name="training",
    key=("model_id",),
    text=("model_id", "basis", "notes"),
    numeric=("gpu_hours", "gpu_power_w", "gwp_location_tco2e", "water_m3", "adpe_kgsbeq"),
    optional=("notes",),
    choices={"basis": ("disclosed", "upper_bound")},
)
"""Disclosed training footprints of a model (whole run), amortised per request by the
``lifecycle`` boundary; a model without a row has unknown training impacts."""

TABLES: dict[str, TableSchema] = {
    schema.name: schema
    for schema in (
        MODELS,
        DATACENTERS,
        GRID_FACTORS,
        HARDWARE,
        PARAMETERS,
        ARCHITECTURES,
        MARKET_FACTORS,
        REASONING_TOKENS,
        TRAINING,
    )
}
