"""Hostile requests against `fairprint collect` and `fairprint serve`: time and memory.

Prints, for each attack of issue 15, the answer, the seconds to it and the server's peak
resident memory (sampled every 10 ms with psutil) beside its memory when idle.

    PYTHONPATH=src python bench/hostile.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

import psutil


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args: list[str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-c", "from fairprint.cli import main; main()", *args],
        stderr=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return process
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not start")


class Peak:
    """Peak RSS of a process while the block runs."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.idle = self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self) -> Peak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _send(port: int, head: bytes, body_chunks: object) -> tuple[str, int]:
    """Send ``head`` then chunks until the server answers; (status line, bytes sent)."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=120) as conn:
        conn.sendall(head)
        conn.setblocking(False)
        for chunk in body_chunks:  # type: ignore[attr-defined]
            try:
                answer = conn.recv(200)
                if answer:
                    return answer.split(b"\r\n")[0].decode(), sent
            except BlockingIOError:
                pass
            try:
                conn.setblocking(True)
                conn.settimeout(5)
                conn.sendall(chunk)
                sent += len(chunk)
                conn.setblocking(False)
            except OSError:
                break
        conn.setblocking(True)
        conn.settimeout(60)
        return conn.recv(200).split(b"\r\n")[0].decode(), sent


def _report(name: str, status: str, seconds: float, peak: Peak, sent: int) -> None:
    mib = 1024 * 1024
    print(
        f"{name:<34} {status:<28} {seconds:6.2f} s  sent {sent / mib:8.1f} MiB  "
        f"RSS {peak.idle / mib:5.0f} -> {peak.peak / mib:5.0f} MiB"
    )


def gzip_bomb(folder: Path) -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1024 * 1024)
    bomb = b"".join(packer.compress(zeros) for _ in range(2048)) + packer.flush()
    port = _free_port()
    args = ["collect", "--otlp", "--port", str(port), "--ledger", str(folder / "c.duckdb")]
    server = _start(args, port)
    try:
        head = (
            f"POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
            f"\r\nContent-Encoding: gzip\r\nContent-Length: {len(bomb)}\r\n\r\n"
        ).encode()
        with Peak(server.pid) as peak:
            start = time.perf_counter()
            status, sent = _send(
                port, head, [bomb[i : i + 65536] for i in range(0, len(bomb), 65536)]
            )
            seconds = time.perf_counter() - start
        _report(f"gzip bomb {len(bomb) / 1e6:.1f} MB -> 2 GiB", status, seconds, peak, sent)
    finally:
        server.terminate()
        server.wait()


def web_attacks(folder: Path) -> None:
    port = _free_port()
    server = _start(["serve", "--port", str(port), "--ledger", str(folder / "w.duckdb")], port)
    try:
        mib = b" " * (1024 * 1024)
        head = (
            b"POST /api/estimate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
            b"\r\nContent-Length: 200000000\r\n\r\n"
        )
        with Peak(server.pid) as peak:
            start = time.perf_counter()
            status, sent = _send(port, head, [mib] * 200)
            _report("200 MB JSON to /api/estimate", status, time.perf_counter() - start, peak, sent)
        head = (
            b"POST /api/import HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; "
            b"boundary=XyZ\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        part = b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="u.csv"\r\n\r\n'
        chunk = b"100000\r\n" + b"a" * 0x100000 + b"\r\n"
        before = sum(
            f.stat().st_size for f in Path(tempfile.gettempdir()).rglob("*") if f.is_file()
        )
        with Peak(server.pid) as peak:
            start = time.perf_counter()
            first = f"{len(part):x}\r\n".encode() + part + b"\r\n"
            status, sent = _send(port, head, [first] + [chunk] * 1500)
            _report("1.5 GB chunked upload", status, time.perf_counter() - start, peak, sent)
        after = sum(f.stat().st_size for f in Path(tempfile.gettempdir()).rglob("*") if f.is_file())
        print(f"{'  temporary folder growth':<34} {(after - before) / 1024 / 1024:.1f} MiB")
        head = (
            b"GET /api/report HTTP/1.1\r\nHost: evil.example\r\nOrigin: http://evil.example\r\n\r\n"
        )
        with Peak(server.pid) as peak:
            status, sent = _send(port, head, [])
        _report("Host: evil.example (rebinding)", status, 0.0, peak, sent)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
        gzip_bomb(Path(scratch))
        web_attacks(Path(scratch))
