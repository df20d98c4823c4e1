"""The ESRS export: scope split, units, the catalogue file and unknowns kept empty."""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

import pyarrow.compute as pc
import pytest

from fairprint.report import esrs
from fairprint.report.esrs import esrs_figures, esrs_values, read_catalogue, to_esrs_csv


def test_every_catalogue_row_has_an_identifier_a_source_and_versions() -> None:
    for row in read_catalogue():
        assert row["source"] and row["source_url"].startswith("https://")
        assert row["standard_version"] and row["catalogue_version"] and row["year"]
        assert row["standard"].startswith("ESRS")


def test_datapoint_identifiers_live_in_the_catalogue_not_in_code() -> None:
    code = Path(esrs.__file__).read_text(encoding="utf-8")
    assert not re.search(r"E\d-\d", code), "ESRS datapoint numbers belong in esrs_catalogue.csv"
    assert "§" not in code


def test_self_hosted_carbon_is_scope_2_and_purchased_is_scope_3_category_1(small_table) -> None:
    values = esrs_values(small_table)
    local = small_table.filter(pc.is_valid(small_table["measured_energy_kwh"]))
    bought = small_table.filter(pc.is_null(small_table["measured_energy_kwh"]))
    assert values["scope2_location_tco2e"].central == pytest.approx(
        pc.sum(local["gwp_usage_kgco2e"]).as_py() / 1000
    )
    assert values["scope3_cat2_tco2e"].central == pytest.approx(
        pc.sum(local["gwp_embodied_kgco2e"]).as_py() / 1000
    )
    assert values["scope3_cat1_tco2e"].central == pytest.approx(
        pc.sum(bought["gwp_kgco2e"]).as_py() / 1000
    )
    total = values["total_location_tco2e"].central
    assert total == pytest.approx(pc.sum(small_table["gwp_kgco2e"]).as_py() / 1000)


def test_energy_is_in_mwh_and_water_in_cubic_metres(small_table) -> None:
    values = esrs_values(small_table)
    local = small_table.filter(pc.is_valid(small_table["measured_energy_kwh"]))
    assert values["energy_own_mwh"].central == pytest.approx(
        pc.sum(local["energy_kwh"]).as_py() / 1000
    )
    bought = small_table.filter(pc.is_null(small_table["measured_energy_kwh"]))
    known_water = pc.sum(bought["water_l"]).as_py()
    assert values["water_value_chain_m3"].central == pytest.approx(known_water / 1000)


def test_market_based_scope_2_is_unknown_and_left_empty(small_table) -> None:
    figures = esrs_figures(small_table)
    market = next(f for f in figures if f.catalogue["figure"] == "scope2_market_tco2e")
    assert math.isnan(market.value.central)
    rows = list(csv.DictReader(io.StringIO(to_esrs_csv(figures))))
    market_element = "esrs:GrossMarketBasedScope2GreenhouseGasEmissions"
    row = next(r for r in rows if r["xbrl_element"] == market_element)
    assert row["value"] == "" and row["value_low"] == ""


def test_the_csv_carries_every_datapoint_and_the_methodology_notes(small_table) -> None:
    rows = list(csv.DictReader(io.StringIO(to_esrs_csv(esrs_figures(small_table)))))
    datapoints = [r for r in rows if r["kind"] == "datapoint"]
    notes = [r for r in rows if r["kind"] == "note"]
    assert len(datapoints) == len(read_catalogue())
    assert {r["standard"] for r in datapoints} == {"ESRS E1", "ESRS E3", "ESRS E5"}
    assert len(notes) == len(esrs.METHODOLOGY_NOTES)
    cat1 = next(r for r in datapoints if "category 1" in r["label"])
    assert float(cat1["value_low"]) <= float(cat1["value"]) <= float(cat1["value_high"])


def test_a_catalogue_row_naming_an_unknown_figure_is_refused(small_table) -> None:
    bad = [{**read_catalogue()[0], "figure": "scope9_tco2e"}]
    with pytest.raises(Exception, match="scope9_tco2e"):
        esrs_figures(small_table, catalogue=bad)
