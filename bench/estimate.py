"""Benchmark: fairprint's batch throughput and single-call latency against EcoLogits.

Run: ``.venv/bin/python bench/estimate.py [--rows 1000000] [--ecologits-calls 3000]``.
Both tools estimate the same synthetic requests (real model names, random token counts) in
this process; the ratios printed are fairprint per-request throughput over EcoLogits'.
EcoLogits has no batch API, so its per-request figure comes from calling ``llm_impacts``
in a loop (its own public entry point).
"""

from __future__ import annotations

import argparse
import logging
import time
import warnings

import numpy as np
import pyarrow as pa

import fairprint
from fairprint.registry import Registry

MODELS = ("gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "llama-3.1-70b", "mistral-large-2")


def synthetic_requests(rows: int, seed: int = 7) -> pa.Table:
    rng = np.random.default_rng(seed)
    models = pa.array(np.array(MODELS)[rng.integers(0, len(MODELS), rows)])
    return pa.table(
        {
            "model": models,
            "input_tokens": rng.integers(10, 8000, rows),
            "cached_input_tokens": rng.integers(0, 2000, rows),
            "output_tokens": rng.integers(1, 2000, rows),
        }
    )


def time_batch(table: pa.Table, registry: Registry, repeats: int = 3) -> float:
    fairprint.estimate_batch(table.slice(0, 1000), registry)  # warm caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fairprint.estimate_batch(table, registry)
        times.append(time.perf_counter() - start)
    return min(times)


def time_single(registry: Registry, calls: int = 20_000) -> float:
    fairprint.estimate("gpt-4o", 1200, 500, registry=registry)
    start = time.perf_counter()
    for i in range(calls):
        fairprint.estimate("gpt-4o", 1200 + (i & 7), 500, registry=registry)
    return (time.perf_counter() - start) / calls


def time_ecologits(calls: int) -> float | None:
    try:
        from ecologits.tracers.utils import llm_impacts
    except ImportError:
        return None
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    names = {"claude-3-5-sonnet": ("anthropic", "claude-3-5-sonnet-latest")}
    args = [names.get(m, ("openai", m)) for m in ("gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet")]
    llm_impacts(provider="openai", model_name="gpt-4o", output_token_count=500, request_latency=5.0)
    start = time.perf_counter()
    for i in range(calls):
        provider, model = args[i % len(args)]
        llm_impacts(
            provider=provider,
            model_name=model,
            output_token_count=500 + (i & 7),
            request_latency=5.0,
        )
    return (time.perf_counter() - start) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--ecologits-calls", type=int, default=3_000)
    args = parser.parse_args()
    registry = Registry.default()
    table = synthetic_requests(args.rows)
    batch_s = time_batch(table, registry)
    single_s = time_single(registry)
    eco_s = time_ecologits(args.ecologits_calls)
    per_row_batch = batch_s / args.rows
    print(
        f"fairprint batch:  {args.rows:,} requests in {batch_s:.3f} s "
        f"({args.rows / batch_s:,.0f} requests/s, {per_row_batch * 1e6:.3f} µs/request)"
    )
    print(f"fairprint single: {single_s * 1e6:.1f} µs per estimate() call")
    if eco_s is None:
        print("EcoLogits not installed: `pip install ecologits` to compare")
        return
    print(f"EcoLogits:        {eco_s * 1e6:.1f} µs per llm_impacts() call ({1 / eco_s:,.0f}/s)")
    print(f"ratio batch throughput  fairprint/EcoLogits: {eco_s / per_row_batch:,.0f}x")
    print(f"ratio single-call speed fairprint/EcoLogits: {eco_s / single_s:,.1f}x")
    print(
        f"targets: 1M batch < 1 s: {'met' if batch_s * 1e6 / args.rows < 1 else 'NOT met'}; "
        f">=100x EcoLogits on batches: {'met' if eco_s / per_row_batch >= 100 else 'NOT met'}; "
        f"single < 100 µs: {'met' if single_s < 100e-6 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
