"""Schema migrations: applied once, in order, and a newer ledger is refused clearly."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from fairprint.errors import LedgerError
from fairprint.ledger import MIGRATIONS, Ledger, schema_version
from tests.ledger.conftest import same_value


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


LEDGER_V2 = Path(__file__).parent.parent / "data" / "ledger_v2"


def _load_version_2_ledger(path: Path) -> None:
    """The exported schema-version-2 ledger (tests/data/ledger_v2) loaded into ``path``."""
    connection = duckdb.connect(str(path))
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute((LEDGER_V2 / "schema.sql").read_text(encoding="utf-8"))
    load = (LEDGER_V2 / "load.sql").read_text(encoding="utf-8")
    connection.execute(load.replace("{fixture}", LEDGER_V2.as_posix()))
    connection.close()


def _history(ledger: Ledger) -> list[dict[str, object]]:
    return (
        ledger.connection.sql(
            "SELECT * EXCLUDE (computed_at) FROM impacts ORDER BY computation_id, activity_id"
        )
        .to_arrow_table()
        .to_pylist()
    )


def test_a_version_2_ledger_shows_the_same_impact_history_after_migrating(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v2.duckdb"
    _load_version_2_ledger(path)
    expected = json.loads((LEDGER_V2 / "impacts.json").read_text(encoding="utf-8"))
    with Ledger(path) as ledger:
        assert schema_version(ledger.connection) == MIGRATIONS[-1][0]
        tables = {r[0] for r in ledger.connection.execute("SHOW TABLES").fetchall()}
        got = _history(ledger)
        current = ledger.connection.execute(
            "SELECT count(*), count(DISTINCT activity_id) FROM current_impacts"
        ).fetchall()
    assert "impact_rows" not in tables
    assert len(got) == len(expected) > 0
    for got_row, expected_row in zip(got, expected, strict=True):
        assert got_row.keys() == expected_row.keys()
        different = {
            column: (got_row[column], value)
            for column, value in expected_row.items()
            if not same_value(got_row[column], value)
        }
        assert not different, f"{expected_row['activity_id']}: {different}"
    activities = sum(1 for row in expected if row["is_current"])
    assert current == [(activities, activities)]


def test_a_version_2_ledger_whose_stored_rows_disagree_is_not_migrated(tmp_path: Path) -> None:
    """Migration 3 drops stored per-row numbers only once it has checked it can derive them."""
    path = tmp_path / "v2.duckdb"
    _load_version_2_ledger(path)
    connection = duckdb.connect(str(path))
    connection.execute("UPDATE impact_rows SET accelerator_s = accelerator_s * 2 WHERE true")
    connection.close()
    with pytest.raises(LedgerError, match="differ from the derived ones"):
        Ledger(path)
    connection = duckdb.connect(str(path))
    assert schema_version(connection) == 2
    assert connection.execute("SELECT count(*) FROM impact_rows").fetchall()[0][0] > 0
    connection.close()
