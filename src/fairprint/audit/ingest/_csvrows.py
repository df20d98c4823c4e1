"""Row-wise reading of delimited work logs shared by the MTurk, Prolific and Toloka importers.

Why row-wise here: these exports are thousands to a few million rows, carry many task
columns (``Input.*``, ``Answer.*``, ``INPUT:*``) that the audit must never keep, and need
per-row reasons when a cell is bad. The canonical CSV, built for large logs, has a
vectorised reader instead (``canonical.py``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pyarrow as pa

from fairprint.audit.ingest._common import (
    IngestContext,
    SessionBuilder,
    file_label,
    redact,
)
from fairprint.errors import FormatError
from fairprint.rows import RowError, open_text, undecodable

__all__ = ["read_delimited"]

RowHandler = Callable[[Mapping[str, str | None], SessionBuilder], None]


def read_delimited(
    path: Path,
    ctx: IngestContext,
    *,
    source: str,
    delimiter: str,
    required: Sequence[str],
    kept: Sequence[str],
    id_fields: Sequence[str],
    handle_row: RowHandler,
) -> Iterator[pa.RecordBatch]:
    """Stream ``path`` row by row through ``handle_row``; bad rows go to the quarantine.

    ``kept`` are the columns a quarantined row keeps (all others may hold task text);
    ``id_fields`` among them are redacted.
    """
    builder = SessionBuilder(ctx, source)
    label = file_label(path)
    with open_text(path, errors="surrogateescape") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise FormatError(
                f"{label}: missing column(s) {', '.join(missing)} for the {source} format; "
                f"check the export or pass --format"
            )
        for row in reader:
            ctx.rows_read += 1
            small = {k: row.get(k) for k in kept if k in header}
            try:
                if None in row:
                    raise RowError("row has more fields than the header")
                not_text = undecodable(small.items())
                if not_text is not None:
                    small = {k: _readable(v) for k, v in small.items()}
                    raise RowError(not_text)
                handle_row(small, builder)
            except RowError as exc:
                ctx.reject(label, reader.line_num, str(exc), redact(small, id_fields))
                continue
            yield from builder.maybe_flush()
    yield from builder.flush()


def _readable(value: str | None) -> str | None:
    """A cell read with ``surrogateescape`` as plain text (bad bytes as U+FFFD)."""
    if value is None:
        return None
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
