"""``estimate`` and ``estimate_batch``: the public entry points of the core.

A single estimate runs the same group coefficients as the batch path (one row), cached per
registry, so that a single call stays in the tens of microseconds.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pyarrow as pa
from pydantic import BaseModel, ConfigDict

from fairprint.errors import InputError
from fairprint.impacts import (
    BOUNDARY_NOTES,
    DEFAULT_BOUNDARY,
    MARKET_NAMES,
    METHODOLOGY_VERSION,
    RANGED_STEMS,
    TRAINING_NAMES,
    Boundary,
    DataworkPerRequest,
    GroupCoefficients,
    Training,
    add_training,
    at_boundary,
    check_boundary,
    datawork_per_request,
    estimate_table,
    group_coefficients,
    row_impacts,
    token_seconds,
    training_per_request,
)
from fairprint.registry import Registry


class Range(BaseModel):
    """A quantity as low / central / high; ``None`` means unknown (not zero)."""

    model_config = ConfigDict(frozen=True)

    low: float | None
    central: float | None
    high: float | None

    @classmethod
    def of(cls, values: np.ndarray) -> Range:
        low, central, high = (None if v != v else v for v in values.tolist())
        return _range(low, central, high)

    def scaled(self, factor: float) -> Range:
        """The same range in another unit (e.g. kWh → Wh)."""
        return Range.model_construct(
            **{k: None if v is None else v * factor for k, v in self.__dict__.items()}
        )


_RANGE_FIELDS = frozenset({"low", "central", "high"})


def _range(low: float | None, central: float | None, high: float | None) -> Range:
    """A ``Range`` built as ``model_construct`` builds it, without its per-call overhead
    (twenty ranges per ``estimate()``: most of a single call's time)."""
    out = object.__new__(Range)
    object.__setattr__(out, "__dict__", {"low": low, "central": central, "high": high})
    object.__setattr__(out, "__pydantic_fields_set__", set(_RANGE_FIELDS))
    object.__setattr__(out, "__pydantic_extra__", None)
    object.__setattr__(out, "__pydantic_private__", None)
    return out


class Estimate(BaseModel):
    """The footprint of one request (or of ``requests`` identical ones), with ranges."""

    model_config = ConfigDict(frozen=True)

    model_id: str
    datacenter: str
    grid_zone: str
    input_tokens: int
    cached_input_tokens: int
    cache_write_tokens: int
    output_tokens: int
    reasoning_tokens: int
    requests: int
    boundary: str
    boundary_note: str
    interval_drivers: tuple[str, ...]
    reasoning_tokens_estimated: Range
    reasoning_note: str
    accelerators: Range
    accelerator_s: Range
    energy_kwh: Range
    gwp_kgco2e: Range
    gwp_usage_kgco2e: Range
    gwp_embodied_kgco2e: Range
    water_l: Range
    water_onsite_l: Range
    water_offsite_l: Range
    adpe_kgsbeq: Range
    adpe_usage_kgsbeq: Range
    adpe_embodied_kgsbeq: Range
    pe_mj: Range
    pe_usage_mj: Range
    pe_embodied_mj: Range
    gwp_market_kgco2e: Range
    gwp_usage_market_kgco2e: Range
    training_energy_kwh: Range
    training_gwp_kgco2e: Range
    training_water_l: Range
    training_adpe_kgsbeq: Range
    training_note: str
    datawork_h: Range
    datawork_status: str
    registry_version: str
    methodology_version: str


@lru_cache(maxsize=4096)
def _coefficients(
    registry: Registry, model: str, provider: str | None, region: str | None, boundary: Boundary
) -> GroupCoefficients:
    return at_boundary(group_coefficients(registry, model, provider, region), boundary)


_RANGED_IN_ESTIMATE = (*(stem for stem in RANGED_STEMS if stem != "datawork_h"), *MARKET_NAMES)


@lru_cache(maxsize=1024)
def _training(registry: Registry, model_id: str | None) -> Training:
    return training_per_request(registry, model_id)


_OUTSIDE = "amortised training is outside this boundary (lifecycle only)"
_NO_TRAINING = {name: _range(None, None, None) for name in TRAINING_NAMES}


@lru_cache(maxsize=1024)
def _datawork(registry: Registry, model_id: str) -> DataworkPerRequest:
    return datawork_per_request(model_id, registry)


@lru_cache(maxsize=1024)
def _reasoning_ratio(registry: Registry, model_id: str) -> np.ndarray | None:
    row = registry.reasoning_ratio(model_id)
    if row is None:
        return None
    stem = "reasoning_per_output_token"
    return np.array([float(row[f"{stem}_low"]), float(row[stem]), float(row[f"{stem}_high"])])


def _hidden_reasoning(
    registry: Registry, model_id: str | None, given: int | None, tokens: dict[str, int]
) -> tuple[Any, str]:
    """Reasoning tokens to charge (low, central, high) and the note every output shows.

    A count given by the caller is kept. For a reasoning model without one, hidden
    reasoning is ``ratio × output_tokens`` with the published ratios of
    ``registry/data/reasoning_tokens.csv`` — never silently zero.
    """
    ratio = _reasoning_ratio(registry, model_id) if model_id else None
    if given:
        return tokens["reasoning_tokens"], "reasoning tokens as counted"
    if ratio is None:
        return 0, "no hidden reasoning (not a reasoning model in the registry)"
    if given is not None:
        return 0, "reasoning tokens as counted"
    hidden = ratio * tokens["output_tokens"]
    low, central, high = (f"{v:g}" for v in ratio)
    return hidden, (
        f"estimated: no reasoning-token count given, so {low}-{central}-{high} hidden "
        "reasoning tokens per output token are assumed (published ratios, "
        "registry/data/reasoning_tokens.csv)"
    )


def _count(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise InputError(f"{name} must be a whole number of tokens, got {value!r}")
    if value < 0:
        raise InputError(f"{name} cannot be negative, got {value}")
    return int(value)


def estimate(
    model: str,
    input_tokens: int = 0,
    output_tokens: int = 0,
    *,
    cached_input_tokens: int = 0,
    cache_write_tokens: int = 0,
    reasoning_tokens: int | None = None,
    requests: int = 1,
    provider: str | None = None,
    region: str | None = None,
    registry: Registry | None = None,
    boundary: str = DEFAULT_BOUNDARY,
) -> Estimate:
    """Estimate the footprint of ``requests`` requests to ``model`` with these token counts.

    ``input_tokens`` are fresh prompt tokens (not read from a cache); ``output_tokens``
    exclude reasoning tokens. ``boundary`` is ``accelerator``, ``it``, ``facility`` (default)
    or ``lifecycle`` (see ``fairprint.impacts.boundary``; ``lifecycle`` adds amortised
    training, ``training_*``, where disclosed); carbon comes location-based
    (``gwp_*``) and market-based (``gwp_market_kgco2e``, unknown where the provider's
    procurement is undisclosed). A request with no tokens at all is refused
    (``InputError``): it has no footprint to estimate, and a zero would pass for a measured
    one. Raises ``UnknownModelError`` (with suggestions), ``UnknownRegionError`` or
    ``InputError``; never falls back silently.
    """
    registry = registry or Registry.default()
    tokens = {
        "input_tokens": _count("input_tokens", input_tokens),
        "cache_write_tokens": _count("cache_write_tokens", cache_write_tokens),
        "cached_input_tokens": _count("cached_input_tokens", cached_input_tokens),
        "output_tokens": _count("output_tokens", output_tokens),
        "reasoning_tokens": _count("reasoning_tokens", reasoning_tokens or 0),
    }
    n = _count("requests", requests)
    where = check_boundary(boundary)
    group = _coefficients(registry, model, provider or None, region or None, where)
    if not any(tokens.values()):
        raise InputError(
            "the request has no tokens at all (input, cached, cache-write, output and "
            "reasoning are all 0): give at least one token count to estimate"
        )
    hidden, note = _hidden_reasoning(registry, group.model_id, reasoning_tokens, tokens)
    seconds = n * token_seconds(group.seconds, {**tokens, "reasoning_tokens": hidden})
    values = row_impacts(
        seconds, group.per_second.__getitem__, market_gco2e_per_kwh=group.market_gco2e_per_kwh
    )
    training_note = _OUTSIDE
    if where == "lifecycle":
        training = _training(registry, group.model_id)
        add_training(values, training.parts(n))
        training_note = training.note
    # Any: model_construct's **values are Any (a dict of Range would be checked against
    # its positional ``_fields_set`` parameter too).
    ranges: dict[str, Any] = {name: Range.of(values[name]) for name in _RANGED_IN_ESTIMATE}
    training_ranges = (
        {name: Range.of(values[name]) for name in TRAINING_NAMES}
        if where == "lifecycle"
        else _NO_TRAINING
    )
    people = _datawork(registry, group.model_id) if group.model_id else None
    per_request = (
        (people.hours_per_request_low, people.hours_per_request, people.hours_per_request_high)
        if people
        else (None, None, None)
    )
    return Estimate.model_construct(
        model_id=group.model_id or model,
        datacenter=group.datacenter,
        grid_zone=group.grid_zone,
        input_tokens=int(input_tokens),
        cached_input_tokens=tokens["cached_input_tokens"],
        cache_write_tokens=int(cache_write_tokens),
        output_tokens=int(output_tokens),
        reasoning_tokens=tokens["reasoning_tokens"],
        reasoning_tokens_estimated=Range.of(hidden)
        if reasoning_tokens is None and note.startswith("estimated")
        else _range(None, None, None),
        reasoning_note=note,
        requests=n,
        boundary=where,
        boundary_note=BOUNDARY_NOTES[where],
        interval_drivers=group.width_drivers,
        accelerators=Range.of(group.accelerators),
        datawork_h=_range(*(None if value is None else value * n for value in per_request)),
        datawork_status=people.status_label if people else "undisclosed",
        registry_version=registry.version,
        methodology_version=METHODOLOGY_VERSION,
        training_note=training_note,
        **{**training_ranges, **ranges},
    )


def estimate_batch(
    data: Any, registry: Registry | None = None, boundary: str = DEFAULT_BOUNDARY
) -> pa.Table:
    """Append impact columns to a table of requests (Arrow, Polars or pandas).

    Needs a ``model`` column and token columns named as in the canonical activity table
    (``input_tokens``, ``output_tokens``, ``cached_input_tokens``, ``cache_write_tokens``,
    ``reasoning_tokens``; missing ones count as 0). ``boundary`` as in ``estimate``.
    Returns a pyarrow Table.
    """
    return estimate_table(data, registry or Registry.default(), boundary=boundary)
