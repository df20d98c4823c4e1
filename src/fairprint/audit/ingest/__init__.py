"""Work-log importers: one module per platform export, each streaming canonical sessions.

``read_work_log(path, ctx, format="auto")`` yields ``WORK_SESSION_SCHEMA`` batches and puts
unreadable rows in ``ctx.quarantine``. ``detect_format(path)`` names the format from the
file's header (or its JSON shape), and says what it found when it cannot decide.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa

from fairprint.audit.ingest import canonical, mturk, prolific, toloka
from fairprint.audit.ingest._common import IngestContext, QuarantinedRow
from fairprint.audit.ingest.labelstudio import read_labelstudio
from fairprint.errors import FormatError
from fairprint.rows import read_head

__all__ = ["FORMATS", "IngestContext", "QuarantinedRow", "detect_format", "read_work_log"]

Reader = Callable[[Path, IngestContext], Iterator[pa.RecordBatch]]

FORMATS: dict[str, Reader] = {
    "mturk": mturk.read_mturk,
    "prolific": prolific.read_prolific,
    "toloka": toloka.read_toloka,
    "labelstudio": read_labelstudio,
    "csv": canonical.read_canonical,
}

_SIGNATURES = (
    ("toloka", toloka.SIGNATURE),
    ("mturk", mturk.SIGNATURE),
    ("prolific", prolific.SIGNATURE),
    ("csv", canonical.SIGNATURE),
)


def detect_format(path: Path) -> str:
    """The format of ``path`` from its first bytes: JSON → Label Studio, else the header."""
    if not path.is_file():
        raise FormatError(f"{path}: no such file")
    head = read_head(path, 65_536)
    if head.lstrip().startswith("["):
        return "labelstudio"
    first = head.splitlines()[0] if head else ""
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=delimiter), [])
    for name, signature in _SIGNATURES:
        if all(column in header for column in signature):
            return name
    raise FormatError(
        f"{path.name}: cannot tell the work-log format from its header "
        f"({', '.join(header[:6])}...); pass --format mturk|prolific|toloka|labelstudio|csv"
    )


def read_work_log(
    path: str | Path, ctx: IngestContext, format: str = "auto"
) -> Iterator[pa.RecordBatch]:
    """Stream one work log as canonical session batches (bounded memory)."""
    path = Path(path)
    name = detect_format(path) if format == "auto" else format
    if name not in FORMATS:
        raise FormatError(f"unknown work-log format {format!r}; use one of {', '.join(FORMATS)}")
    if not path.is_file():
        raise FormatError(f"{path}: no such file")
    return FORMATS[name](path, ctx)
