"""What both servers (the web app and the OTLP receiver) put in front of every request.

Why one module: the two servers face the same hostile inputs, so they share one HTTP stack
(ASGI under uvicorn) and the same three defences, enforced before any handler runs:

- a **Host allow-list** (``HostGuard``): a server on loopback answers only requests
  addressed to a loopback name, so a web page on ``evil.example`` cannot reach it through
  DNS rebinding; ``--allowed-host`` adds names;
- **body limits while streaming** (``read_body``): the declared length is checked first,
  then every received chunk is counted, and compressed bodies are inflated chunk by chunk
  with a cap on the inflated size and on the inflation ratio, so memory stays bounded
  whatever the client sends (a 2 MB gzip that would inflate to 2 GiB stops at the cap);
- **timeouts**: a body that stalls is answered 408 (``BODY_TIMEOUT_S``); uvicorn's own
  settings (``server_settings``) close idle keep-alive connections and bound how many
  connections are served at once.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import zlib
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")
"""Host names a loopback server answers to by default."""

BODY_TIMEOUT_S = 30.0
"""Longest wait for the next chunk of a request body before answering 408."""

HEADER_TIMEOUT_S = 10.0
"""Longest wait for a request's line and headers on an open connection before closing it."""


class HttpProblem(Exception):
    """A request refused with an HTTP status and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``; False for anything else or garbage."""
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The name of a ``Host`` header without its port: ``[::1]:8000`` → ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    name = header.rpartition(":")[0] if header.count(":") == 1 else header
    return name.rstrip(".")


def allowed_hosts(bind_host: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """Loopback names, the bound address (when it is a specific one) and ``extra``.

    ``*`` in ``extra`` allows every name (then only the token protects writes).
    """
    names = {*LOOPBACK_NAMES, *(host_name(name) for name in extra if name != "*")}
    if "*" in extra:
        names.add("*")
    try:
        if not ipaddress.ip_address(bind_host.strip("[]")).is_unspecified:
            names.add(host_name(bind_host if ":" not in bind_host else f"[{bind_host}]"))
    except ValueError:
        names.add(host_name(bind_host))
    return frozenset(names)


async def send_json(send: Send, status: int, payload: dict[str, Any]) -> None:
    """Answer with a small JSON body (used before any framework sees the request)."""
    body = json.dumps(payload).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class HostGuard:
    """ASGI middleware: 400 for a request whose ``Host`` is not on the allow-list."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str], detail_key: str = "detail") -> None:
        self.app = app
        self.allowed = frozenset(allowed)
        self.detail_key = detail_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and "*" not in self.allowed:
            header = _header(scope, b"host")
            if host_name(header) not in self.allowed:
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                    return
                shown = "".join(ch for ch in header[:80] if ch.isprintable())
                await send_json(
                    send,
                    400,
                    {
                        self.detail_key: f"this server does not answer to Host {shown!r}; "
                        "start it with --allowed-host NAME to serve that name"
                    },
                )
                return
        await self.app(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return ""


def declared_length(scope: Scope) -> int | None:
    """The request's ``Content-Length`` as an int (None when absent; 400 when garbage)."""
    text = _header(scope, b"content-length").strip()
    if not text:
        return None
    if not text.isdigit():
        raise HttpProblem(400, f"Content-Length {text[:40]!r} is not a number")
    return int(text)


@dataclass(frozen=True)
class BodyLimits:
    """Caps on one request body: bytes on the wire, bytes once inflated, inflation ratio."""

    wire_bytes: int
    inflated_bytes: int
    ratio: int = 200
    ratio_floor_bytes: int = 1024 * 1024
    """Inflated bytes always allowed whatever the ratio (tiny bodies compress very well)."""


def _inflater(encoding: str) -> Any:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(wbits=31)
    if encoding == "deflate":
        return zlib.decompressobj(wbits=47)  # zlib or gzip header, detected
    raise HttpProblem(
        415, f"Content-Encoding {encoding[:40]!r} is not supported; send gzip, deflate or none"
    )


async def read_body(
    receive: Receive,
    limits: BodyLimits,
    *,
    scope: Scope,
    timeout_s: float = BODY_TIMEOUT_S,
    decompress: bool = True,
) -> bytes:
    """The request body, inflated when compressed, refused (``HttpProblem``) past a limit.

    Raises 413 as soon as the wire bytes or the inflated bytes pass their cap (or the
    inflated size passes ``ratio`` times the wire size, beyond ``ratio_floor_bytes``); 400
    for a corrupt or truncated compressed body; 408 when the client stalls.
    """
    declared = declared_length(scope)
    if declared is not None and declared > limits.wire_bytes:
        raise HttpProblem(413, f"request body over the limit of {limits.wire_bytes:,} bytes")
    inflater = _inflater(_header(scope, b"content-encoding")) if decompress else None
    parts: list[bytes] = []
    wire = inflated = 0
    while True:
        try:
            message = await asyncio.wait_for(receive(), timeout_s)
        except TimeoutError:
            raise HttpProblem(408, f"no request data for {timeout_s:.0f} s") from None
        if message["type"] == "http.disconnect":
            raise HttpProblem(400, "the client closed the connection mid-body")
        chunk = message.get("body", b"")
        wire += len(chunk)
        if wire > limits.wire_bytes:
            raise HttpProblem(413, f"request body over the limit of {limits.wire_bytes:,} bytes")
        if inflater is not None and chunk:
            room = min(limits.inflated_bytes, max(limits.ratio * wire, limits.ratio_floor_bytes))
            try:
                chunk = inflater.decompress(chunk, room - inflated + 1)
            except zlib.error as exc:
                raise HttpProblem(400, f"the compressed body is corrupt: {exc}") from None
            if inflated + len(chunk) > room or inflater.unconsumed_tail:
                raise HttpProblem(
                    413,
                    f"the compressed body inflates past {room:,} bytes (limits: "
                    f"{limits.inflated_bytes:,} bytes, {limits.ratio}x the sent size)",
                )
        inflated += len(chunk)
        parts.append(chunk)
        if not message.get("more_body", False):
            break
    if inflater is not None and wire and not inflater.eof:
        raise HttpProblem(400, "the compressed body is truncated")
    return b"".join(parts)


def _header_timeout_protocol() -> type:
    """uvicorn's h11 protocol, closing a connection whose headers do not come in time.

    Why: uvicorn times out idle keep-alive connections but not a first request whose
    headers trickle in (a "slowloris" client), which would hold a connection slot forever.
    """
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderTimeoutH11Protocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
            super().connection_lost(exc)

        def _arm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
            self._header_timer = self.loop.call_later(HEADER_TIMEOUT_S, self._expire, self.cycle)

        def _expire(self, cycle: Any) -> None:
            if self.cycle is cycle and not self.transport.is_closing():  # no request began
                self.transport.close()

    return HeaderTimeoutH11Protocol


def server_settings() -> dict[str, Any]:
    """uvicorn settings both servers use: bounded connections, headers and idle time."""
    return {
        "http": _header_timeout_protocol(),
        "timeout_keep_alive": 5,
        "limit_concurrency": 100,
        "h11_max_incomplete_event_size": 64 * 1024,
        "server_header": False,
        "log_level": "warning",
    }
