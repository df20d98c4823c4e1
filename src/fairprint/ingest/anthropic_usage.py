"""Anthropic usage report exports (``/v1/organizations/usage_report/messages``).

Anthropic reports prompt tokens already split: ``uncached_input_tokens`` (fresh),
``cache_read_input_tokens`` and ``cache_creation`` (5-minute and 1-hour cache writes), so
nothing is subtracted. The report does not count requests: ``requests`` is 0 and
``attributes.requests_unknown`` says so. Reasoning (extended thinking) is billed as
output and not broken out.
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
from fairprint.ingest._pages import read_buckets

FORMAT = "anthropic-usage"
GROUP_FIELDS = (
    "model",
    "workspace_id",
    "api_key_id",
    "service_tier",
    "context_window",
    "inference_geo",
)


def read_anthropic_usage(
    path: Path, batch_rows: int = DEFAULT_BATCH_ROWS
) -> Iterator[ActivityBatch]:
    """Stream the activities of an Anthropic usage report export."""
    return read_buckets(path, batch_rows, ("starting_at",), "Anthropic usage", _result_row)


def _result_row(bucket: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    started = as_time(bucket.get("starting_at"), "starting_at")
    if started is None:
        raise RowError("starting_at: missing")
    creation = result.get("cache_creation") or {}
    if not isinstance(creation, dict):
        raise RowError("cache_creation: must be an object")
    cache_write = as_count(
        creation.get("ephemeral_5m_input_tokens"), "cache_creation.ephemeral_5m_input_tokens"
    ) + as_count(
        creation.get("ephemeral_1h_input_tokens"), "cache_creation.ephemeral_1h_input_tokens"
    )
    tools = result.get("server_tool_use") or {}
    groups = [result.get(name) for name in GROUP_FIELDS]
    return {
        "activity_id": activity_id(
            FORMAT, bucket.get("starting_at"), bucket.get("ending_at"), *groups
        ),
        "source": FORMAT,
        "started_at": started,
        "ended_at": as_time(bucket.get("ending_at"), "ending_at"),
        "provider": "anthropic",
        "model": as_text(result.get("model")),
        "operation": "chat",
        "requests": 0,
        "input_tokens": as_count(result.get("uncached_input_tokens"), "uncached_input_tokens"),
        "cached_input_tokens": as_count(
            result.get("cache_read_input_tokens"), "cache_read_input_tokens"
        ),
        "cache_write_tokens": cache_write,
        "output_tokens": as_count(result.get("output_tokens"), "output_tokens"),
        "project": as_text(result.get("workspace_id")),
        "attributes": attributes_json(
            {
                "requests_unknown": True,
                "api_key_id": result.get("api_key_id"),
                "service_tier": result.get("service_tier"),
                "context_window": result.get("context_window"),
                "inference_geo": result.get("inference_geo"),
                "web_search_requests": tools.get("web_search_requests")
                if isinstance(tools, dict)
                else None,
            }
        ),
    }
