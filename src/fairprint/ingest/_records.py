"""Flat record files (CSV, JSON lines, a JSON list or ``{data: [...]}``) read record by record.

Used by the importers whose source is a table of one row per request (LiteLLM spend logs,
Langfuse observations): each record comes with its line number and raw text for quarantine,
and ``read_records`` turns each into one activity row (or a deliberate skip).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from fairprint.ingest._batch import ActivityBatch, RowBuilder, RowError, stream_rows
from fairprint.ingest._io import iter_json_records, open_text, read_head
from fairprint.rows import loads, undecodable

RecordRow = Callable[[Any], dict[str, Any] | None]
"""``record → canonical row``, ``None`` for a record not to count (e.g. a tool span); raises
``RowError`` for a record it cannot read."""


def read_records(path: Path, batch_rows: int, record_row: RecordRow) -> Iterator[ActivityBatch]:
    """Stream a flat record file: one activity per record, unreadable records quarantined."""

    def rows(path: Path, builder: RowBuilder) -> Iterator[ActivityBatch | None]:
        for line, record, error in iter_records(path):
            if error is not None:
                builder.quarantine(line, record, error)
                continue
            try:
                row = record_row(record)
            except RowError as exc:
                builder.quarantine(line, record, str(exc))
                continue
            if row is None:
                builder.skip()
                continue
            yield builder.add(row)

    return stream_rows(path, batch_rows, rows)


def looks_like_json(path: Path) -> bool:
    return read_head(path, 4096).lstrip()[:1] in ("{", "[")


def iter_records(path: Path) -> Iterator[tuple[int | None, Any, str | None]]:
    """``(line, record, error)`` for each record; ``record`` is a dict unless ``error``."""
    if looks_like_json(path):
        for line, value, error in iter_json_records(path):
            if error is not None:
                yield line, value, error
            elif isinstance(value, list):
                yield from ((line, item, None) for item in value)
            elif isinstance(value, dict) and isinstance(value.get("data"), list):
                yield from ((line, item, None) for item in value["data"])
            else:
                yield line, value, None
        return
    with open_text(path, errors="surrogateescape") as stream:
        reader = csv.DictReader(stream)
        for record in reader:
            if None in record:
                yield reader.line_num, _raw(record), "more fields than the header has"
                continue
            not_text = undecodable(record.items())
            if not_text is not None:
                yield reader.line_num, _raw(record), not_text
                continue
            yield reader.line_num, record, None


def _raw(record: dict[Any, Any]) -> str:
    values = [v for k, v in record.items() if k is not None]
    extra = record.get(None) or []
    text = ",".join(str(v) for v in [*values, *extra])
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def json_field(value: Any) -> Any:
    """A JSON column as stored in a CSV cell (text) or in a JSON export (already parsed)."""
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:
            return loads(value)
        except RowError:
            return None
    return value
