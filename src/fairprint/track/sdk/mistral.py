"""Mistral chat (``mistralai``): response/stream events → normalised ``Usage``.

Mistral reports OpenAI-style ``prompt_tokens``/``completion_tokens``; where it reports cached
prompt tokens (``prompt_tokens_details.cached_tokens`` or ``num_cached_tokens``) they are
counted inside ``prompt_tokens`` and subtracted here.
"""

from __future__ import annotations

from typing import Any

from fairprint.track._records import Usage, count, get
from fairprint.track.sdk._common import LastChunkUsage, top_level_usage

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
    return top_level_usage(response, usage_from)


class StreamUsage(LastChunkUsage):
    """Stream events wrap a chunk in ``.data``; the last chunk carries ``usage``."""

    __slots__ = ()
    usage_from = staticmethod(usage_from)

    def observe(self, event: Any) -> None:
        self.chunks += 1
        self._keep(get(event, "data") or event)
