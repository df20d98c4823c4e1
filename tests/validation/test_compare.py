"""Comparison rules: boundary passed or flagged, ratio, inside, width, summary shares."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pytest

from fairprint.errors import InputError
from fairprint.estimate import Range
from fairprint.registry.registry import Registry
from fairprint.validation import Comparison, compare_case, load_cases, summarise


class _Result:
    def __init__(self, kwh: tuple[float, float, float]) -> None:
        self.energy_kwh = Range(low=kwh[0], central=kwh[1], high=kwh[2])


@pytest.fixture(scope="module")
def case():
    by_id = {c.case_id: c for c in load_cases()}
    return by_id["google-gemini-apps-median-energy-accelerator"]


def test_the_case_boundary_is_passed_when_estimate_accepts_one(case) -> None:
    seen: dict[str, Any] = {}

    def estimator(model: str, boundary: str = "facility", **kwargs: Any) -> _Result:
        seen.update(kwargs, model=model, boundary=boundary)
        return _Result((5e-5, 1e-4, 2e-4))

    result = compare_case(case, Registry.default(), estimator)
    assert seen["boundary"] == "accelerator" and seen["model"] == "gemini-2.5-flash"
    assert (seen["input_tokens"], seen["output_tokens"]) == (400, 400)
    assert result.boundary_matched and result.note == ""
    assert (result.low, result.central, result.high) == pytest.approx((0.05, 0.1, 0.2))


def test_a_missing_boundary_is_flagged_not_hidden(case) -> None:
    def estimator(model: str, **kwargs: Any) -> _Result:
        return _Result((5e-5, 1e-4, 2e-4))

    result = compare_case(case, Registry.default(), estimator)
    assert result.boundary_used == "facility" and not result.boundary_matched
    assert "no accelerator boundary" in result.note


def test_a_refused_estimate_counts_as_a_miss(case) -> None:
    def estimator(model: str, **kwargs: Any) -> _Result:
        raise InputError("parameter counts are undisclosed")

    result = compare_case(case, Registry.default(), estimator)
    assert result.central is None and not result.inside and not result.within_2x
    assert "undisclosed" in result.note


def test_ratio_inside_and_width_by_hand(case) -> None:
    c = Comparison(case, 0.05, 0.19, 0.4, "accelerator", "")
    assert c.ratio == pytest.approx(1.9) and c.within_2x
    assert c.inside and c.width == pytest.approx(8.0)
    far = Comparison(case, 0.2, 0.21, 0.3, "accelerator", "")
    assert not far.within_2x and not far.inside


def test_summary_shares_and_median_widths(case) -> None:
    disclosed = replace(case, stand_in=False, params_status="disclosed")
    comparisons = [
        Comparison(case, 0.05, 0.1, 0.2, "accelerator", ""),  # width 4, inside, 1x
        Comparison(case, 0.01, 0.03, 0.09, "accelerator", ""),  # width 9, out, 0.3x
        Comparison(disclosed, 0.05, 0.1, 0.5, "accelerator", ""),  # width 10, inside
        Comparison(case, None, None, None, "facility", "no estimate"),
    ]
    summary = summarise(comparisons)
    assert (summary.cases, summary.within_2x, summary.inside) == (4, 2, 2)
    assert summary.share_within_2x == 0.5 and summary.boundary_matched == 3
    assert summary.median_width_undisclosed == pytest.approx(6.5)
    assert summary.median_width_disclosed == pytest.approx(10.0)
    assert (summary.disclosed_cases, summary.disclosed_within_2x, summary.disclosed_inside) == (
        1,
        1,
        1,
    )
    assert summary.geometric_mean_ratio == pytest.approx(math.exp((0 + math.log(0.3) + 0) / 3))
