"""``BatchWriter``: a long-running writer (the OTLP collector) that lets readers read.

Why: DuckDB lets one process hold a database file at a time, so a collector that kept the
ledger open made ``fairprint report`` and the dashboard fail for as long as it ran. Here
every batch the receiver accepts is appended to a spool file beside the ledger (JSONL, the
tracker's spool format, flushed at once), and the spool is committed to the ledger in one
short transaction every ``interval_s`` seconds or every ``batch_rows`` rows: the ledger is
open only while a batch is written. A commit that fails (the ledger is busy) stays in its
spool file and is retried at the next tick; a spool left by a crash is committed at the
next start. The ledger's activity ids make a re-committed batch count once.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from fairprint.track.tracker import read_spool, write_spool

log = logging.getLogger("fairprint.track")

OnCommit = Callable[[int, int], None]
"""Called after each committed batch with (rows in the batch, rows committed so far)."""


class BatchWriter:
    """A sink (``writer(table)``) that spools tables and commits them to a ledger in batches."""

    def __init__(
        self,
        ledger_path: str | Path,
        *,
        interval_s: float = 1.0,
        batch_rows: int = 5_000,
        on_commit: OnCommit | None = None,
    ) -> None:
        self.ledger_path = Path(ledger_path)
        self.spool = self.ledger_path.with_name(self.ledger_path.name + ".otlp-spool.jsonl")
        self.interval_s = interval_s
        self.batch_rows = batch_rows
        self.on_commit = on_commit
        self.committed = 0
        self.failed_commits = 0
        self._pending = 0
        self._serial = itertools.count()
        self._lock = threading.Lock()  # the spool file
        self._commit_lock = threading.Lock()  # one commit at a time
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, name="fairprint-commit", daemon=True)
        self._thread.start()

    def __call__(self, table: pa.Table) -> int:
        """Spool ``table`` (durable once this returns); commit now if a batch is full."""
        with self._lock:
            write_spool(table, self.spool)
            self._pending += table.num_rows
            full = self._pending >= self.batch_rows
        if full:
            self.commit()
        return table.num_rows

    def _claim(self) -> None:
        """Move the current spool aside (atomically), so new rows go to a fresh file."""
        with self._lock:
            if self.spool.exists() and self.spool.stat().st_size:
                name = f"{self.spool.name}.{os.getpid()}-{time.time_ns()}-{next(self._serial)}"
                self.spool.rename(self.spool.with_name(name + ".commit"))
            self._pending = 0

    def commit(self) -> int:
        """Commit every spooled row to the ledger, one short transaction per spool file."""
        from fairprint.ledger import Ledger

        with self._commit_lock:
            self._claim()
            done = 0
            for path in sorted(self.spool.parent.glob(self.spool.name + ".*.commit")):
                try:
                    table = read_spool(path)
                    with Ledger(self.ledger_path) as ledger:
                        ledger.add_activities(table, origin="otlp")
                except Exception as exc:  # the spool stays; retried at the next tick
                    self.failed_commits += 1
                    log.warning(
                        "could not commit %s to the ledger yet (%s: %s); retrying",
                        path.name,
                        type(exc).__name__,
                        exc,
                    )
                    break
                path.unlink(missing_ok=True)
                done += table.num_rows
                self.committed += table.num_rows
                if self.on_commit is not None:
                    self.on_commit(table.num_rows, self.committed)
            return done

    def _tick(self) -> None:
        while not self._stop.wait(self.interval_s):
            with contextlib.suppress(Exception):  # logged in commit(); keep ticking
                self.commit()

    def close(self) -> None:
        """Stop the timer and commit what is left."""
        self._stop.set()
        self._thread.join(timeout=10)
        self.commit()
