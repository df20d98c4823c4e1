"""The fair-work measures, as SQL over the canonical sessions in a DuckDB connection.

Pure in the sense that matters: each function reads the tables it is given (``sessions``,
``rates``, ``wages``) and returns Arrow tables; nothing is read from files or the
environment. DuckDB runs them vectorised and out of core, so 10M sessions fit in bounded
memory.

Time per worker (why not a plain sum of durations): workers often hold several tasks at
once, so summed durations double-count. Sessions of a worker are ordered by start; each
contributes only the part of its interval not already covered (``effective_s``)::

    prev_end_i   = max(end_j) over the worker's earlier sessions j
    effective_i  = max(0, end_i - max(start_i, prev_end_i))
    gap_i        = start_i - prev_end_i   if 0 < start_i - prev_end_i <= gap limit, else 0

Paid time is the effective time of paid sessions (approved, submitted); unpaid time adds
the effective time of rejected, returned and abandoned sessions and the gaps between
tasks within a session (a gap longer than the limit ends the session and is not counted).
Effective hourly pay = pay of paid sessions / hours. Pay lost to rejections = the reward
of rejected sessions. Exposure = effective hours on sessions whose content category is
violent, sexual, hateful or self-harm, per worker per UTC day and ISO week.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from fairprint.audit.schema import HARMFUL_CATEGORIES, PAID_STATUSES

__all__ = [
    "exposure",
    "prepare_rows",
    "rate_keys",
    "status_counts",
    "worker_table",
]


def one_row(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[Any, ...]:
    """The single row of an aggregate query (an aggregate always returns one)."""
    row = con.execute(sql).fetchone()
    if row is None:  # pragma: no cover - DuckDB aggregates return one row
        raise RuntimeError(f"aggregate returned no row: {sql[:60]}")
    return tuple(row)


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def rate_keys(con: duckdb.DuckDBPyConnection, audit_year: int) -> list[tuple[str, str | None, int]]:
    """The distinct (currency, country, year) combinations that need a conversion factor."""
    return con.execute(
        f"""SELECT DISTINCT currency, country,
                   coalesce(year(coalesce(submitted_at, started_at)), {int(audit_year)})::BIGINT
            FROM sessions WHERE currency IS NOT NULL"""
    ).fetchall()


def prepare_rows(con: duckdb.DuckDBPyConnection, gap_limit_s: float, audit_year: int) -> None:
    """Create ``audit_rows``: sessions with converted pay and effective and gap seconds."""
    gap_us = int(max(0.0, gap_limit_s) * 1e6)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE audit_rows AS
        WITH base AS (
            SELECT s.worker, s.country, s.status, s.pay, s.currency,
                   s.status IN {_in(PAID_STATUSES)} AS paid,
                   coalesce(s.content_category IN {_in(HARMFUL_CATEGORIES)}, false) AS harmful,
                   epoch_us(s.started_at) AS t0,
                   epoch_us(s.started_at) + CAST(s.duration_s * 1e6 AS BIGINT) AS t1,
                   s.pay * r.local_per_unit AS pay_local,
                   s.pay * r.ppp_per_unit AS pay_ppp,
                   r.local_per_unit, r.ppp_per_unit
            FROM sessions s LEFT JOIN rates r
              ON r.currency = s.currency AND r.country IS NOT DISTINCT FROM s.country
             AND r.year = coalesce(year(coalesce(s.submitted_at, s.started_at)), {int(audit_year)})
        ), ordered AS (
            SELECT *, max(t1) OVER (
                PARTITION BY worker ORDER BY t0 ASC NULLS LAST, t1
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
            FROM base
        )
        SELECT * EXCLUDE (prev_end),
            CASE WHEN t0 IS NULL OR t1 IS NULL THEN 0.0
                 ELSE greatest(0, t1 - greatest(t0, coalesce(prev_end, t0))) / 1e6
            END AS effective_s,
            CASE WHEN t0 IS NOT NULL AND prev_end IS NOT NULL AND t0 > prev_end
                      AND t0 - prev_end <= {gap_us}
                 THEN (t0 - prev_end) / 1e6 ELSE 0.0
            END AS gap_s
        FROM ordered
        """
    )


def worker_table(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """One row per (pseudonymous) worker: time, pay, losses and the wage references.

    ``pay_local``/``pay_ppp`` are NULL when any paid session could not be converted;
    time columns count only sessions with a known reward (``priced``), so that unpriced
    work (e.g. from Label Studio) does not dilute the hourly figures.
    """
    return con.sql(
        """
        WITH w AS (
            SELECT worker,
                mode(country) AS country,
                count(*) AS sessions,
                count(*) FILTER (WHERE pay IS NOT NULL) AS priced_sessions,
                count(*) FILTER (WHERE paid AND pay IS NOT NULL) AS paid_tasks,
                coalesce(sum(effective_s) FILTER (WHERE paid AND pay IS NOT NULL), 0) AS paid_s,
                coalesce(sum(effective_s) FILTER (WHERE NOT paid AND pay IS NOT NULL), 0)
                    AS unpaid_task_s,
                coalesce(sum(gap_s) FILTER (WHERE pay IS NOT NULL), 0) AS gap_s,
                CASE WHEN bool_or(paid AND pay IS NOT NULL AND pay_local IS NULL) THEN NULL
                     ELSE coalesce(sum(pay_local) FILTER (WHERE paid), 0) END AS pay_local,
                CASE WHEN bool_or(paid AND pay IS NOT NULL AND pay_ppp IS NULL) THEN NULL
                     ELSE coalesce(sum(pay_ppp) FILTER (WHERE paid), 0) END AS pay_ppp,
                coalesce(sum(pay) FILTER (WHERE paid), 0) AS pay_amount,
                min(currency) AS currency,
                max(currency) AS currency_max,
                coalesce(sum(pay) FILTER (WHERE status = 'rejected'), 0) AS lost_amount,
                sum(pay_ppp) FILTER (WHERE status = 'rejected') AS lost_ppp,
                any_value(local_per_unit) AS local_per_unit,
                any_value(ppp_per_unit) AS ppp_per_unit
            FROM audit_rows GROUP BY worker
        )
        SELECT w.*, (w.paid_s + w.unpaid_task_s + w.gap_s) AS all_s,
               g.minimum_local, g.minimum_ppp, g.living_local, g.living_ppp
        FROM w LEFT JOIN wages g ON g.country = w.country
        """
    ).to_arrow_table()


def status_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Sessions per normalised status."""
    return dict(con.execute("SELECT status, count(*) FROM audit_rows GROUP BY status").fetchall())


def exposure(
    con: duckdb.DuckDBPyConnection, limit_day: float | None, limit_week: float | None
) -> dict[str, object]:
    """Exposure aggregates, computed in SQL so that no per-worker row reaches Python.

    Returns the exposed-worker count, total hours, p10..p90 and mean of hours per exposed
    worker-day and worker-week (``day_quantiles``/``week_quantiles``), the workers over each
    limit (NULL without a limit) and ``weeks``: per ISO week the exposed workers, hours and
    worker-days over the daily limit. k-anonymity is applied by the caller.
    """
    limit_day_sql = "NULL" if limit_day is None else repr(float(limit_day))
    limit_week_sql = "NULL" if limit_week is None else repr(float(limit_week))
    con.execute(
        """CREATE OR REPLACE TEMP TABLE exposure_days AS
           SELECT worker, CAST(make_timestamp(t0) AS DATE) AS day,
                  sum(effective_s) / 3600 AS hours
           FROM audit_rows WHERE harmful AND t0 IS NOT NULL GROUP BY ALL"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE exposure_weeks AS
           SELECT worker, CAST(date_trunc('week', day) AS DATE) AS week, sum(hours) AS hours
           FROM exposure_days GROUP BY ALL"""
    )

    def quantiles(table: str) -> list[float | None]:
        return list(
            one_row(
                con,
                f"""SELECT quantile_cont(hours, [0.1, 0.25, 0.5, 0.75, 0.9]), avg(hours)
                    FROM {table}""",
            )
        )

    workers, hours, over_day = one_row(
        con,
        f"""SELECT count(DISTINCT worker), coalesce(sum(hours), 0),
                   CASE WHEN {limit_day_sql} IS NULL THEN NULL
                        ELSE count(DISTINCT worker) FILTER (WHERE hours > {limit_day_sql}) END
            FROM exposure_days""",
    )
    over_week = one_row(
        con,
        f"""SELECT CASE WHEN {limit_week_sql} IS NULL THEN NULL
                   ELSE count(DISTINCT worker) FILTER (WHERE hours > {limit_week_sql}) END
            FROM exposure_weeks""",
    )[0]
    weeks = con.execute(
        f"""SELECT CAST(date_trunc('week', day) AS DATE) AS week,
                   count(DISTINCT worker) AS exposed_workers, sum(hours) AS hours,
                   CASE WHEN {limit_day_sql} IS NULL THEN NULL
                        ELSE count(*) FILTER (WHERE hours > {limit_day_sql}) END AS over
            FROM exposure_days GROUP BY 1 ORDER BY 1"""
    ).fetchall()
    return {
        "exposed_workers": workers,
        "hours_total": hours,
        "day_quantiles": quantiles("exposure_days"),
        "week_quantiles": quantiles("exposure_weeks"),
        "workers_over_day_limit": over_day,
        "workers_over_week_limit": over_week,
        "weeks": weeks,
    }
