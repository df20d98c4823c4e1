"""The fit set: GPU-energy measurements of open models, each traceable to its source."""

from __future__ import annotations

import math

import pytest

from fairprint.registry.loader import Table
from fairprint.registry.registry import Registry
from fairprint.registry.schema import ENERGY_MEASUREMENTS


@pytest.fixture(scope="module")
def table() -> Table:
    return Registry.default().extra_table("energy_measurements", ENERGY_MEASUREMENTS)


def test_every_measurement_names_a_registry_model_and_accelerator(table: Table) -> None:
    registry = Registry.default()
    for row in table.rows:
        assert registry.model(str(row["model_id"]))["model_id"] == row["model_id"]
        assert registry.hardware(str(row["hardware_id"]))["hardware_id"] == row["hardware_id"]


def test_every_measurement_has_a_positive_value_and_output_length(table: Table) -> None:
    for row in table.rows:
        assert float(row["value"]) > 0, row["case_id"]
        assert float(row["output_tokens"]) > 0, row["case_id"]
        assert float(row["accelerators"]) >= 1, row["case_id"]


def test_fit_set_spans_sizes_and_both_gpu_generations(table: Table) -> None:
    models = {str(r["model_id"]) for r in table.rows}
    assert {"llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "deepseek-v3.1"} <= models
    assert {str(r["hardware_id"]) for r in table.rows} >= {"nvidia-h100-sxm", "nvidia-b200"}
    assert len(table.rows) >= 100


def test_llama_8b_h100_batch_64_matches_the_leaderboard(table: Table) -> None:
    """ML.ENERGY v3: Llama 3.1 8B, one H100, max batch 64: 0.1186 J per output token."""
    row = next(
        r
        for r in table.rows
        if r["case_id"] == "mlenergy-v3-llama-3.1-8b-instruct-lm-arena-chat-h100x1-b64"
    )
    assert float(row["value"]) == pytest.approx(0.1186, abs=5e-5)
    assert row["boundary"] == "accelerator" and row["metric"] == "j_per_output_token"


def test_batched_measurements_record_their_concurrency(table: Table) -> None:
    for row in table.rows:
        if str(row["case_id"]).startswith("mlenergy-"):
            assert not math.isnan(float(row["mean_batch_size"])), row["case_id"]
            assert float(row["mean_batch_size"]) <= float(row["batch_size"]) + 1e-9
