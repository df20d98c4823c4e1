"""Checks on the shipped electricity table (grid_factors.csv).

Why: every kWh fairprint estimates is turned into carbon, water, ADPe and primary energy
through this table, so a mistyped unit, a missing cloud-region zone or a figure without a
source would silently skew every estimate. These tests read the real shipped file through
the real loader and check coverage, provenance, physical plausibility and a few facts any
reader of the sources can confirm.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest

import fairprint.registry
from fairprint.errors import RegistryError
from fairprint.registry.loader import Table, read_table
from fairprint.registry.schema import GRID_FACTORS

GRID_CSV = Path(fairprint.registry.__file__).parent / "data" / "grid_factors.csv"

CARBON = "carbon_gco2e_per_kwh"
WATER = "water_offsite_l_per_kwh"
ADPE = "adpe_kgsbeq_per_kwh"
PE = "pe_mj_per_kwh"

# Zones that datacenters.csv and the cloud-region mapping rely on.
REQUIRED_ZONES = (
    "US",
    "US-VA",
    "US-OR",
    "US-CA",
    "US-TX",
    "US-IA",
    "US-OH",
    "US-AZ",
    "IE",
    "NL",
    "SE",
    "FR",
    "DE",
    "GB",
    "FI",
    "BE",
    "CN",
    "JP",
    "IN",
    "SG",
    "AU",
    "BR",
    "CA",
    "WORLD",
    "EU",
)

UNITS = {CARBON: "gCO2e/kWh", WATER: "L/kWh", ADPE: "kg Sb eq/kWh", PE: "MJ/kWh"}

# Physically plausible bounds (exclusive of absurd values, generous for real grids):
# carbon: no grid is above ~1.5 kg/kWh even on lignite/oil;
# water: consumption factors run from ~0 (wind/solar) to ~20 L/kWh (reservoir hydro, Brazil);
# ADPe: LCA electricity mixes sit around 1e-8 .. 1e-6 kg Sb eq/kWh;
# PE: thermal plants need ~7-12 MJ per kWh; oil-heavy grids reach ~25, never 40.
BOUNDS = {CARBON: (0.0, 1500.0), WATER: (0.0, 20.0), ADPE: (1e-10, 1e-5), PE: (0.0, 40.0)}

ZONE_PATTERN = re.compile(r"^(?:[A-Z]{2}|[A-Z]{2}-[A-Z0-9]{1,5}|WORLD)$")


@pytest.fixture(scope="module")
def table() -> Table:
    return read_table(GRID_CSV, GRID_FACTORS)


@pytest.fixture(scope="module")
def by_key(table: Table) -> dict[tuple[str, str], dict]:
    return {(str(r["zone"]), str(r["indicator"])): dict(r) for r in table.rows}


def zones_with(table: Table, indicator: str) -> set[str]:
    return {str(r["zone"]) for r in table.rows if r["indicator"] == indicator}


def central(by_key: dict, zone: str, indicator: str = CARBON) -> float:
    return float(by_key[(zone, indicator)]["central"])


def test_at_least_sixty_countries_have_carbon(table: Table) -> None:
    carbon_zones = zones_with(table, CARBON)
    countries = {z for z in carbon_zones if re.fullmatch(r"[A-Z]{2}", z) and z != "EU"}
    assert len(countries) >= 60, sorted(countries)
    assert len(carbon_zones) >= 60


def test_required_zones_present_with_carbon(table: Table) -> None:
    missing = [z for z in REQUIRED_ZONES if z not in zones_with(table, CARBON)]
    assert missing == []


def test_other_indicators_cover_the_main_countries(table: Table) -> None:
    for indicator in (WATER, ADPE, PE):
        covered = zones_with(table, indicator)
        assert len(covered) >= 40, (indicator, len(covered))
        for zone in ("US", "FR", "DE", "SE", "IE", "NL", "GB", "JP", "IN", "CN", "BR"):
            assert zone in covered, (indicator, zone)


def test_every_row_has_provenance(table: Table) -> None:
    for row in table.rows:
        where = (row["zone"], row["indicator"])
        assert str(row["source"]).strip(), where
        assert str(row["licence"]).strip(), where
        assert str(row["source_url"]).startswith("https://"), where
        assert 2015 <= int(row["year"]) <= 2026, where


def test_zone_ids_and_units_are_consistent(table: Table) -> None:
    names: dict[str, str] = {}
    for row in table.rows:
        zone = str(row["zone"])
        assert ZONE_PATTERN.fullmatch(zone), zone
        assert row["unit"] == UNITS[str(row["indicator"])], (zone, row["indicator"], row["unit"])
        # One zone, one name across its indicators.
        assert names.setdefault(zone, str(row["zone_name"])) == row["zone_name"], zone


def test_values_known_ordered_and_plausible(table: Table) -> None:
    for row in table.rows:
        lo, mid, hi = float(row["low"]), float(row["central"]), float(row["high"])
        where = (row["zone"], row["indicator"], lo, mid, hi)
        # Rows are only shipped for sourced figures, so no cell of a shipped row is unknown.
        assert not any(math.isnan(v) for v in (lo, mid, hi)), where
        assert lo <= mid <= hi, where
        floor, ceiling = BOUNDS[str(row["indicator"])]
        assert floor <= lo and hi <= ceiling, where


def test_known_facts_about_grids(by_key: dict) -> None:
    # Nuclear/hydro grids against coal-heavy ones (Ember).
    assert central(by_key, "FR") * 5 < central(by_key, "PL")
    assert central(by_key, "SE") * 5 < central(by_key, "DE")
    assert central(by_key, "NO") < 100
    assert central(by_key, "IN") > central(by_key, "WORLD") > central(by_key, "EU")
    # Sub-national cloud grids: hydro-rich Bonneville below coal-heavy MISO; California below PJM.
    assert central(by_key, "US-OR") < central(by_key, "US-IA")
    assert central(by_key, "US-CA") < central(by_key, "US-VA")
    # Reservoir hydro evaporates a lot of water: Brazil above Germany (WRI).
    assert central(by_key, "BR", WATER) > 3 * central(by_key, "DE", WATER)
    # Nuclear counts as non-renewable primary energy, hydro does not (ADEME via EcoLogits).
    assert central(by_key, "FR", PE) > 10 * central(by_key, "NO", PE)


def test_carbon_spread_reflects_published_years(by_key: dict) -> None:
    # France fell between the two Ember releases (2023 vs 2024): a real, published spread.
    fr = by_key[("FR", CARBON)]
    assert float(fr["low"]) < float(fr["high"])
    assert float(fr["central"]) == float(fr["low"])  # the latest year is the lower one
    assert int(fr["year"]) >= 2023


def test_loader_rejects_a_broken_copy(tmp_path: Path) -> None:
    # The shipped file passes only because it is well formed: an unordered range in a copy fails.
    with GRID_CSV.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fieldnames = list(reader.fieldnames or [])
        rows = list(reader)
    rows[0]["low"], rows[0]["high"] = "99999", "1"
    broken = tmp_path / "grid_factors.csv"
    with broken.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(RegistryError, match=r"line 2.*not ordered"):
        read_table(broken, GRID_FACTORS)


def test_loader_rejects_a_row_without_source(tmp_path: Path) -> None:
    with GRID_CSV.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fieldnames = list(reader.fieldnames or [])
        rows = list(reader)
    rows[5]["source"] = ""
    broken = tmp_path / "grid_factors.csv"
    with broken.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(RegistryError, match="'source'"):
        read_table(broken, GRID_FACTORS)
