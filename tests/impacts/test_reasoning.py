"""Hidden reasoning tokens: counted when given, estimated (and flagged) when not."""

from __future__ import annotations

import pyarrow as pa
import pytest

from fairprint import estimate, estimate_batch
from fairprint.registry import Registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.default()


def test_reasoning_model_without_a_count_is_charged_published_ratios(registry) -> None:
    ratio = registry.reasoning_ratio("o4-mini")
    assert ratio is not None and ratio["source_url"]
    result = estimate("o4-mini", 500, 400, registry=registry)
    hidden = result.reasoning_tokens_estimated
    assert hidden.central == pytest.approx(400 * float(ratio["reasoning_per_output_token"]))
    assert hidden.low <= hidden.central <= hidden.high
    assert result.reasoning_note.startswith("estimated")
    counted = estimate("o4-mini", 500, 400, reasoning_tokens=0, registry=registry)
    assert result.energy_kwh.central > 2 * counted.energy_kwh.central


def test_a_given_count_is_kept_even_zero(registry) -> None:
    a = estimate("o4-mini", 500, 400, reasoning_tokens=1200, registry=registry)
    b = estimate("o4-mini", 500, 1600, reasoning_tokens=0, registry=registry)
    assert a.reasoning_tokens_estimated.central is None
    assert a.reasoning_note == "reasoning tokens as counted"
    assert a.energy_kwh.central == pytest.approx(b.energy_kwh.central)


def test_other_models_get_no_hidden_reasoning(registry) -> None:
    result = estimate("gpt-4o", 500, 400, registry=registry)
    assert result.reasoning_tokens_estimated.central is None
    assert "not a reasoning model" in result.reasoning_note


def test_batch_flags_estimated_rows_and_matches_single(registry) -> None:
    table = pa.table(
        {"model": ["o4-mini", "gpt-4o"], "input_tokens": [500, 500], "output_tokens": [400, 400]}
    )
    out = estimate_batch(table, registry)
    assert out["reasoning_tokens_estimated"].to_pylist()[1] is None
    single = estimate("o4-mini", 500, 400, registry=registry)
    assert out["reasoning_tokens_estimated"][0].as_py() == single.reasoning_tokens_estimated.central
    assert out["energy_kwh"][0].as_py() == pytest.approx(single.energy_kwh.central, rel=1e-12)
    counted = estimate_batch(table.append_column("reasoning_tokens", pa.array([0, 0])), registry)
    assert counted["reasoning_tokens_estimated"].null_count == 2
