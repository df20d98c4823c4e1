"""LiteLLM ``completion``/``acompletion``: OpenAI-shaped response/stream → ``Usage``.

LiteLLM returns OpenAI-shaped usage for every backend; for Anthropic-style backends it adds
``cache_creation_input_tokens`` and counts cache reads and writes inside ``prompt_tokens``, so
both are subtracted. The provider is the backend LiteLLM routed to, not "litellm".
"""

from __future__ import annotations

from typing import Any

from fairprint.track._records import Usage, count, get
from fairprint.track.sdk import openai as _openai
from fairprint.track.sdk._common import LastChunkUsage, top_level_usage

PROVIDER = "litellm"


def usage_from(usage: Any, model: str | None = None, response_id: str | None = None) -> Usage:
    base = _openai.usage_from(usage, model, response_id)
    written = count(get(usage, "cache_creation_input_tokens"))
    return Usage(
        input_tokens=max(base.input_tokens - written, 0),
        cached_input_tokens=base.cached_input_tokens,
        cache_write_tokens=written,
        output_tokens=base.output_tokens,
        reasoning_tokens=base.reasoning_tokens,
        model=model,
        response_id=response_id,
    )


def provider_of(response: Any, requested_model: str | None) -> str:
    """The backend provider: LiteLLM's hidden params, else the ``provider/`` model prefix."""
    hidden = getattr(response, "_hidden_params", None)
    provider = get(hidden, "custom_llm_provider") if hidden else None
    if provider:
        return str(provider)
    if requested_model and "/" in requested_model:
        return requested_model.split("/", 1)[0]
    return PROVIDER


def response_usage(response: Any) -> Usage | None:
    return top_level_usage(response, usage_from)


class StreamUsage(LastChunkUsage):
    """OpenAI-shaped chunks; the last chunk carries ``usage`` when it was asked for.

    ``last`` (the last chunk) lets the patch layer read the backend provider from it.
    """

    __slots__ = ("last",)
    usage_from = staticmethod(usage_from)

    def __init__(self) -> None:
        super().__init__()
        self.last: Any = None

    def observe(self, chunk: Any) -> None:
        self.chunks += 1
        self.last = chunk
        self._keep(chunk)
