"""Group an activities-with-impacts table and sum its footprint, keeping the ranges.

Pure and columnar: an Arrow table in (the output of ``fairprint.impacts.estimate_table`` or
``Ledger.activities()``), small frozen objects out; the grouping runs in Arrow's
``group_by``, never in a Python loop over rows.

Unknown impacts are never filled: a NaN impact (an undisclosed factor) is left out of the
sums, and the number of requests it stands for is counted in ``unknown_requests`` so every
writer can say "N requests could not be estimated" beside the total.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from fairprint.activities import TOKEN_COLUMNS
from fairprint.errors import InputError
from fairprint.report.metrics import SUMMED_COLUMNS

DIMENSIONS: tuple[str, ...] = (
    "model",
    "provider",
    "project",
    "team",
    "month",
    "day",
    "region",
    "source",
    "user",
)
"""What a summary can be grouped by (``month``/``day`` come from ``started_at``, UTC)."""

TIME_DIMENSIONS: tuple[str, ...] = ("month", "day")

UNATTRIBUTED = "(unattributed)"
"""The group label of rows whose key is missing (no team, no project...)."""

SCENARIO_SUFFIXES: tuple[str, ...] = ("_low", "", "_high")


@dataclass(frozen=True)
class Range:
    """A summed impact: low/central/high, and how many requests had no estimate."""

    low: float
    central: float
    high: float
    unknown_requests: int = 0

    @property
    def known(self) -> bool:
        return math.isfinite(self.central)

    def as_dict(self) -> dict[str, float | int | None]:
        def clean(value: float) -> float | None:
            return value if math.isfinite(value) else None

        return {
            "low": clean(self.low),
            "central": clean(self.central),
            "high": clean(self.high),
            "unknown_requests": self.unknown_requests,
        }


@dataclass(frozen=True)
class Summary:
    """Totals and per-group sums of one table grouped by one dimension.

    ``groups`` has one row per group: ``group``, ``activities``, ``requests``, the token
    columns, for every summed impact column ``c``: ``c_low``, ``c``, ``c_high`` and
    ``c_unknown_requests``, ``uncounted_activities`` (rows whose source gives tokens but no
    request count, e.g. Anthropic's usage report: their ``requests`` is 0), and
    ``gwp_share`` (the group's share of the central carbon).
    Groups are sorted by central carbon, largest first (by key for ``month``/``day``).
    """

    by: str | None
    totals: dict[str, Range]
    activities: int
    requests: int
    tokens: dict[str, int]
    groups: pa.Table
    uncounted_activities: int = 0
    first_started_at: datetime | None = None
    last_started_at: datetime | None = None
    registry_versions: tuple[str, ...] = field(default_factory=tuple)
    methodology_versions: tuple[str, ...] = field(default_factory=tuple)

    def group_rows(self) -> list[dict[str, Any]]:
        """The groups as a list of dicts (NaN kept as NaN), in display order."""
        return self.groups.to_pylist()

    def group_range(self, row: dict[str, Any], column: str) -> Range:
        """The :class:`Range` of ``column`` in one row of :meth:`group_rows`."""
        return Range(
            low=_as_float(row[f"{column}_low"]),
            central=_as_float(row[column]),
            high=_as_float(row[f"{column}_high"]),
            unknown_requests=int(row[f"{column}_unknown_requests"] or 0),
        )


def _as_float(value: object) -> float:
    return math.nan if value is None else float(value)  # type: ignore[arg-type]


def filter_period(
    table: pa.Table, since: datetime | None = None, until: datetime | None = None
) -> pa.Table:
    """Rows whose ``started_at`` is in ``[since, until)`` (naive datetimes are read as UTC)."""
    mask = None
    for bound, compare in ((since, pc.greater_equal), (until, pc.less)):
        if bound is None:
            continue
        scalar = pa.scalar(_utc(bound), type=pa.timestamp("us", tz="UTC"))
        condition = compare(table["started_at"], scalar)
        mask = condition if mask is None else pc.and_(mask, condition)
    if mask is None:
        return table
    return table.filter(pc.fill_null(mask, False))


def _utc(moment: datetime) -> datetime:
    from datetime import UTC

    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def group_key(table: pa.Table, by: str) -> pa.ChunkedArray:
    """The group label of every row for dimension ``by`` (missing → ``(unattributed)``).

    ``model`` uses the resolved registry id (``model_id``) where the table has it, so that
    aliases and dated snapshots of one model fall into one group.
    """
    if by not in DIMENSIONS:
        raise InputError(f"cannot group by {by!r}; choose one of {', '.join(DIMENSIONS)}")
    if by in TIME_DIMENSIONS:
        fmt = "%Y-%m" if by == "month" else "%Y-%m-%d"
        key = pc.strftime(table["started_at"], format=fmt)
    elif by == "model" and "model_id" in table.column_names:
        key = pc.coalesce(table["model_id"], table["model"])
    else:
        key = table[by]
    key = pc.cast(key, pa.string())
    empty = pc.equal(pc.utf8_trim_whitespace(key), "")
    return pc.fill_null(pc.if_else(empty, pa.scalar(None, pa.string()), key), UNATTRIBUTED)


def _impact_or_nan(table: pa.Table, column: str) -> pa.ChunkedArray:
    if column in table.column_names:
        return pc.cast(table[column], pa.float64())
    return pa.chunked_array([pa.array([math.nan] * table.num_rows, pa.float64())])


def _working_table(table: pa.Table, key: pa.ChunkedArray) -> pa.Table:
    """Per-row values ready to be summed: NaN impacts → null, unknown request counts."""
    requests = pc.cast(table["requests"], pa.int64())
    columns: dict[str, object] = {
        "group": key,
        "activities": pa.chunked_array([pa.array([1] * table.num_rows, pa.int64())]),
        "requests": requests,
    }
    token_total = None
    for token in TOKEN_COLUMNS:
        columns[token] = pc.cast(table[token], pa.int64())
        token_total = columns[token] if token_total is None else pc.add(token_total, columns[token])
    uncounted = pc.and_(pc.equal(requests, 0), pc.greater(token_total, 0))
    columns["uncounted_activities"] = pc.cast(uncounted, pa.int64())
    for column in SUMMED_COLUMNS:
        for suffix in SCENARIO_SUFFIXES:
            values = _impact_or_nan(table, f"{column}{suffix}")
            columns[f"{column}{suffix}"] = pc.if_else(
                pc.fill_null(pc.is_nan(values), True), pa.scalar(None, pa.float64()), values
            )
        central = columns[column]
        columns[f"{column}_unknown_requests"] = pc.if_else(
            pc.is_null(central), requests, pa.scalar(0, pa.int64())
        )
    return pa.table(columns)


def _sum(values: pa.ChunkedArray) -> float:
    """Sum of the known values; NaN (unknown) when rows exist but none is known, 0 for none."""
    if len(values) == 0:
        return 0.0
    total = pc.sum(values).as_py()
    return math.nan if total is None else float(total)


def summarise(table: pa.Table, by: str | None = "model") -> Summary:
    """Sum ``table``'s requests, tokens and impacts, in total and per group of ``by``.

    ``by=None`` gives the totals with a single group, ``all``.
    """
    if "requests" not in table.column_names:
        raise InputError(
            "the table has no 'requests' column: pass the output of estimate_table or "
            "Ledger.activities()"
        )
    key = (
        group_key(table, by)
        if by is not None
        else pa.chunked_array([pa.repeat(pa.scalar("all"), table.num_rows)])
    )
    working = _working_table(table, key)
    sum_columns = [name for name in working.column_names if name != "group"]
    grouped = working.group_by("group").aggregate([(name, "sum") for name in sum_columns])
    grouped = grouped.rename_columns(
        [name.removesuffix("_sum") if name != "group" else name for name in grouped.column_names]
    )
    totals = {
        column: Range(
            low=_sum(working[f"{column}_low"]),
            central=_sum(working[column]),
            high=_sum(working[f"{column}_high"]),
            unknown_requests=int(pc.sum(working[f"{column}_unknown_requests"]).as_py() or 0),
        )
        for column in SUMMED_COLUMNS
    }
    total_gwp = totals["gwp_kgco2e"].central
    share = (
        pc.divide(grouped["gwp_kgco2e"], total_gwp)
        if math.isfinite(total_gwp) and total_gwp > 0
        else pa.array([math.nan] * grouped.num_rows, pa.float64())
    )
    grouped = grouped.append_column("gwp_share", share)
    if by in TIME_DIMENSIONS:
        grouped = grouped.sort_by([("group", "ascending")])
    else:
        grouped = grouped.sort_by([("gwp_kgco2e", "descending"), ("group", "ascending")])
    started = table["started_at"] if "started_at" in table.column_names else None
    return Summary(
        by=by,
        totals=totals,
        activities=table.num_rows,
        requests=int(pc.sum(working["requests"]).as_py() or 0),
        uncounted_activities=int(pc.sum(working["uncounted_activities"]).as_py() or 0),
        tokens={t: int(pc.sum(working[t]).as_py() or 0) for t in TOKEN_COLUMNS},
        groups=grouped,
        first_started_at=pc.min(started).as_py() if started is not None else None,
        last_started_at=pc.max(started).as_py() if started is not None else None,
        registry_versions=_distinct(table, "registry_version"),
        methodology_versions=_distinct(table, "methodology_version"),
    )


def _distinct(table: pa.Table, column: str) -> tuple[str, ...]:
    if column not in table.column_names:
        return ()
    values = pc.unique(pc.drop_null(table[column])).to_pylist()
    return tuple(sorted(str(v) for v in values))


def timeline_grain(summary_or_table: pa.Table) -> str:
    """``day`` when the table spans at most ~3 months, else ``month``: enough points to plot."""
    started = summary_or_table["started_at"]
    first, last = pc.min(started).as_py(), pc.max(started).as_py()
    if first is None or last is None:
        return "month"
    return "day" if (last - first).days <= 92 else "month"
