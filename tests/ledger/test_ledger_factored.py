"""Impacts stored factored give back exactly what ``estimate_table`` computes.

The ledger keeps per-row accelerator-seconds and per-group factors and multiplies them out
in a view; these tests pin that view to the batch estimate, column by column, including
metered rows, rows of unknown models and ledgers written by schema version 1.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from fairprint.impacts import IMPACT_COLUMNS, estimate_table
from fairprint.impacts.columns import LABEL_COLUMNS
from fairprint.ledger import Ledger
from fairprint.ledger.ledger import conform
from fairprint.ledger.migrations import MIGRATIONS
from fairprint.registry import Registry
from tests.ledger.conftest import RELATIVE, same_value


def _activities() -> pa.Table:
    """Ordinary, cached/reasoning-heavy, ranged, unknown, undisclosed and metered rows."""
    rows = [
        # id, provider, model, region, hardware, requests, in, cached, write, out, reason, s, kWh
        ("plain", "acme", "dense-70b", None, None, 1, 1200, 0, 0, 400, 0, None, None),
        ("cached", "acme", "dense-70b", "eu", None, 3, 800, 5000, 64, 300, 900, None, None),
        ("moe", "acme", "moe-400b", "us", "gpu-a", 7, 20, 0, 0, 2000, 0, None, None),
        ("ranged", "acme", "closed-x", None, None, 2, 4000, 100, 0, 50, 10, 12.5, None),
        ("unknown", "acme", "newcomer-9", None, None, 1, 100, 0, 0, 20, 0, None, None),
        ("undisclosed", "acme", "secret-y", None, None, 1, 100, 0, 0, 20, 0, None, None),
        ("metered", "local", None, "ZZ-DIRTY", "gpu-a", 1, 0, 0, 0, 0, 0, 3600.0, 2.0),
        ("metered-no-time", "local", None, "ZZ-CLEAN", "gpu-a", 4, 0, 0, 0, 0, 0, None, 0.5),
        ("metered-model", "local", "dense-70b", "ZZ-DIRTY", "gpu-a", 1, 50, 0, 0, 9, 0, 60.0, 0.01),
    ]
    names = [
        "activity_id",
        "provider",
        "model",
        "region",
        "hardware",
        "requests",
        "input_tokens",
        "cached_input_tokens",
        "cache_write_tokens",
        "output_tokens",
        "reasoning_tokens",
        "duration_s",
        "measured_energy_kwh",
    ]
    columns = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    columns["source"] = ["test"] * len(rows)
    columns["started_at"] = [datetime(2026, 1, 1, 10, i, tzinfo=UTC) for i in range(len(rows))]
    return conform(pa.table(columns))


def _assert_same_impacts(stored: pa.Table, expected: pa.Table) -> None:
    by_id = {row["activity_id"]: row for row in stored.to_pylist()}
    assert set(by_id) == set(expected.column("activity_id").to_pylist())
    compared = 0
    for row in expected.to_pylist():
        got = by_id[row["activity_id"]]
        for column in IMPACT_COLUMNS:
            assert same_value(got[column], row.get(column)), (
                f"{row['activity_id']}.{column}: ledger {got[column]!r}, "
                f"estimate_table {row.get(column)!r}"
            )
            compared += 1
    assert compared == len(IMPACT_COLUMNS) * expected.num_rows


def test_ledger_impacts_equal_estimate_table_for_every_column(
    ledger: Ledger, mini_registry: Registry
) -> None:
    table = _activities()
    ledger.add_activities(table, origin="test", registry=mini_registry)
    expected = estimate_table(table, mini_registry, on_unknown="null")
    stored = ledger.activities()
    _assert_same_impacts(stored, expected)
    notes = {r["activity_id"]: r["impact_note"] for r in stored.to_pylist()}
    assert "newcomer-9" in notes["unknown"]
    assert notes["metered"] is None
    metered = next(r for r in stored.to_pylist() if r["activity_id"] == "metered")
    assert metered["energy_kwh"] == pytest.approx(2.0)  # the meter, not the model


def test_shipped_registry_impacts_match_across_many_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark's models, read in several batches: group ids stay consistent."""
    from fairprint.ingest import canonical

    monkeypatch.setattr(canonical, "CSV_BLOCK_BYTES", 16 << 10)  # several batches
    registry = Registry.default()
    models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "claude-3-5-haiku", "o3-mini"]
    providers = ["openai", "openai", "anthropic", "anthropic", "openai"]
    n = 3000
    table = conform(
        pa.table(
            {
                "activity_id": [f"r{i}" for i in range(n)],
                "source": ["test"] * n,
                "provider": [providers[(i * 7) % 5] for i in range(n)],
                "model": [models[(i * 7) % 5] for i in range(n)],
                "input_tokens": [(i * 37) % 4000 for i in range(n)],
                "cached_input_tokens": [(i * 11) % 500 for i in range(n)],
                "output_tokens": [(i * 13) % 800 for i in range(n)],
                "reasoning_tokens": [(i * 5) % 300 if i % 5 == 4 else 0 for i in range(n)],
            }
        )
    )
    path = tmp_path / "many.csv"
    pacsv.write_csv(table.drop_columns(["source"]), path)
    batches = list(canonical.read_canonical_csv(path))
    assert len(batches) > 3
    with Ledger(tmp_path / "l.duckdb") as ledger:
        assert ledger.import_file(path, format="csv", registry=registry).accepted == n
        stored = ledger.activities()
    imported = stored.select([c for c in stored.column_names if c not in IMPACT_COLUMNS])
    _assert_same_impacts(stored, estimate_table(imported, registry, on_unknown="null"))


def test_recompute_values_equal_estimate_table_and_history_stays(
    ledger: Ledger, mini_registry: Registry
) -> None:
    table = _activities()
    ledger.add_activities(table, origin="test", registry=mini_registry)
    assert ledger.recompute(mini_registry) == table.num_rows
    _assert_same_impacts(
        ledger.activities(), estimate_table(table, mini_registry, on_unknown="null")
    )
    history = ledger.connection.execute(
        "SELECT computation_id, is_current, count(*) FROM impacts GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert history == [(1, False, table.num_rows), (2, True, table.num_rows)]


def _version_1_ledger(path: Path) -> None:
    """A ledger file as schema version 1 wrote it: one activity with a wide impact row."""
    connection = duckdb.connect(str(path))
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
        "description VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    version, description, sql = MIGRATIONS[0]
    connection.execute(sql)
    connection.execute("INSERT INTO schema_version VALUES (?, ?, now())", [version, description])
    connection.execute(
        "INSERT INTO imports (import_id, file, format, status, accepted, started_at) "
        "VALUES (1, 'old.csv', 'csv', 'committed', 1, now())"
    )
    connection.execute(
        "INSERT INTO activities (activity_id, source, started_at, provider, model, requests, "
        "input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, "
        "reasoning_tokens, import_id) VALUES ('old-1', 'csv', '2025-12-01T00:00:00Z', 'acme', "
        "'dense-70b', 1, 100, 0, 0, 20, 0, 1)"
    )
    connection.execute(
        "INSERT INTO computations VALUES (1, 'import', 'test-0', 'old-method', now())"
    )
    connection.execute(
        "INSERT INTO impacts (activity_id, computation_id, is_current, computed_at, "
        "energy_kwh, gwp_kgco2e, registry_version, methodology_version) "
        "VALUES ('old-1', 1, true, now(), 0.25, 0.125, 'test-0', 'old-method')"
    )
    connection.close()


def test_a_version_1_ledger_keeps_its_wide_impacts_until_recomputed(
    tmp_path: Path, mini_registry: Registry
) -> None:
    path = tmp_path / "v1.duckdb"
    _version_1_ledger(path)
    with Ledger(path) as ledger:
        (row,) = ledger.activities().to_pylist()
        assert (row["energy_kwh"], row["gwp_kgco2e"]) == (0.25, 0.125)
        assert row["registry_version"] == "test-0"
        assert ledger.recompute(mini_registry) == 1
        (row,) = ledger.activities().to_pylist()
        history = ledger.connection.execute(
            "SELECT registry_version, is_current FROM impacts ORDER BY computation_id"
        ).fetchall()
    assert history == [("test-0", False), ("test-1", True)]
    request = {"model": ["dense-70b"], "provider": ["acme"], "input_tokens": [100]}
    expected = estimate_table(pa.table({**request, "output_tokens": [20]}), mini_registry)
    assert row["energy_kwh"] == pytest.approx(expected.column("energy_kwh")[0].as_py(), RELATIVE)
    assert set(LABEL_COLUMNS) <= set(ledger_columns(path))


def ledger_columns(path: Path) -> list[str]:
    with Ledger(path) as ledger:
        return ledger.activities().column_names


def test_repeats_keep_the_first_row_and_its_impacts(
    ledger: Ledger, tmp_path: Path, mini_registry: Registry
) -> None:
    from tests.ledger.conftest import canonical_csv

    first = canonical_csv(tmp_path / "a.csv", ["k1,2026-01-01T10:00:00Z,acme,dense-70b,10,1"])
    ledger.import_file(first, registry=mini_registry)
    second = canonical_csv(
        tmp_path / "b.csv",
        [
            "k1,2026-01-01T10:00:00Z,acme,dense-70b,999,9",  # known: dropped
            "n1,2026-01-02T10:00:00Z,acme,dense-70b,100,20",  # new: kept
            "n1,2026-01-02T10:00:00Z,acme,dense-70b,555,55",  # repeat in the file: dropped
        ],
    )
    result = ledger.import_file(second, registry=mini_registry)
    assert (result.accepted, result.already_known) == (1, 2)
    stored = ledger.activities()
    tokens = {r["input_tokens"] for r in stored.to_pylist()}
    assert tokens == {10, 100}
    _assert_same_impacts(stored, estimate_table(stored, mini_registry, on_unknown="null"))
    counts = ledger.connection.execute("SELECT count(*) FROM impacts").fetchall()
    assert counts == [(2,)]


def test_quarantined_rows_are_written_between_stretches_of_the_stream(
    ledger: Ledger, tmp_path: Path, mini_registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bad rows held back while DuckDB pulls the batches all reach the quarantine table."""
    from fairprint.ingest import canonical
    from fairprint.ledger import _staging
    from tests.ledger.conftest import canonical_csv

    monkeypatch.setattr(_staging, "QUARANTINE_FLUSH_ROWS", 1)
    monkeypatch.setattr(canonical, "CSV_BLOCK_BYTES", 256)  # many small batches
    lines = []
    for i in range(40):
        lines.append(f"g{i},2026-01-01T10:00:00Z,acme,dense-70b,{i},1")
        if i % 4 == 0:
            lines.append(f"b{i},noon,acme,dense-70b,1,1")
    result = ledger.import_file(
        canonical_csv(tmp_path / "mixed.csv", lines), registry=mini_registry
    )
    assert (result.accepted, result.quarantined) == (40, 10)
    assert ledger.quarantine(result.import_id).num_rows == 10
    assert ledger.activities().column("energy_kwh").null_count == 0


def test_ledger_equals_estimate_table_with_kv_cache_and_attention_terms(
    ledger: Ledger, registry_copy: Path
) -> None:
    """The context-dependent terms (long prompts, aggregated rows, reasoning) in SQL too."""
    header = (
        "model_id,status,attention,layers,query_heads,kv_heads,head_dim,kv_latent_dim,"
        "kv_cache_kib_per_token_low,kv_cache_kib_per_token,kv_cache_kib_per_token_high,"
        "attention_gflop_per_token_per_1k_context_low,attention_gflop_per_token_per_1k_context,"
        "attention_gflop_per_token_per_1k_context_high,notes,source,source_url,year,licence"
    )
    rows = [
        "dense-70b,disclosed,gqa,80,64,8,128,,320,320,320,2.62144,2.62144,2.62144,t,t,"
        "https://example.org/fairprint-test-fixture,2024,CC0-1.0",
        "moe-400b,estimated,unknown,,,,,,100,200,400,1,2,4,t,t,"
        "https://example.org/fairprint-test-fixture,2024,CC0-1.0",
    ]
    (registry_copy / "architectures.csv").write_text("\n".join([header, *rows]) + "\n")
    registry = Registry(registry_copy)
    table = _activities()
    ledger.add_activities(table, origin="test", registry=registry)
    expected = estimate_table(table, registry, on_unknown="null")
    _assert_same_impacts(ledger.activities(), expected)
