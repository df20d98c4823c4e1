"""One local Spark session for the whole Spark test package (starting one costs ~10 s).

``local[2]`` with two shuffle partitions and no UI keeps the module quick on two cores;
the Python workers run the test interpreter, where fairprint is importable. Arrow batches
of 128 rows make every test frame span several batches per partition, as on a cluster.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java (apt-get install default-jre-headless)")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("fairprint-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "128")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


ACTIVITY_MODELS = ("dense-70b", "acme/dense-70b", "moe-400b", "closed-x", "secret-y", "nope-1")
"""Mini-registry models: two names of one model, an MoE, a range-only model, a model with
undisclosed parameters (no estimate) and a name the registry does not know."""


def make_activities(rows: int = 400, seed: int = 11) -> Any:
    """Canonical activities over two UTC days, with metered local rows and unknown models."""
    from datetime import UTC, datetime, timedelta

    import numpy as np
    import pyarrow as pa

    from fairprint.activities import ACTIVITY_SCHEMA

    rng = np.random.default_rng(seed)
    start = datetime(2026, 3, 1, 22, 0, tzinfo=UTC)
    started = [start + timedelta(minutes=int(m)) for m in rng.integers(0, 240, rows)]
    metered = rng.random(rows) < 0.1
    providers = np.where(metered, "local", rng.choice(["acme", "gateway-z", ""], rows))
    regions = np.where(metered, "ZZ-CLEAN", rng.choice(["us", "eu", ""], rows))
    columns = {
        "activity_id": [f"a{i:05d}" for i in range(rows)],
        "source": ["test"] * rows,
        "started_at": started,
        "ended_at": [s + timedelta(seconds=3) for s in started],
        "provider": [p or None for p in providers.tolist()],
        "model": rng.choice(ACTIVITY_MODELS, rows).tolist(),
        "region": [r or None for r in regions.tolist()],
        "operation": ["chat"] * rows,
        "requests": rng.integers(1, 4, rows),
        "input_tokens": rng.integers(0, 5000, rows),
        "cached_input_tokens": rng.integers(0, 1000, rows),
        "cache_write_tokens": rng.integers(0, 100, rows),
        "output_tokens": rng.integers(0, 2000, rows),
        "reasoning_tokens": rng.integers(0, 500, rows),
        "project": rng.choice(["search", "support", "lab"], rows).tolist(),
        "team": ["t1"] * rows,
        "user": [None] * rows,
        "duration_s": np.where(metered, rng.uniform(0.5, 30, rows), np.nan),
        "measured_energy_kwh": np.where(metered, rng.uniform(1e-5, 1e-3, rows), np.nan),
        "hardware": np.where(metered, "gpu-a", None).tolist(),
        "attributes": ["{}"] * rows,
    }
    table = pa.table(columns)
    for name in ("duration_s", "measured_energy_kwh"):
        values = pa.array(columns[name], from_pandas=True)
        table = table.set_column(table.schema.get_field_index(name), name, values)
    return table.cast(ACTIVITY_SCHEMA)
