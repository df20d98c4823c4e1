"""``fairprint estimate`` and ``fairprint models`` through the real Typer app."""

from __future__ import annotations

import json

from tests.conftest import MINI_REGISTRY
from typer.testing import CliRunner

from fairprint.cli import app

runner = CliRunner()
ENV = {"FAIRPRINT_REGISTRY": str(MINI_REGISTRY)}


def test_estimate_prints_every_indicator_with_ranges() -> None:
    result = runner.invoke(
        app,
        ["estimate", "--model", "dense-70b", "--input-tokens", "1200", "--output-tokens", "500"],
        env=ENV,
    )
    assert result.exit_code == 0, result.output
    for label in (
        "Energy",
        "Carbon",
        "on-site",
        "off-site",
        "Abiotic",
        "Primary energy",
        "embodied",
    ):
        assert label in result.output
    for unit in ("Wh", "kWh", "gCO2e", "mL", "mg Sb eq", "kJ"):
        assert unit in result.output
    assert "undisclosed" in result.output  # the mini registry discloses no data work


def test_estimate_json_matches_the_library() -> None:
    from fairprint import estimate
    from fairprint.registry import Registry

    result = runner.invoke(
        app,
        [
            "estimate",
            "-m",
            "dense-70b",
            "--input-tokens",
            "1200",
            "--output-tokens",
            "500",
            "--json",
        ],
        env=ENV,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    expected = estimate("dense-70b", 1200, 500, registry=Registry(MINI_REGISTRY))
    assert data["energy_kwh"]["central"] == expected.energy_kwh.central
    assert data["energy_kwh"]["low"] <= data["energy_kwh"]["central"] <= data["energy_kwh"]["high"]


def test_unknown_model_is_a_clear_error_not_a_traceback() -> None:
    result = runner.invoke(
        app, ["estimate", "--model", "dense-7b", "--output-tokens", "5"], env=ENV
    )
    assert result.exit_code == 2
    assert "dense-70b" in result.output and "Traceback" not in result.output


def test_negative_tokens_are_refused() -> None:
    result = runner.invoke(
        app, ["estimate", "--model", "dense-70b", "--input-tokens", "-5"], env=ENV
    )
    assert result.exit_code == 2


def test_models_lists_sources_and_undisclosed() -> None:
    result = runner.invoke(app, ["models", "--json"], env=ENV)
    assert result.exit_code == 0, result.output
    rows = {r["model_id"]: r for r in json.loads(result.output)}
    assert rows["secret-y"]["active_params_b"] is None
    assert all(r["source"] and r["licence"] for r in rows.values())
    table = runner.invoke(app, ["models"], env={**ENV, "COLUMNS": "200"})
    assert "undisclosed" in table.output


def test_estimate_boundary_option_reaches_the_library_and_is_printed() -> None:
    args = ["estimate", "-m", "dense-70b", "--input-tokens", "1200", "--output-tokens", "500"]
    result = runner.invoke(app, [*args, "--boundary", "it", "--json"], env=ENV)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["boundary"] == "it"
    shown = runner.invoke(app, [*args, "--boundary", "accelerator"], env={**ENV, "COLUMNS": "200"})
    assert "Boundary: accelerator electricity only" in shown.output


def test_estimate_without_any_token_says_so() -> None:
    result = runner.invoke(app, ["estimate", "-m", "dense-70b"], env={**ENV, "COLUMNS": "200"})
    assert result.exit_code != 0
    assert "no tokens at all" in result.output


def test_lifecycle_prints_the_training_part_and_its_note() -> None:
    args = ["estimate", "-m", "dense-70b", "--input-tokens", "1200", "--output-tokens", "500"]
    wide = {**ENV, "COLUMNS": "200"}
    shown = runner.invoke(app, [*args, "--boundary", "lifecycle"], env=wide)
    assert shown.exit_code == 0, shown.output
    assert "Training (amortised): carbon" in shown.output
    assert "Training: amortised training unknown" in shown.output
    facility = runner.invoke(app, args, env=wide)
    assert "Training (amortised)" not in facility.output
