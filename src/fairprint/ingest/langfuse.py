"""Langfuse observation exports (public API pages, a JSON list, or JSON lines).

Only ``GENERATION`` and ``EMBEDDING`` observations are model calls; spans, events, agent
and tool observations are skipped. ``usageDetails`` is a map of usage types; Langfuse sums
them to a total, so by its convention they are additive (``input`` excludes the cached
types). When a ``total`` is given and the types sum to more than it, the emitter reported
``input``/``output`` inclusive of their cache/reasoning parts and those are subtracted
(``attributes.tokens_inclusive`` says so). The deprecated ``usage{input, output, unit}``
is read when ``usageDetails`` is absent; a unit other than tokens is quarantined.

activity_id = hash of the observation ``id``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fairprint.ingest._batch import (
    DEFAULT_BATCH_ROWS,
    ActivityBatch,
    RowError,
    activity_id,
    as_count,
    as_text,
    as_time,
    attributes_json,
)
from fairprint.ingest._records import json_field, read_records

FORMAT = "langfuse"
COUNTED_TYPES = {"GENERATION": "chat", "EMBEDDING": "embeddings"}


def read_langfuse(path: Path, batch_rows: int = DEFAULT_BATCH_ROWS) -> Iterator[ActivityBatch]:
    """Stream the activities of a Langfuse observations export."""
    return read_records(path, batch_rows, _observation_row)


def split_usage(details: dict[str, Any]) -> tuple[dict[str, int], bool]:
    """Canonical token columns from a Langfuse usage-details map, and whether inclusive."""
    parts = {"input": 0, "cached": 0, "cache_write": 0, "output": 0, "reasoning": 0}
    total = None
    for key, value in details.items():
        name = key.lower()
        if name in ("total", "unit") or value is None:
            if name == "total":
                total = as_count(value, f"usageDetails.{key}")
            continue
        count = as_count(value, f"usageDetails.{key}")
        if "cache_read" in name or "cached" in name:
            parts["cached"] += count
        elif "cache_creation" in name or "cache_write" in name:
            parts["cache_write"] += count
        elif "reasoning" in name:
            parts["reasoning"] += count
        elif "output" in name or "completion" in name:
            parts["output"] += count
        elif "input" in name or "prompt" in name:
            parts["input"] += count
    inclusive = total is not None and sum(parts.values()) > total
    if inclusive:
        parts["input"] = max(0, parts["input"] - parts["cached"] - parts["cache_write"])
        parts["output"] = max(0, parts["output"] - parts["reasoning"])
    return parts, inclusive


def _observation_row(record: Any) -> dict[str, Any] | None:
    if not isinstance(record, dict):
        raise RowError("an observation must be an object")
    kind = str(record.get("type") or "").upper()
    if kind not in COUNTED_TYPES:
        return None
    observation_id = as_text(record.get("id"))
    if observation_id is None:
        raise RowError("id: missing")
    details = json_field(record.get("usageDetails"))
    if not details:
        usage = json_field(record.get("usage")) or {}
        unit = str(usage.get("unit") or "TOKENS").upper()
        if unit != "TOKENS":
            raise RowError(f"usage.unit: {unit} is not tokens; cannot estimate from it")
        details = {"input": usage.get("input"), "output": usage.get("output")}
    if not isinstance(details, dict):
        raise RowError("usageDetails: must be an object")
    parts, inclusive = split_usage(details)
    started = as_time(record.get("startTime"), "startTime")
    ended = as_time(record.get("endTime"), "endTime")
    return {
        "activity_id": activity_id(FORMAT, observation_id),
        "source": FORMAT,
        "started_at": started,
        "ended_at": ended,
        "provider": as_text(record.get("provider")),
        "model": as_text(record.get("model") or record.get("providedModelName")),
        "operation": COUNTED_TYPES[kind],
        "requests": 1,
        "input_tokens": parts["input"],
        "cached_input_tokens": parts["cached"],
        "cache_write_tokens": parts["cache_write"],
        "output_tokens": parts["output"],
        "reasoning_tokens": parts["reasoning"],
        "project": as_text(record.get("projectId")),
        "user": as_text(record.get("userId")),
        "duration_s": (ended - started).total_seconds() if started and ended else None,
        "attributes": attributes_json(
            {
                "observation_id": observation_id,
                "trace_id": record.get("traceId"),
                "name": record.get("name"),
                "cost_details": json_field(record.get("costDetails")),
                "tokens_inclusive": True if inclusive else None,
            }
        ),
    }
