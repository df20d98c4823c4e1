"""Attention-side architecture figures: KV-cache bytes and attention FLOPs per token.

Why a separate table: decode energy grows with the KV cache a request reads and prefill
with the attention FLOPs over its context; neither follows from the parameter count. The
figures of ``registry/data/architectures.csv`` are *derived* from a model's disclosed
config (layers, heads, head dimension, MLA latent width) by the two formulas below, and
for closed models are *ranged by analogy* with the disclosed models of similar size
(:func:`analogy_range`). Tests hold every row of the table to these functions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

BYTES_PER_VALUE = 2
"""KV cache stored in 16-bit floats (BF16/FP16), the serving default of the configs read."""


def kv_cache_kib_per_token(
    layers: float, kv_heads: float, head_dim: float, kv_latent_dim: float = math.nan
) -> float:
    """KiB of KV cache one token adds: ``2·layers·kv_heads·head_dim·2 B / 1024``.

    Multi-head latent attention (DeepSeek-V3 family) caches one latent vector per layer
    instead of keys and values: ``layers·kv_latent_dim·2 B / 1024`` with
    ``kv_latent_dim = kv_lora_rank + qk_rope_head_dim`` (DeepSeek-V3 report, section 2.1).
    """
    if not math.isnan(kv_latent_dim):
        return layers * kv_latent_dim * BYTES_PER_VALUE / 1024
    return 2 * layers * kv_heads * head_dim * BYTES_PER_VALUE / 1024


def attention_gflop_per_token_per_1k_context(
    layers: float, query_heads: float, head_dim: float
) -> float:
    """GFLOP one token spends attending to 1,000 context tokens: ``4·layers·heads·d·1000/1e9``.

    Two matrix products per head (scores ``QKᵀ`` and the weighted sum ``AV``), each a
    multiply-add (2 FLOP) per head dimension and context token (Kaplan et al. 2020, table 1).
    """
    return 4 * layers * query_heads * head_dim * 1000 / 1e9


def analogy_range(
    total_params_b: tuple[float, float],
    disclosed: Sequence[tuple[str, float, float]],
    widen: float = 1.5,
    nearest: int = 3,
) -> tuple[float, float, float, list[str]]:
    """A (low, central, high) range for an undisclosed model from disclosed analogues.

    ``disclosed`` holds ``(model_id, total_params_b, value)``. The analogues are the
    disclosed models whose total size lies within the undisclosed model's published
    size range widened by ``widen`` both ways; where those give fewer than two distinct
    values, the ``nearest`` models with distinct values by log-distance to the geometric
    middle of the range (models sharing one architecture count once). low/high are the
    analogues' extremes and central their geometric mean (the registry's range rule:
    size uncertainty is multiplicative). A NaN size range uses every disclosed model.
    """
    low_b, high_b = total_params_b
    if math.isnan(low_b) or math.isnan(high_b):
        chosen = list(disclosed)
    else:
        chosen = [d for d in disclosed if low_b / widen <= d[1] <= high_b * widen]
        if len({d[2] for d in chosen}) < 2:
            middle = math.sqrt(low_b * high_b)
            by_distance = sorted(disclosed, key=lambda d: (abs(math.log(d[1] / middle)), d[0]))
            chosen, seen = [], set()
            for point in by_distance:
                if point[2] not in seen:
                    seen.add(point[2])
                    chosen.append(point)
                if len(seen) == nearest:
                    break
    values = [d[2] for d in chosen]
    low, high = min(values), max(values)
    return low, math.sqrt(low * high), high, sorted(d[0] for d in chosen)


def disclosed_points(
    rows: Iterable[Mapping[str, object]],
    models: Mapping[str, Mapping[str, object]],
    column: str,
) -> list[tuple[str, float, float]]:
    """``(model_id, total_params_b, value)`` of the disclosed rows, for :func:`analogy_range`."""
    points = []
    for row in rows:
        if row["status"] != "disclosed":
            continue
        model_id = str(row["model_id"])
        size = float(str(models[model_id]["total_params_b"]))
        points.append((model_id, size, float(str(row[column]))))
    return points
