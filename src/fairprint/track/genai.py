"""OpenTelemetry gen_ai span attributes → canonical activity rows (every dialect in FORMATS.md).

Why one reader for both the span processor and the OTLP receiver: instrumentations disagree
on names (``gen_ai.provider.name`` vs ``gen_ai.system``, ``input_tokens`` vs
``prompt_tokens``, two spellings of the cache counters), and agent or workflow spans repeat
their children's usage. Deciding here, once, which spans count and how their tokens
normalise keeps a trace from being counted differently depending on how it arrived.

Normalisation (OTel semantic conventions v1.41): ``gen_ai.usage.input_tokens`` includes
cache reads and writes and is reduced by both; output tokens include reasoning tokens, as in
the OpenAI usage the instrumentations copy, and are reduced by them.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

INFERENCE_OPERATIONS = frozenset(
    {"chat", "text_completion", "completion", "generate_content", "embeddings", "embedding"}
)
"""Operations that are one model inference each; agent, tool and workflow spans are not."""

PROVIDER_NAMES = {
    "gcp.gemini": "google",
    "gcp.vertex_ai": "google",
    "gcp.gen_ai": "google",
    "gemini": "google",
    "vertex_ai": "google",
    "aws.bedrock": "bedrock",
    "azure.ai.openai": "azure",
    "azure.ai.inference": "azure",
    "az.ai.openai": "azure",
    "az.ai.inference": "azure",
    "mistral_ai": "mistral",
    "mistralai": "mistral",
}

_INPUT = ("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens")
_OUTPUT = ("gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens")
_CACHE_READ = ("gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens")
_CACHE_WRITE = (
    "gen_ai.usage.cache_creation.input_tokens",
    "gen_ai.usage.cache_creation_input_tokens",
)
_REASONING = ("gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens")
_TOTAL = ("llm.usage.total_tokens", "gen_ai.usage.total_tokens")


def _first(attributes: Mapping[str, Any], names: Iterable[str]) -> Any:
    for name in names:
        value = attributes.get(name)
        if value is not None:
            return value
    return None


def _int(value: Any) -> int:
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return 0
    return max(number, 0)


def operation_of(attributes: Mapping[str, Any]) -> str | None:
    """The inference operation of a span, or ``None`` when the span must not be counted.

    Spans without ``gen_ai.operation.name`` count only when an older convention names an
    inference (``llm.request.type``) or when they carry a gen_ai provider and token usage.
    """
    operation = attributes.get("gen_ai.operation.name")
    if operation is None:
        operation = attributes.get("llm.request.type")
    if operation is not None:
        operation = str(operation).lower()
        return operation if operation in INFERENCE_OPERATIONS else None
    has_provider = _first(attributes, ("gen_ai.provider.name", "gen_ai.system")) is not None
    has_tokens = _first(attributes, (*_INPUT, *_OUTPUT)) is not None
    return "chat" if has_provider and has_tokens else None


def provider_of(attributes: Mapping[str, Any]) -> str | None:
    raw = _first(attributes, ("gen_ai.provider.name", "gen_ai.system"))
    if raw is None:
        return None
    name = str(raw).strip().lower()
    return PROVIDER_NAMES.get(name, name)


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
    prompt = _first(attributes, _INPUT)
    completion = _first(attributes, _OUTPUT)
    if prompt is None and completion is None and _first(attributes, _TOTAL) is not None:
        prompt = _first(attributes, _TOTAL)
        notes["token_split"] = "unknown: only a total was reported, counted as input"
    cached = _int(_first(attributes, _CACHE_READ))
    written = _int(_first(attributes, _CACHE_WRITE))
    reasoning = _int(_first(attributes, _REASONING))
    response_id = attributes.get("gen_ai.response.id")
    if response_id is not None:
        notes["response_id"] = str(response_id)
    if attributes.get("gen_ai.usage.cost") is not None:
        notes["cost"] = attributes["gen_ai.usage.cost"]
    native = str(response_id) if response_id is not None else span_key
    started = _time(start_ns)
    ended = _time(end_ns)
    return {
        "activity_id": hashlib.sha256(f"{source}|{native}".encode()).hexdigest()[:32],
        "source": source,
        "started_at": started,
        "ended_at": ended,
        "provider": provider_of(attributes),
        "model": _first(attributes, ("gen_ai.response.model", "gen_ai.request.model")),
        "region": None,
        "operation": operation,
        "requests": 1,
        "input_tokens": max(_int(prompt) - cached - written, 0),
        "cached_input_tokens": cached,
        "cache_write_tokens": written,
        "output_tokens": max(_int(completion) - reasoning, 0),
        "reasoning_tokens": reasoning,
        "project": project,
        "team": None,
        "user": None,
        "duration_s": (end_ns - start_ns) / 1e9 if start_ns and end_ns else None,
        "measured_energy_kwh": None,
        "hardware": None,
        "attributes": json.dumps(notes, sort_keys=True, default=str),
    }


def _time(unix_ns: int | None) -> datetime | None:
    return datetime.fromtimestamp(unix_ns / 1e9, tz=UTC) if unix_ns else None


# -- OTLP JSON (and protobuf turned into the same dict shape) ----------------------------------
def any_value(value: Mapping[str, Any]) -> Any:
    """Decode an OTLP ``AnyValue`` (int64 arrive as strings in OTLP JSON)."""
    if "stringValue" in value:
        return value["stringValue"]
    if "intValue" in value:
        return int(value["intValue"])
    if "doubleValue" in value:
        return float(value["doubleValue"])
    if "boolValue" in value:
        return bool(value["boolValue"])
    if "arrayValue" in value:
        return [any_value(v) for v in value["arrayValue"].get("values", [])]
    if "kvlistValue" in value:
        return key_values(value["kvlistValue"].get("values", []))
    return None


def key_values(items: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    return {item["key"]: any_value(item.get("value") or {}) for item in items}


def activities_from_otlp(
    traces: Mapping[str, Any], *, source: str = "otlp", project: str | None = None
) -> Iterator[dict[str, Any]]:
    """Activity rows for the inference spans of one OTLP ``TracesData``/export request.

    ``project`` defaults to the resource's ``service.name``.
    """
    for resource_spans in traces.get("resourceSpans", []):
        resource = key_values((resource_spans.get("resource") or {}).get("attributes", []))
        service = resource.get("service.name")
        for scope_spans in resource_spans.get("scopeSpans", []):
            for span in scope_spans.get("spans", []):
                attributes = key_values(span.get("attributes", []))
                row = activity_from_attributes(
                    attributes,
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
