"""``footprint_report``: sums of every impact with its range, per group, on Spark.

Same rules as the single-machine summaries (``fairprint.report.summarise``): an unknown
impact (null or NaN) is never counted as zero; it is left out of the sum and the requests it
stands for are counted in ``<stem>_unknown_requests`` beside the total, so "N requests could
not be estimated" can always be said. The sum of the ``_low`` values is the low end of the
total: in fairprint's scenarios every uncertain input sits at its favourable end together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fairprint.activities import TOKEN_COLUMNS
from fairprint.errors import InputError
from fairprint.impacts import RANGED_STEMS

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

DEFAULT_BY: tuple[str, ...] = ("day", "provider", "model", "project")
"""The grain ``spark-import`` writes: UTC day × provider × model × project."""

VERSION_KEYS: tuple[str, ...] = ("registry_version", "methodology_version")
"""Always grouped by as well: a report never mixes numbers of two registries in one sum."""

DERIVED_KEYS: tuple[str, ...] = ("day", "month", "model")
"""Keys computed rather than read: ``day`` (UTC date of ``started_at``), ``month``
(``YYYY-MM``, UTC) and ``model`` (the resolved registry id, else the name as logged)."""


def summed_stems(columns: Sequence[str]) -> tuple[str, ...]:
    """The ranged impacts (``RANGED_STEMS``) whose low, central and high columns are present."""
    present = set(columns)
    return tuple(stem for stem in RANGED_STEMS if {stem, f"{stem}_low", f"{stem}_high"} <= present)


def measure_names(stems: Sequence[str] = RANGED_STEMS) -> tuple[str, ...]:
    """The summed columns of a report, after its key columns, in order."""
    ranged = tuple(f"{stem}{s}" for stem in stems for s in ("_low", "", "_high"))
    unknown = tuple(f"{stem}_unknown_requests" for stem in stems)
    return (
        "activities",
        "requests",
        *TOKEN_COLUMNS,
        *ranged,
        *unknown,
        "registry_version",
        "methodology_version",
    )


def _key(df: DataFrame, name: str) -> Column:
    from pyspark.sql import functions as F

    if name in ("day", "month") and name not in df.columns:
        if "started_at" not in df.columns:
            raise InputError(f"grouping by {name!r} needs a 'started_at' column")
        micros = F.unix_micros(F.col("started_at"))
        # Days since the epoch, computed from microseconds so the date is UTC whatever
        # the session time zone (to_date would use spark.sql.session.timeZone).
        days = F.floor(micros / 86_400_000_000).cast("int")
        day = F.date_add(F.lit("1970-01-01").cast("date"), days)
        key = day if name == "day" else F.date_format(day, "yyyy-MM")
        return key.alias(name)
    if name == "model" and "model_id" in df.columns:
        source = F.col("model") if "model" in df.columns else F.lit(None).cast("string")
        return F.coalesce(F.col("model_id"), source).alias("model")
    if name not in df.columns:
        raise InputError(
            f"cannot group by {name!r}: not a column (columns: {', '.join(df.columns)}) "
            f"nor one of {', '.join(DERIVED_KEYS)}"
        )
    return F.col(name)


def footprint_report(df: DataFrame, by: Sequence[str] = DEFAULT_BY) -> DataFrame:
    """Per group of ``by``: activities, requests, tokens and every impact with its range.

    ``df`` is the output of ``with_impacts`` (it needs ``requests``; map it with
    ``columns={"requests": F.lit(1)}`` when each row is one request). The result has the
    key columns, then ``measure_names(summed_stems(df.columns))`` (the last two, the registry and
    methodology versions, are grouping keys too: a sum never mixes two registries).
    """
    from pyspark.sql import functions as F

    required = ("energy_kwh", "requests", *VERSION_KEYS)
    missing = [name for name in required if name not in df.columns]
    if missing:
        raise InputError(
            f"footprint_report needs the output of with_impacts with a 'requests' column; "
            f"missing: {', '.join(missing)}"
        )
    stems = summed_stems(df.columns)
    keys = [_key(df, name) for name in by]
    requests = F.col("requests").cast("long")
    aggregates = [F.count(F.lit(1)).alias("activities"), F.sum(requests).alias("requests")]
    for token in TOKEN_COLUMNS:
        value = F.col(token).cast("long") if token in df.columns else F.lit(0).cast("long")
        aggregates.append(F.coalesce(F.sum(value), F.lit(0).cast("long")).alias(token))
    for stem in stems:
        for column in (f"{stem}_low", stem, f"{stem}_high"):
            aggregates.append(F.sum(_known(column)).alias(column))
    for stem in stems:
        unknown = F.when(_known(stem).isNull(), requests).otherwise(F.lit(0).cast("long"))
        aggregates.append(F.sum(unknown).alias(f"{stem}_unknown_requests"))
    # The versions are grouping keys, not aggregates: they are constant in a run, and a
    # text aggregate (min, collect_set) would switch Spark from hash to sort aggregation.
    versions = [F.col(name) for name in VERSION_KEYS]
    grouped = df.groupBy(*keys, *versions).agg(*aggregates)
    measures = [*(a for a in grouped.columns if a not in VERSION_KEYS), *VERSION_KEYS]
    return grouped.select(*measures)


def _known(column: str) -> Column:
    """The column with NaN read as null (unknown), so Spark's sum skips it."""
    from pyspark.sql import functions as F

    return F.nanvl(F.col(column), F.lit(None).cast("double"))
