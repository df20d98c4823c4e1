"""Reading a fixture through the public ``read_activities`` and gathering its batches."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from fairprint.activities import ACTIVITY_SCHEMA
from fairprint.ingest import QuarantinedRow, read_activities


def collect(path: Path, format: str = "auto") -> tuple[pa.Table, list[QuarantinedRow], int]:
    batches = list(read_activities(path, format))
    table = pa.Table.from_batches([b.activities for b in batches], schema=ACTIVITY_SCHEMA)
    quarantined = [q for b in batches for q in b.quarantined]
    return table, quarantined, sum(b.skipped for b in batches)
