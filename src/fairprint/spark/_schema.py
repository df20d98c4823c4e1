"""Spark types of the canonical activity table and of the impact columns, and column mapping.

Why here: ``mapInArrow`` needs its output schema before any data flows, so the Spark types of
the impact columns are declared from the kernel's own output (``appended_columns``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pyarrow as pa

from fairprint.activities import ACTIVITY_SCHEMA, TOKEN_COLUMNS
from fairprint.errors import InputError
from fairprint.impacts import estimate_table
from fairprint.registry import Registry

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame
    from pyspark.sql.types import DataType, StructType

LABEL_INPUTS: tuple[str, ...] = ("model", "provider", "region", "hardware")
"""The text columns that pick a row's coefficients (its group)."""


def spark_type(arrow_type: pa.DataType) -> DataType:
    """The Spark type of an Arrow type used by the activity and impact tables."""
    from pyspark.sql import types as T

    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return T.StringType()
    if pa.types.is_int64(arrow_type):
        return T.LongType()
    if pa.types.is_float64(arrow_type):
        return T.DoubleType()
    if pa.types.is_timestamp(arrow_type) and arrow_type.tz is not None:
        return T.TimestampType()
    if pa.types.is_boolean(arrow_type):
        return T.BooleanType()
    raise TypeError(f"no Spark type declared for Arrow {arrow_type}")  # pragma: no cover


def canonical_spark_types() -> dict[str, DataType]:
    """Canonical activity column → Spark type (``ACTIVITY_SCHEMA`` translated)."""
    return {field.name: spark_type(field.type) for field in ACTIVITY_SCHEMA}


def appended_columns(registry: Registry, large_strings: bool = False) -> pa.Schema:
    """The columns ``estimate_table`` appends, read off the kernel itself on a one-row probe.

    Why a probe and not a constant: the output schema of ``mapInArrow`` must be declared
    before any data flows, and asking the kernel guarantees the declaration can never drift
    from what it returns. ``large_strings`` follows ``spark.sql.execution.arrow.useLargeVarTypes``.
    """
    probe = pa.table({"model": pa.array(["(schema probe)"], pa.string())})
    appended = estimate_table(probe, registry, on_unknown="null").schema
    fields = []
    for field in appended:
        if field.name == "model":
            continue
        kind = field.type
        if pa.types.is_string(kind) or pa.types.is_large_string(kind):
            kind = pa.large_string() if large_strings else pa.string()
        fields.append(pa.field(field.name, kind, nullable=True))
    return pa.schema(fields)


def output_schema(schema: StructType, appended: pa.Schema) -> StructType:
    """The schema of ``with_impacts``' result: the input columns, then the appended ones.

    An input column that already carries an appended name (a frame that went through
    ``with_impacts`` before) is replaced, as ``estimate_table`` does.
    """
    from pyspark.sql import types as T

    kept = [field for field in schema.fields if field.name not in appended.names]
    added = [T.StructField(f.name, spark_type(f.type), True) for f in appended]
    return T.StructType(kept + added)


def apply_mapping(df: DataFrame, columns: Mapping[str, str | Column] | None) -> DataFrame:
    """Add canonical columns computed from a source schema.

    ``columns`` maps a canonical name to a source column name or a Spark ``Column``
    expression, e.g. ``{"model": "model_name", "input_tokens": F.col("prompt_tokens") -
    F.col("cached_tokens")}``. Source columns are kept; the canonical ones are added (or
    replaced when the frame already has them).
    """
    if not columns:
        return df
    from pyspark.sql import functions as F

    canonical = set(ACTIVITY_SCHEMA.names)
    expressions = {}
    for name, source in columns.items():
        if name not in canonical:
            raise InputError(
                f"columns= maps {name!r}, which is not a canonical activity column; "
                f"choose among {', '.join(ACTIVITY_SCHEMA.names)}"
            )
        if isinstance(source, str):
            if source not in df.columns:
                raise InputError(
                    f"columns= maps {name!r} to {source!r}, which the DataFrame lacks "
                    f"(columns: {', '.join(df.columns)})"
                )
            expressions[name] = F.col(source)
        else:
            expressions[name] = source
    return df.withColumns(expressions)


def check_inputs(schema: StructType) -> None:
    """Fail on the driver, before any task runs, for what ``estimate_table`` would reject."""
    from pyspark.sql import types as T

    types = {field.name: field.dataType for field in schema.fields}
    if "model" not in types and "measured_energy_kwh" not in types:
        raise InputError(
            f"the DataFrame needs a 'model' column (columns found: {', '.join(types)}); "
            "map yours with columns={'model': 'your_column'}"
        )
    whole = (T.LongType, T.IntegerType, T.ShortType, T.ByteType)
    for name in TOKEN_COLUMNS:
        if name in types and not isinstance(types[name], whole):
            raise InputError(
                f"column {name!r} is {types[name].simpleString()}, it must hold whole token "
                f"counts: cast it, e.g. columns={{{name!r}: F.col({name!r}).cast('long')}}"
            )
    for name in LABEL_INPUTS:
        if name in types and not isinstance(types[name], T.StringType | T.NullType):
            raise InputError(f"column {name!r} is {types[name].simpleString()}, it must hold text")
