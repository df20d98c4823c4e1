"""The one query layer: every report figure is an aggregate DuckDB computes over the ledger.

Why cells: within one cell of the ledger's ``activity_cells`` (import, UTC day, estimate
key, team/project/user/source, way of estimating) every impact is linear in the summed
quantities, and the ledger keeps those sums up to date with each import. A report sums the
cells in grouping sets (the keys that decide the factors, plus the one key a grouping
shows), multiplies the factors out on those few rows (``ledger._factored``'s expressions)
and keeps the result in a small temporary table; every grouping (the report's ``by``,
model, team, timeline, ESRS boundary, levers, People) is then a small ``GROUP BY`` of it.
A period that starts or ends within a day sums the activities once (no join); an older
ledger whose current impacts are still schema-1 rows is read through ``current_impacts``.
Python receives small results only, so memory does not grow with the ledger.

Sums cannot overflow: counts are summed as ``HUGEINT`` (and handed to Arrow as int64 where
they fit, else as float64), impacts as ``DOUBLE``. The terminal, HTML, JSON, CSV and ESRS
reports, the dashboard and the JSON API all read through :class:`LedgerAggregates`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from fairprint.activities import ACTIVITY_COLUMNS, TOKEN_COLUMNS
from fairprint.errors import InputError
from fairprint.impacts import IMPACT_COLUMNS, LABEL_COLUMNS
from fairprint.ledger import CELLS, last_recompute_sql, quantities_sql
from fairprint.report._query_sql import (
    GROUP_KEYS,
    LEDGER_ROWS,
    NEEDED,
    SELF_HOSTED,
    cells_from_factored_sql,
    cells_sql,
    grouping_id,
    grouping_sets_sql,
    sum_sql,
    summed_columns,
)
from fairprint.report.metrics import METRICS, SUMMED_COLUMNS
from fairprint.report.summarise import (
    DIMENSIONS,
    SCENARIO_SUFFIXES,
    TIME_DIMENSIONS,
    Range,
    Summary,
)

_counter = itertools.count()


def _arrow_counts(table: pa.Table) -> pa.Table:
    """HUGEINT sums (Arrow decimals) as int64 where they fit, else float64."""
    for index, field in enumerate(table.schema):
        if pa.types.is_decimal(field.type):
            column = table.column(index)
            try:
                cast = column.cast(pa.int64())
            except (pa.ArrowInvalid, OverflowError):
                cast = column.cast(pa.float64())
            table = table.set_column(index, field.name, cast)
    return table


def _number(value: Any) -> float:
    return math.nan if value is None else float(value)


@dataclass
class LedgerAggregates:
    """The cells of one period of a ledger (or a table), and the groupings made from them.

    Create it with :func:`aggregate_ledger` or :func:`aggregate_table`; close it (or use it
    as a context manager) to drop its temporary table.
    """

    connection: duckdb.DuckDBPyConnection
    cells: str
    owns_connection: bool = False
    quantities: str | None = None
    temporary: tuple[str, ...] = ()
    narrowed: bool = False

    def relation(self, needed: Sequence[str] = ()) -> str:
        """The impact cells that a grouping over the keys ``needed`` reads: those of the
        grouping set that keeps only ``needed`` of the optional keys (see
        :func:`grouping_sets_sql`), or all the cells."""
        if not self.narrowed:
            return self.cells
        return f"(SELECT * FROM {self.cells} WHERE gset = {grouping_id(needed)})"

    def __enter__(self) -> LedgerAggregates:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.owns_connection:
            self.connection.close()
            return
        for table in self.temporary:
            self.connection.execute(f"DROP TABLE IF EXISTS {table}")

    def _query(self, sql: str, params: Sequence[object] = ()) -> pa.Table:
        return _arrow_counts(self.connection.sql(sql, params=list(params) or None).to_arrow_table())

    def span(self) -> tuple[datetime | None, datetime | None]:
        row = self.connection.execute(
            f"SELECT min(first_started_at), max(last_started_at) FROM {self.relation()}"
        ).fetchall()[0]
        return row[0], row[1]

    def timeline_grain(self) -> str:
        """``day`` when the period spans at most ~3 months, else ``month`` (as before)."""
        first, last = self.span()
        if first is None or last is None:
            return "month"
        return "day" if (last - first).days <= 92 else "month"

    def summary(self, by: str | None = "model", where: str = "true") -> Summary:
        """Totals and per-group sums for ``by`` (``None``: one group, ``all``)."""
        if by is not None and by not in DIMENSIONS:
            raise InputError(f"cannot group by {by!r}; choose one of {', '.join(DIMENSIONS)}")
        summed = summed_columns()
        sums = ", ".join(f'{sum_sql(name)} AS "{name}"' for name in summed)
        key = GROUP_KEYS[by] if by is not None else "'all'"
        order = '"group"' if by in TIME_DIMENSIONS else '"gwp_kgco2e" DESC NULLS LAST, "group"'
        source = self.relation(NEEDED.get(by or "", ()))
        total_gwp = 'fsum(fsum("gwp_kgco2e")) OVER ()'
        share = (
            f"CASE WHEN {total_gwp} > 0 AND isfinite({total_gwp}) "
            f"THEN fsum(\"gwp_kgco2e\") / {total_gwp} ELSE 'NaN'::DOUBLE END AS gwp_share"
        )
        groups = self._query(
            f'SELECT {key} AS "group", {sums}, {share} FROM {source} WHERE {where} '
            f"GROUP BY 1 ORDER BY {order}"
        )
        total = self.connection.execute(
            f"SELECT {sums}, min(first_started_at), max(last_started_at), "
            "list(DISTINCT registry_version) FILTER (WHERE registry_version IS NOT NULL), "
            "list(DISTINCT methodology_version) FILTER (WHERE methodology_version IS NOT NULL) "
            f"FROM {source} WHERE {where}"
        ).fetchall()[0]
        values = dict(zip(summed, total, strict=False))
        activities = int(values["activities"] or 0)
        totals = {}
        for column in SUMMED_COLUMNS:
            low, central, high = (
                _number(values[f"{column}{s}"]) if activities else 0.0 for s in SCENARIO_SUFFIXES
            )
            totals[column] = Range(
                low, central, high, int(values[f"{column}_unknown_requests"] or 0)
            )
        extra = total[len(summed) :]
        return Summary(
            by=by,
            totals=totals,
            activities=activities,
            requests=int(values["requests"] or 0),
            tokens={t: int(values[t] or 0) for t in TOKEN_COLUMNS},
            groups=groups,
            uncounted_activities=int(values["uncounted_activities"] or 0),
            first_started_at=extra[0],
            last_started_at=extra[1],
            registry_versions=tuple(sorted(extra[2] or ())),
            methodology_versions=tuple(sorted(extra[3] or ())),
        )

    def boundary_totals(self) -> tuple[dict[str, Range], dict[str, Range]]:
        """Totals of self-hosted and of purchased activities (the ESRS boundary)."""
        hosted = self.summary(None, where=SELF_HOSTED).totals
        purchased = self.summary(None, where=f"NOT {SELF_HOSTED}").totals
        return hosted, purchased

    def lever_cells(self) -> pa.Table:
        """Purchased (unmetered) activities summed per model, serving provider, zone and
        estimate key: the input of ``report.levers`` (``condensed``)."""
        metrics = []
        for metric in METRICS:
            names = [f"{metric.column}{s}" for s in SCENARIO_SUFFIXES]
            names.append(f"{metric.column}_unknown_requests")
            metrics += [f'{sum_sql(n)} AS "{n}"' for n in names]
        keys = (
            "model_key, split_part(datacenter, '/', 1) AS serving_provider, grid_zone, "
            "model, provider, region, hardware"
        )
        tokens = ", ".join(f'sum("{t}") AS "{t}"' for t in TOKEN_COLUMNS)
        return self._query(
            f"SELECT {keys}, sum(requests) AS requests, {tokens}, {', '.join(metrics)} "
            f"FROM {self.relation()} WHERE NOT metered GROUP BY ALL"
        )

    def people_cells(self) -> pa.Table:
        """Per model key: requests, carbon and known data-work hours, in the columns
        ``report.people.people_section`` reads (one row per model, known/unknown data work
        and zero-request rows kept apart, so its per-row rules give the same sums)."""
        hours = ", ".join(
            f'fsum("people_datawork_h{s}") AS "datawork_h{s}"' for s in SCENARIO_SUFFIXES
        )
        return self._query(
            'SELECT model_key AS model, sum(requests) AS requests, fsum("gwp_kgco2e") AS '
            f"gwp_kgco2e, {hours} FROM {self.relation(('zero_requests',))} "
            "GROUP BY model_key, datawork_known, zero_requests ORDER BY 1"
        )


def _period(since: datetime | None, until: datetime | None) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    for bound, op in ((since, ">="), (until, "<")):
        if bound is not None:
            moment = bound.replace(tzinfo=UTC) if bound.tzinfo is None else bound
            clauses.append(f"r.started_at {op} CAST(? AS TIMESTAMPTZ)")
            params.append(moment)
    return (" AND ".join(clauses) or "true"), params


def _materialise(
    connection: duckdb.DuckDBPyConnection,
    cells_sql: str,
    params: list[object],
) -> LedgerAggregates:
    name = f"_fairprint_cells_{next(_counter)}"
    connection.execute(f"CREATE TEMP TABLE {name} AS {cells_sql}", params)
    return LedgerAggregates(connection, name, temporary=(name,))


def _has_wide_rows(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether impact rows written by schema version 1 are still current (``impacts_wide``)."""
    found = connection.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM impacts_wide WHERE is_current "
        f"AND computation_id >= {last_recompute_sql()} LIMIT 1)"
    ).fetchall()
    return bool(found and found[0][0])


def aggregate_ledger(
    connection: duckdb.DuckDBPyConnection,
    since: datetime | None = None,
    until: datetime | None = None,
    through_view: bool | None = None,
) -> LedgerAggregates:
    """The cells of the ledger's activities in ``[since, until)``.

    The sums per cell come from ``activity_cells`` (kept by every import; a period whose
    bounds fall within a day is summed from the activities, one pass joined to the factors),
    then the factors are applied per cell; a ledger that still shows impact rows of schema
    version 1 is read through the ``current_impacts`` view instead (one pass over the view
    joined to the activities);
    ``through_view`` forces either way (the tests compare both).
    """
    where, params = _period(since, until)
    if through_view if through_view is not None else _has_wide_rows(connection):
        impacts = ", ".join(f'i."{c}"' for c in IMPACT_COLUMNS)
        return _materialise(
            connection, cells_sql(LEDGER_ROWS.format(impacts=impacts), where), params
        )
    days = _whole_days(since, until)
    temporary: tuple[str, ...] = ()
    if days is not None:
        quantities = f"(SELECT * FROM {CELLS} a WHERE {days[0]})"
        params = days[1]
    else:
        quantities = f"_fairprint_quantities_{next(_counter)}"
        where = where.replace("r.started_at", "a.started_at")
        connection.execute(f"CREATE TEMP TABLE {quantities} AS {quantities_sql(where)}", params)
        params, temporary = [], (quantities,)
    aggregates = _materialise(
        connection, cells_from_factored_sql(grouping_sets_sql(quantities)), params
    )
    aggregates.temporary += temporary
    aggregates.narrowed = True
    return aggregates


_DAY_US = 86_400_000_000


def _whole_days(since: datetime | None, until: datetime | None) -> tuple[str, list[object]] | None:
    """The period as a filter on ``activity_cells.epoch_day`` when it starts and ends at UTC
    midnight (``--since 2026-01-01``); None when a bound falls within a day."""
    clauses: list[str] = []
    params: list[object] = []
    for bound, op in ((since, ">="), (until, "<")):
        if bound is None:
            continue
        moment = bound.replace(tzinfo=UTC) if bound.tzinfo is None else bound
        micros = round((moment - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds() * 1e6)
        if micros % _DAY_US:
            return None
        clauses.append(f"a.epoch_day {op} ?")
        params.append(micros // _DAY_US)
    return (" AND ".join(clauses) or "true"), params


def aggregate_table(
    table: pa.Table, since: datetime | None = None, until: datetime | None = None
) -> LedgerAggregates:
    """The cells of an activities-with-impacts Arrow table (an ``estimate_table`` output),
    through the same aggregates as the ledger's; absent columns count as null."""
    if "requests" not in table.column_names:
        raise InputError(
            "the table has no 'requests' column: pass the output of estimate_table or "
            "Ledger.activities()"
        )
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    connection.register("report_rows", table)
    present = set(table.column_names)
    columns = []
    for name in (*ACTIVITY_COLUMNS, *IMPACT_COLUMNS):
        if name in present:
            columns.append(f'"{name}"')
        elif name in IMPACT_COLUMNS:
            kind = "VARCHAR" if name in LABEL_COLUMNS else "DOUBLE"
            columns.append(f'CAST(NULL AS {kind}) AS "{name}"')
        elif name == "started_at":
            columns.append('CAST(NULL AS TIMESTAMPTZ) AS "started_at"')
        elif name in ("requests", *TOKEN_COLUMNS):
            columns.append(f'CAST(0 AS BIGINT) AS "{name}"')
        elif name in ("duration_s", "measured_energy_kwh"):
            columns.append(f'CAST(NULL AS DOUBLE) AS "{name}"')
        else:
            columns.append(f'CAST(NULL AS VARCHAR) AS "{name}"')
    rows = f"(SELECT {', '.join(columns)} FROM report_rows)"
    where, params = _period(since, until)
    aggregates = _materialise(connection, cells_sql(rows, where), params)
    aggregates.owns_connection = True
    return aggregates
