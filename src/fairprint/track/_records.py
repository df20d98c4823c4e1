"""What one instrumented call leaves behind: normalised token usage and a call record.

Why separate from the tracker: the SDK adapters (which only read responses) and the patch
layer (which only times calls) both produce these records, and neither should depend on how a
tracker stores, prices or writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Usage:
    """Token usage of one response, normalised to the canonical activity columns.

    ``input_tokens`` excludes cache reads and cache writes; ``output_tokens`` excludes
    reasoning (see ``fairprint.activities``). ``model`` and ``response_id`` are what the
    provider reported, when it did.
    """

    input_tokens: int = 0
    cached_input_tokens: int = 0
    cache_write_tokens: int = 0
    output_tokens: int = 0
    reasoning_tokens: int = 0
    model: str | None = None
    response_id: str | None = None


@dataclass(slots=True)
class Call:
    """One response seen by the instrumentation, before any impact is computed.

    ``started_at`` is wall-clock seconds since the epoch (UTC); ``duration_s`` runs from the
    request to the last byte (for streams: the last chunk). ``usage`` is ``None`` when the
    provider sent no usage (e.g. an OpenAI stream without ``include_usage``).
    """

    provider: str
    operation: str
    model: str | None
    started_at: float
    duration_s: float
    usage: Usage | None
    streamed: bool = False
    attributes: Mapping[str, Any] = field(default_factory=dict)


def get(obj: Any, name: str) -> Any:
    """Read ``name`` from an SDK object or a plain dict (SDKs return either), else ``None``."""
    if obj is None:
        return None
    if type(obj) is dict:
        return obj.get(name)
    value = getattr(obj, name, None)
    if value is None and isinstance(obj, Mapping):
        return obj.get(name)
    return value


def count(value: Any) -> int:
    """A token count as a non-negative int (providers send ``None`` for "not applicable")."""
    if value is None:
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return number if number > 0 else 0
