"""Inference energy: accelerator time per token, then electricity drawn.

Equations (all inputs are NumPy arrays or floats, broadcast together):

* accelerators a replica needs to hold the weights and KV cache
  ``n = max(1, ceil(P_total · 1e9 · b · k / (M · 1e9)))`` with ``b`` bytes per parameter,
  ``k`` the memory overhead factor, ``M`` accelerator memory (GB);
* prefill is compute-bound (a forward pass costs ``2 · P_active`` FLOP per token, Kaplan et
  al. 2020, arXiv 2001.08361): ``t_prefill = 2 · P_active · 1e9 / (F · 1e12 · u_prefill)``
  accelerator-seconds per token, ``F`` peak dense BF16 TFLOP/s;
* decode is the slower of compute and memory: each step reads the weights once and yields
  one token for each of the ``c · n_w`` sequences batched on the replica, where
  ``n_w = max(1, W / M)`` is the number of accelerators the weights ``W = P_total · 1e9 · b``
  fill (continuous, so the result never falls when a model grows) and ``c`` the sequences
  each accelerator serves (its spare memory holds their KV cache), so
  ``t_decode = max(2 · P_active · 1e9 / (F · 1e12 · u_decode), W / (B · 1e12 · η · c · n_w))``
  with ``B`` HBM bandwidth (TB/s) and ``η`` the achieved share of it;
* accelerator energy ``t · TDP · f`` (``f`` the average share of TDP drawn while serving);
* IT energy adds the host (CPU, DRAM, network) and provisioned idle capacity:
  ``E_IT = E_acc · (1 + r_host + r_idle)`` (ratios from Google's 2025 fleet measurement,
  arXiv 2508.15734);
* facility energy ``E = E_IT · PUE``.

The constants' values and sources live in ``registry/data/parameters.csv`` and
``hardware.csv``; see docs/methodology.md.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from fairprint.impacts.arithmetic import JOULES_PER_KWH

FloatArray = NDArray[np.float64]


def _f(values: ArrayLike) -> FloatArray:
    """Inputs as float64 arrays, so every product below is typed (and computed) in float64."""
    return np.asarray(values, dtype=np.float64)


def accelerators_for_memory(
    total_params_b: ArrayLike,
    bytes_per_parameter: ArrayLike,
    memory_overhead_factor: ArrayLike,
    accelerator_memory_gb: ArrayLike,
) -> FloatArray:
    """Accelerators a model replica needs to hold its weights plus KV cache and activations."""
    needed_gb = _f(total_params_b) * _f(bytes_per_parameter) * _f(memory_overhead_factor)
    return np.maximum(1.0, np.ceil(needed_gb / _f(accelerator_memory_gb)))


def prefill_seconds_per_token(
    active_params_b: ArrayLike, peak_tflops: ArrayLike, prefill_utilisation: ArrayLike
) -> FloatArray:
    """Accelerator-seconds to process one fresh prompt token (compute-bound)."""
    flops = 2.0 * _f(active_params_b) * 1e9
    return flops / (_f(peak_tflops) * 1e12 * _f(prefill_utilisation))


def decode_seconds_per_token(
    active_params_b: ArrayLike,
    total_params_b: ArrayLike,
    bytes_per_parameter: ArrayLike,
    peak_tflops: ArrayLike,
    decode_utilisation: ArrayLike,
    memory_bandwidth_tbs: ArrayLike,
    memory_bandwidth_efficiency: ArrayLike,
    concurrent_sequences_per_accelerator: ArrayLike,
    accelerator_memory_gb: ArrayLike,
) -> FloatArray:
    """Accelerator-seconds to generate one token: the slower of compute and weight reads."""
    compute = 2.0 * _f(active_params_b) * 1e9 / (_f(peak_tflops) * 1e12 * _f(decode_utilisation))
    weight_bytes = _f(total_params_b) * 1e9 * _f(bytes_per_parameter)
    filled = np.maximum(1.0, weight_bytes / (_f(accelerator_memory_gb) * 1e9))
    memory = weight_bytes / (
        _f(memory_bandwidth_tbs)
        * 1e12
        * _f(memory_bandwidth_efficiency)
        * _f(concurrent_sequences_per_accelerator)
        * filled
    )
    return np.maximum(compute, memory)


def decode_coefficients(
    active_params_b: ArrayLike,
    total_params_b: ArrayLike,
    bytes_per_parameter: ArrayLike,
    peak_tflops: ArrayLike,
    decode_utilisation: ArrayLike,
    memory_bandwidth_tbs: ArrayLike,
    memory_bandwidth_efficiency: ArrayLike,
    concurrent_sequences_per_accelerator: ArrayLike,
    accelerator_memory_gb: ArrayLike,
    replica_accelerators: ArrayLike,
    kv_cache_bytes_per_token: ArrayLike,
    attention_flop_per_token_per_1k_context: ArrayLike,
) -> dict[str, FloatArray]:
    """Decode coefficients of ``arithmetic.seconds_formula`` (accelerator-seconds per token).

    A decode step of a replica reads the weights ``W`` once for its whole batch of ``b``
    sequences and each sequence's KV cache (``x`` thousand context tokens × ``kv`` bytes per
    token × 1000). Per generated token that is ``(W / b + 1000 · x · kv) / (B · η)``
    accelerator-seconds (the replica's accelerator count cancels). The batch is the
    configured one (``c · n_w``, as before) unless the memory left beside the weights,
    ``free = n · M − W``, holds fewer sequences at that context: ``b ≤ free / (1000 · x · kv)``,
    so ``W / b ≥ W · 1000 · x · kv / free``, linear in ``x``; and never below one sequence.
    Compute-bound decode costs ``(2 · P_active + x · a) / (F · u)`` with ``a`` the attention
    FLOP per token per 1,000 context tokens. Works on floats and on arrays (draws).
    """
    bandwidth = _f(memory_bandwidth_tbs) * 1e12 * _f(memory_bandwidth_efficiency)
    flops = _f(peak_tflops) * 1e12 * _f(decode_utilisation)
    weight_bytes = _f(total_params_b) * 1e9 * _f(bytes_per_parameter)
    memory_bytes = _f(accelerator_memory_gb) * 1e9
    filled = np.maximum(1.0, weight_bytes / memory_bytes)
    free_bytes = _f(replica_accelerators) * memory_bytes - weight_bytes
    per_1k = 1000.0 * _f(kv_cache_bytes_per_token)
    has_kv = per_1k > 0
    batch_term = np.where(
        has_kv, weight_bytes * per_1k / np.where(has_kv, free_bytes * bandwidth, 1.0), 0.0
    )
    return {
        "seconds_per_output": weight_bytes
        / (bandwidth * _f(concurrent_sequences_per_accelerator) * filled),
        "seconds_per_output_single": weight_bytes / bandwidth,
        "seconds_per_output_batch_per_1k_context": batch_term,
        "seconds_per_output_kv_per_1k_context": per_1k / bandwidth,
        "seconds_per_output_compute": 2.0 * _f(active_params_b) * 1e9 / flops,
        "seconds_per_output_compute_per_1k_context": _f(attention_flop_per_token_per_1k_context)
        / flops,
    }


def replica_accelerators(
    total_params_b: ArrayLike,
    bytes_per_parameter: ArrayLike,
    memory_overhead_factor: ArrayLike,
    accelerator_memory_gb: ArrayLike,
    kv_cache_bytes_per_token: ArrayLike,
) -> FloatArray:
    """Accelerators of one replica: the weights times the provisioning factor, plus room
    for at least 1,000 tokens of one sequence's KV cache (so a batch always fits)."""
    needed = _f(total_params_b) * 1e9 * _f(bytes_per_parameter)
    needed = needed * _f(memory_overhead_factor) + 1000.0 * _f(kv_cache_bytes_per_token)
    return np.maximum(1.0, np.ceil(needed / (_f(accelerator_memory_gb) * 1e9)))


def it_kwh_per_accelerator_second(
    tdp_w: ArrayLike,
    accelerator_power_fraction: ArrayLike,
    host_energy_ratio: ArrayLike,
    idle_capacity_ratio: ArrayLike,
) -> FloatArray:
    """IT electricity (kWh) behind one accelerator-second: accelerator, host and idle share."""
    accelerator_j = _f(tdp_w) * _f(accelerator_power_fraction)
    return accelerator_j * (1.0 + _f(host_energy_ratio) + _f(idle_capacity_ratio)) / JOULES_PER_KWH


def facility_energy(it_energy: ArrayLike, pue: ArrayLike) -> FloatArray:
    """Facility energy: IT energy times power usage effectiveness (cooling, power delivery)."""
    return _f(it_energy) * _f(pue)
