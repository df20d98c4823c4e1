"""Checks on the shipped datacenter, hardware and parameter tables.

Why: these four files carry every constant of the energy model except the grid factors. A
provider with two defaults would make region resolution ambiguous, a PUE below 1 or an
unordered range would turn into a wrong number in every estimate, a datacenter pointing at a
hardware id that does not exist would fail far away from the typo, and a parameter without a
source is an invented number. The tests read the real shipped files through the real loader.
"""

from __future__ import annotations

import csv
import math
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

import fairprint.registry
from fairprint.errors import RegistryError
from fairprint.registry.loader import Table, read_table
from fairprint.registry.schema import DATACENTERS, GRID_FACTORS, HARDWARE, PARAMETERS

DATA = Path(fairprint.registry.__file__).parent / "data"

PROVIDERS = (
    "openai",
    "anthropic",
    "google",
    "mistral",
    "meta",
    "deepseek",
    "alibaba",
    "xai",
    "cohere",
    "amazon",
    "microsoft",
)
DEFAULT_REGION = {"mistral": "eu", "deepseek": "cn", "alibaba": "cn"}
NEEDS_EU_REGION = ("openai", "anthropic", "google", "microsoft", "amazon")

# name -> which end of the range gives the LOWER impact (the energy model relies on it).
REQUIRED_PARAMETERS = {
    "bytes_per_parameter": "low",
    "memory_overhead_factor": "high",  # spare memory holds KV cache: bigger batches
    "prefill_utilisation": "high",
    "decode_utilisation": "high",
    "concurrent_sequences_per_accelerator": "high",
    "memory_bandwidth_efficiency": "high",
    "accelerator_power_fraction": "low",
    "cached_token_cost_fraction": "low",
    "host_energy_ratio": "low",
    "idle_capacity_ratio": "low",
    "hardware_lifetime_years": "high",
}
FRACTIONS = (
    "prefill_utilisation",
    "decode_utilisation",
    "memory_bandwidth_efficiency",
    "accelerator_power_fraction",
    "cached_token_cost_fraction",
)


@pytest.fixture(scope="module")
def datacenters() -> Table:
    return read_table(DATA / "datacenters.csv", DATACENTERS)


@pytest.fixture(scope="module")
def hardware() -> Table:
    return read_table(DATA / "hardware.csv", HARDWARE)


@pytest.fixture(scope="module")
def parameters() -> Table:
    return read_table(DATA / "parameters.csv", PARAMETERS)


def _known(value: object) -> bool:
    return isinstance(value, float) and not math.isnan(value)


# --- datacenters.csv ---------------------------------------------------------------------


def test_every_provider_has_exactly_one_default(datacenters: Table) -> None:
    defaults = Counter(r["provider"] for r in datacenters.rows if r["is_default"] == "yes")
    for provider in PROVIDERS:
        assert defaults[provider] == 1, f"{provider} has {defaults[provider]} default regions"
    assert set(defaults) == {r["provider"] for r in datacenters.rows}


def test_default_regions_follow_the_convention(datacenters: Table) -> None:
    for row in datacenters.rows:
        if row["is_default"] == "yes":
            expected = DEFAULT_REGION.get(str(row["provider"]), "us")
            assert row["region"] == expected, row["provider"]


def test_eu_regions_exist_for_the_large_clouds(datacenters: Table) -> None:
    keys = {(r["provider"], r["region"]) for r in datacenters.rows}
    for provider in NEEDS_EU_REGION:
        assert (provider, "eu") in keys, f"{provider} lacks an eu row"


def test_pue_and_wue_are_physical_and_complete(datacenters: Table) -> None:
    for row in datacenters.rows:
        where = f"{row['provider']}/{row['region']}"
        pues = [row["pue_low"], row["pue"], row["pue_high"]]
        wues = [row["wue_l_per_kwh_low"], row["wue_l_per_kwh"], row["wue_l_per_kwh_high"]]
        assert all(_known(v) for v in pues + wues), f"{where}: empty PUE/WUE cell"
        assert all(1.0 <= v < 3.0 for v in pues), f"{where}: PUE {pues} outside [1, 3)"
        assert all(0.0 <= v < 10.0 for v in wues), f"{where}: WUE {wues} implausible"
        assert pues == sorted(pues) and wues == sorted(wues), where
        assert str(row["source"]).strip() and str(row["source_url"]).strip(), where


def test_datacenter_accelerators_exist_and_are_usable(datacenters: Table, hardware: Table) -> None:
    by_id = {r["hardware_id"]: r for r in hardware.rows}
    for row in datacenters.rows:
        accelerator = by_id.get(row["accelerator"])
        assert accelerator is not None, f"{row['provider']}/{row['region']}: {row['accelerator']}"
        assert accelerator["kind"] == "accelerator"
        for column in ("tdp_w", "memory_gb", "peak_bf16_tflops", "memory_bandwidth_tbs"):
            assert _known(accelerator[column]) and accelerator[column] > 0, column
        # the default accelerator must also carry embodied figures, or embodied is unknown
        assert _known(accelerator["embodied_gwp_kgco2e"])


def test_grid_zones_exist_in_the_grid_table(datacenters: Table) -> None:
    grid = read_table(DATA / "grid_factors.csv", GRID_FACTORS)
    zones = {r["zone"] for r in grid.rows if r["indicator"] == "carbon_gco2e_per_kwh"}
    for row in datacenters.rows:
        assert row["grid_zone"] in zones, f"{row['provider']}/{row['region']}: {row['grid_zone']}"


# --- hardware.csv --------------------------------------------------------------------------


def test_hardware_covers_the_main_accelerators_and_a_host(hardware: Table) -> None:
    ids = {r["hardware_id"] for r in hardware.rows}
    for needed in (
        "nvidia-a100-sxm-80gb",
        "nvidia-h100-sxm",
        "nvidia-h200-sxm",
        "nvidia-b200",
        "amd-mi300x",
    ):
        assert needed in ids
    servers = [r for r in hardware.rows if r["kind"] == "server"]
    assert servers, "no host-server row"
    for server in servers:
        assert server["accelerators_per_server"] == 8
        assert _known(server["embodied_gwp_kgco2e"]) and server["embodied_gwp_kgco2e"] > 1000


def _spellings(value: float, per_thousand: bool = False) -> set[str]:
    """How a figure may be written in a note: 989, 1,000, 1,307.4, or 2,039 (GB/s for TB/s)."""
    forms = {f"{value:g}", f"{value:,}"}
    if value == int(value):
        forms.add(f"{value:,.0f}")
    if per_thousand:
        forms.add(f"{value * 1000:,.0f}")
    return forms


def test_accelerator_specs_are_those_their_cited_datasheet_states(hardware: Table) -> None:
    """Each spec is stated in the row's own note, which cites a vendor datasheet."""
    for row in hardware.rows:
        if row["kind"] != "accelerator":
            continue
        where = row["hardware_id"]
        assert re.search(r"datasheet|specifications", str(row["source"]), re.I), where
        assert str(row["source_url"]).startswith("https://"), where
        notes = str(row["notes"])
        for column in ("tdp_w", "memory_gb", "peak_bf16_tflops", "memory_bandwidth_tbs"):
            spellings = _spellings(row[column], per_thousand=column == "memory_bandwidth_tbs")
            stated = any(
                re.search(rf"(?<![\d.,]){re.escape(s)}(?![\d]|[.,]\d)", notes) for s in spellings
            )
            assert stated, f"{where}: {column} = {row[column]} is not stated in its note"
    # dense BF16, never the sparsity-doubled marketing figure
    for row in hardware.rows:
        if row["kind"] == "accelerator":
            flops_per_watt = row["peak_bf16_tflops"] / row["tdp_w"]
            assert 0.5 < flops_per_watt < 2.5, row["hardware_id"]


# --- parameters.csv ------------------------------------------------------------------------


def test_all_required_parameters_are_present_ordered_and_sourced(parameters: Table) -> None:
    by_name = {r["name"]: r for r in parameters.rows}
    for name, favourable in REQUIRED_PARAMETERS.items():
        row = by_name.get(name)
        assert row is not None, f"parameter {name} missing"
        values = [row["low"], row["central"], row["high"]]
        assert all(_known(v) for v in values), name
        assert values == sorted(values), name
        assert row["favourable_end"] == favourable, name
        assert str(row["source"]).strip() and str(row["source_url"]).strip(), name
        assert len(str(row["notes"])) > 40, f"{name}: notes must say where the range comes from"


def test_parameter_ranges_are_physical(parameters: Table) -> None:
    by_name = {r["name"]: r for r in parameters.rows}
    for name in FRACTIONS:
        row = by_name[name]
        assert row["low"] >= 0.0 and row["high"] <= 1.0, name
    assert by_name["bytes_per_parameter"]["low"] >= 0.5
    assert by_name["memory_overhead_factor"]["low"] >= 1.0
    assert by_name["concurrent_sequences_per_accelerator"]["low"] >= 1
    lifetime = by_name["hardware_lifetime_years"]
    assert 1 <= lifetime["low"] <= lifetime["high"] <= 10
    # The central host and idle ratios are the derivation their note states (a/b of a
    # published breakdown), from the source the row cites.
    for name in ("host_energy_ratio", "idle_capacity_ratio"):
        row = by_name[name]
        ratio = re.search(r"\((\d+)/(\d+)\)", str(row["notes"]))
        assert ratio is not None, f"{name}: the note must state the ratio it takes"
        assert row["central"] == pytest.approx(int(ratio[1]) / int(ratio[2]), abs=1e-3), name
        assert "arxiv.org" in str(row["source_url"]), name


# --- the loader guards these files -----------------------------------------------------------


def test_a_broken_copy_of_datacenters_is_rejected(tmp_path: Path) -> None:
    """A PUE range edited out of order must fail at load time, naming file and line."""
    target = tmp_path / "datacenters.csv"
    shutil.copy(DATA / "datacenters.csv", target)
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0].keys())
    rows[0]["pue_low"] = "1.9"  # above its central value
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(RegistryError, match=r"datacenters\.csv line 2"):
        read_table(target, DATACENTERS)
