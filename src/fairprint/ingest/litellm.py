"""LiteLLM proxy spend logs (``LiteLLM_SpendLogs`` exported as CSV, JSON or JSON lines).

LiteLLM reports OpenAI-style usage: ``prompt_tokens`` include cached (and cache-creation)
tokens and ``completion_tokens`` include reasoning; the split comes from
``metadata.usage_object`` when present. A response LiteLLM served from its own cache
(``cache_hit``) ran no model: it keeps its request but zero tokens, with the provider's
counts in ``attributes``.

activity_id = hash of ``request_id``.
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
from fairprint.ingest._records import json_field, read_records

FORMAT = "litellm"
CALL_TYPES = {
    "completion": "chat",
    "text_completion": "text_completion",
    "embedding": "embeddings",
    "image_generation": "image_generation",
    "transcription": "speech_to_text",
    "speech": "text_to_speech",
    "responses": "chat",
    "anthropic_messages": "chat",
    "rerank": "rerank",
    "moderation": "moderation",
}


def read_litellm(path: Path, batch_rows: int = DEFAULT_BATCH_ROWS) -> Iterator[ActivityBatch]:
    """Stream the activities of a LiteLLM spend-log export."""
    return read_records(path, batch_rows, _record_row)


def _operation(call_type: Any) -> str | None:
    text = as_text(call_type)
    if text is None:
        return None
    base = text[1:] if text.startswith("a") and text[1:] in CALL_TYPES else text
    return CALL_TYPES.get(base, base)


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("true", "1", "yes")


def _record_row(record: Any) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise RowError("a spend-log record must be an object")
    request_id = as_text(record.get("request_id"))
    if request_id is None:
        raise RowError("request_id: missing (it is the key of a spend log)")
    metadata = json_field(record.get("metadata")) or {}
    usage = metadata.get("usage_object") if isinstance(metadata, dict) else None
    usage = usage if isinstance(usage, dict) else {}
    prompt = as_count(usage.get("prompt_tokens", record.get("prompt_tokens")), "prompt_tokens")
    completion = as_count(
        usage.get("completion_tokens", record.get("completion_tokens")), "completion_tokens"
    )
    prompt_details = usage.get("prompt_tokens_details") or {}
    completion_details = usage.get("completion_tokens_details") or {}
    cached = as_count(
        prompt_details.get("cached_tokens") or usage.get("cache_read_input_tokens"),
        "cached_tokens",
    )
    cache_write = as_count(usage.get("cache_creation_input_tokens"), "cache_creation_input_tokens")
    reasoning = as_count(completion_details.get("reasoning_tokens"), "reasoning_tokens")
    fresh, input_apart = split_inclusive(prompt, cached, cache_write)
    output, output_apart = split_inclusive(completion, reasoning)
    cache_hit = _truthy(record.get("cache_hit"))
    started = as_time(record.get("startTime"), "startTime")
    ended = as_time(record.get("endTime"), "endTime")
    provider = as_text(record.get("custom_llm_provider"))
    model = as_text(record.get("model"))
    if model and provider and model.lower().startswith(provider.lower() + "/"):
        model = model[len(provider) + 1 :]
    tokens = {
        "input_tokens": fresh,
        "cached_input_tokens": cached,
        "cache_write_tokens": cache_write,
        "output_tokens": output,
        "reasoning_tokens": reasoning,
    }
    return {
        "activity_id": activity_id(FORMAT, request_id),
        "source": FORMAT,
        "started_at": started,
        "ended_at": ended,
        "provider": provider.lower() if provider else None,
        "model": model,
        "operation": _operation(record.get("call_type")),
        "requests": 1,
        **({name: 0 for name in tokens} if cache_hit else tokens),
        "team": as_text(record.get("team_id")),
        "user": as_text(record.get("user") or record.get("end_user")),
        "duration_s": (ended - started).total_seconds() if started and ended else None,
        "attributes": attributes_json(
            {
                "request_id": request_id,
                "api_key": record.get("api_key"),
                "model_group": record.get("model_group"),
                "organization_id": record.get("organization_id"),
                "spend": record.get("spend"),
                "status": record.get("status"),
                "request_tags": json_field(record.get("request_tags")),
                "litellm_cache_hit": True if cache_hit else None,
                "tokens_if_not_cached": tokens if cache_hit else None,
                "tokens_reported_apart": True if (input_apart or output_apart) else None,
            }
        ),
    }
