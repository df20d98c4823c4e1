"""The batches of one import as an Arrow stream that DuckDB pulls in one statement.

Why a stream: each ``INSERT`` statement costs DuckDB a fixed ~20 ms, which for a file of
many batches cost more than the rows themselves; one statement pulling every batch from
a generator writes the rows once, straight into ``activities``, holding one batch at a
time in Python. Each row carries its import and its position in it (``import_row``), so
that repeats can be found, and the first one kept, once every row is in.

Quarantined rows cannot be written while that statement runs (same transaction), so they
are held back and the stream pauses whenever ``QUARANTINE_FLUSH_ROWS`` of them wait; an
error raised while reading is kept and re-raised by the caller once DuckDB has stopped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import pyarrow as pa

from fairprint.activities import ACTIVITY_SCHEMA
from fairprint.errors import FormatError
from fairprint.ingest import ActivityBatch, QuarantinedRow

QUARANTINE_FLUSH_ROWS = 10_000
"""Quarantined rows held in memory before the stream pauses to write them."""

STAGING_SCHEMA = pa.schema(
    [*ACTIVITY_SCHEMA, pa.field("import_id", pa.int64()), pa.field("import_row", pa.int64())]
)
"""Columns written to ``activities``: the activity, its import and its position in it."""


class StagedBatches:
    """Activity batches of one import, numbered, as segments of one Arrow stream.

    Use ``segment()`` until ``exhausted``; after each, write ``take_quarantined()`` and
    raise ``error`` if set. ``staged`` and ``skipped`` count rows so far.
    """

    def __init__(self, batches: Iterable[ActivityBatch], import_id: int, strict: bool):
        self._batches = iter(batches)
        self.import_id = import_id
        self.strict = strict
        self.staged = 0
        self.skipped = 0
        self.exhausted = False
        self.error: Exception | None = None
        self._quarantined: list[QuarantinedRow] = []

    def segment(self) -> pa.RecordBatchReader:
        """The next stretch of the stream (until the end, an error or a quarantine flush)."""
        return pa.RecordBatchReader.from_batches(STAGING_SCHEMA, self._segment())

    def take_quarantined(self) -> list[QuarantinedRow]:
        rows, self._quarantined = self._quarantined, []
        return rows

    def _segment(self) -> Iterator[pa.RecordBatch]:
        try:
            for batch in self._batches:
                if batch.quarantined:
                    if self.strict:
                        raise _strict_error(batch.quarantined)
                    self._quarantined.extend(batch.quarantined)
                self.skipped += batch.skipped
                if batch.activities.num_rows:
                    yield self._staged(batch.activities)
                if len(self._quarantined) >= QUARANTINE_FLUSH_ROWS:
                    return
            self.exhausted = True
        except Exception as exc:  # re-raised by the caller: DuckDB would only see text
            self.error = exc
            self.exhausted = True

    def _staged(self, activities: pa.RecordBatch) -> pa.RecordBatch:
        rows = activities.num_rows
        position = pa.array(np.arange(self.staged, self.staged + rows, dtype=np.int64))
        self.staged += rows
        return pa.RecordBatch.from_arrays(
            [
                *(activities.column(name) for name in ACTIVITY_SCHEMA.names),
                pa.repeat(pa.scalar(self.import_id, pa.int64()), rows),
                position,
            ],
            schema=STAGING_SCHEMA,
        )


def _strict_error(rows: list[QuarantinedRow]) -> FormatError:
    first = min(rows, key=lambda r: (r.line is None, r.line or 0))
    where = f"{first.file}, line {first.line}" if first.line else first.file
    return FormatError(
        f"{where}: {first.reason}. Nothing was imported (--strict); fix the row "
        "or import without --strict to quarantine it"
    )
