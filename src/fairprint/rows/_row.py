"""The row-level vocabulary shared by every importer: a bad row and where it is kept.

Why one type for usage logs and work logs: the ledger's ``quarantine`` table, the audit's
``audit_quarantine`` table and every report of rows that could not be read all speak of the
same thing — a file, a line (or ``None`` when the position is a JSON path given in the
reason), the raw text and the reason.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["QuarantinedRow", "RowError", "raw_text"]


class RowError(ValueError):
    """One bad row (or record, or field); the message becomes the quarantine reason."""


@dataclass(frozen=True)
class QuarantinedRow:
    """A row an importer could not turn into a record, kept for the user with its reason.

    ``raw`` is text: the line itself, the record as JSON, or (work logs) the JSON of the
    row's non-task fields with identifiers redacted.
    """

    file: str
    line: int | None
    raw: str
    reason: str


def raw_text(raw: Any) -> str:
    """The text a quarantined row keeps: strings as they are, anything else as JSON."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, Mapping):
        raw = dict(raw)
    try:
        return json.dumps(raw, default=str)
    except (ValueError, RecursionError):
        return repr(raw)[:10_000]
