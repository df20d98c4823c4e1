"""The ledger owns every table of its file: audits and Spark aggregates are migrations too."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from fairprint.errors import LedgerError
from fairprint.ledger import MIGRATIONS, Ledger, schema_version
from fairprint.ledger.migrations import SPARK_AGGREGATE_KEYS, spark_aggregate_columns
from tests.ledger.test_ledger_migrations import _load_version_2_ledger

# The DDL that audit/store.py and spark/_ledger.py ran on first use before the ledger owned
# their tables (fairprint at schema version 3), kept here as history to build older files.
OLD_AUDIT_DDL = (
    "CREATE TABLE audit_runs (audit_id VARCHAR PRIMARY KEY, created_at TIMESTAMPTZ NOT NULL, "
    "registry_version VARCHAR, k INTEGER NOT NULL, workers BIGINT, sessions BIGINT, "
    "suppressed BOOLEAN NOT NULL, inputs JSON, parameters JSON, figures JSON NOT NULL)",
    "CREATE TABLE audit_results (audit_id VARCHAR NOT NULL, section VARCHAR NOT NULL, "
    "group_name VARCHAR NOT NULL, metric VARCHAR NOT NULL, value DOUBLE)",
    "CREATE TABLE audit_quarantine (audit_id VARCHAR NOT NULL, file VARCHAR, line BIGINT, "
    "reason VARCHAR, raw JSON)",
)


def _tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in connection.execute("SHOW TABLES").fetchall()}


def _version_4_ledger_with_audits_and_spark_rows(path: Path) -> None:
    """A ledger as fairprint at schema version 4 left it after an audit and a Spark import
    (audit and Spark tables created on first use, before the ledger owned them)."""
    Ledger(path).close()
    connection = duckdb.connect(str(path))
    connection.execute("DELETE FROM schema_version WHERE version > 4")
    connection.execute("DROP TABLE audit_runs; DROP TABLE audit_results")
    connection.execute("DROP TABLE audit_quarantine; DROP TABLE spark_aggregates")
    connection.execute("DROP TABLE activity_cells")
    connection.execute("ALTER TABLE imports DROP COLUMN forgets")
    connection.execute("ALTER TABLE imports DROP COLUMN removed")
    for statement in OLD_AUDIT_DDL:
        connection.execute(statement)
    connection.execute(
        "INSERT INTO audit_runs VALUES ('a1', now(), 'r', 5, 12, 40, false, '{}', '{}', '{}')"
    )
    connection.execute("INSERT INTO audit_results VALUES ('a1', 'pay', 'all', 'p50', 9.5)")
    columns = ",\n  ".join(spark_aggregate_columns())
    connection.execute(f"CREATE TABLE spark_aggregates (\n  {columns}\n)")
    connection.execute(
        "INSERT INTO spark_aggregates (import_key, imported_at, day, activities, "
        "input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, "
        "reasoning_tokens) VALUES ('k', now(), DATE '2026-01-02', 3, 1, 0, 0, 2, 0)"
    )
    connection.close()


def test_a_new_ledger_has_the_audit_and_spark_tables(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.duckdb") as ledger:
        tables = _tables(ledger.connection)
        assert schema_version(ledger.connection) == MIGRATIONS[-1][0] >= 5
    assert {"audit_runs", "audit_results", "audit_quarantine", "spark_aggregates"} <= tables


def test_opening_a_version_4_ledger_adopts_its_audit_and_spark_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    _version_4_ledger_with_audits_and_spark_rows(path)
    with duckdb.connect(str(path), read_only=True) as old:
        assert schema_version(old) == 4
    with Ledger(path) as ledger:
        connection = ledger.connection
        assert schema_version(connection) == MIGRATIONS[-1][0]
        assert connection.execute("SELECT audit_id, workers FROM audit_runs").fetchall() == [
            ("a1", 12)
        ]
        assert connection.execute("SELECT value FROM audit_results").fetchall() == [(9.5,)]
        assert connection.execute("SELECT activities FROM spark_aggregates").fetchall() == [(3,)]


def test_a_version_2_ledger_file_migrates_to_the_latest_version(tmp_path: Path) -> None:
    path = tmp_path / "v2.duckdb"
    _load_version_2_ledger(path)
    with Ledger(path) as ledger:
        assert schema_version(ledger.connection) == MIGRATIONS[-1][0]
        assert {"audit_runs", "spark_aggregates"} <= _tables(ledger.connection)
        assert ledger.connection.execute("SELECT count(*) FROM activities").fetchall()[0][0] > 0


def test_the_audit_store_writes_rows_but_never_creates_tables() -> None:
    from fairprint.audit.store import ensure_tables

    with pytest.raises(LedgerError, match="schema migrations"):
        ensure_tables(duckdb.connect())


def test_the_spark_writer_needs_a_migrated_ledger() -> None:
    import pyarrow as pa

    from fairprint.spark._ledger import write_aggregates

    with pytest.raises(LedgerError, match="schema migrations"):
        write_aggregates(duckdb.connect(), pa.table({"day": [1]}), "k", None)  # type: ignore[arg-type]


def test_the_spark_table_keys_are_the_spark_default_grouping() -> None:
    from fairprint.spark._report import DEFAULT_BY

    assert tuple(DEFAULT_BY) == SPARK_AGGREGATE_KEYS
