"""The kernels against hand-computed values (equations in docs/methodology.md)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fairprint.impacts import electricity, embodied, energy, water
from fairprint.impacts.uncertainty import pick


def test_accelerators_cover_weights_and_overhead() -> None:
    # 70 B params × 2 bytes × 1.2 = 168 GB → 3 accelerators of 80 GB
    assert energy.accelerators_for_memory(70, 2, 1.2, 80) == 3
    # a tiny model still needs one accelerator
    assert energy.accelerators_for_memory(0.5, 2, 1.2, 80) == 1


def test_prefill_is_two_flops_per_active_parameter() -> None:
    # 2 × 70e9 FLOP / (1000e12 FLOP/s × 0.5) = 2.8e-4 s
    assert energy.prefill_seconds_per_token(70, 1000, 0.5) == pytest.approx(2.8e-4)


def test_decode_takes_the_slower_of_compute_and_memory() -> None:
    compute = 2 * 70e9 / (1000e12 * 0.1)  # 1.4e-3 s
    filled = 140 / 80  # accelerators the 140 GB of weights fill
    memory_bound = 70e9 * 2 / (3e12 * 0.7 * 4 * filled)  # few sequences: weight reads dominate
    assert memory_bound > compute
    got = energy.decode_seconds_per_token(70, 70, 2, 1000, 0.1, 3, 0.7, 4, 80)
    assert got == pytest.approx(memory_bound)
    many = energy.decode_seconds_per_token(70, 70, 2, 1000, 0.1, 3, 0.7, 512, 80)
    assert many == pytest.approx(compute)


def test_small_model_on_one_accelerator_reads_only_its_weights() -> None:
    got = energy.decode_seconds_per_token(1, 1, 2, 1000, 1.0, 3, 1.0, 1, 80)
    assert got == pytest.approx(2e9 / 3e12)


def test_moe_memory_term_uses_total_parameters() -> None:
    dense_like = energy.decode_seconds_per_token(17, 17, 2, 1000, 0.1, 3, 0.7, 1, 80)
    moe = energy.decode_seconds_per_token(17, 400, 2, 1000, 0.1, 3, 0.7, 1, 80)
    assert moe > dense_like


def test_it_energy_adds_host_and_idle_shares() -> None:
    # 700 W × 0.8 × (1 + 0.43 + 0.17) / 3.6e6 kWh per accelerator-second
    got = energy.it_kwh_per_accelerator_second(700, 0.8, 0.43, 0.17)
    assert got == pytest.approx(700 * 0.8 * 1.6 / 3.6e6)


def test_wue_multiplies_it_energy_not_facility_energy() -> None:
    it_kwh = 2.0
    assert water.onsite_water_l(it_kwh, 0.3) == pytest.approx(0.6)
    facility = energy.facility_energy(it_kwh, 1.5)
    assert facility == pytest.approx(3.0)
    assert electricity.per_kwh(facility, 2.0) == pytest.approx(6.0)


def test_carbon_converts_grams_to_kilograms() -> None:
    assert electricity.carbon_kgco2e(2.0, 500) == pytest.approx(1.0)


def test_embodied_is_spread_over_lifetime_seconds() -> None:
    per_second = embodied.embodied_per_accelerator_second(150, 2000, 8, 5)
    assert per_second == pytest.approx((150 + 250) / (5 * 365.25 * 24 * 3600))


def test_unknown_factor_stays_unknown() -> None:
    assert math.isnan(float(electricity.per_kwh(1.0, np.nan)))


@pytest.mark.parametrize(("favourable_end", "expected"), [("low", (1, 2, 3)), ("high", (3, 2, 1))])
def test_scenarios_take_favourable_and_unfavourable_ends(favourable_end, expected) -> None:
    assert tuple(pick(1, 2, 3, s, favourable_end) for s in ("low", "central", "high")) == expected
