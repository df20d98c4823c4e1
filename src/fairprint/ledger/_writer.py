"""One import as one DuckDB transaction: stage, estimate, de-duplicate, commit.

Why staging: de-duplicating batch by batch against a growing ``activities`` table would
rescan it for every batch. Instead every batch (with its impacts) is appended to a temporary
table, and one set-based query at the end keeps the first row of each new ``activity_id``.
DuckDB spills the temporary tables to disk, so memory stays bounded; a crash before COMMIT
leaves the ledger untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import numpy as np
import pyarrow as pa

from fairprint.activities import ACTIVITY_COLUMNS, ACTIVITY_SCHEMA
from fairprint.errors import FormatError
from fairprint.impacts import estimate_table
from fairprint.impacts.columns import IMPACT_COLUMNS, METHODOLOGY_VERSION
from fairprint.ingest import ActivityBatch
from fairprint.registry.registry import Registry

IMPACT_CHUNK_ROWS = 65_536
"""Rows estimated and appended at a time after de-duplication (bounds memory)."""

QUARANTINE_SCHEMA = pa.schema(
    [
        ("import_id", pa.int64()),
        ("file", pa.string()),
        ("line", pa.int64()),
        ("raw", pa.string()),
        ("reason", pa.string()),
    ]
)


@dataclass(frozen=True)
class ImportResult:
    """What one import did: rows accepted (new), quarantined, and already in the ledger."""

    import_id: int
    file: str
    format: str
    accepted: int
    quarantined: int
    already_known: int
    file_sha256: str | None
    skipped: int = 0
    already_imported: bool = False
    """True when this exact file (same SHA-256) had been imported before: nothing was read."""


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def next_id(connection: duckdb.DuckDBPyConnection, table: str, column: str) -> int:
    row = connection.execute(f"SELECT coalesce(max({column}), 0) + 1 FROM {table}").fetchall()[0]
    return int(row[0]) if row else 1


def impacts_of(activities: pa.Table, registry: Registry) -> pa.Table:
    """Activities with every impact column; unknown models keep null impacts and a note."""
    estimated = estimate_table(activities, registry, on_unknown="null")
    columns = [
        estimated.column(name) if name in estimated.column_names else pa.nulls(len(estimated))
        for name in IMPACT_COLUMNS
    ]
    return pa.Table.from_arrays(
        [*activities.columns, *columns], names=[*ACTIVITY_COLUMNS, *IMPACT_COLUMNS]
    )


def insert_arrow(connection: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    """Append an Arrow table to ``table`` by column name (vectorised, no row loop).

    Passed as a one-shot ``RecordBatchReader``: a registered ``Table`` stays referenced by
    the open transaction, which would hold every batch of a large import in memory.
    """
    reader = pa.RecordBatchReader.from_batches(data.schema, data.to_batches())
    connection.register("_arrow_in", reader)
    try:
        connection.execute(
            f"INSERT INTO {table} ({_quoted(data.column_names)}) "
            f"SELECT {_quoted(data.column_names)} FROM _arrow_in"
        )
    finally:
        connection.unregister("_arrow_in")


def new_computation(connection: duckdb.DuckDBPyConnection, kind: str, registry: Registry) -> int:
    computation_id = next_id(connection, "computations", "computation_id")
    connection.execute(
        "INSERT INTO computations VALUES (?, ?, ?, ?, now())",
        [computation_id, kind, registry.version, METHODOLOGY_VERSION],
    )
    return computation_id


def _quarantine(
    connection: duckdb.DuckDBPyConnection, import_id: int, batch: ActivityBatch
) -> None:
    rows = batch.quarantined
    data = pa.table(
        {
            "import_id": [import_id] * len(rows),
            "file": [r.file for r in rows],
            "line": [r.line for r in rows],
            "raw": [r.raw for r in rows],
            "reason": [r.reason for r in rows],
        },
        schema=QUARANTINE_SCHEMA,
    )
    insert_arrow(connection, "quarantine", data)


def write_import(
    connection: duckdb.DuckDBPyConnection,
    batches: Iterable[ActivityBatch],
    *,
    file: str,
    format: str,
    file_sha256: str | None,
    strict: bool,
    registry: Registry,
) -> ImportResult:
    """Run one import in one transaction; on any error nothing of it is kept."""
    connection.execute("BEGIN TRANSACTION")
    try:
        result = _write(connection, batches, file, format, file_sha256, strict, registry)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    finally:
        connection.execute("DROP TABLE IF EXISTS temp._staging")
        connection.execute("DROP TABLE IF EXISTS temp._keep")
        connection.execute("DROP TABLE IF EXISTS temp._fresh")
    return result


def _write(
    connection: duckdb.DuckDBPyConnection,
    batches: Iterable[ActivityBatch],
    file: str,
    format: str,
    file_sha256: str | None,
    strict: bool,
    registry: Registry,
) -> ImportResult:
    import_id = next_id(connection, "imports", "import_id")
    connection.execute(
        "INSERT INTO imports (import_id, file, file_sha256, format, status, started_at) "
        "VALUES (?, ?, ?, ?, 'running', now())",
        [import_id, file, file_sha256, format],
    )
    connection.execute(
        "CREATE TEMP TABLE _staging AS "
        "SELECT * EXCLUDE (import_id), 0::BIGINT AS __seq FROM activities LIMIT 0"
    )
    staged = quarantined = skipped = 0
    for batch in batches:
        if batch.quarantined:
            if strict:
                first = min(batch.quarantined, key=lambda r: (r.line is None, r.line or 0))
                where = f"{first.file}, line {first.line}" if first.line else first.file
                raise FormatError(
                    f"{where}: {first.reason}. Nothing was imported (--strict); fix the row "
                    "or import without --strict to quarantine it"
                )
            _quarantine(connection, import_id, batch)
            quarantined += len(batch.quarantined)
        skipped += batch.skipped
        rows = batch.activities.num_rows
        if rows == 0:
            continue
        table = pa.Table.from_batches([batch.activities])
        table = table.append_column("__seq", pa.array(np.arange(staged, staged + rows)))
        insert_arrow(connection, "temp._staging", table)
        staged += rows
    accepted = _keep_new(connection, import_id, registry)
    connection.execute(
        "UPDATE imports SET status = 'committed', accepted = ?, quarantined = ?, "
        "already_known = ?, skipped = ?, finished_at = now() WHERE import_id = ?",
        [accepted, quarantined, staged - accepted, skipped, import_id],
    )
    return ImportResult(
        import_id, file, format, accepted, quarantined, staged - accepted, file_sha256, skipped
    )


def _keep_new(connection: duckdb.DuckDBPyConnection, import_id: int, registry: Registry) -> int:
    """Move the first staged row of each activity id not yet in the ledger, with its impacts.

    When every staged row is new (a first import) they are copied without any join;
    otherwise the kept rows are materialised once. Impacts are estimated for the kept rows
    only, chunk by chunk, and appended straight from Arrow.
    """
    connection.execute(
        """
        CREATE TEMP TABLE _keep AS
        SELECT f.__seq FROM (SELECT activity_id, min(__seq) AS __seq FROM temp._staging
                             GROUP BY activity_id) f
        ANTI JOIN activities a ON f.activity_id = a.activity_id
        """
    )
    accepted = int(connection.execute("SELECT count(*) FROM temp._keep").fetchall()[0][0])
    if accepted == 0:
        return 0
    staged = int(connection.execute("SELECT count(*) FROM temp._staging").fetchall()[0][0])
    source = "temp._staging s"
    if accepted < staged:
        connection.execute(
            "CREATE TEMP TABLE _fresh AS SELECT s.* FROM temp._staging s "
            "SEMI JOIN temp._keep k ON s.__seq = k.__seq"
        )
        source = "temp._fresh s"
    connection.execute(
        f"INSERT INTO activities ({_quoted(ACTIVITY_COLUMNS)}, import_id) "
        f"SELECT {_quoted(ACTIVITY_COLUMNS)}, ? FROM {source}",
        [import_id],
    )
    computation_id = new_computation(connection, "import", registry)
    columns = ", ".join(f's."{c}"' for c in ACTIVITY_COLUMNS)
    for start in range(0, staged, IMPACT_CHUNK_ROWS):
        chunk = connection.sql(
            f"SELECT {columns} FROM {source} WHERE s.__seq >= ? AND s.__seq < ?",
            params=[start, start + IMPACT_CHUNK_ROWS],
        ).to_arrow_table()
        if chunk.num_rows:
            insert_impacts(connection, chunk.cast(ACTIVITY_SCHEMA), computation_id, registry)
    return accepted


def insert_impacts(
    connection: duckdb.DuckDBPyConnection,
    activities: pa.Table,
    computation_id: int,
    registry: Registry,
) -> None:
    """Estimate ``activities`` and append their impact rows as the current ones."""
    estimated = impacts_of(activities, registry)
    rows = estimated.select(["activity_id", *IMPACT_COLUMNS])
    n = rows.num_rows
    rows = rows.append_column("computation_id", pa.repeat(computation_id, n))
    rows = rows.append_column("is_current", pa.repeat(True, n))
    rows = rows.append_column(
        "computed_at", pa.repeat(pa.scalar(datetime.now(UTC), pa.timestamp("us", tz="UTC")), n)
    )
    insert_arrow(connection, "impacts", rows)
