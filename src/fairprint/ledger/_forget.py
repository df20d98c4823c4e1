"""Undo one import: its activities, quarantined rows and cells go, its history stays.

Why a record rather than a silent delete: the import history is the ledger's audit trail.
The forgotten import keeps its row (status ``forgotten``) and a new ``forget`` row says
when, which import and how many rows were removed, so a report's list of sources shows it.
Rows that another import repeated were never stored twice (imports are idempotent by
``activity_id``), so they go with the import that stored them; import that file again to
get them back. Everything happens in one transaction: all of it or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from fairprint.errors import LedgerError
from fairprint.ledger._cells import forget_cells


@dataclass(frozen=True)
class ForgetResult:
    """What ``Ledger.forget`` removed, and the id of the history row that records it."""

    forgotten_import: int
    record_id: int
    file: str
    activities: int
    quarantined: int


def forget_import(connection: duckdb.DuckDBPyConnection, import_id: int) -> ForgetResult:
    """Remove import ``import_id``'s rows in one transaction and record it (see module doc)."""
    connection.execute("BEGIN TRANSACTION")
    try:
        result = _forget(connection, import_id)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return result


def _forget(connection: duckdb.DuckDBPyConnection, import_id: int) -> ForgetResult:
    found = connection.execute(
        "SELECT file, CASE WHEN format = 'forget' THEN 'forget' ELSE status END FROM imports "
        "WHERE import_id = ?",
        [import_id],
    ).fetchall()
    if not found:
        raise LedgerError(
            f"no import {import_id} in the ledger; `fairprint imports` or the Imports page "
            "lists them"
        )
    file, status = found[0]
    if status != "committed":
        raise LedgerError(
            f"import {import_id} has status {status!r}: only a committed import stored rows "
            "that can be forgotten"
        )
    activities = _deleted(connection, "activities", import_id)
    quarantined = _deleted(connection, "quarantine", import_id)
    forget_cells(connection, import_id)
    record_id = int(
        connection.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchall()[0][0]
    )
    connection.execute("UPDATE imports SET status = 'forgotten' WHERE import_id = ?", [import_id])
    connection.execute(
        "INSERT INTO imports (import_id, file, format, status, forgets, removed, started_at, "
        "finished_at) VALUES (?, ?, 'forget', 'committed', ?, ?, now(), now())",
        [record_id, file, import_id, activities],
    )
    return ForgetResult(import_id, record_id, str(file), activities, quarantined)


def _deleted(connection: duckdb.DuckDBPyConnection, table: str, import_id: int) -> int:
    rows = connection.execute(f"DELETE FROM {table} WHERE import_id = ?", [import_id]).fetchall()
    return int(rows[0][0]) if rows else 0
