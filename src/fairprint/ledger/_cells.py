"""``activity_cells``: the activities' additive quantities, summed per cell, kept in step.

Why: every report figure is a sum, and within one cell — one import, UTC day, estimate
key (model, provider, region, hardware), report key (team, project, user, source) and way
of estimating (metered or not, duration known or not) — every impact is linear in the
rows' accelerator-seconds, metered kWh and requests (``ledger._factored``: impact = seconds
× a per-group factor). The seconds themselves are not linear in the tokens (the kernel's
context terms), so each cell keeps the sum of its rows' seconds under the computation that
covers them, per scenario, computed row by row with the ledger's own ``_seconds_sql``.
The reports read these cells, whose number follows the distinct combinations rather than
the rows, and multiply the factors out per cell (``fairprint.report.query``).

The cells are written in the same transaction as the import that adds the rows
(:func:`add_cells`), removed with them (:func:`forget_cells`) and rebuilt by a recompute
(:func:`refresh_cells`: new factors, new seconds). Schema migration 7 fills the table
from the activities already in a ledger. ``tests/ledger/test_cells.py`` holds the table
equal to the aggregate of the rows after imports, repeats, recomputes and forgets.
"""

from __future__ import annotations

import duckdb

from fairprint.activities import TOKEN_COLUMNS

SCENARIO_SUFFIXES: tuple[str, ...] = ("_low", "", "_high")

CELLS = "activity_cells"

CELL_KEYS: dict[str, str] = {
    "import_id": "a.import_id",
    "epoch_day": "epoch_us(a.started_at) // 86400000000",
    **{k: f'a."{k}"' for k in ("model", "provider", "region", "hardware")},
    **{k: f'a."{k}"' for k in ("team", "project", "user", "source")},
    "metered": "a.measured_energy_kwh IS NOT NULL",
    "metered_known": "coalesce(NOT isnan(a.measured_energy_kwh), false)",
    "duration_known": "coalesce(NOT isnan(a.duration_s), false)",
    "zero_requests": "a.requests = 0",
}
"""The keys of a cell (``epoch_day``: whole UTC days since 1970-01-01)."""


def quantities_sql(where: str = "true") -> str:
    """Cells of the activities ``a`` matching ``where``, in the columns of ``activity_cells``.

    Each row's accelerator-seconds are those of the computation that covers it now (its
    import's, or the last recompute after it), as the ``current_impacts`` view derives them.
    """
    from fairprint.ledger._factored import _LAST_RECOMPUTE, GROUP_LABELS, _seconds_sql

    tokens = " + ".join(f'a."{t}"' for t in TOKEN_COLUMNS)
    keys = ", ".join(f'{sql} AS "{name}"' for name, sql in CELL_KEYS.items())
    sums = ", ".join(
        [
            "count(*) AS q_activities",
            "sum(a.requests) AS q_requests",
            *(f'sum(a."{t}") AS "q_{t}"' for t in TOKEN_COLUMNS),
            f"count(*) FILTER (WHERE a.requests = 0 AND ({tokens}) > 0) AS q_uncounted",
            "fsum(a.measured_energy_kwh) AS q_measured_kwh",
            *(f'fsum({_seconds_sql(x)}) AS "q_seconds{x}"' for x in SCENARIO_SUFFIXES),
            "min(a.started_at) AS q_first",
            "max(a.started_at) AS q_last",
        ]
    )
    joined = " AND ".join(f"f.{k} IS NOT DISTINCT FROM a.{k}" for k in GROUP_LABELS)
    return (
        f"SELECT {keys}, {sums} FROM activities a JOIN imports im USING (import_id) "
        "LEFT JOIN impact_factors f ON f.computation_id = "
        f"greatest(coalesce(im.computation_id, 0), {_LAST_RECOMPUTE}) AND {joined} "
        f"WHERE {where} GROUP BY ALL"
    )


def last_recompute_sql() -> str:
    """SQL for the id of the ledger's last recompute (0 if none): with an import's own
    computation, it decides which factors cover a row now (``greatest`` of the two)."""
    from fairprint.ledger._factored import _LAST_RECOMPUTE

    return _LAST_RECOMPUTE


def cell_impacts_sql() -> dict[str, str]:
    """SQL of every ranged impact column over rows ``r`` that carry ``accelerator_s<x>``,
    ``row_measured_kwh``, ``row_requests`` and the factor columns: the expressions of the
    ``current_impacts`` view, valid for sums over a cell as for one row."""
    from fairprint.ledger._factored import _ranged_expressions

    return _ranged_expressions()


def cells_table_sql() -> str:
    """Migration 7: the cells table, filled from the activities already in the ledger."""
    return f"CREATE TABLE {CELLS} AS {quantities_sql()};"


def add_cells(connection: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Add the cells of one import's rows (inside the import's transaction, after its
    repeats were dropped)."""
    connection.execute(
        f"INSERT INTO {CELLS} {quantities_sql('a.import_id = $import')}", {"import": import_id}
    )


def refresh_cells(connection: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every cell (inside a recompute's transaction: new factors, new seconds)."""
    connection.execute(f"DELETE FROM {CELLS}")
    connection.execute(f"INSERT INTO {CELLS} {quantities_sql()}")


def forget_cells(connection: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Remove the cells of one import (inside the transaction that removes its rows)."""
    connection.execute(f"DELETE FROM {CELLS} WHERE import_id = ?", [import_id])
