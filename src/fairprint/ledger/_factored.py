"""Impacts stored factored, multiplied out by a view (schema version 2).

Why: within one group (model, provider, region, hardware) every impact is a per-row
quantity (accelerator-seconds, metered kWh, requests) times a per-group factor. Storing
46 impact columns per activity made writing them most of an import's cost; storing the
few per-row numbers (``impact_rows``) and one factor row per computation and group
(``impact_factors``, from ``fairprint.impacts.factors.factor_table``) is ~6× narrower.
The per-row numbers are computed here in SQL from the stored activities (tokens × the
group's seconds per token, or the metered duration), and the ``impacts`` view multiplies
them out to the very columns ``estimate_table`` appends, with the same arithmetic in the
same order as ``estimate_factors`` and ``estimate_table``, so the values are the same
(``tests/ledger/test_ledger_factored.py`` holds them to 1e-12).

A computation stays current until a ``recompute`` follows it: ``is_current`` is derived,
so a recompute never rewrites old rows. Impact rows written by schema version 1 are kept
as they were in ``impacts_wide`` and shown by the same view. Version 2 also numbers each
activity within its import (``import_row``), so that the first of repeated rows is kept.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from fairprint.errors import FairprintError
from fairprint.impacts.coefficients import GroupCoefficients, group_coefficients
from fairprint.impacts.columns import LABEL_COLUMNS, METHODOLOGY_VERSION, RANGED_COLUMNS
from fairprint.impacts.factors import (
    EMBODIED_NAMES,
    TOTALS,
    USAGE_NAMES,
    GroupKey,
    factor_columns,
    factor_table,
)
from fairprint.impacts.uncertainty import SCENARIOS, suffix
from fairprint.registry.registry import Registry

ROW_SECONDS: tuple[str, ...] = tuple(f"accelerator_s{suffix(s)}" for s in SCENARIOS)
GROUP_LABELS: tuple[str, ...] = ("model", "provider", "region", "hardware")

_LAST_RECOMPUTE = (
    "(SELECT coalesce(max(computation_id), 0) FROM computations WHERE kind = 'recompute')"
)


def _ranged_expressions() -> dict[str, str]:
    """SQL for every ranged impact column over ``impact_rows r`` and ``impact_factors f``."""
    out: dict[str, str] = {}
    for s in SCENARIOS:
        x = suffix(s)
        seconds = f'r."accelerator_s{x}"'
        parts: dict[str, str] = {}
        for name in USAGE_NAMES:
            parts[name] = (
                f'CASE WHEN r.measured_energy_kwh IS NULL THEN {seconds} * f."{name}_per_s{x}" '
                f'ELSE r.measured_energy_kwh * f."{name}_per_it_kwh{x}" END'
            )
        for name in EMBODIED_NAMES:
            parts[name] = f'{seconds} * f."{name}_per_s{x}"'
        for total, first, second in TOTALS:
            parts[total] = f"({parts[first]}) + ({parts[second]})"
        parts["accelerator_s"] = seconds
        parts["datawork_h"] = f'f."datawork_h_per_request{x}" * r.requests'
        out.update({f"{stem}{x}": sql for stem, sql in parts.items()})
    missing = set(RANGED_COLUMNS) - set(out)
    if missing:
        raise RuntimeError(f"no ledger expression for impact columns {sorted(missing)}")
    return out


def impacts_view_sql() -> str:
    """``CREATE VIEW impacts``: legacy wide rows and factored rows, with the same columns."""
    expressions = _ranged_expressions()
    wide = ", ".join(f'"{c}"' for c in (*RANGED_COLUMNS, *LABEL_COLUMNS))
    factored = ", ".join(
        [
            *(f'{expressions[c]} AS "{c}"' for c in RANGED_COLUMNS),
            *(f'f."{c}"' for c in LABEL_COLUMNS),
        ]
    )
    return f"""
CREATE OR REPLACE VIEW impacts AS
SELECT activity_id, computation_id,
       is_current AND computation_id >= {_LAST_RECOMPUTE} AS is_current, computed_at, {wide}
FROM impacts_wide
UNION ALL
SELECT r.activity_id, r.computation_id, r.computation_id >= {_LAST_RECOMPUTE} AS is_current,
       c.computed_at, {factored}
FROM impact_rows r
JOIN impact_factors f ON f.computation_id = r.computation_id AND f.group_id = r.group_id
JOIN computations c ON c.computation_id = r.computation_id;
CREATE OR REPLACE VIEW current_impacts AS SELECT * FROM impacts WHERE is_current;
"""


def factored_impacts_sql() -> str:
    """Migration 2: keep the wide rows as ``impacts_wide``, add the factored tables and views."""
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
        tuple(row)  # type: ignore[misc]
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


def _seconds_sql(x: str) -> str:
    """Accelerator-seconds of activity ``a`` in one scenario, as ``estimate_factors`` has them."""
    metered = "a.measured_energy_kwh IS NOT NULL AND NOT isnan(a.measured_energy_kwh)"
    duration = "CASE WHEN isnan(a.duration_s) THEN NULL ELSE a.duration_s END"
    tokens = (
        f'f."seconds_per_input{x}" * CAST(a.input_tokens + a.cache_write_tokens AS DOUBLE) '
        f'+ f."seconds_per_cached{x}" * CAST(a.cached_input_tokens AS DOUBLE) '
        f'+ f."seconds_per_output{x}" * CAST(a.output_tokens + a.reasoning_tokens AS DOUBLE)'
    )
    return f"CASE WHEN {metered} THEN {duration} ELSE {tokens} END"


def insert_rows_sql(where: str) -> str:
    """``INSERT INTO impact_rows`` for the activities matching ``where`` (first parameter:
    the computation id, whose ``impact_factors`` rows must be written already)."""
    seconds = ", ".join(_seconds_sql(suffix(s)) for s in SCENARIOS)
    joined = " AND ".join(f"f.{label} IS NOT DISTINCT FROM a.{label}" for label in GROUP_LABELS)
    return (
        f"INSERT INTO impact_rows (activity_id, computation_id, group_id, "
        f"{', '.join(ROW_SECONDS)}, requests, measured_energy_kwh) "
        f"SELECT a.activity_id, f.computation_id, f.group_id, {seconds}, "
        "CAST(a.requests AS DOUBLE), "
        "CASE WHEN isnan(a.measured_energy_kwh) THEN NULL ELSE a.measured_energy_kwh END "
        f"FROM activities a JOIN impact_factors f ON f.computation_id = ? AND {joined} "
        f"WHERE {where}"
    )
