"""The gate for whole Arrow tables handed to the ledger by code (trackers, the API).

Files reach the ledger through an importer and ``gate_activities``; a table built in
Python (a tracker's session, an API body, a library user's frame) can carry values no
importer would produce: a dict where a model name goes, a float or 2**64 where a count
goes, a null id. Each such row is quarantined with its column and value, the rest is kept;
only a table-level fault (not a table, a required column absent) is an ``InputError``.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pyarrow as pa

from fairprint.activities import ACTIVITY_SCHEMA
from fairprint.errors import InputError
from fairprint.rows._gate import gate_activities
from fairprint.rows._row import QuarantinedRow

__all__ = ["gate_table"]

_REQUIRED = ("activity_id", "source")


def _defaulted(name: str, rows: int) -> pa.Array:
    default = 1 if name == "requests" else 0
    return pa.repeat(pa.scalar(default, pa.int64()), rows)


def _cast(column: pa.ChunkedArray, field: pa.Field, reasons: dict[int, list[str]]) -> pa.Array:
    """``column`` cast to the field's type; a value that cannot be is nulled and noted."""
    try:
        return column.cast(field.type).combine_chunks()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, OverflowError):
        pass
    values: list[Any] = []
    for i in range(len(column)):
        try:
            values.append(column.slice(i, 1).cast(field.type)[0].as_py())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, OverflowError):
            shown = json.dumps(column[i].as_py(), default=str)[:200]
            reasons.setdefault(i, []).append(f"{field.name}: {shown} is not a {field.type} value")
            values.append(None)
    return pa.array(values, type=field.type)


def _conformed(table: pa.Table, reasons: dict[int, list[str]]) -> pa.Table:
    columns = []
    for field in ACTIVITY_SCHEMA:
        if field.name in table.column_names:
            column = _cast(table.column(field.name), field, reasons)
            columns.append(column)
        elif field.nullable:
            columns.append(pa.nulls(table.num_rows, field.type))
        elif field.name == "requests" or field.name.endswith("_tokens"):
            columns.append(_defaulted(field.name, table.num_rows))
        else:
            raise InputError(f"add_activities: the table lacks the required column {field.name!r}")
    for name in _REQUIRED:
        column = columns[ACTIVITY_SCHEMA.get_field_index(name)]
        for i in np.flatnonzero(column.is_null().to_numpy(zero_copy_only=False)):
            reasons.setdefault(int(i), []).append(f"{name}: missing")
    relaxed = pa.schema([f.with_nullable(True) for f in ACTIVITY_SCHEMA])
    return pa.Table.from_arrays(columns, schema=relaxed)


def gate_table(table: pa.Table, file: str) -> tuple[pa.Table, list[QuarantinedRow]]:
    """``table`` in ``ACTIVITY_SCHEMA`` with every bad row quarantined (cast, limits, ids).

    Raises ``InputError`` only when ``table`` is not an Arrow table or lacks a required
    column.
    """
    if not isinstance(table, pa.Table):
        raise InputError(f"add_activities needs a pyarrow Table, not {type(table).__name__}")
    reasons: dict[int, list[str]] = {}
    conformed = _conformed(table, reasons)
    quarantined: list[QuarantinedRow] = []
    if reasons:
        positions = sorted(reasons)
        for position in positions:
            row = table.slice(position, 1).to_pylist()[0]
            raw = json.dumps(row, default=str)
            quarantined.append(QuarantinedRow(file, None, raw, "; ".join(reasons[position])))
        keep = np.ones(table.num_rows, dtype=bool)
        keep[positions] = False
        conformed = conformed.filter(pa.array(keep))
    conformed = conformed.cast(ACTIVITY_SCHEMA)
    kept: list[pa.RecordBatch] = []
    for batch in conformed.to_batches(max_chunksize=65_536):
        clean, refused = gate_activities(batch, file)
        kept.append(clean)
        quarantined.extend(refused)
    return pa.Table.from_batches(kept, schema=ACTIVITY_SCHEMA), quarantined
