"""A command whose extra is not installed says which ``pip install`` fixes it, in one line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fairprint.cli import app

runner = CliRunner()

CASES = [
    (["serve"], "uvicorn", "web"),
    (["collect", "--otlp"], "opentelemetry.proto", "track"),
    (["spark-import", "x.csv", "--output", "out"], "pyspark", "spark"),
]


@pytest.mark.parametrize(("args", "module", "extra"), CASES)
def test_missing_extra_names_the_pip_line_without_a_traceback(
    args: list[str], module: str, extra: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A None entry in sys.modules is how Python marks a module as unimportable.
    monkeypatch.setitem(sys.modules, module, None)
    result = runner.invoke(app, [*args, "--ledger", str(tmp_path / "l.duckdb")])
    assert result.exit_code == 2, result.output
    assert f"pip install 'fairprint[{extra}]'" in result.output
    assert "Traceback" not in result.output and "ModuleNotFoundError" not in result.output
    assert not (tmp_path / "l.duckdb").exists()
