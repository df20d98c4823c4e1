"""OpenTelemetry traces written by the Collector's file exporter (OTLP JSON lines, zstd ok).

Only inference spans count (``chat``, ``text_completion``, ``generate_content``,
``embeddings``): agent, tool and workflow spans repeat their children's usage. Every
attribute dialect in circulation is read: ``gen_ai.provider.name`` or the older
``gen_ai.system``; ``input/output_tokens`` or the older ``prompt/completion_tokens``; the
cache and reasoning keys of both generations.

Per the semantic conventions ``gen_ai.usage.input_tokens`` includes cached and
cache-creation tokens and output includes reasoning, so those are subtracted. An emitter
whose sub-counts exceed the total evidently reported them apart; the total is then kept as
is and ``attributes.tokens_reported_apart`` says so.

activity_id = hash of ``gen_ai.response.id`` when present (so the same response seen in two
spans or two files counts once), else of trace and span id.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fairprint.errors import FormatError
from fairprint.ingest._batch import (
    DEFAULT_BATCH_ROWS,
    ActivityBatch,
    RowBuilder,
    RowError,
    activity_id,
    as_count,
    as_text,
    attributes_json,
    drain,
    split_inclusive,
)
from fairprint.ingest._io import iter_json_records

FORMAT = "otlp"
INFERENCE_OPERATIONS = frozenset(
    {"chat", "text_completion", "generate_content", "embeddings", "completion", "embedding"}
)
OPERATION_NAMES = {"completion": "text_completion", "embedding": "embeddings"}

INPUT_KEYS = ("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens")
OUTPUT_KEYS = ("gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens")
CACHE_READ_KEYS = ("gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens")
CACHE_WRITE_KEYS = (
    "gen_ai.usage.cache_creation.input_tokens",
    "gen_ai.usage.cache_creation_input_tokens",
)
REASONING_KEYS = ("gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens")
TOTAL_KEYS = ("llm.usage.total_tokens", "gen_ai.usage.total_tokens")


def read_otlp(path: Path, batch_rows: int = DEFAULT_BATCH_ROWS) -> Iterator[ActivityBatch]:
    """Stream the inference activities of an OTLP JSON-lines trace file."""
    builder = RowBuilder(str(path), batch_rows)
    yield from drain(builder, _rows(Path(path), builder))


def attribute_value(value: dict[str, Any]) -> Any:
    """The Python value of an OTLP ``AnyValue`` (int64 arrive as strings in OTLP JSON)."""
    if not isinstance(value, dict):
        return value
    if "stringValue" in value:
        return value["stringValue"]
    if "intValue" in value:
        return int(value["intValue"])
    if "doubleValue" in value:
        return float(value["doubleValue"])
    if "boolValue" in value:
        return bool(value["boolValue"])
    if "arrayValue" in value:
        return [attribute_value(v) for v in value["arrayValue"].get("values", [])]
    if "kvlistValue" in value:
        return attributes_dict(value["kvlistValue"].get("values", []))
    return None


def attributes_dict(items: list[dict[str, Any]] | None) -> dict[str, Any]:
    return {item["key"]: attribute_value(item.get("value", {})) for item in items or []}


def _rows(path: Path, builder: RowBuilder) -> Iterator[ActivityBatch | None]:
    traces_seen = not_traces = 0
    for line, value, error in iter_json_records(path):
        if error is not None:
            not_traces += 1
            builder.quarantine(line, value, error)
            continue
        if not isinstance(value, dict) or "resourceSpans" not in value:
            if isinstance(value, dict) and ("resourceMetrics" in value or "resourceLogs" in value):
                builder.skip()
                continue
            not_traces += 1
            builder.quarantine(line, value, "not an OTLP TracesData object (no resourceSpans)")
            continue
        traces_seen += 1
        for resource_spans in value.get("resourceSpans") or []:
            resource = attributes_dict((resource_spans.get("resource") or {}).get("attributes"))
            for scope_spans in resource_spans.get("scopeSpans") or []:
                for span in scope_spans.get("spans") or []:
                    try:
                        row = _span_row(span, resource)
                    except (RowError, KeyError, TypeError, ValueError) as exc:
                        builder.quarantine(line, span, f"span {span.get('spanId')}: {exc}")
                        continue
                    if row is None:
                        builder.skip()
                        continue
                    yield builder.add(row)
    if traces_seen == 0 and not_traces:
        raise FormatError(f"{path}: no OTLP TracesData lines found; check the file or --format")


def _first(attrs: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if key in attrs:
            return attrs[key]
    return None


def _nanos_to_time(value: Any) -> datetime | None:
    if value in (None, "", "0", 0):
        return None
    nanos = int(value)
    return datetime.fromtimestamp(nanos // 1_000_000_000, tz=UTC).replace(
        microsecond=(nanos % 1_000_000_000) // 1000
    )


def _span_row(span: dict[str, Any], resource: dict[str, Any]) -> dict[str, Any] | None:
    attrs = attributes_dict(span.get("attributes"))
    operation = attrs.get("gen_ai.operation.name") or attrs.get("llm.request.type")
    if operation is None or str(operation).lower() not in INFERENCE_OPERATIONS:
        return None
    operation = OPERATION_NAMES.get(str(operation).lower(), str(operation).lower())
    raw_input = _first(attrs, INPUT_KEYS)
    raw_output = _first(attrs, OUTPUT_KEYS)
    if raw_input is None and raw_output is None and _first(attrs, TOTAL_KEYS) is not None:
        raise RowError("only a total token count is given; cannot split input from output")
    cached = as_count(_first(attrs, CACHE_READ_KEYS), "cache read tokens")
    cache_write = as_count(_first(attrs, CACHE_WRITE_KEYS), "cache creation tokens")
    reasoning = as_count(_first(attrs, REASONING_KEYS), "reasoning tokens")
    fresh, input_apart = split_inclusive(as_count(raw_input, "input tokens"), cached, cache_write)
    output, output_apart = split_inclusive(as_count(raw_output, "output tokens"), reasoning)
    start_nanos, end_nanos = span.get("startTimeUnixNano"), span.get("endTimeUnixNano")
    duration = None
    if start_nanos and end_nanos:
        duration = max(0, int(end_nanos) - int(start_nanos)) / 1e9
    response_id = as_text(attrs.get("gen_ai.response.id"))
    key = ("response", response_id) if response_id else ("span", span["traceId"], span["spanId"])
    provider = attrs.get("gen_ai.provider.name") or attrs.get("gen_ai.system")
    status = (span.get("status") or {}).get("code")
    return {
        "activity_id": activity_id(FORMAT, *key),
        "source": FORMAT,
        "started_at": _nanos_to_time(start_nanos),
        "ended_at": _nanos_to_time(end_nanos),
        "provider": str(provider).strip().lower() if provider else None,
        "model": as_text(attrs.get("gen_ai.response.model") or attrs.get("gen_ai.request.model")),
        "region": as_text(resource.get("cloud.region") or attrs.get("cloud.region")),
        "operation": operation,
        "requests": 1,
        "input_tokens": fresh,
        "cached_input_tokens": cached,
        "cache_write_tokens": cache_write,
        "output_tokens": output,
        "reasoning_tokens": reasoning,
        "project": as_text(resource.get("service.name")),
        "team": as_text(resource.get("fairprint.team") or attrs.get("fairprint.team")),
        "user": as_text(attrs.get("user.id") or attrs.get("enduser.id")),
        "duration_s": duration,
        "attributes": attributes_json(
            {
                "trace_id": span.get("traceId"),
                "span_id": span.get("spanId"),
                "response_id": response_id,
                "request_model": attrs.get("gen_ai.request.model"),
                "status": "error" if status in (2, "STATUS_CODE_ERROR") else None,
                "cost": attrs.get("gen_ai.usage.cost"),
                "tokens_reported_apart": True if (input_apart or output_apart) else None,
            }
        ),
    }
