"""The web app served by uvicorn on 127.0.0.1 against hostile requests.

Hostile Host names (DNS rebinding), bodies over the limits with and without a length,
writes that must be refused before their body is read, file names that are not names,
and error pages that must not tell a visitor about the machine.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fairprint.web import create_app
from tests.web.conftest import TOKEN, write_usage_csv


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """``create_app(...)`` under uvicorn, as ``fairprint serve`` runs it."""

    def __init__(self, ledger: Path, **options: Any) -> None:
        import uvicorn

        from fairprint._asgi import server_settings

        self.port = _free_port()
        options.setdefault("allowed_host", ())
        app = create_app(ledger, **options)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, **server_settings())
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive()
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def raw(self, head: bytes, wait_s: float = 10) -> bytes:
        with socket.create_connection(("127.0.0.1", self.port), timeout=wait_s) as conn:
            conn.sendall(head)
            return conn.recv(65536)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[Served]:
    running = Served(tmp_path / "ledger.duckdb", max_upload_bytes=1024 * 1024)
    yield running
    running.stop()


@pytest.fixture()
def served_with_token(tmp_path: Path) -> Iterator[Served]:
    running = Served(tmp_path / "ledger.duckdb", token=TOKEN, max_upload_bytes=1024 * 1024)
    yield running
    running.stop()


def _upload_head(path: str, length: int, extra: bytes = b"") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode()
        + b"Content-Type: multipart/form-data; boundary=XyZ\r\n"
        + extra
        + f"Content-Length: {length}\r\n\r\n".encode()
    )


def test_a_rebound_host_name_is_refused(served: Served, tmp_path: Path) -> None:
    csv = write_usage_csv(tmp_path / "usage.csv")
    evil = {"Host": "evil.example", "Origin": "http://evil.example"}
    assert httpx.get(served.url + "/api/report", headers=evil).status_code == 400
    answer = httpx.post(served.url + "/api/import", headers=evil, files={"file": csv.open("rb")})
    assert answer.status_code == 400 and "--allowed-host" in answer.json()["detail"]
    assert not (tmp_path / "ledger.duckdb").exists()
    assert httpx.get(served.url + "/api/models", headers={"Host": "localhost:1"}).is_success


def test_an_allowed_host_name_is_served(tmp_path: Path) -> None:
    running = Served(tmp_path / "ledger.duckdb", allowed_host=["fairprint.lan"])
    try:
        reply = httpx.get(running.url + "/api/models", headers={"Host": "fairprint.lan"})
        assert reply.status_code == 200
    finally:
        running.stop()


def test_a_declared_oversized_upload_is_refused_before_its_body(served: Served) -> None:
    answer = served.raw(_upload_head("/api/import", 1_500_000_000))
    assert answer.startswith(b"HTTP/1.1 413")


def test_a_chunked_upload_is_stopped_at_the_limit_while_streaming(served: Served) -> None:
    head = (
        b"POST /api/import HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: multipart/form-data; boundary=XyZ\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    first = b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="u.csv"\r\n\r\n'
    chunk = b"10000\r\n" + b"a" * 0x10000 + b"\r\n"
    body = f"{len(first):x}\r\n".encode() + first + b"\r\n" + chunk * 24  # 1.5 MiB, no end
    before = _scratch_folders()
    assert served.raw(head + body).startswith(b"HTTP/1.1 413")
    assert _scratch_folders() == before  # nothing left in the temporary folder


def _scratch_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("fairprint-upload-*")}


def test_with_a_token_the_token_is_checked_before_the_body(served_with_token: Served) -> None:
    wrong = served_with_token.raw(
        _upload_head("/api/import", 800_000_000, b"Authorization: Bearer wrong\r\n")
    )
    assert wrong.startswith(b"HTTP/1.1 401")
    missing = served_with_token.raw(_upload_head("/api/import", 800_000_000))
    assert missing.startswith(b"HTTP/1.1 401")


def test_the_form_token_must_come_first_and_is_checked_before_the_file(
    served_with_token: Served, tmp_path: Path
) -> None:
    csv = write_usage_csv(tmp_path / "usage.csv").read_bytes()

    def form(*parts: tuple[str, bytes, str | None]) -> bytes:
        out = b""
        for name, value, filename in parts:
            disposition = f'form-data; name="{name}"' + (
                f'; filename="{filename}"' if filename else ""
            )
            out += f"--XyZ\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
            out += value + b"\r\n"
        return out + b"--XyZ--\r\n"

    headers = {"Content-Type": "multipart/form-data; boundary=XyZ"}
    url = served_with_token.url + "/imports"
    wrong = httpx.post(
        url, content=form(("token", b"nope", None), ("file", csv, "u.csv")), headers=headers
    )
    assert wrong.status_code == 401
    late = httpx.post(
        url, content=form(("file", csv, "u.csv"), ("token", TOKEN.encode(), None)), headers=headers
    )
    assert late.status_code == 401
    right = httpx.post(
        url, content=form(("token", TOKEN.encode(), None), ("file", csv, "u.csv")), headers=headers
    )
    assert right.status_code == 200, right.text
    # a 1 GB body announced after a wrong token: answered before the body is sent
    head = _upload_head("/imports", 1_000_000_000)
    start = form(("token", b"nope", None)).removesuffix(b"--XyZ--\r\n") + (
        b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="u.csv"\r\n\r\n'
    )
    assert served_with_token.raw(head + start).startswith(b"HTTP/1.1 401")


def test_a_200_mb_json_body_is_refused_by_size_before_parsing(served: Served) -> None:
    head = (
        b"POST /api/estimate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 200000000\r\n\r\n"
    )
    assert served.raw(head + b'{"model": "').startswith(b"HTTP/1.1 413")
    chunked = (
        b"POST /api/estimate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"100000\r\n" + b" " * 0x100000 + b"\r\n"
    assert served.raw(chunked + chunk * 9).startswith(b"HTTP/1.1 413")  # 9 MiB > 8 MiB


@pytest.mark.parametrize("name", ["..", ".", "a/..", "\x1b[31m.csv", "x" * 300])
def test_an_upload_that_is_not_a_file_name_gets_a_400(served: Served, name: str) -> None:
    answer = httpx.post(served.url + "/api/import", files={"file": (name, b"a,b\n1,2\n")})
    assert answer.status_code == 400, answer.text


def test_error_pages_show_no_temporary_path_pid_or_ledger_path(
    served: Served, tmp_path: Path
) -> None:
    import duckdb

    ledger = tmp_path / "ledger.duckdb"
    holder = duckdb.connect(str(ledger))  # another process would hold the write lock
    holder.close()
    answer = httpx.post(
        served.url + "/api/import", files={"file": ("bad.csv", b"\xff\xfe\x00garbage\n")}
    )
    text = answer.text
    assert answer.status_code in (400, 422)
    assert tempfile.gettempdir() + "/fairprint-upload" not in text
    assert str(ledger) not in text and str(tmp_path) not in text
    assert str(os.getpid()) not in text


def test_a_lock_held_by_another_process_is_reported_without_its_pid_or_paths(
    served: Served, tmp_path: Path
) -> None:
    import subprocess
    import sys

    from fairprint.ledger import Ledger

    ledger = tmp_path / "ledger.duckdb"
    with Ledger(ledger):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(ledger)!r}); print(1, flush=True);"
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline()
        answers = [
            httpx.post(
                served.url + "/api/import",
                files={"file": ("u.csv", b"a,b\n1,2\n")},
                timeout=60,  # the ledger waits a few seconds for the lock first
            ),
            httpx.get(served.url + "/", timeout=60),
        ]
    finally:
        holder.kill()
        holder.wait()
    for answer in answers:
        assert answer.status_code == 422
        assert "lock" in answer.text
        assert str(holder.pid) not in answer.text
        assert str(tmp_path) not in answer.text and sys.executable not in answer.text
        assert "time.sleep" not in answer.text and "duckdb.connect" not in answer.text


def test_public_message_scrubs_paths_and_pids(tmp_path: Path) -> None:
    from fastapi import Request

    from fairprint.web.app import public_message

    app = create_app(tmp_path / "secret" / "ledger.duckdb")
    request = Request({"type": "http", "app": app, "headers": [], "path": "/"})
    upload = Path(tempfile.gettempdir()) / "fairprint-upload-abc" / "usage.csv"
    message = (
        f"cannot read {upload}: locked by process PID 4242 holding "
        f"{tmp_path / 'secret' / 'ledger.duckdb'}"
    )
    cleaned = public_message(request, message)
    assert "usage.csv" in cleaned and "the ledger" in cleaned
    assert "4242" not in cleaned and "fairprint-upload-abc" not in cleaned
    assert "secret" not in cleaned
    ledger = tmp_path / "secret" / "ledger.duckdb"
    lock = (
        f"the ledger {ledger} is in use by process 4243 (python -c key=s3cr3t; x(1)); "
        "waited 5 s. Try again when it has finished, or use --ledger PATH for another file"
    )
    assert public_message(request, lock) == (
        "the ledger is locked by another process; waited 5 s. Try again when it has finished"
    )
    url = "see https://duckdb.org/docs/current/connect/concurrency"
    assert public_message(request, url) == url


def test_the_app_refuses_a_foreign_host_by_default(tmp_path: Path) -> None:
    """Without any option the app itself holds the allow-list (library users included)."""
    from starlette.testclient import TestClient

    app = create_app(tmp_path / "ledger.duckdb")
    evil = TestClient(app, base_url="http://evil.example", client=("127.0.0.1", 1))
    refused = evil.get("/api/models", headers={"Origin": "http://evil.example"})
    assert refused.status_code == 400 and "--allowed-host" in refused.text
    upload = evil.post("/api/import", files={"file": ("u.csv", b"a,b\n1,2\n")})
    assert upload.status_code == 400 and not (tmp_path / "ledger.duckdb").exists()
    assert TestClient(app, base_url="http://localhost:8000").get("/api/models").is_success
    mounted = create_app(tmp_path / "ledger.duckdb", allowed_host=["fairprint.lan"])
    assert TestClient(mounted, base_url="http://fairprint.lan").get("/api/models").is_success
