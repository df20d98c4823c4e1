"""OpenAI chat completions and Responses API: response/stream → normalised ``Usage``.

OpenAI counts cached prompt tokens inside ``prompt_tokens``/``input_tokens`` and reasoning
tokens inside ``completion_tokens``/``output_tokens``; both are subtracted here so that the
canonical columns do not count them twice (FORMATS.md, "Per response").
"""

from __future__ import annotations

from typing import Any

from fairprint.track._records import Usage, count, get
from fairprint.track.sdk._common import LastChunkUsage, top_level_usage

PROVIDER = "openai"


def usage_from(usage: Any, model: str | None = None, response_id: str | None = None) -> Usage:
    """Normalise an OpenAI-style ``usage`` object (chat or Responses dialect)."""
    prompt = get(usage, "prompt_tokens")
    if prompt is not None:  # chat dialect; asking a pydantic model for absent names is slow
        completion = get(usage, "completion_tokens")
        prompt_details = get(usage, "prompt_tokens_details")
        output_details = get(usage, "completion_tokens_details")
    else:  # Responses dialect
        prompt = get(usage, "input_tokens")
        completion = get(usage, "output_tokens")
        prompt_details = get(usage, "input_tokens_details")
        output_details = get(usage, "output_tokens_details")
    cached = count(get(prompt_details, "cached_tokens"))
    reasoning = count(get(output_details, "reasoning_tokens"))
    return Usage(
        input_tokens=max(count(prompt) - cached, 0),
        cached_input_tokens=cached,
        output_tokens=max(count(completion) - reasoning, 0),
        reasoning_tokens=reasoning,
        model=model,
        response_id=response_id,
    )


def response_usage(response: Any) -> Usage | None:
    """Usage of a ``ChatCompletion`` or a Responses-API ``Response``; ``None`` without usage."""
    return top_level_usage(response, usage_from)


_FINAL_EVENTS = frozenset({"response.completed", "response.incomplete", "response.failed"})
"""Responses-API stream events that carry the whole response, usage included."""


def _is_chat_chunk(chunk: Any) -> bool:
    """Chat chunk or Responses event, decided once per stream from the first item's fields.

    Reading an undeclared attribute of a pydantic model costs microseconds, so the stream's
    dialect is settled once instead of probing every chunk for both.
    """
    if isinstance(chunk, dict):
        return "type" not in chunk
    fields = getattr(type(chunk), "model_fields", None)
    if isinstance(fields, dict):
        return "choices" in fields
    return get(chunk, "type") is None


class StreamUsage(LastChunkUsage):
    """Watches stream chunks/events and keeps the last usage seen.

    Chat streams carry usage on the final chunk only when the caller asked for
    ``stream_options={"include_usage": True}``; Responses streams end with a
    ``response.completed`` event holding the full response.
    """

    __slots__ = ("_chat",)
    usage_from = staticmethod(usage_from)

    def __init__(self) -> None:
        super().__init__()
        self._chat: bool | None = None

    def observe(self, chunk: Any) -> None:
        self.chunks += 1
        if self._chat is None:
            self._chat = _is_chat_chunk(chunk)
        kind = None if self._chat else get(chunk, "type")
        if kind is None:  # a chat chunk: ``usage`` is a declared (usually null) field
            self._keep(chunk)
        elif kind in _FINAL_EVENTS or (kind == "response.created" and self._model is None):
            response = get(chunk, "response")
            self._model = get(response, "model") or self._model
            self._id = get(response, "id") or self._id
            if kind in _FINAL_EVENTS and get(response, "usage") is not None:
                self._usage = get(response, "usage")
