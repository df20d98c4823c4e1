"""The one query layer: every report figure is an aggregate DuckDB computes over the ledger.

Why two levels: one pass over the activities (joined to their current impacts) sums every
additive quantity — requests, tokens, each impact's low/central/high with NaN left out, and
each impact's unknown requests — per *cell* of the finest keys any report shows (day,
model, provider, region, hardware, team, project, user, source, ...). The cells land in a
temporary DuckDB table whose size follows the number of distinct key combinations, not the
number of activities; every grouping (the report's ``by``, model, team, timeline, ESRS
boundary, levers, People) is then a small ``GROUP BY`` over the cells. Python receives those
small results only, so memory does not grow with the ledger.

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
import pyarrow.compute as pc

from fairprint.activities import ACTIVITY_COLUMNS, TOKEN_COLUMNS
from fairprint.errors import InputError
from fairprint.impacts.coefficients import LOCAL_PROVIDERS
from fairprint.impacts.columns import IMPACT_COLUMNS, LABEL_COLUMNS, RANGED_COLUMNS
from fairprint.report.metrics import METRICS, SUMMED_COLUMNS
from fairprint.report.summarise import (
    DIMENSIONS,
    SCENARIO_SUFFIXES,
    TIME_DIMENSIONS,
    UNATTRIBUTED,
    Range,
    Summary,
)

_counter = itertools.count()

LEDGER_ROWS = (
    "(SELECT a.*, {impacts} FROM activities a LEFT JOIN current_impacts i USING (activity_id))"
)
"""The ledger's activities with their current impact columns (the view of ``ledger/``)."""

_CELL_KEYS: dict[str, str] = {
    "day": "CAST(timezone('UTC', r.started_at) AS DATE)",
    "model_key": "coalesce(r.model_id, r.model)",
    "model": "r.model",
    "provider": "r.provider",
    "region": "r.region",
    "hardware": "r.hardware",
    "datacenter": "r.datacenter",
    "grid_zone": "r.grid_zone",
    "team": "r.team",
    "project": "r.project",
    "user": 'r."user"',
    "source": "r.source",
    "registry_version": "r.registry_version",
    "methodology_version": "r.methodology_version",
    "metered": "r.measured_energy_kwh IS NOT NULL",
    "datawork_known": "NOT coalesce(isnan(r.datawork_h), true)",
    "zero_requests": "r.requests = 0",
}
"""The finest keys a report groups by (one cell per distinct combination)."""


def _clean(column: str) -> str:
    return f'CASE WHEN isnan(r."{column}") THEN NULL ELSE r."{column}" END'


def _cell_aggregates() -> list[str]:
    tokens = " + ".join(f'r."{t}"' for t in TOKEN_COLUMNS)
    out = [
        "count(*) AS activities",
        "sum(r.requests) AS requests",
        *(f'sum(r."{t}") AS "{t}"' for t in TOKEN_COLUMNS),
        f"count(*) FILTER (WHERE r.requests = 0 AND ({tokens}) > 0) AS uncounted_activities",
    ]
    for column in SUMMED_COLUMNS:
        out += [f'sum({_clean(column + s)}) AS "{column}{s}"' for s in SCENARIO_SUFFIXES]
        out.append(
            f'sum(CASE WHEN coalesce(isnan(r."{column}"), true) THEN '
            f'r.requests ELSE 0 END) AS "{column}_unknown_requests"'
        )
    known_datawork = "NOT coalesce(isnan(r.datawork_h), true)"
    out += [
        f"sum(CASE WHEN {known_datawork} THEN {_clean(f'datawork_h{s}')} END) "
        f'AS "people_datawork_h{s}"'
        for s in SCENARIO_SUFFIXES
    ]
    out += ["min(r.started_at) AS first_started_at", "max(r.started_at) AS last_started_at"]
    return out


def _summed() -> list[str]:
    """The additive columns of a cell, in the order of a :class:`Summary`'s groups."""
    names = ["activities", "requests", *TOKEN_COLUMNS, "uncounted_activities"]
    for column in SUMMED_COLUMNS:
        names += [f"{column}{s}" for s in SCENARIO_SUFFIXES]
        names.append(f"{column}_unknown_requests")
    return names


def _label(expression: str) -> str:
    """A group label: missing or blank → ``(unattributed)``, as ``summarise`` labels it."""
    return (
        f"coalesce(CASE WHEN trim(CAST({expression} AS VARCHAR)) = '' THEN NULL "
        f"ELSE CAST({expression} AS VARCHAR) END, '{UNATTRIBUTED}')"
    )


_GROUP_KEYS: dict[str, str] = {
    "model": _label("model_key"),
    "month": "strftime(day, '%Y-%m')",
    "day": "strftime(day, '%Y-%m-%d')",
    **{d: _label(f'"{d}"') for d in DIMENSIONS if d not in ("model", "month", "day")},
}

_SELF_HOSTED = "(metered OR lower(coalesce(provider, '')) IN ({}))".format(
    ", ".join(f"'{p}'" for p in sorted(LOCAL_PROVIDERS))
)


def _arrow_counts(table: pa.Table) -> pa.Table:
    """HUGEINT sums (Arrow decimals) as int64 where they fit, else float64."""
    for index, field in enumerate(table.schema):
        if pa.types.is_decimal(field.type):
            column = table.column(index)
            try:
                cast = pc.cast(column, pa.int64())
            except (pa.ArrowInvalid, OverflowError):
                cast = pc.cast(column, pa.float64())
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

    def __enter__(self) -> LedgerAggregates:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.owns_connection:
            self.connection.close()
        else:
            self.connection.execute(f"DROP TABLE IF EXISTS {self.cells}")

    def _query(self, sql: str, params: Sequence[object] = ()) -> pa.Table:
        return _arrow_counts(self.connection.sql(sql, params=list(params) or None).to_arrow_table())

    def span(self) -> tuple[datetime | None, datetime | None]:
        row = self.connection.execute(
            f"SELECT min(first_started_at), max(last_started_at) FROM {self.cells}"
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
        summed = _summed()
        sums = ", ".join(f'sum("{name}") AS "{name}"' for name in summed)
        key = _GROUP_KEYS[by] if by is not None else "'all'"
        order = '"group"' if by in TIME_DIMENSIONS else '"gwp_kgco2e" DESC NULLS LAST, "group"'
        groups = self._query(
            f'SELECT {key} AS "group", {sums} FROM {self.cells} WHERE {where} '
            f"GROUP BY 1 ORDER BY {order}"
        )
        total = self.connection.execute(
            f"SELECT {sums}, min(first_started_at), max(last_started_at), "
            "list(DISTINCT registry_version) FILTER (WHERE registry_version IS NOT NULL), "
            "list(DISTINCT methodology_version) FILTER (WHERE methodology_version IS NOT NULL) "
            f"FROM {self.cells} WHERE {where}"
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
        gwp = totals["gwp_kgco2e"].central
        share = (
            pc.divide(pc.cast(groups["gwp_kgco2e"], pa.float64()), gwp)
            if math.isfinite(gwp) and gwp > 0
            else pa.array([math.nan] * groups.num_rows, pa.float64())
        )
        extra = total[len(summed) :]
        return Summary(
            by=by,
            totals=totals,
            activities=activities,
            requests=int(values["requests"] or 0),
            tokens={t: int(values[t] or 0) for t in TOKEN_COLUMNS},
            groups=groups.append_column("gwp_share", share),
            uncounted_activities=int(values["uncounted_activities"] or 0),
            first_started_at=extra[0],
            last_started_at=extra[1],
            registry_versions=tuple(sorted(extra[2] or ())),
            methodology_versions=tuple(sorted(extra[3] or ())),
        )

    def boundary_totals(self) -> tuple[dict[str, Range], dict[str, Range]]:
        """Totals of self-hosted and of purchased activities (the ESRS boundary)."""
        hosted = self.summary(None, where=_SELF_HOSTED).totals
        purchased = self.summary(None, where=f"NOT {_SELF_HOSTED}").totals
        return hosted, purchased

    def lever_cells(self) -> pa.Table:
        """Purchased (unmetered) activities summed per model, serving provider, zone and
        estimate key: the input of ``report.levers`` (``condensed``)."""
        metrics = []
        for metric in METRICS:
            names = [f"{metric.column}{s}" for s in SCENARIO_SUFFIXES]
            names.append(f"{metric.column}_unknown_requests")
            metrics += [f'sum("{n}") AS "{n}"' for n in names]
        keys = (
            "model_key, split_part(datacenter, '/', 1) AS serving_provider, grid_zone, "
            "model, provider, region, hardware"
        )
        tokens = ", ".join(f'sum("{t}") AS "{t}"' for t in TOKEN_COLUMNS)
        return self._query(
            f"SELECT {keys}, sum(requests) AS requests, {tokens}, {', '.join(metrics)} "
            f"FROM {self.cells} WHERE NOT metered GROUP BY ALL"
        )

    def people_cells(self) -> pa.Table:
        """Per model key: requests, carbon and known data-work hours, in the columns
        ``report.people.people_section`` reads (one row per model, known/unknown data work
        and zero-request rows kept apart, so its per-row rules give the same sums)."""
        hours = ", ".join(
            f'sum("people_datawork_h{s}") AS "datawork_h{s}"' for s in SCENARIO_SUFFIXES
        )
        return self._query(
            'SELECT model_key AS model, sum(requests) AS requests, sum("gwp_kgco2e") AS '
            f"gwp_kgco2e, {hours} FROM {self.cells} "
            "GROUP BY model_key, datawork_known, zero_requests ORDER BY 1"
        )


def _cells_sql(rows: str, where: str) -> str:
    """Cells of any relation ``rows`` with activity and impact columns (one row each)."""
    keys = ", ".join(f'{sql} AS "{name}"' for name, sql in _CELL_KEYS.items())
    return (
        f"SELECT {keys}, {', '.join(_cell_aggregates())} FROM {rows} r WHERE {where} GROUP BY ALL"
    )


_QUANTITY_KEYS: dict[str, str] = {
    "import_id": "r.import_id",
    "epoch_day": "epoch_us(r.started_at) // 86400000000",
    **{k: f'r."{k}"' for k in ("model", "provider", "region", "hardware")},
    **{k: f'r."{k}"' for k in ("team", "project", "user", "source")},
    "metered": "r.measured_energy_kwh IS NOT NULL",
    "metered_known": "coalesce(NOT isnan(r.measured_energy_kwh), false)",
    "duration_known": "coalesce(NOT isnan(r.duration_s), false)",
    "zero_requests": "r.requests = 0",
}
"""Keys of the quantity cells: the estimate's group keys, the report's, and the flags that
decide how a row's impact is computed (metered energy, known duration)."""


def _quantities_sql(where: str) -> str:
    """One pass over ``activities`` alone: additive quantities per cell (no join, no view)."""
    tokens = " + ".join(f'r."{t}"' for t in TOKEN_COLUMNS)
    keys = ", ".join(f'{sql} AS "{name}"' for name, sql in _QUANTITY_KEYS.items())
    sums = ", ".join(
        [
            "count(*) AS q_activities",
            "sum(r.requests) AS q_requests",
            *(f'sum(r."{t}") AS "q_{t}"' for t in TOKEN_COLUMNS),
            f"count(*) FILTER (WHERE r.requests = 0 AND ({tokens}) > 0) AS q_uncounted",
            "sum(r.measured_energy_kwh) AS q_measured_kwh",
            "sum(r.duration_s) AS q_duration_s",
            "min(r.started_at) AS q_first",
            "max(r.started_at) AS q_last",
        ]
    )
    return f"SELECT {keys}, {sums} FROM activities r WHERE {where} GROUP BY ALL"


def _factored_cells_sql(where: str) -> str:
    """The cells of the ledger, impacts multiplied out per cell from the factored tables.

    Within a cell every row shares its factors (same computation and estimate keys) and the
    way its impact is computed (metered or not, duration known or not), and each impact is
    linear in the row's quantities, so the impact of the summed quantities is the sum of
    the rows' impacts: the very expressions of ``ledger._factored`` (``current_impacts``)
    applied to sums. ``tests/report/test_query.py`` holds them to the view's rows summed.
    """
    from fairprint.ledger._factored import _LAST_RECOMPUTE, _ranged_expressions

    seconds = []
    for s in SCENARIO_SUFFIXES:
        tokens = (
            f'f."seconds_per_input{s}" * CAST(q."q_input_tokens" + q."q_cache_write_tokens" '
            f'AS DOUBLE) + f."seconds_per_cached{s}" * CAST(q."q_cached_input_tokens" AS DOUBLE) '
            f'+ f."seconds_per_output{s}" * CAST(q."q_output_tokens" + q."q_reasoning_tokens" '
            "AS DOUBLE)"
        )
        seconds.append(
            "CASE WHEN q.metered_known THEN (CASE WHEN q.duration_known THEN q.q_duration_s END) "
            f'ELSE {tokens} END AS "accelerator_s{s}"'
        )
    labels = ", ".join(f"f.{c}" for c in LABEL_COLUMNS)
    joined = " AND ".join(
        f"f.{k} IS NOT DISTINCT FROM q.{k}" for k in ("model", "provider", "region", "hardware")
    )
    factors = ", ".join(f'f."{c}"' for c in _factor_columns())
    r = (
        f"SELECT q.*, {', '.join(seconds)}, "
        "CASE WHEN q.metered_known THEN q.q_measured_kwh END AS row_measured_kwh, "
        f"CAST(q.q_requests AS DOUBLE) AS row_requests, {labels}, {factors} "
        f"FROM ({_quantities_sql(where)}) q JOIN imports im USING (import_id) "
        "LEFT JOIN impact_factors f ON f.computation_id = "
        f"greatest(coalesce(im.computation_id, 0), {_LAST_RECOMPUTE}) AND {joined}"
    )
    expressions = _ranged_expressions()
    impacts = ", ".join(f'{expressions[c]} AS "{c}"' for c in RANGED_COLUMNS)
    passed = ", ".join(
        [
            *(f"r.{k}" for k in _QUANTITY_KEYS if k not in ("import_id", "epoch_day")),
            "r.import_id",
            "DATE '1970-01-01' + CAST(r.epoch_day AS INTEGER) AS started_at",
            *(f"r.{c}" for c in LABEL_COLUMNS),
            "r.q_activities, r.q_requests AS requests, r.q_uncounted, r.q_first, r.q_last",
            *(f'r."q_{t}" AS "{t}"' for t in TOKEN_COLUMNS),
        ]
    )
    return f"SELECT {passed}, {impacts} FROM ({r}) r"


def _factor_columns() -> tuple[str, ...]:
    from fairprint.impacts.factors import factor_columns

    return tuple(factor_columns())


_CELL_SUMS: dict[str, str] = {
    "activities": "sum(r.q_activities)",
    "uncounted_activities": "sum(r.q_uncounted)",
    "first_started_at": "min(r.q_first)",
    "last_started_at": "max(r.q_last)",
}


def _cells_from_factored_sql(where: str) -> str:
    """Cells in the columns of :func:`_cells_sql`, from the factored per-cell impacts.

    Each cell's impacts are already sums; the aggregates below re-use the per-row rules of
    :func:`_cell_aggregates` (NaN left out, unknown requests counted) on them, with
    ``requests`` standing for the cell's request count.
    """
    keys = ", ".join(
        f'{sql} AS "{name}"'
        for name, sql in _CELL_KEYS.items()
        if name not in ("day", "metered", "zero_requests")
    )
    day = 'r.started_at AS "day", r.metered AS "metered", r.zero_requests AS "zero_requests"'
    aggregates = []
    for item in _cell_aggregates():
        name = item.rsplit(" AS ", 1)[1].strip('"')
        if name in _CELL_SUMS:
            aggregates.append(f'{_CELL_SUMS[name]} AS "{name}"')
        else:
            aggregates.append(item)
    return (
        f"SELECT {day}, {keys}, {', '.join(aggregates)} "
        f"FROM ({_factored_cells_sql(where)}) r GROUP BY ALL"
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
    return LedgerAggregates(connection, name)


def _has_wide_rows(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether impact rows written by schema version 1 are still current (``impacts_wide``)."""
    from fairprint.ledger._factored import _LAST_RECOMPUTE

    found = connection.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM impacts_wide WHERE is_current "
        f"AND computation_id >= {_LAST_RECOMPUTE} LIMIT 1)"
    ).fetchall()
    return bool(found and found[0][0])


def aggregate_ledger(
    connection: duckdb.DuckDBPyConnection,
    since: datetime | None = None,
    until: datetime | None = None,
    through_view: bool | None = None,
) -> LedgerAggregates:
    """The cells of the ledger's activities in ``[since, until)``.

    One pass over ``activities`` alone (quantities per cell), then the factors applied per
    cell; a ledger that still shows impact rows of schema version 1 is read through the
    ``current_impacts`` view instead (one pass over the view joined to the activities);
    ``through_view`` forces either way (the tests compare both).
    """
    where, params = _period(since, until)
    if through_view if through_view is not None else _has_wide_rows(connection):
        impacts = ", ".join(f'i."{c}"' for c in IMPACT_COLUMNS)
        return _materialise(
            connection, _cells_sql(LEDGER_ROWS.format(impacts=impacts), where), params
        )
    return _materialise(connection, _cells_from_factored_sql(where), params)


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
    aggregates = _materialise(connection, _cells_sql(rows, where), params)
    aggregates.owns_connection = True
    return aggregates
