"""``fairprint validate`` through the real Typer app, in every format."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from fairprint.cli import app
from fairprint.validation import compare_cases, load_cases, summarise

runner = CliRunner()
DOC = Path(__file__).parents[2] / "docs" / "validation.md"


def test_text_output_fits_80_columns_and_ends_with_the_summary() -> None:
    result = runner.invoke(app, ["validate"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "summary" in lines and "central within 2x of published" in result.output
    assert "google-gemini-apps-median-energy-comprehensive" in lines  # names never cut


def test_text_output_fits_60_columns() -> None:
    result = runner.invoke(app, ["validate"], env={"COLUMNS": "60"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.output.splitlines()) <= 60


def test_json_output_matches_the_library() -> None:
    result = runner.invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.output)
    expected = summarise(compare_cases(load_cases())).as_dict()
    assert document["summary"] == expected
    assert len(document["cases"]) == expected["cases"]
    first = document["cases"][0]
    assert {"published", "fairprint_low", "fairprint_central", "fairprint_high"} <= set(first)


def test_html_output_is_a_page_with_the_table() -> None:
    result = runner.invoke(app, ["validate", "--format", "html"])
    assert result.exit_code == 0
    assert result.output.startswith("<!doctype html>")
    assert result.output.count("<tr>") == len(load_cases()) + 1


def test_committed_validation_doc_matches_the_command() -> None:
    result = runner.invoke(app, ["validate", "--format", "markdown"])
    assert result.exit_code == 0
    assert DOC.read_text(encoding="utf-8") == result.output, (
        "docs/validation.md is stale: run "
        "`fairprint validate --format markdown > docs/validation.md`"
    )


def test_an_unknown_format_is_a_clear_error() -> None:
    result = runner.invoke(app, ["validate", "--format", "xml"])
    assert result.exit_code == 2
    assert "choose one of" in result.output
