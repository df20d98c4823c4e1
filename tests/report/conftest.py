"""Fixtures for the report tests: small activity tables estimated with the real kernels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyarrow as pa
import pytest

from fairprint.activities import ACTIVITY_SCHEMA
from fairprint.impacts import estimate_table


def activity(index: int, **values: object) -> dict[str, object]:
    """One canonical activity row: zero tokens and nulls unless given."""
    row: dict[str, object] = {name: None for name in ACTIVITY_SCHEMA.names}
    row.update(
        activity_id=f"a{index}",
        source="test",
        started_at=datetime(2026, 7, 1, tzinfo=UTC) + timedelta(days=index),
        requests=1,
        input_tokens=0,
        cached_input_tokens=0,
        cache_write_tokens=0,
        output_tokens=0,
        reasoning_tokens=0,
    )
    row.update(values)
    return row


def activities(rows: list[dict[str, object]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=ACTIVITY_SCHEMA)


@pytest.fixture()
def small_table(mini_registry) -> pa.Table:
    """Five rows on the mini registry: two teams, two models (one by alias), one metered row."""
    rows = [
        activity(
            0,
            model="dense-70b",
            provider="acme",
            team="search",
            requests=3,
            input_tokens=1200,
            output_tokens=400,
        ),
        activity(
            1,
            model="acme/dense-70b",
            provider="acme",
            team="search",
            requests=2,
            input_tokens=800,
            output_tokens=300,
            cached_input_tokens=500,
        ),
        activity(
            2,
            model="moe-400b",
            provider="acme",
            team="support",
            requests=5,
            input_tokens=3000,
            output_tokens=900,
        ),
        activity(
            35,
            model="moe-400b",
            provider="acme",
            region="eu",
            team=None,
            input_tokens=100,
            output_tokens=50,
        ),
        activity(
            40,
            model="dense-70b",
            provider="local",
            region="ZZ-CLEAN",
            team="support",
            input_tokens=500,
            output_tokens=500,
            measured_energy_kwh=0.01,
            duration_s=20.0,
            hardware="gpu-a",
        ),
    ]
    return estimate_table(activities(rows), mini_registry)
