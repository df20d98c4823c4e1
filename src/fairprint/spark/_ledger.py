"""The ``spark_aggregates`` table: Spark-computed aggregates kept in the fairprint ledger.

Why a table of its own: a Spark import summarises billions of requests into one row per
(day, provider, model, project); those rows are not activities, so they live beside the
ledger's activity tables rather than in them. Each import is identified by ``import_key``
(a hash of the format and the input file list), and writing an import again replaces its
rows in one transaction, so re-running the same import never double-counts. The table is
created by the ledger's schema migrations (``fairprint.ledger.migrations``, version 5),
like every ledger table.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from fairprint.errors import LedgerError
from fairprint.ledger import (
    SPARK_AGGREGATES,
    spark_aggregate_columns,
    spark_aggregates_sql,
)

TABLE = SPARK_AGGREGATES


def column_definitions() -> list[str]:
    """``name TYPE`` of every column of ``spark_aggregates`` (owned by ``ledger.migrations``)."""
    return spark_aggregate_columns()


def create_statement() -> str:
    """The ``CREATE TABLE`` of ``spark_aggregates`` as the ledger's migration 6 runs it."""
    return spark_aggregates_sql()


def write_aggregates(
    connection: Any, aggregates: pa.Table, import_key: str, imported_at: datetime
) -> int:
    """Replace the rows of ``import_key`` with ``aggregates`` in one transaction; rows written.

    ``connection`` is a DuckDB connection (``Ledger(path).connection``); ``aggregates`` has
    the columns of ``footprint_report(df, by=DEFAULT_BY)``.
    """
    view = "_fairprint_spark_aggregates"
    existing = {
        name
        for (name,) in connection.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [TABLE]
        ).fetchall()
    }
    if not existing:
        raise LedgerError(
            f"the ledger has no {TABLE} table: open it with fairprint.ledger.Ledger, which "
            "applies its schema migrations"
        )
    for definition in column_definitions():  # impacts added by a newer methodology
        if definition.split()[0] not in existing:
            nullable = definition.removesuffix(" NOT NULL")
            connection.execute(f"ALTER TABLE {TABLE} ADD COLUMN {nullable}")
    connection.register(view, aggregates)
    try:
        connection.begin()
        connection.execute(f"DELETE FROM {TABLE} WHERE import_key = ?", [import_key])
        connection.execute(
            f"INSERT INTO {TABLE} BY NAME SELECT ?::VARCHAR AS import_key, "
            f"?::TIMESTAMPTZ AS imported_at, * FROM {view}",
            [import_key, imported_at],
        )
        connection.commit()
    except Exception as exc:
        connection.rollback()
        raise LedgerError(f"could not write {TABLE}: {exc}") from exc
    finally:
        connection.unregister(view)
    return aggregates.num_rows


def write_to_ledger(
    path: Path, aggregates: pa.Table, import_key: str, imported_at: datetime
) -> int:
    """Open the fairprint ledger at ``path`` and write the aggregates into ``spark_aggregates``."""
    try:
        from fairprint.ledger import Ledger
    except ImportError as exc:
        raise LedgerError(
            "this fairprint has no ledger module yet; write the aggregates to Parquet with "
            "--output instead"
        ) from exc
    with Ledger(path) as ledger:
        return write_aggregates(ledger.connection, aggregates, import_key, imported_at)
