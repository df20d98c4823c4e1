"""The OTLP receiver against hostile requests: bombs, garbage, stalls, other hosts.

Every answer is a 4xx that says why (never a 500, which exporters retry forever), memory
stays bounded, and the ledger gets nothing from a refused request.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyarrow as pa
import pytest

from fairprint.ledger import Ledger
from fairprint.track.otlp_receiver import OtlpReceiver, ledger_sink
from tests.track.test_otlp_receiver import CHAT, _json_payload, _json_span


@pytest.fixture()
def receiver() -> Iterator[OtlpReceiver]:
    batches: list[pa.Table] = []
    running = OtlpReceiver(batches.append, port=0, token=None, body_timeout_s=1.0).start()
    running.batches = batches  # type: ignore[attr-defined]
    yield running
    running.stop()


def _post(receiver: OtlpReceiver, body: bytes, **headers: str) -> httpx.Response:
    return httpx.post(
        receiver.url + "/v1/traces",
        content=body,
        headers={"Content-Type": "application/json", **headers},
        timeout=30,
    )


def _stored(receiver: OtlpReceiver) -> int:
    return sum(t.num_rows for t in receiver.batches)  # type: ignore[attr-defined]


def _bomb(inflated_bytes: int) -> bytes:
    """A gzip body of zeros that inflates to ``inflated_bytes`` (made in 1 MiB steps)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1024 * 1024)
    parts = [packer.compress(zeros) for _ in range(inflated_bytes // len(zeros))]
    return b"".join([*parts, packer.flush()])


@pytest.mark.parametrize(
    "body",
    [
        b'{"resourceSpans":"x"}',
        b'{"resourceSpans":[null]}',
        b'{"resourceSpans":[{"scopeSpans":[{"spans":"x"}]}]}',
        b'{"resourceSpans":[{"resource":[1],"scopeSpans":[]}]}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"resourceSpans":' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        b"\xff\xfe not utf-8",
    ],
    ids=["string", "null-item", "spans-string", "resource-list", "deep", "deep-inside", "bytes"],
)
def test_garbage_gets_a_400_never_a_500(receiver: OtlpReceiver, body: bytes) -> None:
    reply = _post(receiver, body)
    assert reply.status_code == 400, reply.text
    assert reply.json()["message"]
    assert _stored(receiver) == 0


def test_a_gzip_bomb_is_refused_early_with_bounded_memory(receiver: OtlpReceiver) -> None:
    bomb = _bomb(512 * 1024 * 1024)  # 512 MiB of zeros in ~0.5 MB of gzip
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    try:
        reply = _post(receiver, bomb, **{"Content-Encoding": "gzip"})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert reply.status_code == 413
    assert "inflates past" in reply.json()["message"]
    assert peak < 150 * 1024 * 1024  # the inflated cap (64 MiB) plus the request, not 512 MiB


def test_a_corrupt_or_truncated_gzip_body_is_a_400(receiver: OtlpReceiver) -> None:
    good = gzip.compress(json.dumps(_json_payload(_json_span("01", CHAT))).encode())
    assert _post(receiver, good[:-12], **{"Content-Encoding": "gzip"}).status_code == 400
    assert _post(receiver, b"\x1f\x8bnot gzip", **{"Content-Encoding": "gzip"}).status_code == 400
    assert _post(receiver, good, **{"Content-Encoding": "br"}).status_code == 415
    assert _stored(receiver) == 0


def test_a_chunked_body_is_read_and_its_spans_stored(receiver: OtlpReceiver) -> None:
    body = json.dumps(_json_payload(_json_span("0000000000000001", CHAT))).encode()

    def pieces() -> Iterator[bytes]:
        for start in range(0, len(body), 50):
            yield body[start : start + 50]

    reply = httpx.post(
        receiver.url + "/v1/traces",
        content=pieces(),
        headers={"Content-Type": "application/json"},
    )
    assert reply.status_code == 200
    assert _stored(receiver) == 1


def test_a_chunked_body_over_the_limit_is_refused_while_streaming() -> None:
    from fairprint._asgi import BodyLimits

    limits = BodyLimits(wire_bytes=1024 * 1024, inflated_bytes=1024 * 1024)
    running = OtlpReceiver(lambda t: None, port=0, limits=limits).start()
    chunk = b"10000\r\n" + b" " * 0x10000 + b"\r\n"  # 64 KiB chunks, no end marker
    head = (
        b"POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    try:  # 2 MiB sent, the body never ends: the answer comes from what was counted so far
        answer = _raw(running, head + chunk * 32)
    finally:
        running.stop()
    assert answer.startswith(b"HTTP/1.1 413")


def _raw(receiver: OtlpReceiver, head: bytes, wait_s: float = 10) -> bytes:
    host, port = receiver.url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=wait_s) as conn:
        conn.sendall(head)
        return conn.recv(4096)


def test_a_declared_length_over_the_limit_is_answered_before_the_body(
    receiver: OtlpReceiver,
) -> None:
    head = (
        b"POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 900000000\r\n\r\n"
    )
    assert _raw(receiver, head).startswith(b"HTTP/1.1 413")


def test_the_token_is_checked_before_the_body_is_read(tmp_path: Path) -> None:
    running = OtlpReceiver(lambda t: None, port=0, token="s3cret").start()
    try:
        head = (
            b"POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Authorization: Bearer wrong\r\nContent-Length: 1000000\r\n\r\n"
        )
        assert _raw(running, head).startswith(b"HTTP/1.1 401")
        body = json.dumps(_json_payload(_json_span("01", CHAT))).encode()
        ok = httpx.post(
            running.url + "/v1/traces",
            content=body,
            headers={"Content-Type": "application/json", "Authorization": "Bearer s3cret"},
        )
        assert ok.status_code == 200
    finally:
        running.stop()


def test_a_stalled_body_gets_a_408(receiver: OtlpReceiver) -> None:
    head = (
        b"POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n{"
    )
    assert _raw(receiver, head).startswith(b"HTTP/1.1 408")


def test_another_host_name_is_refused(receiver: OtlpReceiver) -> None:
    body = json.dumps(_json_payload(_json_span("01", CHAT))).encode()
    reply = _post(receiver, body, Host="evil.example")
    assert reply.status_code == 400
    assert "--allowed-host" in reply.json()["message"]
    assert _post(receiver, body, Host="localhost:4318").status_code == 200
    assert _stored(receiver) == 1


def test_an_allowed_host_is_served() -> None:
    running = OtlpReceiver(lambda t: None, port=0, allowed_host=["collector.internal"]).start()
    try:
        body = json.dumps(_json_payload(_json_span("01", CHAT))).encode()
        reply = httpx.post(
            running.url + "/v1/traces",
            content=body,
            headers={"Content-Type": "application/json", "Host": "collector.internal"},
        )
        assert reply.status_code == 200
    finally:
        running.stop()


def test_out_of_range_counts_are_refused_as_partial_success(receiver: OtlpReceiver) -> None:
    huge = {**CHAT, "gen_ai.response.id": "chatcmpl-huge"}
    span = _json_span("0000000000000002", huge)
    span["attributes"] = [
        {"key": "gen_ai.usage.input_tokens", "value": {"intValue": str(10**23)}}
        if a["key"] == "gen_ai.usage.input_tokens"
        else a
        for a in span["attributes"]
    ]
    payload = _json_payload(_json_span("0000000000000001", CHAT), span)
    reply = _post(receiver, json.dumps(payload).encode())
    assert reply.status_code == 200
    assert reply.json()["partialSuccess"]["rejectedSpans"] == "1"
    assert _stored(receiver) == 1


def test_the_ledger_can_be_read_while_the_collector_runs(tmp_path: Path) -> None:
    path = tmp_path / "ledger.duckdb"
    commits = threading.Event()
    sink = ledger_sink(path, interval_s=0.2, on_commit=lambda rows, total: commits.set())
    running = OtlpReceiver(sink, port=0).start()
    try:
        body = json.dumps(_json_payload(_json_span("0000000000000001", CHAT))).encode()
        assert _post(running, body).status_code == 200
        assert commits.wait(20)
        with Ledger(path) as reader:  # the collector does not hold the file between batches
            assert reader.activities().num_rows == 1
        commits.clear()
        second = {**CHAT, "gen_ai.response.id": "chatcmpl-b"}
        body = json.dumps(_json_payload(_json_span("0000000000000002", second))).encode()
        assert _post(running, body).status_code == 200
        assert commits.wait(20)
    finally:
        running.stop()
        sink.close()
    assert sink.committed == 2
    with Ledger(path) as reader:
        assert reader.activities().num_rows == 2


def test_a_spool_left_by_a_crash_is_committed_at_the_next_start(tmp_path: Path) -> None:
    from fairprint.track.batch_writer import BatchWriter

    path = tmp_path / "ledger.duckdb"
    first = BatchWriter(path, interval_s=3600)
    receiver = OtlpReceiver(first, port=0)
    receiver.accept(_json_payload(_json_span("0000000000000001", CHAT)))
    receiver._socket.close()
    assert first.spool.exists()  # spooled, not yet committed: the process "dies" here
    first._stop.set()
    second = BatchWriter(path, interval_s=3600)
    assert second.commit() == 1
    second.close()
    with Ledger(path) as reader:
        assert reader.activities().num_rows == 1
    assert not list(tmp_path.glob("*.commit")) and not second.spool.exists()


def test_a_connection_whose_headers_never_end_is_closed(monkeypatch) -> None:
    import fairprint._asgi

    monkeypatch.setattr(fairprint._asgi, "HEADER_TIMEOUT_S", 0.5)
    running = OtlpReceiver(lambda t: None, port=0).start()
    try:
        host, port = running.url.removeprefix("http://").rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=10) as conn:
            conn.sendall(b"POST /v1/traces HTTP/1.1\r\nHost: 127.0")  # and nothing more
            assert conn.recv(100) == b""  # closed by the server, not by the 10 s timeout
        assert httpx.post(running.url + "/v1/traces", json={}).status_code == 200
    finally:
        running.stop()


def test_a_busy_ledger_delays_the_commit_and_loses_nothing(tmp_path: Path) -> None:
    import subprocess
    import sys

    from fairprint.track.batch_writer import BatchWriter

    path = tmp_path / "ledger.duckdb"
    with Ledger(path):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys; c = duckdb.connect({str(path)!r}); print(1, flush=True);"
            "sys.stdin.readline()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    writer = BatchWriter(path, interval_s=3600)
    receiver = OtlpReceiver(writer, port=0)
    receiver._socket.close()
    try:
        assert holder.stdout is not None and holder.stdout.readline()
        receiver.accept(_json_payload(_json_span("0000000000000001", CHAT)))
        assert writer.commit() == 0  # another process holds the ledger: kept for later
        assert writer.failed_commits == 1
    finally:
        assert holder.stdin is not None
        holder.stdin.write(b"\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    assert writer.commit() == 1
    writer.close()
    with Ledger(path) as reader:
        assert reader.activities().num_rows == 1
