"""Importers: usage logs of every kind → canonical activity batches, streamed.

One module per source format; each reads in bounded memory and yields ``ActivityBatch``
objects (an Arrow batch in ``ACTIVITY_SCHEMA`` plus the rows it had to quarantine).
``read_activities`` picks the importer, detecting the format when asked to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from fairprint.errors import FormatError
from fairprint.ingest._batch import ActivityBatch, QuarantinedRow, activity_id
from fairprint.ingest.anthropic_usage import read_anthropic_usage
from fairprint.ingest.canonical import read_canonical_csv, read_canonical_jsonl
from fairprint.ingest.detect import FORMATS, detect_format
from fairprint.ingest.genai_attributes import (
    attributes_dict,
    dedup_key,
    inference_operation,
    model_of,
    normalised_tokens,
    provider_of,
    response_id,
)
from fairprint.ingest.langfuse import read_langfuse
from fairprint.ingest.litellm import read_litellm
from fairprint.ingest.openai_usage import read_openai_usage
from fairprint.ingest.otlp import read_otlp
from fairprint.rows import gate_activities

__all__ = [
    "FORMATS",
    "ActivityBatch",
    "QuarantinedRow",
    "activity_id",
    "attributes_dict",
    "dedup_key",
    "detect_format",
    "inference_operation",
    "model_of",
    "normalised_tokens",
    "provider_of",
    "read_activities",
    "resolve_format",
    "response_id",
]

READERS: dict[str, Callable[[Path], Iterator[ActivityBatch]]] = {
    "openai-usage": read_openai_usage,
    "anthropic-usage": read_anthropic_usage,
    "otlp": read_otlp,
    "litellm": read_litellm,
    "langfuse": read_langfuse,
    "csv": read_canonical_csv,
    "jsonl": read_canonical_jsonl,
}


def resolve_format(path: Path, format: str = "auto") -> str:
    """The format to read ``path`` with: ``format`` itself, or the detected one for ``auto``."""
    if format == "auto":
        return detect_format(path)
    if format not in READERS:
        raise FormatError(f"unknown format {format!r}; choose auto or one of: {', '.join(FORMATS)}")
    if not Path(path).is_file():
        raise FormatError(f"{path}: no such file")
    return format


def read_activities(path: Path | str, format: str = "auto") -> Iterator[ActivityBatch]:
    """Stream the activities of a log file as canonical batches with their quarantined rows.

    Every batch passes the row layer's gate (``fairprint.rows.gate_activities``) on its
    way out, whatever the importer: limits on counts and floats, text without control
    characters.
    """
    path = Path(path)
    return _gated(READERS[resolve_format(path, format)](path), str(path))


def _gated(batches: Iterator[ActivityBatch], file: str) -> Iterator[ActivityBatch]:
    for batch in batches:
        activities, refused = gate_activities(batch.activities, file)
        yield ActivityBatch(activities, [*batch.quarantined, *refused], batch.skipped)
