"""The data-work kernels on hand-computed cases; unknown stays NaN, never 0."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fairprint.impacts.datawork import (
    fair_data_premium,
    human_hours,
    per_million_requests,
    per_request,
    wage_gap,
)


def test_human_hours_sums_counts_times_minutes() -> None:
    # 1,000 demonstrations x 3 min + 600 comparisons x 10 min = 9,000 min = 150 h
    assert human_hours([1000, 600], [3, 10]) == pytest.approx(150.0)


def test_human_hours_is_nan_when_a_time_is_unknown() -> None:
    assert math.isnan(human_hours([1000, 600], [3, math.nan]))


def test_human_hours_with_no_counts_is_unknown_not_zero() -> None:
    assert math.isnan(human_hours([], []))


def test_human_hours_rejects_mismatched_inputs() -> None:
    with pytest.raises(ValueError):
        human_hours([1, 2], [3])


def test_per_request_divides_hours_by_lifetime_requests() -> None:
    assert per_request(150.0, 1_000_000.0) == pytest.approx(1.5e-4)


def test_per_request_is_nan_for_unknown_or_non_positive_requests() -> None:
    result = per_request([150.0, math.nan, 150.0], [0.0, 1e6, math.nan])
    assert np.isnan(result).all()


def test_wage_gap_gives_ratio_and_shortfall() -> None:
    ratio, shortfall = wage_gap(1.5, 6.0)
    assert ratio == pytest.approx(0.25)
    assert shortfall == pytest.approx(4.5)


def test_wage_gap_shortfall_is_zero_when_pay_exceeds_the_standard() -> None:
    ratio, shortfall = wage_gap(8.0, 6.0)
    assert ratio == pytest.approx(8 / 6)
    assert shortfall == 0.0


def test_fair_data_premium_total_and_per_million_requests() -> None:
    premium = fair_data_premium(150.0, 4.5)  # 150 h short by 4.5 $/h
    assert premium == pytest.approx(675.0)
    assert per_million_requests(premium, 10_000_000.0) == pytest.approx(67.5)


def test_fair_data_premium_of_unknown_hours_is_unknown() -> None:
    assert math.isnan(float(fair_data_premium(math.nan, 4.5)))
