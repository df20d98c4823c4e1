"""fairprint's estimates against the held-out published figures, case by case.

The figures, with their sources, boundaries and token assumptions, live in
``registry/data/validation_cases.csv`` (``fairprint validate`` shows them all; the
summary thresholds are in ``tests/validation/test_thresholds.py``). Here: every case
runs (none is skipped for lack of a model or of token counts) and the figures that
describe how energy scales with prompt length keep their shape.
"""

from __future__ import annotations

import pytest

from fairprint import estimate
from fairprint.validation import compare_cases, load_cases

CASES = load_cases()
BY_ID = {case.case_id: case for case in CASES}


def test_every_published_case_runs_with_its_own_tokens() -> None:
    comparisons = compare_cases(CASES)
    assert len(comparisons) == len(CASES) >= 20
    for comparison in comparisons:
        case = comparison.case
        assert case.output_tokens >= 1, case.case_id
        refused = comparison.central is None
        assert not refused or comparison.note.startswith("no estimate:"), case.case_id


def test_only_models_without_any_size_figure_are_refused() -> None:
    for comparison in compare_cases(CASES):
        if comparison.central is None:
            assert comparison.case.params_status == "unknown", comparison.case.case_id


@pytest.mark.parametrize("case_id", sorted(c for c in BY_ID if c.startswith("epoch-")))
def test_epoch_cases_are_estimated_at_their_prompt_length(case_id: str) -> None:
    case = BY_ID[case_id]
    result = estimate(case.model_id, case.input_tokens or 0, case.output_tokens)
    assert result.input_tokens == case.input_tokens
    assert result.energy_kwh.central is not None and result.energy_kwh.central > 0


def test_long_prompts_scale_like_epochs_estimates() -> None:
    """Epoch: 0.3 Wh (short), 40 Wh (100k input): prefill of long prompts dominates."""
    short_case, long_case = BY_ID["epoch-gpt-4o-typical"], BY_ID["epoch-gpt-4o-100k-input"]
    short = estimate("gpt-4o", short_case.input_tokens or 0, 500).energy_kwh.central
    long = estimate("gpt-4o", long_case.input_tokens or 0, 500).energy_kwh.central
    assert short and long
    assert long / short > 10
    assert long / short == pytest.approx(long_case.value / short_case.value, rel=0.9)
