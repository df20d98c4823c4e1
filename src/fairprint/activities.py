"""The canonical activity table: what every door (importers, trackers, the API) produces.

Why one table: every number fairprint reports comes from the same kernels over the same
columns, whatever the log format. Token counts are normalised on ingest so that providers
that count cached or reasoning tokens differently end up comparable:

- ``input_tokens``: prompt tokens processed fresh (excluding cache reads and cache writes);
- ``cached_input_tokens``: prompt tokens read from a prompt cache;
- ``cache_write_tokens``: prompt tokens processed and written to a cache;
- ``output_tokens``: visible generated tokens (excluding reasoning);
- ``reasoning_tokens``: hidden reasoning tokens generated.

An activity may stand for many requests (usage exports aggregate per bucket): ``requests``
says how many. ``measured_energy_kwh`` carries a metered figure (local compute) that
replaces the model-based IT energy estimate when present.
"""

from __future__ import annotations

import pyarrow as pa

TOKEN_COLUMNS: tuple[str, ...] = (
    "input_tokens",
    "cached_input_tokens",
    "cache_write_tokens",
    "output_tokens",
    "reasoning_tokens",
)

ACTIVITY_SCHEMA = pa.schema(
    [
        pa.field("activity_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("started_at", pa.timestamp("us", tz="UTC")),
        pa.field("ended_at", pa.timestamp("us", tz="UTC")),
        pa.field("provider", pa.string()),
        pa.field("model", pa.string()),
        pa.field("region", pa.string()),
        pa.field("operation", pa.string()),
        pa.field("requests", pa.int64(), nullable=False),
        *(pa.field(name, pa.int64(), nullable=False) for name in TOKEN_COLUMNS),
        pa.field("project", pa.string()),
        pa.field("team", pa.string()),
        pa.field("user", pa.string()),
        pa.field("duration_s", pa.float64()),
        pa.field("measured_energy_kwh", pa.float64()),
        pa.field("hardware", pa.string()),
        pa.field("attributes", pa.string()),
    ]
)
"""Column order and types of the canonical activity table (``attributes`` is JSON text)."""

ACTIVITY_COLUMNS: tuple[str, ...] = tuple(ACTIVITY_SCHEMA.names)
