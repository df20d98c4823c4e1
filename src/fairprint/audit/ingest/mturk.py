"""Amazon Mechanical Turk batch results CSV → work sessions.

Columns used (as MTurk names them): ``AssignmentId``, ``WorkerId``, ``HITId``,
``AssignmentStatus`` (Submitted / Approved / Rejected), ``AcceptTime``, ``SubmitTime``
(``Fri Nov 01 00:12:03 UTC 2024``), ``WorkTimeInSeconds``, ``Reward`` (``$0.05``), and an
optional ``Input.content_category``. ``Input.*``/``Answer.*`` task text is never read
into the audit. MTurk shut down on 30 September 2026: these logs are historical.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pyarrow as pa

from fairprint.audit.ingest._common import (
    IngestContext,
    SessionBuilder,
)
from fairprint.audit.ingest._csvrows import read_delimited
from fairprint.rows import RowError, as_float, as_money, as_time

__all__ = ["SIGNATURE", "read_mturk"]

SIGNATURE = ("WorkerId", "AssignmentStatus", "WorkTimeInSeconds")
_STATUS = {"approved": "approved", "submitted": "submitted", "rejected": "rejected"}
_KEPT = (
    "AssignmentId",
    "WorkerId",
    "HITId",
    "AssignmentStatus",
    "AcceptTime",
    "SubmitTime",
    "WorkTimeInSeconds",
    "Reward",
    "Input.content_category",
)


def _row(row: Mapping[str, str | None], builder: SessionBuilder) -> None:
    worker = (row.get("WorkerId") or "").strip()
    if not worker:
        raise RowError("WorkerId is empty")
    status = _STATUS.get((row.get("AssignmentStatus") or "").strip().lower())
    if status is None:
        raise RowError(f"AssignmentStatus {row.get('AssignmentStatus')!r} is not known")
    pay, currency = as_money(row.get("Reward"), "Reward")
    builder.add(
        native_id=(row.get("AssignmentId") or "").strip() or f"{worker}\x00{row.get('HITId')}",
        worker_raw=worker,
        task_raw=(row.get("HITId") or "").strip() or None,
        country=None,
        started=as_time(row.get("AcceptTime"), "AcceptTime"),
        submitted=as_time(row.get("SubmitTime"), "SubmitTime"),
        duration_s=as_float(row.get("WorkTimeInSeconds"), "WorkTimeInSeconds"),
        pay=pay,
        currency=currency,
        status=status,
        category=row.get("Input.content_category"),
    )


def read_mturk(path: Path, ctx: IngestContext) -> Iterator[pa.RecordBatch]:
    """Stream an MTurk batch results CSV as work-session batches."""
    return read_delimited(
        path,
        ctx,
        source="mturk",
        delimiter=",",
        required=("WorkerId", "AssignmentStatus", "Reward"),
        kept=_KEPT,
        id_fields=("AssignmentId", "WorkerId", "HITId"),
        handle_row=_row,
    )
