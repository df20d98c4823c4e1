"""What every work-log importer shares: the context, the quarantine and a batch builder.

Importers turn native rows into canonical work sessions (``schema.WORK_SESSION_SCHEMA``)
in batches, so memory stays bounded whatever the file size. A row that cannot be read is
never guessed at: it goes to the quarantine with its file, line and reason, and its raw
identifier fields are redacted before it is kept.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa

from fairprint.audit.pseudonym import Pseudonymiser
from fairprint.audit.schema import STATUSES, WORK_SESSION_SCHEMA, normalise_category

__all__ = [
    "REDACTED",
    "BadRow",
    "IngestContext",
    "QuarantinedRow",
    "SessionBuilder",
    "parse_money",
    "parse_number",
    "parse_timestamp",
]

REDACTED = "<redacted>"
BATCH_ROWS = 65_536
QUARANTINE_KEEP = 10_000


class BadRow(ValueError):
    """A row-level problem; the message becomes the quarantine reason."""


@dataclass(frozen=True)
class QuarantinedRow:
    """A row the audit could not use: where it was, why, and its fields (ids redacted)."""

    file: str
    line: int
    reason: str
    raw: Mapping[str, str | None]


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
        self.quarantined_total += 1
        if len(self.quarantine) < QUARANTINE_KEEP:
            self.quarantine.append(QuarantinedRow(file, line, reason, dict(raw)))

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def redact(raw: Mapping[str, str | None], id_fields: Sequence[str]) -> dict[str, str | None]:
    """The raw row with identifier fields replaced, keeping only ``raw``'s own keys."""
    return {k: (REDACTED if k in id_fields and v not in (None, "") else v) for k, v in raw.items()}


_NUMBER = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")
_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "₹": "INR", "₱": "PHP"}


def parse_number(text: str | None, name: str) -> float | None:
    """A finite float, ``None`` for an empty cell; ``BadRow`` naming the field otherwise."""
    if text is None or not text.strip():
        return None
    if not _NUMBER.match(text):
        raise BadRow(f"{name}: {text.strip()[:40]!r} is not a number")
    value = float(text)
    if not math.isfinite(value) or value < 0:
        raise BadRow(f"{name}: {text.strip()[:40]!r} must be a non-negative number")
    return value


def parse_money(text: str | None, name: str) -> tuple[float | None, str | None]:
    """``"$0.05"`` → (0.05, "USD"); ``"1.50 GBP"`` → (1.5, "GBP"); ``"0.3"`` → (0.3, None)."""
    if text is None or not text.strip():
        return None, None
    value = text.strip()
    currency = None
    for symbol, code in _SYMBOLS.items():
        if value.startswith(symbol):
            value, currency = value[len(symbol) :], code
            break
    match = re.match(r"^([-+0-9.eE]+)\s*([A-Za-z]{3})?$", value)
    if not match:
        raise BadRow(f"{name}: {text.strip()[:40]!r} is not an amount")
    if match.group(2):
        currency = match.group(2).upper()
    return parse_number(match.group(1), name), currency


_TZ_ABBREVIATIONS = {"UTC": 0, "GMT": 0, "Z": 0, "PST": -8, "PDT": -7, "EST": -5, "EDT": -4}
_MTURK_TIME = re.compile(
    r"^\w{3} (?P<rest>\w{3} \d{1,2} \d{2}:\d{2}:\d{2}) (?P<tz>[A-Z]{1,4}) (?P<year>\d{4})$"
)


def parse_timestamp(text: str | None, name: str) -> datetime | None:
    """An aware UTC datetime from ISO 8601 (naive = UTC) or MTurk's ``Fri Nov 01 ... 2024``."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    match = _MTURK_TIME.match(value)
    if match:
        offset = _TZ_ABBREVIATIONS.get(match.group("tz"))
        if offset is None:
            raise BadRow(f"{name}: time zone {match.group('tz')!r} is not known")
        naive = datetime.strptime(
            f"{match.group('rest')} {match.group('year')}", "%b %d %H:%M:%S %Y"
        )
        return (naive - timedelta(hours=offset)).replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(value.replace(" UTC", "+00:00"))
    except ValueError:
        raise BadRow(f"{name}: {value[:40]!r} is not a date-time (use ISO 8601)") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


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
            raise BadRow(f"status {status!r} is not one of {', '.join(STATUSES)}")
        if started is not None and submitted is not None:
            if submitted < started:
                raise BadRow("submitted time is before started time")
            span = (submitted - started).total_seconds()
            duration_s = span if duration_s is None else duration_s
        elif started is None and submitted is not None and duration_s is not None:
            started = submitted - timedelta(seconds=duration_s)
        elif started is not None and submitted is None and duration_s is not None:
            submitted = started + timedelta(seconds=duration_s)
        if pay is not None and currency is None:
            currency = self.ctx.pay_currency
            if currency is None:
                raise BadRow("pay has no currency: add a currency column or pass --pay-currency")
        country = (country or self.ctx.country_default or "").strip().upper() or None
        if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
            raise BadRow(f"country {country[:40]!r} is not an ISO 3166 alpha-2 code")
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
