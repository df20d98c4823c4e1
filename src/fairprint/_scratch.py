"""Temporary folders that do not outlive their owner: scratch DuckDB files, uploads, demos.

Why not ``tempfile.TemporaryDirectory`` alone: it cleans up on a normal exit only, so a
``kill -9`` during an audit left a pseudonymised scratch database (190 MB at 1M rows) in
the temporary folder forever. Each folder made here carries an ``owner.pid`` file (the
process id and its start time); every new scratch folder first sweeps the folders whose
owner process is gone. A folder without an owner file is never touched (it is not ours,
or its owner is still writing the file).

Layout: ``<tmp>/fairprint-<kind>-<random>/owner.pid``.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger("fairprint")

OWNER_FILE = "owner.pid"
PREFIX = "fairprint-"


def _start_time(pid: int) -> str:
    """The process's start time as the kernel counts it ('' where it cannot be read)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[19]  # field 22 of proc(5), after "pid (comm)"


def _alive(pid: int, started: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    except OSError:
        return False
    return not started or not _start_time(pid) or _start_time(pid) == started


def _owner_gone(folder: Path) -> bool:
    try:
        pid_text, _, started = (folder / OWNER_FILE).read_text().partition(" ")
        pid = int(pid_text)
    except (OSError, ValueError):
        return False
    return not _alive(pid, started.strip())


def sweep(root: Path | None = None) -> list[Path]:
    """Remove the scratch folders whose owner process is gone; returns those removed."""
    base = Path(root) if root is not None else Path(tempfile.gettempdir())
    removed = []
    with contextlib.suppress(OSError):
        for folder in base.glob(PREFIX + "*"):
            if folder.is_dir() and not folder.is_symlink() and _owner_gone(folder):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    if removed:
        log.info("removed %d scratch folder(s) left by ended processes", len(removed))
    return removed


def make(kind: str, root: Path | None = None) -> Path:
    """A new private folder ``fairprint-<kind>-…`` owned by this process (sweeps first)."""
    sweep(root)
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{kind}-", dir=root))
    pid = os.getpid()
    (folder / OWNER_FILE).write_text(f"{pid} {_start_time(pid)}\n")
    return folder


def remove(folder: Path) -> None:
    """Remove a scratch folder (quietly: it may already be gone)."""
    shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def folder(kind: str, root: Path | None = None) -> Iterator[Path]:
    """A scratch folder for the block: removed when it ends, swept if the process dies."""
    path = make(kind, root)
    try:
        yield path
    finally:
        remove(path)


def until_exit(kind: str, root: Path | None = None) -> Path:
    """A scratch folder removed when this process exits normally (swept if it dies)."""
    path = make(kind, root)
    atexit.register(remove, path)
    return path
