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
    token_seconds,
)
from fairprint.impacts.uncertainty import (
    DRAWS,
    HIGH_QUANTILE,
    LOW_QUANTILE,
    SCENARIOS,
    interval,
    triangular,
    uniforms,
)
from fairprint.registry import REQUIRED_PARAMETERS, Registry, Row

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
    width_drivers: tuple[str, ...] = ()

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
        slower: np.ndarray = np.maximum(
            self.seconds["seconds_per_output_compute"], self.seconds["seconds_per_output"]
        )
        return slower


def _param(registry: Registry, name: str) -> np.ndarray:
    """A parameter as ``[central, draws…]`` (``uncertainty.triangular``)."""
    p = registry.parameter(name)
    return triangular(f"parameter:{name}", p.low, p.central, p.high)


def _ranged(row: Row, stem: str, key: str) -> np.ndarray:
    """A ranged registry value as ``[central, draws…]``; a missing end collapses to central."""
    low, central, high = (float(row[c]) for c in (f"{stem}_low", stem, f"{stem}_high"))
    return triangular(key, low, central, high)


def _grid(registry: Registry, zone: str, indicator: str) -> np.ndarray:
    row = registry.grid(zone).get(indicator)
    if row is None:
        return np.full(DRAWS + 1, np.nan)
    low, central, high = (float(row[c]) for c in ("low", "central", "high"))
    return triangular(f"grid:{indicator}", low, central, high)


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
        pue = triangular("pue", pue_l, pue_c, pue_h)
        wue = triangular("wue", wue_l, wue_c, wue_h)
    else:
        datacenter = f"{place['provider']}/{place['region']}"
        zone = str(place["grid_zone"])
        accelerator = str(place["accelerator"])
        pue = _ranged(place, "pue", "pue")
        wue = _ranged(place, "wue_l_per_kwh", "wue")
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
    architecture = registry.architecture(str(model["model_id"])) if model is not None else None
    size = DRAWS + 1
    seconds = {name: np.zeros(size) for name in SECONDS_FACTORS}
    accelerators = np.zeros(size)
    per_second = {name: np.full(size, np.nan) for name in FACTOR_NAMES}
    it_overhead = np.ones(size)
    if model is not None and hardware is not None:
        active = _ranged(model, "active_params_b", "model:parameters")
        total = _ranged(model, "total_params_b", "model:parameters")
        total = np.where(np.isnan(total), active, total)
        bytes_pp = _param(registry, "bytes_per_parameter")
        kv_bytes = _architecture(architecture, "kv_cache_kib_per_token") * 1024.0
        attention = _architecture(architecture, "attention_gflop_per_token_per_1k_context")
        memory_gb = float(hardware["memory_gb"])
        accelerators = energy.replica_accelerators(
            total, bytes_pp, _param(registry, "memory_overhead_factor"), memory_gb, kv_bytes
        )
        peak = float(hardware["peak_bf16_tflops"])
        prefill_flops = peak * 1e12 * _param(registry, "prefill_utilisation")
        seconds["seconds_per_input"] = 2.0 * active * 1e9 / prefill_flops
        seconds["seconds_per_input_per_1k_context"] = attention * 1e9 / prefill_flops
        seconds["seconds_per_cached"] = seconds["seconds_per_input"] * _param(
            registry, "cached_token_cost_fraction"
        )
        seconds.update(
            energy.decode_coefficients(
                active,
                total,
                bytes_pp,
                peak,
                _param(registry, "decode_utilisation"),
                float(hardware["memory_bandwidth_tbs"]),
                _param(registry, "memory_bandwidth_efficiency"),
                _param(registry, "concurrent_sequences_per_accelerator"),
                memory_gb,
                accelerators,
                kv_bytes,
                attention * 1e9,
            )
        )
    if "kernel_error_factor" in registry.parameters:
        error = _param(registry, "kernel_error_factor")
        seconds = {name: values * error for name, values in seconds.items()}
    if hardware is not None:
        host = _param(registry, "host_energy_ratio")
        idle = _param(registry, "idle_capacity_ratio")
        per_second["it_kwh"] = energy.it_kwh_per_accelerator_second(
            hardware["tdp_w"], _param(registry, "accelerator_power_fraction"), host, idle
        )
        it_overhead = 1.0 + host + idle
        lifetime = _param(registry, "hardware_lifetime_years")
        per_server = float(server["accelerators_per_server"]) if server is not None else 1.0
        for stem, name in (
            ("embodied_gwp_kgco2e", "gwp_embodied_kgco2e"),
            ("embodied_adpe_kgsbeq", "adpe_embodied_kgsbeq"),
            ("embodied_pe_mj", "pe_embodied_mj"),
        ):
            server_value = (
                _ranged(server, stem, "hardware:embodied")
                if server is not None
                else np.full(size, np.nan)
            )
            per_second[name] = embodied.embodied_per_accelerator_second(
                _ranged(hardware, stem, "hardware:embodied"), server_value, per_server, lifetime
            )
    per_it_kwh = _usage_per_it_kwh(registry, zone, pue, wue)
    for name, factor in per_it_kwh.items():
        per_second[name] = per_second["it_kwh"] * factor
    chosen, drivers = _scenarios(seconds, per_second)
    return GroupCoefficients(
        model_id=str(model["model_id"]) if model is not None else None,
        datacenter=datacenter,
        grid_zone=zone,
        accelerators=accelerators[chosen],
        seconds={name: values[chosen] for name, values in seconds.items()},
        architecture_status=_architecture_status(architecture),
        per_second=_rescaled(seconds, per_second, chosen),
        per_it_kwh={name: interval(values) for name, values in per_it_kwh.items()},
        it_overhead=it_overhead[chosen],
        pue=pue[chosen],
        market_gco2e_per_kwh=_market(registry, datacenter),
        width_drivers=drivers,
    )


REFERENCE_REQUEST = {
    "input_tokens": 1000.0,
    "cache_write_tokens": 0.0,
    "cached_input_tokens": 0.0,
    "output_tokens": 500.0,
    "reasoning_tokens": 0.0,
}
"""The request whose energy ranks a group's draws (1,000 prompt and 500 output tokens)."""


def _reference_seconds(seconds: dict[str, np.ndarray]) -> np.ndarray:
    return np.asarray(token_seconds(seconds, REFERENCE_REQUEST), dtype=float)


def _scenarios(
    seconds: dict[str, np.ndarray], per_second: dict[str, np.ndarray]
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Indices ``[low draw, 0 (central), high draw]``: the draws at the 5th and 95th percentile
    of the reference request's energy, so that every coefficient of a scenario comes from
    one consistent draw (comonotonic within the group)."""
    energy_ref = _reference_seconds(seconds) * per_second["energy_kwh"]
    draws = energy_ref[1:]
    if np.isnan(draws).all() or not np.any(draws):
        return np.array([0, 0, 0]), ()
    order = np.argsort(np.where(np.isnan(draws), np.inf, draws))
    low = int(order[round(LOW_QUANTILE * (len(order) - 1))]) + 1
    high = int(order[round(HIGH_QUANTILE * (len(order) - 1))]) + 1
    return np.array([low, 0, high]), _drivers(draws)


DRIVER_KEYS: tuple[str, ...] = (
    *(f"parameter:{name}" for name in REQUIRED_PARAMETERS),
    "parameter:kernel_error_factor",
    "model:parameters",
    "architecture",
    "pue",
)
"""The sampled inputs whose share of the energy interval's width is reported."""


def _drivers(energy_draws: np.ndarray, top: int = 3) -> tuple[str, ...]:
    """The inputs that dominate the width: squared rank correlation of each input's draws
    with the reference energy, as a share of their sum (a first-order variance share)."""
    if np.isnan(energy_draws).any() or np.ptp(energy_draws) == 0:
        return ()
    ranks = np.argsort(np.argsort(energy_draws))
    shares = {}
    for key in DRIVER_KEYS:
        u = np.argsort(np.argsort(uniforms(key)))
        shares[key.split(":")[-1]] = float(np.corrcoef(u, ranks)[0, 1] ** 2)
    total = sum(shares.values()) or 1.0
    ranked = sorted(shares.items(), key=lambda kv: -kv[1])[:top]
    return tuple(f"{name} {share / total:.0%}" for name, share in ranked)


def _rescaled(
    seconds: dict[str, np.ndarray], per_second: dict[str, np.ndarray], chosen: np.ndarray
) -> dict[str, np.ndarray]:
    """Per-second factors whose product with the chosen draw's seconds gives each
    indicator's own 5th/95th percentile for the reference request (rows like it get their
    percentiles; the group's rows stay comonotonic, so sums of low/high stay percentiles of
    sums within the group)."""
    reference = _reference_seconds(seconds)
    out = {}
    for name, values in per_second.items():
        if not reference[chosen].all() or np.isnan(reference[chosen]).any():
            out[name] = interval(values)
            continue
        low, _, high = interval(reference * values)
        central = values[0]
        low, high = low / reference[chosen[0]], high / reference[chosen[2]]
        if name in EMBODIED_NAMES:
            low, high = min(low, central), max(high, central)
        out[name] = np.array([low, central, high])
    return out


def _market(registry: Registry, datacenter: str) -> np.ndarray:
    """The serving provider's market-based gCO2e/kWh (low, central, high); NaN where undisclosed."""
    provider = datacenter.split("/", 1)[0]
    row = None if provider == "local" else registry.market_factor(provider)
    if row is None:
        return np.full(len(SCENARIOS), np.nan)
    return interval(_ranged(row, "market_gco2e_per_kwh", "market"))


def _architecture(row: Row | None, stem: str) -> np.ndarray:
    """A ranged architecture figure as ``[central, draws…]``; 0 where the model has none."""
    if row is None or math.isnan(float(row[stem])):
        return np.zeros(DRAWS + 1)
    return _ranged(row, stem, "architecture")


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
    registry: Registry, zone: str, pue: np.ndarray, wue: np.ndarray
) -> dict[str, np.ndarray]:
    """Usage indicators per kWh of IT energy, as ``[central, draws…]``."""
    facility = energy.facility_energy(1.0, pue)
    return {
        "energy_kwh": facility,
        "gwp_usage_kgco2e": electricity.carbon_kgco2e(
            facility, _grid(registry, zone, "carbon_gco2e_per_kwh")
        ),
        "water_onsite_l": water.onsite_water_l(1.0, wue),
        "water_offsite_l": electricity.per_kwh(
            facility, _grid(registry, zone, "water_offsite_l_per_kwh")
        ),
        "adpe_usage_kgsbeq": electricity.per_kwh(
            facility, _grid(registry, zone, "adpe_kgsbeq_per_kwh")
        ),
        "pe_usage_mj": electricity.per_kwh(facility, _grid(registry, zone, "pe_mj_per_kwh")),
    }
