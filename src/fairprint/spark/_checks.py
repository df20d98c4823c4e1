"""The row layer's validation gate in Spark: cast with checks, quarantine what fails.

Why not a plain ``cast``: under ANSI mode (Spark 4's default) one cell that is not a number
aborts the whole job with ``CAST_INVALID_INPUT``; without it, the cell silently turns null.
Each canonical column is instead typed with ``try_cast`` and held to the same limits as the
local importers (``fairprint.rows``): whole counts in ``0 ≤ n ≤ MAX_COUNT``, finite floats
in ``0 ≤ x ≤ MAX_FLOAT``, times that parse, text without control characters. A row failing a
check goes to the quarantine frame with its file, its raw values (JSON) and every reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fairprint.activities import TOKEN_COLUMNS
from fairprint.rows import CONTROL_PATTERN, MAX_COUNT, MAX_FLOAT

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame
    from pyspark.sql.types import DataType

__all__ = ["REASON", "checked_columns", "split_quarantine"]

REASON = "__fairprint_reason"
RAW = "__fairprint_raw"
COUNT_COLUMNS = ("requests", *TOKEN_COLUMNS)
FLOAT_COLUMNS = ("duration_s", "measured_energy_kwh")


def _q(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _text(name: str) -> str:
    return f"trim(CAST({_q(name)} AS STRING))"


def _reason(name: str, ok: str, what: str) -> str:
    shown = f"substring({_text(name)}, 1, 40)"
    return (
        f"CASE WHEN {_q(name)} IS NOT NULL AND {_text(name)} <> '' AND NOT ({ok}) "
        f"THEN concat('{name}: ', {shown}, ' {what}') END"
    )


def _count(name: str) -> tuple[str, str]:
    number = f"try_cast({_text(name)} AS DOUBLE)"
    ok = (
        f"coalesce({number} IS NOT NULL AND NOT isnan({number}) AND {number} % 1 = 0 "
        f"AND {number} BETWEEN 0 AND {MAX_COUNT}, false)"
    )
    value = f"CASE WHEN {ok} THEN CAST({number} AS BIGINT) END"
    return value, _reason(name, ok, f"is not a whole number from 0 to {MAX_COUNT:.0e}")


def _float(name: str) -> tuple[str, str]:
    number = f"try_cast({_text(name)} AS DOUBLE)"
    ok = (
        f"coalesce({number} IS NOT NULL AND NOT isnan({number}) "
        f"AND {number} BETWEEN 0 AND {MAX_FLOAT}, false)"
    )
    value = f"CASE WHEN {ok} THEN {number} END"
    return value, _reason(name, ok, f"is not a finite number from 0 to {MAX_FLOAT:.0e}")


def _time(name: str) -> tuple[str, str]:
    value = f"try_cast({_text(name)} AS TIMESTAMP)"
    return value, _reason(name, f"{value} IS NOT NULL", "is not an ISO 8601 time")


def checked_columns(
    df: DataFrame, types: dict[str, DataType]
) -> tuple[dict[str, Column], list[Column]]:
    """Typed canonical columns of ``df`` and the reason expressions of their checks."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    values: dict[str, Column] = {}
    reasons: list[Column] = []
    for field in df.schema.fields:
        name, target = field.name, types.get(field.name)
        if target is None:
            continue
        if name in COUNT_COLUMNS or name in FLOAT_COLUMNS:
            value, reason = _count(name) if name in COUNT_COLUMNS else _float(name)
            values[name] = F.expr(value).cast(target)
            reasons.append(F.expr(reason))
        elif isinstance(target, T.TimestampType):
            if not isinstance(field.dataType, T.TimestampType):
                value, reason = _time(name)
                values[name] = F.expr(value)
                reasons.append(F.expr(reason))
        elif isinstance(target, T.StringType):
            if isinstance(field.dataType, T.StructType | T.MapType | T.ArrayType):
                text = F.to_json(F.col(name))
            else:
                text = F.col(name).cast("string")
            values[name] = F.regexp_replace(text, CONTROL_PATTERN, "")
    return values, reasons


def split_quarantine(
    df: DataFrame, types: dict[str, DataType]
) -> tuple[DataFrame, DataFrame, list[str]]:
    """``(typed rows that pass, quarantined rows (file, raw, reason), checked columns)``."""
    from pyspark.sql import functions as F

    raw = F.to_json(F.struct(*[F.col(_q(c)) for c in df.columns]))
    values, reasons = checked_columns(df, types)
    reason = F.concat_ws("; ", *reasons) if reasons else F.lit("")
    marked = df.withColumns({RAW: raw, REASON: reason, "__fairprint_file": F.input_file_name()})
    marked = marked.withColumns(values) if values else marked
    good = marked.filter(F.col(REASON) == "").drop(RAW, REASON, "__fairprint_file")
    bad = marked.filter(F.col(REASON) != "").select(
        F.col("__fairprint_file").alias("file"),
        F.col(RAW).alias("raw"),
        F.col(REASON).alias("reason"),
    )
    return good, bad, list(values)
