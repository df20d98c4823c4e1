"""Opening a ledger that another process is writing: wait briefly, then say who holds it.

Why: DuckDB lets one process write a database file, or several read it, never both. A
report started while ``fairprint collect`` or a tracker commits a batch meets that lock for
a moment only (writers commit in short batches and let go), so the opener retries with a
growing pause for ``wait_s`` seconds before giving up with the holder's PID and command.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import duckdb

from fairprint.errors import LedgerError

DEFAULT_LOCK_WAIT_S = 5.0
"""How long an opener waits for another process's lock on the ledger before giving up."""

_HOLDER = re.compile(r"held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")


def is_lock_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def holder(message: str) -> str:
    """``PID n (command line)`` of the process named in DuckDB's lock error, if any."""
    found = _HOLDER.search(message)
    if found is None:
        return "another process"
    pid = found["pid"]
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        command = " ".join(part.decode(errors="replace") for part in raw.split(b"\0") if part)
    except OSError:
        command = found["program"]
    if len(command) > 160:  # keep the program and the last arguments
        command = f"{command[:80]} … {command[-70:]}"
    return f"process {pid} ({command})"


def connect_waiting(path: Path, wait_s: float = DEFAULT_LOCK_WAIT_S) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect(path)``, retried while another process holds the file's lock."""
    deadline = time.monotonic() + max(wait_s, 0.0)
    pause = 0.05
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.Error as exc:
            if not is_lock_error(exc):
                raise
            if time.monotonic() + pause > deadline:
                raise LedgerError(
                    f"the ledger {path} is in use by {holder(str(exc))}; waited "
                    f"{wait_s:g} s. Try again when it has finished, or use --ledger PATH for "
                    "another file"
                ) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.5)
