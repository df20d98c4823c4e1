"""What every importer yields: canonical activity batches plus the rows it could not read.

Why batches: importers stream files of millions of requests; a batch of a few tens of
thousands of rows keeps memory bounded while letting the ledger insert through Arrow.
Why quarantine travels with the batch: a malformed row must never be dropped silently,
and the ledger stores it (file, line, raw text, reason) in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from fairprint.activities import ACTIVITY_COLUMNS, ACTIVITY_SCHEMA, TOKEN_COLUMNS
from fairprint.rows import (
    QuarantinedRow,
    RowError,
    as_count,
    as_float,
    as_text,
    as_time,
    raw_text,
)

__all__ = [
    "DEFAULT_BATCH_ROWS",
    "ActivityBatch",
    "QuarantinedRow",
    "RowBuilder",
    "RowError",
    "activity_id",
    "as_count",
    "as_float",
    "as_text",
    "as_time",
    "attributes_json",
    "drain",
    "empty_batch",
    "split_inclusive",
    "stream_rows",
]

DEFAULT_BATCH_ROWS = 65_536
"""Rows per batch: large enough for vectorised work, small enough to stay far below 1 GB."""

ID_SEPARATOR = "\x1f"
"""Unit separator between the parts of an activity id key (cannot occur in ordinary text)."""


@dataclass
class ActivityBatch:
    """Canonical activities (``ACTIVITY_SCHEMA``) and the quarantined rows met with them."""

    activities: pa.RecordBatch
    quarantined: list[QuarantinedRow] = field(default_factory=list)
    skipped: int = 0
    """Records deliberately not counted (agent/tool spans, non-generation observations)."""


def activity_id(format_name: str, *parts: object) -> str:
    """A stable id: md5 of the format and the identifying fields, joined by ``ID_SEPARATOR``.

    md5 is used as a content key, not for security; it is the same function DuckDB exposes,
    so the vectorised path (``stable_ids``) gives identical ids for identical keys.
    """
    key = ID_SEPARATOR.join([format_name, *("" if p is None else str(p) for p in parts)])
    return hashlib.md5(key.encode("utf-8")).hexdigest()


def empty_batch() -> pa.RecordBatch:
    """A batch with no rows (for importers that only met quarantined records)."""
    return pa.RecordBatch.from_pylist([], schema=ACTIVITY_SCHEMA)


# -- values ------------------------------------------------------------------------------------
def attributes_json(values: Mapping[str, Any]) -> str | None:
    """Attributes as compact JSON with empty values left out (``None`` when nothing is left)."""
    kept = {k: v for k, v in values.items() if v is not None and v != "" and v != {}}
    return json.dumps(kept, sort_keys=True, default=str) if kept else None


def split_inclusive(total: int, *parts: int) -> tuple[int, bool]:
    """The part of ``total`` not in ``parts``, for counts that include their sub-counts.

    Returns ``(rest, exclusive)``. When the sub-counts exceed the total, the emitter must
    have reported them apart (Anthropic style): the total is taken as already exclusive
    and ``exclusive`` is True so that the importer can say so in the attributes.
    """
    rest = total - sum(parts)
    if rest < 0:
        return total, True
    return rest, False


# -- building batches row by row ---------------------------------------------------------------
class RowBuilder:
    """Collects canonical rows (dicts) and quarantined rows; yields full batches.

    Used by the JSON importers, where each record needs Python logic anyway; the canonical
    CSV importer is vectorised instead.
    """

    def __init__(self, file: str, batch_rows: int = DEFAULT_BATCH_ROWS) -> None:
        self.file = file
        self.batch_rows = batch_rows
        self._columns: dict[str, list[Any]] = {name: [] for name in ACTIVITY_COLUMNS}
        self._quarantined: list[QuarantinedRow] = []
        self._skipped = 0
        self._rows = 0

    def add(self, row: Mapping[str, Any]) -> ActivityBatch | None:
        for name in ACTIVITY_COLUMNS:
            value = row.get(name)
            if value is None and (name in TOKEN_COLUMNS or name == "requests"):
                value = 0
            self._columns[name].append(value)
        self._rows += 1
        return self.flush() if self._rows >= self.batch_rows else None

    def quarantine(self, line: int | None, raw: Any, reason: str) -> None:
        self._quarantined.append(QuarantinedRow(self.file, line, raw_text(raw), reason))

    def skip(self) -> None:
        self._skipped += 1

    def flush(self) -> ActivityBatch:
        batch = pa.RecordBatch.from_pydict(self._columns, schema=ACTIVITY_SCHEMA)
        out = ActivityBatch(batch, self._quarantined, self._skipped)
        self._columns = {name: [] for name in ACTIVITY_COLUMNS}
        self._quarantined, self._skipped, self._rows = [], 0, 0
        return out

    def pending(self) -> bool:
        return bool(self._rows or self._quarantined or self._skipped)


def drain(builder: RowBuilder, produced: Iterable[ActivityBatch | None]) -> Iterator[ActivityBatch]:
    """Yield the full batches an importer loop produced, then whatever is left."""
    for batch in produced:
        if batch is not None:
            yield batch
    if builder.pending():
        yield builder.flush()


RowLoop = Callable[[Path, RowBuilder], Iterable[ActivityBatch | None]]
"""An importer's loop over one file: adds rows to the builder, yields the batches it fills."""


def stream_rows(path: Path | str, batch_rows: int, rows: RowLoop) -> Iterator[ActivityBatch]:
    """Run ``rows`` over ``path`` with a fresh ``RowBuilder``; yield every batch it fills."""
    builder = RowBuilder(str(path), batch_rows)
    yield from drain(builder, rows(Path(path), builder))
