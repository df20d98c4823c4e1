"""Impacts kept factored: per-group factors, multiplied out by views (schema versions 2–3).

Why: within one group (model, provider, region, hardware) every impact is a per-row
quantity (accelerator-seconds, metered kWh, requests) times a per-group factor. The ledger
stores one factor row per computation and group (``impact_factors``, from
``fairprint.impacts.factors.factor_table``) and nothing per activity: the views compute a
row's accelerator-seconds from its stored tokens (or metered duration) and multiply them
out to the very columns ``estimate_table`` appends, with the same arithmetic in the same
order as ``estimate_factors`` and ``estimate_table``, so the values are the same
(``tests/ledger/test_ledger_factored.py`` holds them to 1e-12).

Schema version 2 also stored the per-row quantities (``impact_rows``); writing them was a
seventh of an import's time and they are a function of the activity and the factors, so
version 3 derives them and drops the table, after checking that every stored row equals
its derived value. Which computations cover an activity follows from the order of
computations: its import's (``imports.computation_id``) and every recompute after it. A
computation stays current until a recompute follows it, so a recompute never rewrites old
rows. Impact rows written by schema version 1 are kept as they were in ``impacts_wide``
and shown by the same views. Version 2 also numbers each activity within its import
(``import_row``), so that the first of repeated rows is kept.
"""

from __future__ import annotations

from functools import partial

import duckdb
import pyarrow as pa

from fairprint.errors import FairprintError
from fairprint.impacts import (
    ADDED_SECONDS_FACTORS,
    LABEL_COLUMNS,
    METHODOLOGY_VERSION,
    RANGED_COLUMNS,
    SCENARIOS,
    GroupCoefficients,
    GroupKey,
    factor_columns,
    factor_table,
    group_coefficients,
    row_impacts_sql,
    suffix,
    token_seconds_sql,
)
from fairprint.registry import Registry

ROW_SECONDS: tuple[str, ...] = tuple(f"accelerator_s{suffix(s)}" for s in SCENARIOS)
GROUP_LABELS: tuple[str, ...] = ("model", "provider", "region", "hardware")

_LAST_RECOMPUTE = (
    "(SELECT coalesce(max(computation_id), 0) FROM computations WHERE kind = 'recompute')"
)
_METERED = "a.measured_energy_kwh IS NOT NULL AND NOT isnan(a.measured_energy_kwh)"


def _seconds_sql(x: str) -> str:
    """Accelerator-seconds of activity ``a`` in one scenario, as ``estimate_factors`` has them."""
    duration = "CASE WHEN isnan(a.duration_s) THEN NULL ELSE a.duration_s END"
    tokens = token_seconds_sql(
        lambda name: f'f."{name}{x}"',
        lambda column: "coalesce(a.requests, 1)" if column == "requests" else f"a.{column}",
    )
    return f"CASE WHEN {_METERED} THEN {duration} ELSE {tokens} END"


def _row_quantities_sql() -> str:
    """The per-row numbers of activity ``a`` under factors ``f`` (what version 2 stored)."""
    seconds = [f'{_seconds_sql(suffix(s))} AS "accelerator_s{suffix(s)}"' for s in SCENARIOS]
    return ", ".join(
        [
            *seconds,
            "CAST(a.requests AS DOUBLE) AS row_requests",
            f"CASE WHEN {_METERED} THEN a.measured_energy_kwh END AS row_measured_kwh",
        ]
    )


def _factor_column(name: str, kind: str, suffix_: str) -> str:
    return f'r."{name}_{kind}{suffix_}"'


def _ranged_expressions() -> dict[str, str]:
    """SQL for every ranged impact column over the rows ``r`` of ``_derived_sql``."""
    out: dict[str, str] = {}
    for s in SCENARIOS:
        x = suffix(s)
        parts = row_impacts_sql(
            f'r."accelerator_s{x}"',
            "r.row_measured_kwh",
            partial(_factor_column, kind="per_s", suffix_=x),
            partial(_factor_column, kind="per_it_kwh", suffix_=x),
        )
        parts["datawork_h"] = f'r."datawork_h_per_request{x}" * r.row_requests'
        out.update({f"{stem}{x}": sql for stem, sql in parts.items()})
    missing = set(RANGED_COLUMNS) - set(out)
    if missing:
        raise RuntimeError(f"no ledger expression for impact columns {sorted(missing)}")
    return out


def _covered_sql(current_only: bool) -> str:
    """Activities ``a`` with the computation that covers them (``covering_id``).

    Every activity is covered by its import's computation and by every recompute after it;
    the current one is the later of its import's and the last recompute.
    """
    if current_only:
        return (
            f"SELECT a.*, greatest(coalesce(im.computation_id, 0), {_LAST_RECOMPUTE}) "
            "AS covering_id FROM activities a JOIN imports im USING (import_id)"
        )
    return (
        "SELECT a.*, im.computation_id AS covering_id "
        "FROM activities a JOIN imports im USING (import_id) "
        "UNION ALL "
        "SELECT a.*, c.computation_id AS covering_id "
        "FROM activities a JOIN imports im USING (import_id) "
        "JOIN computations c ON c.kind = 'recompute' "
        "AND c.computation_id > coalesce(im.computation_id, 0)"
    )


def _rows_sql(covered: str) -> str:
    """Per-row quantities and factors of every (activity, covering computation) pair."""
    joined = " AND ".join(f"f.{label} IS NOT DISTINCT FROM a.{label}" for label in GROUP_LABELS)
    return (
        f"SELECT a.activity_id, {_row_quantities_sql()}, f.* "
        f"FROM ({covered}) a JOIN impact_factors f "
        f"ON f.computation_id = a.covering_id AND {joined}"
    )


def _derived_sql(current_only: bool) -> str:
    """Impact rows multiplied out from activities and factors, in the ``impacts`` columns."""
    expressions = _ranged_expressions()
    columns = ", ".join(
        [
            *(f'{expressions[c]} AS "{c}"' for c in RANGED_COLUMNS),
            *(f'r."{c}"' for c in LABEL_COLUMNS),
        ]
    )
    current = "true" if current_only else f"r.computation_id >= {_LAST_RECOMPUTE}"
    return (
        f"SELECT r.activity_id, r.computation_id, {current} AS is_current, c.computed_at, "
        f"{columns} FROM ({_rows_sql(_covered_sql(current_only))}) r "
        "JOIN computations c ON c.computation_id = r.computation_id"
    )


def impacts_view_sql() -> str:
    """``CREATE VIEW impacts`` and ``current_impacts``: legacy wide rows and derived rows."""
    wide = ", ".join(f'"{c}"' for c in (*RANGED_COLUMNS, *LABEL_COLUMNS))
    wide_current = f"is_current AND computation_id >= {_LAST_RECOMPUTE}"
    return f"""
CREATE OR REPLACE VIEW impacts AS
SELECT activity_id, computation_id, {wide_current} AS is_current, computed_at, {wide}
FROM impacts_wide
UNION ALL
{_derived_sql(current_only=False)};
CREATE OR REPLACE VIEW current_impacts AS
SELECT activity_id, computation_id, true AS is_current, computed_at, {wide}
FROM impacts_wide WHERE {wide_current}
UNION ALL
{_derived_sql(current_only=True)};
"""


def factored_impacts_sql() -> str:
    """Migration 2: keep the wide rows as ``impacts_wide``, add the factored tables.

    Its views come with migration 3, which always follows it (they need its columns).
    """
    factors = ",\n  ".join(f'"{name}" DOUBLE' for name in factor_columns())
    seconds = ", ".join(f'"{name}" DOUBLE' for name in ROW_SECONDS)
    return f"""
DROP VIEW current_impacts;
ALTER TABLE impacts RENAME TO impacts_wide;
ALTER TABLE activities ADD COLUMN import_row BIGINT;
CREATE TABLE impact_factors (
  computation_id BIGINT NOT NULL,
  group_id INTEGER NOT NULL,
  model VARCHAR,
  provider VARCHAR,
  region VARCHAR,
  hardware VARCHAR,
  model_id VARCHAR,
  datacenter VARCHAR,
  grid_zone VARCHAR,
  impact_note VARCHAR,
  registry_version VARCHAR NOT NULL,
  methodology_version VARCHAR NOT NULL,
  {factors},
  PRIMARY KEY (computation_id, group_id)
);
CREATE TABLE impact_rows (
  activity_id VARCHAR NOT NULL,
  computation_id BIGINT NOT NULL,
  group_id INTEGER NOT NULL,
  {seconds},
  requests DOUBLE NOT NULL,
  measured_energy_kwh DOUBLE
);
"""


def _close_sql(stored: str, derived: str) -> str:
    return (
        f"coalesce({stored} IS NOT DISTINCT FROM {derived} "
        f"OR abs({stored} - {derived}) <= 1e-9 * greatest(abs({stored}), abs({derived})), false)"
    )


def derived_impacts_sql() -> str:
    """Migration 3: record each import's computation, check that every stored per-row
    quantity equals the one the views derive, then drop them and create the views.

    A difference stops the migration (nothing changes) rather than lose a stored number.
    """
    same = " AND ".join(
        [
            *(_close_sql(f's."{name}"', f'd."{name}"') for name in ROW_SECONDS),
            "s.group_id = d.group_id",
            "s.requests = d.row_requests",
            _close_sql("s.measured_energy_kwh", "d.row_measured_kwh"),
        ]
    )
    return f"""
{added_factor_columns_sql()}
ALTER TABLE imports ADD COLUMN computation_id BIGINT;
UPDATE imports SET computation_id = m.computation_id
FROM (
  SELECT a.import_id, min(x.computation_id) AS computation_id
  FROM (SELECT activity_id, computation_id FROM impact_rows
        UNION ALL SELECT activity_id, computation_id FROM impacts_wide) x
  JOIN activities a USING (activity_id)
  JOIN computations c ON c.computation_id = x.computation_id AND c.kind = 'import'
  GROUP BY a.import_id
) m
WHERE imports.import_id = m.import_id;
SELECT CASE WHEN count(*) > 0 THEN error(
  'stored impact rows differ from the derived ones for ' || count(*) || ' rows; '
  || 'the ledger was left at schema version 2') END
FROM impact_rows s
FULL OUTER JOIN ({_rows_sql(_covered_sql(current_only=False))}) d
  ON s.activity_id = d.activity_id AND s.computation_id = d.computation_id
WHERE s.activity_id IS NULL OR d.activity_id IS NULL OR NOT ({same});
DROP VIEW IF EXISTS current_impacts;
DROP VIEW IF EXISTS impacts;
DROP TABLE impact_rows;
{impacts_view_sql()}
"""


def added_factor_columns_sql() -> str:
    """Add the context-dependent decode/prefill coefficients to ``impact_factors``.

    ``IF NOT EXISTS``: a ledger created at this version already has them. Factor rows
    written before stay NULL there, which the views read as the old formula.
    """
    return "\n".join(
        f'ALTER TABLE impact_factors ADD COLUMN IF NOT EXISTS "{name}{suffix(s)}" DOUBLE;'
        for name in ADDED_SECONDS_FACTORS
        for s in SCENARIOS
    )


def context_kernels_sql() -> str:
    """Migration 4: KV-cache and attention coefficients, and the views that use them."""
    return f"""
{added_factor_columns_sql()}
DROP VIEW IF EXISTS current_impacts;
DROP VIEW IF EXISTS impacts;
{impacts_view_sql()}
"""


def insert_factors(
    connection: duckdb.DuckDBPyConnection,
    computation_id: int,
    registry: Registry,
    where: str,
    params: list[object],
) -> None:
    """Resolve every group of the activities matching ``where`` into ``impact_factors`` rows.

    Groups the registry cannot estimate get null factors and their reason in ``impact_note``
    (as ``estimate_table(on_unknown="null")`` does).
    """
    keys: list[GroupKey] = [
        tuple(row)
        for row in connection.execute(
            f"SELECT DISTINCT {', '.join(GROUP_LABELS)} FROM activities a WHERE {where}", params
        ).fetchall()
    ]
    groups: list[GroupCoefficients | str] = []
    for key in keys:
        try:
            groups.append(group_coefficients(registry, *key))
        except FairprintError as exc:
            groups.append(str(exc))
    table = factor_table(groups, registry)
    n = len(keys)
    leading = {
        "computation_id": pa.repeat(pa.scalar(computation_id, pa.int64()), n),
        "group_id": pa.array(range(n), pa.int32()),
        **{
            label: pa.array([key[i] for key in keys], pa.string())
            for i, label in enumerate(GROUP_LABELS)
        },
        "registry_version": pa.repeat(pa.scalar(registry.version, pa.string()), n),
        "methodology_version": pa.repeat(pa.scalar(METHODOLOGY_VERSION, pa.string()), n),
    }
    for position, (name, values) in enumerate(leading.items()):
        table = table.add_column(position, name, values)
    names = ", ".join(f'"{c}"' for c in table.column_names)
    connection.register("_factors_in", table)
    try:
        connection.execute(f"INSERT INTO impact_factors ({names}) SELECT {names} FROM _factors_in")
    finally:
        connection.unregister("_factors_in")
