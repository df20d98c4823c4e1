"""The registry snapshot: what travels to executors, and that it loads back identically."""

from __future__ import annotations

import pickle
from pathlib import Path

import pyarrow as pa

from fairprint.impacts import estimate_table
from fairprint.registry import Registry
from fairprint.spark._schema import appended_columns
from fairprint.spark._snapshot import RegistrySnapshot
from tests.conftest import MINI_REGISTRY


def test_a_snapshot_survives_pickling_and_loads_the_same_registry(
    mini_registry: Registry,
) -> None:
    snapshot = pickle.loads(pickle.dumps(RegistrySnapshot.of(mini_registry)))
    loaded = snapshot.registry()
    assert loaded.version == mini_registry.version
    assert Path(loaded.data_dir) != MINI_REGISTRY
    table = pa.table(
        {
            "model": ["dense-70b", "moe-400b"],
            "input_tokens": [900, 10],
            "output_tokens": [300, 2000],
        }
    )
    assert estimate_table(table, loaded).equals(estimate_table(table, mini_registry))


def test_the_digest_changes_with_any_data_file(
    mini_registry: Registry, registry_copy: Path
) -> None:
    before = RegistrySnapshot.of(Registry(registry_copy))
    assert before == RegistrySnapshot.of(mini_registry)
    params = registry_copy / "parameters.csv"
    params.write_text(params.read_text().replace("1.2,1.2,1.2", "1.3,1.3,1.3", 1))
    assert RegistrySnapshot.of(Registry(registry_copy)).digest != before.digest


def test_the_bundled_registry_ships_under_a_megabyte() -> None:
    assert RegistrySnapshot.of(Registry.default()).pickled_bytes < 1_000_000


def test_the_declared_columns_are_what_estimate_table_appends(mini_registry: Registry) -> None:
    table = pa.table({"model": ["dense-70b", "nope"], "output_tokens": [10, 3]})
    out = estimate_table(table, mini_registry, on_unknown="null")
    declared = appended_columns(mini_registry)
    assert declared.names == out.column_names[2:]
    assert [f.type for f in declared] == [f.type for f in out.schema][2:]
    assert {"energy_kwh_low", "gwp_kgco2e", "water_l_high", "impact_note"} <= set(declared.names)
