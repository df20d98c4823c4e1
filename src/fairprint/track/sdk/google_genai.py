"""Google GenAI (``google-genai``) ``generate_content``: response/stream → ``Usage``.

Gemini's ``prompt_token_count`` includes ``cached_content_token_count``; tool-use prompt
tokens (``tool_use_prompt_token_count``) are processed input on top of it; thinking tokens
(``thoughts_token_count``) are reported apart from ``candidates_token_count``.
"""

from __future__ import annotations

from typing import Any

from fairprint.track._records import Usage, count, get

PROVIDER = "google"


def usage_from(usage: Any, model: str | None = None, response_id: str | None = None) -> Usage:
    cached = count(get(usage, "cached_content_token_count"))
    prompt = count(get(usage, "prompt_token_count")) + count(
        get(usage, "tool_use_prompt_token_count")
    )
    return Usage(
        input_tokens=max(prompt - cached, 0),
        cached_input_tokens=cached,
        output_tokens=count(get(usage, "candidates_token_count")),
        reasoning_tokens=count(get(usage, "thoughts_token_count")),
        model=model,
        response_id=response_id,
    )


def response_usage(response: Any) -> Usage | None:
    usage = get(response, "usage_metadata")
    if usage is None:
        return None
    return usage_from(usage, get(response, "model_version"), get(response, "response_id"))


class StreamUsage:
    """Every chunk repeats the running ``usage_metadata``; the last one is the total."""

    __slots__ = ("_last", "chunks")

    def __init__(self) -> None:
        self._last: Any = None
        self.chunks = 0

    def observe(self, chunk: Any) -> None:
        self.chunks += 1
        if get(chunk, "usage_metadata") is not None:
            self._last = chunk

    def usage(self) -> Usage | None:
        return None if self._last is None else response_usage(self._last)
