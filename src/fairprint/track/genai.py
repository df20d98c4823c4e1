"""Inference spans → canonical activity rows for the live doors (span processor, OTLP receiver).

The reading of gen_ai attributes itself (dialects, which spans count, token normalisation,
the response-id key) is ``fairprint.ingest.genai_attributes``, shared with the file importer
so that a trace counts the same however it arrives. What is particular to the live doors:
they read leniently (a span is never rejected; a lone total counts as input and says so),
a span that declares no operation but carries a provider and usage counts as ``chat``, and
response ids are remembered in a bounded ``SeenIds``.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from fairprint.activities import TOKEN_COLUMNS
from fairprint.ingest import (
    activity_id,
    attributes_dict,
    inference_operation,
    model_of,
    normalised_tokens,
    provider_of,
    response_id,
)
from fairprint.track._records import MAX_TOKENS_PER_CALL


def span_activity_id(source: str, response: str | None, span_key: str) -> str:
    """The activity id of an inference span, the same whichever door it came through.

    A span with a response id gets exactly the id the OTLP file importer gives it
    (``ingest.otlp``), so a response seen live by the span processor or the receiver and
    again in a Collector file export counts once in the ledger.
    """
    if response:
        return activity_id("otlp", "response", response)
    return hashlib.sha256(f"{source}|{span_key}".encode()).hexdigest()[:32]


def operation_of(attributes: Mapping[str, Any]) -> str | None:
    """The inference operation of a span, or ``None`` when the span must not be counted."""
    return inference_operation(attributes, infer_undeclared=True)


def activity_from_attributes(
    attributes: Mapping[str, Any],
    start_ns: int | None,
    end_ns: int | None,
    *,
    source: str,
    span_key: str = "",
    project: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    """One canonical activity row for an inference span, or ``None`` for any other span."""
    operation = operation_of(attributes)
    if operation is None:
        return None
    notes: dict[str, Any] = dict(extra or {})
    tokens = normalised_tokens(attributes, strict=False)
    if tokens.total_only:
        notes["token_split"] = "unknown: only a total was reported, counted as input"
    response = response_id(attributes)
    if response is not None:
        notes["response_id"] = response
    if attributes.get("gen_ai.usage.cost") is not None:
        notes["cost"] = attributes["gen_ai.usage.cost"]
    return {
        "activity_id": span_activity_id(source, response, span_key),
        "source": source,
        "started_at": _time(start_ns),
        "ended_at": _time(end_ns),
        "provider": provider_of(attributes),
        "model": model_of(attributes),
        "region": None,
        "operation": operation,
        "requests": 1,
        **tokens.columns(),
        "project": project,
        "team": None,
        "user": None,
        "duration_s": (end_ns - start_ns) / 1e9 if start_ns and end_ns else None,
        "measured_energy_kwh": None,
        "hardware": None,
        "attributes": json.dumps(notes, sort_keys=True, default=str),
    }


def unstorable(row: Mapping[str, Any]) -> str | None:
    """Why an activity row cannot be stored (a token count out of range), or None.

    Why here: one span with a count of 1e23 must cost that span only, not the batch it
    arrived with (Arrow refuses the whole table), in the receiver and the span processor.
    """
    for name in TOKEN_COLUMNS:
        value = row.get(name)
        if value is not None and not (type(value) is int and 0 <= value <= MAX_TOKENS_PER_CALL):
            return f"{name}={value!r} is not a count in 0..{MAX_TOKENS_PER_CALL}"
    return None


def _time(unix_ns: int | None) -> datetime | None:
    return datetime.fromtimestamp(unix_ns / 1e9, tz=UTC) if unix_ns else None


def activities_from_otlp(
    traces: Mapping[str, Any], *, source: str = "otlp", project: str | None = None
) -> Iterator[dict[str, Any]]:
    """Activity rows for the inference spans of one OTLP ``TracesData``/export request.

    ``project`` defaults to the resource's ``service.name``.
    """
    for resource_spans in traces.get("resourceSpans", []):
        resource = attributes_dict((resource_spans.get("resource") or {}).get("attributes"))
        service = resource.get("service.name")
        for scope_spans in resource_spans.get("scopeSpans", []):
            for span in scope_spans.get("spans", []):
                row = activity_from_attributes(
                    attributes_dict(span.get("attributes")),
                    int(span.get("startTimeUnixNano") or 0),
                    int(span.get("endTimeUnixNano") or 0),
                    source=source,
                    span_key=f"{span.get('traceId', '')}:{span.get('spanId', '')}",
                    project=project or service,
                    extra={"service.name": service} if service else None,
                )
                if row is not None:
                    yield row


class SeenIds:
    """A bounded memory of response ids, to count each response once (oldest forgotten)."""

    def __init__(self, capacity: int = 100_000) -> None:
        self.capacity = capacity
        self._ids: OrderedDict[str, None] = OrderedDict()

    def __contains__(self, key: str) -> bool:
        return key in self._ids

    def first_time(self, key: str) -> bool:
        if key in self._ids:
            self._ids.move_to_end(key)
            return False
        self._ids[key] = None
        if len(self._ids) > self.capacity:
            self._ids.popitem(last=False)
        return True
