"""What every work-log importer shares: the context, the quarantine and a batch builder.

Row-level types and field parsers are the shared row layer's (``fairprint.rows``), the same
as the usage-log importers'.

Importers turn native rows into canonical work sessions (``schema.WORK_SESSION_SCHEMA``)
in batches, so memory stays bounded whatever the file size. A row that cannot be read is
never guessed at: it goes to the quarantine with its file, line and reason, and its raw
identifier fields are redacted before it is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pyarrow as pa

from fairprint.audit.pseudonym import Pseudonymiser
from fairprint.audit.schema import STATUSES, WORK_SESSION_SCHEMA, normalise_category
from fairprint.rows import QuarantinedRow, RowError, raw_text

__all__ = [
    "REDACTED",
    "IngestContext",
    "QuarantinedRow",
    "RowError",
    "SessionBuilder",
]

REDACTED = "<redacted>"
BATCH_ROWS = 65_536
QUARANTINE_KEEP = 10_000


@dataclass
class IngestContext:
    """Options and sinks an importer needs; one per audit run."""

    pseudonymiser: Pseudonymiser
    country_default: str | None = None
    pay_currency: str | None = None
    country_names: Mapping[str, str] = field(default_factory=dict)
    batch_rows: int = BATCH_ROWS
    quarantine: list[QuarantinedRow] = field(default_factory=list)
    quarantined_total: int = 0
    rows_read: int = 0
    notes: list[str] = field(default_factory=list)

    def reject(self, file: str, line: int, reason: str, raw: Mapping[str, str | None]) -> None:
        """Quarantine a row; ``raw`` holds only non-task fields, identifiers redacted."""
        self.quarantined_total += 1
        if len(self.quarantine) < QUARANTINE_KEEP:
            self.quarantine.append(QuarantinedRow(file, line, raw_text(raw), reason))

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def redact(raw: Mapping[str, str | None], id_fields: Sequence[str]) -> dict[str, str | None]:
    """The raw row with identifier fields replaced, keeping only ``raw``'s own keys."""
    return {k: (REDACTED if k in id_fields and v not in (None, "") else v) for k, v in raw.items()}


class SessionBuilder:
    """Collects canonical sessions row by row and hands them out as Arrow batches."""

    def __init__(self, ctx: IngestContext, source: str) -> None:
        self.ctx = ctx
        self.source = source
        self._columns: dict[str, list[object]] = {f.name: [] for f in WORK_SESSION_SCHEMA}

    def add(
        self,
        *,
        native_id: str,
        worker_raw: str,
        task_raw: str | None,
        country: str | None,
        started: datetime | None,
        submitted: datetime | None,
        duration_s: float | None,
        pay: float | None,
        currency: str | None,
        status: str,
        category: str | None,
    ) -> None:
        """Validate the time fields together and append one session."""
        if status not in STATUSES:
            raise RowError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        if started is not None and submitted is not None:
            if submitted < started:
                raise RowError("submitted time is before started time")
            span = (submitted - started).total_seconds()
            duration_s = span if duration_s is None else duration_s
        elif started is None and submitted is not None and duration_s is not None:
            started = submitted - timedelta(seconds=duration_s)
        elif started is not None and submitted is None and duration_s is not None:
            submitted = started + timedelta(seconds=duration_s)
        if pay is not None and currency is None:
            currency = self.ctx.pay_currency
            if currency is None:
                raise RowError("pay has no currency: add a currency column or pass --pay-currency")
        country = (country or self.ctx.country_default or "").strip().upper() or None
        if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
            raise RowError(f"country {country[:40]!r} is not an ISO 3166 alpha-2 code")
        pseudo = self.ctx.pseudonymiser
        values = {
            "session_id": pseudo.pseudonymise(f"{self.source}\x00{native_id}", "session"),
            "source": self.source,
            "worker": pseudo.pseudonymise(worker_raw, "worker"),
            "country": country,
            "task": pseudo.pseudonymise(task_raw, "task") if task_raw else None,
            "started_at": started,
            "submitted_at": submitted,
            "duration_s": duration_s,
            "pay": pay,
            "currency": currency.upper() if currency else None,
            "status": status,
            "content_category": normalise_category(category),
        }
        for key, value in values.items():
            self._columns[key].append(value)

    def __len__(self) -> int:
        return len(self._columns["session_id"])

    def flush(self) -> Iterator[pa.RecordBatch]:
        """Yield the collected rows as one batch (nothing when empty) and start afresh."""
        if len(self):
            yield pa.RecordBatch.from_pydict(self._columns, schema=WORK_SESSION_SCHEMA)
            self._columns = {f.name: [] for f in WORK_SESSION_SCHEMA}

    def maybe_flush(self) -> Iterator[pa.RecordBatch]:
        if len(self) >= self.ctx.batch_rows:
            yield from self.flush()


def file_label(path: Path) -> str:
    """The name a quarantine row and the report use for a file (no directories)."""
    return path.name
