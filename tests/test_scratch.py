"""Scratch folders: removed when their block or process ends, swept once the owner is gone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fairprint import _scratch


def test_a_block_scratch_folder_is_removed_at_the_end(tmp_path: Path) -> None:
    with _scratch.folder("audit", root=tmp_path) as folder:
        (folder / "sessions.duckdb").write_bytes(b"x" * 100)
        assert (folder / _scratch.OWNER_FILE).read_text().split()[0] == str(os.getpid())
    assert not folder.exists()


def test_a_folder_of_a_killed_process_is_swept_at_the_next_start(tmp_path: Path) -> None:
    code = (
        "import os, sys; from pathlib import Path; from fairprint import _scratch;"
        f"f = _scratch.make('audit', root=Path({str(tmp_path)!r}));"
        "(f / 'sessions.duckdb').write_bytes(b'x'); print(f, flush=True); os._exit(9)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(_scratch.__file__).parents[1])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    orphan = Path(out.stdout.strip())
    assert orphan.exists()  # os._exit: no clean-up ran, as after kill -9
    with _scratch.folder("upload", root=tmp_path) as mine:
        assert not orphan.exists()
        assert mine.exists()


def test_folders_of_live_processes_and_foreign_folders_are_kept(tmp_path: Path) -> None:
    live = _scratch.make("demo", root=tmp_path)
    foreign = tmp_path / "fairprint-other"
    foreign.mkdir()  # no owner file: not ours to remove
    recycled = tmp_path / "fairprint-audit-recycled"
    recycled.mkdir()  # a live pid whose start time differs: the pid was reused
    (recycled / _scratch.OWNER_FILE).write_text(f"{os.getpid()} 1\n")
    assert _scratch.sweep(tmp_path) == ([recycled] if _scratch._start_time(os.getpid()) else [])
    assert live.exists() and foreign.exists()


def test_until_exit_folders_are_removed_when_the_process_exits(tmp_path: Path) -> None:
    code = (
        "from pathlib import Path; from fairprint import _scratch;"
        f"print(_scratch.until_exit('demo', root=Path({str(tmp_path)!r})))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(_scratch.__file__).parents[1])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    folder = Path(out.stdout.strip())
    assert folder.name.startswith("fairprint-demo-")
    assert not folder.exists()


def test_an_audit_killed_mid_run_leaves_a_folder_that_the_next_start_removes(
    tmp_path: Path,
) -> None:
    """The attack of issue 15: kill -9 during an audit left its scratch DuckDB for ever."""
    import signal
    import time

    from tests.web.conftest import write_work_log

    scratch_root = tmp_path / "tmp"
    scratch_root.mkdir()
    logs = [write_work_log(tmp_path / f"log{i}.csv", 2000) for i in range(4)]
    env = {
        **os.environ,
        "TMPDIR": str(scratch_root),
        "PYTHONPATH": str(Path(_scratch.__file__).parents[1]),
    }
    command = [sys.executable, "-c", "from fairprint.cli import main; main()", "audit"]
    command += [*map(str, logs), "--no-store", "--key-file", str(tmp_path / "k.key")]
    audit = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(scratch_root.glob("fairprint-audit-*/sessions.duckdb*")):
        assert audit.poll() is None, "the audit ended before its scratch database was seen"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    audit.send_signal(signal.SIGKILL)
    audit.wait()
    [left] = list(scratch_root.glob("fairprint-audit-*"))
    with _scratch.folder("upload", root=scratch_root):
        assert not left.exists()
