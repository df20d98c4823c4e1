"""Anthropic Messages: response/stream events → normalised ``Usage``.

Anthropic's ``input_tokens`` already excludes cache reads and writes, which it reports in
``cache_read_input_tokens`` and ``cache_creation_input_tokens``; thinking tokens are billed
inside ``output_tokens`` without a separate count, so they stay there.
"""

from __future__ import annotations

from typing import Any

from fairprint.track._records import Usage, count, get
from fairprint.track.sdk._common import top_level_usage

PROVIDER = "anthropic"


def usage_from(usage: Any, model: str | None = None, response_id: str | None = None) -> Usage:
    return Usage(
        input_tokens=count(get(usage, "input_tokens")),
        cached_input_tokens=count(get(usage, "cache_read_input_tokens")),
        cache_write_tokens=count(get(usage, "cache_creation_input_tokens")),
        output_tokens=count(get(usage, "output_tokens")),
        model=model,
        response_id=response_id,
    )


def response_usage(response: Any) -> Usage | None:
    return top_level_usage(response, usage_from)


class StreamUsage:
    """``message_start`` carries the input side, ``message_delta`` the cumulative output.

    Later ``message_delta`` values win field by field (newer API versions repeat the input
    counts there too).
    """

    __slots__ = ("_fields", "_id", "_model", "chunks")

    def __init__(self) -> None:
        self._fields: dict[str, Any] = {}
        self._model: str | None = None
        self._id: str | None = None
        self.chunks = 0

    def observe(self, event: Any) -> None:
        self.chunks += 1
        kind = get(event, "type")
        if kind == "message_start":
            message = get(event, "message")
            self._model = get(message, "model")
            self._id = get(message, "id")
            self._merge(get(message, "usage"))
        elif kind == "message_delta":
            self._merge(get(event, "usage"))

    def _merge(self, usage: Any) -> None:
        if usage is None:
            return
        for name in (
            "input_tokens",
            "output_tokens",
            "cache_read_input_tokens",
            "cache_creation_input_tokens",
        ):
            value = get(usage, name)
            if value is not None:
                self._fields[name] = value

    def usage(self) -> Usage | None:
        if not self._fields:
            return None
        return usage_from(self._fields, self._model, self._id)
