"""Mistral chat (``mistralai``): response/stream events → normalised ``Usage``.

Mistral reports OpenAI-style ``prompt_tokens``/``completion_tokens``; where it reports cached
prompt tokens (``prompt_tokens_details.cached_tokens`` or ``num_cached_tokens``) they are
counted inside ``prompt_tokens`` and subtracted here.
"""

from __future__ import annotations

from typing import Any

from fairprint.track._records import Usage, count, get

PROVIDER = "mistral"


def usage_from(usage: Any, model: str | None = None, response_id: str | None = None) -> Usage:
    cached = count(get(get(usage, "prompt_tokens_details"), "cached_tokens")) or count(
        get(usage, "num_cached_tokens")
    )
    return Usage(
        input_tokens=max(count(get(usage, "prompt_tokens")) - cached, 0),
        cached_input_tokens=cached,
        output_tokens=count(get(usage, "completion_tokens")),
        model=model,
        response_id=response_id,
    )


def response_usage(response: Any) -> Usage | None:
    usage = get(response, "usage")
    if usage is None:
        return None
    return usage_from(usage, get(response, "model"), get(response, "id"))


class StreamUsage:
    """Stream events wrap a chunk in ``.data``; the last chunk carries ``usage``."""

    __slots__ = ("_id", "_model", "_usage", "chunks")

    def __init__(self) -> None:
        self._usage: Any = None
        self._model: str | None = None
        self._id: str | None = None
        self.chunks = 0

    def observe(self, event: Any) -> None:
        self.chunks += 1
        chunk = get(event, "data") or event
        usage = get(chunk, "usage")
        if usage is not None:
            self._usage = usage
        if self._model is None:
            self._model = get(chunk, "model")
            self._id = get(chunk, "id")

    def usage(self) -> Usage | None:
        if self._usage is None:
            return None
        return usage_from(self._usage, self._model, self._id)
