"""``spark_import`` quarantines bad rows like the local importers instead of aborting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from fairprint.registry import Registry

pytestmark = [pytest.mark.spark, pytest.mark.slow]

HEADER = "started_at,provider,model,project,input_tokens,output_tokens,measured_energy_kwh"
ROWS = [
    "2026-01-01T10:00:00Z,acme,dense-70b,p,100,20,",  # good
    "2026-01-01T11:00:00Z,acme,dense-70b,p,lots,20,",  # not a number
    "2026-01-01T12:00:00Z,acme,dense-70b,p,1.5,20,",  # not whole
    "2026-01-01T13:00:00Z,acme,dense-70b,p,9223372036854775807,20,",  # above the limit
    "2026-01-01T14:00:00Z,acme,dense-70b,p,5,20,inf",  # not finite
    "noon,acme,dense-70b,p,5,20,",  # not a time
    "2026-01-01T15:00:00Z,acme,dense-70b,p,50,10,",  # good
]


def test_bad_rows_are_quarantined_with_reasons_and_the_rest_aggregated(
    spark: Any, tmp_path: Path, mini_registry: Registry
) -> None:
    from fairprint.spark import spark_import

    source = tmp_path / "activities.csv"
    source.write_text("\n".join([HEADER, *ROWS]) + "\n")
    output = tmp_path / "daily"
    result = spark_import(
        spark, [str(source)], format="csv", output=str(output), registry=mini_registry
    )
    assert result.activities == 2 and result.quarantined == 5
    assert result.quarantine_path == f"{output}-quarantine"
    daily = pq.read_table(output)
    assert sum(daily.column("input_tokens").to_pylist()) == 150
    quarantined = [
        json.loads(line)
        for part in sorted(Path(result.quarantine_path).glob("*.json"))
        for line in part.read_text().splitlines()
    ]
    reasons = sorted(q["reason"].split(":")[0] for q in quarantined)
    assert reasons == [
        "input_tokens",
        "input_tokens",
        "input_tokens",
        "measured_energy_kwh",
        "started_at",
    ]
    assert all(q["file"].endswith("activities.csv") for q in quarantined)
    lots = next(q for q in quarantined if "lots" in q["reason"])
    assert json.loads(lots["raw"])["input_tokens"] == "lots"
    assert any("5 row(s) quarantined" in note for note in result.notes)
