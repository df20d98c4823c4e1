"""``with_impacts``: the single-machine ``estimate_table`` kernel, run on every Spark partition.

Why ``mapInArrow``: Spark hands each Python worker its rows as Arrow record batches (10,000
rows by default, ``spark.sql.execution.arrow.maxRecordsPerBatch``), which is exactly what
``estimate_table`` takes, so the numbers come out of the same code as on one machine, with
no row-by-row Python and no re-implementation of the equations in Spark SQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from fairprint.errors import FairprintError, InputError
from fairprint.impacts import (
    DEFAULT_BOUNDARY,
    OnUnknown,
    check_boundary,
    estimate_table,
    group_coefficients,
)
from fairprint.registry import Registry
from fairprint.spark._schema import (
    LABEL_INPUTS,
    appended_columns,
    apply_mapping,
    check_inputs,
    output_schema,
)
from fairprint.spark._snapshot import RegistrySnapshot

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession


def with_impacts(
    df: DataFrame,
    registry: Registry | None = None,
    on_unknown: OnUnknown = "null",
    columns: Mapping[str, str | Column] | None = None,
    boundary: str = DEFAULT_BOUNDARY,
) -> DataFrame:
    """``df`` with the impact columns of ``estimate_table`` appended (lazily, per partition).

    ``df`` holds activities in the canonical schema (``fairprint.activities``), or any
    schema mapped to it with ``columns`` (see ``apply_mapping``). The registry travels to
    the executors as a broadcast ``RegistrySnapshot`` (its CSV files, ~0.4 MB pickled).

    ``on_unknown="null"`` (the default on clusters) keeps rows whose model or region is
    unknown with null impacts and the reason in ``impact_note``. ``on_unknown="raise"``
    first collects the distinct (model, provider, region, hardware) groups on the driver —
    one extra pass over the data — and raises the registry's error, naming the group, before
    any impact is computed. ``boundary`` as in ``fairprint.estimate`` (checked here, on the
    driver).
    """
    boundary = check_boundary(boundary)
    if on_unknown not in ("raise", "null"):
        raise InputError(f"on_unknown must be 'raise' or 'null', not {on_unknown!r}")
    registry = registry or Registry.default()
    df = apply_mapping(df, columns)
    check_inputs(df.schema)
    if on_unknown == "raise":
        check_groups(df, registry)
    spark = df.sparkSession
    appended = appended_columns(registry, _uses_large_strings(spark))
    schema = output_schema(df.schema, appended)
    worker = partial(
        impacts_of_batches,
        source=_broadcast(spark, RegistrySnapshot.of(registry)),
        on_unknown=on_unknown,
        boundary=boundary,
        names=tuple(schema.names),
        appended=appended,
    )
    return df.mapInArrow(worker, schema)


def check_groups(df: DataFrame, registry: Registry) -> None:
    """Resolve every distinct (model, provider, region, hardware) on the driver, or raise."""
    from pyspark.sql import functions as F

    present = set(df.columns)
    keys = [
        F.col(name) if name in present else F.lit(None).cast("string").alias(name)
        for name in LABEL_INPUTS
    ]
    for row in df.select(keys).distinct().collect():
        try:
            group_coefficients(registry, *(row[name] for name in LABEL_INPUTS))
        except FairprintError as exc:
            where = ", ".join(f"{name}={row[name]!r}" for name in LABEL_INPUTS)
            exc.args = (f"rows with {where}: {exc}",)
            raise


def impacts_of_batches(
    batches: Iterator[pa.RecordBatch],
    *,
    source: Any,
    on_unknown: OnUnknown,
    names: tuple[str, ...],
    boundary: str = DEFAULT_BOUNDARY,
    appended: pa.Schema,
) -> Iterator[pa.RecordBatch]:
    """What runs on an executor: ``estimate_table`` on each Arrow batch of a partition.

    ``source`` is a Spark ``Broadcast`` of a ``RegistrySnapshot`` (or the snapshot itself
    on Spark Connect, where it travels inside the pickled function).
    """
    snapshot: RegistrySnapshot = getattr(source, "value", source)
    registry = snapshot.registry()
    declared = {field.name: field.type for field in appended}
    for batch in batches:
        if batch.num_rows == 0:
            continue
        table = estimate_table(batch, registry, on_unknown, boundary=boundary).select(list(names))
        target = pa.schema(
            [pa.field(n, declared.get(n, table.schema.field(n).type)) for n in names]
        )
        yield from table.cast(target).combine_chunks().to_batches()


def _broadcast(spark: SparkSession, snapshot: RegistrySnapshot) -> Any:
    """A Spark broadcast of the snapshot; Spark Connect has no SparkContext to broadcast with."""
    if type(spark).__module__.startswith("pyspark.sql.connect"):
        return snapshot
    return spark.sparkContext.broadcast(snapshot)


def _uses_large_strings(spark: SparkSession) -> bool:
    value = spark.conf.get("spark.sql.execution.arrow.useLargeVarTypes", "false")
    return str(value).strip().lower() == "true"
