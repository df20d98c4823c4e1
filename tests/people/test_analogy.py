"""Human work by analogy: a model whose developer discloses nothing gets a labelled range."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fairprint.impacts.datawork import datawork_per_request
from fairprint.impacts.datawork_analogy import ANALOGY_LABEL, analogy_hours
from fairprint.registry.registry import Registry

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
    # pipeline A: 600 comparisons, times from the study below (5 min, 2-10)
    _row("llama-2", "meta", "preference_comparisons", "600"),
    # pipeline B: 100 demonstrations with its own disclosed time of 30 min
    _row("llama-3", "meta", "sft_demonstrations", "100"),
    _row("llama-3", "meta", "minutes_per_annotation", "30", value_low="20", value_high="40"),
    # a published study of time per comparison (family *: not any model's own data)
    _row(
        "*",
        "study-x",
        "minutes_per_annotation",
        "5",
        item="preference_comparisons",
        value_low="2",
        value_high="10",
    ),
]


@pytest.fixture
def analogy_registry(make_registry: RegistryFactory) -> Registry:
    return make_registry(datawork=ROWS)


def test_analogy_ranges_over_the_disclosed_pipelines(analogy_registry: Registry) -> None:
    result = analogy_hours(analogy_registry)
    assert result is not None
    families = {p.family: p for p in result.pipelines}
    assert families["llama-2"].hours == pytest.approx(600 * 5 / 60)  # 50 h
    assert families["llama-2"].times_from == "published studies"
    assert families["llama-3"].hours == pytest.approx(100 * 30 / 60)  # 50 h
    # low = smallest low (600 x 2 / 60 = 20 h), high = largest high (600 x 10 / 60 = 100 h)
    assert result.hours_low == pytest.approx(20.0)
    assert result.hours_high == pytest.approx(100.0)
    assert result.hours == pytest.approx(50.0)  # geometric mean of 50 and 50


def test_undisclosed_model_gets_the_analogy_beside_its_status(
    analogy_registry: Registry,
) -> None:
    result = datawork_per_request("gpt-test", analogy_registry, lifetime_requests=(1e6, 1e7, 1e8))
    assert result.status == "undisclosed"  # the disclosure status never changes
    assert result.basis == "analogy"
    assert ANALOGY_LABEL in result.status_label and "undisclosed" in result.status_label
    assert result.total_hours_low == pytest.approx(20.0)
    # favourable end: fewest hours over most requests
    assert result.hours_per_request_low == pytest.approx(20.0 / 1e8)
    assert result.hours_per_request_high == pytest.approx(100.0 / 1e6)
    minutes = result.minutes_per_1000_requests
    assert minutes is not None
    assert minutes[0] == pytest.approx(20.0 / 1e8 * 60 * 1000)
    assert minutes[0] < minutes[1] < minutes[2]
    assert set(result.analogy_pipelines) == {"llama-2", "llama-3"}


def test_a_disclosed_family_keeps_its_own_hours(analogy_registry: Registry) -> None:
    result = datawork_per_request("llama-3-test", analogy_registry, lifetime_requests=(1, 1, 1))
    assert result.basis == "disclosure"
    assert result.total_hours == pytest.approx(50.0)


def test_without_study_times_there_is_no_analogy(make_registry: RegistryFactory) -> None:
    registry = make_registry(datawork=ROWS[:1])  # counts, but no time anywhere
    assert analogy_hours(registry) is None
    result = datawork_per_request("gpt-test", registry, lifetime_requests=(1, 2, 3))
    assert result.basis == "none" and result.total_hours is None
    assert result.minutes_per_1000_requests is None


def test_registry_states_a_default_lifetime_range() -> None:
    registry = Registry.default()
    parameter = registry.parameter("lifetime_requests_per_family")
    assert 0 < parameter.low < parameter.central < parameter.high
    assert parameter.favourable_end == "high"
    result = datawork_per_request("gpt-4o", registry)
    assert result.lifetime_requests == (parameter.low, parameter.central, parameter.high)
