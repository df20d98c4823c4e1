"""The CLI's top-level guard: an unexpected exception is one clear line, nothing stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import MINI_REGISTRY
from typer.testing import CliRunner

from fairprint.cli import DEBUG_VARIABLE, app
from fairprint.ledger import Ledger
from fairprint.ledger import ledger as ledger_module

runner = CliRunner()
ENV = {"FAIRPRINT_REGISTRY": str(MINI_REGISTRY), "COLUMNS": "80", DEBUG_VARIABLE: ""}


def _broken_batches(*args: object, **kwargs: object) -> object:
    yield from ()
    raise ZeroDivisionError("planted bug")


def _log(tmp_path: Path) -> Path:
    path = tmp_path / "a.csv"
    path.write_text("activity_id,provider,model,input_tokens\na,acme,dense-70b,1\n")
    return path


def test_an_unexpected_exception_is_one_line_with_a_hint_and_nothing_is_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_module, "read_activities", _broken_batches)
    ledger = tmp_path / "l.duckdb"
    result = runner.invoke(
        app, ["import", str(_log(tmp_path)), "-f", "csv", "--ledger", str(ledger)], env=ENV
    )
    assert result.exit_code == 3
    text = " ".join(result.output.replace("│", " ").split())
    assert (
        "unexpected ZeroDivisionError: planted bug. Nothing was stored. This is a bug: "
        f"please report it with {DEBUG_VARIABLE}=1 set to show the traceback."
    ) in text
    assert "Traceback" not in result.output
    with Ledger(ledger) as opened:
        assert opened.connection.execute("SELECT count(*) FROM activities").fetchone() == (0,)


def test_the_debug_variable_lets_the_traceback_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_module, "read_activities", _broken_batches)
    result = runner.invoke(
        app,
        ["import", str(_log(tmp_path)), "-f", "csv", "--ledger", str(tmp_path / "l.duckdb")],
        env={**ENV, DEBUG_VARIABLE: "1"},
    )
    assert isinstance(result.exception, ZeroDivisionError)
