"""OpenAI organization Usage API exports (completions, embeddings, images, audio).

Each result of a bucket is an aggregate of ``num_model_requests`` requests. OpenAI's
``input_tokens`` *include* ``input_cached_tokens``, so fresh input = input − cached. The
usage API does not break reasoning tokens out of ``output_tokens``: they stay counted as
output, and ``attributes.reasoning_in_output`` says so.

activity_id hashes the result type, the bucket's start/end and every group-by field, so
an overlapping export (the same bucket fetched twice) is recognised as already known.
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
    split_inclusive,
)
from fairprint.ingest._pages import read_buckets

FORMAT = "openai-usage"

OPERATIONS = {
    "organization.usage.completions.result": "chat",
    "organization.usage.embeddings.result": "embeddings",
    "organization.usage.images.result": "image_generation",
    "organization.usage.audio_speeches.result": "text_to_speech",
    "organization.usage.audio_transcriptions.result": "speech_to_text",
    "organization.usage.moderations.result": "moderation",
    "organization.usage.vector_stores.result": "vector_store",
    "organization.usage.code_interpreter_sessions.result": "code_interpreter",
}
GROUP_FIELDS = (
    "model",
    "project_id",
    "user_id",
    "api_key_id",
    "service_tier",
    "batch",
    "size",
    "source",
)
EXTRA_FIELDS = (
    "input_audio_tokens",
    "output_audio_tokens",
    "images",
    "characters",
    "seconds",
    "num_sessions",
    "usage_bytes",
)


def read_openai_usage(path: Path, batch_rows: int = DEFAULT_BATCH_ROWS) -> Iterator[ActivityBatch]:
    """Stream the activities of an OpenAI usage export (a page, JSON lines of pages, a list)."""
    return read_buckets(path, batch_rows, ("start_time",), "OpenAI usage", _result_row)


def _result_row(bucket: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    kind = str(result.get("object", "organization.usage.completions.result"))
    started = as_time(bucket.get("start_time"), "start_time")
    ended = as_time(bucket.get("end_time"), "end_time")
    if started is None:
        raise RowError("start_time: missing")
    cached = as_count(result.get("input_cached_tokens"), "input_cached_tokens")
    fresh, exclusive = split_inclusive(as_count(result.get("input_tokens"), "input_tokens"), cached)
    groups = {name: result.get(name) for name in GROUP_FIELDS}
    extras = {name: result.get(name) for name in EXTRA_FIELDS}
    return {
        "activity_id": activity_id(
            FORMAT,
            kind,
            bucket.get("start_time"),
            bucket.get("end_time"),
            *(groups[name] for name in GROUP_FIELDS),
        ),
        "source": FORMAT,
        "started_at": started,
        "ended_at": ended,
        "provider": "openai",
        "model": as_text(result.get("model")),
        "operation": OPERATIONS.get(kind, kind.rsplit(".", 2)[-2] if "." in kind else kind),
        "requests": as_count(result.get("num_model_requests"), "num_model_requests"),
        "input_tokens": fresh,
        "cached_input_tokens": cached,
        "output_tokens": as_count(result.get("output_tokens"), "output_tokens"),
        "project": as_text(result.get("project_id")),
        "user": as_text(result.get("user_id")),
        "attributes": attributes_json(
            {
                "api_key_id": groups["api_key_id"],
                "service_tier": groups["service_tier"],
                "batch": groups["batch"],
                "size": groups["size"],
                "source": groups["source"],
                "reasoning_in_output": True if kind.endswith("completions.result") else None,
                "cached_reported_apart": True if exclusive else None,
                **extras,
            }
        ),
    }
