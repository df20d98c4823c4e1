"""The SQL of the query layer (``report.query``): cells, their impacts, grouping sets.

Kept apart from the query object so that each reads on its own: this module only writes
SQL text; ``report.query`` runs it and turns the small results into report objects.
"""

from __future__ import annotations

from collections.abc import Sequence

from fairprint.activities import TOKEN_COLUMNS
from fairprint.impacts import LABEL_COLUMNS, LOCAL_PROVIDERS, RANGED_COLUMNS
from fairprint.ledger import CELL_KEYS, cell_impacts_sql, last_recompute_sql
from fairprint.report.metrics import SUMMED_COLUMNS
from fairprint.report.summarise import DIMENSIONS, SCENARIO_SUFFIXES, UNATTRIBUTED

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
        out += [f'fsum({_clean(column + s)}) AS "{column}{s}"' for s in SCENARIO_SUFFIXES]
        out.append(
            f'sum(CASE WHEN coalesce(isnan(r."{column}"), true) THEN '
            f'r.requests ELSE 0 END) AS "{column}_unknown_requests"'
        )
    known_datawork = "NOT coalesce(isnan(r.datawork_h), true)"
    out += [
        f"fsum(CASE WHEN {known_datawork} THEN {_clean(f'datawork_h{s}')} END) "
        f'AS "people_datawork_h{s}"'
        for s in SCENARIO_SUFFIXES
    ]
    out += ["min(r.started_at) AS first_started_at", "max(r.started_at) AS last_started_at"]
    return out


def sum_sql(name: str) -> str:
    """``sum`` for a count (exact, as HUGEINT), ``fsum`` for an impact: a compensated sum,
    so that the figure does not depend on the order DuckDB's threads add the cells in."""
    counts = ("activities", "requests", "uncounted_activities", *TOKEN_COLUMNS)
    exact = name in counts or name.endswith("_unknown_requests")
    return f'{"sum" if exact else "fsum"}("{name}")'


def summed_columns() -> list[str]:
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


GROUP_KEYS: dict[str, str] = {
    "model": _label("model_key"),
    "month": "strftime(day, '%Y-%m')",
    "day": "strftime(day, '%Y-%m-%d')",
    **{d: _label(f'"{d}"') for d in DIMENSIONS if d not in ("model", "month", "day")},
}

SELF_HOSTED = "(metered OR lower(coalesce(provider, '')) IN ({}))".format(
    ", ".join(f"'{p}'" for p in sorted(LOCAL_PROVIDERS))
)


def cells_sql(rows: str, where: str) -> str:
    """Cells of any relation ``rows`` with activity and impact columns (one row each)."""
    keys = ", ".join(f'{sql} AS "{name}"' for name, sql in _CELL_KEYS.items())
    return (
        f"SELECT {keys}, {', '.join(_cell_aggregates())} FROM {rows} r WHERE {where} GROUP BY ALL"
    )


def _factored_cells_sql(quantities: str) -> str:
    """The cells of the ledger, impacts multiplied out per cell from the factored tables.

    Within a cell every row shares its factors (same computation and estimate keys) and the
    way its impact is computed (metered or not, duration known or not), and each impact is
    linear in the row's accelerator-seconds (kept summed in the cell, see
    ``ledger._cells``) and metered kWh, so the impact of the sums is the sum of the rows'
    impacts: the very expressions of ``ledger._factored`` (``current_impacts``) applied to
    sums. ``tests/report/test_query.py`` holds them to the view's rows summed.
    """
    last_recompute = last_recompute_sql()
    seconds = [f'q."q_seconds{s}" AS "accelerator_s{s}"' for s in SCENARIO_SUFFIXES]
    labels = ", ".join(f"f.{c}" for c in LABEL_COLUMNS)
    joined = " AND ".join(
        f"f.{k} IS NOT DISTINCT FROM q.{k}" for k in ("model", "provider", "region", "hardware")
    )
    factors = ", ".join(f'f."{c}"' for c in _factor_columns())
    r = (
        f"SELECT q.*, {', '.join(seconds)}, "
        "CASE WHEN q.metered_known THEN q.q_measured_kwh END AS row_measured_kwh, "
        f"CAST(q.q_requests AS DOUBLE) AS row_requests, {labels}, {factors} "
        f"FROM {quantities} q JOIN imports im USING (import_id) "
        "LEFT JOIN impact_factors f ON f.computation_id = "
        f"greatest(coalesce(im.computation_id, 0), {last_recompute}) AND {joined}"
    )
    expressions = cell_impacts_sql()
    impacts = ", ".join(f'{expressions[c]} AS "{c}"' for c in RANGED_COLUMNS)
    passed = ", ".join(
        [
            *(f'r."{k}"' for k in CELL_KEYS if k not in ("import_id", "epoch_day")),
            "r.gset",
            "r.import_id",
            "DATE '1970-01-01' + CAST(r.epoch_day AS INTEGER) AS started_at",
            *(f"r.{c}" for c in LABEL_COLUMNS),
            "r.q_activities, r.q_requests AS requests, r.q_uncounted, r.q_first, r.q_last",
            *(f'r."q_{t}" AS "{t}"' for t in TOKEN_COLUMNS),
        ]
    )
    return f"SELECT {passed}, {impacts} FROM ({r}) r"


def _factor_columns() -> tuple[str, ...]:
    from fairprint.impacts import factor_columns

    return tuple(factor_columns())


_CELL_SUMS: dict[str, str] = {
    "activities": "sum(r.q_activities)",
    "uncounted_activities": "sum(r.q_uncounted)",
    "first_started_at": "min(r.q_first)",
    "last_started_at": "max(r.q_last)",
}


def cells_from_factored_sql(quantities: str) -> str:
    """Cells in the columns of :func:`cells_sql`, from the factored per-cell impacts.

    Each cell's impacts are already sums; the aggregates below re-use the per-row rules of
    :func:`_cell_aggregates` (NaN left out, unknown requests counted) on them, with
    ``requests`` standing for the cell's request count.
    """
    keys = ", ".join(
        f'{sql} AS "{name}"'
        for name, sql in _CELL_KEYS.items()
        if name not in ("day", "metered", "zero_requests")
    )
    day = (
        'r.started_at AS "day", r.metered AS "metered", r.zero_requests AS "zero_requests", r.gset'
    )
    aggregates = []
    for item in _cell_aggregates():
        name = item.rsplit(" AS ", 1)[1].strip('"')
        if name in _CELL_SUMS:
            aggregates.append(f'{_CELL_SUMS[name]} AS "{name}"')
        else:
            aggregates.append(item)
    return (
        f"SELECT {day}, {keys}, {', '.join(aggregates)} "
        f"FROM ({_factored_cells_sql(quantities)}) r GROUP BY ALL"
    )


_OPTIONAL_KEYS: tuple[str, ...] = (
    "epoch_day",
    "team",
    "project",
    "user",
    "source",
    "zero_requests",
)
"""Quantity-cell keys a grouping may leave out (the others decide the factors)."""

NEEDED: dict[str, tuple[str, ...]] = {
    "day": ("epoch_day",),
    "month": ("epoch_day",),
    **{d: (d,) for d in ("team", "project", "user", "source")},
}


def grouping_id(needed: Sequence[str]) -> int:
    """``GROUPING(<optional keys>)`` of the set keeping ``needed``: a bit per key left out,
    the first key the most significant."""
    n = len(_OPTIONAL_KEYS)
    return sum(1 << (n - 1 - i) for i, key in enumerate(_OPTIONAL_KEYS) if key not in needed)


def grouping_sets_sql(quantities: str) -> str:
    """Quantity cells summed in grouping sets: the keys that decide the factors, plus at
    most one optional key (the one a grouping shows); ``gset`` says which set a row is of.

    Impacts are linear within a cell, so the factors can be multiplied out on these few
    rows instead of on every cell (one set per report grouping).
    """
    base = [k for k in CELL_KEYS if k not in _OPTIONAL_KEYS]
    sets = [base, *([*base, k] for k in _OPTIONAL_KEYS)]
    grouping = ", ".join("(" + ", ".join(f'"{k}"' for k in keys) + ")" for keys in sets)
    keys = ", ".join(f'"{k}"' for k in CELL_KEYS)
    flags = ", ".join(f'"{k}"' for k in _OPTIONAL_KEYS)
    sums = ", ".join(f"{_QUANTITY_AGGREGATE.get(c, 'sum')}({c}) AS {c}" for c in _QUANTITY_SUMS)
    return (
        f"(SELECT {keys}, GROUPING({flags}) AS gset, {sums} FROM {quantities} q "
        f"GROUP BY GROUPING SETS ({grouping}))"
    )


_QUANTITY_AGGREGATE: dict[str, str] = {
    "q_first": "min",
    "q_last": "max",
    "q_measured_kwh": "fsum",
    **{f"q_seconds{s}": "fsum" for s in SCENARIO_SUFFIXES},
}

_QUANTITY_SUMS: tuple[str, ...] = (
    "q_activities",
    "q_requests",
    *(f"q_{t}" for t in TOKEN_COLUMNS),
    "q_uncounted",
    "q_measured_kwh",
    *(f"q_seconds{s}" for s in SCENARIO_SUFFIXES),
    "q_first",
    "q_last",
)
