"""An OTLP/HTTP trace receiver: a Collector (or an SDK exporter) sends traces, the ledger gets
activities.

Why a receiver and not only a file importer: a Collector can fan traces out to fairprint
alongside the user's tracing backend, so usage lands in the ledger as it happens. It speaks
OTLP/HTTP on ``POST /v1/traces`` in both encodings (``application/x-protobuf`` and
``application/json``, optionally gzip- or deflate-compressed, as the Collector's ``otlphttp``
exporter sends by default) and answers with an ``ExportTraceServiceResponse`` (with
``partialSuccess`` when some spans could not be stored).

It runs on the same HTTP stack as the web app (an ASGI app under uvicorn) with the same
defences (``fairprint._asgi``): a Host allow-list, the token checked before the body is
read, body limits enforced while the body streams in (wire size, inflated size, inflation
ratio), a timeout on stalled bodies. Bad input gets 400/413/415, a store that cannot take
the batch 503 (which exporters retry), never a 500. It binds to 127.0.0.1 by default.
"""

from __future__ import annotations

import json
import logging
import secrets
import socket
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from fairprint._asgi import (
    BODY_TIMEOUT_S,
    BodyLimits,
    HostGuard,
    HttpProblem,
    allowed_hosts,
    read_body,
)
from fairprint.activities import ACTIVITY_SCHEMA
from fairprint.errors import FormatError
from fairprint.track.genai import SeenIds, activities_from_otlp, unstorable

log = logging.getLogger("fairprint.track")

# fastapi and uvicorn come with the ``track`` extra (and ``web``): the receiver is an ASGI app.

Sink = Callable[[pa.Table], Any]

LIMITS = BodyLimits(wire_bytes=16 * 1024 * 1024, inflated_bytes=64 * 1024 * 1024, ratio=200)
"""16 MiB on the wire, 64 MiB inflated, 200x at most: a Collector batch is far smaller."""

JSON = "application/json"
PROTOBUF = "application/x-protobuf"


def decode_request(body: bytes, content_type: str) -> dict[str, Any]:
    """An (already inflated) OTLP export request as a dict in the OTLP JSON shape."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == JSON:
        try:
            data = json.loads(body or b"{}")
        except (ValueError, RecursionError) as exc:
            raise FormatError(f"body is not JSON: {str(exc)[:200]}") from None
        if not isinstance(data, dict):
            raise FormatError("an OTLP JSON export must be an object with 'resourceSpans'")
        return data
    if kind == PROTOBUF:
        from google.protobuf.json_format import MessageToDict
        from google.protobuf.message import DecodeError
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
            ExportTraceServiceRequest,
        )

        try:
            message = ExportTraceServiceRequest.FromString(body)
        except (DecodeError, RecursionError, ValueError) as exc:
            raise FormatError(f"body is not an OTLP ExportTraceServiceRequest: {exc}") from None
        return MessageToDict(message)
    raise HttpProblem(
        415,
        f"Content-Type {content_type[:80]!r} is not OTLP; send {JSON} or {PROTOBUF}",
    )


def _check_shape(traces: dict[str, Any]) -> None:
    """Refuse (FormatError naming the JSON path) what is not a ``TracesData`` shape."""

    def objects(value: Any, path: str) -> list[dict[str, Any]]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise FormatError(f"{path} must be a list of objects")
        return value

    for i, resource in enumerate(objects(traces.get("resourceSpans"), "resourceSpans")):
        where = f"resourceSpans[{i}]"
        if not isinstance(resource.get("resource") or {}, dict):
            raise FormatError(f"{where}.resource must be an object")
        for j, scope in enumerate(objects(resource.get("scopeSpans"), f"{where}.scopeSpans")):
            objects(scope.get("spans"), f"{where}.scopeSpans[{j}].spans")


def _reply(kind: str, rejected: int = 0, message: str = "") -> tuple[bytes, str]:
    """An ``ExportTraceServiceResponse`` in the request's encoding."""
    if kind == PROTOBUF:
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
            ExportTracePartialSuccess,
            ExportTraceServiceResponse,
        )

        response = ExportTraceServiceResponse()
        if rejected:
            response.partial_success.CopyFrom(
                ExportTracePartialSuccess(rejected_spans=rejected, error_message=message)
            )
        return response.SerializeToString(), PROTOBUF
    payload: dict[str, Any] = {}
    if rejected:
        payload["partialSuccess"] = {"rejectedSpans": str(rejected), "errorMessage": message}
    return json.dumps(payload).encode(), JSON


class OtlpReceiver:
    """Serve ``POST /v1/traces``; every batch of inference spans goes to ``sink`` as a table.

    ``sink`` receives an ``ACTIVITY_SCHEMA`` table per request (e.g. a ``BatchWriter`` over
    a ledger). Responses seen before (same ``gen_ai.response.id``) are dropped here, and the
    activity ids are stable, so a ledger also ignores a re-sent batch. ``token``: when
    given, requests need ``Authorization: Bearer <token>`` (checked before the body is
    read). ``allowed_host``: names besides loopback (and the bound address) that the
    ``Host`` header may carry.
    """

    def __init__(
        self,
        sink: Sink,
        host: str = "127.0.0.1",
        port: int = 4318,
        project: str | None = None,
        *,
        token: str | None = None,
        allowed_host: Iterable[str] = (),
        limits: BodyLimits = LIMITS,
        body_timeout_s: float = BODY_TIMEOUT_S,
    ) -> None:
        self.sink = sink
        self.project = project
        self.token = token or None
        self.limits = limits
        self.body_timeout_s = body_timeout_s
        self.accepted = 0
        self.rejected = 0
        self._seen = SeenIds()
        self._lock = threading.Lock()
        self._socket = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.api = self._fastapi()
        """The FastAPI app (its OpenAPI schema documents the endpoint)."""
        self.app = HostGuard(self.api, allowed_hosts(host, allowed_host), "message")
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._socket.getsockname()[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}"

    # -- the HTTP side --------------------------------------------------------------------------
    def _fastapi(self) -> FastAPI:
        app = FastAPI(
            title="fairprint OTLP receiver",
            description="OTLP/HTTP traces in; gen_ai inference spans become ledger activities.",
            docs_url=None,
            redoc_url=None,
        )
        problem = {"content": {JSON: {"schema": {"type": "object"}}}}
        body_schema = {"type": "object", "properties": {"resourceSpans": {"type": "array"}}}

        @app.post(
            "/v1/traces",
            summary="Export traces (OTLP/HTTP)",
            openapi_extra={
                "requestBody": {
                    "required": True,
                    "content": {
                        JSON: {"schema": body_schema},
                        PROTOBUF: {"schema": {"type": "string", "format": "binary"}},
                    },
                },
                "responses": {
                    "200": {"description": "stored (partialSuccess lists refused spans)"},
                    "400": {"description": "not an OTLP export", **problem},
                    "401": {"description": "token missing or wrong", **problem},
                    "408": {"description": "the body stalled", **problem},
                    "413": {"description": "body over a limit", **problem},
                    "415": {"description": "not an OTLP content type or encoding", **problem},
                    "503": {"description": "the store is busy: retry", **problem},
                },
            },
        )
        async def traces(request: Request) -> Response:
            try:
                self._authorise(request.headers.get("authorization", ""))
                kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
                if kind not in (JSON, PROTOBUF):
                    decode_request(b"", kind)  # raises the 415
                body = await read_body(
                    request.receive,
                    self.limits,
                    scope=request.scope,
                    timeout_s=self.body_timeout_s,
                )
                rejected, message = await run_in_threadpool(self._store, body, kind)
            except HttpProblem as exc:
                headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
                return _problem(exc.status, exc.message, headers)
            content, media = _reply(kind, rejected, message)
            return Response(content, media_type=media)

        def _problem(status: int, message: str, headers: dict[str, str] | None = None) -> Any:
            return JSONResponse({"code": 3, "message": message}, status, headers=headers)

        @app.exception_handler(404)
        async def not_found(request: Request, exc: Exception) -> Any:
            return _problem(404, f"no OTLP endpoint at {request.url.path}; send to /v1/traces")

        @app.exception_handler(405)
        async def wrong_method(request: Request, exc: Exception) -> Any:
            return _problem(405, "send traces with POST /v1/traces", {"Allow": "POST"})

        return app

    def _authorise(self, header: str) -> None:
        if self.token is None:
            return
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(
            given.strip().encode(), self.token.encode()
        ):
            raise HttpProblem(401, "send 'Authorization: Bearer <token>' (the --token given)")

    def _store(self, body: bytes, kind: str) -> tuple[int, str]:
        """Decode, convert and store one export; (spans refused, why) for partialSuccess."""
        try:
            traces = decode_request(body, kind)
            _check_shape(traces)
            rows = list(activities_from_otlp(traces, source="otlp", project=self.project))
        except FormatError as exc:
            raise HttpProblem(400, str(exc)) from None
        except (AttributeError, TypeError, ValueError, OverflowError, RecursionError) as exc:
            raise HttpProblem(400, f"not an OTLP trace export ({type(exc).__name__})") from None
        good, reasons = [], []
        for row in rows:
            reason = unstorable(row)
            (reasons.append(reason) if reason else good.append(row))
        try:
            self.accept_rows(good)
        except Exception as exc:
            log.warning("otlp receiver could not store traces: %s", exc)
            raise HttpProblem(503, "fairprint could not store the traces yet; retry") from None
        with self._lock:
            self.rejected += len(reasons)
        return len(reasons), "; ".join(reasons[:3])

    def accept(self, traces: dict[str, Any]) -> int:
        """Store the inference spans of one export request; returns how many were new."""
        _check_shape(traces)
        rows = list(activities_from_otlp(traces, source="otlp", project=self.project))
        return self.accept_rows([row for row in rows if unstorable(row) is None])

    def accept_rows(self, rows: list[dict[str, Any]]) -> int:
        """Hand the rows not seen before to the sink; returns how many there were."""
        with self._lock:
            fresh = {r["activity_id"]: r for r in rows if r["activity_id"] not in self._seen}
            if fresh:
                self.sink(pa.Table.from_pylist(list(fresh.values()), schema=ACTIVITY_SCHEMA))
            for key in fresh:  # remembered only once stored, so a failed batch can be re-sent
                self._seen.first_time(key)
            self.accepted += len(fresh)
        if fresh:
            log.info("otlp receiver: %d inference span(s) accepted", len(fresh))
        return len(fresh)

    # -- running ----------------------------------------------------------------------------
    def _make_server(self) -> Any:
        import uvicorn

        from fairprint._asgi import server_settings

        config = uvicorn.Config(self.app, lifespan="off", **server_settings())
        self._server = uvicorn.Server(config)
        return self._server

    def serve_forever(self) -> None:
        """Serve in this thread until Ctrl-C or SIGTERM; both end in ``KeyboardInterrupt``.

        uvicorn shuts down gracefully, then re-raises the signal it caught: SIGTERM is
        turned into ``KeyboardInterrupt`` so the caller's clean-up (the last commit) runs.
        """
        import signal

        def interrupt(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, interrupt) if main else None
        try:
            self._make_server().run(sockets=[self._socket])
        finally:
            if main:
                signal.signal(signal.SIGTERM, previous)

    def start(self) -> OtlpReceiver:
        """Serve in a background thread (for tests and embedding); ``stop()`` ends it."""
        server = self._make_server()
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [self._socket]}, name="fairprint-otlp"
        )
        self._thread.daemon = True
        self._thread.start()
        for _ in range(500):
            if server.started:
                break
            threading.Event().wait(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._socket.close()


def ledger_sink(path: str | Path, **options: Any) -> Any:
    """A ``BatchWriter`` over the ledger at ``path``: spooled, committed in short batches."""
    from fairprint.track.batch_writer import BatchWriter

    return BatchWriter(Path(path), **options)
