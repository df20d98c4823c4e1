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


_CONTROL_CHARACTER = r"[\x00-\x1f\x7f-\x9f]"
"""Any control character: every sequence ``CONTROL_PATTERN`` removes starts with one."""


def _outside(column: pa.Array, name: str) -> pa.Array | None:
    """The mask of values outside the column's limits, or None when all are inside."""
    if name in COUNT_COLUMNS:
        low_high = pc.min_max(column).as_py()
        if low_high["min"] is None or (low_high["min"] >= 0 and low_high["max"] <= MAX_COUNT):
            return None
        return pc.or_(pc.less(column, 0), pc.greater(column, MAX_COUNT))
    inside = pc.and_(
        pc.is_finite(column),
        pc.and_(pc.greater_equal(column, 0.0), pc.less_equal(column, MAX_FLOAT)),
    )
    if pc.all(inside).as_py() is not False:
        return None
    return pc.invert(inside)


def _bad_rows(batch: pa.RecordBatch) -> dict[int, list[str]]:
    """``{row: reasons}`` for the rows with a value outside the limits."""
    reasons: dict[int, list[str]] = {}
    for name in (*COUNT_COLUMNS, *FLOAT_COLUMNS):
        column = batch.column(name)
        wrong = _outside(column, name)
        if wrong is None:
            continue
        if name in COUNT_COLUMNS:
            limit = f"0 to {MAX_COUNT:.0e}"
        else:
            limit = f"a finite number from 0 to {MAX_FLOAT:.0e}"
        for i in np.flatnonzero(wrong.fill_null(False).to_numpy(zero_copy_only=False)):
            value = column[int(i)].as_py()
            reasons.setdefault(int(i), []).append(f"{name}: {value!r} is outside {limit}")
    return reasons


def _may_hold_controls(column: pa.Array) -> bool:
    """Whether the column's UTF-8 bytes hold a C0, DEL or C1 character (a fast pre-check).

    Scanning the data buffer with NumPy costs microseconds where a regex over every value
    costs tens of milliseconds per batch; a hit (or bytes beyond a slice) is confirmed by
    the regex.
    """
    data = column.buffers()[2]
    if data is None:
        return False
    raw = np.frombuffer(data, dtype=np.uint8)
    if (raw < 0x20).any() or (raw == 0x7F).any():
        return True
    lead = np.flatnonzero(raw[:-1] == 0xC2)
    return bool(lead.size and ((raw[lead + 1] >= 0x80) & (raw[lead + 1] <= 0x9F)).any())


def _cleaned(batch: pa.RecordBatch) -> pa.RecordBatch:
    columns = list(batch.columns)
    changed = False
    for name in TEXT_COLUMNS:
        index = batch.schema.get_field_index(name)
        column = columns[index]
        if not _may_hold_controls(column):
            continue
        if pc.any(pc.match_substring_regex(column, _CONTROL_CHARACTER)).as_py():
            columns[index] = pc.replace_substring_regex(column, CONTROL_PATTERN, "")
            changed = True
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema) if changed else batch


def gate_activities(
    batch: pa.RecordBatch, file: str
) -> tuple[pa.RecordBatch, list[QuarantinedRow]]:
    """``batch`` without rows outside the limits (returned as quarantined) and text cleaned."""
    if batch.num_rows == 0:
        return batch, []
    reasons = _bad_rows(batch)
    quarantined: list[QuarantinedRow] = []
    if reasons:
        positions = sorted(reasons)
        rows = batch.take(pa.array(positions)).to_pylist()
        for position, row in zip(positions, rows, strict=True):
            raw = json.dumps(row, default=str)
            quarantined.append(QuarantinedRow(file, None, raw, "; ".join(reasons[position])))
        keep = np.ones(batch.num_rows, dtype=bool)
        keep[positions] = False
        batch = batch.filter(pa.array(keep))
    return _cleaned(batch), quarantined
