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


def _nanos_to_time(value: Any) -> datetime | None:
    if value in (None, "", "0", 0):
        return None
    nanos = int(value)
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
        duration = max(0, int(end_nanos) - int(start_nanos)) / 1e9
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
