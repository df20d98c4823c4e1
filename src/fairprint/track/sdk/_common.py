"""What several adapters read alike: ``usage``, ``model`` and ``id`` at a response's top level.

Why shared: OpenAI, LiteLLM, Mistral and Anthropic responses all carry these three fields
under the same names, and OpenAI-shaped streams put ``usage`` on their last chunk; only how
each provider's ``usage`` object normalises differs, and that stays in its adapter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fairprint.track._records import Usage, get

UsageFrom = Callable[[Any, str | None, str | None], Usage]
"""An adapter's ``usage_from(usage, model, response_id)``."""


def top_level_usage(response: Any, usage_from: UsageFrom) -> Usage | None:
    """Usage of a response with ``usage``, ``model`` and ``id`` fields; ``None`` without usage."""
    usage = get(response, "usage")
    if usage is None:
        return None
    return usage_from(usage, get(response, "model"), get(response, "id"))


class LastChunkUsage:
    """Stream accumulator for OpenAI-shaped chunks: the last ``usage`` seen wins, and the
    model and id come from the first chunk. Subclasses set ``usage_from`` and call ``_keep``
    with each chunk from their ``observe``."""

    __slots__ = ("_id", "_model", "_usage", "chunks")

    usage_from: UsageFrom

    def __init__(self) -> None:
        self._usage: Any = None
        self._model: str | None = None
        self._id: str | None = None
        self.chunks = 0

    def _keep(self, chunk: Any) -> None:
        usage = get(chunk, "usage")
        if usage is not None:
            self._usage = usage
        if self._model is None:
            self._model = get(chunk, "model")
            self._id = get(chunk, "id")

    def usage(self) -> Usage | None:
        if self._usage is None:
            return None
        return type(self).usage_from(self._usage, self._model, self._id)
