"""What one instrumented call leaves behind: normalised token usage and a call record.

Why separate from the tracker: the SDK adapters (which only read responses) and the patch
layer (which only times calls) both produce these records, and neither should depend on how a
tracker stores, prices or writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

MAX_TOKENS_PER_CALL = 10**12
"""Largest token count one call may report (the validation gate's range, and the web API's
cap): a provider answer above it is garbage, and the record is dropped rather than stored."""

MAX_TEXT = 512
"""Longest model name or response id kept; a longer one is cut (it cannot be a real id)."""


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
    except OverflowError:  # infinity: more than any real count, so ``checked`` drops it
        return MAX_TOKENS_PER_CALL + 1
    return number if number > 0 else 0


def _text(value: Any) -> str | None:
    """A clean label: text without control characters, or None for anything else."""
    if value is None or not isinstance(value, str):
        return None
    cleaned = "".join(ch for ch in value if ch.isprintable())[:MAX_TEXT]
    return cleaned or None


def checked(call: Call) -> tuple[Call | None, str | None]:
    """The call with its labels cleaned, or ``(None, reason)`` when it cannot be stored.

    Why here: a provider (or a proxy in front of it) can answer anything, and the tracker
    must never let that answer break ``untrack()`` or the end of a ``tracking()`` block. A
    model that is not text falls back to the requested model; a token count that is not an
    integer in ``0 … MAX_TOKENS_PER_CALL`` makes the record unstorable.
    """
    usage = call.usage
    if usage is not None:
        for name in (
            "input_tokens",
            "cached_input_tokens",
            "cache_write_tokens",
            "output_tokens",
            "reasoning_tokens",
        ):
            value = getattr(usage, name)
            if type(value) is not int or not 0 <= value <= MAX_TOKENS_PER_CALL:
                return None, f"{name}={value!r} is not a count in 0..{MAX_TOKENS_PER_CALL}"
        usage = replace(usage, model=_text(usage.model), response_id=_text(usage.response_id))
    requested = call.attributes.get("requested_model") if call.attributes else None
    model = _text(call.model) or _text(requested)
    started, duration = call.started_at, call.duration_s
    if not (isinstance(started, float | int) and 0 <= started < 1e11):
        return None, f"started_at={started!r} is not a time"
    if not (isinstance(duration, float | int) and 0 <= duration < 1e9):
        duration = 0.0
    return (
        Call(
            provider=_text(call.provider) or "unknown",
            operation=_text(call.operation) or "unknown",
            model=model,
            started_at=float(started),
            duration_s=float(duration),
            usage=usage,
            streamed=bool(call.streamed),
            attributes=dict(call.attributes),
        ),
        None,
    )
