"""``activity_cells``: the activities' additive quantities, summed per cell, kept in step.

Why: every report figure is a sum, and within one cell — one import, UTC day, estimate
key (model, provider, region, hardware), report key (team, project, user, source) and way
of estimating (metered or not, duration known or not) — every impact is linear in the
rows' quantities (tokens, requests, metered kWh, seconds). So the reports read these cells,
whose number follows the distinct combinations rather than the rows, and multiply the
factors out per cell (``fairprint.report.query``), instead of passing over every activity.

The cells are written in the same transaction as the import that adds the rows
(:func:`add_cells`) and removed with them (:func:`forget_cells`); a recompute changes
factors, not quantities, so it leaves them as they are. Schema migration 6 fills the table
from the activities already in a ledger. ``tests/ledger/test_cells.py`` holds the table
equal to the aggregate of the rows after imports, repeats, recomputes and forgets.
"""

from __future__ import annotations

import duckdb

from fairprint.activities import TOKEN_COLUMNS

CELLS = "activity_cells"

CELL_KEYS: dict[str, str] = {
    "import_id": "r.import_id",
    "epoch_day": "epoch_us(r.started_at) // 86400000000",
    **{k: f'r."{k}"' for k in ("model", "provider", "region", "hardware")},
    **{k: f'r."{k}"' for k in ("team", "project", "user", "source")},
    "metered": "r.measured_energy_kwh IS NOT NULL",
    "metered_known": "coalesce(NOT isnan(r.measured_energy_kwh), false)",
    "duration_known": "coalesce(NOT isnan(r.duration_s), false)",
    "zero_requests": "r.requests = 0",
}
"""The keys of a cell (``epoch_day``: whole UTC days since 1970-01-01)."""


def quantities_sql(where: str = "true") -> str:
    """Cells of the activities ``r`` matching ``where``, in the columns of ``activity_cells``."""
    tokens = " + ".join(f'r."{t}"' for t in TOKEN_COLUMNS)
    keys = ", ".join(f'{sql} AS "{name}"' for name, sql in CELL_KEYS.items())
    sums = ", ".join(
        [
            "count(*) AS q_activities",
            "sum(r.requests) AS q_requests",
            *(f'sum(r."{t}") AS "q_{t}"' for t in TOKEN_COLUMNS),
            f"count(*) FILTER (WHERE r.requests = 0 AND ({tokens}) > 0) AS q_uncounted",
            "fsum(r.measured_energy_kwh) AS q_measured_kwh",
            "fsum(r.duration_s) AS q_duration_s",
            "min(r.started_at) AS q_first",
            "max(r.started_at) AS q_last",
        ]
    )
    return f"SELECT {keys}, {sums} FROM activities r WHERE {where} GROUP BY ALL"


def cells_table_sql() -> str:
    """Migration 6: the cells table, filled from the activities already in the ledger."""
    return f"CREATE TABLE {CELLS} AS {quantities_sql()};"


def add_cells(connection: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Add the cells of one import's rows (inside the import's transaction, after its
    repeats were dropped)."""
    connection.execute(
        f"INSERT INTO {CELLS} {quantities_sql('r.import_id = $import')}", {"import": import_id}
    )


def forget_cells(connection: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Remove the cells of one import (inside the transaction that removes its rows)."""
    connection.execute(f"DELETE FROM {CELLS} WHERE import_id = ?", [import_id])
