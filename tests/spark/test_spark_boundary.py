"""The executor function honours the boundary (no Spark session needed: it is plain Arrow)."""

from __future__ import annotations

import pyarrow as pa
import pytest

from fairprint.impacts import estimate_table
from fairprint.registry import Registry
from fairprint.spark._impacts import impacts_of_batches
from fairprint.spark._schema import appended_columns
from fairprint.spark._snapshot import RegistrySnapshot


@pytest.mark.parametrize("boundary", ["accelerator", "it", "facility", "lifecycle"])
def test_executor_batches_equal_estimate_table_at_each_boundary(
    mini_registry: Registry, boundary: str
) -> None:
    batch = pa.record_batch({"model": ["dense-70b"], "input_tokens": [900], "output_tokens": [80]})
    appended = appended_columns(mini_registry)
    names = tuple(dict.fromkeys(("model", "input_tokens", "output_tokens", *appended.names)))
    out = pa.Table.from_batches(
        list(
            impacts_of_batches(
                iter([batch]),
                source=RegistrySnapshot.of(mini_registry),
                on_unknown="null",
                names=names,
                appended=appended,
                boundary=boundary,
            )
        )
    )
    expected = estimate_table(pa.Table.from_batches([batch]), mini_registry, boundary=boundary)
    assert out["energy_kwh"].to_pylist() == expected["energy_kwh"].to_pylist()
    assert out["boundary"].to_pylist() == [boundary]
