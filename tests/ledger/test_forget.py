"""``Ledger.forget`` / ``fairprint forget --import``: one import undone, recorded, all or none."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from fairprint.cli import app
from fairprint.errors import LedgerError
from fairprint.ledger import Ledger
from fairprint.ledger._cells import CELLS, quantities_sql
from tests.conftest import MINI_REGISTRY
from tests.ledger.conftest import canonical_csv

ENV = {"FAIRPRINT_REGISTRY": str(MINI_REGISTRY), "COLUMNS": "200"}


def _two_imports(tmp_path: Path, ledger: Ledger, registry) -> tuple[int, int]:
    first = canonical_csv(
        tmp_path / "first.csv",
        ["a1,2026-01-01T10:00:00Z,acme,dense-70b,10,2", "bad,2026-01-01,acme,dense-70b,-3,2"],
    )
    second = canonical_csv(tmp_path / "second.csv", ["b1,2026-01-02T10:00:00Z,acme,moe-400b,5,1"])
    one = ledger.import_file(first, registry=registry).import_id
    two = ledger.import_file(second, registry=registry).import_id
    return one, two


def test_forget_removes_one_imports_rows_and_records_it(tmp_path: Path, mini_registry) -> None:
    with Ledger(tmp_path / "l.duckdb") as ledger:
        one, two = _two_imports(tmp_path, ledger, mini_registry)
        result = ledger.forget(one)
        models = ledger.activities().column("model").to_pylist()
        history = {row["import_id"]: row for row in ledger.imports().to_pylist()}
        quarantined = ledger.quarantine().num_rows
        kept = ledger.connection.execute(f"SELECT * FROM {CELLS} ORDER BY ALL").fetchall()
        summed = ledger.connection.execute(f"{quantities_sql()} ORDER BY ALL").fetchall()
    assert (result.activities, result.quarantined) == (1, 1)
    assert models == ["moe-400b"] and quarantined == 0
    assert history[one]["status"] == "forgotten"
    record = history[result.record_id]
    assert record["format"] == "forget" and record["forgets"] == one and record["removed"] == 1
    assert history[two]["status"] == "committed"
    assert kept == summed  # the report cells follow


def test_a_forgotten_file_can_be_imported_again(tmp_path: Path, mini_registry) -> None:
    with Ledger(tmp_path / "l.duckdb") as ledger:
        one, _ = _two_imports(tmp_path, ledger, mini_registry)
        ledger.forget(one)
        again = ledger.import_file(tmp_path / "first.csv", registry=mini_registry)
        assert not again.already_imported and again.accepted == 1
        models = sorted(ledger.activities().column("model").to_pylist())
        assert models == ["dense-70b", "moe-400b"]


@pytest.mark.parametrize("which", ["unknown", "twice", "record"])
def test_forgetting_what_stored_no_rows_is_refused_and_changes_nothing(
    tmp_path: Path, mini_registry, which: str
) -> None:
    with Ledger(tmp_path / "l.duckdb") as ledger:
        one, _ = _two_imports(tmp_path, ledger, mini_registry)
        record = ledger.forget(one).record_id
        before = ledger.imports().to_pylist(), ledger.activities().num_rows
        target = {"unknown": 99, "twice": one, "record": record}[which]
        with pytest.raises(LedgerError, match=r"no import 99|status"):
            ledger.forget(target)
        assert (ledger.imports().to_pylist(), ledger.activities().num_rows) == before


def test_a_failure_midway_keeps_everything(tmp_path: Path, mini_registry) -> None:
    """All or nothing: with the history row impossible to write, no row is removed."""
    with Ledger(tmp_path / "l.duckdb") as ledger:
        one, _ = _two_imports(tmp_path, ledger, mini_registry)
        ledger.connection.execute("ALTER TABLE imports DROP COLUMN removed")
        with pytest.raises(duckdb.Error):
            ledger.forget(one)
        assert ledger.activities().num_rows == 2
        assert ledger.quarantine().num_rows == 1


def test_the_forget_command_prints_what_it_removed(tmp_path: Path, mini_registry) -> None:
    path = tmp_path / "l.duckdb"
    with Ledger(path) as ledger:
        one, _ = _two_imports(tmp_path, ledger, mini_registry)
    result = CliRunner().invoke(
        app, ["forget", "--import", str(one), "--ledger", str(path)], env=ENV
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert f"Forgot import {one} (first.csv): 1 activities and 1 quarantined rows removed" in text
    missing = CliRunner().invoke(app, ["forget", "--import", "42", "--ledger", str(path)], env=ENV)
    assert missing.exit_code != 0 and "no import 42" in " ".join(missing.output.split())
