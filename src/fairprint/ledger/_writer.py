"""One import as one DuckDB transaction: append, de-duplicate, estimate, commit.

Why append first: de-duplicating batch by batch against a growing ``activities`` table
would rescan it for every batch, and copying through a staging table writes every row
twice. Instead every batch is appended to ``activities`` as it is read (one streamed
statement, ``_staging``), one set-based statement then deletes the rows whose
``activity_id`` was known or repeats an earlier row of the file, and one factor row per
group of the rows kept is written for the import's computation (``_factored``: the views
derive each row's impacts from them). A crash before COMMIT leaves the ledger untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from fairprint.impacts import METHODOLOGY_VERSION
from fairprint.ingest import ActivityBatch, QuarantinedRow
from fairprint.ledger._cells import add_cells
from fairprint.ledger._factored import insert_factors
from fairprint.ledger._prefetch import Prefetched
from fairprint.ledger._staging import StagedBatches
from fairprint.registry import Registry

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


def insert_arrow(
    connection: duckdb.DuckDBPyConnection, table: str, data: pa.Table | pa.RecordBatchReader
) -> None:
    """Append an Arrow table or stream to ``table`` by column name, in one statement.

    Passed as a one-shot ``RecordBatchReader``: a registered ``Table`` stays referenced by
    the open transaction, which would hold every batch of a large import in memory.
    """
    if isinstance(data, pa.Table):
        data = pa.RecordBatchReader.from_batches(data.schema, data.to_batches())
    names = _quoted(data.schema.names)
    connection.register("_arrow_in", data)
    try:
        connection.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _arrow_in")
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
    connection: duckdb.DuckDBPyConnection, import_id: int, rows: list[QuarantinedRow]
) -> None:
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
    """Run one import in one transaction; on any error nothing of it is kept.

    The batches are read in a background thread (``Prefetched``) while DuckDB writes.
    """
    connection.execute("BEGIN TRANSACTION")
    try:
        with Prefetched(batches) as read_ahead:
            result = _write(connection, read_ahead, file, format, file_sha256, strict, registry)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
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
    stream = StagedBatches(batches, import_id, strict)
    quarantined = 0
    while not stream.exhausted:
        insert_arrow(connection, "activities", stream.segment())
        if stream.error is not None:
            raise stream.error
        rows = stream.take_quarantined()
        if rows:
            _quarantine(connection, import_id, rows)
            quarantined += len(rows)
    staged, skipped = stream.staged, stream.skipped
    accepted = staged - _drop_known(connection, import_id) if staged else 0
    computation_id = None
    if accepted:
        computation_id = new_computation(connection, "import", registry)
        insert_factors(connection, computation_id, registry, "a.import_id = ?", [import_id])
    connection.execute(
        "UPDATE imports SET status = 'committed', accepted = ?, quarantined = ?, "
        "already_known = ?, skipped = ?, computation_id = ?, finished_at = now() "
        "WHERE import_id = ?",
        [accepted, quarantined, staged - accepted, skipped, computation_id, import_id],
    )
    if accepted:
        add_cells(connection, import_id)  # reads the import's computation, set just above
    return ImportResult(
        import_id, file, format, accepted, quarantined, staged - accepted, file_sha256, skipped
    )


def _drop_known(connection: duckdb.DuckDBPyConnection, import_id: int) -> int:
    """Delete this import's rows whose activity id the ledger already had, or that repeat an
    earlier row of the same import; returns how many.

    Every row was written straight to ``activities`` (no copy through a staging table): in
    the common case nothing repeats and this is one aggregate and one probe.
    """
    older = "SELECT activity_id FROM activities WHERE import_id <> $import"
    params = {"import": import_id}
    repeats = _may_repeat(connection, params)
    known = connection.execute(
        f"SELECT count(*) FROM activities WHERE import_id = $import AND activity_id IN ({older})",
        params,
    ).fetchall()[0][0]
    if not repeats and not known:
        return 0
    firsts = "SELECT min(import_row) FROM activities WHERE import_id = $import GROUP BY activity_id"
    deleted = connection.execute(
        f"DELETE FROM activities WHERE import_id = $import AND "
        f"(activity_id IN ({older}) OR import_row NOT IN ({firsts}))",
        params,
    ).fetchall()
    return int(deleted[0][0]) if deleted else 0


def _may_repeat(connection: duckdb.DuckDBPyConnection, params: dict[str, int]) -> bool:
    """Whether an id may occur twice in this import (False: it certainly does not).

    Counting distinct 64-bit hashes is a fraction of the cost of counting distinct ids: if
    the hashes are all different so are the ids. A repeat, or the rare collision, sends the
    import through the exact ``DELETE``, which removes only true repeats.
    """
    row = connection.execute(
        "SELECT count(*) - count(DISTINCT hash(activity_id)) FROM activities "
        "WHERE import_id = $import",
        params,
    ).fetchall()[0]
    return bool(row[0])


def recompute_all(connection: duckdb.DuckDBPyConnection, registry: Registry) -> int:
    """Add a ``recompute`` computation over every activity (inside the caller's transaction).

    Older computations stay, no longer current. Returns the number of activities.
    """
    computation_id = new_computation(connection, "recompute", registry)
    insert_factors(connection, computation_id, registry, "true", [])
    row = connection.execute("SELECT count(*) FROM activities").fetchall()[0]
    return int(row[0])
