"""Schema migrations: applied once, in order, and a newer ledger is refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from fairprint.errors import LedgerError
from fairprint.ledger import MIGRATIONS, Ledger, schema_version


def test_a_new_ledger_is_at_the_latest_version(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.duckdb") as ledger:
        assert schema_version(ledger.connection) == MIGRATIONS[-1][0]
        tables = {r[0] for r in ledger.connection.execute("SHOW TABLES").fetchall()}
    assert {"activities", "impacts", "imports", "quarantine", "schema_version"} <= tables


def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    Ledger(tmp_path / "l.duckdb").close()
    with Ledger(tmp_path / "l.duckdb") as ledger:
        rows = ledger.connection.execute("SELECT count(*) FROM schema_version").fetchall()
    assert rows == [(len(MIGRATIONS),)]


def test_a_ledger_from_a_newer_fairprint_is_refused(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.duckdb") as ledger:
        ledger.connection.execute("INSERT INTO schema_version VALUES (999, 'future', now())")
    with pytest.raises(LedgerError, match="upgrade fairprint"):
        Ledger(tmp_path / "l.duckdb")
