"""``fairprint run`` and ``fairprint collect`` through the real Typer app."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from fairprint.cli import app
from fairprint.ledger import Ledger

runner = CliRunner()
BURN = "import time\nend = time.process_time() + 0.2\nwhile time.process_time() < end: pass"


def test_run_measures_the_command_and_returns_its_exit_code():
    result = runner.invoke(
        app,
        [
            "run",
            "--zone",
            "FR",
            "--cpu-watts",
            "80",
            "--no-ledger",
            "--json",
            "--",
            sys.executable,
            "-c",
            BURN + "\nraise SystemExit(3)",
        ],
    )
    assert result.exit_code == 3, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["returncode"] == 3
    assert report["domains"]["cpu"]["method"] in ("rapl", "estimate:tdp-share")
    assert report["domains"]["cpu"]["joules"] > 0
    assert report["totals"]["gwp_usage_kgco2e"] > 0
    assert report["ledger"] is None


def test_run_without_cpu_power_or_counter_says_energy_is_unknown():
    result = runner.invoke(
        app, ["run", "--zone", "FR", "--no-ledger", "--", sys.executable, "-c", "pass"]
    )
    assert result.exit_code == 0
    if "rapl" not in result.output:
        assert "unknown" in result.output
        assert "--cpu-watts" in result.output


def test_run_rejects_an_unknown_zone_before_running():
    result = runner.invoke(
        app,
        ["run", "--zone", "ATLANTIS", "--no-ledger", "--", sys.executable, "-c", "print('ran')"],
    )
    assert result.exit_code == 2
    assert "ran" not in result.output
    assert "grid zone" in result.output


def test_collect_needs_a_mode():
    result = runner.invoke(app, ["collect"])
    assert result.exit_code == 2
    assert "--otlp" in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_collect_otlp_stores_posted_spans_in_the_ledger(tmp_path: Path):
    from tests.track.test_otlp_receiver import CHAT, _json_payload, _json_span

    port = _free_port()
    ledger = tmp_path / "ledger.duckdb"
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from fairprint.cli import main; main()",
            "collect",
            "--otlp",
            "--port",
            str(port),
            "--ledger",
            str(ledger),
            "--commit-every",
            "0.2",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        for _ in range(100):
            try:
                reply = httpx.post(
                    f"http://127.0.0.1:{port}/v1/traces",
                    json=_json_payload(_json_span("0000000000000001", CHAT)),
                )
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        assert reply.status_code == 200
        for _ in range(100):  # committed while the collector still runs: readable now
            if ledger.exists() and not list(tmp_path.glob("*.otlp-spool.jsonl*")):
                break
            time.sleep(0.1)
        with Ledger(ledger) as opened:
            assert opened.activities().column("source").to_pylist() == ["otlp"]
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=10)
    assert "committed 1 span(s) to the ledger (1 in all)" in errors
    assert "1 inference span(s) stored, 0 refused" in errors


def test_run_writes_the_measurement_to_the_ledger(tmp_path: Path):
    ledger = tmp_path / "ledger.duckdb"
    result = runner.invoke(
        app,
        [
            "run",
            "--zone",
            "FR",
            "--cpu-watts",
            "80",
            "--project",
            "job",
            "--ledger",
            str(ledger),
            "--",
            sys.executable,
            "-c",
            BURN,
        ],
    )
    assert result.exit_code == 0, result.output
    assert str(ledger) in result.output
    with Ledger(ledger) as opened:
        [row] = opened.activities().to_pylist()
    assert (row["source"], row["provider"], row["region"], row["project"]) == (
        "compute",
        "local",
        "FR",
        "job",
    )
    assert row["measured_energy_kwh"] > 0
    assert row["gwp_usage_kgco2e"] > 0


def test_run_refuses_a_gpu_name_that_is_not_a_registry_id(tmp_path: Path):
    marker = tmp_path / "ran"
    result = runner.invoke(
        app,
        [
            *("run", "--zone", "FR", "--gpu-hardware", "h100", "--no-ledger", "--"),
            *(sys.executable, "-c", f"open({str(marker)!r}, 'w')"),
        ],
        env={"COLUMNS": "80"},
    )
    assert result.exit_code != 0
    text = " ".join(result.output.split())
    assert "'h100'" in text and "nvidia-h100-sxm" in text
    assert text.index("nvidia-h100-sxm") < text.index("nvidia-a100-sxm-80gb")  # nearest first
    assert not marker.exists()  # refused before the job ran


def test_collect_beyond_loopback_needs_a_token():
    result = runner.invoke(app, ["collect", "--otlp", "--host", "0.0.0.0"], env={"COLUMNS": "80"})
    assert result.exit_code != 0
    assert "--token" in result.output
