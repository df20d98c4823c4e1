"""Wage references and PPP conversion against the shipped tables, computed by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from fairprint.errors import InputError
from fairprint.people.wages import (
    convert_to_ppp_usd,
    load_living_wages,
    to_ppp_usd,
    wage_reference,
)
from fairprint.registry.people_schema import CURRENCY, WAGES
from fairprint.registry.registry import Registry

KE_PPP_2024 = 44.39
KE_FX_2022 = 117.9
KE_HOURS_PER_MONTH = 225.33


def test_kenya_minimum_wage_is_converted_to_hourly_and_ppp(registry: Registry) -> None:
    ref = wage_reference("KE", "minimum", registry)
    assert ref is not None
    assert ref.year == 2024 and ref.currency == "KES"
    assert ref.hourly_local == pytest.approx(16113.75 / KE_HOURS_PER_MONTH)
    assert ref.hourly_ppp_usd == pytest.approx(16113.75 / KE_HOURS_PER_MONTH / KE_PPP_2024)
    assert ref.source and ref.source_url.startswith("https://")


def test_the_rate_in_force_in_a_year_is_chosen(registry: Registry) -> None:
    ref = wage_reference("ke", "minimum", registry, year=2023)
    assert ref is not None and ref.year == 2022
    assert ref.hourly_local == pytest.approx(15201.65 / KE_HOURS_PER_MONTH)


def test_monthly_rate_without_hours_basis_has_no_hourly_value(registry: Registry) -> None:
    ref = wage_reference("NG", "minimum", registry)
    assert ref is not None
    assert ref.hourly_local is None and ref.hourly_ppp_usd is None
    assert "hours basis" in ref.notes


def test_country_without_operative_minimum_wage_is_unknown(registry: Registry) -> None:
    ref = wage_reference("UG", "minimum", registry)
    assert ref is not None and ref.hourly_local is None


def test_unknown_country_returns_none(registry: Registry) -> None:
    assert wage_reference("ZZ", "minimum", registry) is None


def test_the_shipped_kenyan_living_wage_is_the_glwc_benchmark(registry: Registry) -> None:
    reference = wage_reference("KE", "living", registry, year=2020)
    assert reference is not None  # GLWC rural Mount Kenya, KES 12,969 a month (2015)
    assert reference.hourly_local == pytest.approx(12969 / 225.33)
    assert reference.year == 2015 and "rural" in reference.scope


def test_kenyan_pay_from_2023_meets_the_urban_benchmark(registry: Registry) -> None:
    reference = wage_reference("KE", "living", registry, year=2024)
    assert reference is not None  # GLWC non-metropolitan urban Kenya, KES 35,518 (2023)
    assert reference.hourly_local == pytest.approx(35518 / 225.33)
    assert reference.year == 2023 and "urban" in reference.scope
    assert reference.kind == "living"  # a benchmark, not the proxy


def test_a_living_wage_far_older_than_the_pay_is_flagged() -> None:
    from fairprint.people import datawork_sheet

    sheet = datawork_sheet("gpt-4o", Registry.default())
    old = [
        c
        for c in sheet.wages
        if c.standard == "living" and c.reference is not None and c.reference.year == 2015
    ]
    assert old, "Sama's 2021 pay is compared with the 2015 rural benchmark"
    assert all("years older than the pay" in c.note for c in old)
    recent = [
        c
        for c in sheet.wages
        if c.standard == "living" and c.reference is not None and c.reference.year == 2023
    ]
    assert recent and not any("years older" in c.note for c in recent)


def test_usd_pay_is_converted_through_the_exchange_rate_and_ppp(registry: Registry) -> None:
    conversion = convert_to_ppp_usd(1.32, "USD", "KE", 2022, registry)
    assert conversion.ppp_usd == pytest.approx(1.32 * KE_FX_2022 / KE_PPP_2024)
    assert conversion.fx_year == 2022 and conversion.ppp_year == 2024
    assert "2024" in conversion.note  # the nearest-year fallback is announced


def test_currency_without_a_rate_gives_none(registry: Registry) -> None:
    conversion = convert_to_ppp_usd(10.0, "XYZ", "KE", 2024, registry)
    assert conversion.ppp_usd is None and "no exchange rate for XYZ" in conversion.note


def test_any_currency_is_crossed_through_the_dollar(registry: Registry) -> None:
    euro = to_ppp_usd(10.0, "EUR", "KE", 2024, registry)
    eur_per_usd = next(
        r["value"]
        for r in registry.extra_table("currency", CURRENCY).rows
        if r["currency"] == "EUR" and r["indicator"] == "exchange_rate_usd" and r["year"] == 2024
    )
    dollars = to_ppp_usd(10.0 / float(eur_per_usd), "USD", "KE", 2024, registry)
    assert euro is not None and euro == pytest.approx(dollars)


def test_us_dollars_in_the_us_are_unchanged(registry: Registry) -> None:
    assert to_ppp_usd(7.25, "USD", "US", 2024, registry) == pytest.approx(7.25)


def _living_csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "living.csv"
    path.write_text(body, encoding="utf-8")
    return path


def test_user_living_wage_is_used_and_converted(tmp_path: Path, registry: Registry) -> None:
    table = load_living_wages(
        _living_csv(
            tmp_path,
            "country,hourly,currency,year,source,licence\nke,150,KES,2024,My survey,CC BY 4.0\n",
        )
    )
    ref = wage_reference("KE", "living", registry, living_wages=table)
    assert ref is not None
    assert ref.hourly_local == 150 and ref.source == "My survey"
    assert ref.hourly_ppp_usd == pytest.approx(150 / KE_PPP_2024)


def test_living_wage_file_without_licence_column_is_rejected(tmp_path: Path) -> None:
    path = _living_csv(tmp_path, "country,hourly,currency,year,source\nKE,150,KES,2024,x\n")
    with pytest.raises(InputError, match=r"living\.csv: missing columns"):
        load_living_wages(path)


def test_living_wage_row_without_source_names_the_line(tmp_path: Path) -> None:
    path = _living_csv(
        tmp_path, "country,hourly,currency,year,source,licence\nKE,150,KES,2024,,CC0\n"
    )
    with pytest.raises(InputError, match="line 2, column 'source'"):
        load_living_wages(path)


def test_living_wage_must_be_positive(tmp_path: Path) -> None:
    path = _living_csv(
        tmp_path, "country,hourly,currency,year,source,licence\nKE,0,KES,2024,x,CC0\n"
    )
    with pytest.raises(InputError, match="positive"):
        load_living_wages(path)


def test_a_living_wage_published_after_the_pay_is_not_applied_to_it(
    make_registry, tmp_path
) -> None:
    """Year rule as documented: latest at or before the pay's year (a 2024-only row, 2022 pay)."""
    from fairprint.people.wages import load_living_wages

    path = tmp_path / "living.csv"
    path.write_text(
        "country,hourly,currency,year,source,licence\nZZ,100,USD,2024,test fixture,CC0\n",
        encoding="utf-8",
    )
    table = load_living_wages(path)
    assert table.for_country("ZZ", 2022) is None
    assert table.for_country("ZZ", 2024) is not None
    assert table.for_country("ZZ", 2025) is not None


def test_registry_living_wage_follows_the_year_rule_and_prefers_benchmarks(
    registry: Registry,
) -> None:
    rows = [
        r
        for r in registry.extra_table("wages", WAGES).rows
        if r["kind"] in ("living", "living_proxy")
    ]
    country = next(str(r["country"]) for r in rows if r["kind"] == "living")
    years = sorted(int(r["year"]) for r in rows if r["country"] == country)
    assert wage_reference(country, "living", registry, year=years[0] - 1) is None
    found = wage_reference(country, "living", registry, year=years[-1])
    assert found is not None and found.kind == "living"  # a benchmark in force wins
