"""The architectures table: derived columns follow their formulas, every model has a row."""

from __future__ import annotations

import math

import pytest

from fairprint.registry.registry import Registry
from fairprint.validation.architectures import (
    analogy_range,
    attention_gflop_per_token_per_1k_context,
    disclosed_points,
    kv_cache_kib_per_token,
)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.default()


def _rows(registry: Registry) -> list:
    return list(registry.table("architectures").rows)


def test_every_model_has_an_architecture_row(registry: Registry) -> None:
    ids = {str(r["model_id"]) for r in _rows(registry)}
    assert ids == {str(m["model_id"]) for m in registry.models}


def test_disclosed_rows_equal_their_formulas(registry: Registry) -> None:
    disclosed = [r for r in _rows(registry) if r["status"] == "disclosed"]
    assert len(disclosed) >= 20
    for row in disclosed:
        kv = kv_cache_kib_per_token(
            float(row["layers"]),
            float(row["kv_heads"]),
            float(row["head_dim"]),
            float(row["kv_latent_dim"]),
        )
        flop = attention_gflop_per_token_per_1k_context(
            float(row["layers"]), float(row["query_heads"]), float(row["head_dim"])
        )
        for suffix in ("_low", "", "_high"):
            assert float(row[f"kv_cache_kib_per_token{suffix}"]) == pytest.approx(kv, rel=1e-5)
            column = f"attention_gflop_per_token_per_1k_context{suffix}"
            assert float(row[column]) == pytest.approx(flop, rel=1e-5), row["model_id"]


def test_llama_70b_kv_cache_is_320_kib_per_token(registry: Registry) -> None:
    """Hand check: 2 x 80 layers x 8 KV heads x 128 x 2 bytes = 327,680 B = 320 KiB."""
    row = next(r for r in _rows(registry) if r["model_id"] == "llama-3.1-70b")
    assert float(row["kv_cache_kib_per_token"]) == 320


def test_mla_caches_one_latent_per_layer(registry: Registry) -> None:
    """DeepSeek-V3: 61 layers x (512 + 64) x 2 bytes = 70,272 B = 68.625 KiB."""
    row = next(r for r in _rows(registry) if r["model_id"] == "deepseek-v3")
    assert float(row["kv_cache_kib_per_token"]) == pytest.approx(68.625)


def test_estimated_rows_follow_the_analogy_rule(registry: Registry) -> None:
    models = {str(m["model_id"]): m for m in registry.models}
    rows = _rows(registry)
    for column in ("kv_cache_kib_per_token", "attention_gflop_per_token_per_1k_context"):
        points = disclosed_points(rows, models, column)
        for row in (r for r in rows if r["status"] == "estimated"):
            model = models[str(row["model_id"])]
            size = (float(model["total_params_b_low"]), float(model["total_params_b_high"]))
            low, central, high, names = analogy_range(size, points)
            assert float(row[f"{column}_low"]) == pytest.approx(low, rel=1e-5)
            assert float(row[column]) == pytest.approx(central, rel=1e-5)
            assert float(row[f"{column}_high"]) == pytest.approx(high, rel=1e-5)
            assert all(name in str(row["notes"]) for name in names), row["model_id"]


def test_unknown_rows_carry_no_numbers(registry: Registry) -> None:
    for row in (r for r in _rows(registry) if r["status"] == "unknown"):
        assert math.isnan(float(row["kv_cache_kib_per_token"])), row["model_id"]
        assert str(row["notes"]).strip(), row["model_id"]


def test_analogy_counts_a_shared_architecture_once() -> None:
    points = [("a", 600.0, 10.0), ("b", 650.0, 10.0), ("c", 100.0, 40.0), ("d", 50.0, 5.0)]
    low, central, high, _names = analogy_range((2000.0, 4000.0), points, nearest=2)
    assert (low, high) == (10.0, 40.0) and central == pytest.approx(20.0)
