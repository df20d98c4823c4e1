"""Embedded hours per model and the data-work sheet, on the shipped and on made-up tables."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest

from fairprint.errors import InputError, UnknownModelError
from fairprint.impacts.datawork import datawork_hours_columns, datawork_per_request
from fairprint.impacts.datawork_analogy import analogy_hours
from fairprint.people.datawork import CORE_FIELDS, datawork_sheet
from fairprint.people.wages import load_living_wages
from fairprint.registry.registry import Registry

RegistryFactory = Callable[..., Registry]
PROVENANCE = {"source": "test fixture", "year": "2024", "licence": "CC0"}


def _row(field: str, value: str = "", status: str = "disclosed", **extra: str) -> dict[str, str]:
    return {
        "family": "gpt-test",
        "provider": "openai",
        "field": field,
        "value": value,
        "status": status,
        **PROVENANCE,
        "source_url": "https://example.org",
        **extra,
    }


def test_disclosed_hours_are_used_and_amortised(registry: Registry) -> None:
    result = datawork_per_request("starcoder-15b", registry, lifetime_requests=(1e6, 1e7, 1e8))
    assert result.status == "disclosed"
    assert result.total_hours == 4349
    # favourable end: fewest hours over most requests; unfavourable: over fewest requests
    assert result.hours_per_request_low == pytest.approx(4349 / 1e8)
    assert result.hours_per_request == pytest.approx(4349 / 1e7)
    assert result.hours_per_request_high == pytest.approx(4349 / 1e6)
    assert any("toloka.ai" in s for s in result.sources)


def test_per_request_needs_a_lifetime_assumption(registry: Registry) -> None:
    result = datawork_per_request("starcoder-15b", registry)
    assert result.total_hours == 4349
    assert result.hours_per_request is None
    assert any("lifetime-requests" in n for n in result.notes)


def test_counts_without_time_per_annotation_stay_undisclosed(registry: Registry) -> None:
    result = datawork_per_request("llama-2-70b-chat", registry, lifetime_requests=(1, 2, 3))
    assert result.status == "undisclosed"
    # the family's own hours are not disclosed: any figure shown is the labelled analogy
    assert result.basis in ("analogy", "none")
    assert any("time per annotation" in n for n in result.notes)


def test_family_without_rows_is_undisclosed_never_zero(registry: Registry) -> None:
    result = datawork_per_request("mystery-model", registry)
    assert result.status == "undisclosed"
    analogy = analogy_hours(registry)
    if analogy is None:  # nothing to reason from: unknown, never 0
        assert result.total_hours is None and result.basis == "none"
    else:  # the labelled analogy, never 0 and never the disclosure status
        assert result.basis == "analogy" and result.total_hours == analogy.hours > 0


def test_provider_wide_rows_never_count_as_model_hours(registry: Registry) -> None:
    result = datawork_per_request("gpt-test", registry)
    assert result.status == "undisclosed" and result.basis != "disclosure"
    analogy = analogy_hours(registry)
    assert result.total_hours == (analogy.hours if analogy else None)


def test_hours_from_counts_and_estimated_minutes(make_registry: RegistryFactory) -> None:
    registry = make_registry(
        datawork=[
            _row("sft_demonstrations", "1000"),
            _row("preference_comparisons", "600"),
            _row("minutes_per_annotation", "3", item="sft_demonstrations"),
            _row(
                "minutes_per_annotation",
                "10",
                status="estimated",
                item="preference_comparisons",
                value_low="5",
                value_high="20",
                notes="assumed from a similar task",
            ),
        ]
    )
    result = datawork_per_request("gpt-test", registry, lifetime_requests=(1e6, 1e6, 1e6))
    assert result.status == "estimated"
    assert result.total_hours_low == pytest.approx((1000 * 3 + 600 * 5) / 60)
    assert result.total_hours == pytest.approx(150.0)
    assert result.total_hours_high == pytest.approx((1000 * 3 + 600 * 20) / 60)
    assert result.hours_per_request == pytest.approx(150 / 1e6)


def test_unknown_model_raises_with_suggestions(registry: Registry) -> None:
    with pytest.raises(UnknownModelError):
        datawork_per_request("llama-2-70b-chatt", registry)


def test_bad_lifetime_range_is_rejected_with_the_projects_input_error(
    registry: Registry,
) -> None:
    with pytest.raises(InputError, match="LOW <= CENTRAL <= HIGH"):
        datawork_per_request("starcoder-15b", registry, lifetime_requests=(10, 5, 20))
    with pytest.raises(InputError, match="three numbers"):
        datawork_per_request("starcoder-15b", registry, lifetime_requests=(10, "x", 20))


def test_sheet_lists_missing_core_fields_as_undisclosed(registry: Registry) -> None:
    sheet = datawork_sheet("mystery-model", registry)
    statuses = {f.field: f.status for f in sheet.fields}
    assert set(CORE_FIELDS) <= set(statuses)
    assert all(statuses[name] == "undisclosed" for name in CORE_FIELDS)
    assert any("publishes no data-work figures" in n for n in sheet.notes)
    assert sheet.transparency.status == "undisclosed"


def test_sheet_compares_reported_pay_with_the_minimum_wage(registry: Registry) -> None:
    sheet = datawork_sheet("gpt-test", registry)
    provider_wide = [f for f in sheet.fields if f.scope == "provider-wide"]
    assert any(f.text == "Sama" for f in provider_wide)
    minimum = next(c for c in sheet.wages if c.standard == "minimum")
    # 2022 pay, central $1.66/h, at KES 117.9/$ against KES 15,201.65 per 225.33 h month
    assert minimum.reference is not None and minimum.reference.year == 2022
    assert minimum.ratio == pytest.approx(1.66 * 117.9 / (15201.65 / 225.33))
    assert minimum.shortfall_ppp_per_hour == 0.0
    living = next(c for c in sheet.wages if c.standard == "living")
    assert living.reference is not None  # the shipped GLWC benchmark (2015) applies to 2022
    assert living.reference.hourly_local == pytest.approx(12969 / 225.33)


def test_sheet_with_user_living_wage_gives_shortfall(registry: Registry, tmp_path: Path) -> None:
    path = tmp_path / "living.csv"
    path.write_text(
        "country,hourly,currency,year,source,licence\nKE,400,KES,2022,test living wage,CC0\n",
        encoding="utf-8",
    )
    sheet = datawork_sheet("gpt-test", registry, living_wages=load_living_wages(path))
    living = next(c for c in sheet.wages if c.standard == "living")
    pay_ppp = 1.66 * 117.9 / 44.39
    assert living.ratio == pytest.approx(pay_ppp / (400 / 44.39))
    assert living.shortfall_ppp_per_hour == pytest.approx(400 / 44.39 - pay_ppp)
    assert living.premium_ppp_total is None  # hours of the Sama work are not disclosed


def test_sheet_premium_uses_known_hours(make_registry: RegistryFactory, tmp_path: Path) -> None:
    registry = make_registry(
        datawork=[
            _row("annotation_hours", "100"),
            _row("pay_per_hour", "100", currency="KES", country="KE"),
        ]
    )
    path = tmp_path / "living.csv"
    path.write_text(
        "country,hourly,currency,year,source,licence\nKE,300,KES,2024,test,CC0\n", encoding="utf-8"
    )
    sheet = datawork_sheet("gpt-test", registry, living_wages=load_living_wages(path))
    living = next(c for c in sheet.wages if c.standard == "living")
    assert living.premium_ppp_total == pytest.approx(100 * (300 - 100) / 44.39)


def test_sheet_sources_include_every_row_source(registry: Registry) -> None:
    sheet = datawork_sheet("llama-2-70b-chat", registry)
    urls = {u for _, u in sheet.sources}
    assert "https://arxiv.org/abs/2307.09288" in urls
    assert sheet.to_dict()["sources"]


def test_other_families_of_the_provider_are_context_not_hours(registry: Registry) -> None:
    sheet = datawork_sheet("llama-3-test", registry)
    context = [f for f in sheet.fields if f.scope == "other family: llama-2"]
    assert any(f.field == "sft_demonstrations" and f.value == 27540 for f in context)
    own = {f.field: f.status for f in sheet.fields if f.scope == "family"}
    assert own["sft_demonstrations"] == "undisclosed"
    assert sheet.hours.status == "undisclosed"


def test_vendor_facts_appear_when_the_sheet_names_the_vendor(registry: Registry) -> None:
    sheet = datawork_sheet("gpt-test", registry)  # InstructGPT used Upwork and Scale AI
    vendor = [f for f in sheet.fields if f.scope == "vendor: scale-ai"]
    assert any(f.field == "payment_issues" and "withheld" in f.text for f in vendor)
    assert not any(  # Meta's sheets name Sama and Majorel, never Scale AI
        f.scope == "vendor: scale-ai" for f in datawork_sheet("llama-3-test", registry).fields
    )


def test_share_of_client_rate_reaching_workers(registry: Registry) -> None:
    sheet = datawork_sheet("gpt-test", registry)
    (share,) = sheet.client_shares
    assert share.client_rate == 12.5
    assert (share.share_low, share.share, share.share_high) == pytest.approx(
        (1.32 / 12.5, 1.66 / 12.5, 2.0 / 12.5)
    )


def test_undisclosed_core_fields_of_the_own_family(registry: Registry) -> None:
    hidden = datawork_sheet("llama-2-70b-chat", registry).undisclosed_core_fields
    assert set(hidden) == {
        "vendors",
        "minutes_per_annotation",
        "pay_per_hour",
        "countries",
        "red_team",
        "safety_labels",
        "workers",
    }
    assert "sft_demonstrations" not in hidden


def test_hours_columns_multiply_per_request_hours_by_requests(registry: Registry) -> None:
    columns = datawork_hours_columns(
        ["starcoder-15b", "llama-2-70b-chat", "starcoder-15b"],
        [10, 5, 1],
        registry,
        lifetime_requests=(1e6, 1e7, 1e8),
    )
    assert columns["datawork_h"][0] == pytest.approx(10 * 4349 / 1e7)
    assert columns["datawork_h_low"][2] == pytest.approx(4349 / 1e8)
    assert columns["datawork_h_high"][2] == pytest.approx(4349 / 1e6)
    # undisclosed: the labelled analogy (or NaN without one), never 0
    analogy = analogy_hours(registry)
    if analogy is None:
        assert math.isnan(columns["datawork_h"][1])
    else:
        assert columns["datawork_h"][1] == pytest.approx(5 * analogy.hours / 1e7)


def test_hours_columns_without_lifetime_assumption_are_nan(registry: Registry) -> None:
    columns = datawork_hours_columns(["starcoder-15b"], [3], registry)
    assert all(math.isnan(columns[name][0]) for name in columns)
