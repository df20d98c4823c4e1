"""The fair-data premium per 1,000 requests and over a ledger's requests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fairprint.people.datawork import datawork_sheet
from fairprint.registry.registry import Registry
from fairprint.report.people_premium import ledger_premium, model_premium

RegistryFactory = Callable[..., Registry]
CITE = {"source_url": "https://example.org", "year": "2024", "licence": "CC0"}


def _row(family: str, provider: str, field: str, value: str, **extra: str) -> dict[str, str]:
    return {
        "family": family,
        "provider": provider,
        "field": field,
        "value": value,
        "status": "disclosed",
        "source": f"{family} {field}",
        **CITE,
        **extra,
    }


ROWS = [
    _row("llama-2", "meta", "preference_comparisons", "600"),
    _row("llama-2", "meta", "minutes_per_annotation", "5"),
    # this model's own family: pay of 0.10 USD an hour in Kenya, nothing else disclosed
    _row("gpt-test", "openai", "pay_per_hour", "0.1", item="", currency="USD", country="KE"),
]


@pytest.fixture
def registry(make_registry: RegistryFactory) -> Registry:
    return make_registry(datawork=ROWS)


def test_premium_per_1000_requests_is_minutes_times_the_living_wage_shortfall(
    registry: Registry,
) -> None:
    lifetime = (1e6, 1e7, 1e8)
    premium = model_premium("gpt-test", registry, lifetime)
    sheet = datawork_sheet("gpt-test", registry, lifetime_requests=lifetime)
    living = next(w for w in sheet.wages if w.standard == "living")
    assert living.shortfall_ppp_per_hour is not None and living.shortfall_ppp_per_hour > 0
    minutes = sheet.hours.minutes_per_1000_requests
    assert minutes is not None and premium.premium_ppp_per_1000_requests is not None
    for got, m in zip(premium.premium_ppp_per_1000_requests, minutes, strict=True):
        assert got == pytest.approx(m / 60 * living.shortfall_ppp_per_hour)
    assert premium.pay_from == "the family's disclosed pay"


def test_ledger_premium_sums_known_models_and_counts_the_rest_apart(
    registry: Registry,
) -> None:
    lifetime = (1e6, 1e7, 1e8)
    per_1000 = model_premium("gpt-test", registry, lifetime).premium_ppp_per_1000_requests
    assert per_1000 is not None
    result = ledger_premium(
        {"gpt-test": 5000, "mystery-model": 300, "not-a-model": 7}, registry, "2026-Q1", lifetime
    )
    assert result.period == "2026-Q1"
    assert result.total_ppp is not None
    assert result.total_ppp[1] == pytest.approx(5 * per_1000[1])
    assert result.requests_covered == 5000
    assert result.requests_unknown == 307  # no pay known / not in the registry: never 0


def test_no_pay_anywhere_gives_an_unknown_premium(make_registry: RegistryFactory) -> None:
    registry = make_registry(datawork=ROWS[:2])
    premium = model_premium("mystery-model", registry, (1, 2, 3))
    assert premium.premium_ppp_per_1000_requests is None
    assert premium.pay_from == "unknown"
