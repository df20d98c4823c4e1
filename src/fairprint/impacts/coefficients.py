"""Per-group impact coefficients: the kernels evaluated once per (model, datacenter).

Why: every impact is linear in token counts once the model and datacenter are fixed, so
the chain of kernels runs once per distinct group (a handful) and each request is then a
weighted sum of its tokens. The single-request and batch paths share these coefficients,
so they cannot disagree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from fairprint.errors import InputError
from fairprint.impacts import electricity, embodied, energy, water
from fairprint.impacts.arithmetic import (
    EMBODIED_NAMES,
    FACTOR_NAMES,
    SECONDS_FACTORS,
    USAGE_NAMES,
)
from fairprint.impacts.uncertainty import SCENARIOS, Scenario, pick
from fairprint.registry.registry import Registry, Row

LOCAL_PROVIDERS = frozenset({"local", "self-hosted", "on-premise"})


@dataclass(frozen=True)
class GroupCoefficients:
    """Everything needed to turn one group's token counts into impacts.

    ``seconds[name]`` are the accelerator-second coefficients of
    ``arithmetic.seconds_formula`` (``SECONDS_FACTORS``); ``architecture_status`` says
    whether the KV-cache and attention terms are disclosed, estimated or unknown (then 0:
    weights only, stated in the methodology); ``per_second[name]`` and
    ``per_it_kwh[name]`` hold each indicator per accelerator-second and per kWh of IT
    energy (for metered rows), as arrays ordered (low, central, high). ``it_overhead`` is
    ``1 + r_host + r_idle`` and ``pue`` the datacenter's PUE by scenario (what separates the
    accelerator, IT and facility boundaries); ``market_gco2e_per_kwh`` the provider's
    market-based emission factor (NaN where undisclosed).
    """

    model_id: str | None
    datacenter: str
    grid_zone: str
    accelerators: np.ndarray
    seconds: dict[str, np.ndarray]
    per_second: dict[str, np.ndarray]
    per_it_kwh: dict[str, np.ndarray]
    it_overhead: np.ndarray = field(default_factory=lambda: np.ones(len(SCENARIOS)))
    pue: np.ndarray = field(default_factory=lambda: np.ones(len(SCENARIOS)))
    market_gco2e_per_kwh: np.ndarray = field(
        default_factory=lambda: np.full(len(SCENARIOS), np.nan)
    )
    architecture_status: str = "unknown"

    @property
    def seconds_per_input(self) -> np.ndarray:
        """Accelerator-seconds per fresh prompt token at zero context."""
        return self.seconds["seconds_per_input"]

    @property
    def seconds_per_cached(self) -> np.ndarray:
        return self.seconds["seconds_per_cached"]

    @property
    def seconds_per_output(self) -> np.ndarray:
        """Decode seconds per token at zero context: the slower of compute and weight reads."""
        return np.maximum(
            self.seconds["seconds_per_output_compute"], self.seconds["seconds_per_output"]
        )


def _param(registry: Registry, name: str, scenario: Scenario) -> float:
    p = registry.parameter(name)
    return pick(p.low, p.central, p.high, scenario, p.favourable_end)


def _pick_columns(
    row: Row, columns: tuple[str, str, str], scenario: Scenario, favourable_end: str = "low"
) -> float:
    """A ranged registry value for ``scenario``; a missing end collapses to the central value."""
    low, central, high = (float(row[column]) for column in columns)
    low = central if math.isnan(low) else low
    high = central if math.isnan(high) else high
    return pick(low, central, high, scenario, favourable_end)


def _ranged(row: Row, stem: str, scenario: Scenario, favourable_end: str = "low") -> float:
    return _pick_columns(row, (f"{stem}_low", stem, f"{stem}_high"), scenario, favourable_end)


def _grid(registry: Registry, zone: str, indicator: str, scenario: Scenario) -> float:
    row = registry.grid(zone).get(indicator)
    if row is None:
        return math.nan
    return _pick_columns(row, ("low", "central", "high"), scenario)


def _datacenter(
    registry: Registry, model: Row | None, provider: str | None, region: str | None
) -> tuple[str, str, float, float, float, float, float, float, str] | Row:
    """The datacenter row serving a request, or a ``local`` tuple for self-metered compute.

    A provider the registry does not know (a gateway such as ``bedrock`` or ``azure``) is
    replaced by the model's own provider; the ``datacenter`` label of the result shows it.
    """
    if provider and provider.strip().lower() in LOCAL_PROVIDERS:
        if not region:
            raise InputError(
                f"provider {provider!r} needs a region that names a grid zone (e.g. FR, US-VA)"
            )
        registry.grid(region)  # raises UnknownRegionError with suggestions
        return ("local", region.upper(), 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, "")
    if provider and registry.knows_provider(provider):
        return registry.datacenter(provider, region)
    if model is None:
        raise InputError("a row without a model needs provider 'local' and a grid-zone region")
    return registry.datacenter(str(model["provider"]), region)


def group_coefficients(
    registry: Registry,
    model_name: str | None,
    provider: str | None = None,
    region: str | None = None,
    hardware_id: str | None = None,
) -> GroupCoefficients:
    """Evaluate the kernel chain for one group in the three scenarios.

    ``provider`` may be a gateway name the registry does not know (``azure``, ``bedrock``);
    then the model's own provider is used and the ``datacenter`` label says so.
    """
    model = registry.model(model_name) if model_name else None
    place = _datacenter(registry, model, provider, region)
    if isinstance(place, tuple):
        datacenter, zone, pue_l, pue_c, pue_h, wue_l, wue_c, wue_h, accelerator = place
        pue = {"low": pue_l, "central": pue_c, "high": pue_h}
        wue = {"low": wue_l, "central": wue_c, "high": wue_h}
    else:
        datacenter = f"{place['provider']}/{place['region']}"
        zone = str(place["grid_zone"])
        accelerator = str(place["accelerator"])
        pue = {s: _ranged(place, "pue", s) for s in SCENARIOS}
        wue = {s: _ranged(place, "wue_l_per_kwh", s) for s in SCENARIOS}
    hardware = (
        registry.hardware(hardware_id or accelerator) if (hardware_id or accelerator) else None
    )
    if model is not None and hardware is None:
        raise InputError(f"no accelerator known for {datacenter}; pass a hardware id")
    if model is not None and math.isnan(float(model["active_params_b"])):
        raise InputError(
            f"model {model['model_id']!r}: parameter counts are undisclosed and no published "
            "estimate is in the registry, so its energy cannot be estimated"
        )
    server = _server_for(registry, hardware)

    shape = (len(SCENARIOS),)
    accelerators = np.zeros(shape)
    seconds = {name: np.zeros(shape) for name in SECONDS_FACTORS}
    architecture = registry.architecture(str(model["model_id"])) if model is not None else None
    per_second = {name: np.zeros(shape) for name in FACTOR_NAMES}
    it_overhead = np.ones(shape)
    for i, s in enumerate(SCENARIOS):
        if model is not None and hardware is not None:
            active = _ranged(model, "active_params_b", s)
            total = _ranged(model, "total_params_b", s)
            total = active if math.isnan(total) else total
            bytes_pp = _param(registry, "bytes_per_parameter", s)
            kv_bytes = _architecture(architecture, "kv_cache_kib_per_token", s) * 1024.0
            attention = _architecture(architecture, "attention_gflop_per_token_per_1k_context", s)
            memory_gb = float(hardware["memory_gb"])
            n = energy.replica_accelerators(
                total,
                bytes_pp,
                _param(registry, "memory_overhead_factor", s),
                memory_gb,
                kv_bytes,
            )
            accelerators[i] = n
            peak = float(hardware["peak_bf16_tflops"])
            prefill_flops = peak * 1e12 * _param(registry, "prefill_utilisation", s)
            seconds["seconds_per_input"][i] = 2.0 * active * 1e9 / prefill_flops
            seconds["seconds_per_input_per_1k_context"][i] = attention * 1e9 / prefill_flops
            seconds["seconds_per_cached"][i] = seconds["seconds_per_input"][i] * _param(
                registry, "cached_token_cost_fraction", s
            )
            decode = energy.decode_coefficients(
                active,
                total,
                bytes_pp,
                peak,
                _param(registry, "decode_utilisation", s),
                float(hardware["memory_bandwidth_tbs"]),
                _param(registry, "memory_bandwidth_efficiency", s),
                _param(registry, "concurrent_sequences_per_accelerator", s),
                memory_gb,
                n,
                kv_bytes,
                attention * 1e9,
            )
            for name, value in decode.items():
                seconds[name][i] = value
        if hardware is not None:
            it_kwh = float(
                energy.it_kwh_per_accelerator_second(
                    hardware["tdp_w"],
                    _param(registry, "accelerator_power_fraction", s),
                    _param(registry, "host_energy_ratio", s),
                    _param(registry, "idle_capacity_ratio", s),
                )
            )
            it_overhead[i] = 1.0 + _param(registry, "host_energy_ratio", s)
            it_overhead[i] += _param(registry, "idle_capacity_ratio", s)
            lifetime = _param(registry, "hardware_lifetime_years", s)
            for stem, name in (
                ("embodied_gwp_kgco2e", "gwp_embodied_kgco2e"),
                ("embodied_adpe_kgsbeq", "adpe_embodied_kgsbeq"),
                ("embodied_pe_mj", "pe_embodied_mj"),
            ):
                server_value = _ranged(server, stem, s) if server is not None else math.nan
                per_server = float(server["accelerators_per_server"]) if server is not None else 1.0
                per_second[name][i] = float(
                    embodied.embodied_per_accelerator_second(
                        _ranged(hardware, stem, s), server_value, per_server, lifetime
                    )
                )
        else:
            it_kwh = math.nan
            for name in EMBODIED_NAMES:
                per_second[name][i] = math.nan
        per_second["it_kwh"][i] = it_kwh
    per_it_kwh = _usage_per_it_kwh(registry, zone, pue, wue)
    for name, factor in per_it_kwh.items():
        per_second[name] = per_second["it_kwh"] * factor
    return GroupCoefficients(
        model_id=str(model["model_id"]) if model is not None else None,
        datacenter=datacenter,
        grid_zone=zone,
        accelerators=accelerators,
        seconds=seconds,
        architecture_status=_architecture_status(architecture),
        per_second=per_second,
        per_it_kwh=per_it_kwh,
        it_overhead=it_overhead,
        pue=np.array([pue[s] for s in SCENARIOS]),
        market_gco2e_per_kwh=_market(registry, datacenter),
    )


def _market(registry: Registry, datacenter: str) -> np.ndarray:
    """The serving provider's market-based gCO2e/kWh by scenario; NaN where undisclosed."""
    provider = datacenter.split("/", 1)[0]
    row = None if provider == "local" else registry.market_factor(provider)
    if row is None:
        return np.full(len(SCENARIOS), np.nan)
    stem = "market_gco2e_per_kwh"
    return np.array([_ranged(row, stem, s) for s in SCENARIOS])


def _architecture(row: Row | None, stem: str, scenario: Scenario) -> float:
    """A ranged architecture figure; 0 where the model has no (known) row."""
    if row is None or math.isnan(float(row[stem])):
        return 0.0
    return _ranged(row, stem, scenario)


def _architecture_status(row: Row | None) -> str:
    if row is None or math.isnan(float(row["kv_cache_kib_per_token"])):
        return "unknown"
    return str(row["status"])


def _server_for(registry: Registry, hardware: Row | None) -> Row | None:
    """The host server row paired with an accelerator (the first ``server`` row), if any."""
    if hardware is None:
        return None
    servers = [r for r in registry.table("hardware").rows if r["kind"] == "server"]
    return servers[0] if servers else None


def _usage_per_it_kwh(
    registry: Registry, zone: str, pue: dict[str, float], wue: dict[str, float]
) -> dict[str, np.ndarray]:
    """Usage indicators per kWh of IT energy, by scenario."""
    out = {name: np.zeros(len(SCENARIOS)) for name in USAGE_NAMES}
    for i, s in enumerate(SCENARIOS):
        facility = float(energy.facility_energy(1.0, pue[s]))
        out["energy_kwh"][i] = facility
        out["gwp_usage_kgco2e"][i] = float(
            electricity.carbon_kgco2e(facility, _grid(registry, zone, "carbon_gco2e_per_kwh", s))
        )
        out["water_onsite_l"][i] = float(water.onsite_water_l(1.0, wue[s]))
        out["water_offsite_l"][i] = float(
            electricity.per_kwh(facility, _grid(registry, zone, "water_offsite_l_per_kwh", s))
        )
        out["adpe_usage_kgsbeq"][i] = float(
            electricity.per_kwh(facility, _grid(registry, zone, "adpe_kgsbeq_per_kwh", s))
        )
        out["pe_usage_mj"][i] = float(
            electricity.per_kwh(facility, _grid(registry, zone, "pe_mj_per_kwh", s))
        )
    return out
