"""Checks on the shipped model table (registry/data/models.csv).

Why: every energy estimate starts from a model's parameter counts, so a typo here (a shared
alias, an MoE row whose active count exceeds its total, a "disclosed" figure given as a range,
a row without a source) would silently move every downstream number. These tests read the real
file through the real loader.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from fairprint.registry.loader import Table, read_table
from fairprint.registry.schema import MODELS

DATA_FILE = Path(__file__).parents[2] / "src" / "fairprint" / "registry" / "data" / "models.csv"

PROVIDERS = {
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
}
DEFAULT_REGION = {"mistral": "eu", "deepseek": "cn", "alibaba": "cn"}
TOTAL = ("total_params_b_low", "total_params_b", "total_params_b_high")
ACTIVE = ("active_params_b_low", "active_params_b", "active_params_b_high")


@pytest.fixture(scope="module")
def table() -> Table:
    return read_table(DATA_FILE, MODELS)


@pytest.fixture(scope="module")
def by_id(table: Table) -> dict[str, dict]:
    return {str(r["model_id"]): dict(r) for r in table.rows}


def _names(row) -> list[str]:
    return [str(row["model_id"]), *[a for a in str(row["aliases"]).split(";") if a.strip()]]


def _triple(row, cols) -> tuple[float, float, float]:
    return tuple(float(row[c]) for c in cols)  # type: ignore[return-value]


def test_size_and_provider_coverage(table: Table) -> None:
    assert len(table) >= 45
    providers = {r["provider"] for r in table.rows}
    assert providers <= PROVIDERS, providers - PROVIDERS
    assert len(providers) >= 8


def test_provider_region_keys(table: Table) -> None:
    for row in table.rows:
        expected = DEFAULT_REGION.get(str(row["provider"]), "us")
        assert row["default_region"] == expected, row["model_id"]


def test_every_row_has_provenance(table: Table) -> None:
    for row in table.rows:
        assert str(row["source"]).strip(), row["model_id"]
        assert str(row["licence"]).strip(), row["model_id"]
        assert str(row["source_url"]).startswith("https://"), row["model_id"]
        assert 2020 <= int(row["year"]) <= 2026, row["model_id"]


def test_disclosed_rows_are_exact(table: Table) -> None:
    disclosed = [r for r in table.rows if r["params_status"] == "disclosed"]
    assert len(disclosed) >= 20
    for row in disclosed:
        for cols in (TOTAL, ACTIVE):
            low, central, high = _triple(row, cols)
            assert not math.isnan(central), row["model_id"]
            assert low == central == high, row["model_id"]
        assert row["architecture"] in ("dense", "moe"), row["model_id"]


def test_estimated_rows_are_honest_ranges(table: Table) -> None:
    estimated = [r for r in table.rows if r["params_status"] == "estimated"]
    assert estimated
    for row in estimated:
        t_low, t_mid, t_high = _triple(row, TOTAL)
        a_low, a_mid, a_high = _triple(row, ACTIVE)
        assert 0 < t_low <= t_mid <= t_high, row["model_id"]
        assert 0 < a_low <= a_mid <= a_high, row["model_id"]
        # a range, not a point dressed up as one
        assert t_high > t_low or a_high > a_low, row["model_id"]
        assert a_high <= t_high and a_low <= t_low, row["model_id"]
        assert len(str(row["notes"])) > 40, f"{row['model_id']}: say the reasoning in notes"


def test_unknown_rows_leave_numbers_empty(table: Table) -> None:
    unknown = [r for r in table.rows if r["params_status"] == "unknown"]
    assert unknown
    for row in unknown:
        for col in (*TOTAL, *ACTIVE):
            assert math.isnan(float(row[col])), (row["model_id"], col)


def test_architecture_counts(table: Table) -> None:
    for row in table.rows:
        if row["architecture"] == "moe":
            assert float(row["active_params_b"]) < float(row["total_params_b"]), row["model_id"]
        if row["architecture"] == "dense":
            assert _triple(row, ACTIVE) == _triple(row, TOTAL), row["model_id"]


def test_names_are_unique_case_insensitively(table: Table) -> None:
    seen: dict[str, str] = {}
    for row in table.rows:
        for name in _names(row):
            key = name.strip().lower()
            assert key == name.strip().lower() and name == name.strip(), f"stray spaces in {name!r}"
            assert key not in seen, f"{name!r} used by {seen.get(key)} and {row['model_id']}"
            seen[key] = str(row["model_id"])


@pytest.mark.parametrize(
    ("model_id", "total", "active", "architecture"),
    [
        ("llama-3.1-405b", 405, 405, "dense"),
        ("deepseek-v3", 671, 37, "moe"),
        ("deepseek-r1", 671, 37, "moe"),
        ("qwen3-235b-a22b", 235, 22, "moe"),
        ("llama-4-maverick", 400, 17, "moe"),
        ("llama-4-scout", 109, 17, "moe"),
        ("mixtral-8x22b", 141, 39, "moe"),
        ("mixtral-8x7b", 46.7, 12.9, "moe"),
        ("gpt-oss-120b", 117, 5.1, "moe"),
        ("gpt-oss-20b", 21, 3.6, "moe"),
        ("mistral-large-2", 123, 123, "dense"),
    ],
)
def test_known_disclosed_facts(by_id, model_id, total, active, architecture) -> None:
    row = by_id[model_id]
    assert row["params_status"] == "disclosed"
    assert row["architecture"] == architecture
    # nominal figures (405B, 141B) vs exact counts (405.85B, 140.6B): within 1 %
    assert float(row["total_params_b"]) == pytest.approx(total, rel=0.01)
    assert float(row["active_params_b"]) == pytest.approx(active, rel=0.01)


def test_published_estimates_are_inside_the_ranges(by_id) -> None:
    # MEDEC (arXiv:2412.19260): GPT-4o ~200B, GPT-4o-mini ~8B, Claude 3.5 Sonnet ~175B,
    # o1-mini ~100B; the ranges must contain the figures they cite.
    for model_id, figure in [
        ("gpt-4o", 200),
        ("gpt-4o-mini", 8),
        ("claude-3-5-sonnet", 175),
        ("o1-mini", 100),
    ]:
        row = by_id[model_id]
        assert row["params_status"] == "estimated"
        low, _, high = _triple(row, TOTAL)
        assert low <= figure <= high, model_id
        assert "2412.19260" in str(row["source"]) + str(row["source_url"])


def test_common_log_names_resolve_to_one_row(table: Table) -> None:
    index = {n.lower(): str(r["model_id"]) for r in table.rows for n in _names(r)}
    assert index["gpt-4o-2024-08-06"] == "gpt-4o"
    assert index["claude-3-5-sonnet-20241022"] == "claude-3-5-sonnet"
    assert index["anthropic.claude-3-5-sonnet-20241022-v2:0"] == "claude-3-5-sonnet"
    assert index["meta-llama/llama-3.1-8b-instruct"] == "llama-3.1-8b"
    assert index["deepseek-chat"] == "deepseek-v3"
    assert index["deepseek-reasoner"] == "deepseek-r1"
