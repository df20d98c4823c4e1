"""Turn what a user hands us (Arrow, Polars, pandas, dicts) into a checked activity table.

Why strict: a negative, fractional or missing token count would silently become a wrong
number. Every problem is reported with the column and the first offending row (0-based, as
in the table the user passed).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fairprint.activities import TOKEN_COLUMNS
from fairprint.errors import InputError

LABEL_INPUTS: tuple[str, ...] = ("model", "provider", "region", "hardware")


def to_arrow(data: Any) -> pa.Table:
    """Accept a pyarrow Table/RecordBatch, a Polars or pandas DataFrame, or a dict of columns."""
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if isinstance(data, dict):
        return pa.table(data)
    module = type(data).__module__.split(".")[0]
    if module == "polars":
        return data.to_arrow()
    if module == "pandas":
        return pa.Table.from_pandas(data, preserve_index=False)
    if hasattr(data, "__arrow_c_stream__"):
        return pa.table(data)
    raise InputError(
        f"cannot read a {type(data).__name__} as a table of requests; pass a pyarrow Table, "
        "a Polars or pandas DataFrame, or a dict of columns"
    )


def _first_row(mask: pa.ChunkedArray | pa.Array) -> int:
    return int(np.flatnonzero(np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool))[0])


def _token_column(table: pa.Table, name: str) -> np.ndarray:
    if name not in table.column_names:
        return np.zeros(table.num_rows, dtype=np.int64)
    column = table.column(name)
    if column.null_count:
        row = _first_row(pc.is_null(column))
        raise InputError(f"column {name!r}, row {row}: missing value (use 0 for none)")
    values: np.ndarray  # pyarrow is untyped: to_numpy() is Any
    if pa.types.is_integer(column.type):
        values = column.to_numpy().astype(np.int64, copy=False)
    elif pa.types.is_floating(column.type):
        floats = column.to_numpy()
        bad = ~np.isfinite(floats) | (floats != np.floor(floats))
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise InputError(
                f"column {name!r}, row {row}: {floats[row]!r} is not a whole number of tokens"
            )
        values = floats.astype(np.int64)
    else:
        raise InputError(f"column {name!r} must hold integers, not {column.type}")
    negative = values < 0
    if negative.any():
        row = int(np.flatnonzero(negative)[0])
        raise InputError(f"column {name!r}, row {row}: {values[row]} tokens is negative")
    return values


def _label_column(table: pa.Table, name: str) -> pa.ChunkedArray:
    if name not in table.column_names:
        return pa.chunked_array([pa.nulls(table.num_rows, pa.string())])
    column = table.column(name)
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        if pa.types.is_null(column.type):
            return pa.chunked_array([pa.nulls(table.num_rows, pa.string())])
        raise InputError(f"column {name!r} must hold text, not {column.type}")
    return column.cast(pa.string())


def checked_inputs(table: pa.Table) -> tuple[dict[str, np.ndarray], dict[str, pa.ChunkedArray]]:
    """Token counts as int64 arrays and label columns as strings, validated.

    Raises ``InputError`` for an empty table, a missing ``model`` column (unless every row
    is metered), or a bad token value.
    """
    if table.num_rows == 0:
        raise InputError("the table of requests is empty: nothing to estimate")
    metered = "measured_energy_kwh" in table.column_names
    if "model" not in table.column_names and not metered:
        raise InputError(
            f"the table needs a 'model' column (columns found: {', '.join(table.column_names)})"
        )
    tokens = {name: _token_column(table, name) for name in TOKEN_COLUMNS}
    labels = {name: _label_column(table, name) for name in LABEL_INPUTS}
    return tokens, labels


def measured_energy(table: pa.Table) -> np.ndarray | None:
    """Metered IT energy (kWh) per row, NaN where not metered; None when no row is."""
    if "measured_energy_kwh" not in table.column_names:
        return None
    column = table.column("measured_energy_kwh").cast(pa.float64())
    values: np.ndarray = column.to_numpy(zero_copy_only=False).astype(float)
    known = ~np.isnan(values)
    if (values[known] < 0).any():
        row = int(np.flatnonzero(known & (values < 0))[0])
        raise InputError(f"column 'measured_energy_kwh', row {row}: energy cannot be negative")
    return values if known.any() else None


def duration_seconds(table: pa.Table) -> np.ndarray:
    if "duration_s" not in table.column_names:
        return np.full(table.num_rows, np.nan)
    column = table.column("duration_s").cast(pa.float64())
    seconds: np.ndarray = column.to_numpy(zero_copy_only=False).astype(float)
    return seconds
