"""An OTLP/HTTP trace receiver: a Collector (or an SDK exporter) sends traces, the ledger gets
activities.

Why a receiver and not only a file importer: a Collector can fan traces out to fairprint
alongside the user's tracing backend, so usage lands in the ledger as it happens. It speaks
OTLP/HTTP on ``POST /v1/traces`` in both encodings (``application/x-protobuf`` and
``application/json``, optionally gzip- or deflate-compressed, as the Collector's ``otlphttp``
exporter sends by default) and answers with an empty ``ExportTraceServiceResponse``.

It uses the standard library's HTTP server (one thread per request) and binds to
127.0.0.1 by default: it has no authentication, so exposing it is the user's decision.
"""

from __future__ import annotations

import gzip
import json
import logging
import threading
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyarrow as pa

from fairprint.activities import ACTIVITY_SCHEMA
from fairprint.errors import FormatError
from fairprint.track.genai import SeenIds, activities_from_otlp

log = logging.getLogger("fairprint.track")

Sink = Callable[[pa.Table], Any]

MAX_BODY_BYTES = 64 * 1024 * 1024


def decode_request(body: bytes, content_type: str, content_encoding: str = "") -> dict[str, Any]:
    """An OTLP trace export request as a dict in the OTLP JSON shape, whatever its encoding."""
    encoding = content_encoding.strip().lower()
    try:
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding not in ("", "identity"):
            raise FormatError(
                f"Content-Encoding {content_encoding!r} is not supported; "
                "send gzip, deflate or uncompressed"
            )
    except (OSError, zlib.error) as exc:
        raise FormatError(f"body is not valid {encoding} data: {exc}") from exc
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/json":
        try:
            data = json.loads(body or b"{}")
        except ValueError as exc:
            raise FormatError(f"body is not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise FormatError("an OTLP JSON export must be an object with 'resourceSpans'")
        return data
    if kind == "application/x-protobuf":
        from google.protobuf.json_format import MessageToDict
        from google.protobuf.message import DecodeError
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
            ExportTraceServiceRequest,
        )

        try:
            message = ExportTraceServiceRequest.FromString(body)
        except DecodeError as exc:
            raise FormatError(f"body is not an OTLP ExportTraceServiceRequest: {exc}") from exc
        return MessageToDict(message)
    raise FormatError(
        f"Content-Type {content_type!r} is not OTLP; send application/json or "
        "application/x-protobuf"
    )


def _empty_response(kind: str) -> tuple[bytes, str]:
    if kind == "application/x-protobuf":
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
            ExportTraceServiceResponse,
        )

        return ExportTraceServiceResponse().SerializeToString(), kind
    return b"{}", "application/json"


class _Handler(BaseHTTPRequestHandler):
    server: OtlpReceiver

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("otlp receiver: " + format, *args)

    def _reply(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._reply(
            status, json.dumps({"code": 3, "message": message}).encode(), "application/json"
        )

    def do_POST(self) -> None:
        if self.path.split("?", 1)[0] != "/v1/traces":
            self._error(404, f"no OTLP endpoint at {self.path}; send traces to /v1/traces")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._error(413, f"request body over {MAX_BODY_BYTES} bytes")
            return
        content_type = self.headers.get("Content-Type") or ""
        body = self.rfile.read(length)
        try:
            traces = decode_request(body, content_type, self.headers.get("Content-Encoding") or "")
            accepted = self.server.accept(traces)
        except FormatError as exc:
            self._error(400, str(exc))
            return
        except Exception as exc:
            log.exception("otlp receiver could not store traces")
            self._error(500, f"fairprint could not store the traces: {exc}")
            return
        log.info("otlp receiver: %d inference span(s) accepted", accepted)
        self._reply(200, *_empty_response(content_type.split(";", 1)[0].strip().lower()))


class OtlpReceiver(ThreadingHTTPServer):
    """Serve ``POST /v1/traces``; every batch of inference spans goes to ``sink`` as a table.

    ``sink`` receives an ``ACTIVITY_SCHEMA`` table per request (e.g. a ledger's
    ``add_activities``). Responses seen before (same ``gen_ai.response.id``) are dropped here,
    and the activity ids are stable, so a ledger also ignores a re-sent batch.
    """

    daemon_threads = True

    def __init__(
        self, sink: Sink, host: str = "127.0.0.1", port: int = 4318, project: str | None = None
    ) -> None:
        super().__init__((host, port), _Handler)
        self.sink = sink
        self.project = project
        self.accepted = 0
        self._seen = SeenIds()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def accept(self, traces: dict[str, Any]) -> int:
        """Store the inference spans of one export request; returns how many were new."""
        rows = list(activities_from_otlp(traces, source="otlp", project=self.project))
        with self._lock:
            fresh = {r["activity_id"]: r for r in rows if r["activity_id"] not in self._seen}
            rows = list(fresh.values())
            if rows:
                self.sink(pa.Table.from_pylist(rows, schema=ACTIVITY_SCHEMA))
            for key in fresh:  # remembered only once stored, so a failed batch can be re-sent
                self._seen.first_time(key)
            self.accepted += len(rows)
        return len(rows)

    def start(self) -> OtlpReceiver:
        """Serve in a background thread (for tests and embedding); ``stop()`` ends it."""
        self._thread = threading.Thread(
            target=self.serve_forever, name="fairprint-otlp", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def ledger_sink(path: str | Path) -> Sink:
    """A sink that adds each batch to the ledger at ``path`` (opened once, calls serialised)."""
    from fairprint.ledger import Ledger

    ledger = Ledger(Path(path))

    def add(table: pa.Table) -> Any:
        return ledger.add_activities(table, origin="otlp")

    add.ledger = ledger  # type: ignore[attr-defined]
    return add
