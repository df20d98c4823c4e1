"""Reading ahead in a thread keeps the stream's order, its errors and its clean-up."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from fairprint.ledger._prefetch import Prefetched


def test_items_arrive_in_order_and_the_thread_ends() -> None:
    read_ahead = Prefetched(iter(range(1000)), depth=3)
    assert list(read_ahead) == list(range(1000))
    assert not any(t.name == "fairprint-import-reader" for t in threading.enumerate())


def test_an_error_while_reading_is_raised_after_the_items_before_it() -> None:
    def failing() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("line 3 is broken")

    got = []
    with pytest.raises(ValueError, match="line 3 is broken"):
        for item in Prefetched(failing()):
            got.append(item)
    assert got == [1, 2]


def test_closing_early_stops_the_reader_and_closes_its_source() -> None:
    produced: list[int] = []
    closed = threading.Event()

    def endless() -> Iterator[int]:
        try:
            n = 0
            while True:
                produced.append(n)
                yield n
                n += 1
        finally:
            closed.set()

    with Prefetched(endless(), depth=2) as read_ahead:
        assert next(read_ahead) == 0
    assert closed.is_set()
    assert len(produced) <= 4  # one taken, at most two waiting, one blocked on a full queue


def test_depth_must_be_positive() -> None:
    with pytest.raises(ValueError, match="depth"):
        Prefetched(iter([]), depth=0)
