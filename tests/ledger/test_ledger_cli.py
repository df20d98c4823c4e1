"""``fairprint import``, ``quarantine`` and ``recompute`` through the real Typer app."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from fairprint.cli import app
from fairprint.ledger import Ledger
from tests.conftest import MINI_REGISTRY
from tests.ledger.conftest import canonical_csv

runner = CliRunner()
ENV = {"FAIRPRINT_REGISTRY": str(MINI_REGISTRY)}


def _files(tmp_path: Path) -> tuple[Path, Path]:
    good = canonical_csv(tmp_path / "good.csv", ["r1,2026-01-01T10:00:00Z,acme,dense-70b,10,2"])
    mixed = canonical_csv(
        tmp_path / "mixed.csv",
        ["r1,2026-01-01T10:00:00Z,acme,dense-70b,10,2", "r2,2026-01-01,acme,dense-70b,-3,2"],
    )
    return good, mixed


def test_import_prints_counts_per_file(tmp_path: Path) -> None:
    good, mixed = _files(tmp_path)
    ledger = tmp_path / "l.duckdb"
    result = runner.invoke(
        app, ["import", str(good), str(mixed), str(good), "--ledger", str(ledger)], env=ENV
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if ".csv" in line]
    assert "good.csv" in lines[0] and "│ 1 " in lines[0]
    assert "mixed.csv" in lines[1] and "│ 0 " in lines[1]
    assert "already imported" in result.output
    assert "1 rows quarantined" in result.output
    with Ledger(ledger) as opened:
        assert opened.activities().num_rows == 1


def test_strict_import_exits_with_the_row_and_reason(tmp_path: Path) -> None:
    _, mixed = _files(tmp_path)
    ledger = tmp_path / "l.duckdb"
    result = runner.invoke(
        app, ["import", str(mixed), "--strict", "--ledger", str(ledger)], env=ENV
    )
    assert result.exit_code == 2
    assert "line 3" in result.output and "input_tokens" in result.output
    with Ledger(ledger) as opened:
        assert opened.activities().num_rows == 0


def test_quarantine_lists_the_rows(tmp_path: Path) -> None:
    _, mixed = _files(tmp_path)
    ledger = tmp_path / "l.duckdb"
    runner.invoke(app, ["import", str(mixed), "--ledger", str(ledger)], env=ENV)
    result = runner.invoke(app, ["quarantine", "--ledger", str(ledger)], env=ENV)
    assert result.exit_code == 0, result.output
    assert "mixed.csv" in result.output and "input_tokens" in result.output


def test_recompute_reports_the_registry_version(tmp_path: Path) -> None:
    good, _ = _files(tmp_path)
    ledger = tmp_path / "l.duckdb"
    runner.invoke(app, ["import", str(good), "--ledger", str(ledger)], env=ENV)
    result = runner.invoke(app, ["recompute", "--ledger", str(ledger)], env=ENV)
    assert result.exit_code == 0, result.output
    assert "Recomputed 1 activities with registry test-1" in result.output


def test_an_undetectable_file_is_a_clear_error(tmp_path: Path) -> None:
    odd = tmp_path / "odd.txt"
    odd.write_text("hello\n")
    result = runner.invoke(app, ["import", str(odd), "--ledger", str(tmp_path / "l.duckdb")])
    assert result.exit_code == 2
    assert "--format" in result.output


def test_files_before_a_failing_one_are_kept_and_shown(tmp_path: Path) -> None:
    good, mixed = _files(tmp_path)
    ledger = tmp_path / "l.duckdb"
    result = runner.invoke(
        app, ["import", str(good), str(mixed), "--strict", "--ledger", str(ledger)], env=ENV
    )
    assert result.exit_code == 2
    assert "good.csv" in result.output and "line 3" in result.output
    with Ledger(ledger) as opened:
        assert [r["file"] for r in opened.imports().to_pylist()] == [str(good)]
