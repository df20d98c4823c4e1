"""Writers of small log files that follow each source's public schema (../shared/FORMATS.md).

Tests build their fixtures with these instead of shipping opaque files, so each test shows
exactly which fields it relies on.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import zstandard


def openai_result(model: str = "dense-70b", **fields: Any) -> dict[str, Any]:
    result = {
        "object": "organization.usage.completions.result",
        "input_tokens": 1000,
        "output_tokens": 200,
        "input_cached_tokens": 300,
        "num_model_requests": 4,
        "project_id": "proj_a",
        "user_id": None,
        "api_key_id": None,
        "model": model,
        "batch": None,
    }
    result.update(fields)
    return result


def openai_page(buckets: list[tuple[int, list[dict[str, Any]]]]) -> dict[str, Any]:
    """A usage page: ``buckets`` as (start_time, results), each one day long."""
    return {
        "object": "page",
        "data": [
            {"object": "bucket", "start_time": start, "end_time": start + 86_400, "results": res}
            for start, res in buckets
        ],
        "has_more": False,
        "next_page": None,
    }


def anthropic_result(model: str = "dense-70b", **fields: Any) -> dict[str, Any]:
    result = {
        "uncached_input_tokens": 500,
        "cache_read_input_tokens": 2000,
        "cache_creation": {"ephemeral_5m_input_tokens": 100, "ephemeral_1h_input_tokens": 50},
        "output_tokens": 300,
        "server_tool_use": {"web_search_requests": 2},
        "model": model,
        "workspace_id": "wrkspc_1",
        "api_key_id": None,
        "service_tier": "standard",
        "context_window": "0-200k",
    }
    result.update(fields)
    return result


def anthropic_page(buckets: list[tuple[str, list[dict[str, Any]]]]) -> dict[str, Any]:
    return {
        "data": [
            {"starting_at": start, "ending_at": start.replace("T00", "T23"), "results": res}
            for start, res in buckets
        ],
        "has_more": False,
        "next_page": None,
    }


def otlp_attr(key: str, value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        wrapped: dict[str, Any] = {"boolValue": value}
    elif isinstance(value, int):
        wrapped = {"intValue": str(value)}
    elif isinstance(value, float):
        wrapped = {"doubleValue": value}
    else:
        wrapped = {"stringValue": value}
    return {"key": key, "value": wrapped}


def otlp_span(span_id: str, attributes: dict[str, Any], trace_id: str = "ab" * 16) -> dict:
    return {
        "traceId": trace_id,
        "spanId": span_id,
        "name": str(attributes.get("gen_ai.operation.name", "span")),
        "kind": 3,
        "startTimeUnixNano": "1767225600000000000",
        "endTimeUnixNano": "1767225601500000000",
        "attributes": [otlp_attr(k, v) for k, v in attributes.items()],
        "status": {},
    }


def otlp_line(spans: list[dict[str, Any]], service: str = "checkout") -> str:
    """One ``TracesData`` JSON line as the Collector's file exporter writes it."""
    return json.dumps(
        {
            "resourceSpans": [
                {
                    "resource": {"attributes": [otlp_attr("service.name", service)]},
                    "scopeSpans": [{"scope": {"name": "test"}, "spans": spans}],
                }
            ]
        }
    )


def write_lines(path: Path, lines: list[str], zstd: bool = False) -> Path:
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(zstandard.ZstdCompressor().compress(data) if zstd else data)
    return path


def write_json(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value, indent=2), encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def litellm_record(request_id: str, **fields: Any) -> dict[str, Any]:
    record = {
        "request_id": request_id,
        "call_type": "acompletion",
        "api_key": "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
        "spend": 0.0021,
        "total_tokens": 1300,
        "prompt_tokens": 1000,
        "completion_tokens": 300,
        "startTime": "2026-01-05 10:00:00.000",
        "endTime": "2026-01-05 10:00:02.500",
        "completionStartTime": "2026-01-05 10:00:00.400",
        "model": "dense-70b",
        "model_id": "deployment-1",
        "model_group": "dense",
        "custom_llm_provider": "acme",
        "api_base": "https://api.example.invalid",
        "user": "alice",
        "team_id": "team-search",
        "organization_id": None,
        "end_user": "",
        "status": "success",
        "request_tags": json.dumps(["prod"]),
        "cache_hit": "False",
        "metadata": json.dumps(
            {
                "usage_object": {
                    "prompt_tokens": 1000,
                    "completion_tokens": 300,
                    "prompt_tokens_details": {"cached_tokens": 400},
                    "completion_tokens_details": {"reasoning_tokens": 100},
                }
            }
        ),
    }
    record.update(fields)
    return record


def langfuse_observation(observation_id: str, **fields: Any) -> dict[str, Any]:
    observation = {
        "id": observation_id,
        "traceId": "trace-1",
        "type": "GENERATION",
        "name": "answer",
        "startTime": "2026-01-06T08:00:00.000Z",
        "endTime": "2026-01-06T08:00:03.000Z",
        "completionStartTime": "2026-01-06T08:00:00.500Z",
        "model": "dense-70b",
        "usageDetails": {"input": 700, "input_cached_tokens": 300, "output": 150, "total": 1150},
        "costDetails": {"total": 0.001},
    }
    observation.update(fields)
    return observation
