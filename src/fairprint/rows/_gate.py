"""The last check before the ledger: every activity batch passes it, whatever its door.

The field parsers (``_parse``) and the canonical importer's SQL already refuse bad values
with the row's line; this gate holds the same limits over whole Arrow batches so that no
importer (present or future) can hand the ledger a count above ``MAX_COUNT``, a negative or
non-finite float, or text carrying control characters. Rows it refuses are quarantined
with the column and value; text is cleaned, not refused.
"""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fairprint.activities import ACTIVITY_SCHEMA, TOKEN_COLUMNS
from fairprint.rows._limits import MAX_COUNT, MAX_FLOAT
from fairprint.rows._parse import CONTROL_PATTERN
from fairprint.rows._row import QuarantinedRow

__all__ = ["gate_activities"]

COUNT_COLUMNS = ("requests", *TOKEN_COLUMNS)
FLOAT_COLUMNS = ("duration_s", "measured_energy_kwh")
TEXT_COLUMNS = tuple(
    f.name for f in ACTIVITY_SCHEMA if pa.types.is_string(f.type) and f.name != "activity_id"
)


def _bad_rows(batch: pa.RecordBatch) -> tuple[np.ndarray, list[list[str]]]:
    n = batch.num_rows
    bad = np.zeros(n, dtype=bool)
    reasons: list[list[str]] = [[] for _ in range(n)]
    for name in (*COUNT_COLUMNS, *FLOAT_COLUMNS):
        column = batch.column(name)
        if name in COUNT_COLUMNS:
            wrong = pc.or_(pc.less(column, 0), pc.greater(column, MAX_COUNT))
            limit = f"0 to {MAX_COUNT:.0e}"
        else:
            wrong = pc.invert(
                pc.and_(
                    pc.is_finite(column),
                    pc.and_(pc.greater_equal(column, 0.0), pc.less_equal(column, MAX_FLOAT)),
                )
            )
            limit = f"a finite number from 0 to {MAX_FLOAT:.0e}"
        mask = wrong.fill_null(False).to_numpy(zero_copy_only=False)
        if mask.any():
            values = column.to_pylist()
            for i in np.flatnonzero(mask):
                reasons[i].append(f"{name}: {values[i]!r} is outside {limit}")
            bad |= mask
    return bad, reasons


def _cleaned(batch: pa.RecordBatch) -> pa.RecordBatch:
    columns = list(batch.columns)
    changed = False
    for name in TEXT_COLUMNS:
        index = batch.schema.get_field_index(name)
        column = columns[index]
        if pc.any(pc.match_substring_regex(column, CONTROL_PATTERN)).as_py():
            columns[index] = pc.replace_substring_regex(column, CONTROL_PATTERN, "")
            changed = True
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema) if changed else batch


def gate_activities(
    batch: pa.RecordBatch, file: str
) -> tuple[pa.RecordBatch, list[QuarantinedRow]]:
    """``batch`` without rows outside the limits (returned as quarantined) and text cleaned."""
    if batch.num_rows == 0:
        return batch, []
    bad, reasons = _bad_rows(batch)
    quarantined: list[QuarantinedRow] = []
    if bad.any():
        positions = np.flatnonzero(bad)
        rows = batch.take(pa.array(positions)).to_pylist()
        for position, row in zip(positions, rows, strict=True):
            raw = json.dumps(row, default=str)
            quarantined.append(QuarantinedRow(file, None, raw, "; ".join(reasons[position])))
        batch = batch.filter(pa.array(~bad))
    return _cleaned(batch), quarantined
