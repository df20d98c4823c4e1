"""Scale-out on Apache Spark: the single-machine impact kernel applied per partition.

Install with ``pip install 'fairprint[spark]'``; pyspark is imported only when a function
here is called. The surface::

    with_impacts(df, registry=None, on_unknown="null", columns=None) -> DataFrame
    footprint_report(df, by=("day", "provider", "model", "project")) -> DataFrame
    read_activities(spark, paths, format="parquet") -> (DataFrame, notes)
    read_checked(spark, paths, format="parquet") -> CheckedActivities (rows, quarantine, notes)
    spark_import(spark, paths, format=..., output=..., ledger=...) -> SparkImportResult

See docs/spark.md for cluster recipes (shipping the wheel, the registry broadcast).
"""

from fairprint.spark._errors import translate_errors
from fairprint.spark._impacts import with_impacts
from fairprint.spark._importer import SparkImportResult, import_key, spark_import
from fairprint.spark._io import (
    FORMATS,
    CheckedActivities,
    read_activities,
    read_checked,
    spark_session,
)
from fairprint.spark._ledger import TABLE as LEDGER_TABLE
from fairprint.spark._ledger import create_statement, write_aggregates
from fairprint.spark._report import DEFAULT_BY, footprint_report, measure_names
from fairprint.spark._schema import appended_columns, apply_mapping, output_schema
from fairprint.spark._snapshot import RegistrySnapshot

__all__ = [
    "DEFAULT_BY",
    "FORMATS",
    "LEDGER_TABLE",
    "CheckedActivities",
    "RegistrySnapshot",
    "SparkImportResult",
    "appended_columns",
    "apply_mapping",
    "create_statement",
    "footprint_report",
    "import_key",
    "measure_names",
    "output_schema",
    "read_activities",
    "read_checked",
    "spark_import",
    "spark_session",
    "translate_errors",
    "with_impacts",
    "write_aggregates",
]
