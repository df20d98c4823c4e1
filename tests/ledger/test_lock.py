"""A ledger held by another process: the opener waits, then names the holder."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from fairprint.errors import LedgerError
from fairprint.ledger import Ledger

HOLD = (
    "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
    "sys.stdin.readline(); c.close()"
)


@contextmanager
def held(path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process with the ledger open for writing until the block releases it."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), "fairprint-collect-standin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    try:
        yield process
    finally:
        if process.poll() is None:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        process.wait(timeout=30)


def test_a_held_ledger_gives_a_clear_error_naming_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "l.duckdb"
    Ledger(path).close()
    with held(path) as holder, pytest.raises(LedgerError) as caught:
        Ledger(path, lock_wait_s=0.2)
    message = str(caught.value)
    assert f"process {holder.pid}" in message and "in use" in message
    assert "fairprint-collect-standin" in message or sys.platform != "linux"


def test_an_opener_waits_for_the_writer_to_let_go(tmp_path: Path) -> None:
    path = tmp_path / "l.duckdb"
    Ledger(path).close()
    opened: list[object] = []
    with held(path) as holder:
        opener = threading.Thread(
            target=lambda: opened.append(Ledger(path, lock_wait_s=60).imports().num_rows)
        )
        opener.start()
        assert opener.is_alive() and not opened  # still waiting: the holder has it
        assert holder.stdin is not None
        holder.stdin.write("go\n")
        holder.stdin.flush()
        opener.join(timeout=60)
    assert opened == [0]
