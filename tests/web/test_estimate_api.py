"""POST /api/estimate and /api/estimate/batch: the library's numbers, clear 4xx for bad input."""

from __future__ import annotations

import math

import pytest

import fairprint
from fairprint.report.metrics import SUMMED_COLUMNS
from tests.web._client import local_client


def test_estimate_returns_the_library_estimate(calc_client, registry) -> None:
    body = {"model": "gpt-4o", "input_tokens": 500, "output_tokens": 300, "requests": 3}
    answer = calc_client.post("/api/estimate", json=body)
    assert answer.status_code == 200
    expected = fairprint.estimate("gpt-4o", 500, 300, requests=3, registry=registry)
    assert answer.json() == expected.model_dump(mode="json")


def test_estimate_accepts_region_and_cached_tokens(calc_client, registry) -> None:
    body = {
        "model": "gpt-4o",
        "input_tokens": 100,
        "cached_input_tokens": 900,
        "output_tokens": 50,
        "region": "eu",
    }
    data = calc_client.post("/api/estimate", json=body).json()
    assert data["grid_zone"] == "EU"
    expected = fairprint.estimate(
        "gpt-4o", 100, 50, cached_input_tokens=900, region="eu", registry=registry
    )
    assert data["gwp_kgco2e"]["central"] == pytest.approx(expected.gwp_kgco2e.central)


def test_unknown_model_is_a_422_with_suggestions(calc_client) -> None:
    answer = calc_client.post("/api/estimate", json={"model": "gpt-4x", "output_tokens": 1})
    assert answer.status_code == 422
    assert "Unknown model 'gpt-4x'" in answer.json()["detail"]
    assert "gpt-4o" in answer.json()["detail"]


def test_unknown_region_is_a_422_naming_the_regions(calc_client) -> None:
    answer = calc_client.post("/api/estimate", json={"model": "gpt-4o", "region": "mars"})
    assert answer.status_code == 422
    assert "mars" in answer.json()["detail"] and "eu" in answer.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"model": "gpt-4o", "input_tokens": -1}, "input_tokens"),
        ({"model": "gpt-4o", "output_tokens": 1.5}, "output_tokens"),
        ({"model": "gpt-4o", "requests": 0}, "requests"),
        ({"model": ""}, "model"),
        ({"input_tokens": 3}, "model"),
        ({"model": "gpt-4o", "colour": "green"}, "colour"),
    ],
)
def test_bad_bodies_are_422_naming_the_field(calc_client, body, field) -> None:
    answer = calc_client.post("/api/estimate", json=body)
    assert answer.status_code == 422
    assert field in answer.json()["detail"]


def test_batch_rows_and_totals_match_single_estimates(calc_client, registry) -> None:
    rows = [
        {"model": "gpt-4o", "input_tokens": 500, "output_tokens": 300},
        {"model": "claude-3-haiku", "output_tokens": 120, "requests": 4},
        {"model": "mistral-large-2", "input_tokens": 40, "output_tokens": 400, "region": "eu"},
    ]
    answer = calc_client.post("/api/estimate/batch", json={"rows": rows})
    assert answer.status_code == 200
    data = answer.json()
    singles = [
        fairprint.estimate(
            r.pop("model"),
            r.pop("input_tokens", 0),
            r.pop("output_tokens", 0),
            registry=registry,
            **r,
        )
        for r in [dict(row) for row in rows]
    ]
    for row, single in zip(data["rows"], singles, strict=True):
        assert row["model_id"] == single.model_id
        for column in ("energy_kwh", "gwp_kgco2e", "water_l", "adpe_kgsbeq"):
            assert row["impacts"][column]["central"] == pytest.approx(
                getattr(single, column).central, rel=1e-9
            )
    for column in SUMMED_COLUMNS:
        total = math.fsum(r["impacts"][column]["central"] for r in data["rows"])
        assert data["totals"][column]["central"] == pytest.approx(total, rel=1e-12)
    assert data["registry_version"] == registry.version


def test_batch_with_an_unknown_model_names_the_row(calc_client) -> None:
    rows = [{"model": "gpt-4o", "output_tokens": 1}, {"model": "nonsense-9000", "output_tokens": 1}]
    answer = calc_client.post("/api/estimate/batch", json={"rows": rows})
    assert answer.status_code == 422
    assert "nonsense-9000" in answer.json()["detail"]


def test_batch_larger_than_the_limit_is_refused(empty_ledger_path, registry) -> None:

    from fairprint.web import create_app

    client = local_client(create_app(empty_ledger_path, registry=registry, max_batch_rows=2))
    rows = [{"model": "gpt-4o", "output_tokens": 1}] * 3
    answer = client.post("/api/estimate/batch", json={"rows": rows})
    assert answer.status_code == 422
    assert "limit of 2" in answer.json()["detail"]


def test_empty_batch_is_a_422(calc_client) -> None:
    assert calc_client.post("/api/estimate/batch", json={"rows": []}).status_code == 422


def test_models_endpoint_lists_every_registry_model(calc_client, registry) -> None:
    data = calc_client.get("/api/models").json()
    assert [m["model_id"] for m in data] == [str(r["model_id"]) for r in registry.models]
    assert all("source" in m for m in data)


def test_openapi_schema_lists_the_api(calc_client) -> None:
    paths = calc_client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/estimate",
        "/api/estimate/batch",
        "/api/import",
        "/api/report",
        "/api/audits",
    ):
        assert path in paths
    assert "/calculator" not in paths


def test_reasoning_model_without_a_count_gets_hidden_tokens_estimated(
    calc_client, registry
) -> None:
    data = calc_client.post(
        "/api/estimate", json={"model": "o3-mini", "input_tokens": 200, "output_tokens": 100}
    ).json()
    assert data["reasoning_tokens_estimated"]["central"] > 0
    assert data["reasoning_note"].startswith("estimated")
    counted = calc_client.post(
        "/api/estimate",
        json={"model": "o3-mini", "input_tokens": 200, "output_tokens": 100, "reasoning_tokens": 0},
    ).json()
    assert counted["reasoning_tokens_estimated"]["central"] is None
    assert counted["energy_kwh"]["central"] < data["energy_kwh"]["central"]


def test_boundary_field_reaches_the_estimate(calc_client, registry) -> None:
    body = {"model": "llama-3.1-70b", "input_tokens": 400, "output_tokens": 400}
    life = calc_client.post("/api/estimate", json={**body, "boundary": "lifecycle"}).json()
    expected = fairprint.estimate(
        "llama-3.1-70b", 400, 400, boundary="lifecycle", registry=registry
    )
    assert life["boundary"] == "lifecycle"
    assert life["training_gwp_kgco2e"] == expected.training_gwp_kgco2e.model_dump()
    bad = calc_client.post("/api/estimate", json={**body, "boundary": "planet"})
    assert bad.status_code == 422 and "boundary" in bad.text


def test_batch_rows_keep_their_order_across_boundaries_and_reasoning_rules(
    calc_client, registry
) -> None:
    rows = [
        {"model": "gpt-4o", "input_tokens": 100, "output_tokens": 50, "boundary": "accelerator"},
        {"model": "o3-mini", "input_tokens": 100, "output_tokens": 50},
        {"model": "gpt-4o", "input_tokens": 100, "output_tokens": 50},
    ]
    data = calc_client.post("/api/estimate/batch", json={"rows": rows}).json()
    energy = [row["impacts"]["energy_kwh"]["central"] for row in data["rows"]]
    expected = [
        fairprint.estimate(
            r["model"], 100, 50, boundary=r.get("boundary", "facility"), registry=registry
        ).energy_kwh.central
        for r in rows
    ]
    assert energy == pytest.approx(expected)
