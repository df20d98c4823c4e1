"""The shipped people tables: every row sourced, currencies and years given, ranges ordered,
statuses honest, FMTI scores faithful to the published index."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

import pytest

from fairprint.registry.loader import read_table
from fairprint.registry.people_schema import FMTI_LABOUR_INDICATORS, PEOPLE_TABLES
from fairprint.registry.registry import DATA_DIR


def _rows(name: str) -> tuple[Mapping[str, str | float | int], ...]:
    return read_table(DATA_DIR / f"{name}.csv", PEOPLE_TABLES[name]).rows


@pytest.mark.parametrize("name", sorted(PEOPLE_TABLES))
def test_every_row_has_source_url_year_and_licence(name: str) -> None:
    for row in _rows(name):
        assert row["source"] and row["licence"], row
        assert str(row["source_url"]).startswith("https://"), row
        assert 1980 <= int(row["year"]) <= 2026, row


def test_undisclosed_datawork_rows_carry_no_value() -> None:
    for row in _rows("datawork"):
        if row["status"] == "undisclosed":
            values = [float(row[c]) for c in ("value_low", "value", "value_high")]
            assert all(math.isnan(v) for v in values), row
            assert not row["text_value"], row


def test_disclosed_datawork_rows_carry_a_value_or_text() -> None:
    for row in _rows("datawork"):
        if row["status"] != "undisclosed":
            assert not math.isnan(float(row["value"])) or row["text_value"], row


def test_datawork_ranges_are_ordered_and_pay_has_a_currency() -> None:
    for row in _rows("datawork"):
        low, mid, high = (float(row[c]) for c in ("value_low", "value", "value_high"))
        known = [v for v in (low, mid, high) if not math.isnan(v)]
        assert known == sorted(known), row
        if row["field"] in ("pay_per_hour", "client_rate_per_hour", "total_paid") and known:
            assert row["currency"], row


def test_estimated_datawork_rows_explain_their_reasoning() -> None:
    for row in _rows("datawork"):
        if row["status"] == "estimated":
            assert row["notes"], row


def test_wage_rows_have_currency_period_and_hours_basis() -> None:
    for row in _rows("wages"):
        assert row["currency"] and row["period"], row
        hours = float(row["hours_per_period"])
        if row["period"] == "hour":
            assert hours == 1, row
        elif not math.isnan(hours):
            assert hours > 0 and row["hours_basis"], row


def test_no_wageindicator_values_are_shipped() -> None:
    for row in _rows("wages"):
        assert "wageindicator" not in str(row["source"]).lower()
        assert "wageindicator" not in str(row["source_url"]).lower()


def test_currency_factors_are_positive() -> None:
    for row in _rows("currency"):
        assert float(row["value"]) > 0, row


def test_transparency_scores_are_binary_and_complete_per_edition() -> None:
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in _rows("transparency"):
        assert float(row["score"]) in (0.0, 1.0), row
        seen[(str(row["provider"]), str(row["edition"]))].add(str(row["indicator"]))
    for (provider, edition), indicators in seen.items():
        assert indicators == set(FMTI_LABOUR_INDICATORS[edition]), (provider, edition)


def test_fmti_2023_labour_totals_match_the_published_index() -> None:
    totals: dict[str, int] = defaultdict(int)
    for row in _rows("transparency"):
        if row["edition"] == "2023-10":
            totals[str(row["provider"])] += int(float(row["score"]))
    assert totals["huggingface"] == 6
    assert totals["meta"] == 2
    assert totals["anthropic"] == 2
    assert totals["openai"] == 1
    assert totals["amazon"] == 0


# --- coverage and provenance of the shipped people data (issue 16) -------------------------

LIVING_WAGE_COUNTRIES = tuple(
    [
        "KE",
        "UG",
        "RW",
        "ET",
        "NG",
        "GH",
        "ZA",
        "MG",
        "EG",
        "MA",
        "IN",
        "PK",
        "BD",
        "LK",
        "NP",
        "PH",
        "ID",
        "VN",
        "MY",
        "VE",
        "CO",
        "BR",
        "AR",
        "MX",
        "PE",
    ]
)
"""The 25 countries where data work concentrates; each needs a living wage or proxy."""


def _proxy_inputs(row: Mapping[str, str | float | int]) -> dict[str, float]:
    """The inputs a proxy row records in its notes (``name=value; ...`` after 'inputs:')."""
    text = str(row["notes"]).split("inputs:", 1)[1]
    pairs = (part.strip().split("=") for part in text.split(";") if part.strip())
    return {name.strip(): float(value) for name, value in pairs}


def test_every_shipped_datawork_row_carries_a_scope() -> None:
    for row in _rows("datawork"):
        assert row["scope"] in ("model", "family", "provider", "vendor", "industry"), row
        if row["scope"] in ("model", "family"):
            assert row["family"] != "*", row
        if row["scope"] == "vendor":
            assert row["family"] == "*" and row["vendor"], row


def test_datawork_covers_120_rows_15_developers_and_10_vendors() -> None:
    rows = _rows("datawork")
    developers = {r["provider"] for r in rows if r["scope"] in ("model", "family", "provider")}
    vendors = {r["vendor"] for r in rows if r["vendor"]} | {
        r["provider"] for r in rows if r["scope"] == "vendor"
    }
    assert len(rows) >= 120
    assert len(developers) >= 15, sorted(map(str, developers))
    assert len(vendors) >= 10, sorted(map(str, vendors))


def test_fairwork_scores_are_points_of_ten_from_fairwork() -> None:
    scores = [r for r in _rows("datawork") if r["field"] == "fairwork_score"]
    assert len(scores) >= 9
    for row in scores:
        assert 0 <= float(row["value"]) <= 15 and row["disclosed_by"] == "research", row
    by_platform = {
        r["provider"]: float(r["value"]) for r in scores if r["item"] == "cloudwork-2023"
    }
    assert by_platform["prolific"] == 5 and by_platform["amazon-mturk"] == 0


def test_minutes_per_task_rows_name_the_task() -> None:
    rows = [r for r in _rows("datawork") if r["field"] == "minutes_per_task"]
    assert len(rows) >= 3
    for row in rows:
        assert float(row["value"]) > 0 and "per" in str(row["unit"]), row


def test_open_pipelines_ship_their_sizes() -> None:
    sizes = {
        (r["family"], r["field"]): float(r["value"])
        for r in _rows("datawork")
        if r["field"] in ("sft_demonstrations", "preference_comparisons") and not r["item"]
    }
    assert sizes[("instructgpt", "sft_demonstrations")] == 13000
    assert sizes[("llama-2", "preference_comparisons")] == 1418091
    assert sizes[("oasst1", "sft_demonstrations")] == 161443
    assert sizes[("dolly", "sft_demonstrations")] == 15000
    assert sizes[("aya", "sft_demonstrations")] == 204000


def test_living_wages_or_proxies_cover_the_25_countries() -> None:
    rows = _rows("wages")
    covered = {r["country"] for r in rows if r["kind"] in ("living", "living_proxy")}
    assert set(LIVING_WAGE_COUNTRIES) <= covered, sorted(set(LIVING_WAGE_COUNTRIES) - covered)
    benchmarks = {r["country"] for r in rows if r["kind"] == "living"}
    assert {
        "KE",
        "GH",
        "ZA",
        "VN",
        "BR",
        "PH",
        "IN",
        "VE",
        "PK",
        "LK",
        "ET",
        "MX",
        "BD",
    } <= benchmarks


def test_benchmarks_and_proxies_are_never_mixed() -> None:
    for row in _rows("wages"):
        proxy_words = "proxy" in str(row["source"]).lower() or "PROXY" in str(row["notes"])
        if row["kind"] == "living_proxy":
            assert proxy_words and str(row["notes"]).startswith("PROXY"), row
        elif row["kind"] == "living":
            assert not proxy_words and row["household"], row


def test_every_proxy_is_recomputed_from_its_inputs() -> None:
    """amount = line x US CPI factor x GDP PPP x persons x days per month / earners."""
    ppp = {
        (str(r["country"]), int(r["year"])): float(r["value"])
        for r in _rows("currency")
        if r["indicator"] == "ppp_gdp"
    }
    proxies = [r for r in _rows("wages") if r["kind"] == "living_proxy"]
    assert len(proxies) >= 20
    for row in proxies:
        got = _proxy_inputs(row)
        assert got["line_usd_2021ppp"] == 8.30  # World Bank upper-middle-income line, 2021 PPP
        assert got["ppp_gdp_2024"] == ppp[(str(row["country"]), 2024)], row
        # US CPI inflation 2022-2024 (World Bank FP.CPI.TOTL.ZG): 8.0028%, 4.1163%, 2.9495%
        assert got["us_cpi_2021_to_2024"] == pytest.approx(1.080028 * 1.041163 * 1.029495, 1e-5)
        expected = (
            got["line_usd_2021ppp"]
            * got["us_cpi_2021_to_2024"]
            * got["ppp_gdp_2024"]
            * got["persons"]
            * got["days_per_month"]
            / got["earners"]
        )
        assert float(row["amount"]) == pytest.approx(expected, rel=1e-5), row
        assert row["period"] == "month" and float(row["hours_per_period"]) == 208


def test_minimum_wages_cover_60_countries_with_years() -> None:
    rows = [r for r in _rows("wages") if r["kind"] == "minimum"]
    assert len({r["country"] for r in rows}) >= 60
    for row in rows:
        assert 1984 <= int(row["year"]) <= 2026, row


def test_exchange_rates_and_ppp_cover_60_countries() -> None:
    rows = _rows("currency")
    fx = {r["country"] for r in rows if r["indicator"] == "exchange_rate_usd"}
    ppp = {r["country"] for r in rows if r["indicator"] in ("ppp_private_consumption", "ppp_gdp")}
    assert len(fx) >= 60 and len(ppp) >= 60
    wage_countries = {r["country"] for r in _rows("wages")}
    assert wage_countries <= fx, sorted(map(str, wage_countries - fx))


def test_world_bank_rows_are_cc_by() -> None:
    for row in _rows("currency"):
        if "World Bank" in str(row["source"]):
            assert row["licence"] == "CC BY 4.0", row
