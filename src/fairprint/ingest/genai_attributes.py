"""OpenTelemetry gen_ai span attributes: the one reader of their dialects (FORMATS.md).

Why one reader for the file importer (``ingest.otlp``) and the live doors (the span
processor and the OTLP receiver in ``track``): instrumentations disagree on names
(``gen_ai.provider.name`` vs ``gen_ai.system``, ``input_tokens`` vs ``prompt_tokens``, two
spellings of the cache counters), and agent or workflow spans repeat their children's usage.
Deciding here, once, which spans count and how their tokens normalise keeps a trace from
being counted differently depending on how it arrived. What stays with each caller is its
policy for bad data: an importer quarantines a span (``strict``), a live pipeline never
rejects one.

Normalisation (OTel semantic conventions v1.41): ``gen_ai.usage.input_tokens`` includes
cache reads and writes and is reduced by both; output tokens include reasoning tokens, as in
the OpenAI usage the instrumentations copy, and are reduced by them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fairprint.ingest._batch import RowError, as_count, as_text, split_inclusive

INFERENCE_OPERATIONS = frozenset(
    {"chat", "text_completion", "completion", "generate_content", "embeddings", "embedding"}
)
"""Operations that are one model inference each; agent, tool and workflow spans are not."""

OPERATION_NAMES = {"completion": "text_completion", "embedding": "embeddings"}
"""Older operation spellings → the current semantic-convention names."""

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
"""gen_ai provider names → the provider ids of the registry."""

OPERATION_KEYS = ("gen_ai.operation.name", "llm.request.type")
PROVIDER_KEYS = ("gen_ai.provider.name", "gen_ai.system")
MODEL_KEYS = ("gen_ai.response.model", "gen_ai.request.model")
RESPONSE_ID_KEY = "gen_ai.response.id"
INPUT_KEYS = ("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens")
OUTPUT_KEYS = ("gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens")
CACHE_READ_KEYS = ("gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens")
CACHE_WRITE_KEYS = (
    "gen_ai.usage.cache_creation.input_tokens",
    "gen_ai.usage.cache_creation_input_tokens",
)
REASONING_KEYS = ("gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens")
TOTAL_KEYS = ("llm.usage.total_tokens", "gen_ai.usage.total_tokens")


def first(attributes: Mapping[str, Any], keys: Iterable[str]) -> Any:
    """The value of the first of ``keys`` (one attribute in its dialects) that is set."""
    for key in keys:
        value = attributes.get(key)
        if value is not None:
            return value
    return None


def inference_operation(
    attributes: Mapping[str, Any], *, infer_undeclared: bool = False
) -> str | None:
    """The span's inference operation as declared (lowercased), or ``None``: do not count it.

    ``gen_ai.operation.name`` (else the older ``llm.request.type``) decides. With
    ``infer_undeclared``, a span that declares no operation still counts as ``chat`` when it
    carries a gen_ai provider and token usage (early instrumentations set no operation).
    """
    declared = first(attributes, OPERATION_KEYS)
    if declared is not None:
        operation = str(declared).lower()
        return operation if operation in INFERENCE_OPERATIONS else None
    if not infer_undeclared:
        return None
    has_provider = first(attributes, PROVIDER_KEYS) is not None
    has_tokens = first(attributes, (*INPUT_KEYS, *OUTPUT_KEYS)) is not None
    return "chat" if has_provider and has_tokens else None


def canonical_operation(operation: str) -> str:
    """An inference operation under its current semantic-convention name."""
    return OPERATION_NAMES.get(operation, operation)


def declared_provider(attributes: Mapping[str, Any]) -> str | None:
    """The provider as the span names it, stripped and lowercased (``"Anthropic"`` too)."""
    raw = first(attributes, PROVIDER_KEYS)
    return str(raw).strip().lower() if raw else None


def provider_of(attributes: Mapping[str, Any]) -> str | None:
    """The provider as a registry id (``gcp.gemini`` → ``google``)."""
    name = declared_provider(attributes)
    return PROVIDER_NAMES.get(name, name) if name is not None else None


def model_of(attributes: Mapping[str, Any]) -> str | None:
    """The model that answered, else the one requested."""
    for key in MODEL_KEYS:
        model = as_text(attributes.get(key))
        if model:
            return model
    return None


def response_id(attributes: Mapping[str, Any]) -> str | None:
    """``gen_ai.response.id``: the key that makes one response count once across spans."""
    return as_text(attributes.get(RESPONSE_ID_KEY))


def dedup_key(attributes: Mapping[str, Any], span_key: str) -> str:
    """The response id when the span has one, else the span's own key."""
    return response_id(attributes) or span_key


@dataclass(frozen=True)
class GenAiTokens:
    """Token counts of one inference span in the canonical (exclusive) columns."""

    input_tokens: int
    cached_input_tokens: int
    cache_write_tokens: int
    output_tokens: int
    reasoning_tokens: int
    reported_apart: bool = False
    """Sub-counts exceeded their total, so the emitter reported them apart (strict only)."""
    total_only: bool = False
    """Only a total was reported; it was counted as input (lenient only)."""

    def columns(self) -> dict[str, int]:
        return {
            "input_tokens": self.input_tokens,
            "cached_input_tokens": self.cached_input_tokens,
            "cache_write_tokens": self.cache_write_tokens,
            "output_tokens": self.output_tokens,
            "reasoning_tokens": self.reasoning_tokens,
        }


def normalised_tokens(attributes: Mapping[str, Any], *, strict: bool = True) -> GenAiTokens:
    """The span's usage with cached tokens taken out of input and reasoning out of output.

    ``strict`` (importers, which can quarantine): a count that is not a whole non-negative
    number, or a lone total that cannot be split, raises ``RowError``; sub-counts above
    their total are taken as reported apart and the total is kept. Lenient (live pipelines,
    which must never reject a span): bad counts read as 0, a lone total counts as input,
    and differences are clamped at 0.
    """
    prompt = first(attributes, INPUT_KEYS)
    completion = first(attributes, OUTPUT_KEYS)
    total_only = prompt is None and completion is None and first(attributes, TOTAL_KEYS) is not None
    if total_only:
        if strict:
            raise RowError("only a total token count is given; cannot split input from output")
        prompt = first(attributes, TOTAL_KEYS)
    count = as_count if strict else _lenient_count
    cached = count(first(attributes, CACHE_READ_KEYS), "cache read tokens")
    written = count(first(attributes, CACHE_WRITE_KEYS), "cache creation tokens")
    reasoning = count(first(attributes, REASONING_KEYS), "reasoning tokens")
    if strict:
        fresh, input_apart = split_inclusive(count(prompt, "input tokens"), cached, written)
        output, output_apart = split_inclusive(count(completion, "output tokens"), reasoning)
    else:
        # an impossible count (negative, huge) is kept as it is, for the caller to refuse
        fresh = _apart(count(prompt, "input tokens"), cached + written)
        output = _apart(count(completion, "output tokens"), reasoning)
        input_apart = output_apart = False
    return GenAiTokens(
        fresh, cached, written, output, reasoning, input_apart or output_apart, total_only
    )


def _apart(inclusive: int, included: int) -> int:
    """``inclusive`` less the sub-counts it includes, floored at 0; a negative count is kept."""
    return inclusive if inclusive < 0 else max(inclusive - included, 0)


def _lenient_count(value: Any, name: str) -> int:
    """A count for live pipelines: an unreadable value (text, NaN, None) reads as 0, since
    live emitters vary; a number outside ``0..MAX_COUNT`` is passed on unclamped (a float
    where it is infinite) so that ``fairprint.track.genai.unstorable`` refuses that span and
    counts it — never stored, never silently zeroed."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    if number != number:
        return 0
    if number in (float("inf"), float("-inf")):
        return number  # type: ignore[return-value]  # refused downstream as not a count
    whole = int(number) if not isinstance(value, int) else value
    return whole


# -- OTLP JSON attributes (protobuf turned into the same dict shape reads alike) -------------
def attribute_value(value: Any) -> Any:
    """The Python value of an OTLP ``AnyValue`` (int64 arrive as strings in OTLP JSON).

    Raises ``RowError`` (a ``ValueError``) for a value of the wrong shape, such as an
    ``intValue`` that is not an integer or an ``arrayValue`` that is not an object.
    """
    if not isinstance(value, dict):
        return value
    try:
        if "stringValue" in value:
            return value["stringValue"]
        if "intValue" in value:
            return _integer(value["intValue"])
        if "doubleValue" in value:
            return float(value["doubleValue"])
        if "boolValue" in value:
            return bool(value["boolValue"])
        if "arrayValue" in value:
            return [attribute_value(v) for v in value["arrayValue"].get("values") or []]
        if "kvlistValue" in value:
            return attributes_dict(value["kvlistValue"].get("values") or [])
    except (TypeError, AttributeError, OverflowError) as exc:
        raise RowError(f"attribute value of the wrong shape ({exc})") from None
    except ValueError as exc:
        raise RowError(str(exc)) from None
    return None


def _integer(raw: Any) -> int:
    """An OTLP ``intValue`` (JSON text or number) as an int; counts are capped later."""
    if isinstance(raw, bool) or not isinstance(raw, int | str | float):
        raise RowError(f"intValue {str(raw)[:40]!r} is not an integer")
    if isinstance(raw, float):
        if not math.isfinite(raw) or raw != int(raw):
            raise RowError(f"intValue {raw!r} is not an integer")
        return int(raw)
    if isinstance(raw, str) and len(raw) > 40:
        raise RowError(f"intValue {raw[:40]!r}... is not an integer")
    return int(raw)


def attributes_dict(items: Iterable[Mapping[str, Any]] | None) -> dict[str, Any]:
    """OTLP ``KeyValue`` list → ``{key: value}``; ``RowError`` for a list of the wrong shape."""
    if items is None:
        return {}
    if not isinstance(items, list):
        raise RowError("attributes must be a list of key/value objects")
    out: dict[str, Any] = {}
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            raise RowError("an attribute is not a {key, value} object")
        out[item["key"]] = attribute_value(item.get("value") or {})
    return out
