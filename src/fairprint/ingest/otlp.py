"""OpenTelemetry traces written by the Collector's file exporter (OTLP JSON lines, zstd ok).

Which spans count (inference only: agent, tool and workflow spans repeat their
children's usage), the attribute dialects and the token normalisation come from
``genai_attributes``, shared with the live doors in ``fairprint.track``. This importer reads
strictly: a span with an unreadable count, or only a total, is quarantined. An emitter whose
sub-counts exceed the total evidently reported them apart; the total is then kept as is and
``attributes.tokens_reported_apart`` says so.

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
    as_text,
    attributes_json,
    stream_rows,
)
from fairprint.ingest._io import iter_json_records
from fairprint.ingest.genai_attributes import (
    attributes_dict,
    canonical_operation,
    declared_provider,
    inference_operation,
    model_of,
    normalised_tokens,
    response_id,
)
from fairprint.rows import MAX_FLOAT

FORMAT = "otlp"


def read_otlp(path: Path, batch_rows: int = DEFAULT_BATCH_ROWS) -> Iterator[ActivityBatch]:
    """Stream the inference activities of an OTLP JSON-lines trace file."""
    return stream_rows(path, batch_rows, _rows)


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
        for where, span, resource in _spans(value, builder, line):
            try:
                row = _span_row(span, resource)
            except (RowError, KeyError, TypeError, ValueError, OverflowError) as exc:
                builder.quarantine(line, span, f"{where} (span {span.get('spanId')}): {exc}")
                continue
            if row is None:
                builder.skip()
                continue
            yield builder.add(row)
    if traces_seen == 0 and not_traces:
        raise FormatError(f"{path}: no OTLP TracesData lines found; check the file or --format")


def _items(value: Any, key: str, where: str) -> list[Any]:
    """``value[key]`` as a list (missing = empty); ``RowError`` naming the JSON path else."""
    items = value.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        raise RowError(f"{where}.{key}: must be a list")
    return items


def _spans(
    traces: dict[str, Any], builder: RowBuilder, line: int | None
) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """``(JSON path, span, resource attributes)`` of every span; bad nodes quarantined."""
    try:
        resource_list = _items(traces, "resourceSpans", "$")
    except RowError as exc:
        builder.quarantine(line, traces, str(exc))
        return
    for i, resource_spans in enumerate(resource_list):
        here = f"$.resourceSpans[{i}]"
        try:
            if not isinstance(resource_spans, dict):
                raise RowError(f"{here}: must be an object")
            resource_node = resource_spans.get("resource") or {}
            if not isinstance(resource_node, dict):
                raise RowError(f"{here}.resource: must be an object")
            resource = attributes_dict(resource_node.get("attributes"))
            scopes = _items(resource_spans, "scopeSpans", here)
        except RowError as exc:
            reason = str(exc) if str(exc).startswith("$") else f"{here}.resource: {exc}"
            builder.quarantine(line, resource_spans, reason)
            continue
        for j, scope_spans in enumerate(scopes):
            there = f"{here}.scopeSpans[{j}]"
            try:
                if not isinstance(scope_spans, dict):
                    raise RowError(f"{there}: must be an object")
                spans = _items(scope_spans, "spans", there)
            except RowError as exc:
                builder.quarantine(line, scope_spans, str(exc))
                continue
            for k, span in enumerate(spans):
                if not isinstance(span, dict):
                    builder.quarantine(line, span, f"{there}.spans[{k}]: must be an object")
                    continue
                yield f"{there}.spans[{k}]", span, resource


def _nanos_to_time(value: Any) -> datetime | None:
    if value in (None, "", "0", 0):
        return None
    nanos = int(value)
    if not 0 < nanos < 2**63:
        raise RowError(f"{value!r} nanoseconds is out of the range of dates")
    return datetime.fromtimestamp(nanos // 1_000_000_000, tz=UTC).replace(
        microsecond=(nanos % 1_000_000_000) // 1000
    )


def _span_row(span: dict[str, Any], resource: dict[str, Any]) -> dict[str, Any] | None:
    attrs = attributes_dict(span.get("attributes"))
    operation = inference_operation(attrs)
    if operation is None:
        return None
    tokens = normalised_tokens(attrs, strict=True)
    start_nanos, end_nanos = span.get("startTimeUnixNano"), span.get("endTimeUnixNano")
    duration = None
    if start_nanos and end_nanos:
        duration = min(max(0, int(end_nanos) - int(start_nanos)) / 1e9, MAX_FLOAT)
    response = response_id(attrs)
    key = ("response", response) if response else ("span", span["traceId"], span["spanId"])
    status = (span.get("status") or {}).get("code")
    return {
        "activity_id": activity_id(FORMAT, *key),
        "source": FORMAT,
        "started_at": _nanos_to_time(start_nanos),
        "ended_at": _nanos_to_time(end_nanos),
        "provider": declared_provider(attrs),
        "model": model_of(attrs),
        "region": as_text(resource.get("cloud.region") or attrs.get("cloud.region")),
        "operation": canonical_operation(operation),
        "requests": 1,
        **tokens.columns(),
        "project": as_text(resource.get("service.name")),
        "team": as_text(resource.get("fairprint.team") or attrs.get("fairprint.team")),
        "user": as_text(attrs.get("user.id") or attrs.get("enduser.id")),
        "duration_s": duration,
        "attributes": attributes_json(
            {
                "trace_id": span.get("traceId"),
                "span_id": span.get("spanId"),
                "response_id": response,
                "request_model": attrs.get("gen_ai.request.model"),
                "status": "error" if status in (2, "STATUS_CODE_ERROR") else None,
                "cost": attrs.get("gen_ai.usage.cost"),
                "tokens_reported_apart": True if tokens.reported_apart else None,
            }
        ),
    }
