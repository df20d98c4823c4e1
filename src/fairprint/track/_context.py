"""Which trackers a call made *here* (this thread, this asyncio task) reports to.

Why contextvars: ``with tracking():`` must see the calls of its own block, including the
asyncio tasks it starts, and not those of a neighbouring thread or task; ``track()`` sees every
call of the process. The destinations are resolved when a call starts, so a stream consumed
later, elsewhere, still lands in the tracker that was active when it was requested.
"""

from __future__ import annotations

import threading
from contextvars import ContextVar
from typing import Protocol

from fairprint.track._records import Call


class Sink(Protocol):
    def record(self, call: Call) -> None: ...


_SCOPED: ContextVar[tuple[Sink, ...]] = ContextVar("fairprint_scoped_trackers", default=())
_SUPPRESSED: ContextVar[bool] = ContextVar("fairprint_suppressed", default=False)


class _ProcessSinks:
    """The process-wide tracker set by ``track()`` (at most one), behind a lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sinks: tuple[Sink, ...] = ()


PROCESS = _ProcessSinks()


def destinations() -> tuple[Sink, ...]:
    """The trackers a call starting now reports to (empty: do nothing)."""
    if _SUPPRESSED.get():
        return ()
    scoped = _SCOPED.get()
    process = PROCESS.sinks
    if not process:
        return scoped
    return scoped + tuple(s for s in process if s not in scoped)


def push_scoped(sink: Sink) -> object:
    """Add ``sink`` for the current context; returns the token for ``pop_scoped``."""
    return _SCOPED.set((*_SCOPED.get(), sink))


def pop_scoped(token: object) -> None:
    _SCOPED.reset(token)  # type: ignore[arg-type]


def suppress() -> object:
    """Silence nested SDK calls (LiteLLM calls the OpenAI SDK itself: count once)."""
    return _SUPPRESSED.set(True)


def unsuppress(token: object) -> None:
    _SUPPRESSED.reset(token)  # type: ignore[arg-type]
