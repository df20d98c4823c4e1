"""Boundaries (accelerator, IT, facility, life cycle), market-based carbon and the no-token rule."""

from __future__ import annotations

import math
from pathlib import Path

import pyarrow as pa
import pytest

from fairprint import estimate, estimate_batch
from fairprint.errors import InputError
from fairprint.impacts.boundary import BOUNDARIES
from fairprint.registry import Registry


def test_boundaries_peel_off_pue_then_host_and_idle_by_hand(mini_registry) -> None:
    """dense-70b central: facility = IT x PUE 1.2; IT = accelerator x (1 + 0.43 + 0.17)."""
    facility = estimate("dense-70b", 1000, 500, registry=mini_registry)
    it = estimate("dense-70b", 1000, 500, registry=mini_registry, boundary="it")
    accelerator = estimate("dense-70b", 1000, 500, registry=mini_registry, boundary="accelerator")
    assert it.energy_kwh.central == pytest.approx(facility.energy_kwh.central / 1.2)
    assert accelerator.energy_kwh.central == pytest.approx(it.energy_kwh.central / 1.6)
    seconds = facility.accelerator_s.central
    assert accelerator.energy_kwh.central == pytest.approx(seconds * 700 * 0.8 / 3.6e6)
    assert it.gwp_usage_kgco2e.central == pytest.approx(it.energy_kwh.central * 500 / 1000)


def test_facility_is_the_default_and_keeps_embodied_and_cooling_water(mini_registry) -> None:
    default = estimate("dense-70b", 1000, 500, registry=mini_registry)
    assert default.boundary == "facility"
    assert default.gwp_embodied_kgco2e.central > 0
    assert default.water_onsite_l.central > 0


@pytest.mark.parametrize("boundary", ["accelerator", "it"])
def test_energy_boundaries_leave_out_cooling_water_and_embodied(mini_registry, boundary) -> None:
    result = estimate("dense-70b", 1000, 500, registry=mini_registry, boundary=boundary)
    assert result.water_onsite_l.central == 0
    assert result.gwp_embodied_kgco2e.central == 0
    assert result.gwp_kgco2e.central == result.gwp_usage_kgco2e.central
    assert result.boundary == boundary and result.boundary_note


def test_lifecycle_says_training_is_unknown_not_zero(mini_registry) -> None:
    result = estimate("dense-70b", 1000, 500, registry=mini_registry, boundary="lifecycle")
    facility = estimate("dense-70b", 1000, 500, registry=mini_registry)
    assert "training" in result.training_note and "unknown" in result.training_note
    assert result.training_gwp_kgco2e.central is None
    assert result.gwp_kgco2e.central == facility.gwp_kgco2e.central


def _with_training(registry_copy: Path, row: str) -> Registry:
    """The mini registry plus a lifetime-requests parameter and one training row."""
    with (registry_copy / "parameters.csv").open("a", encoding="utf-8") as out:
        out.write(
            "lifetime_requests_per_family,requests,high,test fixture,1e9,1e10,1e11,"
            "test fixture,https://example.org/fairprint-test-fixture,2024,CC0-1.0\n"
        )
    (registry_copy / "training.csv").write_text(
        "model_id,basis,notes,gpu_hours,gpu_power_w,gwp_location_tco2e,water_m3,adpe_kgsbeq,"
        "source,source_url,year,licence\n"
        f"{row},test fixture,https://example.org/fairprint-test-fixture,2024,CC0-1.0\n",
        encoding="utf-8",
    )
    return Registry(registry_copy)


def test_lifecycle_amortises_disclosed_training_by_hand(registry_copy: Path) -> None:
    """1000 t over 1e9/1e10/1e11 requests: 1 g high, 0.1 g central, 0.01 g low per request;
    2e6 GPU h x 500 W = 1e6 kWh -> 1e-4 kWh central; two requests double both."""
    registry = _with_training(registry_copy, "dense-70b,disclosed,fixture,2000000,500,1000,,")
    life = estimate("dense-70b", 1000, 500, requests=2, registry=registry, boundary="lifecycle")
    facility = estimate("dense-70b", 1000, 500, requests=2, registry=registry)
    training = life.training_gwp_kgco2e
    assert (training.low, training.central, training.high) == pytest.approx((2e-5, 2e-4, 2e-3))
    assert life.training_energy_kwh.central == pytest.approx(2e-4)
    assert life.gwp_kgco2e.central == pytest.approx(facility.gwp_kgco2e.central + 2e-4)
    assert life.training_water_l.central is None  # undisclosed: unknown, not zero
    assert life.water_l.central == pytest.approx(facility.water_l.central)
    assert "amortised training" in life.training_note and "unknown" not in life.training_note
    assert facility.training_gwp_kgco2e.central is None
    assert "outside" in facility.training_note


def test_gpu_hours_alone_leave_training_unknown(registry_copy: Path) -> None:
    registry = _with_training(registry_copy, "dense-70b,disclosed,fixture,2000000,,,,")
    life = estimate("dense-70b", 1000, 500, registry=registry, boundary="lifecycle")
    assert life.training_energy_kwh.central is None
    assert "GPU hours only" in life.training_note


def test_shipped_llama_training_is_the_model_card_figure() -> None:
    """Llama 3.1 405B: 8,930 t location-based over the central 3.02e10 lifetime requests."""
    life = estimate("llama-3.1-405b", 400, 400, boundary="lifecycle")
    assert life.training_gwp_kgco2e.central == pytest.approx(8930e3 / 3.02e10)


def test_boundaries_are_ordered_in_every_scenario(mini_registry) -> None:
    values = [
        estimate("moe-400b", 3000, 800, registry=mini_registry, boundary=b).energy_kwh
        for b in BOUNDARIES
    ]
    for end in ("low", "central", "high"):
        series = [getattr(v, end) for v in values]
        assert series == sorted(series), end


def test_unknown_boundary_is_refused_with_the_choices(mini_registry) -> None:
    with pytest.raises(InputError, match="accelerator, it, facility, lifecycle"):
        estimate("dense-70b", 10, 10, registry=mini_registry, boundary="cradle-to-grave")


def test_market_based_carbon_uses_the_providers_factor(mini_registry) -> None:
    result = estimate("dense-70b", 1000, 500, registry=mini_registry)
    energy = result.energy_kwh.central
    assert result.gwp_usage_market_kgco2e.central == pytest.approx(energy * 100 / 1000)
    assert result.gwp_market_kgco2e.central == pytest.approx(
        energy * 0.1 + result.gwp_embodied_kgco2e.central
    )


def test_market_based_carbon_is_unknown_where_procurement_is_undisclosed() -> None:
    registry = Registry.default()
    result = estimate("gpt-4o", 1000, 500, registry=registry)
    assert result.gwp_market_kgco2e.central is None
    assert result.gwp_kgco2e.central is not None  # location-based always shown


def test_batch_takes_the_boundary_and_equals_single_estimates(mini_registry) -> None:
    table = pa.table(
        {"model": ["dense-70b", "moe-400b"], "input_tokens": [1000, 50], "output_tokens": [500, 9]}
    )
    for boundary in BOUNDARIES:
        out = estimate_batch(table, mini_registry, boundary=boundary)
        assert out.column("boundary").to_pylist() == [boundary, boundary]
        for i, model in enumerate(("dense-70b", "moe-400b")):
            single = estimate(
                model,
                table["input_tokens"][i].as_py(),
                table["output_tokens"][i].as_py(),
                registry=mini_registry,
                boundary=boundary,
            )
            for column in ("energy_kwh", "gwp_kgco2e", "water_l", "gwp_market_kgco2e"):
                for end, suffix in (("low", "_low"), ("central", ""), ("high", "_high")):
                    got = out.column(f"{column}{suffix}")[i].as_py()
                    assert math.isclose(got, getattr(getattr(single, column), end), rel_tol=1e-12)


def test_a_request_without_any_token_is_refused(mini_registry) -> None:
    with pytest.raises(InputError, match="no tokens at all"):
        estimate("dense-70b", registry=mini_registry)
    assert estimate("dense-70b", 0, 0, cached_input_tokens=5, registry=mini_registry)


def test_metered_rows_keep_their_ranges_ordered(mini_registry) -> None:
    """A metered row's duration is the same in every scenario, so its embodied part is
    ordered only if the embodied factors are (Spark and ledger sums rely on it)."""
    table = pa.table(
        {
            "model": ["dense-70b", "moe-400b", "dense-70b"],
            "input_tokens": [423, 2109, 29],
            "output_tokens": [1682, 366, 595],
            "measured_energy_kwh": [0.000485, 0.000678, 0.000255],
            "duration_s": [26.9, 3.5, 26.7],
        }
    )
    result = estimate_batch(table, registry=mini_registry)
    for stem in ("gwp_embodied_kgco2e", "gwp_kgco2e", "adpe_kgsbeq", "pe_mj"):
        low, central, high = (result.column(f"{stem}{s}").to_numpy() for s in ("_low", "", "_high"))
        assert (low <= central).all() and (central <= high).all(), stem


def test_meta_discloses_zero_market_based_electricity_carbon() -> None:
    """Meta matches all its electricity with certificates (0 t market-based in its model
    cards): market-based carbon of Meta-served requests is the embodied share alone."""
    result = estimate("llama-3.1-70b", 400, 400)
    assert result.datacenter.startswith("meta/")
    assert result.gwp_usage_market_kgco2e.central == 0
    assert result.gwp_market_kgco2e.central == pytest.approx(result.gwp_embodied_kgco2e.central)
    assert result.gwp_kgco2e.central > result.gwp_market_kgco2e.central
    assert estimate("gpt-4o", 400, 400).gwp_market_kgco2e.central is None


def test_batch_lifecycle_carries_the_same_training_as_estimate(registry_copy: Path) -> None:
    """Row totals (2 requests of 1000/500 tokens; 1 of 800/400) against ``estimate()``."""
    registry = _with_training(registry_copy, "dense-70b,disclosed,fixture,2000000,500,1000,,")
    table = pa.table(
        {
            "model": ["dense-70b", "moe-400b"],
            "input_tokens": [2000, 800],
            "output_tokens": [1000, 400],
            "requests": [2, 1],
        }
    )
    batch = estimate_batch(table, registry=registry, boundary="lifecycle").to_pydict()
    singles = [
        estimate("dense-70b", 1000, 500, requests=2, registry=registry, boundary="lifecycle"),
        estimate("moe-400b", 800, 400, registry=registry, boundary="lifecycle"),
    ]
    ends = {"_low": "low", "": "central", "_high": "high"}
    for i, single in enumerate(singles):
        for stem in ("training_gwp_kgco2e", "gwp_kgco2e", "water_l"):
            for end, attribute in ends.items():
                expected = getattr(getattr(single, stem), attribute)
                got = batch[f"{stem}{end}"][i]
                if expected is None:
                    assert got is None or math.isnan(got), stem
                else:
                    assert got == pytest.approx(expected), stem
    assert batch["training_gwp_kgco2e"][0] == pytest.approx(2e-4)
    assert "training_gwp_kgco2e" not in estimate_batch(table, registry=registry).column_names
