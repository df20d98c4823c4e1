"""``spark_import``: files too large for one machine → daily aggregates in Parquet or the ledger.

The work is the library's (``read_activities`` → ``with_impacts`` → ``footprint_report``);
this module only chains them, writes the result and sums it up for the command line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from fairprint.errors import InputError
from fairprint.impacts import RANGED_STEMS, OnUnknown
from fairprint.registry import Registry
from fairprint.spark._errors import translate_errors
from fairprint.spark._impacts import with_impacts
from fairprint.spark._io import read_checked
from fairprint.spark._ledger import write_to_ledger
from fairprint.spark._report import DEFAULT_BY, footprint_report

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession


@dataclass(frozen=True)
class SparkImportResult:
    """What one import read and wrote; ``totals`` maps a stem to (low, central, high)."""

    import_key: str
    input_files: int
    activities: int
    requests: int
    groups: int
    unestimated_requests: int
    totals: dict[str, tuple[float | None, float | None, float | None]]
    output: str | None = None
    ledger_rows: int | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    quarantined: int = 0
    """Rows that failed the row checks (kept out of the aggregates)."""
    quarantine_path: str | None = None
    """JSON-lines folder of those rows (``file``, ``raw``, ``reason``); None when none."""


def import_key(format: str, input_files: Sequence[str]) -> str:
    """A stable id for an import: SHA-256 of the format and the sorted input file list."""
    hasher = hashlib.sha256(format.encode())
    for name in sorted(input_files):
        hasher.update(b"\0" + name.encode())
    return hasher.hexdigest()[:32]


def spark_import(
    spark: SparkSession,
    paths: Sequence[str],
    *,
    format: str = "parquet",
    output: str | None = None,
    ledger: Path | None = None,
    overwrite: bool = False,
    registry: Registry | None = None,
    on_unknown: OnUnknown = "null",
    columns: Mapping[str, str | Column] | None = None,
    quarantine: str | None = None,
) -> SparkImportResult:
    """Compute impacts of activity files on Spark and write (day × provider × model ×
    project) aggregates to a Parquet folder (``output``) and/or a ledger (``ledger``).

    The aggregates are computed once and cached while they are written; in the ledger they
    go to the ``spark_aggregates`` table (see ``fairprint.spark._ledger``). Rows that fail
    the row checks never abort the job: they are written as JSON lines (file, raw, reason)
    to ``quarantine`` (default: ``OUTPUT-quarantine``, else ``LEDGER-quarantine-KEY`` beside
    the ledger) and counted in the result.
    """
    if output is None and ledger is None:
        raise InputError("say where the aggregates go: an output Parquet folder, a ledger, or both")
    if output is not None and not overwrite and _local_path_exists(output):
        raise InputError(f"{output} already exists. Pass --overwrite to replace it.")
    with translate_errors():
        checked = read_checked(spark, paths, format, columns)
        activities, notes = checked.activities, checked.notes
        files = activities.inputFiles()
        key = import_key(format, files)
        input_files = len(files)
        quarantined = checked.quarantined.count()
        quarantine_path = None
        if quarantined:
            quarantine_path = quarantine or _quarantine_path(output, ledger, key)
            checked.quarantined.write.mode("overwrite").json(quarantine_path)
            notes = [*notes, f"{quarantined:,} row(s) quarantined to {quarantine_path}"]
        report = footprint_report(with_impacts(activities, registry, on_unknown), DEFAULT_BY)
        report = report.persist()
        try:
            summary = _summary(report)
            if output is not None:
                mode = "overwrite" if overwrite else "errorifexists"
                report.orderBy(*DEFAULT_BY).write.mode(mode).parquet(output)
            ledger_rows = None
            if ledger is not None:
                ledger_rows = write_to_ledger(ledger, _to_arrow(report), key, datetime.now(UTC))
        finally:
            report.unpersist()
    return SparkImportResult(
        import_key=key,
        input_files=input_files,
        output=output,
        ledger_rows=ledger_rows,
        notes=tuple(notes),
        quarantined=quarantined,
        quarantine_path=quarantine_path,
        **summary,  # type: ignore[arg-type]
    )


def _quarantine_path(output: str | None, ledger: Path | None, key: str) -> str:
    """Where quarantined rows go when not said: beside the output, else beside the ledger."""
    if output is not None:
        return output.rstrip("/") + "-quarantine"
    assert ledger is not None
    return str(Path(ledger).with_name(f"{Path(ledger).stem}-quarantine-{key[:12]}"))


def _summary(report: DataFrame) -> dict[str, object]:
    """Grand totals over the aggregates (a small job over the cached report)."""
    from pyspark.sql import functions as F

    sums = [F.count(F.lit(1)).alias("groups")]
    sums += [F.sum(name).alias(name) for name in ("activities", "requests")]
    sums.append(F.sum("energy_kwh_unknown_requests").alias("unestimated_requests"))
    stems = [stem for stem in RANGED_STEMS if stem in report.columns]
    for stem in stems:
        sums += [F.sum(f"{stem}{s}").alias(f"{stem}{s}") for s in ("_low", "", "_high")]
    row = report.agg(*sums).collect()[0]
    return {
        "groups": int(row["groups"]),
        "activities": int(row["activities"] or 0),
        "requests": int(row["requests"] or 0),
        "unestimated_requests": int(row["unestimated_requests"] or 0),
        "totals": {stem: (row[f"{stem}_low"], row[stem], row[f"{stem}_high"]) for stem in stems},
    }


def _local_path_exists(output: str) -> bool:
    """Whether a local output folder exists (checked before the job, not after it)."""
    if "://" in output and not output.startswith("file://"):
        return False  # a remote store: Spark itself refuses an existing path at write time
    return Path(output.removeprefix("file://")).exists()


def _to_arrow(df: DataFrame) -> pa.Table:
    if hasattr(df, "toArrow"):
        return df.toArrow()
    return pa.Table.from_pandas(df.toPandas(), preserve_index=False)  # pragma: no cover
