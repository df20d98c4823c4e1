"""Label Studio JSON export → work sessions (one per annotation).

Fields used: task ``id``, ``data.content_category`` or ``meta.content_category`` (optional),
and for each of ``annotations[]``: ``id``, ``completed_by`` (a user id, or an object with
``id``/``email``), ``created_at`` (when it was submitted), ``lead_time`` (seconds spent) and
``was_cancelled`` (a skipped annotation: counted as abandoned). Label Studio records no
pay, so sessions from it carry time and exposure but unknown pay. The export is one JSON
array and is read whole (Label Studio exports are rarely large; use the canonical CSV for
big logs).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

from fairprint.audit.ingest._common import (
    IngestContext,
    SessionBuilder,
    file_label,
    redact,
)
from fairprint.errors import FormatError
from fairprint.rows import RowError, as_float, as_time, loads, open_binary

__all__ = ["read_labelstudio"]

_ID_FIELDS = ("task_id", "annotation_id", "completed_by")


def _worker(value: Any) -> str:
    if isinstance(value, Mapping):
        value = value.get("id", value.get("email"))
    if value is None or str(value).strip() == "":
        raise RowError("annotation has no completed_by")
    return str(value)


def _category(task: Mapping[str, Any]) -> str | None:
    for holder in (task.get("data"), task.get("meta")):
        if isinstance(holder, Mapping) and isinstance(holder.get("content_category"), str):
            return holder["content_category"]
    return None


def read_labelstudio(path: Path, ctx: IngestContext) -> Iterator[pa.RecordBatch]:
    """Read a Label Studio JSON export as work-session batches."""
    label = file_label(path)
    with open_binary(path) as stream:
        data = stream.read()
    try:
        tasks = loads(data[3:] if data.startswith(b"\xef\xbb\xbf") else data)
    except RowError as exc:
        raise FormatError(f"{label}: not a Label Studio JSON export ({exc})") from None
    if not isinstance(tasks, list):
        raise FormatError(f"{label}: a Label Studio JSON export is a list of tasks")
    builder = SessionBuilder(ctx, "labelstudio")
    for number, task in enumerate(tasks, start=1):
        if not isinstance(task, Mapping):
            ctx.reject(label, number, "task is not a JSON object", {})
            continue
        category = _category(task)
        for index, annotation in enumerate(task.get("annotations") or []):
            ctx.rows_read += 1
            raw = {
                "task_id": str(task.get("id")),
                "annotation_id": _text(annotation, "id"),
                "completed_by": _text(annotation, "completed_by"),
                "created_at": _text(annotation, "created_at"),
                "lead_time": _text(annotation, "lead_time"),
                "was_cancelled": _text(annotation, "was_cancelled"),
            }
            try:
                if not isinstance(annotation, Mapping):
                    raise RowError(f"annotations[{index}] is not a JSON object")
                worker = _worker(annotation.get("completed_by"))
                submitted = as_time(_text(annotation, "created_at"), "created_at")
                lead = as_float(_text(annotation, "lead_time"), "lead_time")
                started = submitted - timedelta(seconds=lead) if submitted and lead else None
                builder.add(
                    native_id=f"{task.get('id')}\x00{annotation.get('id', index)}",
                    worker_raw=worker,
                    task_raw=str(task.get("id")) if task.get("id") is not None else None,
                    country=None,
                    started=started,
                    submitted=submitted,
                    duration_s=lead,
                    pay=None,
                    currency=None,
                    status="abandoned" if annotation.get("was_cancelled") else "submitted",
                    category=category,
                )
            except RowError as exc:
                reason = f"annotations[{index}]: {exc}"
                ctx.reject(label, number, reason, redact(raw, _ID_FIELDS))
                continue
            yield from builder.maybe_flush()
    yield from builder.flush()


def _text(annotation: Any, key: str) -> str | None:
    if not isinstance(annotation, Mapping) or annotation.get(key) is None:
        return None
    return str(annotation.get(key))
