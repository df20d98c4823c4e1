"""The ledger: an embedded DuckDB store of activities, impacts (with history) and imports."""

from fairprint.ledger._cells import (
    CELL_KEYS,
    CELLS,
    cell_impacts_sql,
    last_recompute_sql,
    quantities_sql,
)
from fairprint.ledger._forget import ForgetResult
from fairprint.ledger._writer import ImportResult
from fairprint.ledger.ledger import Ledger, default_ledger_path
from fairprint.ledger.migrations import (
    MIGRATIONS,
    SPARK_AGGREGATES,
    migrate,
    schema_version,
    spark_aggregate_columns,
    spark_aggregates_sql,
)

__all__ = [
    "CELLS",
    "CELL_KEYS",
    "MIGRATIONS",
    "SPARK_AGGREGATES",
    "ForgetResult",
    "ImportResult",
    "Ledger",
    "cell_impacts_sql",
    "default_ledger_path",
    "last_recompute_sql",
    "migrate",
    "quantities_sql",
    "schema_version",
    "spark_aggregate_columns",
    "spark_aggregates_sql",
]
