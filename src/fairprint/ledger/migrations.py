"""Ordered schema migrations of the ledger file, recorded in ``schema_version``.

Why migrations rather than ``CREATE IF NOT EXISTS``: a ledger outlives the fairprint version
that created it (it is an audit trail), so every change to its tables is a numbered step
applied once, in order, inside a transaction. Add a step at the end; never edit an old one.
The ledger owns every table in its file: activities, imports, quarantine, impacts, the
audits (``fairprint.audit.store``) and the Spark aggregates (``fairprint.spark``); those
modules write rows, never DDL.
"""

from __future__ import annotations

import duckdb

from fairprint.activities import ACTIVITY_SCHEMA, TOKEN_COLUMNS
from fairprint.errors import LedgerError
from fairprint.impacts import LABEL_COLUMNS, RANGED_COLUMNS, RANGED_STEMS
from fairprint.ledger._cells import cells_table_sql
from fairprint.ledger._factored import (
    context_kernels_sql,
    derived_impacts_sql,
    factored_impacts_sql,
)

_SQL_TYPES = {"string": "VARCHAR", "int64": "BIGINT", "double": "DOUBLE"}


def _sql_type(arrow_type: object) -> str:
    text = str(arrow_type)
    if text.startswith("timestamp"):
        return "TIMESTAMPTZ"
    return _SQL_TYPES[text]


def _activity_columns_sql() -> str:
    return ",\n  ".join(
        f'"{f.name}" {_sql_type(f.type)}{"" if f.nullable else " NOT NULL"}'
        for f in ACTIVITY_SCHEMA
    )


def _impact_columns_sql() -> str:
    ranged = [f'"{name}" DOUBLE' for name in RANGED_COLUMNS]
    labels = [f'"{name}" VARCHAR' for name in LABEL_COLUMNS]
    return ",\n  ".join([*ranged, *labels])


def _initial() -> str:
    return f"""
CREATE TABLE imports (
  import_id BIGINT PRIMARY KEY,
  file VARCHAR NOT NULL,
  file_sha256 VARCHAR,
  format VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  accepted BIGINT NOT NULL DEFAULT 0,
  quarantined BIGINT NOT NULL DEFAULT 0,
  already_known BIGINT NOT NULL DEFAULT 0,
  skipped BIGINT NOT NULL DEFAULT 0,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ
);
CREATE TABLE activities (
  {_activity_columns_sql()},
  import_id BIGINT NOT NULL
);
CREATE TABLE computations (
  computation_id BIGINT PRIMARY KEY,
  kind VARCHAR NOT NULL,
  registry_version VARCHAR NOT NULL,
  methodology_version VARCHAR NOT NULL,
  computed_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE impacts (
  activity_id VARCHAR NOT NULL,
  computation_id BIGINT NOT NULL,
  is_current BOOLEAN NOT NULL,
  computed_at TIMESTAMPTZ NOT NULL,
  {_impact_columns_sql()}
);
CREATE TABLE quarantine (
  import_id BIGINT NOT NULL,
  file VARCHAR NOT NULL,
  line BIGINT,
  raw VARCHAR,
  reason VARCHAR NOT NULL
);
CREATE VIEW current_impacts AS SELECT * FROM impacts WHERE is_current;
"""


AUDIT_TABLES_SQL = """
CREATE TABLE IF NOT EXISTS audit_runs (
  audit_id VARCHAR PRIMARY KEY,
  created_at TIMESTAMPTZ NOT NULL,
  registry_version VARCHAR,
  k INTEGER NOT NULL,
  workers BIGINT,
  sessions BIGINT,
  suppressed BOOLEAN NOT NULL,
  inputs JSON,
  parameters JSON,
  figures JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_results (
  audit_id VARCHAR NOT NULL,
  section VARCHAR NOT NULL,
  group_name VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  value DOUBLE
);
CREATE TABLE IF NOT EXISTS audit_quarantine (
  audit_id VARCHAR NOT NULL,
  file VARCHAR,
  line BIGINT,
  reason VARCHAR,
  raw JSON
);
"""
"""Migration 5: the work-log audit's tables (``fairprint.audit.store``), as that module
created them on first use before; ``IF NOT EXISTS`` adopts the tables of such a ledger."""

SPARK_AGGREGATES = "spark_aggregates"
SPARK_AGGREGATE_KEYS: tuple[str, ...] = ("day", "provider", "model", "project")
"""The keys of a Spark import's rows (``fairprint.spark``'s default grouping)."""


def spark_aggregate_columns() -> list[str]:
    """``name TYPE`` of every column of ``spark_aggregates``, in order."""
    key_types = {"day": "DATE"}
    return [
        "import_key VARCHAR NOT NULL",
        "imported_at TIMESTAMPTZ NOT NULL",
        *(f"{key} {key_types.get(key, 'VARCHAR')}" for key in SPARK_AGGREGATE_KEYS),
        "activities BIGINT NOT NULL",
        "requests BIGINT",
        *(f"{token} BIGINT NOT NULL" for token in TOKEN_COLUMNS),
        *(f"{column} DOUBLE" for column in RANGED_COLUMNS),
        *(f"{stem}_unknown_requests BIGINT" for stem in RANGED_STEMS),
        "registry_version VARCHAR",
        "methodology_version VARCHAR",
    ]


def spark_aggregates_sql() -> str:
    """Migration 6: Spark-computed aggregates (``fairprint.spark``), adopting an existing
    table created on first use by earlier versions."""
    body = ",\n  ".join(spark_aggregate_columns())
    return f"CREATE TABLE IF NOT EXISTS {SPARK_AGGREGATES} (\n  {body}\n);"


MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "activities, impacts with history, imports, quarantine", _initial()),
    (2, "impacts stored factored: impact_rows × impact_factors", factored_impacts_sql()),
    (3, "impacts derived from activities × impact_factors", derived_impacts_sql()),
    (4, "KV-cache and attention terms of the kernels (context-dependent)", context_kernels_sql()),
    (5, "work-log audits: audit_runs, audit_results, audit_quarantine", AUDIT_TABLES_SQL),
    (6, "Spark-computed aggregates: spark_aggregates", spark_aggregates_sql()),
    (7, "activity_cells: quantities per day and key, kept by each import", cells_table_sql()),
    (
        8,
        "imports: forgets (the import a forget undid) and removed (its rows)",
        "ALTER TABLE imports ADD COLUMN forgets BIGINT; "
        "ALTER TABLE imports ADD COLUMN removed BIGINT DEFAULT 0;",
    ),
)
"""``(version, description, SQL)`` in the order they apply."""


def schema_version(connection: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied to this ledger (0 for a new file)."""
    exists = connection.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()[0]
    if not exists or not exists[0]:
        return 0
    row = connection.execute("SELECT max(version) FROM schema_version").fetchall()[0]
    return int(row[0] or 0) if row else 0


def migrate(connection: duckdb.DuckDBPyConnection) -> int:
    """Apply the pending migrations, each in its own transaction; returns the new version."""
    current = schema_version(connection)
    latest = MIGRATIONS[-1][0]
    if current > latest:
        raise LedgerError(
            f"this ledger has schema version {current}, newer than this fairprint knows "
            f"({latest}); upgrade fairprint to open it"
        )
    for version, description, sql in MIGRATIONS:
        if version <= current:
            continue
        connection.execute("BEGIN TRANSACTION")
        try:
            if version == 1:
                connection.execute(
                    "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                    "description VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
                )
            connection.execute(sql)
            connection.execute(
                "INSERT INTO schema_version VALUES (?, ?, now())", [version, description]
            )
            connection.execute("COMMIT")
        except duckdb.Error as exc:
            connection.execute("ROLLBACK")
            raise LedgerError(f"could not apply ledger migration {version}: {exc}") from exc
    return latest
