"""`fairprint people` and `fairprint transparency` through the real `fairprint` app."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner, Result

from fairprint.cli import app as fairprint_app
from fairprint.registry.registry import Registry

WIDE = {"COLUMNS": "250"}


@pytest.fixture
def app() -> typer.Typer:
    return fairprint_app


def _run(app: typer.Typer, registry: Registry, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--registry", str(registry.data_dir)], env=WIDE)


def test_people_sheet_shows_known_fields_and_sources(app: typer.Typer, registry: Registry) -> None:
    result = _run(app, registry, "people", "llama-2-70b-chat", "--sources")
    assert result.exit_code == 0, result.output
    assert "27,540" in result.output
    assert "1,418,091" in result.output
    assert "undisclosed" in result.output
    assert "https://arxiv.org/abs/2307.09288" in result.output
    assert "Sources" in result.output


def test_people_sheet_of_silent_provider_says_undisclosed(
    app: typer.Typer, registry: Registry
) -> None:
    result = _run(app, registry, "people", "mystery-model")
    assert result.exit_code == 0, result.output
    assert "publishes no data-work figures" in result.output
    assert "0 — undisclosed" in result.output
    # every core field is named as undisclosed (on one line, not nine cards)
    assert "9 of 9 core fields undisclosed: sft demonstrations" in " ".join(result.output.split())


def test_people_json_carries_hours_wages_and_sources(app: typer.Typer, registry: Registry) -> None:
    result = _run(
        app, registry, "people", "starcoder-15b", "--json", "--lifetime-requests", "1e6:1e7:1e8"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["hours"]["total_hours"] == 4349
    assert data["hours"]["hours_per_request"] == pytest.approx(4349 / 1e7)
    assert any("toloka.ai" in s["url"] for s in data["sources"])


def test_people_shows_the_wage_comparison(app: typer.Typer, registry: Registry) -> None:
    result = _run(app, registry, "people", "gpt-test", "--sources")
    assert result.exit_code == 0, result.output
    assert "sama-2021" in result.output and "KE" in result.output
    assert "time.com" in result.output


def test_unknown_model_exits_with_a_message(app: typer.Typer, registry: Registry) -> None:
    result = _run(app, registry, "people", "nope-model")
    assert result.exit_code == 2
    assert "Unknown model" in result.output


def test_bad_lifetime_requests_exits_with_a_message(app: typer.Typer, registry: Registry) -> None:
    result = _run(app, registry, "people", "starcoder-15b", "--lifetime-requests", "9:1:5")
    assert result.exit_code == 2
    assert "LOW <= CENTRAL <= HIGH" in result.output


def test_transparency_ranks_providers_and_shows_undisclosed(
    app: typer.Typer, registry: Registry
) -> None:
    result = _run(app, registry, "transparency")
    assert result.exit_code == 0, result.output
    assert "BigCode" in result.output and "undisclosed" in result.output
    assert "github.com/stanford-crfm/fmti" in result.output


def test_transparency_json_lists_unassessed_model_providers(
    app: typer.Typer, registry: Registry
) -> None:
    result = _run(app, registry, "transparency", "--json")
    data = json.loads(result.output)
    newco = next(item for item in data if item["provider"] == "newco")
    assert newco["status"] == "undisclosed" and newco["share"] == 0
    assert data[0]["share"] >= data[-1]["share"]


def test_bundled_registry_sheet_for_an_openai_model(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["people", "gpt-4o", "--json"], env=WIDE)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["hours"]["status"] == "undisclosed"
    # beside the disclosure status: the analogy estimate, as a range per 1,000 requests
    assert data["hours"]["basis"] == "analogy"
    low, mid, high = data["hours"]["minutes_per_1000_requests"]
    assert 0 < low < mid < high
    assert any("time.com" in s["url"] for s in data["sources"])
    assert data["client_shares"][0]["client_rate"] == 12.5


def test_sheet_is_a_vertical_card_at_80_columns_with_the_analogy_and_living_wage(
    app: typer.Typer,
) -> None:
    result = CliRunner().invoke(app, ["people", "gpt-4o"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in result.output  # nothing cut
    own, _, wider = result.output.partition("About its provider and vendors")
    assert "About this model" in own and "Sama" not in own  # vendor facts kept apart
    assert "Sama" in wider
    assert "human minutes per 1,000 requests" in own
    assert "estimated by analogy — the developer discloses nothing" in own
    assert "living wage" in wider and "% of it" in wider.split("living wage", 1)[1]


def test_estimate_shows_the_human_work_line_and_the_premium(app: typer.Typer) -> None:
    result = CliRunner().invoke(
        app,
        ["estimate", "-m", "gpt-4o", "--input-tokens", "1000", "--output-tokens", "300"],
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "human minutes per 1,000 requests" in text
    assert "estimated by analogy — the developer discloses nothing" in text
    assert "Fair-data premium:" in text and "per 1,000 requests" in text
