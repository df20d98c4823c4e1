"""``estimate`` and ``estimate_batch`` on the mini registry: numbers, ranges and errors."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairprint import estimate, estimate_batch
from fairprint.errors import InputError, UnknownModelError, UnknownRegionError
from fairprint.impacts import RANGED_STEMS


def test_central_energy_recomputed_by_hand(mini_registry) -> None:
    """dense-70b on gpu-a, central scenario, 1000 fresh input + 500 output tokens."""
    result = estimate("dense-70b", 1000, 500, registry=mini_registry)
    prefill = 2 * 70e9 / (1000e12 * 0.5)
    n = math.ceil(70 * 2 * 1.2 / 80)
    decode = max(2 * 70e9 / (1000e12 * 0.1), 70e9 * 2 / (3e12 * 0.7 * 16 * (140 / 80)))
    seconds = 1000 * prefill + 500 * decode
    it_kwh = seconds * 700 * 0.8 * (1 + 0.43 + 0.17) / 3.6e6
    assert result.energy_kwh.central == pytest.approx(it_kwh * 1.2)
    assert result.gwp_usage_kgco2e.central == pytest.approx(it_kwh * 1.2 * 500 / 1000)
    assert result.water_onsite_l.central == pytest.approx(it_kwh * 0.3)
    assert result.water_offsite_l.central == pytest.approx(it_kwh * 1.2 * 2)
    per_second = (150 + 2000 / 8) / (5 * 365.25 * 24 * 3600)
    assert result.gwp_embodied_kgco2e.central == pytest.approx(seconds * per_second)
    assert result.accelerators.central == n


def test_every_range_is_ordered(mini_registry) -> None:
    result = estimate("closed-x", 3000, 800, cached_input_tokens=500, registry=mini_registry)
    for stem in RANGED_STEMS:
        r = getattr(result, stem)
        if stem == "datawork_h":  # undisclosed in the mini registry
            assert r.central is None and result.datawork_status == "undisclosed"
            continue
        assert r.low <= r.central <= r.high, stem


def test_cached_tokens_cost_less_than_fresh_ones(mini_registry) -> None:
    fresh = estimate("dense-70b", 1000, 0, registry=mini_registry)
    cached = estimate("dense-70b", 0, 0, cached_input_tokens=1000, registry=mini_registry)
    assert 0 < cached.energy_kwh.central < fresh.energy_kwh.central


def test_input_tokens_count(mini_registry) -> None:
    """EcoLogits ignores the prompt; fairprint does not."""
    short = estimate("dense-70b", 10, 100, registry=mini_registry)
    long = estimate("dense-70b", 20_000, 100, registry=mini_registry)
    assert long.energy_kwh.central > 2 * short.energy_kwh.central


def test_reasoning_tokens_cost_like_output(mini_registry) -> None:
    a = estimate("dense-70b", 0, 100, reasoning_tokens=400, registry=mini_registry)
    b = estimate("dense-70b", 0, 500, registry=mini_registry)
    assert a.energy_kwh.central == pytest.approx(b.energy_kwh.central)


def test_cleaner_region_emits_less(mini_registry) -> None:
    us = estimate("dense-70b", 100, 100, region="us", registry=mini_registry)
    eu = estimate("dense-70b", 100, 100, region="eu", registry=mini_registry)
    assert eu.gwp_usage_kgco2e.central < us.gwp_usage_kgco2e.central
    assert eu.energy_kwh.central == pytest.approx(us.energy_kwh.central)


def test_zone_without_water_data_reports_unknown_not_zero(mini_registry) -> None:
    eu = estimate("dense-70b", 100, 100, region="eu", registry=mini_registry)
    assert eu.water_offsite_l.central is None
    assert eu.adpe_usage_kgsbeq.central is None


def test_batch_equals_single_estimates(mini_registry) -> None:
    table = pa.table(
        {
            "model": ["dense-70b", "moe-400b", "acme/dense-70b", "closed-x"],
            "input_tokens": [1000, 50, 7, 3000],
            "cached_input_tokens": [0, 10, 0, 500],
            "output_tokens": [500, 5, 9, 800],
            "region": [None, "eu", None, None],
        }
    )
    out = estimate_batch(table, registry=mini_registry)
    for i, row in enumerate(table.to_pylist()):
        single = estimate(
            row["model"],
            row["input_tokens"],
            row["output_tokens"],
            cached_input_tokens=row["cached_input_tokens"],
            region=row["region"],
            registry=mini_registry,
        )
        for stem in ("energy_kwh", "gwp_kgco2e", "pe_mj", "water_onsite_l"):
            for suffix, value in (
                ("_low", single.__dict__[stem].low),
                ("", single.__dict__[stem].central),
                ("_high", single.__dict__[stem].high),
            ):
                assert out.column(stem + suffix)[i].as_py() == pytest.approx(value), (
                    i,
                    stem,
                    suffix,
                )
    assert out.column("model_id").to_pylist() == ["dense-70b", "moe-400b", "dense-70b", "closed-x"]
    assert out.column("datacenter").to_pylist()[1] == "acme/eu"


@pytest.mark.parametrize("frame", ["pandas", "polars"])
def test_batch_accepts_dataframes(mini_registry, frame) -> None:
    data = {
        "model": ["dense-70b", "moe-400b"],
        "input_tokens": [100, 200],
        "output_tokens": [10, 20],
    }
    df = pd.DataFrame(data) if frame == "pandas" else pl.DataFrame(data)
    out = estimate_batch(df, registry=mini_registry)
    assert out.num_rows == 2 and out.column("energy_kwh").null_count == 0


def test_unknown_model_suggests_close_names(mini_registry) -> None:
    with pytest.raises(UnknownModelError) as err:
        estimate("dense-7b", 10, 10, registry=mini_registry)
    assert "dense-70b" in err.value.suggestions


def test_unknown_region_names_the_known_ones(mini_registry) -> None:
    with pytest.raises(UnknownRegionError, match="eu"):
        estimate("dense-70b", 10, 10, region="mars", registry=mini_registry)


def test_undisclosed_parameters_refuse_to_estimate(mini_registry) -> None:
    with pytest.raises(InputError, match="undisclosed"):
        estimate("secret-y", 10, 10, registry=mini_registry)


@pytest.mark.parametrize(
    ("column", "values", "message"),
    [
        ("input_tokens", [10, -1], "row 1"),
        ("output_tokens", [1.5, 2.0], "row 0"),
        ("output_tokens", [1.0, float("nan")], "row 1"),
        ("input_tokens", ["a", "b"], "must hold integers"),
        ("input_tokens", [1, None], "row 1: missing"),
    ],
)
def test_bad_tokens_name_field_and_row(mini_registry, column, values, message) -> None:
    data = {"model": ["dense-70b", "dense-70b"], "input_tokens": [1, 1], "output_tokens": [1, 1]}
    data[column] = values
    with pytest.raises(InputError, match=message) as err:
        estimate_batch(pa.table(data), registry=mini_registry)
    assert column in str(err.value)


def test_unknown_model_in_batch_names_the_row(mini_registry) -> None:
    table = pa.table(
        {"model": ["dense-70b", "nope"], "input_tokens": [1, 1], "output_tokens": [1, 1]}
    )
    with pytest.raises(UnknownModelError, match="row 1"):
        estimate_batch(table, registry=mini_registry)


def test_unknown_rows_can_be_kept_with_a_note(mini_registry) -> None:
    from fairprint.impacts import estimate_table

    table = pa.table(
        {"model": ["dense-70b", "nope"], "input_tokens": [1, 1], "output_tokens": [1, 1]}
    )
    out = estimate_table(table, mini_registry, on_unknown="null")
    assert out.column("energy_kwh")[0].as_py() > 0
    assert out.column("energy_kwh")[1].as_py() is None or math.isnan(
        out.column("energy_kwh")[1].as_py()
    )
    assert "nope" in out.column("impact_note")[1].as_py()


def test_empty_table_is_an_error(mini_registry) -> None:
    with pytest.raises(InputError, match="empty"):
        estimate_batch(
            pa.table(
                {"model": pa.array([], pa.string()), "input_tokens": pa.array([], pa.int64())}
            ),
            registry=mini_registry,
        )


def test_single_estimate_rejects_fractional_tokens(mini_registry) -> None:
    with pytest.raises(InputError, match="whole number"):
        estimate("dense-70b", 1.5, 10, registry=mini_registry)


def test_metered_rows_use_measured_energy(mini_registry) -> None:
    table = pa.table(
        {
            "model": pa.array([None], pa.string()),
            "provider": ["local"],
            "region": ["ZZ-DIRTY"],
            "hardware": ["gpu-a"],
            "measured_energy_kwh": [2.0],
            "duration_s": [3600.0],
        }
    )
    out = estimate_batch(table, registry=mini_registry)
    assert out.column("energy_kwh")[0].as_py() == pytest.approx(2.0)  # no PUE for a local machine
    assert out.column("gwp_usage_kgco2e")[0].as_py() == pytest.approx(1.0)
    per_second = (150 + 2000 / 8) / (5 * 365.25 * 24 * 3600)
    assert out.column("gwp_embodied_kgco2e")[0].as_py() == pytest.approx(3600 * per_second)


tokens = st.integers(min_value=0, max_value=200_000)


@settings(max_examples=60, deadline=None)
@given(
    a=st.integers(min_value=1, max_value=200_000),  # a request without tokens is refused
    b=tokens,
    extra=st.integers(min_value=1, max_value=10_000),
)
def test_monotonic_in_tokens(mini_registry, a, b, extra) -> None:
    base = estimate("closed-x", a, b, registry=mini_registry)
    more_in = estimate("closed-x", a + extra, b, registry=mini_registry)
    more_out = estimate("closed-x", a, b + extra, registry=mini_registry)
    for r in (base, more_in, more_out):
        assert r.energy_kwh.low <= r.energy_kwh.central <= r.energy_kwh.high
    assert more_in.energy_kwh.central > base.energy_kwh.central
    assert more_out.energy_kwh.central > base.energy_kwh.central


@settings(max_examples=40, deadline=None)
@given(small=st.floats(min_value=0.5, max_value=50), factor=st.floats(min_value=1.01, max_value=20))
def test_monotonic_in_parameters(small, factor) -> None:
    from fairprint.impacts import energy

    low = energy.decode_seconds_per_token(small, small, 2, 1000, 0.1, 3, 0.7, 16, 80)
    high = energy.decode_seconds_per_token(
        small * factor, small * factor, 2, 1000, 0.1, 3, 0.7, 16, 80
    )
    assert high >= low * (1 - 1e-12)  # constant once the weights fill accelerators
    assert energy.prefill_seconds_per_token(
        small * factor, 1000, 0.5
    ) > energy.prefill_seconds_per_token(small, 1000, 0.5)
    assert np.all(np.isfinite([low, high]))


def test_batch_adds_datawork_columns_left_unknown_when_undisclosed(mini_registry) -> None:
    table = pa.table({"model": ["dense-70b"], "input_tokens": [10], "output_tokens": [10]})
    out = estimate_batch(table, registry=mini_registry)
    for name in ("datawork_h_low", "datawork_h", "datawork_h_high"):
        value = out.column(name)[0].as_py()
        assert value is None or math.isnan(value), name  # unknown, never 0


def test_batch_amortises_disclosed_datawork_over_lifetime_requests(registry_copy) -> None:
    """A family with published counts and minutes gets hours per request x requests."""
    from fairprint.impacts import estimate_table
    from fairprint.registry import Registry

    shipped = (Path(__file__).parents[2] / "src/fairprint/registry/data/datawork.csv").read_text()
    header = shipped.splitlines()[0].split(",")
    row = dict.fromkeys(header, "")
    row.update(
        family="dense",
        provider="acme",
        field="preference_comparisons",
        value_low="1000",
        value="1000",
        value_high="1000",
        status="disclosed",
        source="test fixture",
        source_url="https://example.org/fairprint-test-fixture",
        year="2024",
        licence="CC0-1.0",
    )
    minutes = dict(row, field="minutes_per_annotation", value_low="6", value="6", value_high="6")
    lines = [",".join(header)] + [",".join(r[h] for h in header) for r in (row, minutes)]
    (registry_copy / "datawork.csv").write_text("\n".join(lines) + "\n")
    registry = Registry(registry_copy)
    table = pa.table(
        {"model": ["dense-70b"], "input_tokens": [1], "output_tokens": [1], "requests": [10]}
    )
    out = estimate_table(table, registry, lifetime_requests=(1e3, 1e4, 1e5))
    total_hours = 1000 * 6 / 60
    assert out.column("datawork_h")[0].as_py() == pytest.approx(total_hours / 1e4 * 10)
    assert out.column("datawork_h_low")[0].as_py() == pytest.approx(total_hours / 1e5 * 10)
    assert out.column("datawork_h_high")[0].as_py() == pytest.approx(total_hours / 1e3 * 10)
