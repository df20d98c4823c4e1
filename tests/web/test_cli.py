"""``fairprint serve``: refuses to expose the ledger without a token; documented options."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
import pytest
from typer.testing import CliRunner

from fairprint.cli import app


def test_serve_beyond_loopback_without_a_token_is_refused(tmp_path) -> None:
    result = CliRunner().invoke(
        app, ["serve", "--host", "0.0.0.0", "--ledger", str(tmp_path / "l.duckdb")]
    )
    assert result.exit_code == 2
    assert "--token" in result.output


def test_serve_refuses_a_missing_ledger_like_report(tmp_path) -> None:
    missing = tmp_path / "missing.duckdb"
    for command in (["serve"], ["report"]):
        result = CliRunner().invoke(app, [*command, "--ledger", str(missing)])
        assert result.exit_code == 2, result.output
        assert "no ledger at" in result.output and "fairprint import" in result.output
        assert not missing.exists()
    assert "--create" in CliRunner().invoke(app, ["serve", "--ledger", str(missing)]).output


def test_serve_help_lists_its_options() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--ledger", "--token", "--max-upload-mb", "--create"):
        assert option in result.output


@pytest.mark.slow
def test_serve_runs_the_app_on_loopback(tmp_path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-c",
        "from fairprint.cli import main; main()",
        "serve",
        "--port",
        str(port),
        "--ledger",
        str(tmp_path / "ledger.duckdb"),
        "--create",
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/calculator?model=gpt-4o")
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        assert answer.status_code == 200 and 'id="answer-summary"' in answer.text
        assert (tmp_path / "ledger.duckdb").exists()  # --create made it, empty
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
