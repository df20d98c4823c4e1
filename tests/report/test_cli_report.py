"""``fairprint report`` and ``fairprint demo`` through the real command line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from fairprint.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_ledger(tmp_path_factory):
    from fairprint.demo import run_demo

    folder = tmp_path_factory.mktemp("cli")
    result = run_demo(ledger_path=folder / "demo.duckdb")
    return result.ledger_path, result.report


def test_report_without_a_ledger_says_how_to_make_one(tmp_path) -> None:
    result = runner.invoke(app, ["report", "--ledger", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "fairprint import" in result.output and "fairprint demo" in result.output


def test_a_bad_date_is_a_clear_error(demo_ledger) -> None:
    path, _ = demo_ledger
    result = runner.invoke(app, ["report", "--ledger", str(path), "--since", "last tuesday"])
    assert result.exit_code == 2
    assert "--since" in result.output and "YYYY-MM-DD" in result.output


def test_json_report_totals_equal_the_library_report(demo_ledger) -> None:
    path, report = demo_ledger
    result = runner.invoke(app, ["report", "--ledger", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"]["totals"]["gwp_kgco2e"]["central"] == pytest.approx(
        report.totals["gwp_kgco2e"].central
    )


def test_csv_by_team_and_period_filter(demo_ledger) -> None:
    path, _ = demo_ledger
    args = ["report", "--ledger", str(path), "--format", "csv", "--by", "team"]
    whole = list(csv.DictReader(io.StringIO(runner.invoke(app, args).stdout)))
    july = list(
        csv.DictReader(
            io.StringIO(
                runner.invoke(app, [*args, "--since", "2026-07-01", "--until", "2026-08"]).stdout
            )
        )
    )
    assert "data-science" in {row["team"] for row in whole}
    assert sum(int(r["requests"]) for r in july) < sum(int(r["requests"]) for r in whole)


def test_table_by_month_lists_the_quarter(demo_ledger) -> None:
    path, _ = demo_ledger
    result = runner.invoke(app, ["report", "--ledger", str(path), "--by", "month"])
    assert result.exit_code == 0, result.output
    assert "By month" in result.output
    for month in ("2026-07", "2026-08", "2026-09"):
        assert month in result.output


def test_esrs_and_html_exports_are_written_to_files(demo_ledger, tmp_path) -> None:
    path, _ = demo_ledger
    esrs_file, html_file = tmp_path / "esrs.csv", tmp_path / "report.html"
    for fmt, target in (("esrs", esrs_file), ("html", html_file)):
        result = runner.invoke(
            app, ["report", "--ledger", str(path), "--format", fmt, "--output", str(target)]
        )
        assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(esrs_file.read_text())))
    assert {r["kind"] for r in rows} == {"datapoint", "note"}
    assert "<svg" in html_file.read_text()


def test_demo_prints_the_report_and_says_where_the_html_is(tmp_path) -> None:
    target = tmp_path / "demo.html"
    result = runner.invoke(app, ["demo", "--html", str(target)])
    assert result.exit_code == 0, result.output
    assert target.exists()
    assert "Biggest levers" in result.output
    assert str(target) in result.output.replace("\n", "")


def test_an_empty_period_says_so_instead_of_printing_empty_tables(demo_ledger) -> None:
    path, _ = demo_ledger
    result = runner.invoke(app, ["report", "--ledger", str(path), "--since", "2030-01-01"])
    assert result.exit_code == 0, result.output
    assert "No activity in this period" in result.output


def test_the_table_can_be_written_to_a_file(demo_ledger, tmp_path) -> None:
    path, report = demo_ledger
    target = tmp_path / "report.txt"
    result = runner.invoke(app, ["report", "--ledger", str(path), "--output", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "Biggest levers" in text and f"{report.summary.requests:,} requests" in text


def _lines_at(width: int, args: list[str]) -> list[str]:
    result = runner.invoke(app, args, env={"COLUMNS": str(width), "TERMINAL_WIDTH": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.mark.parametrize("width", [80, 120])
def test_the_report_fits_the_terminal_without_cutting_anything(demo_ledger, width) -> None:
    path, report = demo_ledger
    lines = _lines_at(width, ["report", "--ledger", str(path)])
    text = "\n".join(lines)
    assert max(len(line) for line in lines) <= width
    assert "…" not in text  # no name, number or note is cut
    assert "rows uncounted" not in text and "over 0 requests" not in text
    # every model of the people section is named whole, on one line
    for model in report.people.models:
        assert any(model.model in line for line in lines), model.model
    if width < 100:  # narrow: the per-model data work is a card per model
        assert "  data work: undisclosed" in text
        assert "rows without a request count" in text or not any(
            m.uncounted_rows for m in report.people.models
        )


@pytest.mark.parametrize("width", [80, 120])
def test_models_fit_the_terminal_with_whole_names_and_ranges(width) -> None:
    lines = _lines_at(width, ["models"])
    assert max(len(line) for line in lines) <= width
    text = "\n".join(lines)
    assert "…" not in text
    assert any("gpt-4o-mini" in line for line in lines)
    if width < 120:
        assert any("200–297–440" in line for line in lines)  # gpt-4o's range, unsplit
