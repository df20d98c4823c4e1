"""Prolific submissions export (CSV) → work sessions.

Columns used: ``Submission id``, ``Participant id``, ``Status`` (APPROVED, AWAITING REVIEW,
REJECTED, RETURNED, TIMED-OUT, SCREENED OUT; ACTIVE rows are still running and are
quarantined), ``Started at``, ``Completed at``, ``Time taken`` (seconds), and where the study
exports them ``Reward`` (``£1.50`` or a number with ``--pay-currency``), ``Study id`` and a
country column (``Country of residence``, ``Country``, ``Current Country of Residence``).
Country names are matched to ISO codes through the registry's wage table; names it does
not know leave the country unknown (announced), never guessed.
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

__all__ = ["SIGNATURE", "read_prolific"]

SIGNATURE = ("Participant id", "Status")
_STATUS = {
    "approved": "approved",
    "awaiting review": "submitted",
    "awaiting_review": "submitted",
    "rejected": "rejected",
    "returned": "returned",
    "timed-out": "abandoned",
    "timed_out": "abandoned",
    "screened out": "abandoned",
    "screened-out": "abandoned",
}
_COUNTRY_COLUMNS = ("Country of residence", "Current Country of Residence", "Country")
_KEPT = (
    "Submission id",
    "Participant id",
    "Study id",
    "Status",
    "Started at",
    "Completed at",
    "Time taken",
    "Reward",
    "content_category",
    *_COUNTRY_COLUMNS,
)


def _country(row: Mapping[str, str | None], ctx: IngestContext) -> str | None:
    for column in _COUNTRY_COLUMNS:
        value = (row.get(column) or "").strip()
        if not value or value.upper() in ("DATA_EXPIRED", "CONSENT_REVOKED"):
            continue
        if len(value) == 2 and value.isalpha():
            return value.upper()
        code = ctx.country_names.get(value.lower())
        if code is None:
            ctx.note(f"country names not in the registry were left unknown (e.g. {column})")
        return code
    return None


def read_prolific(path: Path, ctx: IngestContext) -> Iterator[pa.RecordBatch]:
    """Stream a Prolific submissions export as work-session batches."""

    def _row(row: Mapping[str, str | None], builder: SessionBuilder) -> None:
        participant = (row.get("Participant id") or "").strip()
        if not participant:
            raise RowError("Participant id is empty")
        raw_status = (row.get("Status") or "").strip().lower()
        if raw_status == "active":
            raise RowError("Status ACTIVE: the submission is still in progress")
        status = _STATUS.get(raw_status)
        if status is None:
            raise RowError(f"Status {row.get('Status')!r} is not known")
        pay, currency = as_money(row.get("Reward"), "Reward")
        submission = (row.get("Submission id") or "").strip()
        builder.add(
            native_id=submission or f"{participant}\x00{row.get('Started at')}",
            worker_raw=participant,
            task_raw=(row.get("Study id") or "").strip() or None,
            country=_country(row, ctx),
            started=as_time(row.get("Started at"), "Started at"),
            submitted=as_time(row.get("Completed at"), "Completed at"),
            duration_s=as_float(row.get("Time taken"), "Time taken"),
            pay=pay,
            currency=currency,
            status=status,
            category=row.get("content_category"),
        )

    return read_delimited(
        path,
        ctx,
        source="prolific",
        delimiter=",",
        required=("Participant id", "Status", "Started at"),
        kept=_KEPT,
        id_fields=("Submission id", "Participant id", "Study id"),
        handle_row=_row,
    )
