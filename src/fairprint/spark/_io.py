"""Reading activity files with Spark, and starting a session the way fairprint needs it.

Why cast by name: a CSV file arrives as text and a JSON file with guessed types; both are
cast column by column to the canonical types (``fairprint.activities``), never by position,
so a file whose columns come in another order is still read right.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fairprint.activities import ACTIVITY_SCHEMA
from fairprint.errors import FormatError, InputError
from fairprint.spark._checks import split_quarantine
from fairprint.spark._schema import apply_mapping, canonical_spark_types

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

FORMATS: tuple[str, ...] = ("parquet", "json", "csv")
"""File formats ``read_activities`` reads (JSON means one object per line)."""


def spark_session(
    master: str | None = None,
    app_name: str = "fairprint",
    conf: Mapping[str, str] | None = None,
) -> tuple[SparkSession, bool]:
    """The active session if there is one, else a new one; and whether it was created here.

    ``master`` is a Spark master URL (``local[4]``, ``yarn``, ``spark://host:7077``,
    ``k8s://...``) or a Spark Connect URL (``sc://host:15002``). New sessions keep Spark's
    console progress bar off (pass ``spark.ui.showConsoleProgress=true`` in ``conf`` to
    see it) and use UTC as their time zone, so timestamps without an offset in CSV/JSON
    files are read as UTC; in local mode the Python workers run this interpreter (where
    fairprint is installed).
    """
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    builder = SparkSession.builder.appName(app_name)
    if master and master.startswith("sc://"):
        builder = builder.remote(master)
    elif master:
        builder = builder.master(master)
        if master.startswith("local"):
            builder = builder.config("spark.pyspark.python", sys.executable)
    builder = builder.config("spark.sql.session.timeZone", "UTC")
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate(), True


@dataclass(frozen=True)
class CheckedActivities:
    """Activities that passed the row checks, the rows that did not, and the notes."""

    activities: DataFrame
    quarantined: DataFrame
    """Columns ``file``, ``raw`` (the row's values as JSON) and ``reason``."""
    notes: list[str]


def read_activities(
    spark: SparkSession,
    paths: Sequence[str],
    format: str = "parquet",
    columns: Mapping[str, str | Column] | None = None,
) -> tuple[DataFrame, list[str]]:
    """Activities that pass the row checks, with canonical types, and notes.

    Rows that fail a check are left out (``read_checked`` returns them with reasons).
    """
    checked = read_checked(spark, paths, format, columns)
    return checked.activities, checked.notes


def read_checked(
    spark: SparkSession,
    paths: Sequence[str],
    format: str = "parquet",
    columns: Mapping[str, str | Column] | None = None,
) -> CheckedActivities:
    """Activities from files Spark can read, typed and checked, with the quarantine.

    Values are held to the local importers' limits (``_checks``): a bad cell quarantines
    its row instead of aborting the job. The notes announce every default taken: a file
    without ``requests`` counts one request per row; one without ``provider`` or
    ``project`` leaves those keys empty. Raises ``FormatError`` for an unknown format or a
    file without ``model`` or ``started_at`` (``spark-import`` aggregates by day).
    """
    from pyspark.sql import functions as F

    if format not in FORMATS:
        raise FormatError(f"cannot read format {format!r}; choose one of {', '.join(FORMATS)}")
    if not paths:
        raise InputError("no input path given")
    reader = spark.read.format(format)
    if format == "csv":
        reader = reader.option("header", "true").option("inferSchema", "false")
    df = apply_mapping(reader.load(list(paths)), columns)
    notes: list[str] = []
    for name in ("model", "started_at"):
        if name not in df.columns:
            raise FormatError(
                f"{', '.join(paths)}: no {name!r} column (columns: {', '.join(df.columns)}); "
                "write the canonical activity schema or pass a column mapping"
            )
    good, bad, _ = split_quarantine(df, canonical_spark_types())
    defaults: dict[str, Column] = {}
    if "requests" not in df.columns:
        defaults["requests"] = F.lit(1).cast("long")
        notes.append("no 'requests' column: each row counted as one request")
    for name in ("provider", "project"):
        if name not in df.columns:
            defaults[name] = F.lit(None).cast("string")
            notes.append(f"no {name!r} column: the {name} key is empty")
    unknown = [c for c in df.columns if c not in ACTIVITY_SCHEMA.names]
    if unknown and columns is None:
        notes.append(f"columns outside the canonical schema kept as is: {', '.join(unknown)}")
    return CheckedActivities(good.withColumns(defaults) if defaults else good, bad, notes)
