"""Toloka assignments TSV → work sessions.

Columns used: ``ASSIGNMENT:assignment_id``, ``ASSIGNMENT:task_id``, ``ASSIGNMENT:worker_id``,
``ASSIGNMENT:status``, ``ASSIGNMENT:started``, ``ASSIGNMENT:submitted``,
``ASSIGNMENT:reward`` and an optional ``INPUT:content_category``. A Toloka assignment is a
page of several tasks and the export repeats it once per task, so each assignment is
counted once (its first row). Rewards are in US dollars on Toloka unless ``--pay-currency``
says otherwise.
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
from fairprint.rows import RowError, as_money, as_time

__all__ = ["SIGNATURE", "read_toloka"]

SIGNATURE = ("ASSIGNMENT:worker_id", "ASSIGNMENT:status")
_STATUS = {
    "accepted": "approved",
    "approved": "approved",
    "submitted": "submitted",
    "rejected": "rejected",
    "skipped": "abandoned",
    "expired": "abandoned",
}
_KEPT = (
    "ASSIGNMENT:assignment_id",
    "ASSIGNMENT:task_id",
    "ASSIGNMENT:worker_id",
    "ASSIGNMENT:status",
    "ASSIGNMENT:started",
    "ASSIGNMENT:submitted",
    "ASSIGNMENT:reward",
    "INPUT:content_category",
)


def read_toloka(path: Path, ctx: IngestContext) -> Iterator[pa.RecordBatch]:
    """Stream a Toloka assignments TSV as work-session batches (one per assignment)."""
    seen: set[str] = set()
    currency_default = ctx.pay_currency or "USD"

    def _row(row: Mapping[str, str | None], builder: SessionBuilder) -> None:
        assignment = (row.get("ASSIGNMENT:assignment_id") or "").strip()
        if assignment:
            if assignment in seen:
                return
            seen.add(assignment)
        worker = (row.get("ASSIGNMENT:worker_id") or "").strip()
        if not worker:
            raise RowError("ASSIGNMENT:worker_id is empty")
        raw_status = (row.get("ASSIGNMENT:status") or "").strip().lower()
        if raw_status == "active":
            raise RowError("ASSIGNMENT:status ACTIVE: the assignment is still in progress")
        status = _STATUS.get(raw_status)
        if status is None:
            raise RowError(f"ASSIGNMENT:status {row.get('ASSIGNMENT:status')!r} is not known")
        pay, currency = as_money(row.get("ASSIGNMENT:reward"), "ASSIGNMENT:reward")
        builder.add(
            native_id=assignment or f"{worker}\x00{row.get('ASSIGNMENT:task_id')}",
            worker_raw=worker,
            task_raw=(row.get("ASSIGNMENT:task_id") or "").strip() or None,
            country=None,
            started=as_time(row.get("ASSIGNMENT:started"), "ASSIGNMENT:started"),
            submitted=as_time(row.get("ASSIGNMENT:submitted"), "ASSIGNMENT:submitted"),
            duration_s=None,
            pay=pay,
            currency=currency or (currency_default if pay is not None else None),
            status=status,
            category=row.get("INPUT:content_category"),
        )

    return read_delimited(
        path,
        ctx,
        source="toloka",
        delimiter="\t",
        required=("ASSIGNMENT:worker_id", "ASSIGNMENT:status", "ASSIGNMENT:started"),
        kept=_KEPT,
        id_fields=("ASSIGNMENT:assignment_id", "ASSIGNMENT:task_id", "ASSIGNMENT:worker_id"),
        handle_row=_row,
    )
