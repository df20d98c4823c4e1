"""A kill -9 in the middle of an import leaves the ledger exactly as it was."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from fairprint.ledger import Ledger
from fairprint.registry import Registry
from tests.conftest import MINI_REGISTRY
from tests.ledger.conftest import canonical_csv, snapshot

CHILD = """
import sys, time
from fairprint.ledger import Ledger, _writer
from fairprint.registry import Registry

# Pause the real import at a chosen step (inside its transaction) so the kill lands there.
step = getattr(_writer, sys.argv[4])
def paused(*args, **kwargs):
    step(*args, **kwargs)
    print("midway", flush=True)
    time.sleep(60)
setattr(_writer, sys.argv[4], paused)

registry = Registry(sys.argv[3])
with Ledger(sys.argv[1]) as ledger:
    ledger.import_file(sys.argv[2], registry=registry)
print("finished", flush=True)
"""


def _big_csv(path: Path, rows: int) -> Path:
    """A canonical CSV of several batches, so the import has work in flight when killed."""
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("activity_id,started_at,provider,model,input_tokens,output_tokens\n")
        stream.writelines(
            f"big-{i},2026-01-01T10:00:00Z,acme,dense-70b,{i % 5000},{i % 700}\n"
            for i in range(rows)
        )
    return path


@pytest.mark.slow
@pytest.mark.parametrize(
    "step",
    [
        "insert_arrow",  # while staging the file's rows
        "insert_factors",  # after the new activities were written, before COMMIT
    ],
)
def test_killing_an_import_midway_leaves_the_ledger_unchanged(tmp_path: Path, step: str) -> None:
    ledger_path = tmp_path / "ledger.duckdb"
    registry = Registry(MINI_REGISTRY)
    with Ledger(ledger_path) as ledger:
        ledger.import_file(
            canonical_csv(tmp_path / "first.csv", ["r1,2026-01-01T09:00:00Z,acme,dense-70b,1,1"]),
            registry=registry,
        )
        before = snapshot(ledger)
    big = _big_csv(tmp_path / "big.csv", 300_000)

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ledger_path), str(big), str(MINI_REGISTRY), step],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "midway"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    with Ledger(ledger_path) as ledger:
        assert snapshot(ledger) == before
        after = canonical_csv(
            tmp_path / "after.csv", ["r2,2026-01-02T09:00:00Z,acme,dense-70b,1,1"]
        )
        assert ledger.import_file(after, registry=registry).accepted == 1
