"""Audits in the ledger, so that a supply chain can be followed from one audit to the next.

Three tables of the audit's own in the ledger's DuckDB file (created by the ledger's schema
migration 5, ``fairprint.ledger.migrations``):
``audit_runs`` (one row per audit: when, parameters, inputs, the full k-anonymous figures
as JSON), ``audit_results`` (the numeric figures in long form: section, group, metric,
value — easy to chart over time) and ``audit_quarantine`` (rows that could not be read,
identifier fields redacted). Nothing per worker is stored: only aggregates over at least
k workers, so the ledger never holds a raw id and holds no pseudonym either.
An audit is written in one transaction: all of it or none.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Protocol

import duckdb
import pyarrow as pa

from fairprint.audit.run import AuditResult, reason_kind
from fairprint.errors import LedgerError

__all__ = ["audit_history", "ensure_tables", "list_audits", "load_audit", "save_audit"]


class _HasConnection(Protocol):
    @property
    def connection(self) -> duckdb.DuckDBPyConnection: ...


_TABLES = ("audit_runs", "audit_results", "audit_quarantine")


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Check that the ledger has the audit tables (created by its schema migration 5).

    The ledger owns its schema (``fairprint.ledger.migrations``): a ``Ledger`` migrates its
    file on opening, so a connection without these tables is not a fairprint ledger.
    """
    placeholders = ", ".join("?" for _ in _TABLES)
    found = con.execute(
        f"SELECT count(*) FROM information_schema.tables WHERE table_name IN ({placeholders})",
        list(_TABLES),
    ).fetchall()
    if not found or found[0][0] != len(_TABLES):
        raise LedgerError(
            "this database has no audit tables: open the ledger with fairprint.ledger.Ledger, "
            "which applies its schema migrations"
        )


def _flatten(value: Any, path: str) -> Iterator[tuple[str, float | None]]:
    if isinstance(value, int | float):  # bool included
        yield path, float(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{path}.{key}" if path else str(key))


def result_rows(figures: dict[str, Any]) -> list[tuple[str, str, str, float | None]]:
    """(section, group, metric, value) for every number in the figures."""
    rows = []
    for section in ("population", "pay", "wages", "rates", "premium", "exposure"):
        for metric, number in _flatten(figures.get(section) or {}, ""):
            rows.append((section, "all", metric, number))
    for country in figures.get("countries") or []:
        for metric, number in _flatten({k: v for k, v in country.items() if k != "group"}, ""):
            rows.append(("countries", country["group"], metric, number))
    for week in (figures.get("exposure") or {}).get("weeks") or []:
        for metric, number in _flatten({k: v for k, v in week.items() if k != "week"}, ""):
            rows.append(("exposure_weeks", week["week"], metric, number))
    scorecard = figures.get("scorecard") or {}
    if scorecard:
        rows.append(("scorecard", "all", "points", float(scorecard["points"])))
    return rows


def save_audit(ledger: _HasConnection, result: AuditResult) -> str:
    """Write one audit to the ledger in a single transaction; returns its id."""
    con = ledger.connection
    ensure_tables(con)
    figures = result.figures
    audit = figures["audit"]
    population = figures.get("population") or {}
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(
            "INSERT INTO audit_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                result.audit_id,
                audit["created_at"],
                audit["registry_version"],
                (figures.get("privacy") or {}).get("k"),
                population.get("workers"),
                (figures.get("rates") or {}).get("sessions"),
                bool(figures.get("suppressed")),
                json.dumps(audit["inputs"]),
                json.dumps(audit["parameters"]),
                json.dumps(figures, default=str),
            ],
        )
        rows = result_rows(figures)
        if rows:
            con.executemany(
                "INSERT INTO audit_results VALUES (?, ?, ?, ?, ?)",
                [(result.audit_id, *row) for row in rows],
            )
        if result.quarantine:
            table = pa.table(
                {
                    "audit_id": [result.audit_id] * len(result.quarantine),
                    "file": [q.file for q in result.quarantine],
                    "line": [q.line for q in result.quarantine],
                    "reason": [reason_kind(q.reason) for q in result.quarantine],
                    "raw": [q.raw for q in result.quarantine],
                }
            )
            con.register("audit_quarantine_in", table)
            con.execute("INSERT INTO audit_quarantine SELECT * FROM audit_quarantine_in")
            con.unregister("audit_quarantine_in")
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise LedgerError(f"could not store audit {result.audit_id} in the ledger: {exc}") from exc
    return result.audit_id


def list_audits(ledger: _HasConnection) -> pa.Table:
    """Stored audits, newest first (id, date, k, workers, sessions, suppressed)."""
    ensure_tables(ledger.connection)
    return ledger.connection.sql(
        """SELECT audit_id, created_at, k, workers, sessions, suppressed, inputs
           FROM audit_runs ORDER BY created_at DESC"""
    ).to_arrow_table()


def load_audit(ledger: _HasConnection, audit_id: str) -> dict[str, Any]:
    """The stored figures of one audit (as ``AuditResult.figures``)."""
    ensure_tables(ledger.connection)
    row = ledger.connection.execute(
        "SELECT figures FROM audit_runs WHERE audit_id = ?", [audit_id]
    ).fetchone()
    if row is None:
        raise LedgerError(
            f"no audit {audit_id!r} in the ledger; `fairprint audit --list` shows them"
        )
    return json.loads(row[0])


def audit_history(ledger: _HasConnection, section: str, metric: str) -> pa.Table:
    """One figure over time across stored audits (to follow a supply chain)."""
    ensure_tables(ledger.connection)
    return ledger.connection.sql(
        """SELECT r.created_at, v.audit_id, v.group_name, v.value
           FROM audit_results v JOIN audit_runs r USING (audit_id)
           WHERE v.section = ? AND v.metric = ? ORDER BY r.created_at""",
        params=[section, metric],
    ).to_arrow_table()
