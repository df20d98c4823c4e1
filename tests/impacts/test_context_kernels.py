"""KV-cache reads, the memory-limited batch and attention FLOPs, derived by hand.

The mini registry's dense-70b (70 B parameters, BF16) on gpu-a (80 GB, 1,000 TFLOP/s,
3 TB/s) gets a Llama-3.1-70B-like attention: 80 layers, 64 query heads, 8 KV heads of
dimension 128, so 2·80·8·128·2 B = 320 KiB of KV cache per token and
4·80·64·128·1000 FLOP = 2.62144 GFLOP of attention per token per 1,000 context tokens.
"""

from __future__ import annotations

import math
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairprint import estimate, estimate_batch
from fairprint.registry import Registry

KV_BYTES = 327_680.0
ATTENTION_FLOP = 2.62144e9
HEADER = (
    "model_id,status,attention,layers,query_heads,kv_heads,head_dim,kv_latent_dim,"
    "kv_cache_kib_per_token_low,kv_cache_kib_per_token,kv_cache_kib_per_token_high,"
    "attention_gflop_per_token_per_1k_context_low,attention_gflop_per_token_per_1k_context,"
    "attention_gflop_per_token_per_1k_context_high,notes,source,source_url,year,licence"
)


@pytest.fixture()
def kv_registry(registry_copy: Path) -> Registry:
    row = (
        "dense-70b,disclosed,gqa,80,64,8,128,,320,320,320,2.62144,2.62144,2.62144,"
        "test fixture,test fixture,https://example.org/fairprint-test-fixture,2024,CC0-1.0"
    )
    (registry_copy / "architectures.csv").write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    return Registry(registry_copy)


def _by_hand(fresh: float, generated: float) -> float:
    """Central accelerator-seconds of one request, step by step as in the methodology."""
    weights = 70e9 * 2
    replica = math.ceil((1.2 * weights + 1000 * KV_BYTES) / 80e9)
    free = replica * 80e9 - weights
    bandwidth = 3e12 * 0.7
    prefill_context_k = fresh / 2 / 1000
    decode_context_k = (fresh + generated / 2) / 1000
    prefill = (2 * 70e9 + ATTENTION_FLOP * prefill_context_k) / (1000e12 * 0.5)
    compute = (2 * 70e9 + ATTENTION_FLOP * decode_context_k) / (1000e12 * 0.1)
    kv_read = 1000 * decode_context_k * KV_BYTES
    batch = min(16 * (weights / 80e9), free / kv_read)
    memory = (weights / max(batch, 1.0) + kv_read) / bandwidth
    return fresh * prefill + generated * max(compute, memory)


@pytest.mark.parametrize(("fresh", "generated"), [(1000, 500), (100_000, 500), (200, 3000)])
def test_accelerator_seconds_recomputed_by_hand(kv_registry, fresh, generated) -> None:
    result = estimate("dense-70b", fresh, generated, registry=kv_registry)
    assert result.accelerator_s.central == pytest.approx(_by_hand(fresh, generated), rel=1e-12)


def test_long_context_shrinks_the_batch(kv_registry) -> None:
    """At 100k context a sequence's KV cache (33 GB) leaves room for 3: weights dominate."""
    short = estimate("dense-70b", 1000, 500, registry=kv_registry)
    long = estimate("dense-70b", 100_000, 500, registry=kv_registry)
    decode_short = short.accelerator_s.central - 1000 * (2 * 70e9 + ATTENTION_FLOP * 0.5) / 5e14
    assert long.accelerator_s.central > 10 * short.accelerator_s.central
    assert decode_short > 0


def test_without_architecture_the_old_weights_only_kernel_remains(mini_registry) -> None:
    """No architecture row: KV and attention terms are 0 (stated as unknown)."""
    a = estimate("dense-70b", 1000, 500, registry=mini_registry)
    b = estimate("dense-70b", 100_000, 500, registry=mini_registry)
    per_token_in = 2 * 70e9 / (1000e12 * 0.5)
    assert b.accelerator_s.central - a.accelerator_s.central == pytest.approx(99_000 * per_token_in)


def test_aggregated_rows_use_the_context_of_one_request(kv_registry) -> None:
    """A row of 10 requests with 10x the tokens costs 10x one request, not more."""
    one = estimate_batch(
        pa.table({"model": ["dense-70b"], "input_tokens": [5000], "output_tokens": [700]}),
        kv_registry,
    )
    ten = estimate_batch(
        pa.table(
            {
                "model": ["dense-70b"],
                "input_tokens": [50_000],
                "output_tokens": [7000],
                "requests": [10],
            }
        ),
        kv_registry,
    )
    assert ten["accelerator_s"][0].as_py() == pytest.approx(10 * one["accelerator_s"][0].as_py())


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)  # the registry is read-only: sharing it between examples is safe
@given(
    context=st.integers(min_value=0, max_value=120_000),
    extra=st.integers(min_value=1, max_value=50_000),
)
def test_energy_per_output_token_grows_with_context(kv_registry, context, extra) -> None:
    base = estimate("dense-70b", max(context, 1), 100, registry=kv_registry)
    longer = estimate("dense-70b", max(context, 1) + extra, 100, registry=kv_registry)
    decode = [
        r.accelerator_s.central
        - estimate("dense-70b", r.input_tokens, 0, registry=kv_registry).accelerator_s.central
        for r in (base, longer)
    ]
    assert decode[1] > decode[0]


def test_shipped_kernel_grows_with_model_size_per_output_token() -> None:
    """The weights-only kernel gave every large model the same J per output token."""
    registry = Registry.default()
    per_token = [
        estimate(m, 1000, 1000, registry=registry, boundary="accelerator").energy_kwh.central
        for m in ("llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b")
    ]
    assert per_token[0] < per_token[1] < per_token[2]
    assert per_token[2] / per_token[1] > 1.5
