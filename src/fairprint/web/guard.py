"""``BodyGuard``: limits and the write check applied before the app reads a request body.

Why an ASGI middleware: FastAPI reads (and spools) a whole body before a dependency or a
handler runs, so a size check or a token check there comes after the server has already
stored what the client sent (1.5 GB of chunked upload before a 413; 800 MB spooled
before a 401). Here, before anything is read:

- a write endpoint (``POST /api/import``, ``POST /imports``) is authorised first: the
  Origin, then the bearer token or, without a token, a loopback client. The Imports
  form carries its token as a form field, so for a form without an ``Authorization``
  header the guard reads at most ``FORM_PEEK_BYTES`` to find the ``token`` field, which
  must come before the file (the page's form puts it first);
- the declared ``Content-Length`` is checked against the endpoint's limit (uploads:
  ``max_upload_bytes``; every other body: ``max_json_bytes``), then every received chunk
  is counted and the request is refused with 413 as soon as it passes the limit, so a
  chunked body without a length is stopped too;
- a stalled body is answered 408 (``_asgi.BODY_TIMEOUT_S``).
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from fastapi import HTTPException
from starlette.requests import Request

from fairprint._asgi import BODY_TIMEOUT_S, ASGIApp, Message, Receive, Scope, Send
from fairprint.web.config import WebConfig
from fairprint.web.security import authorise_write, bearer_token

UPLOAD_PATHS = frozenset({"/api/import", "/imports"})
"""Endpoints that take a file and write the ledger."""

MULTIPART_SLACK = 64 * 1024
"""Multipart framing tolerated above the file limit (boundaries, part headers, fields)."""

FORM_PEEK_BYTES = 64 * 1024
"""Most bytes read from a form to find its ``token`` field before the file."""

_PART = re.compile(rb'content-disposition:[^\r\n]*\bname="([^"]*)"', re.IGNORECASE)


class BodyGuard:
    """ASGI middleware enforcing ``config``'s body limits and write rules (module doc)."""

    def __init__(self, app: ASGIApp, config: WebConfig, error: Any) -> None:
        self.app = app
        self.config = config
        self.error = error  # (request, status, message) -> Response: the app's error page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        upload = scope["path"] in UPLOAD_PATHS and scope["method"] == "POST"
        limit = (
            self.config.max_upload_bytes + MULTIPART_SLACK if upload else self.config.max_json_bytes
        )
        replay: list[Message] = []
        try:
            length = request.headers.get("content-length", "").strip()
            if length and not length.isdigit():
                raise HTTPException(400, "Content-Length is not a number")
            if upload:
                replay = await self._authorise(request, receive)
            if length and int(length) > limit:
                raise HTTPException(413, _too_large(upload, self.config, limit))
        except HTTPException as exc:
            response = self.error(request, exc.status_code, str(exc.detail))
            for key, value in (exc.headers or {}).items():
                response.headers[key] = value
            await response(scope, receive, send)
            return
        await self.app(scope, _Counted(receive, replay, limit, upload, self.config), send)

    async def _authorise(self, request: Request, receive: Receive) -> list[Message]:
        """Authorise a write before its body; returns the messages read to find a token."""
        given = bearer_token(request)
        content_type = request.headers.get("content-type", "")
        form = request.url.path == "/imports" and "multipart" in content_type
        if given is not None or self.config.token is None or not form:
            authorise_write(request, given)
            return []
        read, found = await _peek_token(receive, content_type)
        authorise_write(request, found)
        return read


def _too_large(upload: bool, config: WebConfig, limit: int) -> str:
    if upload:
        return (
            f"the file is larger than this server's upload limit of "
            f"{config.max_upload_bytes:,} bytes; import it with `fairprint import` instead"
        )
    return f"request body larger than this server's limit of {limit:,} bytes"


async def _peek_token(receive: Receive, content_type: str) -> tuple[list[Message], str | None]:
    """Read the start of a form until its ``token`` field (or the file) is seen."""
    boundary = content_type.partition("boundary=")[2].split(";")[0].strip().strip('"')
    read: list[Message] = []
    buffered = b""
    while len(buffered) <= FORM_PEEK_BYTES:
        message = await _next(receive)
        read.append(message)
        buffered += message.get("body", b"")
        names = [(m.group(1), m.end()) for m in _PART.finditer(buffered)]
        for name, end in names:
            if name == b"token":
                start = buffered.find(b"\r\n\r\n", end)
                stop = buffered.find(b"\r\n--" + boundary.encode(), start)
                if start >= 0 and stop >= 0:
                    return read, buffered[start + 4 : stop].decode("utf-8", "replace")
                break
            if name == b"file":
                return read, None
        if not message.get("more_body", False):
            break
    return read, None


async def _next(receive: Receive) -> Message:
    try:
        message = await asyncio.wait_for(receive(), BODY_TIMEOUT_S)
    except TimeoutError:
        raise HTTPException(408, f"no request data for {BODY_TIMEOUT_S:.0f} s") from None
    if message["type"] == "http.disconnect":
        raise HTTPException(400, "the client closed the connection mid-body")
    return message


class _Counted:
    """The request's ``receive``, replaying peeked messages and counting every byte."""

    def __init__(
        self, receive: Receive, replay: list[Message], limit: int, upload: bool, config: WebConfig
    ) -> None:
        self.receive = receive
        self.replay = list(replay)
        self.limit = limit
        self.upload = upload
        self.config = config
        self.size = 0
        self.done = bool(replay) and not replay[-1].get("more_body", False)

    async def __call__(self) -> Message:
        if self.replay:
            message = self.replay.pop(0)
        elif self.done:
            return await self.receive()  # disconnect notices after the body
        else:
            message = await _next(self.receive)
        if message["type"] == "http.request":
            self.size += len(message.get("body", b""))
            if self.size > self.limit:
                raise HTTPException(413, _too_large(self.upload, self.config, self.limit))
            if not message.get("more_body", False):
                self.done = True
        return message
