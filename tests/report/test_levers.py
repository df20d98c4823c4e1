"""Levers: counterfactual re-estimates with a smaller model or a cleaner region."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from fairprint.activities import ACTIVITY_COLUMNS
from fairprint.impacts import estimate_table
from fairprint.report import find_levers
from fairprint.report.levers import (
    MODEL_LEVER,
    REGION_LEVER,
    cleanest_region,
    model_levers,
    region_levers,
    smaller_model,
)


def test_the_smaller_model_has_fewer_active_parameters(mini_registry) -> None:
    assert smaller_model(mini_registry, "dense-70b") == "moe-400b"  # 17B active < 70B
    assert smaller_model(mini_registry, "moe-400b") is None  # already the smallest known


def test_the_cleanest_region_has_the_lowest_grid_carbon(mini_registry) -> None:
    region, zone, _ = cleanest_region(mini_registry, "acme")
    assert (region, zone) == ("eu", "ZZ-CLEAN")


def test_model_lever_saving_is_the_re_estimate_of_the_same_rows(small_table, mini_registry):
    (lever,) = [x for x in model_levers(small_table, mini_registry) if x.change_from == "dense-70b"]
    purchased = small_table.filter(pc.is_null(small_table["measured_energy_kwh"]))
    moved = purchased.filter(pc.equal(purchased["model_id"], "dense-70b"))
    swapped = moved.select(ACTIVITY_COLUMNS).set_column(
        ACTIVITY_COLUMNS.index("model"), "model", pa.array(["moe-400b"] * moved.num_rows)
    )
    after = estimate_table(swapped, mini_registry)
    before_gwp = pc.sum(moved["gwp_kgco2e"]).as_py()
    after_gwp = pc.sum(after["gwp_kgco2e"]).as_py()
    assert lever.kind == MODEL_LEVER
    assert lever.requests == 5  # the metered dense-70b row is not moved
    assert lever.saving() == pytest.approx(before_gwp - after_gwp)
    assert lever.saving() > 0


def test_region_lever_moves_only_rows_not_already_in_the_clean_zone(small_table, mini_registry):
    (lever,) = region_levers(small_table, mini_registry)
    assert lever.kind == REGION_LEVER
    assert lever.change_to == "eu" and "ZZ-CLEAN" in lever.note
    assert lever.requests == 10  # 3 + 2 + 5; the eu row and the metered row stay
    assert lever.after["gwp_kgco2e"].central < lever.before["gwp_kgco2e"].central


def test_levers_are_ranked_by_carbon_saved(small_table, mini_registry) -> None:
    levers = find_levers(small_table, mini_registry)
    savings = [lever.saving() for lever in levers]
    assert savings == sorted(savings, reverse=True)
    assert all(saving > 0 for saving in savings)


def test_metered_rows_yield_no_lever(small_table, mini_registry) -> None:
    metered = small_table.filter(pc.is_valid(small_table["measured_energy_kwh"]))
    assert find_levers(metered, mini_registry) == ()
