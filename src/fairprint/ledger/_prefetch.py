"""Read an import's batches in a background thread while DuckDB writes the previous ones.

Why: an import is two halves of similar cost — parsing and typing a file (pyarrow and a
private DuckDB connection, both releasing the GIL) and writing the rows into the ledger
(DuckDB, also releasing it). Run one after the other they use one core; overlapped, a
two-core machine does both at once. Batches keep their order, at most ``depth`` wait in
memory, an error raised while reading is raised again in the consumer at the same place in
the stream, and a consumer that stops early (a failed write) stops and closes the reader.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_DEPTH = 2
"""Batches read ahead: enough to keep both halves busy, few enough to bound memory."""

_POLL_SECONDS = 0.1
"""How often a blocked reader checks whether the consumer has gone away."""


class _End:
    """Marks the end of the stream, with the reader's error if it failed."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error


class Prefetched(Generic[T]):
    """``items`` iterated in a daemon thread, handed over in order through a bounded queue.

    Use as an iterator; call ``close()`` (or iterate to the end) so the thread finishes.
    """

    def __init__(self, items: Iterable[T], depth: int = DEFAULT_DEPTH) -> None:
        if depth < 1:
            raise ValueError(f"depth must be at least 1, got {depth}")
        self._queue: queue.Queue[T | _End] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._done = False
        self._thread = threading.Thread(
            target=self._read, args=(items,), name="fairprint-import-reader", daemon=True
        )
        self._thread.start()

    def _read(self, items: Iterable[T]) -> None:
        iterator = iter(items)
        end = _End()
        try:
            for item in iterator:
                if not self._put(item):
                    return
        except BaseException as exc:  # handed to the consumer, which re-raises it
            end = _End(exc)
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()
        self._put(end)

    def _put(self, item: T | _End) -> bool:
        """Wait for room in the queue; False when the consumer has closed the stream."""
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        if self._done:
            raise StopIteration
        item = self._queue.get()
        if isinstance(item, _End):
            self._done = True
            self._thread.join()
            if item.error is not None:
                raise item.error
            raise StopIteration
        return item

    def close(self) -> None:
        """Stop the reader (it closes its source) and wait for its thread to end."""
        self._done = True
        self._stop.set()
        self._thread.join()

    def __enter__(self) -> Prefetched[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
